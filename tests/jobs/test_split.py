"""``--split``: one book per paper and issue, month or year, named to sort, in a series."""

from __future__ import annotations

import json
import shutil

import pytest

from helpers.archive import make_archive
from helpers.epub import Package

MONTHS = [(2025, 12), (2026, 1)]


@pytest.fixture
def dumps(tmp_path):
    """Two months of two issues, searched as a user's folder would be: one file named in
    capitals, and a hidden folder whose dump must not count."""
    root = tmp_path / "dumps"
    paths = make_archive(root, months=MONTHS, issues_per_month=2)
    upper = paths[-1].with_suffix(".TXT")
    paths[-1].rename(upper)
    make_archive(tmp_path / "old", months=[(2025, 11)], issues_per_month=1)
    shutil.move(tmp_path / "old" / "九江日报", root / ".trash")
    return root


def shown(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def series(pkg: Package) -> tuple:
    calibre = {m.get("name"): m.get("content")
               for m in pkg.x(pkg.opf, "//opf:metadata/opf:meta[@name]")}
    return (pkg.meta("belongs-to-collection"), pkg.meta("collection-type"),
            pkg.meta("group-position"), calibre.get("calibre:series"),
            calibre.get("calibre:series_index"))


def test_one_book_per_issue(dumps, tmp_path, run_cli):
    r = run_cli(str(dumps), "--split", "issue", "--epub", "-o", "books")
    assert r.returncode == 0, r.stderr
    books = tmp_path / "books"
    days = ["2025-12-01", "2025-12-02", "2026-01-01", "2026-01-02"]
    assert sorted(p.name for p in books.iterdir()) == (
        [".paper2book-manifest.json"] + [f"九江日报-{d}.epub" for d in days])
    assert r.stderr.startswith("paper2book: 4 books written, 0 up to date, 0 failed: 4 issues, ")
    for day in days:
        pkg = Package(books / f"九江日报-{day}.epub")
        y, m, d = (int(x) for x in day.split("-"))
        assert pkg.dc("title") == [f"九江日报 {y}年{m}月{d}日"]
        position = day.replace("-", "")
        assert series(pkg) == (["九江日报"], ["series"], [position], "九江日报", position)


def test_one_book_per_month(dumps, tmp_path, run_cli):
    r = run_cli(str(dumps), "--split", "month", "--epub", "--json", "-o", "books")
    assert r.returncode == 0, r.stderr
    books = tmp_path / "books"
    assert shown(books) == [
        "九江日报-2025-12.epub", "九江日报-2025-12.json", "九江日报-2026-01.epub",
        "九江日报-2026-01.json"]
    assert r.stderr.startswith("paper2book: 4 books written, 0 up to date, 0 failed: 4 issues, ")
    for month, days in (("2025-12", ["2025-12-01", "2025-12-02"]),
                        ("2026-01", ["2026-01-01", "2026-01-02"])):
        model = json.loads((books / f"九江日报-{month}.json").read_text(encoding="utf-8"))
        assert [i["date"] for i in model["issues"]] == days
        y, m = month.split("-")
        assert model["title"] == f"九江日报 {y}年{int(m)}月合订本"
        pkg = Package(books / f"九江日报-{month}.epub")
        position = month.replace("-", "")
        assert series(pkg) == (["九江日报"], ["series"], [position], "九江日报", position)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_month_volumes_as_pdf(dumps, tmp_path, run_cli, jobs):
    """A month's PDF is a volume typeset in parts inside the job's worker (nested steps:
    their logs and errors reach the job's summary)."""
    r = run_cli(str(dumps), "--split", "month", "--pdf", "-o", "books", "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("paper2book: 2 books written, 0 up to date, 0 failed: 4 issues, ")
    pypdf = pytest.importorskip("pypdf")
    for month in ("2025-12", "2026-01"):
        reader = pypdf.PdfReader(tmp_path / "books" / f"九江日报-{month}.pdf")
        titles = [o.title for o in reader.outline if not isinstance(o, list)]
        assert titles[0] == "总目录" and len(titles) == 3


def test_one_book_per_paper_and_year(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=MONTHS, issues_per_month=1,
                 papers=("九江日报", "浔阳晚报"))
    r = run_cli("dumps", "--split", "year", "--json")
    assert r.returncode == 0, r.stderr
    # Without -o, into the folder given as input.
    assert shown(tmp_path / "dumps") == [
        "九江日报", "九江日报-2025.json", "九江日报-2026.json", "浔阳晚报", "浔阳晚报-2025.json",
        "浔阳晚报-2026.json"]
    model = json.loads((tmp_path / "dumps" / "浔阳晚报-2025.json").read_text(encoding="utf-8"))
    assert {i["newspaper"] for i in model["issues"]} == {"浔阳晚报"}


def test_a_title_template(dumps, tmp_path, run_cli):
    r = run_cli(str(dumps), "--split", "month", "--json", "-o", "books",
                "--title", "{paper}·{period}（{date}）")
    assert r.returncode == 0, r.stderr
    model = json.loads((tmp_path / "books" / "九江日报-2026-01.json").read_text(encoding="utf-8"))
    assert model["title"] == "九江日报·2026年1月（2026-01）"


@pytest.mark.parametrize("args, message", [
    (["--title", "合订本"], "would give every book of the split the same title"),
    (["-o", "file.txt"], "-o names a folder"),
    (["-o", "-"], "-o - (stdout) takes one book"),
    (["--jobs", "0"], "jobs must be 1 or more"),
    (["--scheduler", "127.0.0.1"], "write it as tcp://HOST:PORT"),
    (["--json", "--validate"], "--validate: no checker for JSON"),
    (["--to", "nope"], "unknown backend 'nope'"),
])
def test_slips_are_usage_errors(dumps, tmp_path, run_cli, args, message):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    r = run_cli(str(dumps), "--split", "month", *args)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert not (tmp_path / "books").exists()


def test_standard_input_and_force_without_split(run_cli):
    assert "not standard input" in run_cli("-", "--split", "issue").stderr
    r = run_cli("x.txt", "--force")
    assert r.returncode == 2 and "--force goes with --split" in r.stderr



def test_one_identifier_for_every_book_is_refused(dumps, tmp_path, run_cli):
    (tmp_path / "paper2book.yaml").write_text("identifier: urn:isbn:9787000000000\n", encoding="utf-8")
    r = run_cli(str(dumps), "--split", "month")
    assert r.returncode == 1 and "would be every book's of the split" in r.stderr
