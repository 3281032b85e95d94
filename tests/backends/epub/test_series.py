"""A book of a split is one of a series: EPUB 3 collection metadata and calibre's."""

from __future__ import annotations

import pytest

import paper2book
from paper2book.cli.epubcheck import epubcheck
from paper2book.config.options import RenderOptions, Series

from helpers.epub import Package, two_paper_book
from helpers.seed import seed_book


@pytest.fixture(scope="module")
def shelved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("series")
    return {
        "issue": paper2book.write(seed_book(), "epub", folder / "issue.epub",
                                  RenderOptions(series=Series("九江日报", 20251203))),
        "month": paper2book.write(two_paper_book(), "epub", folder / "month.epub",
                                  RenderOptions(series=Series("九江日报·周末版", 202512))),
        "none": paper2book.write(seed_book(), "epub", folder / "none.epub"),
    }


def test_the_series_and_the_place_in_it(shelved):
    pkg = Package(shelved["issue"])
    (collection,) = pkg.x(pkg.opf, "//opf:metadata/opf:meta[@property='belongs-to-collection']")
    assert collection.text == "九江日报" and collection.get("id") == "series"
    refines = {m.get("property"): m.text
               for m in pkg.x(pkg.opf, "//opf:metadata/opf:meta[@refines='#series']")}
    assert refines == {"collection-type": "series", "group-position": "20251203"}
    calibre = {m.get("name"): m.get("content")
               for m in pkg.x(pkg.opf, "//opf:metadata/opf:meta[@name]")}
    assert calibre["calibre:series"] == "九江日报" and calibre["calibre:series_index"] == "20251203"


def test_a_book_of_no_series_says_none(shelved):
    pkg = Package(shelved["none"])
    assert pkg.meta("belongs-to-collection") == []
    assert not pkg.x(pkg.opf, "//opf:metadata/opf:meta[starts-with(@name, 'calibre:')]")


@pytest.mark.slow
@pytest.mark.external("epubcheck")
@pytest.mark.parametrize("name", ["issue", "month"])
def test_epubcheck_reports_nothing(shelved, name):
    report = epubcheck(shelved[name])
    assert report.clean, "\n".join(report.messages)
