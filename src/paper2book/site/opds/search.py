"""Search for OPDS clients, answered only by ``paper2book serve`` (a static folder cannot):
the OpenSearch description, the link feeds gain when served, and the results as an OPDS 1.2
acquisition feed of the issues whose articles match, newest first, each with the books
the catalogue lists for it."""

from __future__ import annotations

import datetime
import json
import posixpath
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .atom import ACQUISITION, GENERATOR, HTML, NAVIGATION, attr, text
from .json2 import OPDS2
from .store import read_plain
from .tree import FOLDER, month_stem, page_stem, stamp, urn

ENDPOINT = f"{FOLDER}/search"          # /opds/search?q=… (OPDS 1.2)
ENDPOINT2 = f"{FOLDER}/search.json"    # /opds/search.json?query=… (OPDS 2.0)
DESCRIPTION = "opensearch.xml"
OPENSEARCH = "application/opensearchdescription+xml"
MAX_ISSUES = 100


def description(base: str, site_title: str) -> bytes:
    """The OpenSearch description; ``base`` is the absolute URL of the site root, ending in /
    (OpenSearch templates are absolute)."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
            f"  <ShortName>{text(site_title[:16] or GENERATOR)}</ShortName>\n"
            f"  <Description>{text(site_title or GENERATOR)}：全文检索</Description>\n"
            "  <InputEncoding>UTF-8</InputEncoding>\n  <OutputEncoding>UTF-8</OutputEncoding>\n"
            f'  <Url type="{ACQUISITION}" template={attr(base + ENDPOINT + "?q={searchTerms}")}/>\n'
            f'  <Url type="{HTML}" template={attr(base + "search.html?q={searchTerms}")}/>\n'
            "</OpenSearchDescription>\n").encode()


def with_search_link(body: bytes, feed_path: str) -> bytes:
    """A served OPDS feed (``feed_path`` from the site root), with its link to the description."""
    link_to = posixpath.relpath(DESCRIPTION, posixpath.dirname(feed_path) or ".")
    if feed_path.endswith(".json"):
        try:
            doc = json.loads(body)
        except ValueError:
            return body
        if not isinstance(doc, dict) or not isinstance(doc.get("links"), list):
            return body
        # OPDS 2.0 searches through a templated link (RFC 6570), not OpenSearch.
        endpoint = posixpath.relpath(ENDPOINT2, posixpath.dirname(feed_path) or ".")
        doc["links"].append({"rel": "search", "href": quote(endpoint) + "{?query}", "type": OPDS2,
                             "templated": True})
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    start = body.find(b"<feed")
    end = body.find(b">", start)
    if start < 0 or end < 0:
        return body
    link = f'\n  <link rel="search" href="{quote(link_to)}" type="{OPENSEARCH}"/>'.encode()
    return body[:end + 1] + link + body[end + 1:]


def _publication(root: Path, paper: str, day: datetime.date) -> tuple[str, dict] | None:
    """The catalogue's entry for the issue: (its feed's folder, its OPDS 2.0 publication)."""
    base = month_stem(paper, day.year, day.month)
    for n in range(1, 400):
        data = read_plain(root / f"{page_stem(base, n)}.json")
        if data is None:
            return None
        try:
            doc = json.loads(data)
        except ValueError:
            return None
        for pub in doc.get("publications", []):
            if pub.get("metadata", {}).get("published") == day.isoformat():
                return posixpath.dirname(base), pub
        if not any(link.get("rel") == "next" for link in doc.get("links", [])):
            return None
    return None


def _rebase(folder: str, href: str) -> str:
    """A link from a month feed in ``folder``, made relative to the search endpoint."""
    target = posixpath.normpath(posixpath.join(folder, unquote(href)))
    return quote(posixpath.relpath(target, posixpath.dirname(ENDPOINT)), safe="/-._~#")


def _article(url: str, here: str) -> str:
    """A hit's URL (from the site root: page?hl=…#anchor) relative to the folder ``here``;
    what is already percent-encoded stays so, what is not gets encoded."""
    parts = urlsplit(url)
    path = quote(posixpath.relpath(unquote(parts.path), here), safe="/-._~")
    query = f"?{quote(parts.query, safe='=&%+-._~')}" if parts.query else ""
    fragment = f"#{quote(parts.fragment, safe='%-._~')}" if parts.fragment else ""
    return path + query + fragment


def results(root: Path, query: str, hits: Sequence, site_title: str) -> bytes:
    """The acquisition feed of ``hits`` (site.search's Hit: paper, date, headline,
    page_label, url, snippet), one entry per issue."""
    issues: dict[tuple[str, datetime.date], list] = {}
    for h in hits:
        issues.setdefault((h.paper, h.date), []).append(h)
    here = posixpath.dirname(ENDPOINT)
    out = ['<?xml version="1.0" encoding="utf-8"?>\n'
           '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/"'
           ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xml:lang="zh">\n',
           f"  <id>{urn('search', query)}</id>\n",
           f"  <title>{text(f'检索：{query}')}</title>\n",
           f"  <subtitle>{text(f'{site_title} · {len(hits)}篇文章 · {len(issues)}期')}</subtitle>\n",
           f"  <updated>{stamp(max((d for _, d in issues), default=datetime.date(1970, 1, 1)))}</updated>\n",
           f"  <author><name>{GENERATOR}</name></author>\n",
           f"  <opensearch:totalResults>{len(issues)}</opensearch:totalResults>\n",
           f'  <link rel="self" href={attr("search?q=" + quote(query))} type="{ACQUISITION}"/>\n',
           f'  <link rel="start" href="../opds.xml" type="{NAVIGATION}"/>\n',
           f'  <link rel="search" href="../{DESCRIPTION}" type="{OPENSEARCH}"/>\n']
    for (paper, day), found in list(issues.items())[:MAX_ISSUES]:
        out.append(_entry(root, here, paper, day, found))
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")


def _entry(root: Path, here: str, paper: str, day: datetime.date, found: list) -> str:
    pub = _publication(root, paper, day)
    title = pub[1]["metadata"].get("title", paper) if pub else f"{paper} {day.isoformat()}"
    lines = [f"{h.headline}（{h.page_label}）：{h.snippet}" for h in found]
    out = ["  <entry>\n", f"    <title>{text(str(title))}</title>\n",
           f"    <id>{urn('issue', paper, day.isoformat())}</id>\n",
           f"    <updated>{stamp(day)}</updated>\n",
           f"    <author><name>{text(paper)}</name></author>\n",
           f"    <dc:issued>{day.isoformat()}</dc:issued>\n",
           f'    <summary type="text">{text(chr(10).join(lines))}</summary>\n']
    if pub:
        folder, p = pub
        for img, rel in zip(p.get("images", []), ("http://opds-spec.org/image",
                                                  "http://opds-spec.org/image/thumbnail"), strict=False):
            out.append(f'    <link rel="{rel}" href={attr(_rebase(folder, img["href"]))} '
                       f'type="{img.get("type", "image/jpeg")}"/>\n')
        for link in p.get("links", []):
            if link.get("rel", "").startswith("http://opds-spec.org/acquisition"):
                out.append(f'    <link rel={attr(link["rel"])} href={attr(_rebase(folder, link["href"]))} '
                           f'type={attr(link.get("type", "application/octet-stream"))}/>\n')
    for i, h in enumerate(found):
        rel = "alternate" if i == 0 else "related"
        out.append(f'    <link rel="{rel}" href={attr(_article(h.url, here))} '
                   f'type="{HTML}" title={attr(h.headline)}/>\n')
    out.append("  </entry>\n")
    return "".join(out)


def results_json(root: Path, query: str, hits: Sequence, site_title: str) -> bytes:
    """The OPDS 2.0 twin of ``results``: the catalogue's publications of the matching issues,
    their links made relative to the endpoint, the matching articles as their description."""
    issues: dict[tuple[str, datetime.date], list] = {}
    for h in hits:
        issues.setdefault((h.paper, h.date), []).append(h)
    here = posixpath.dirname(ENDPOINT2)
    me = quote(posixpath.basename(ENDPOINT2)) + "?query=" + quote(query)
    publications = []
    for (paper, day), found in list(issues.items())[:MAX_ISSUES]:
        pub = _publication(root, paper, day)
        if pub is None:
            continue            # not in the catalogue: nothing a reader app could fetch
        folder, p = pub
        p = json.loads(json.dumps(p))
        for link in p.get("links", []) + p.get("images", []):
            link["href"] = _rebase(folder, link["href"])
        p["links"] = [link for link in p.get("links", []) if link.get("rel") != "alternate"]
        p["links"].append({"rel": "alternate", "href": _article(found[0].url, here), "type": HTML,
                           "title": found[0].headline})
        p["metadata"]["description"] = "\n".join(
            f"{h.headline}（{h.page_label}）：{h.snippet}" for h in found)
        publications.append(p)
    doc: dict = {"metadata": {"title": f"检索：{query}", "subtitle": site_title,
                              "numberOfItems": len(publications)},
                 "links": [{"rel": "self", "href": me, "type": OPDS2},
                           {"rel": "start", "href": "../opds.json", "type": OPDS2}]}
    if publications:
        doc["publications"] = publications
    else:       # an OPDS 2.0 feed has publications or navigation: the way back
        doc["navigation"] = [{"href": "../opds.json", "title": "没有找到：返回目录", "type": OPDS2}]
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


__all__ = ["ENDPOINT", "ENDPOINT2", "DESCRIPTION", "OPENSEARCH", "OPDS2", "description", "results",
           "results_json", "with_search_link"]
