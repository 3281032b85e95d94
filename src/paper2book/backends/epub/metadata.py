"""The EPUB's package metadata: identifier, title, creators, dates, series, accessibility."""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections import Counter

from ebooklib import epub

from ...config.options import RenderOptions, Series
from ...editions import label
from ...model import ARTICLE_FIELDS, Book, Heading, date_span
from ...text import xml_safe

log = logging.getLogger("paper2book")

MAX_CONTRIBUTORS = 8
# What Ace checks the conformance claim against (EPUB Accessibility 1.1).
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
# Namespace for identifiers: uuid5 of the content hash, so the same book gets the same id.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/paper2book/paper2book#epub")


def source_date_epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw.strip())
    except ValueError:
        log.warning("SOURCE_DATE_EPOCH=%r is not an integer; using the current time", raw)
        return None


def _identifier(book: Book, title: str) -> str:
    """urn:uuid from the model's text: the same content gets the same id.

    A streaming digest of every field (source file names left out), not the model's JSON:
    building and dumping a year's dicts took most of a second.  The separators are
    characters the cleaning pass has removed, so no two books feed the hash the same bytes.
    """
    h = hashlib.sha256()
    us, rs, none = "\x1f", "\x1e", "\x1a"

    def put(*fields: str | None) -> None:
        h.update((us.join(none if f is None else f for f in fields) + rs).encode("utf-8"))

    put("paper2book-epub-id", "1", title, book.language)
    for issue in book.issues:
        put("issue", issue.newspaper, issue.date.isoformat())
        for page in issue.pages:
            put("page", page.number, page.name)
            for a in page.articles:
                put("article", *(getattr(a, f) for f in ARTICLE_FIELDS),
                    str(len(a.authors)), *a.authors, *a.captions)
                for b in a.blocks:
                    if isinstance(b, Heading):
                        put("h", b.text, b.subtitle)
                    else:
                        put("p", b.text)
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, h.hexdigest())}"


def _reporters(book: Book) -> list[str]:
    """Distinct byline authors, most frequent first, at most MAX_CONTRIBUTORS."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for a in book.articles:
        for name in a.authors:
            name = name.strip()
            if name:
                counts[name] += 1
                first.setdefault(name, len(first))
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n]))
    return ranked[:MAX_CONTRIBUTORS]


def _add_people(eb: epub.EpubBook, book: Book, papers: list[str], options: RenderOptions) -> None:
    """The paper is the creator (an e-reader library files the book under it); the
    reporters are contributors.  ``author`` in the config replaces the creator."""
    # The options may come from Python, unchecked: XML cannot carry what xml_safe drops.
    creators = [xml_safe(options.author)] if options.author else papers
    for n, name in enumerate(creators, 1):
        eb.add_author(name, uid=f"creator{n}", role="aut")
    for n, name in enumerate(_reporters(book), 1):
        uid = f"contributor{n}"
        eb.add_metadata("DC", "contributor", name, {"id": uid})
        eb.add_metadata(None, "meta", "aut", {"refines": f"#{uid}", "property": "role",
                                              "scheme": "marc:relators"})


def add_metadata(eb: epub.EpubBook, book: Book, title: str, lang: str, options: RenderOptions) -> None:
    papers = list(dict.fromkeys(i.newspaper for i in book.issues))
    dates = sorted(i.date for i in book.issues)
    eb.set_identifier(xml_safe(options.identifier or "").strip() or _identifier(book, title))
    eb.set_title(title)
    eb.set_language(lang)
    _add_people(eb, book, papers, options)
    eb.add_metadata("DC", "publisher", "、".join(papers))
    # A compilation is complete on its last issue's date.
    eb.add_metadata("DC", "date", dates[-1].isoformat())
    n_articles = sum(len(i.articles) for i in book.issues)
    if len(book.issues) == 1:
        i = book.issues[0]
        desc = f"{i.newspaper} {i.date_label} {i.weekday}，{len(i.pages)}个版面，{n_articles}篇文章。"
    else:
        desc = (f"{'、'.join(papers)}，{date_span(dates)}，"
                f"共{len(book.issues)}期，{n_articles}篇文章。")
    eb.add_metadata("DC", "description", label(desc, options))
    _add_series(eb, options.series)
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("dcterms:conformsTo", CONFORMS_TO),
        ("a11y:certifiedBy", "paper2book (checked with DAISY Ace)"),
        ("schema:accessibilitySummary", label(
         "报纸文章的纯文本版本：按期、版面和文章组织，标题层级和目录完整，阅读顺序与原报一致。"
         "原报图片未收录，图片说明以文字列出；封面图片有文字替代。", options)),
    ):
        eb.add_metadata(None, "meta", value, {"property": prop})


def _add_series(eb: epub.EpubBook, series: Series | None) -> None:
    """A book of a split is one of a series, at its date's place: EPUB 3's collection, and
    calibre's own metadata (which calibre, and the e-readers it feeds, shelve by)."""
    if series is None:
        return
    name, position = xml_safe(series.name), str(series.position)
    eb.add_metadata(None, "meta", name, {"property": "belongs-to-collection", "id": "series"})
    eb.add_metadata(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    eb.add_metadata(None, "meta", position, {"refines": "#series", "property": "group-position"})
    eb.add_metadata(None, "meta", "", {"name": "calibre:series", "content": name})
    eb.add_metadata(None, "meta", "", {"name": "calibre:series_index", "content": position})


def cover_style(book: Book, options: RenderOptions) -> dict[str, str | None]:
    """The paper's masthead colour and image from the config, for a one-paper book."""
    shown = {i.newspaper for i in book.issues}
    if len(shown) != 1:
        return {}
    (paper,) = shown
    for name, settings in options.newspapers.items():
        if paper in (name, settings.get("display_name")):
            return {"accent": settings.get("masthead_color"),
                    "masthead_image": settings.get("masthead_image")}
    return {}
