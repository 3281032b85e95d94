"""The catalogue's shape: a root feed of papers, per paper its years, per year its months,
per month an acquisition feed of its issues; every feed cut into pages of ``page_size``.

Feeds are named by "stems", paths relative to the site root without their extension:
the OPDS 1.2 feed is ``stem + ".xml"``, its OPDS 2.0 twin ``stem + ".json"``.  A paper's
folder is named by an ASCII slug with a hash of its name, so a paper's display name (any
text a dump carries) never becomes a path.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from ...model import month_label
from ..records import IssueRecord

ROOT = "opds"                 # OUT/opds.xml, OUT/opds.json
FOLDER = "opds"               # every other feed and the covers live under OUT/opds/
PAGE_SIZE = 50
IMAGE_SIZE = (600, 800)       # a cover for a reader app's detail view (rel=".../image")
THUMBNAIL_SIZE = (300, 400)   # and for its lists (rel=".../image/thumbnail"): half the image
_ID_SPACE = uuid.UUID("5d0e9a55-3c51-4c8e-9a8e-6b0f4f1e2c7a")


@dataclass(frozen=True)
class Nav:
    """A navigation entry: a link to another feed."""

    title: str
    stem: str                 # the first page of the feed it leads to
    summary: str
    updated: datetime.date
    acquisition: bool         # the feed it leads to lists issues


@dataclass
class Feed:
    stem: str
    base: str                 # the stem of page 1 (its identity: the same on every page)
    title: str
    kind: str                 # "navigation" or "acquisition"
    updated: datetime.date
    up: str | None            # the stem of the feed above, None for the root
    entries: list = field(default_factory=list)     # Nav or IssueRecord
    page: int = 1
    pages: int = 1
    total: int = 0
    subtitle: str = ""
    page_size: int = PAGE_SIZE

    def page_stem(self, n: int) -> str:
        return page_stem(self.base, n)


def page_stem(base: str, n: int) -> str:
    if n == 1:
        return base
    if base == ROOT:
        return f"{FOLDER}/index-p{n}"
    return f"{base}-p{n}"


def slug(paper: str) -> str:
    """``paper``'s folder name: its ASCII letters and digits, then a hash of the whole name."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", paper.lower()).strip("-")[:32].strip("-")
    digest = hashlib.sha256(paper.encode("utf-8")).hexdigest()[:10]
    return f"{ascii_part}-{digest}" if ascii_part else f"p-{digest}"


def paper_stem(paper: str) -> str:
    return f"{FOLDER}/{slug(paper)}/index"


def year_stem(paper: str, year: int) -> str:
    return f"{FOLDER}/{slug(paper)}/{year:04d}"


def month_stem(paper: str, year: int, month: int) -> str:
    return f"{FOLDER}/{slug(paper)}/{year:04d}-{month:02d}"


def href(from_stem_file: str, target: str) -> str:
    """``target`` (a path from the site root) relative to the file ``from_stem_file``, as a URL.
    Both are clean paths inside the site, so the path is worked out from their parts alone
    (posixpath.relpath asks the operating system for the working folder twice a link)."""
    start = [p for p in posixpath.dirname(from_stem_file).split("/") if p not in ("", ".")]
    parts = [p for p in target.split("/") if p not in ("", ".")]
    n = 0
    while n < len(start) and n < len(parts) and start[n] == parts[n]:
        n += 1
    rel = "/".join([".."] * (len(start) - n) + parts[n:]) or "."
    return quote(rel, safe="/-._~")


def urn(*parts: str) -> str:
    """A stable id for a feed or an issue, the same on every build."""
    return f"urn:uuid:{uuid.uuid5(_ID_SPACE, chr(0).join(parts))}"


def stamp(d: datetime.date) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def _span(dates: Sequence[datetime.date]) -> str:
    first, last = min(dates), max(dates)
    if (first.year, first.month) == (last.year, last.month):
        return month_label(first.year, first.month)
    return f"{month_label(first.year, first.month)}—{month_label(last.year, last.month)}"


def build(records: Sequence[IssueRecord], site_title: str, page_size: int = PAGE_SIZE) -> list[Feed]:
    """Every page of every feed, the root first.  Newest first throughout: years, months, issues."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    by_paper: dict[str, list[IssueRecord]] = defaultdict(list)
    for r in records:
        by_paper[r.paper].append(r)
    feeds: list[Feed] = []
    papers: list[Nav] = []
    for paper in sorted(by_paper):
        issues = by_paper[paper]
        dates = [r.date for r in issues]
        papers.append(Nav(paper, paper_stem(paper), f"{len(issues)}期 · {_span(dates)}", max(dates), False))
        feeds.extend(_paper_feeds(paper, issues, page_size))
    root = Feed(ROOT, ROOT, site_title, "navigation",
                max((n.updated for n in papers), default=datetime.date(1970, 1, 1)), None, papers)
    if not records:
        root.subtitle = "目录为空：网站里还没有任何一期"
    elif not any(r.epub for r in records):
        # Said in the catalogue itself: a reader app shows the subtitle under the title.
        root.subtitle = "此次未生成 EPUB：目录只列出已有的文件（各期网页" + (
            "与 PDF）" if any(r.pdf for r in records) else "）")
    return _paginate(root, page_size) + feeds


def _paper_feeds(paper: str, issues: list[IssueRecord], page_size: int) -> list[Feed]:
    by_year: dict[int, list[IssueRecord]] = defaultdict(list)
    for r in issues:
        by_year[r.date.year].append(r)
    feeds: list[Feed] = []
    years: list[Nav] = []
    top = paper_stem(paper)
    for year in sorted(by_year, reverse=True):
        in_year = by_year[year]
        by_month: dict[int, list[IssueRecord]] = defaultdict(list)
        for r in in_year:
            by_month[r.date.month].append(r)
        months: list[Nav] = []
        ystem = year_stem(paper, year)
        for month in sorted(by_month, reverse=True):
            in_month = sorted(by_month[month], key=lambda r: (r.date, r.title), reverse=True)
            mstem = month_stem(paper, year, month)
            title = f"{paper} {month_label(year, month)}"
            newest = in_month[0].date
            months.append(Nav(month_label(year, month), mstem, f"{len(in_month)}期", newest, True))
            feeds += _paginate(Feed(mstem, mstem, title, "acquisition", newest, ystem, in_month), page_size)
        latest = max(r.date for r in in_year)
        years.append(Nav(f"{year}年", ystem, f"{len(in_year)}期 · {len(months)}个月", latest, False))
        feeds += _paginate(Feed(ystem, ystem, f"{paper} {year}年", "navigation", latest, top, months),
                           page_size)
    head = Feed(top, top, paper, "navigation", max(r.date for r in issues), ROOT, years)
    return _paginate(head, page_size) + feeds


def _paginate(feed: Feed, page_size: int) -> list[Feed]:
    entries = feed.entries
    pages = max(1, -(-len(entries) // page_size))
    out = []
    for n in range(1, pages + 1):
        chunk = entries[(n - 1) * page_size:n * page_size]
        out.append(Feed(feed.page_stem(n), feed.base, feed.title, feed.kind, feed.updated, feed.up,
                        chunk, n, pages, len(entries), feed.subtitle, page_size))
    return out
