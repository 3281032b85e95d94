"""The typed document model: the one contract between the reader and backends.

Book -> Issue -> Page -> Article -> Block.  The model is closed (a block is a
Paragraph or a Heading, nothing else) and has a versioned JSON form that
round-trips: ``Book.from_dict(book.to_dict()) == book``.

Text in the model is already normalised: padding cleaned, reader UI removed,
characters XML cannot carry dropped.  Backends only escape and typeset it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any, Union

SCHEMA_VERSION = 1

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class ModelError(ValueError):
    """A JSON document that is not a paper2book model of a known schema."""


@dataclass(frozen=True)
class Source:
    """Where an article came from, for warnings and for archivists."""

    file: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Source":
        return cls(file=str(d["file"]), line=int(d["line"]))


@dataclass(frozen=True)
class Paragraph:
    text: str
    type: str = field(default="paragraph", init=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "paragraph", "text": self.text}


@dataclass(frozen=True)
class Heading:
    """A section heading (小标题), optionally with the line printed under it."""

    text: str
    subtitle: str | None = None
    type: str = field(default="heading", init=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "heading", "text": self.text, "subtitle": self.subtitle}


Block = Union[Paragraph, Heading]


def block_from_dict(d: dict[str, Any]) -> Block:
    kind = d.get("type")
    if kind == "paragraph":
        return Paragraph(text=str(d["text"]))
    if kind == "heading":
        sub = d.get("subtitle")
        return Heading(text=str(d["text"]), subtitle=None if sub is None else str(sub))
    raise ModelError(f"unknown block type {kind!r}")


@dataclass
class Article:
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    credit: str | None = None
    captions: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    editor: str | None = None
    source: Source | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "authors": list(self.authors),
            "credit": self.credit,
            "captions": list(self.captions),
            "blocks": [b.to_dict() for b in self.blocks],
            "editor": self.editor,
            "source": None if self.source is None else self.source.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        src = d.get("source")
        return cls(
            kicker=d.get("kicker"),
            title=str(d["title"]),
            subtitle=d.get("subtitle"),
            byline=d.get("byline"),
            authors=[str(a) for a in d.get("authors") or []],
            credit=d.get("credit"),
            captions=[str(c) for c in d.get("captions") or []],
            blocks=[block_from_dict(b) for b in d.get("blocks") or []],
            editor=d.get("editor"),
            source=None if src is None else Source.from_dict(src),
        )


_PAGE_NUMBER = re.compile(r"^([A-Za-z]*)0*(\d+)$")


def page_sort_key(number: str) -> tuple[str, int, str]:
    """A01 < A03 < B02; 1 < 3 < 12; unparseable numbers sort last."""
    m = _PAGE_NUMBER.match(number or "")
    if not m:
        return ("\uffff", 0, number or "")
    return (m.group(1).upper(), int(m.group(2)), "")


@dataclass
class Page:
    """A 版面: its number as printed (``03``, ``A3``) and its name (``专版``)."""

    number: str
    name: str | None = None
    articles: list[Article] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return page_sort_key(self.number)

    @property
    def label(self) -> str:
        """The page label as a reader says it: ``第03版 专版``."""
        base = f"第{self.number}版" if self.number else "未标版面"
        return f"{base} {self.name}" if self.name else base

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "articles": [a.to_dict() for a in self.articles],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Page":
        return cls(
            number=str(d["number"]),
            name=d.get("name"),
            articles=[Article.from_dict(a) for a in d.get("articles") or []],
        )


@dataclass
class Issue:
    """One newspaper on one date."""

    newspaper: str
    date: _dt.date
    pages: list[Page] = field(default_factory=list)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def date_label(self) -> str:
        """``2025年12月3日``, the way the paper prints its date."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]

    def to_dict(self) -> dict[str, Any]:
        return {
            "newspaper": self.newspaper,
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "pages": [p.to_dict() for p in self.pages],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Issue":
        try:
            date = _dt.date.fromisoformat(str(d["date"]))
        except ValueError as e:
            raise ModelError(f"bad issue date {d.get('date')!r}") from e
        return cls(
            newspaper=str(d["newspaper"]),
            date=date,
            pages=[Page.from_dict(p) for p in d.get("pages") or []],
        )


@dataclass
class Book:
    title: str
    issues: list[Issue] = field(default_factory=list)
    language: str = "zh-CN"

    @property
    def articles(self) -> list[Article]:
        return [a for i in self.issues for a in i.articles]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "language": self.language,
            "issues": [i.to_dict() for i in self.issues],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Book":
        if not isinstance(d, dict):
            raise ModelError("a paper2book model is a JSON object")
        schema = d.get("schema")
        if schema != SCHEMA_VERSION:
            raise ModelError(f"unsupported schema version {schema!r} (this is {SCHEMA_VERSION})")
        try:
            return cls(
                title=str(d["title"]),
                language=str(d.get("language") or "zh-CN"),
                issues=[Issue.from_dict(i) for i in d.get("issues") or []],
            )
        except (KeyError, TypeError) as e:
            raise ModelError(f"malformed model: {e}") from e
