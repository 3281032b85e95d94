"""What the site knows of each issue, as the OPDS catalogue lists it (site/opds.py).

This file holds only the record; the catalogue writer lives beside it in the
OPDS part of the site (branch ``opds``), which replaces this file with its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueRecord:
    paper: str                          # display name of the paper, e.g. 九江日报
    date: datetime.date
    title: str                          # e.g. 九江日报 2025年12月3日
    lead_headlines: tuple[str, ...]     # the first few headlines of the issue (头版 first)
    page: str                           # the issue's HTML page, relative to the site root (POSIX)
    epub: str | None                    # relative path of the issue's EPUB inside the site, or None
    pdf: str | None
    series: str                         # the paper's series name (as in --split EPUBs)
