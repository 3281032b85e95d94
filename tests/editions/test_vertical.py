"""Vertical EPUB and HTML (writing_mode: vertical): package metadata, style sheet, upright
numbers, EPUBCheck and Ace, and a Chromium rendering whose ink runs in columns right to left."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile

import pytest
from lxml import etree

from paper2book import write
from paper2book.cli.epubcheck import epubcheck
from paper2book.config.options import RenderOptions

from helpers import ROOT, tools
from helpers.seed import seed_book

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


@pytest.fixture(scope="module")
def vertical(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vertical")
    options = RenderOptions(script="traditional", writing_mode="vertical")
    write(seed_book(), "epub", folder / "v.epub", options)
    write(seed_book(), "html", folder / "v.html", options)
    write(seed_book(), "epub", folder / "h.epub", RenderOptions())
    return folder


def test_package_and_style(vertical):
    with zipfile.ZipFile(vertical / "v.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        css = z.read("EPUB/styles/epub.css").decode()
        article = etree.fromstring(z.read("EPUB/i01-p03-a01.xhtml"))
    assert opf.xpath("/o:package/o:spine/@page-progression-direction",
                     namespaces={"o": OPF[1:-1]}) == ["rtl"]
    assert opf.xpath("//o:meta[@name='primary-writing-mode']/@content",
                     namespaces={"o": OPF[1:-1]}) == ["vertical-rl"]
    assert opf.get("dir") is None             # the text's direction is not right to left
    assert "html {\n  writing-mode: vertical-rl;" in css and "text-combine-upright: all" in css
    # 今年1月至9月 … 55个: short numbers upright in one cell, 5.4% and 2025 not.
    upright = article.xpath("//x:span[@class='tcy']/text()", namespaces={"x": XHTML[1:-1]})
    text = "".join(article.itertext())
    assert {"1", "9", "55"} <= set(upright) and "2025" not in upright
    assert "增長5.4%" in text and "「幫辦超市」" in text       # 5.4 stays one sideways run
    with zipfile.ZipFile(vertical / "h.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        assert b"tcy" not in z.read("EPUB/i01-p03-a01.xhtml")
        assert b"vertical-rl" not in z.read("EPUB/styles/epub.css")
    assert opf.xpath("/o:package/o:spine/@page-progression-direction",
                     namespaces={"o": OPF[1:-1]}) == ["ltr"]


def test_html_is_vertical(vertical):
    page = (vertical / "v.html").read_text(encoding="utf-8")
    assert "writing-mode: vertical-rl" in page and '<span class="tcy">55</span>' in page


@pytest.mark.external("epubcheck")
def test_epubcheck_clean(vertical):
    report = epubcheck(vertical / "v.epub")
    assert report.clean, "\n".join(report.messages)


@pytest.mark.slow
@pytest.mark.external("ace")
def test_ace_finds_no_violation(vertical, tmp_path):
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(tools.CHROMIUM_BINARY)}
    proc = subprocess.run([str(tools.ACE), "-f", "-s", "-o", str(tmp_path), str(vertical / "v.epub")],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr or proc.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["earl:result"]["earl:outcome"] == "pass"


def _ink_bands(png, threshold: int = 128) -> list[tuple[int, int, int]]:
    """Runs of pixel columns holding dark pixels: (first x, last x, dark rows spanned)."""
    from PIL import Image

    img = Image.open(png).convert("L")
    w, h = img.size
    px = img.load()
    bands, start, top, bottom = [], None, h, 0
    for x in range(w):
        rows = [y for y in range(0, h, 2) if px[x, y] < threshold]
        if rows and start is None:
            start, top, bottom = x, rows[0], rows[-1]
        elif rows:
            top, bottom = min(top, rows[0]), max(bottom, rows[-1])
        elif start is not None:
            bands.append((start, x - 1, bottom - top))
            start = None
    return bands


@pytest.mark.slow
@pytest.mark.external("chromium")
def test_chromium_sets_columns_right_to_left(vertical, tmp_path):
    """The article in headless Chromium: ink stands in tall, narrow columns, and the
    headline's column (the widest) is right of the body's.  (The window is wide enough for
    the whole article: Chromium's --screenshot draws nothing for a vertical page that
    overflows its window.)"""
    with zipfile.ZipFile(vertical / "v.epub") as z:
        z.extractall(tmp_path / "book")
    shot = tmp_path / "article.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=3000,900", f"--screenshot={shot}",
                    (tmp_path / "book" / "EPUB" / "i01-p03-a01.xhtml").as_uri()],
                   capture_output=True, timeout=120, check=True)
    bands = _ink_bands(shot)
    columns = [b for b in bands if b[2] > 400]            # body columns: most of 900 px tall
    assert len(columns) >= 20, bands
    assert all(b[1] - b[0] < 40 for b in columns)          # one character wide each
    headline = max(bands, key=lambda b: b[1] - b[0])
    body_mid = sorted(b[0] for b in columns)[len(columns) // 2]
    assert headline[0] > body_mid and headline[0] > 2000     # it starts at the right

