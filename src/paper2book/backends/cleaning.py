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
from ..model import ARTICLE_FIELDS, Article, Book, Issue, Page, walk
from ..text import xml_safe

UNTITLED = "（无题）"     # an article whose title is empty once cleaned


def _tidy(a: Article, untitled: str = UNTITLED) -> Article:
    """A title to link to; optional fields that cleaning emptied become absent."""
    changes: dict[str, object] = {}
    if not a.title.strip():
        changes["title"] = untitled
    for name in ARTICLE_FIELDS:
        if name == "title":
            continue
        value = getattr(a, name)
        if value is not None and not value.strip():
            changes[name] = None
    if any(not c.strip() for c in a.captions):
        changes["captions"] = [c for c in a.captions if c.strip()]
    return replace(a, **changes) if changes else a


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
        pages = [Page(number=p.number, name=p.name, articles=[_tidy(a, untitled) for a in p.articles])
                 for p in issue.pages if p.articles]
        if pages:
            issues.append(Issue(newspaper=issue.newspaper, date=issue.date, pages=pages))
    title = (xml_safe(options.title) if options.title else book.title).strip()
    if not title:
        title = issues[0].newspaper if issues else untitled
    language = values.language(options.language or book.language or "zh-CN")
    return Book(title=title, issues=issues, language=language, script=book.script)


def with_display_names(book: Book, options: RenderOptions) -> Book:
    """The config's display name (``九江日报·周末版``) in place of each paper's name."""
    issues = [Issue(newspaper=xml_safe(options.display_name(i.newspaper)), date=i.date,
                    pages=i.pages) for i in book.issues]
    return replace(book, issues=issues)
