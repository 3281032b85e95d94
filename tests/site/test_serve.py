"""``paper2book serve``: a site folder over HTTP, read-only and never outside it; OPDS content
types; OpenSearch for reader apps; slow clients; Ctrl-C."""

from __future__ import annotations

import datetime
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree

from paper2book.site.opds import write_catalogue
from paper2book.site.serve import make_server

from .opds_site import PAPER, build_site

NS = {"a": "http://www.w3.org/2005/Atom", "os": "http://a9.com/-/spec/opensearch/1.1/"}
SECRET = "the secret outside the site"


class FakeHit:
    def __init__(self, date, headline, url):
        self.paper, self.date, self.headline, self.url = PAPER, date, headline, url
        self.page_label, self.snippet = "第01版 要闻", f"……{headline}……"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    records = build_site(root, tmp_path_factory.mktemp("dumps"))
    write_catalogue(root, records, site_title="报纸档案")
    (root / "index.html").write_text("<!doctype html><title>档案</title>\n", "utf-8")
    (root / "_p2b").mkdir()
    (root / "_p2b" / "site.css").write_text("body{}\n", "utf-8")
    (root / "_p2b" / "search.js").write_text("var x;\n", "utf-8")
    (root / "no-index").mkdir()
    (root / "no-index" / "a.txt").write_text("a\n", "utf-8")
    (root / ".hidden").write_text("hidden\n", "utf-8")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    os.symlink(outside, root / "out")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink(root / "index.html", root / "inside-link.html")
    return root, records


class Server:
    def __init__(self, root, search):
        self.calls = []

        def recorded(r, q, **kw):
            self.calls.append((r, q, kw))
            return search(r, q, **kw)

        self.httpd = make_server(root, "127.0.0.1", 0, search=recorded if search else None)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str, method: str = "GET", headers=None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)   # sent as written: no normalising
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            conn.endheaders()
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _hits(root, query, **kw):
    dec, nov = datetime.date(2025, 12, 2), datetime.date(2025, 11, 1)
    return [FakeHit(dec, "暖心驿站开门", "issues/2025/12/2025-12-02.html?hl=%E6%9A%96#b01-2"),
            FakeHit(dec, "驿站二则", "issues/2025/12/2025-12-02.html#b02-1"),
            FakeHit(nov, "十一月的驿站", "issues/2025/11/2025-11-01.html#b01-1")]


@pytest.fixture(scope="module")
def server(site):
    s = Server(site[0], _hits)
    yield s
    s.close()


@pytest.fixture(scope="module")
def plain_server(site):
    s = Server(site[0], None)
    yield s
    s.close()


def test_files_with_their_content_types(server, site):
    root, records = site
    month = next((root / "opds").rglob("2025-12.xml")).relative_to(root).as_posix()
    expected = {
        "/": "text/html; charset=utf-8",
        "/index.html": "text/html; charset=utf-8",
        "/_p2b/site.css": "text/css; charset=utf-8",
        "/_p2b/search.js": "text/javascript; charset=utf-8",
        "/opds.xml": "application/atom+xml;profile=opds-catalog;kind=navigation; charset=utf-8",
        f"/{month}": "application/atom+xml;profile=opds-catalog;kind=acquisition; charset=utf-8",
        "/opds.json": "application/opds+json; charset=utf-8",
        f"/{records[0].epub}": "application/epub+zip",
        "/inside-link.html": "text/html; charset=utf-8",     # a link that stays inside is fine
    }
    for path, kind in expected.items():
        status, headers, body = server.get(path)
        assert (status, headers["content-type"]) == (200, kind), path
        assert headers["x-content-type-options"] == "nosniff"
    status, _, body = server.get(f"/{records[0].epub}")
    assert body == (root / records[0].epub).read_bytes()


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/opds/../../secret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/secret.txt",
    "/opds/%2e%2e/%2e%2e/x", "/out/secret.txt", "/secret.txt", "/.hidden", "/%2ehidden",
    "/a%00b", "/a%5c..%5csecret.txt", "/out/",
])
def test_refuses_what_would_leave_the_folder(server, path):
    status, _, body = server.get(path)
    assert status in (400, 403, 404), path
    assert SECRET.encode() not in body


def test_no_folder_listings(server):
    status, headers, _ = server.get("/no-index")
    assert status == 301 and headers["location"] == "/no-index/"
    status, _, body = server.get("/no-index/")
    assert status == 404 and b"a.txt" not in body
    assert server.get("/no-index/a.txt")[0] == 200
    assert server.get("/missing.html")[0] == 404
    status, headers, _ = server.get("//no-index")           # never a redirect to another host
    assert status == 301 and headers["location"] == "/no-index/"


def test_head_and_other_methods(server, site):
    root, _ = site
    status, headers, body = server.get("/opds.xml", "HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) > 0
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
        status, headers, _ = server.get("/index.html", method)
        assert status == 405 and headers["allow"] == "GET, HEAD", method
    assert (root / "index.html").read_text("utf-8").startswith("<!doctype html>")


def _resolve(base: str, href: str) -> str:
    """A link as a client follows it: resolved against the URL of the feed it is in."""
    return urljoin(f"http://h{base}", href).split("http://h", 1)[1]


def test_opensearch_description_and_search(server, site):
    root, records = site
    status, headers, body = server.get("/opensearch.xml", headers={"Host": f"127.0.0.1:{server.port}"})
    assert status == 200 and headers["content-type"].startswith("application/opensearchdescription+xml")
    desc = etree.fromstring(body)
    template = desc.xpath("os:Url[starts-with(@type, 'application/atom+xml')]/@template", namespaces=NS)[0]
    assert template == f"http://127.0.0.1:{server.port}/opds/search?q={{searchTerms}}"
    # A served feed links to it; the file on disk does not (a static folder cannot search).
    feed = etree.fromstring(server.get("/opds.xml")[2])
    assert feed.xpath("a:link[@rel='search']/@href", namespaces=NS) == ["opensearch.xml"]
    assert b'rel="search"' not in (root / "opds.xml").read_bytes()

    path = template.split(str(server.port), 1)[1].replace("{searchTerms}", "%E9%A9%BF%E7%AB%99")
    status, headers, body = server.get(path)
    assert status == 200 and "kind=acquisition" in headers["content-type"]
    assert server.calls[-1][1] == "驿站"
    results = etree.fromstring(body)
    entries = results.xpath("a:entry", namespaces=NS)
    assert [e.findtext("{http://purl.org/dc/terms/}issued") for e in entries] == ["2025-12-02", "2025-11-01"]
    first = entries[0]
    assert "暖心驿站开门" in first.findtext("a:summary", namespaces=NS)
    # Its acquisition link is the EPUB, reachable over the same server.
    acq = first.xpath("a:link[@rel='http://opds-spec.org/acquisition/open-access']/@href", namespaces=NS)
    assert len(acq) == 1
    status, headers, epub = server.get(_resolve(path, acq[0]))
    rec = next(r for r in records if r.date == datetime.date(2025, 12, 2))
    assert status == 200 and epub == (root / rec.epub).read_bytes()
    alternate = first.xpath("a:link[@rel='alternate']/@href", namespaces=NS)[0]
    assert alternate == "../issues/2025/12/2025-12-02.html?hl=%E6%9A%96#b01-2"
    assert server.get(urlsplit(_resolve(path, alternate)).path)[0] == 200
    thumb = first.xpath("a:link[@rel='http://opds-spec.org/image/thumbnail']/@href", namespaces=NS)[0]
    assert server.get(_resolve(path, thumb))[1]["content-type"] == "image/jpeg"
    assert server.get("/opds/search?q=")[0] == 400


def test_opds2_search(server, site):
    import json

    from .test_opds_validate import _validator

    root, records = site
    served = json.loads(server.get("/opds.json")[2])
    (link,) = [x for x in served["links"] if x["rel"] == "search"]
    assert link == {"rel": "search", "href": "opds/search.json{?query}", "type": "application/opds+json",
                    "templated": True}
    assert "search" not in (root / "opds.json").read_text("utf-8")
    path = "/" + link["href"].replace("{?query}", "?query=%E9%A9%BF%E7%AB%99")
    status, headers, body = server.get(path)
    assert status == 200 and headers["content-type"] == "application/opds+json; charset=utf-8"
    assert server.calls[-1][1] == "驿站"
    doc = json.loads(body)
    assert list(_validator().iter_errors(doc)) == []
    pubs = doc["publications"]
    assert [p["metadata"]["published"] for p in pubs] == ["2025-12-02", "2025-11-01"]
    assert pubs[0]["metadata"]["description"].startswith("暖心驿站开门（第01版 要闻）")
    (epub,) = [x["href"] for x in pubs[0]["links"] if x["type"] == "application/epub+zip"]
    rec = next(r for r in records if r.date == datetime.date(2025, 12, 2))
    assert server.get(_resolve(path, epub))[2] == (root / rec.epub).read_bytes()
    for image in pubs[0]["images"]:
        assert server.get(_resolve(path, image["href"]))[1]["content-type"] == "image/jpeg"


def test_a_search_that_finds_nothing_is_still_a_feed(site):
    import json

    from .test_opds_validate import _validator

    s = Server(site[0], lambda root, q, **kw: [])
    try:
        doc = json.loads(s.get("/opds/search.json?query=nothing")[2])
        assert list(_validator().iter_errors(doc)) == [] and "publications" not in doc
        feed = etree.fromstring(s.get("/opds/search?q=nothing")[2])
        assert feed.xpath("a:entry", namespaces=NS) == []
        assert feed.findtext("os:totalResults", namespaces=NS) == "0"
    finally:
        s.close()


def test_without_search_nothing_is_added(plain_server, site):
    root, _ = site
    assert plain_server.get("/opensearch.xml")[0] == 404
    assert plain_server.get("/opds/search?q=x")[0] == 404
    assert plain_server.get("/opds/search.json?query=x")[0] == 404
    assert plain_server.get("/opds.json")[2] == (root / "opds.json").read_bytes()
    assert plain_server.get("/opds.xml")[2] == (root / "opds.xml").read_bytes()


def test_a_slow_client_does_not_block_others(server):
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        slow.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")     # and never finishes
        started = time.monotonic()
        assert server.get("/opds.xml")[0] == 200
        assert time.monotonic() - started < 5
    finally:
        slow.close()


def _start_cli(folder, *args):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "paper2book", "serve", str(folder), "--port", "0", *args],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stderr.readline()
    return proc, line


@pytest.mark.slow
def test_cli_ctrl_c_stops_cleanly(site):
    root, _ = site
    proc, line = _start_cli(root)
    try:
        assert line.startswith(f"serving {root} at http://127.0.0.1:") and "this machine only" in line
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/opds.xml")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=20)
        rest = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert rc == 0
    assert rest.strip().splitlines() == ["stopped"]


@pytest.mark.slow
def test_cli_says_when_it_is_open_to_the_network(site, tmp_path):
    root, _ = site
    proc, line = _start_cli(root, "--host", "0.0.0.0")
    try:
        assert "open to the network" in line
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    result = subprocess.run([sys.executable, "-m", "paper2book", "serve", str(tmp_path / "nope")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"paper2book: error: {tmp_path / 'nope'}: not a folder"]


@pytest.mark.parametrize("year", ["%C2%B2", "9" * 5000, "%D9%A2%D9%A0%D9%A2%D9%A5"])
def test_a_year_that_is_no_number_is_no_filter(server, year):
    # "²" and Arabic-Indic digits pass str.isdigit() and int() refuses "²"; 5,000 digits
    # pass too and int() refuses them: each dropped the connection with no answer.
    status, headers, _ = server.get(f"/opds/search?q=%E9%A9%BF&year={year}")
    assert status == 200 and "kind=acquisition" in headers["content-type"]
    assert server.calls[-1][2]["year"] in (None, 2025)
