"""--validate checks what can be checked and says which checker ran."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paper2book.cli import epubcheck, main, pdfua

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", str(SEED), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("formats", [["--json"], ["--html", "--json"]])
def test_nothing_to_check_is_a_usage_error(tmp_path, formats):
    r = run(*formats, "--validate", "-o", "out", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()[-1]
    assert "--validate" in err and "EPUBCheck" in err and "pdfua" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(pdfua.available() is not None, reason="pdfua is not installed")
def test_pdf_is_checked_with_pdfua(tmp_path):
    r = run("--pdf", "--validate", "-o", "x.pdf", cwd=tmp_path)
    verdicts = [ln for ln in r.stderr.splitlines() if ln.startswith("pdfua")]
    assert len(verdicts) == 1 and verdicts[0].startswith("pdfua (PDF/UA-1 subset): x.pdf: ")
    # Whatever the PDF's state, the run agrees with pdfua itself: errors fail it.
    report = pdfua.pdfua(tmp_path / "x.pdf")
    passed = report.fatals == report.errors == 0
    assert r.returncode == (0 if passed else 1), r.stderr
    assert f"({report.fatals} fatal, {report.errors} errors, {report.warnings} warnings)" \
        in verdicts[0]
    assert r.stderr.splitlines()[-1].startswith("paper2book: wrote x.pdf (")


@pytest.mark.skipif(epubcheck.available() is not None, reason="EPUBCheck cannot run here")
def test_epub_and_pdf_each_get_their_checker(tmp_path):
    r = run("--epub", "--pdf", "--validate", "-o", "x", cwd=tmp_path)
    lines = r.stderr.splitlines()
    assert "EPUBCheck: x.epub: valid (0 fatal, 0 errors, 0 warnings)" in lines
    if pdfua.available() is None:
        assert any(ln.startswith("pdfua (PDF/UA-1 subset): x.pdf: ") for ln in lines)


def test_a_checker_that_is_not_installed_is_a_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdfua, "_command", lambda: None)
    out = tmp_path / "x.pdf"
    assert main([str(SEED), "--pdf", "--validate", "-o", str(out)]) == 0
    assert out.is_file()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == ("paper2book: warning: --validate: pdfua (PDF/UA-1 subset) cannot run: "
                        f"pdfua is not installed (pip install 'paper2book[validate]'); {out} not checked")
    assert lines[1].startswith(f"paper2book: wrote {out} (") and len(lines) == 2
