"""Slips in -o: another format's extension is refused (exit 2) unless --force-name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paper2book.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", str(SEED), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("flag, name, theirs", [
    ("--pdf", "x.epub", "EPUB"),
    ("--json", "x.EPUB", "EPUB"),
    ("--epub", "book.json", "JSON"),
    ("--html", "x.pdf", "PDF"),
])
def test_another_formats_extension_is_a_usage_error_naming_both(tmp_path, flag, name, theirs):
    r = run(flag, "-o", name, cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()[-1]
    ours = flag[2:].upper()
    assert f"-o {name}" in err and theirs in err and ours in err and "--force-name" in err, err
    assert list(tmp_path.iterdir()) == []


def test_force_name_keeps_the_name(tmp_path):
    r = run("--json", "-o", "model.epub", "--force-name", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "model.epub").read_text(encoding="utf-8").startswith("{")


def test_a_name_no_format_owns_is_kept(tmp_path):
    r = run("--json", "-o", "model.data", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["model.data"]


def test_several_formats_take_a_stem_with_one_of_their_extensions(tmp_path):
    r = run("--epub", "--json", "-o", "x.epub", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.epub", "x.json"]


def test_several_formats_keep_a_dotted_stem(tmp_path):
    r = run("--epub", "--json", "-o", "九江日报.2025.12", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["九江日报.2025.12.epub",
                                                          "九江日报.2025.12.json"]


def test_several_formats_refuse_the_extension_of_one_not_asked_for(tmp_path):
    r = run("--epub", "--json", "-o", "x.pdf", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()[-1]
    assert "-o x.pdf" in err and "PDF" in err and "EPUB, JSON" in err
    assert list(tmp_path.iterdir()) == []


def test_a_backend_with_no_fixed_extension_takes_any_name(tmp_path, monkeypatch):
    from paper2book import registry
    from paper2book.backends.json_backend import JsonBackend

    class AnyName(JsonBackend):
        extension = ""

    real = registry.get
    monkeypatch.setattr(registry, "get", lambda name: AnyName() if name == "json" else real(name))
    out = tmp_path / "model.epub"
    assert main([str(SEED), "--json", "-o", str(out), "-q"]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")
