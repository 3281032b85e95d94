"""paper2book ARCHIVE --site OUT/: what a run writes, what a second run and a changed, added
or deleted day write again, what it refuses."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from paper2book.site.search import search

from helpers.archive import make_archive
from helpers.cli import run_cli

pytestmark = pytest.mark.slow
PAPER = "九江日报"


def snapshot(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns
            for p in site.rglob("*") if p.is_file() and p.name != ".paper2book-manifest.json"}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {k for k in after if before.get(k) != after[k]} | (before.keys() - after.keys())


@pytest.fixture
def archive(tmp_path):
    paths = make_archive(tmp_path / "dumps", months=[(2025, 12), (2026, 1)], issues_per_month=3)
    return tmp_path, paths


def site_run(tmp_path: Path, *extra: str):
    return run_cli(str(tmp_path / "dumps"), "--site", str(tmp_path / "site"), "--jobs", "1", *extra)


def test_second_identical_run_writes_nothing(archive):
    tmp_path, _ = archive
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "6 issues" in r.stderr and "2 months made" in r.stderr
    site = tmp_path / "site"
    for name in ("index.html", "search.html", f"{PAPER}/2025/index.html", f"{PAPER}/2026/index.html",
                 f"{PAPER}/2025/12-01.html", "_p2b/index/meta.js", "_p2b/search.js"):
        assert (site / name).is_file(), name
    assert not (site / "books").exists()           # --site alone makes no books
    before = snapshot(site)
    manifest = (site / ".paper2book-manifest.json").stat().st_mtime_ns
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "0 files written, 0 removed, 0 months made, 2 up to date" in r.stderr
    assert snapshot(site) == before
    assert (site / ".paper2book-manifest.json").stat().st_mtime_ns == manifest


def test_a_changed_day_rewrites_its_page_and_its_months_index_only(archive):
    tmp_path, paths = archive
    site_run(tmp_path)
    site = tmp_path / "site"
    before = snapshot(site)
    day = next(p for p in paths if p.name.endswith("2025-12-02.txt"))
    text = day.read_text(encoding="utf-8")
    body = next(line for line in text.splitlines() if line.startswith("  ") and len(line) > 40)
    day.write_text(text.replace(body, body + "<b>台风过境</b>", 1), encoding="utf-8")
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "1 months made, 1 up to date" in r.stderr
    diff = changed(before, snapshot(site))
    page = f"{PAPER}/2025/12-02.html"
    assert page in diff
    december = "_p2b/index/" + next(p.name for p in (site / "_p2b/index").iterdir()
                                    if p.name.endswith("2025-12"))
    shard = re.compile(r"_p2b/index/b2025-\d+\.js")  # 2025's bigram shards (shards.py) …
    assert all(f == page or f.startswith(december + "/") or f == "_p2b/index/meta.js"
               or shard.fullmatch(f) for f in diff), diff
    assert any(shard.fullmatch(f) for f in diff)
    # … and 2026's untouched: a set per year, so one day rewrites its own year's only.
    assert sorted(f for f in before if f.startswith("_p2b/index/b2026-")) == ["_p2b/index/b2026-0.js"]
    assert "&lt;b&gt;台风过境&lt;/b&gt;" in (site / page).read_text(encoding="utf-8")
    hits = search(site, "台风过境")
    assert [h.url.split("?")[0] for h in hits] == [page]


@pytest.mark.parametrize("edited", [False, True])
def test_a_changed_day_made_again_alone_gives_what_a_fresh_build_gives(archive, edited):
    """The month of a changed day re-reads only that day and takes its other issues'
    entries from its last text files (plan.py, month.py): the same bytes as a whole make;
    text files edited since are not trusted (the month is read whole)."""
    tmp_path, paths = archive
    site_run(tmp_path)
    if edited:
        texts = next((tmp_path / "site/_p2b/index").glob("*-2025-12")) / "t0.js"
        data = texts.read_text(encoding="utf-8")
        assert "本报" in data
        texts.write_text(data.replace("本报", "本扳"), encoding="utf-8")
    day = next(p for p in paths if p.name.endswith("2025-12-02.txt"))
    text = day.read_text(encoding="utf-8")
    day.write_text(text.replace("。", "，台风过境。", 1), encoding="utf-8")
    assert site_run(tmp_path).returncode == 0
    fresh = run_cli(str(tmp_path / "dumps"), "--site", str(tmp_path / "fresh"), "--jobs", "1")
    assert fresh.returncode == 0, fresh.stderr
    site, other = tmp_path / "site", tmp_path / "fresh"
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert names == {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    differ = [n for n in sorted(names) if (site / n).read_bytes() != (other / n).read_bytes()]
    assert differ in ([], [".paper2book-manifest.json"]), differ
    assert [h.url.split("?")[0] for h in search(site, "台风过境")] == [f"{PAPER}/2025/12-02.html"]


def test_a_deleted_and_an_added_day(archive):
    tmp_path, paths = archive
    site_run(tmp_path)
    site = tmp_path / "site"
    before = snapshot(site)
    day = next(p for p in paths if p.name.endswith("2025-12-02.txt"))
    saved = day.read_bytes()
    assert any(h.date.isoformat() == "2025-12-02" for h in search(site, "本报"))
    day.unlink()
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    after = snapshot(site)
    diff = changed(before, after)
    assert f"{PAPER}/2025/12-02.html" not in after
    assert {f"{PAPER}/2025/12-01.html", f"{PAPER}/2025/12-03.html", f"{PAPER}/2025/index.html",
            "index.html"} <= diff
    assert not any(f.startswith(f"{PAPER}/2026/") for f in diff)
    assert "12-02.html" not in (site / f"{PAPER}/2025/12-01.html").read_text(encoding="utf-8")
    assert all(h.date.isoformat() != "2025-12-02" for h in search(site, "本报"))
    day.write_bytes(saved)
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(site).keys() == before.keys()
    assert 'href="12-02.html"' in (site / f"{PAPER}/2025/12-01.html").read_text(encoding="utf-8")


def test_a_deleted_month_leaves_the_site(archive):
    tmp_path, paths = archive
    site_run(tmp_path)
    site = tmp_path / "site"
    for p in paths:
        if "2026-01" in p.name:
            p.unlink()
    r = site_run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (site / PAPER / "2026").exists()
    assert [p.name[-7:] for p in (site / "_p2b/index").iterdir() if p.is_dir()] == ["2025-12"]
    assert "2026" not in (site / "index.html").read_text(encoding="utf-8").split("<main", 1)[1]


def test_books_with_epub_are_linked_and_leave_with_their_dump(archive):
    tmp_path, paths = archive
    r = site_run(tmp_path, "--epub")
    assert r.returncode == 0, r.stderr
    site = tmp_path / "site"
    book = site / "books" / f"{PAPER}-2025-12-02.epub"
    assert book.is_file() and "6 books written" in r.stderr
    page = (site / f"{PAPER}/2025/12-02.html").read_text(encoding="utf-8")
    assert 'href="../../books/%E4%B9%9D%E6%B1%9F%E6%97%A5%E6%8A%A5-2025-12-02.epub"' in page
    next(p for p in paths if p.name.endswith("2025-12-02.txt")).unlink()
    r = site_run(tmp_path, "--epub")
    assert r.returncode == 0, r.stderr
    assert not book.exists() and (site / "books" / f"{PAPER}-2025-12-03.epub").is_file()


def test_a_link_in_the_site_folder_is_not_followed(archive, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "site").mkdir()
    os.symlink(elsewhere, tmp_path / "site" / PAPER)
    r = site_run(tmp_path)
    assert r.returncode == 1
    assert PAPER in r.stderr and "not a folder" in r.stderr and "Traceback" not in r.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("extra, message", [
    (("--split", "issue"), "--split"), (("-o", "x"), "-o"), (("--html",), "html"),
])
def test_usage_errors(archive, extra, message):
    tmp_path, _ = archive
    r = site_run(tmp_path, *extra)
    assert r.returncode == 2 and message in r.stderr
    assert not (tmp_path / "site").exists()


def test_standard_input_is_a_usage_error(tmp_path):
    r = run_cli("-", "--site", str(tmp_path / "site"))
    assert r.returncode == 2 and "standard input" in r.stderr


def test_editions_books_live_side_by_side_and_the_pages_link_this_runs(archive):
    tmp_path, paths = archive
    assert site_run(tmp_path, "--epub").returncode == 0
    r = site_run(tmp_path, "--epub", "--script", "tw")
    assert r.returncode == 0, r.stderr
    books = tmp_path / "site" / "books"
    plain, tw = books / f"{PAPER}-2025-12-02.epub", books / f"{PAPER}-2025-12-02.zh-TW.epub"
    assert plain.is_file() and tw.is_file()         # the first edition's books are kept
    page = (tmp_path / "site" / f"{PAPER}/2025/12-02.html").read_text(encoding="utf-8")
    assert "2025-12-02.zh-TW.epub" in page and "2025-12-02.epub" not in page
    next(p for p in paths if p.name.endswith("2025-12-02.txt")).unlink()
    assert site_run(tmp_path, "--epub", "--script", "tw").returncode == 0
    assert not plain.exists() and not tw.exists()   # a deleted dump's books, every edition's
    assert (books / f"{PAPER}-2025-12-03.epub").is_file()


def test_the_catalogue_is_made_again_when_a_feed_is_gone_or_a_headline_changes(archive):
    """A run whose catalogue would come out the same does not make it (its key and files are
    in the manifest); a feed deleted by hand, or a changed lead headline, makes it again."""
    from paper2book.api import read

    tmp_path, paths = archive
    site_run(tmp_path)
    site = tmp_path / "site"
    feed = next((site / "opds").glob("*/2025-12.xml"))
    feed.unlink()
    assert site_run(tmp_path).returncode == 0
    assert feed.is_file()
    day = next(p for p in paths if p.name.endswith("2025-12-02.txt"))
    head = read([str(day)]).issues[0].articles[0].title
    day.write_text(day.read_text(encoding="utf-8").replace(head, head + "再出发", 1), encoding="utf-8")
    assert site_run(tmp_path).returncode == 0
    assert head + "再出发" in feed.read_text(encoding="utf-8")
    assert head + "再出发" in next((site / "opds").glob("*/2025-12.json")).read_text(encoding="utf-8")
