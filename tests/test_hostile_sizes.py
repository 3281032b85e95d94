"""Issue 12: linear time on hostile sizes.  Each case once took tens of seconds or crashed;
the bounds here are generous (seconds), the point is that none grows with the input."""

from __future__ import annotations

import dataclasses
import random
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import paper2book
from paper2book.fonts import has_cjk_font

SEED = Path(__file__).resolve().parent.parent / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
SPACES = ["\u2000", "\u2003", "\u200a", "\u202f", "\u205f"]
RUN = 192 * 1024 // 4       # " " + U+2003 is four bytes: a 192 KB run


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def dump(tmp_path: Path, name: str, replace: dict[str, str] | None = None,
         append: str | None = None, insert: str | None = None) -> Path:
    lines = seed_lines()
    for prefix, line in (replace or {}).items():
        i = next(j for j, x in enumerate(lines) if x.startswith(prefix))
        lines[i] = line
    if insert is not None:
        lines.insert(30, insert)
    if append is not None:
        lines.append(append)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def timed(fn, *args, **kwargs) -> float:
    start = time.monotonic()
    fn(*args, **kwargs)
    return time.monotonic() - start


@pytest.mark.allow_warnings
@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize("shape", ["page", "page-name", "editor", "editor-closed", "body"])
def test_reader_patterns_do_not_backtrack(tmp_path, space, shape):
    run = (" " + space) * (RUN // 2)
    cases = {
        "page": {"replace": {"版面": "版面:第" + run + "x"}},
        "page-name": {"replace": {"版面": "版面:第01版:" + run + "x"}},
        "editor": {"append": "  责任编辑：a" + run + "b"},
        "editor-closed": {"append": "  (责任编辑:" + run + "）" + run},
        "body": {"insert": "  第" + run + "版面:第" + run + "责任编辑：" + run},
    }
    path = dump(tmp_path, "d.txt", **cases[shape])
    assert timed(paper2book.read, path) < 3


def test_spaces_collapse_before_parsing(tmp_path):
    path = dump(tmp_path, "d.txt", replace={"版面": "版面:第\u2003\u205f03\u2000版\u202f:\u200a要闻"})
    page = paper2book.read(path).issues[0].pages[0]
    assert (page.number, page.name) == ("03", "要闻")


needs_font = pytest.mark.skipif(not has_cjk_font(), reason="the cover draws text only with a CJK font")


@needs_font
@pytest.mark.parametrize("size", [20_000, 1_000_000])
def test_a_huge_headline_on_the_epub_cover(tmp_path, size):
    lines = seed_lines()
    i = next(j for j, x in enumerate(lines) if "党建聚链" in x and not x.startswith(" "))
    lines[i] = "长" * size
    (tmp_path / "d.txt").write_text("\n".join(lines), encoding="utf-8")
    book = paper2book.read(tmp_path / "d.txt")
    assert timed(paper2book.write, book, "epub", tmp_path / "d.epub") < 10
    with zipfile.ZipFile(tmp_path / "d.epub") as z:
        assert z.read("EPUB/images/cover.jpg")[:2] == b"\xff\xd8"


@needs_font
def test_a_huge_paper_name_on_the_epub_cover(tmp_path):
    path = dump(tmp_path, "d.txt", replace={"当前报纸名称": "当前报纸名称:" + "报" * 1_000_000})
    book = paper2book.read(path)
    assert timed(paper2book.write, book, "epub", tmp_path / "d.epub") < 10


@needs_font
def test_cover_fit_cuts_where_one_character_at_a_time_would():
    from PIL import Image, ImageDraw

    from paper2book.backends.epub import cover

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = cover._font("sans", "Regular", 38)
    rng = random.Random(7)
    for _ in range(30):
        text = "".join(rng.choice("长江ab 。“”1—") for _ in range(rng.randint(1, 80)))
        width = rng.randint(40, 1000)
        slow = " ".join(text.split())       # the cover draws one line, spaces collapsed
        if draw.textlength(slow, font=font) > width:
            while slow and draw.textlength(slow + "…", font=font) > width:
                slow = slow[:-1]
            slow += "…"
        assert cover._fit(draw, text, font, width) == slow
    assert cover._fit(draw, "长" * 1_000_000, font, 1000).endswith("…")
    # Line and paragraph separators never make Pillow draw several lines.
    assert "\n" not in cover._fit(draw, "一\n二\u2029三", font, 1000)


@needs_font
@pytest.mark.parametrize("title", ["一\n二", "一\u2029二", "一\r\n\x0b二"])
def test_a_title_with_line_breaks_reaches_the_cover(tmp_path, title):
    book = dataclasses.replace(paper2book.read(SEED), title=title)
    paper2book.write(book, "epub", tmp_path / "t.epub")


@pytest.mark.skipif(not (has_cjk_font() and shutil.which("pdftotext")),
                    reason="needs a CJK font and poppler")
def test_long_page_and_paper_names_in_the_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    path = dump(tmp_path, "d.txt", replace={
        "版面": "版面:第" + "1" * 2000 + "版:" + "名" * 2000,
        "当前报纸名称": "当前报纸名称:" + "报" * 2000})
    r = subprocess.run([sys.executable, "-m", "paper2book", str(path), "--pdf", "-q"],
                       capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "d.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.replace("\n", "")
    # Band, running heads, contents and masthead: each name cut to a few characters and "…".
    for ch, longest in (("名", 23), ("报", 23), ("1", 7)):
        runs = [len(m) for m in re.findall(f"{ch}+", text)]
        assert max(runs) == longest, (ch, sorted(set(runs)))
    assert "名" * 23 + "…" in text and "1" * 7 + "…" in text


@pytest.mark.skipif(not has_cjk_font(), reason="needs a CJK font")
def test_a_long_page_name_is_fast_in_the_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    book = paper2book.read(dump(tmp_path, "d.txt", replace={"版面": "版面:第03版:" + "名" * 2000}))
    assert timed(paper2book.write, book, "pdf", tmp_path / "d.pdf") < 20


@pytest.mark.skipif(not has_cjk_font(), reason="needs a CJK font")
def test_a_huge_paragraph_in_the_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    from lxml import html

    from paper2book.backends.pdf.template import render_html
    from paper2book.config.options import RenderOptions
    from paper2book.theme import load_theme

    text = ("<b>&" + "版面：第" * 7_500)[:30_000]
    book = paper2book.read(dump(tmp_path, "d.txt", insert="  " + text))
    doc = html.fromstring(render_html(book, RenderOptions(), load_theme()).encode())
    assert any(p.text_content() == text and not p.xpath(".//b") for p in doc.iter("p"))
    assert timed(paper2book.write, book, "pdf", tmp_path / "d.pdf") < 30
