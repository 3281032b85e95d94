"""The line a run ends with: files and sizes, PDF pages, issues / 版面 / articles, seconds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from paper2book.cli import summary

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"

LINE = re.compile(r"^paper2book: wrote (?P<files>.+): (?P<counts>\d+ issues?, \d+ 版面, "
                  r"\d+ articles?) in (?P<seconds>\d+\.\d) s$")


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=300)


def test_summary_names_each_file_with_size_pages_counts_and_time(tmp_path):
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = run("issue.txt", "--epub", "--pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    m = LINE.match(lines[0])
    assert m, lines[0]
    epub, pdf = tmp_path / "issue.epub", tmp_path / "issue.pdf"
    pages = len(PdfReader(pdf).pages)
    assert m["files"] == (f"issue.epub ({summary.size_label(epub.stat().st_size)}), "
                          f"issue.pdf ({summary.size_label(pdf.stat().st_size)}, {pages} pages)")
    assert m["counts"] == "1 issue, 1 版面, 1 article"
    assert 0 < float(m["seconds"]) < 120


def test_summary_counts_issues_and_articles_of_several_inputs(tmp_path):
    seed = SEED.read_bytes()
    (tmp_path / "a.txt").write_bytes(seed)
    (tmp_path / "b.txt").write_bytes(seed.replace(b"12-03", b"12-04"))
    r = run("a.txt", "b.txt", "--json", "-o", "both.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    line = r.stderr.decode().strip()
    assert LINE.match(line), line
    assert "wrote both.json (" in line and ": 2 issues, 2 版面, 2 articles in " in line


def test_summary_of_standard_output(tmp_path):
    r = run("-", "--json", "-o", "-", cwd=tmp_path, stdin=SEED.read_bytes())
    assert r.returncode == 0
    assert r.stderr.decode().strip().startswith(
        f"paper2book: wrote <stdout> ({summary.size_label(len(r.stdout))}): 1 issue")


def test_quiet_prints_nothing(tmp_path):
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = run("issue.txt", "--epub", "--json", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == b""
    assert (tmp_path / "issue.epub").is_file() and (tmp_path / "issue.json").is_file()


def test_a_failed_run_has_no_summary(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    r = run("bad.txt", "--json", cwd=tmp_path)
    assert r.returncode == 1 and "wrote" not in r.stderr.decode()


def test_job_line_for_a_split_run():
    counts = summary.Counts(issues=30, sections=240, articles=1440) + summary.Counts(6, 48, 288)
    line = summary.job_line(written=12, up_to_date=23, failed=1, counts=counts, pages=1135,
                            seconds=58.24)
    assert line == ("paper2book: 12 books written, 23 up to date, 1 failed: 36 issues, 288 版面, "
                    "1,728 articles, 1,135 pages in 58.2 s")
    assert summary.job_line(written=1, up_to_date=0, failed=0, counts=summary.Counts(1, 1, 1),
                            pages=None, seconds=125) == (
        "paper2book: 1 book written, 0 up to date, 0 failed: 1 issue, 1 版面, 1 article "
        "in 2 min 5 s")


def test_sizes_for_a_person():
    assert [summary.size_label(n) for n in (812, 4300, 174_000, 1_363_149, 3 * 2**30)] == [
        "812 B", "4.2 KB", "170 KB", "1.3 MB", "3.0 GB"]
