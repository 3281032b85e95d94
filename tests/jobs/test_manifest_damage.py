"""Issue 22: the manifest is checked as a whole.  A damaged entry is one warning and what
it covers is made again; an edited scan is scanned again; --force rescans; two runs on
one folder take turns instead of losing each other's entries."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time

import pytest

from paper2book.jobs.manifest_check import scan_check

from helpers.archive import make_archive

MANIFEST = ".paper2book-manifest.json"
BOOKS = {"九江日报-2025-12-01.json", "九江日报-2025-12-02.json"}


@pytest.fixture
def job(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=2)

    def run(*extra: str):
        r = run_cli("dumps", "--split", "issue", "--json", "-o", "books", *extra, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr
        return r.stderr

    run()
    return run, tmp_path / "books"


def _edit(books, change) -> None:
    path = books / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _books(books) -> set[str]:
    return {p.name for p in books.iterdir() if not p.name.startswith(".")}


def _first_input(data):
    return next(iter(data["inputs"].values()))


@pytest.mark.allow_warnings
@pytest.mark.parametrize("change, written", [
    (lambda d: d.update(outputs="abc"), 2),
    (lambda d: d["outputs"].update({"九江日报-2025-12-01.json": 5}), 1),
    (lambda d: d.update(inputs="abc"), 0),
    (lambda d: _first_input(d).update(issues=[["九江日报", "not-a-date"]]), 0),
    (lambda d: _first_input(d).update(issues="abc"), 0),
    (lambda d: d["outputs"].update({"../escape.json": {"key": "0" * 32, "size": 1, "mtime_ns": 1}}), 0),
])
def test_a_damaged_entry_is_one_warning_and_made_again(job, change, written):
    run, books = job
    _edit(books, change)
    err = run()
    warnings = [x for x in err.splitlines() if x.startswith("paper2book: warning:")]
    assert len(warnings) == 1 and MANIFEST in warnings[0] and "made again" in warnings[0]
    assert err.splitlines()[-1].startswith(f"paper2book: {written} book")
    assert _books(books) == BOOKS
    # The manifest was written anew: the next run is quiet and makes nothing.
    again = run()
    assert again.startswith("paper2book: 0 books written, 2 up to date")


@pytest.mark.allow_warnings
def test_an_edited_scan_date_does_not_drop_the_issue(job):
    run, books = job
    _edit(books, lambda d: [e.update(issues=[["九江日报", "2030-01-01"]]) for e in d["inputs"].values()])
    err = run()
    assert "made again" in err
    assert _books(books) == BOOKS


def test_force_rescans_even_a_consistent_forged_scan(job):
    run, books = job

    def forge(data):
        for fingerprint, entry in data["inputs"].items():
            entry["issues"] = [["九江日报", "2030-01-01"]]
            entry["check"] = scan_check(fingerprint, entry["issues"], entry.get("mtime_date"))
    _edit(books, forge)
    run()
    assert "九江日报-2030-01-01.json" in _books(books)       # a forger who knows the check wins ...
    os.unlink(books / "九江日报-2030-01-01.json")
    run("--force")                                           # ... until --force reads the dumps again
    data = json.loads((books / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(d for e in data["inputs"].values() for _p, d in e["issues"]) == ["2025-12-01", "2025-12-02"]


def test_a_second_run_on_the_folder_waits_for_the_first(job, tmp_path):
    _run, books = job
    (books / "九江日报-2025-12-01.json").unlink()
    fd = os.open(books, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)                           # a first run, still making books
    try:
        proc = subprocess.Popen([sys.executable, "-m", "paper2book", "dumps", "--split", "issue",
                                 "--json", "-o", "books"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()
        assert "another paper2book run is making books here; waiting" in first
        time.sleep(0.5)
        assert proc.poll() is None and not (books / "九江日报-2025-12-01.json").exists()
    finally:
        os.close(fd)
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 0, rest
    assert rest.startswith("paper2book: 1 book written, 1 up to date")
    assert _books(books) == BOOKS
