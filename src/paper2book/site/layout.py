"""Where everything lives in the site folder, and the links between pages.

    index.html                      start page: papers and years
    search.html                     search (?q=…&paper=…&year=…&p=…)
    <paper>/<YYYY>/index.html       a paper's year: 12 month calendars
    <paper>/<YYYY>/<MM>-<DD>.html   an issue: 版面 → articles
    books/<paper>-<YYYY-MM-DD>.epub the issue's books (--epub/--pdf), a --split issue job
    _p2b/                           style sheets and scripts
    _p2b/index/meta.js              the volumes of the search index
    _p2b/index/b<YYYY>-<k>.js       a year's bigram shards, all its months' (shards.py)
    _p2b/index/<volume>/…           a paper's month: its bigram parts, character shards and
                                    article texts (index.py)

A paper's folder is its name with what file systems refuse replaced
(jobs.groups.safe_name); a name starting with ``_`` or ``.``, or taken by the
site's own files, gets a ``~`` in front.  Volume ids are ASCII (a hash of the
paper and the month), since they go into script URLs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from urllib.parse import quote

from ..jobs.groups import safe_name

ASSETS = "_p2b"
INDEX = f"{ASSETS}/index"
META = f"{INDEX}/meta.js"
BOOKS = "books"
RESERVED = {"index.html", "search.html", "opds.xml", "opds.json", BOOKS, "opds", "covers"}


def paper_folder(paper: str) -> str:
    name = safe_name(paper)
    if name.startswith(("_", ".", "~")) or name.lower() in RESERVED:
        name = "~" + name
    return name


def year_page(paper: str, year: int) -> str:
    return f"{paper_folder(paper)}/{year:04d}/index.html"


def issue_page(paper: str, date: dt.date) -> str:
    return f"{paper_folder(paper)}/{date.year:04d}/{date.month:02d}-{date.day:02d}.html"


def volume_id(paper: str, year: int, month: int) -> str:
    digest = hashlib.sha1(paper.encode("utf-8")).hexdigest()[:8]
    return f"{digest}-{year:04d}-{month:02d}"


def href(path: str, base: str = "") -> str:
    """``path`` (relative to the site root) as a link from a page ``base`` levels deep
    (``base`` is the prefix back to the root, e.g. ``../../``)."""
    return base + quote(path, safe="/~-_.")


def link(page: str, path: str) -> str:
    """A link from ``page`` to ``path`` (both relative to the site root), as short as it goes."""
    return quote(posixpath.relpath(path, posixpath.dirname(page) or "."), safe="/~-_.")


def root_prefix(page: str) -> str:
    return "../" * page.count("/")


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9]")


def anchors(page_numbers: list[str], counts: list[int]) -> list[list[str]]:
    """A stable id per article: ``b03-2`` is the 2nd article of 第03版 (the 版面's printed
    number, so ids stay put when another 版面 comes or goes)."""
    seen: set[str] = set()
    out = []
    for k, (number, count) in enumerate(zip(page_numbers, counts, strict=True), 1):
        stem = "b" + (_ANCHOR_UNSAFE.sub("", number) or f"x{k}")
        while stem in seen:
            stem += f"x{k}"
        seen.add(stem)
        out.append([f"{stem}-{n}" for n in range(1, count + 1)])
    return out
