"""A generated archive of two months of a real daily's issues, built into a site once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from paper2book.api import read
from paper2book.backends._shared import prepare
from paper2book.config.options import RenderOptions
from paper2book.site import layout
from paper2book.site.terms import fields, fold, query_terms

from helpers.archive import make_archive
from helpers.cli import run_cli

MONTHS = [(2025, 12), (2026, 1)]


@dataclass(frozen=True)
class Doc:
    date: dt.date
    paper: str
    url: str                 # page#anchor, relative to the site root
    fields: tuple[str, ...]  # folded


@dataclass
class Built:
    dumps: Path
    site: Path
    docs: list[Doc]          # newest issue first, an issue's articles in order

    def brute(self, query: str) -> list[str]:
        """The articles holding every term inside one field: the search's definition."""
        terms = query_terms(query)
        if not terms:
            return []
        return [d.url for d in self.docs if all(any(t in f for f in d.fields) for t in terms)]


def docs_of(dumps: Path) -> list[Doc]:
    book = prepare(read([str(dumps)]), RenderOptions())
    out = []
    for issue in sorted(book.issues, key=lambda i: (-i.date.toordinal(), i.newspaper)):
        anchors = layout.anchors([p.number for p in issue.pages], [len(p.articles) for p in issue.pages])
        page = layout.issue_page(issue.newspaper, issue.date)
        for p, ids in zip(issue.pages, anchors, strict=True):
            for a, aid in zip(p.articles, ids, strict=True):
                out.append(Doc(issue.date, issue.newspaper, f"{page}#{aid}",
                               tuple(fold(f) for f in fields(a))))
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("site")
    make_archive(root / "dumps", months=MONTHS, issues_per_month=4, daily=True)
    r = run_cli(str(root / "dumps"), "--site", str(root / "site"), "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return Built(root / "dumps", root / "site", docs_of(root / "dumps"))
