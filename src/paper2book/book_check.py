"""A Book handed to the API checked for the model's types before any backend walks it.

The reader and ``Book.from_dict`` only make well-typed books; a caller of
``paper2book.write`` may build one by hand, with a date as a string or None for a
title.  One pass over the model (time linear in its size) names the first wrong
value as an InputError, instead of an AttributeError from deep inside a backend.
"""

from __future__ import annotations

import datetime as _dt
from typing import TypeVar

from .errors import InputError
from .model import ARTICLE_FIELDS, ARTICLE_LISTS, Article, Book, Heading, Issue, Page, Paragraph, Source

T = TypeVar("T")
WHAT = "book"       # what the InputError names: the book given, which has no file


def check_book(book: object) -> None:
    if not isinstance(book, Book):
        raise InputError(WHAT, f"expected a paper2book Book (paper2book.read makes one), got {shown(book)}")
    _text(book.title, "title")
    _text(book.language, "language")
    for i, item in enumerate(_seq(book.issues, "issues")):
        where = f"issues[{i}]"
        issue = _as(item, Issue, where)
        _text(issue.newspaper, f"{where}.newspaper")
        if not isinstance(issue.date, _dt.date):
            raise InputError(WHAT, f"{where}.date: expected a datetime.date, got {shown(issue.date)}")
        for j, entry in enumerate(_seq(issue.pages, f"{where}.pages")):
            at = f"{where}.pages[{j}]"
            page = _as(entry, Page, at)
            _text(page.number, f"{at}.number")
            _text(page.name, f"{at}.name", optional=True)
            for k, article in enumerate(_seq(page.articles, f"{at}.articles")):
                _article(article, f"{at}.articles[{k}]")


def _article(value: object, where: str) -> None:
    a = _as(value, Article, where)
    for name in ARTICLE_FIELDS:
        _text(getattr(a, name), f"{where}.{name}", optional=name != "title")
    for name in ARTICLE_LISTS:
        for n, value in enumerate(_seq(getattr(a, name), f"{where}.{name}")):
            _text(value, f"{where}.{name}[{n}]")
    for n, block in enumerate(_seq(a.blocks, f"{where}.blocks")):
        if not isinstance(block, (Paragraph, Heading)):
            raise InputError(WHAT, f"{where}.blocks[{n}]: expected a Paragraph or Heading, "
                                   f"got {shown(block)}")
        _text(block.text, f"{where}.blocks[{n}].text")
        if isinstance(block, Heading):
            _text(block.subtitle, f"{where}.blocks[{n}].subtitle", optional=True)
    if a.source is not None:
        _text(_as(a.source, Source, f"{where}.source").file, f"{where}.source.file")


def _seq(value: object, where: str) -> tuple[object, ...]:
    if not isinstance(value, tuple):
        raise InputError(WHAT, f"{where}: expected a sequence, got {shown(value)}")
    return value


def _as(value: object, kind: type[T], where: str) -> T:
    if not isinstance(value, kind):
        raise InputError(WHAT, f"{where}: expected a {kind.__name__}, got {shown(value)}")
    return value


def _text(value: object, where: str, optional: bool = False) -> None:
    if not isinstance(value, str) and not (optional and value is None):
        raise InputError(WHAT, f"{where}: expected a string, got {shown(value)}")


def shown(value: object) -> str:
    """A wrong value for a message: its type and the start of its repr."""
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'…' if len(text) > 60 else ''}"
