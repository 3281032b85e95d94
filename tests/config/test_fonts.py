"""An unknown font role is refused one way: from the config file, the CLI and the API, for every format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import paper2book
from paper2book import config
from paper2book.config.options import RenderOptions
from paper2book.errors import ConfigError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
REFUSAL = "unknown font role 'titles'; known roles: body, heads, captions"


@pytest.fixture(scope="module")
def book():
    return paper2book.read(SEED)


def test_config_file_refuses_it():
    with pytest.raises(ConfigError) as e:
        config.validate({"fonts": {"body": "LXGW WenKai", "titles": "Noto Sans CJK SC"}}, "c.yaml")
    assert str(e.value) == f"c.yaml: invalid config: fonts.titles: {REFUSAL}"


@pytest.mark.parametrize("fmt", ["pdf", "epub", "html"])
def test_cli_refuses_it(tmp_path, fmt):
    (tmp_path / "paper2book.yaml").write_text("fonts:\n  titles: Noto Sans CJK SC\n", encoding="utf-8")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = subprocess.run([sys.executable, "-m", "paper2book", "issue.txt", f"--{fmt}"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert r.stderr.strip().endswith(f"fonts.titles: {REFUSAL}"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.txt", "paper2book.yaml"]


@pytest.mark.parametrize("fmt", ["pdf", "epub", "html"])
def test_api_refuses_it(tmp_path, book, fmt):
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(ConfigError) as e:
        paper2book.write(book, fmt, target, RenderOptions(fonts={"titles": "Noto Sans CJK SC"}))
    assert str(e.value) == f"invalid RenderOptions: fonts: {REFUSAL}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "epub", "html"])
def test_api_refuses_a_bad_family_name(tmp_path, book, fmt):
    with pytest.raises(ConfigError, match="font family for 'captions' is not a font name"):
        paper2book.write(book, fmt, tmp_path / f"out.{fmt}", RenderOptions(fonts={"captions": "x;}{"}))
