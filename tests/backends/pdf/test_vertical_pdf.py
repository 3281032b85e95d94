"""The vertical PDF (--vertical --pdf), printed by Chromium: columns of one x running down
and right to left, running heads, CID fonts (no Type 3), R2L, and a text layer that gives
back the dump's characters in reading order (pdftotext -raw, mutool)."""

from __future__ import annotations

import http.server
import itertools
import os
import re
import subprocess
import threading
import time

import pikepdf
import pytest
from lxml import etree

from paper2book import read, write
from paper2book.backends.pdf.vertical import chromium
from paper2book.config.options import RenderOptions
from paper2book.errors import BackendError

from helpers import ROOT
from helpers.archive import make_archive

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
XHTML = {"h": "http://www.w3.org/1999/xhtml"}
pytestmark = [pytest.mark.slow, pytest.mark.external("chromium"),
              pytest.mark.external("poppler"), pytest.mark.external("mutool")]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The seed's vertical PDF and a generated week's (a volume: title page, 总目录), with
    the group id of each print's browser."""
    folder = tmp_path_factory.mktemp("vertical-pdf")
    groups = []
    opened = chromium.Browser.__init__

    def record(self, *a, **kw):
        opened(self, *a, **kw)
        groups.append(self.proc.pid)

    chromium.Browser.__init__ = record
    try:
        out = {}
        options = RenderOptions(writing_mode="vertical")
        write(read(SEED), "pdf", folder / "seed.pdf", options)
        out["seed"] = (folder / "seed.pdf", [SEED])
        week = make_archive(folder / "dumps", issues_per_month=7)
        write(read(week), "pdf", folder / "week.pdf", options)
        out["week"] = (folder / "week.pdf", week)
    finally:
        chromium.Browser.__init__ = opened
    return out, groups


def _paragraphs(dump):
    """The dump's paragraphs as read, CJK and punctuation only (Latin and long numbers are
    set sideways, and their runs come out apart)."""
    texts = [b.text for a in read(dump).articles for b in a.blocks]
    return [_cjk(t) for t in texts if len(_cjk(t)) >= 6]


_FULL = str.maketrans(",;:?!()", "，；：？！（）")


def _cjk(text):
    # Dashes and ellipses are drawn turned, as runs of their own.
    return re.sub(r"[\sA-Za-z0-9.%+\-_/:：·—…]", "", text.translate(_FULL))


def _in_order(paragraphs, text):
    at = 0
    for para in paragraphs:
        found = text.find(para, at)
        assert found >= 0, para[:30]
        at = found + len(para)


def _pages(path):
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         check=True).stdout
    return etree.fromstring(xml, etree.XMLParser(recover=True)).findall(".//h:page", XHTML)


def _columns(path):
    """Each page's body text (not the running head or page number) as columns, in the order
    Chromium draws them (``pdftotext -raw -bbox``): a column is a run of words whose
    centres share one x; each column as (x, top, bottom, its words' text)."""
    xml = subprocess.run(["pdftotext", "-raw", "-bbox", str(path), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True))
    pages = []
    for page in root.iterfind(".//h:page", XHTML):
        height = float(page.get("height"))
        columns: list[list] = []
        for w in page.iterfind(".//h:word", XHTML):
            x0, x1, y0, y1 = (float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax"))
            if y1 <= 45 or y0 >= height - 40:
                continue
            x = (x0 + x1) / 2
            if columns and abs(columns[-1][0] - x) < 1.5 and y0 > columns[-1][1]:
                columns[-1][2] = y1
                columns[-1][3].append((y0, w.text))
            else:
                columns.append([x, y0, y1, [(y0, w.text)]])
        pages.append(columns)
    return pages


@pytest.mark.parametrize("name", ["seed", "week"])
def test_columns_descend_and_run_right_to_left(made, name):
    """Each column's characters share one x and run down; the next column stands to its
    left, unless it begins the next tier (段) of a 版面 or the contents, below it."""
    path, dumps = made[0][name]
    leftward = 0
    for columns in _columns(path):
        assert columns
        for column in columns:
            tops = [y for y, _ in column[3]]
            assert tops == sorted(tops), "".join(t for _, t in column[3])
        for before, after in itertools.pairwise(columns):
            if after[0] < before[0] - 1.5:
                leftward += 1
            else:
                assert after[1] > before[2] - 1, ("".join(t for _, t in before[3]),
                                                  "".join(t for _, t in after[3]))
    assert leftward > 20
    # Read column by column, the pages give the dump's text in order.
    text = _cjk("".join(t for columns in _columns(path) for c in columns for _, t in c[3]))
    for dump in dumps:
        _in_order(_paragraphs(dump), text)


@pytest.mark.parametrize("name", ["seed", "week"])
def test_every_page_but_the_front_matter_has_a_running_head(made, name):
    path, dumps = made[0][name]
    pages = _pages(path)
    front = 2 if name == "week" else 0              # title page and 总目录
    for k, page in enumerate(pages):
        top = [w.text for w in page.iterfind(".//h:word", XHTML) if float(w.get("yMax")) < 45]
        head = " ".join(top)
        if k < front:
            assert not top, head
        else:
            assert "九江日报" in head and re.search(r"第\d+版", head), (k, head)


@pytest.mark.parametrize("name", ["seed", "week"])
def test_fonts_are_embedded_cid_fonts_and_pages_go_right_to_left(made, name):
    path, _ = made[0][name]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and "Type 3" not in fonts.stdout
    assert all("CID TrueType" in r and " yes yes yes " in r for r in rows), rows
    with pikepdf.open(path) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == "/R2L"
        assert str(pdf.Root.Lang) == "zh-CN"
        assert "/Outlines" in pdf.Root
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info


@pytest.mark.parametrize("name", ["seed", "week"])
@pytest.mark.parametrize("tool", [["pdftotext", "-raw", "{}", "-"],
                                  ["mutool", "draw", "-F", "txt", "-o", "-", "{}"]])
def test_text_layer_gives_back_the_dump_in_reading_order(made, name, tool):
    path, dumps = made[0][name]
    out = subprocess.run([a.format(path) for a in tool], capture_output=True, text=True,
                         check=True).stdout
    # No Kangxi radical, compatibility ideograph or vertical presentation form stands in
    # for the dump's 行 一 力 and ，。：
    assert not re.search("[\u2e80-\u2fdf\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f]", out)
    # Each page's text opens on its running head and number: a paragraph over a page
    # break reads on without them.
    head = re.compile(r"\S+ \d{4}年\d+月\d+日 星期. 第\S+版.*|\d+")
    text = _cjk("".join(ln for ln in out.splitlines() if not head.fullmatch(ln.strip())))
    for dump in dumps:
        _in_order(_paragraphs(dump), text)
    assert "行" in text and "一" in text and "，" in text


def test_no_browser_process_outlives_the_print(made):
    _, groups = made
    assert len(groups) == 2
    # Killed processes are gone once their new parent (init) has reaped them: allow it a moment.
    deadline = time.monotonic() + 10
    alive = list(groups)
    while alive and time.monotonic() < deadline:
        alive = [g for g in alive if _group_alive(g)]
        time.sleep(0.1)
    assert not alive, [_group_members(g) for g in alive]


def _group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _group_members(group):
    out = subprocess.run(["ps", "-eo", "pid,pgid,stat,comm"], capture_output=True, text=True)
    return [ln for ln in out.stdout.splitlines()[1:] if ln.split()[1] == str(group)]


def test_without_chromium_one_line_names_what_to_install(run_cli, tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    r = run_cli(str(SEED), "--vertical", "--pdf", "-o", str(tmp_path / "v.pdf"),
                env={**os.environ, "PATH": str(bare)})
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "paper2book: error: a vertical PDF is printed by Chromium, which is not installed; "
        "install Chromium, e.g. on Debian/Ubuntu: apt-get install chromium"]
    assert not (tmp_path / "v.pdf").exists()


def test_doctor_reports_the_vertical_engine(run_cli, tmp_path):
    here = run_cli("doctor")
    line = next(ln for ln in here.stdout.splitlines() if ln[9:].startswith("Chromium"))
    assert line.startswith("OK") and "--vertical --pdf" in line
    bare = tmp_path / "bin"
    bare.mkdir()
    gone = run_cli("doctor", env={**os.environ, "PATH": str(bare)})
    line = next(ln for ln in gone.stdout.splitlines() if ln[9:].startswith("Chromium"))
    assert line.startswith("absent") and "--vertical --pdf" in line
    assert "apt-get install chromium" in line


def test_the_browser_loads_nothing_from_the_network():
    """Not even from a server on this machine that would answer (the offline flags send
    every connection to a dead proxy)."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<p>here</p>")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with chromium.Browser() as browser:
            for url in (f"http://127.0.0.1:{server.server_port}/", "http://example.com/"):
                reply = browser.call("Page.navigate", session=True, url=url)
                assert reply.get("errorText"), (url, reply)
    finally:
        server.shutdown()
    assert asked == []


def test_a_failed_print_leaves_no_browser_and_no_file(tmp_path, monkeypatch):
    groups = []
    opened = chromium.Browser.__init__

    def record(self, *a, **kw):
        opened(self, *a, **kw)
        groups.append(self.proc.pid)

    def fail(self, *a, **kw):
        raise chromium.BrowserError("no answer from Chromium")

    monkeypatch.setattr(chromium.Browser, "__init__", record)
    monkeypatch.setattr(chromium.Browser, "print_pdf", fail)
    with pytest.raises(BackendError, match="no answer from Chromium"):
        write(read(SEED), "pdf", tmp_path / "v.pdf", RenderOptions(writing_mode="vertical"))
    assert not (tmp_path / "v.pdf").exists()
    deadline = time.monotonic() + 10
    while _group_alive(groups[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(groups[0]), _group_members(groups[0])
