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

import pikepdf
import pytest
from lxml import etree

from paper2book import read, write
from paper2book.backends.pdf.vertical import chromium
from paper2book.config.options import RenderOptions

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


def _columns(page):
    """The page's body text (not the running head or page number) as columns in reading
    order: words whose centres share one x, top to bottom, make a column (a gap between
    glyph boxes ends it).  A 版面's articles are set in tiers (段): first the
    columns that run down the whole page (masthead, band), right to left, then each tier
    from the top, its columns right to left.  (Poppler's own blocks may join columns.)"""
    height = float(page.get("height"))
    words = []
    for w in page.iterfind(".//h:word", XHTML):
        x0, x1, y0, y1 = (float(w.get(k)) for k in ("xMin", "xMax", "yMin", "yMax"))
        if y1 > 45 and y0 < height - 40:
            words.append(((x0 + x1) / 2, y0, y1, w.text))
    by_x: list[list[tuple]] = []
    for word in sorted(words, key=lambda w: (-round(w[0]), w[1])):
        if by_x and abs(by_x[-1][0][0] - word[0]) < 1.5:
            by_x[-1].append(word)
        else:
            by_x.append([word])
    columns = []
    for group in by_x:
        group.sort(key=lambda w: w[1])
        column = [group[0]]
        for word in group[1:]:
            if word[1] - column[-1][2] > 3:        # glyph boxes overlap within a column
                columns.append(column)
                column = []
            column.append(word)
        columns.append(column)
    body = height - 85
    full = [c for c in columns if c[-1][2] - c[0][1] > 0.6 * body]
    tiered = [c for c in columns if c[-1][2] - c[0][1] <= 0.6 * body]
    # Tiers: the bands of y that the short columns cover, merged where they overlap.
    bands: list[list[float]] = []
    for c in sorted(tiered, key=lambda c: c[0][1]):
        if bands and c[0][1] < bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], c[-1][2])
        else:
            bands.append([c[0][1], c[-1][2]])

    def tier(c):
        return next(k for k, b in enumerate(bands) if b[0] <= c[0][1] <= b[1])

    return (sorted(full, key=lambda c: -c[0][0])
            + sorted(tiered, key=lambda c: (tier(c), -c[0][0])))


@pytest.mark.parametrize("name", ["seed", "week"])
def test_columns_descend_and_run_right_to_left(made, name):
    path, dumps = made[0][name]
    read_rtl = []
    for page in _pages(path):
        columns = _columns(page)
        assert columns
        for column in columns:
            # The glyphs of a column stand one under the other, none beside another.
            tops = [w[1] for w in column]
            steps = [b - a for a, b in itertools.pairwise(tops)]
            assert all(s > 1 for s in steps), "".join(w[3] for w in column)
        read_rtl.append("".join(w[3] for column in columns for w in column))
    # Read column by column from the right, the pages give the dump's text in order.
    text = _cjk("".join(read_rtl))
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
    for group in groups:
        with pytest.raises(ProcessLookupError):
            os.killpg(group, 0)


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
    assert "OK       chromium (vertical PDF)" in here.stdout
    bare = tmp_path / "bin"
    bare.mkdir()
    gone = run_cli("doctor", env={**os.environ, "PATH": str(bare)})
    line = next(ln for ln in gone.stdout.splitlines() if "chromium (vertical PDF)" in ln)
    assert line.startswith("absent") and "apt-get install chromium" in line


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
