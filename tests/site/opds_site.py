"""A small site folder for the catalogue and ``serve`` tests: a few issues over two months of
one paper, read from generated dumps, each with a real EPUB made with the project's API,
issue pages standing in for the site's own (the site build is tested elsewhere)."""

from __future__ import annotations

import datetime
from pathlib import Path

from paper2book import api
from paper2book.site.records import IssueRecord
from tests.helpers.archive import make_archive

PAPER = "九江日报"
MONTHS = ((2025, 11), (2025, 12))
PER_MONTH = 3

def build_site(root: Path, dumps: Path, *, epub: bool = True, pdf_for: tuple[datetime.date, ...] = ()
               ) -> list[IssueRecord]:
    """Make the site's files (issue pages, EPUBs, a stand-in PDF) and return the records."""
    paths = make_archive(dumps, months=MONTHS, issues_per_month=PER_MONTH)
    records = []
    for path in paths:
        book = api.read(path)
        (issue,) = book.issues
        d = issue.date
        stem = f"{d.year:04d}/{d.month:02d}/{d.isoformat()}"
        page = f"issues/{stem}.html"
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text(f"<!doctype html><title>{issue.newspaper} {d}</title>\n", "utf-8")
        epub_rel = None
        if epub:
            epub_rel = f"books/{stem}.epub"
            (root / epub_rel).parent.mkdir(parents=True, exist_ok=True)
            api.write(book, "epub", root / epub_rel)
        pdf_rel = None
        if d in pdf_for:
            pdf_rel = f"books/{stem}.pdf"
            (root / pdf_rel).write_bytes(b"%PDF-1.7\n%stand-in\n")
        heads = tuple(a.title for a in issue.articles[:3])
        records.append(IssueRecord(
            paper=issue.newspaper, date=d, title=f"{issue.newspaper} {issue.date_label}",
            lead_headlines=heads, page=page, epub=epub_rel, pdf=pdf_rel, series=issue.newspaper))
    return records
