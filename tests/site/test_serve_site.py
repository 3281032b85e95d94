"""``serve`` over a site the real build made (``--site --epub``): the catalogue is there, and a
reader app's search answers from the site's own index with the site's own results."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.request
from urllib.parse import quote, urljoin

import pytest
from lxml import etree

from paper2book.site.serve import make_server
from tests.helpers.archive import make_archive

from .test_opds_validate import _errors, _jing, _rnc

pytest.importorskip("paper2book.site.build", reason="the site build (branch site) is not merged here")

NS = {"a": "http://www.w3.org/2005/Atom", "os": "http://a9.com/-/spec/opensearch/1.1/",
      "dc": "http://purl.org/dc/terms/"}


def _get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=20) as resp:
        return resp.headers["Content-Type"], resp.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    dumps = tmp_path_factory.mktemp("dumps")
    make_archive(dumps, months=((2025, 11), (2025, 12)), issues_per_month=3)
    site = tmp_path_factory.mktemp("out") / "site"
    result = subprocess.run([sys.executable, "-m", "paper2book", str(dumps), "--site", str(site), "--epub",
                             "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    httpd = make_server(site, "127.0.0.1", 0)       # the real search, found by serve itself
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.slow
@pytest.mark.external("jing")
def test_search_from_a_reader_app_matches_the_site_search(served, tmp_path):
    from paper2book.site.search import search

    site, base = served
    assert (site / "opds.xml").is_file() and (site / "opds.json").is_file()
    feed = etree.fromstring(_get(base + "opds.xml")[1])
    description = urljoin(base + "opds.xml", feed.xpath("a:link[@rel='search']/@href", namespaces=NS)[0])
    template = etree.fromstring(_get(description)[1]).xpath(
        "os:Url[starts-with(@type, 'application/atom+xml')]/@template", namespaces=NS)[0]
    # A headline of the archive, searched for as a reader app would.
    month = etree.parse(str(next((site / "opds").rglob("2025-12.xml")))).getroot()
    headline = month.findtext("a:entry/a:summary", namespaces=NS).split("；")[0]
    query = headline[:4]
    url = template.replace("{searchTerms}", quote(query))
    kind, body = _get(url)
    assert kind.startswith("application/atom+xml;profile=opds-catalog;kind=acquisition")
    results = etree.fromstring(body)
    hits = search(site, query)
    assert hits
    issued = [e.findtext("dc:issued", namespaces=NS) for e in results.xpath("a:entry", namespaces=NS)]
    assert issued == list(dict.fromkeys(h.date.isoformat() for h in hits))
    titles = results.xpath("a:entry/a:link[@rel='alternate' or @rel='related']/@title", namespaces=NS)
    assert titles == [h.headline for h in hits]
    first = results.xpath("a:entry", namespaces=NS)[0]
    epub = first.xpath("a:link[@type='application/epub+zip']/@href", namespaces=NS)[0]
    got, data = _get(urljoin(url, epub))
    assert got == "application/epub+zip" and data[:2] == b"PK"
    article = first.xpath("a:link[@rel='alternate']/@href", namespaces=NS)[0]
    assert _get(urljoin(url, article))[0].startswith("text/html")
    saved = tmp_path / "results.xml"           # the results feed is OPDS too
    saved.write_bytes(body)
    proc = _jing(_rnc(tmp_path), [saved])
    assert _errors(proc) == [], proc.stdout
