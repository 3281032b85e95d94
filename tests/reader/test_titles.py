"""Issue 20: a book of at least 7 issues in one calendar month is titled as the month's
bound volume (as the --split month book is), of one year as the year's; a shorter book
or one over several years keeps its date range."""

from __future__ import annotations

import datetime as dt

import pytest

from paper2book.model import Issue
from paper2book.reader import book_title


def _issues(*dates: str, paper: str = "九江日报") -> list[Issue]:
    return [Issue(newspaper=paper, date=dt.date.fromisoformat(d), pages=()) for d in dates]


@pytest.mark.parametrize("dates, title", [
    ([f"2025-12-{d:02d}" for d in range(1, 8)], "九江日报 2025年12月合订本"),
    ([f"2025-12-{d:02d}" for d in range(1, 7)], "九江日报 2025年12月1日—12月6日"),
    ([f"2025-{m:02d}-01" for m in range(1, 13)], "九江日报 2025年合订本"),
    ([f"2025-12-{d:02d}" for d in range(25, 32)] + ["2026-01-01"], "九江日报 2025年12月25日—2026年1月1日"),
])
def test_book_titles(dates, title):
    assert book_title(_issues(*dates)) == title
