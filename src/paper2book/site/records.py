"""What the catalogue knows of one issue: the site build fills these in, the OPDS feeds read them."""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class IssueRecord:
    paper: str                          # display name of the paper, e.g. 九江日报
    date: datetime.date
    title: str                          # e.g. 九江日报 2025年12月3日
    lead_headlines: tuple[str, ...]     # the issue's first few headlines, 头版 first
    page: str                           # the issue's HTML page, relative to the site root (POSIX)
    epub: str | None                    # the issue's EPUB inside the site, if one was made
    pdf: str | None
    series: str                         # the paper's series name, as in --split EPUBs

    def __post_init__(self) -> None:
        for name in ("page", "epub", "pdf"):
            path = getattr(self, name)
            if path is not None and not inside(path):
                raise ValueError(f"IssueRecord.{name} {path!r}: not a relative path inside the site")


def inside(path: str) -> bool:
    """A relative POSIX path that stays inside the folder it is relative to."""
    if not path or path.startswith("/") or "\\" in path or "\0" in path:
        return False
    norm = posixpath.normpath(path)
    return norm != "." and norm != ".." and not norm.startswith("../")
