"""The typed document model: the one contract between the reader and backends.

Book -> Issue -> Page -> Article -> Block, closed (a block is a Paragraph or a
Heading, nothing else), with a versioned JSON form that round-trips
(``Book.from_dict(book.to_dict()) == book``) and immutable: frozen dataclasses
whose sequences are tuples (a list given is stored as one), so a backend or a job
that wants another book builds one (``dataclasses.replace``, ``walk``).  Text is
already normalised (padding, reader UI and what XML cannot carry removed):
backends only escape and typeset it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

SCHEMA_VERSION = 1

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class ModelError(ValueError):
    """A JSON document that is not a paper2book model of a known schema."""


# The JSON form: what ``to_dict`` returns and ``from_dict`` reads (``json.loads``'s objects).
JsonObject = dict[str, object]


def _object(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _items(value: object) -> list[object]:
    if not value:               # null, or the key left out: none
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int:
    if not isinstance(value, int | float | str):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return int(value)


def _frozen(obj: object, name: str) -> None:
    """Store a sequence field given as a list (or any iterable) as the tuple it is typed as."""
    if not isinstance(value := getattr(obj, name), tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Source:
    """Where an article came from, for warnings and for archivists."""

    file: str
    line: int

    def to_dict(self) -> JsonObject:
        return {"file": self.file, "line": self.line}

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Source:
        return cls(file=str(d["file"]), line=_int(d["line"]))


@dataclass(frozen=True)
class Paragraph:
    text: str
    type: str = field(default="paragraph", init=False, repr=False)

    def to_dict(self) -> JsonObject:
        return {"type": "paragraph", "text": self.text}


@dataclass(frozen=True)
class Heading:
    """A section heading (小标题), optionally with the line printed under it."""

    text: str
    subtitle: str | None = None
    type: str = field(default="heading", init=False, repr=False)

    def to_dict(self) -> JsonObject:
        return {"type": "heading", "text": self.text, "subtitle": self.subtitle}


Block = Paragraph | Heading


def block_from_dict(d: Mapping[str, object]) -> Block:
    kind = d.get("type")
    if kind == "paragraph":
        return Paragraph(text=str(d["text"]))
    if kind == "heading":
        return Heading(text=str(d["text"]), subtitle=_opt_str(d.get("subtitle")))
    raise ModelError(f"unknown block type {kind!r}")


@dataclass(frozen=True)
class Article:
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    credit: str | None = None
    captions: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    editor: str | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        for name in ARTICLE_LISTS + ("blocks",):
            _frozen(self, name)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    def to_dict(self) -> JsonObject:
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
    def from_dict(cls, d: Mapping[str, object]) -> Article:
        src = d.get("source")
        return cls(
            kicker=_opt_str(d.get("kicker")),
            title=str(d["title"]),
            subtitle=_opt_str(d.get("subtitle")),
            byline=_opt_str(d.get("byline")),
            authors=tuple(str(a) for a in _items(d.get("authors"))),
            credit=_opt_str(d.get("credit")),
            captions=tuple(str(c) for c in _items(d.get("captions"))),
            blocks=tuple(block_from_dict(_object(b)) for b in _items(d.get("blocks"))),
            editor=_opt_str(d.get("editor")),
            source=None if src is None else Source.from_dict(_object(src)),
        )


def date_label(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def month_label(year: int, month: int) -> str:
    """``2025年12月``: a month as the volumes and the 总目录 name it."""
    return f"{year}年{month}月"


def date_span(dates: Iterable[_dt.date]) -> str:
    """``2025年12月3日``, ``2025年12月3日—12月5日``, ``2025年12月30日—2026年1月2日``."""
    dates = tuple(dates)
    first, last = min(dates), max(dates)
    if first == last:
        return date_label(first)
    if first.year == last.year:
        return f"{date_label(first)}—{last.month}月{last.day}日"
    return f"{date_label(first)}—{date_label(last)}"


_PAGE_NUMBER = re.compile(r"^([A-Za-z]*)0*(\d+)$")


def page_sort_key(number: str) -> tuple[str, int, str]:
    """A01 < A03 < B02; 1 < 3 < 12; unparseable numbers sort last."""
    m = _PAGE_NUMBER.match(number or "")
    if not m:
        return ("\uffff", 0, number or "")
    return (m.group(1).upper(), int(m.group(2)), "")


@dataclass(frozen=True)
class Page:
    """A 版面: its number as printed (``03``, ``A3``) and its name (``专版``)."""

    number: str
    name: str | None = None
    articles: tuple[Article, ...] = ()

    def __post_init__(self) -> None:
        _frozen(self, "articles")

    @property
    def label(self) -> str:
        """The page label as a reader says it: ``第03版 专版``."""
        base = f"第{self.number}版" if self.number else "未标版面"
        return f"{base} {self.name}" if self.name else base

    def to_dict(self) -> JsonObject:
        return {
            "number": self.number,
            "name": self.name,
            "articles": [a.to_dict() for a in self.articles],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Page:
        return cls(
            number=str(d["number"]),
            name=_opt_str(d.get("name")),
            articles=tuple(Article.from_dict(_object(a)) for a in _items(d.get("articles"))),
        )


@dataclass(frozen=True)
class Issue:
    """One newspaper on one date."""

    newspaper: str
    date: _dt.date
    pages: tuple[Page, ...] = ()

    def __post_init__(self) -> None:
        _frozen(self, "pages")

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def date_label(self) -> str:
        """``2025年12月3日``, the way the paper prints its date."""
        return date_label(self.date)

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for p in self.pages for a in p.articles)

    def to_dict(self) -> JsonObject:
        return {
            "newspaper": self.newspaper,
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "pages": [p.to_dict() for p in self.pages],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Issue:
        try:
            date = _dt.date.fromisoformat(str(d["date"]))
        except ValueError as e:
            raise ModelError(f"bad issue date {d.get('date')!r}") from e
        return cls(
            newspaper=str(d["newspaper"]),
            date=date,
            pages=tuple(Page.from_dict(_object(p)) for p in _items(d.get("pages"))),
        )


@dataclass(frozen=True)
class Book:
    title: str
    issues: tuple[Issue, ...] = ()
    language: str = "zh-CN"
    # The edition's script when the text was converted (editions/script.py: traditional,
    # hk, tw, tw-phrases); None: as the dump has it.  The original is in the dump only.
    script: str | None = None

    def __post_init__(self) -> None:
        _frozen(self, "issues")

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for i in self.issues for p in i.pages for a in p.articles)

    def to_dict(self) -> JsonObject:
        d: JsonObject = {"schema": SCHEMA_VERSION, "title": self.title, "language": self.language}
        if self.script is not None:
            # Only when set: a reader of schema 1 that knows no editions ignores the key.
            d["script"] = self.script
        d["issues"] = [i.to_dict() for i in self.issues]
        return d

    @classmethod
    def from_dict(cls, d: object) -> Book:
        if not isinstance(d, dict):
            raise ModelError("a paper2book model is a JSON object")
        schema = d.get("schema")
        if schema != SCHEMA_VERSION:
            raise ModelError(f"unsupported schema version {schema!r} (this is {SCHEMA_VERSION})")
        try:
            return cls(
                title=str(d["title"]),
                language=str(d.get("language") or "zh-CN"),
                script=None if d.get("script") is None else str(d["script"]),
                issues=tuple(Issue.from_dict(_object(i)) for i in _items(d.get("issues"))),
            )
        except (KeyError, TypeError) as e:
            raise ModelError(f"malformed model: {e}") from e


# ---------------------------------------------------------------- the walk

# Every text field of the model, in one place (pandoc's Walk): the cleaning pass of the
# backends, glyph coverage and identifiers all go through these, never through a list
# of fields of their own.
ARTICLE_FIELDS = ("kicker", "title", "subtitle", "byline", "credit", "editor")
ARTICLE_LISTS = ("authors", "captions")

Text = Callable[[str], str]


def _opt(fn: Text, value: str | None) -> str | None:
    return None if value is None else fn(value)


def _walk_block(block: Block, fn: Text) -> Block:
    if isinstance(block, Heading):
        text, sub = fn(block.text), _opt(fn, block.subtitle)
        return block if (text, sub) == (block.text, block.subtitle) else Heading(text, sub)
    text = fn(block.text)
    return block if text == block.text else Paragraph(text)


def _walk_article(a: Article, fn: Text, files: bool = True) -> Article:
    # The fields of ARTICLE_FIELDS and ARTICLE_LISTS, named so the types are checked
    # (tests/test_model.py walks an article with every field set, so none is missed).
    fields = (fn(a.title), _opt(fn, a.kicker), _opt(fn, a.subtitle), _opt(fn, a.byline),
              _opt(fn, a.credit), _opt(fn, a.editor), tuple(map(fn, a.authors)), tuple(map(fn, a.captions)))
    blocks = tuple(_walk_block(b, fn) for b in a.blocks)
    same_blocks = all(n is o for n, o in zip(blocks, a.blocks, strict=True))
    source = a.source
    if source is not None and files and (file := fn(source.file)) != source.file:
        source = Source(file, source.line)
    if same_blocks and source is a.source and fields == (a.title, a.kicker, a.subtitle, a.byline, a.credit,
                                                          a.editor, a.authors, a.captions):
        return a            # a clean article is not copied
    title, kicker, subtitle, byline, credit, editor, authors, captions = fields
    return Article(title=title, kicker=kicker, subtitle=subtitle, byline=byline, authors=authors,
                   credit=credit, captions=captions, editor=editor, source=source,
                   blocks=a.blocks if same_blocks else blocks)


def walk(book: Book, fn: Text, *, files: bool = True) -> Book:
    """``book`` with ``fn`` applied to every text of the model.

    Unchanged articles are the input's own, so walking a clean year copies no article.
    Source file names are walked too: they reach the JSON output, and a model built in
    Python or read from JSON can carry what no output can (a lone surrogate, a control).
    ``files=False`` leaves them as they are (a script conversion: they name files on disk).
    """
    return Book(title=fn(book.title), language=fn(book.language), issues=tuple(
        Issue(newspaper=fn(issue.newspaper), date=issue.date, pages=tuple(
            Page(number=fn(page.number), name=_opt(fn, page.name),
                 articles=tuple(_walk_article(a, fn, files) for a in page.articles))
            for page in issue.pages))
        for issue in book.issues), script=book.script)


def article_texts(a: Article) -> Iterator[str]:
    """Every text of one article, in the order of its fields (None left out)."""
    for name in ARTICLE_FIELDS:
        value = getattr(a, name)
        if value is not None:
            yield value
    for name in ARTICLE_LISTS:
        yield from getattr(a, name)
    for b in a.blocks:
        yield b.text
        if isinstance(b, Heading) and b.subtitle is not None:
            yield b.subtitle


def texts(book: Book) -> Iterator[tuple[Article | None, str]]:
    """Every text of the model with the article it belongs to (None: book, issue, page)."""
    yield None, book.title
    for issue in book.issues:
        yield None, issue.newspaper
        for page in issue.pages:
            yield None, page.number
            if page.name is not None:
                yield None, page.name
            for a in page.articles:
                for t in article_texts(a):
                    yield a, t
