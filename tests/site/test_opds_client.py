"""The catalogue as a reader app uses it: over ``paper2book serve`` on 127.0.0.1, from the
root feed to a paper, a year, a month and an issue's acquisition link, each URL resolved
against the feed it is in; the downloaded EPUB passes EPUBCheck."""

from __future__ import annotations

import threading
import urllib.request
from urllib.parse import urljoin

import pytest
from lxml import etree

from paper2book.cli.epubcheck import epubcheck
from paper2book.site.opds import write_catalogue
from paper2book.site.serve import make_server

from .opds_site import PAPER, build_site

NS = {"a": "http://www.w3.org/2005/Atom"}
NAV = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQ = "application/atom+xml;profile=opds-catalog;kind=acquisition"


def _get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=20) as resp:
        return resp.headers["Content-Type"], resp.read()


def _subsection(url: str, title: str) -> tuple[str, str]:
    kind, body = _get(url)
    assert kind.startswith(NAV), (url, kind)
    feed = etree.fromstring(body)
    entries = feed.xpath("a:entry", namespaces=NS)
    (entry,) = [e for e in entries if e.findtext("a:title", namespaces=NS) == title]
    (link,) = entry.xpath("a:link[@rel='subsection']", namespaces=NS)
    return urljoin(url, link.get("href")), link.get("type")


@pytest.mark.slow
@pytest.mark.external("epubcheck")
def test_a_reader_app_walks_the_catalogue_and_gets_a_valid_epub(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    records = build_site(root, tmp_path / "dumps")
    write_catalogue(root, records, site_title="报纸档案")
    httpd = make_server(root, "127.0.0.1", 0, search=None)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        start = f"http://127.0.0.1:{httpd.server_address[1]}/opds.xml"
        paper, _ = _subsection(start, PAPER)
        year, _ = _subsection(paper, "2025年")
        month, kind = _subsection(year, "2025年12月")
        assert kind == ACQ
        got, body = _get(month)
        assert got.startswith(ACQ)
        entry = etree.fromstring(body).xpath("a:entry", namespaces=NS)[0]
        assert entry.findtext("{http://purl.org/dc/terms/}issued") == "2025-12-03"
        (acq,) = entry.xpath("a:link[@type='application/epub+zip']/@href", namespaces=NS)
        got, epub = _get(urljoin(month, acq))
        assert got == "application/epub+zip"
        thumb = entry.xpath("a:link[@rel='http://opds-spec.org/image/thumbnail']/@href", namespaces=NS)[0]
        assert _get(urljoin(month, thumb))[0] == "image/jpeg"
    finally:
        httpd.shutdown()
        httpd.server_close()
    downloaded = tmp_path / "downloaded.epub"
    downloaded.write_bytes(epub)
    assert epub == (root / records[-1].epub).read_bytes()
    report = epubcheck(downloaded)
    assert report.clean, report.messages
