"""OPDS 2.0 feeds (JSON, on the Readium Web Publication Manifest): the same feeds as the
OPDS 1.2 ones, beside them, with the same relative links.  Every publication has images
(OPDS 2.0 requires one)."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..records import IssueRecord
from .atom import ACQUIRE, EPUB, HTML, PDF, summary
from .tree import IMAGE_SIZE, ROOT, THUMBNAIL_SIZE, Feed, Nav, href, stamp, urn

OPDS2 = "application/opds+json"
PUBLICATION = "application/opds-publication+json"


def render(feed: Feed, cover_of: Callable[[IssueRecord], tuple[str, str]]) -> bytes:
    me = f"{feed.stem}.json"

    def link(rel: str, stem: str, **more: str) -> dict[str, str]:
        return {"rel": rel, "href": href(me, stem + ".json"), "type": OPDS2, **more}

    links = [link("self", feed.stem), link("start", ROOT)]
    if feed.up is not None:
        links.append(link("up", feed.up))
    if feed.pages > 1:
        links += [link("first", feed.page_stem(1)), link("last", feed.page_stem(feed.pages))]
        if feed.page > 1:
            links.append(link("previous", feed.page_stem(feed.page - 1)))
        if feed.page < feed.pages:
            links.append(link("next", feed.page_stem(feed.page + 1)))
    metadata: dict = {"title": feed.title, "identifier": urn("feed", feed.base),
                      "modified": stamp(feed.updated)}
    if feed.subtitle:
        metadata["subtitle"] = feed.subtitle
    if feed.pages > 1:
        metadata.update(itemsPerPage=feed.page_size, currentPage=feed.page, numberOfItems=feed.total)
    doc: dict = {"metadata": metadata, "links": links}
    if feed.kind == "acquisition":
        doc["publications"] = [_publication(me, r, *cover_of(r)) for r in feed.entries]
    else:
        doc["navigation"] = [_nav(me, n) for n in feed.entries]
    if not feed.entries:
        # An empty catalogue still has to be a valid feed: one entry leading to itself.
        doc["navigation"] = [{"href": href(me, feed.stem + ".json"), "title": feed.title,
                              "type": OPDS2}]
        doc.pop("publications", None)
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _nav(me: str, n: Nav) -> dict:
    return {"href": href(me, n.stem + ".json"), "title": n.title, "type": OPDS2,
            "rel": "subsection", "properties": {"description": n.summary}}


def _publication(me: str, r: IssueRecord, image: str, thumbnail: str) -> dict:
    metadata: dict = {
        "@type": "http://schema.org/PublicationIssue",
        "identifier": urn("issue", r.paper, r.date.isoformat()),
        "title": r.title,
        "author": r.paper,
        "language": "zh",
        "published": r.date.isoformat(),
        "modified": stamp(r.date),
        "belongsTo": {"series": {"name": r.series, "position": int(r.date.strftime("%Y%m%d"))}},
    }
    lead = summary(r)
    if lead:
        metadata["description"] = lead
    links = [{"rel": ACQUIRE, "href": href(me, path), "type": kind}
             for path, kind in ((r.epub, EPUB), (r.pdf, PDF)) if path]
    if not links:
        links.append({"rel": ACQUIRE, "href": href(me, r.page), "type": HTML})
    links.append({"rel": "alternate", "href": href(me, r.page), "type": HTML})
    images = [{"href": href(me, path), "type": "image/jpeg", "width": w, "height": h}
              for path, (w, h) in ((image, IMAGE_SIZE), (thumbnail, THUMBNAIL_SIZE))]
    return {"metadata": metadata, "links": links, "images": images}
