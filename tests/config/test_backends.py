"""``backends: {NAME: {...}}``: each backend's own settings, handed to it by name."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from paper2book import config
from paper2book.errors import ConfigError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def test_settings_reach_the_options(tmp_path):
    p = tmp_path / "paper2book.yaml"
    p.write_text("backends:\n  pdf:\n    level: 3\n    names: [a, b]\n", encoding="utf-8")
    opts = config.options_from(config.load(p), {})
    assert opts.settings_for("pdf") == {"level": 3, "names": ["a", "b"]}
    assert opts.settings_for("epub") == {}
    opts.settings_for("pdf")["level"] = 4                  # a copy: a backend cannot change another's
    assert opts.settings_for("pdf")["level"] == 3


@pytest.mark.allow_warnings
def test_unknown_backend_name_is_warned_and_dropped(caplog):
    checked = config.validate({"backends": {"pfd": {"x": 1}, "pdf": {"x": 2}}}, "c.yaml")
    assert checked == {"backends": {"pdf": {"x": 2}}}
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == [("c.yaml: unknown backend 'pfd' in 'backends' (did you mean 'pdf'?); ignored "
                       "(available: epub, html, json, pdf)")]


def test_unknown_backend_name_is_warned_from_the_cli(tmp_path):
    (tmp_path / "paper2book.yaml").write_text("backends:\n  txt:\n    prefix: x\n", encoding="utf-8")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = subprocess.run([sys.executable, "-m", "paper2book", "issue.txt", "--json"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    line = [ln for ln in r.stderr.splitlines() if "'txt'" in ln]
    assert line and "warning" in line[0] and "paper2book.yaml" in line[0]
    assert (tmp_path / "issue.json").is_file()


@pytest.mark.parametrize("bad, where", [
    ({"backends": [1]}, "backends: expected a mapping of backend names"),
    ({"backends": {"pdf": 3}}, "backends.pdf: expected a mapping"),
])
def test_backends_must_be_a_mapping_of_mappings(bad, where):
    with pytest.raises(ConfigError, match=where):
        config.validate(bad, "c.yaml")
