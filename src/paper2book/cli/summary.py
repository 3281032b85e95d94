"""The one line a run ends with: what was written, what went into it, how long it took.

``book_line`` is the line after converting one book; ``job_line`` the line
after a job of many books (``--split``).  Both are plain strings starting
``paper2book:``; the caller prints them on stderr unless ``-q``::

    paper2book: wrote x.epub (170 KB), x.pdf (615 KB, 4 pages): 1 issue, 1 版面, 1 article in 1.4 s
    paper2book: 12 books written, 23 up to date, 1 failed: 36 issues, 288 版面,
        1,728 articles, 1,135 pages in 58.2 s  (one line)

A job adds up its books' ``Counts`` with ``+`` and their PDF pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import Book
from ..text import one_line


@dataclass(frozen=True)
class Counts:
    """What went into a book (or a job): issues, 版面, articles."""

    issues: int = 0
    sections: int = 0           # 版面
    articles: int = 0

    @classmethod
    def of(cls, book: Book) -> Counts:
        return cls(issues=len(book.issues),
                   sections=sum(len(issue.pages) for issue in book.issues),
                   articles=len(book.articles))

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.issues + other.issues, self.sections + other.sections,
                      self.articles + other.articles)

    def label(self) -> str:
        return (f"{_count(self.issues, 'issue')}, {self.sections:,} 版面, "
                f"{_count(self.articles, 'article')}")


@dataclass(frozen=True)
class Output:
    """One file written: where (None: standard output), its size, its pages if it has pages."""

    path: Path | None
    size: int
    pages: int | None = None
    blanks: int | None = None       # of ``pages``, blank versos added (a PDF volume's recto_starts)

    def label(self) -> str:
        facts = [size_label(self.size)]
        if self.pages is not None:
            facts.append(_count(self.pages, "page")
                         + (f" ({self.blanks:,} blank)" if self.blanks is not None else ""))
        return f"{'<stdout>' if self.path is None else one_line(str(self.path))} ({', '.join(facts)})"


def book_line(outputs: Iterable[Output], counts: Counts, seconds: float) -> str:
    files = ", ".join(o.label() for o in outputs)
    return f"paper2book: wrote {files}: {counts.label()} in {seconds_label(seconds)}"


def job_line(*, written: int, up_to_date: int, failed: int, counts: Counts,
             pages: int | None, seconds: float) -> str:
    """``pages``: the PDF pages written, None when the job wrote no PDF."""
    books = f"{_count(written, 'book')} written, {up_to_date:,} up to date, {failed:,} failed"
    made = counts.label() + ("" if pages is None else f", {_count(pages, 'page')}")
    return f"paper2book: {books}: {made} in {seconds_label(seconds)}"


def size_label(size: int) -> str:
    """Bytes for a person: 812 B, 4.2 KB, 170 KB, 1.3 MB (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    scaled = float(size)
    for unit in ("KB", "MB", "GB"):
        scaled /= 1024
        if scaled < 1024 or unit == "GB":
            break
    return f"{scaled:.1f} {unit}" if scaled < 10 else f"{scaled:,.0f} {unit}"


def seconds_label(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
