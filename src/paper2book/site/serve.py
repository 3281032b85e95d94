"""``paper2book serve DIR``: a site folder over HTTP, read-only, never outside DIR.

The standard library's ThreadingHTTPServer: a thread per connection and a socket timeout,
so a slow client holds only its own thread.  GET and HEAD only (every other method 405).
A path is refused (403) when, percent-decoded, any part is ``..``, ``.``, hidden (starts
with ``.``) or holds a backslash or NUL, or when it resolves (symbolic links followed)
outside DIR; a folder is served only through its ``index.html``, never listed.

Search, which a static folder cannot answer, is added here: ``/opensearch.xml`` describes
it, ``/opds/search?q=…`` answers as an OPDS acquisition feed from the site's own index
(site.search), and the catalogue's feeds are served with a link to the description.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import posixpath
import re
import shutil
import stat
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import socket
from types import EllipsisType
from typing import TYPE_CHECKING, Protocol
from urllib.parse import SplitResult, parse_qs, quote, unquote, urlsplit

from .opds import search as opds_search
from .opds.atom import ACQUISITION, NAVIGATION
from .opds.json2 import OPDS2
from .opds.store import read_plain
from .opds.tree import FOLDER, ROOT

if TYPE_CHECKING:
    from .search import Hit

log = logging.getLogger("paper2book")

TIMEOUT = 30                 # seconds a client may take to send its request
UTF8 = "; charset=utf-8"
TYPES = {
    ".html": "text/html" + UTF8, ".htm": "text/html" + UTF8, ".css": "text/css" + UTF8,
    ".js": "text/javascript" + UTF8, ".mjs": "text/javascript" + UTF8,
    ".json": "application/json" + UTF8, ".xml": "application/xml" + UTF8,
    ".txt": "text/plain" + UTF8, ".svg": "image/svg+xml", ".epub": "application/epub+zip",
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf",
}
_MONTH_FEED = re.compile(r"\d{4}-\d{2}(-p\d+)?\.xml")


def content_type(rel: str) -> str:
    """The Content-Type of the site file ``rel`` (a POSIX path from the site root)."""
    name = posixpath.basename(rel)
    suffix = posixpath.splitext(name)[1].lower()
    if _is_feed(rel):
        if suffix == ".json":
            return OPDS2 + UTF8
        kind = ACQUISITION if _MONTH_FEED.fullmatch(name) else NAVIGATION
        return kind + UTF8
    if rel == opds_search.DESCRIPTION:
        return opds_search.OPENSEARCH + UTF8
    return TYPES.get(suffix, "application/octet-stream")


def _is_feed(rel: str) -> bool:
    if rel in (f"{ROOT}.xml", f"{ROOT}.json"):
        return True
    return (rel.startswith(FOLDER + "/") and rel.endswith((".xml", ".json"))
            and "/covers/" not in rel)


class SearchFn(Protocol):
    """site.search.search's signature (the tests hand in their own)."""

    def __call__(self, root: Path, query: str, *, paper: str | None = None,
                 year: int | None = None) -> list[Hit]: ...


class Refused(Exception):
    """A request answered with an error status (400, 403, 404) and nothing of the folder."""

    def __init__(self, status: HTTPStatus):
        self.status = status


def resolve(root: Path, url_path: str) -> tuple[Path, str]:
    """The file (or folder) ``url_path`` names inside ``root`` (a real path) and its POSIX path
    from the root; Refused(403) for anything that would leave it or is hidden, 400 for a
    path that is not one (no leading slash, bytes that are not UTF-8)."""
    try:
        decoded = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        raise Refused(HTTPStatus.BAD_REQUEST) from None
    if not decoded.startswith("/"):
        raise Refused(HTTPStatus.BAD_REQUEST)
    parts = [p for p in decoded.split("/") if p]
    for p in parts:
        if p.startswith(".") or "\\" in p or "\0" in p:
            raise Refused(HTTPStatus.FORBIDDEN)
    target = root.joinpath(*parts)
    real = os.path.realpath(target)
    if real != str(root) and not real.startswith(str(root) + os.sep):
        raise Refused(HTTPStatus.FORBIDDEN)             # a symbolic link out of the folder
    return Path(real), "/".join(parts)


class SiteHandler(BaseHTTPRequestHandler):
    server_version = "paper2book"
    timeout = TIMEOUT
    root: Path                    # set on the subclass make_server builds
    server: ThreadingHTTPServer   # make_server's
    search: SearchFn | None = None    # site.search.search, or None: no search
    index: str | None = None      # the file search needs in the folder (else it is off)

    def version_string(self) -> str:
        return self.server_version          # not Python's version: nothing a client needs

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError) as e:
            # A client that went away mid-answer (a reader app cancelling a download).
            log.debug("serve: %s: %s", self.address_string(), e)

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Any other method (POST, PUT, DELETE, …): 405, not http.server's 501.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        log.info("serve: %s %s", self.address_string(), format % args)

    # ------------------------------------------------------------------ answering

    def _answer(self, body: bool) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == "/" + opds_search.DESCRIPTION and self._searchable():
                self._send(opds_search.description(self._base(), self._site_title()),
                           opds_search.OPENSEARCH + UTF8, body)
                return
            if url.path in ("/" + opds_search.ENDPOINT, "/" + opds_search.ENDPOINT2) and self._searchable():
                self._search(parse_qs(url.query), url.path.endswith(".json"), body)
                return
            real, rel = resolve(self.root, url.path)
            self._file(real, rel, url, body)
        except Refused as e:
            self._error(e.status, body)

    def _file(self, real: Path, rel: str, url: SplitResult, body: bool) -> None:
        try:
            st = os.stat(real)
        except OSError:
            raise Refused(HTTPStatus.NOT_FOUND) from None
        if stat.S_ISDIR(st.st_mode):
            if not url.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                # Built from the resolved path, never the raw one: "//host" must not redirect away.
                location = quote("/" + rel + "/" if rel else "/", safe="/-._~")
                self.send_header("Location", location + (f"?{url.query}" if url.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            real, rel = resolve(self.root, "/" + posixpath.join(rel, "index.html"))
            self._file(real, rel, url._replace(path=url.path + "index.html"), body)
            return
        if not stat.S_ISREG(st.st_mode):
            raise Refused(HTTPStatus.NOT_FOUND)
        kind = content_type(rel)
        if _is_feed(rel) and self._searchable():
            with open(real, "rb") as f:
                data = f.read()
            self._send(opds_search.with_search_link(data, rel), kind, body)
            return
        try:
            f = open(real, "rb")  # noqa: SIM115 - closed below, after the headers go
        except OSError:
            raise Refused(HTTPStatus.NOT_FOUND) from None
        with f:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
            self._common_headers()
            self.end_headers()
            if body:
                shutil.copyfileobj(f, self.wfile, 1 << 16)

    def _searchable(self) -> bool:
        return self.search is not None and (self.index is None or (self.root / self.index).is_file())

    def _search(self, query: dict[str, list[str]], opds2: bool, body: bool) -> None:
        search = self.search
        if search is None:          # _answer asked _searchable() first
            raise Refused(HTTPStatus.NOT_FOUND)
        q = " ".join(query.get("query" if opds2 else "q", query.get("q", [""]))).strip()
        if not q:
            raise Refused(HTTPStatus.BAD_REQUEST)
        paper = query["paper"][0] if query.get("paper") else None
        year = query["year"][0] if query.get("year") else None
        # ASCII digits, a year's few: "²" is a digit to str.isdigit and not to int(), and
        # int() refuses 5,000 digits; either dropped the connection unanswered.
        plain = year is not None and year.isascii() and year.isdigit() and len(year) <= 6
        hits = search(self.root, q, paper=paper, year=int(year) if plain and year else None)
        if opds2:
            self._send(opds_search.results_json(self.root, q, hits, self._site_title()), OPDS2 + UTF8, body)
        else:
            self._send(opds_search.results(self.root, q, hits, self._site_title()), ACQUISITION + UTF8, body)

    def _send(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _common_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")

    def _error(self, status: HTTPStatus, body: bool) -> None:
        data = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" + UTF8)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _base(self) -> str:
        """This server's URL as the client reached it (the Host header when it is a plain
        host[:port]), for OpenSearch's absolute templates."""
        host = self.headers.get("Host", "")
        if not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
            addr, port = address_of(self.server)
            host = f"[{addr}]:{port}" if ":" in str(addr) else f"{addr}:{port}"
        return f"http://{host}/"

    def _site_title(self) -> str:
        try:
            return str(json.loads(read_plain(self.root / f"{ROOT}.json") or b"")["metadata"]["title"])
        except (ValueError, KeyError, TypeError):
            return self.root.name


def address_of(server: ThreadingHTTPServer) -> tuple[str, int]:
    """The host and port ``server`` listens on (a name bound comes back as text, not bytes)."""
    host, port = server.server_address[:2]
    return (host.decode() if isinstance(host, bytes | bytearray) else host), port


def find_search() -> tuple[SearchFn, str] | tuple[None, None]:
    """The site's search (site.search.search) and the index file it needs, or (None, None)
    when this build of paper2book has no site search."""
    try:
        from . import layout
        from .search import search
    except ImportError:
        return None, None
    return search, layout.META


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket | tuple[bytes, socket],
                     client_address: tuple[str, int] | tuple[str, int, int, int]) -> None:
        # One line, not socketserver's traceback on stderr; the server goes on.
        import sys

        e = sys.exc_info()[1]
        log.error("serve: internal error answering %s: %s: %s", client_address[0], type(e).__name__, e)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, *,
                search: SearchFn | None | EllipsisType = ...) -> ThreadingHTTPServer:
    """A server for the folder ``root`` (not yet serving: call serve_forever)."""
    real = Path(os.path.realpath(root))
    if not real.is_dir():
        raise NotADirectoryError(str(root))
    fn, index = find_search() if search is ... else (search, None)
    handler = type("Handler", (SiteHandler,), {
        "root": real, "search": staticmethod(fn) if fn is not None else None, "index": index})
    server = _Server((host, port), handler)
    return server
