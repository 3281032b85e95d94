"""What every backend does to a book before laying it out.

A Book can come from the reader, from JSON or from Python code, so no
backend trusts its text: ``prepare`` is the one cleaning pass, a walk over
every text field of the model (model.walk), run by every built-in backend
before it renders anything.  Backends then only escape and typeset.
"""

from __future__ import annotations

from dataclasses import replace

from ..config import values
from ..config.options import RenderOptions
from ..editions import label
from ..model import Article, Book, Issue, Page, walk
from ..text import xml_safe

UNTITLED = "（无题）"     # an article whose title is empty once cleaned


def _tidy(a: Article, untitled: str = UNTITLED) -> Article:
    """A title to link to; optional fields that cleaning emptied become absent."""
    # The fields of ARTICLE_FIELDS, named so their types are checked (as model.walk does).
    fields = (a.title if a.title.strip() else untitled, _kept(a.kicker), _kept(a.subtitle),
              _kept(a.byline), _kept(a.credit), _kept(a.editor),
              tuple(c for c in a.captions if c.strip()))
    if fields == (a.title, a.kicker, a.subtitle, a.byline, a.credit, a.editor, a.captions):
        return a
    title, kicker, subtitle, byline, credit, editor, captions = fields
    return replace(a, title=title, kicker=kicker, subtitle=subtitle, byline=byline, credit=credit,
                   editor=editor, captions=captions)


def _kept(value: str | None) -> str | None:
    return value if value is None or value.strip() else None


def prepare(book: Book, options: RenderOptions) -> Book:
    """``book`` as every backend renders it (the input is not modified).

    Every text is XML-safe; pages without articles and issues without pages are
    left out (there is nothing to show or link to); the title and language are
    the options' when set, and a title never ends up empty.  A language that is not a
    language tag is refused (ConfigError), whatever the book came from.
    """
    book = walk(book, xml_safe)
    untitled = label(UNTITLED, options)
    issues = []
    for issue in book.issues:
        pages = tuple(Page(number=p.number, name=p.name,
                           articles=tuple(_tidy(a, untitled) for a in p.articles))
                      for p in issue.pages if p.articles)
        if pages:
            issues.append(Issue(newspaper=issue.newspaper, date=issue.date, pages=pages))
    title = (xml_safe(options.title) if options.title else book.title).strip()
    if not title:
        title = issues[0].newspaper if issues else untitled
    language = values.language(options.language or book.language or "zh-CN")
    return Book(title=title, issues=tuple(issues), language=language, script=book.script)


def with_display_names(book: Book, options: RenderOptions) -> Book:
    """The config's display name (``九江日报·周末版``) in place of each paper's name."""
    issues = tuple(Issue(newspaper=xml_safe(options.display_name(i.newspaper)), date=i.date,
                         pages=i.pages) for i in book.issues)
    return replace(book, issues=issues)
