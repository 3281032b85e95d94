"""OPDS 1.2 feeds (Atom, RFC 4287): navigation feeds for papers, years and months, an
acquisition feed per month.  Written as text, escaped here, so the bytes are the same on
every build (the site is incremental: an unchanged feed is not rewritten)."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from ..records import IssueRecord
from .tree import ROOT, Feed, Nav, href, stamp, urn

NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
ACQUIRE = "http://opds-spec.org/acquisition/open-access"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
EPUB = "application/epub+zip"
PDF = "application/pdf"
HTML = "text/html"
GENERATOR = "paper2book"

# Characters XML 1.0 cannot carry at all: a dump's stray control character must not make
# the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(s: str) -> str:
    return escape(_NOT_XML.sub("", s))


def attr(s: str) -> str:
    return quoteattr(_NOT_XML.sub("", s))


def feed_type(kind: str) -> str:
    return ACQUISITION if kind == "acquisition" else NAVIGATION


def summary(r: IssueRecord) -> str:
    return "；".join(h for h in r.lead_headlines if h.strip())


def render(feed: Feed, cover_of: Callable[[IssueRecord], tuple[str, str]]) -> bytes:
    """The feed's XML.  ``cover_of(record)``: its (image, thumbnail) paths from the site root."""
    me = f"{feed.stem}.xml"
    out = ['<?xml version="1.0" encoding="utf-8"?>\n'
           '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/"'
           ' xmlns:opds="http://opds-spec.org/2010/catalog" xml:lang="zh">\n',
           f"  <id>{urn('feed', feed.base)}</id>\n",
           f"  <title>{text(feed.title)}</title>\n"]
    if feed.subtitle:
        out.append(f"  <subtitle>{text(feed.subtitle)}</subtitle>\n")
    out.append(f"  <updated>{stamp(feed.updated)}</updated>\n")
    out.append(f"  <author><name>{text(GENERATOR)}</name></author>\n")
    out.append(f"  <generator>{GENERATOR}</generator>\n")

    def link(rel: str, stem: str, kind: str = feed.kind, title: str = "") -> None:
        t = f" title={attr(title)}" if title else ""
        out.append(f'  <link rel="{rel}" href={attr(href(me, stem + ".xml"))} '
                   f'type="{feed_type(kind)}"{t}/>\n')

    link("self", feed.stem)
    link("start", ROOT, "navigation")
    if feed.up is not None:
        link("up", feed.up, "navigation")
    if feed.pages > 1:
        link("first", feed.page_stem(1))
        link("last", feed.page_stem(feed.pages))
        if feed.page > 1:
            link("previous", feed.page_stem(feed.page - 1))
        if feed.page < feed.pages:
            link("next", feed.page_stem(feed.page + 1))
    for entry in feed.entries:
        if isinstance(entry, Nav):
            out.append(_nav_entry(me, entry))
        else:
            out.append(_issue_entry(me, entry, *cover_of(entry)))
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")


def _nav_entry(me: str, n: Nav) -> str:
    kind = "acquisition" if n.acquisition else "navigation"
    return ("  <entry>\n"
            f"    <title>{text(n.title)}</title>\n"
            f"    <id>{urn('feed', n.stem)}</id>\n"
            f"    <updated>{stamp(n.updated)}</updated>\n"
            f"    <content type=\"text\">{text(n.summary)}</content>\n"
            f'    <link rel="subsection" href={attr(href(me, n.stem + ".xml"))} type="{feed_type(kind)}"/>\n'
            "  </entry>\n")


def _issue_entry(me: str, r: IssueRecord, image: str, thumbnail: str) -> str:
    out = ["  <entry>\n",
           f"    <title>{text(r.title)}</title>\n",
           f"    <id>{urn('issue', r.paper, r.date.isoformat())}</id>\n",
           f"    <updated>{stamp(r.date)}</updated>\n",
           f"    <author><name>{text(r.paper)}</name></author>\n",
           f"    <dc:issued>{r.date.isoformat()}</dc:issued>\n",
           "    <dc:language>zh</dc:language>\n",
           f"    <dc:isPartOf>{text(r.series)}</dc:isPartOf>\n",
           f"    <category term={attr(r.series)} label={attr(r.series)}/>\n"]
    lead = summary(r)
    if lead:
        out.append(f'    <summary type="text">{text(lead)}</summary>\n')
    out.append(f'    <link rel="{IMAGE}" href={attr(href(me, image))} type="image/jpeg"/>\n')
    out.append(f'    <link rel="{THUMBNAIL}" href={attr(href(me, thumbnail))} type="image/jpeg"/>\n')
    for path, kind in ((r.epub, EPUB), (r.pdf, PDF)):
        if path:
            out.append(f'    <link rel="{ACQUIRE}" href={attr(href(me, path))} type="{kind}"/>\n')
    if not (r.epub or r.pdf):
        # No book was made: what exists is the issue's page, and a reader app can open that.
        out.append(f'    <link rel="{ACQUIRE}" href={attr(href(me, r.page))} type="{HTML}"/>\n')
    out.append(f'    <link rel="alternate" href={attr(href(me, r.page))} type="{HTML}"/>\n')
    out.append("  </entry>\n")
    return "".join(out)
