"""A split's second run makes only what changed since the first, as the manifest says."""

from __future__ import annotations

import json
import os

import pytest

from helpers.archive import make_archive, mtimes

MANIFEST = ".paper2book-manifest.json"


@pytest.fixture
def job(tmp_path, run_cli):
    """The archive, and a function running ``--split month --epub --json`` over it."""
    paths = make_archive(tmp_path / "dumps", months=[(2025, 12), (2026, 1)], issues_per_month=3)

    def run(*extra: str, split: str = "month"):
        r = run_cli("dumps", "--split", split, "--epub", "--json", "-o", "books", *extra)
        assert r.returncode == 0, r.stderr
        return r.stderr

    return paths, run, tmp_path / "books"


def _edit(path) -> None:
    """Another word in the day's first headline block: other bytes, another book."""
    text = path.read_text(encoding="utf-8")
    head = text.split("\n")[5]
    path.write_text(text.replace(head, head + "（更正）", 1), encoding="utf-8")


def test_a_second_run_writes_nothing(job):
    _paths, run, books = job
    assert run().startswith("paper2book: 4 books written, 0 up to date")
    before = mtimes(books)
    assert set(before) == {MANIFEST, "九江日报-2025-12.epub", "九江日报-2025-12.json",
                           "九江日报-2026-01.epub", "九江日报-2026-01.json"}
    assert run().startswith("paper2book: 0 books written, 4 up to date, 0 failed: 0 issues, ")
    assert mtimes(books) == before


def test_a_changed_day_makes_its_month_again_and_nothing_else(job):
    paths, run, books = job
    run()
    before = mtimes(books)
    _edit(paths[-1])                                    # 2026-01-03
    assert run().startswith("paper2book: 2 books written, 2 up to date, 0 failed: 3 issues, ")
    after = mtimes(books)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {MANIFEST, "九江日报-2026-01.epub", "九江日报-2026-01.json"}
    assert "（更正）" in (books / "九江日报-2026-01.json").read_text(encoding="utf-8")


def test_a_changed_day_makes_its_issue_again(job):
    paths, run, books = job
    run(split="issue")
    before = mtimes(books)
    _edit(paths[1])                                     # 2025-12-02
    assert run(split="issue").startswith("paper2book: 2 books written, 10 up to date")
    after = mtimes(books)
    assert {n for n in after if after[n] != before[n]} == {
        MANIFEST, "九江日报-2025-12-02.epub", "九江日报-2025-12-02.json"}


def test_a_day_touched_but_unchanged_is_up_to_date(job):
    paths, run, books = job
    run()
    before = mtimes(books)
    os.utime(paths[0], ns=(0, paths[0].stat().st_mtime_ns + 10**9))
    assert "0 books written, 4 up to date" in run()
    assert mtimes(books) == before


def test_force_makes_every_book(job):
    _paths, run, books = job
    run()
    assert run("--force").startswith("paper2book: 4 books written, 0 up to date")


def test_a_removed_or_edited_output_is_made_again(job):
    _paths, run, books = job
    run()
    (books / "九江日报-2025-12.epub").unlink()
    (books / "九江日报-2026-01.json").write_text("{}", encoding="utf-8")
    assert run().startswith("paper2book: 2 books written, 2 up to date")


def test_other_options_make_every_book(job):
    _paths, run, books = job
    run()
    assert run("--keep-punctuation").startswith("paper2book: 4 books written, 0 up to date")
    assert "0 books written, 4 up to date" in run("--keep-punctuation")


def test_a_manifest_that_cannot_be_read_makes_every_book(job):
    _paths, run, books = job
    run()
    (books / MANIFEST).write_text("{not json", encoding="utf-8")
    err = run()
    assert "unreadable" in err and "4 books written" in err
    json.loads((books / MANIFEST).read_text(encoding="utf-8"))
