"""Issue 12: a huge paragraph is laid out in linear time (weasy/longtext.py), line for line
as WeasyPrint lays it out, and the patch is in place for one render only."""

from __future__ import annotations

import time
import types
from dataclasses import replace

import pytest

pytest.importorskip("weasyprint")

import weasyprint.layout.inline as inline

from paper2book.backends.pdf import weasy
from paper2book.backends.pdf.weasy import longtext
from paper2book.fonts import has_cjk_font
from paper2book.model import Paragraph

from helpers import pdf as H

pytestmark = pytest.mark.skipif(not has_cjk_font(), reason="needs a CJK font")

TARGETS = {"weasyprint.layout.inline:split_inline_level",
           "weasyprint.layout.inline:skip_first_whitespace"}
SHY = "\u00ad"
# Text the line breaker meets in dumps and in hostile ones: Chinese, words and spaces, soft
# hyphens, long words, digits with no break at all, astral characters, right-to-left text.
KINDS = {
    "chinese": "".join(H.seed_paragraphs()),
    "words": "The quick brown fox jumps over the lazy dog, again and again; ",
    "soft hyphens": f"hy{SHY}phen{SHY}ation is{SHY}n't rare: su{SHY}per{SHY}cali{SHY}fragi{SHY}listic ",
    "long words": "Donaudampfschifffahrtsgesellschaftskapitän" * 3 + " und ",
    "mixed": "九江日报 Jiujiang Daily 2025年12月3日 第03版  ",
    "astral": "\U0001F4F0\U00020000九江\U0002A6D6“报”，",
    "arabic": "مرحبا بالعالم 九江 hello ",
    "digits": "0123456789",
}


def _text(kind: str, n: int) -> str:
    unit = KINDS[kind]
    return (unit * (n // len(unit) + 1))[:n]


def _pdf(book) -> bytes:
    return H.pdf_bytes(book)


def _book(*paragraphs: str):
    art = H.seed_article()
    return H.seed_book(replace(art, blocks=(art.blocks[0], *map(Paragraph, paragraphs), *art.blocks[1:])))


def _lay_out(text: str) -> float:
    """CPU seconds WeasyPrint, patched, takes to lay out one paragraph in two columns."""
    html = ("<html lang=zh><style>@page { size: A4; margin: 20mm } body { columns: 2; "
            "font-family: 'Noto Serif CJK SC', serif } p { text-align: justify; text-indent: 2em }"
            f"</style><p>{text}</p></html>")
    start = time.process_time()     # less than wall time what other processes do
    with weasy.patched():
        weasy.HTML(string=html).render()
    return time.process_time() - start


def test_the_windows_are_patches_and_weasyprint_is_its_own_after_a_render():
    assert {r for p in weasy.PATCHES for r in p.replaces} >= TARGETS
    own = (inline.split_inline_level, inline.skip_first_whitespace)
    seen = {}

    class Look:
        def stage(self, what: str) -> None:
            if what.startswith("PDF: writing"):
                seen.update(level=inline.split_inline_level, skip=inline.skip_first_whitespace)
    H.pdf_bytes(H.seed_book(), watcher=Look())
    assert isinstance(getattr(seen["level"], "__self__", None), longtext.Texts)
    assert isinstance(getattr(seen["skip"], "__self__", None), longtext.Texts)
    assert (inline.split_inline_level, inline.skip_first_whitespace) == own


def test_a_long_paragraph_reaches_the_line_breaker_a_window_at_a_time(monkeypatch):
    handed: list[int] = []
    real = inline.split_text_box

    def counted(context, box, *args):
        handed.append(len(box.text))
        return real(context, box, *args)
    # longtext's own view of the module: WeasyPrint's function stays as tested.
    monkeypatch.setattr(longtext, "_inline", types.SimpleNamespace(
        split_text_box=counted, resolve_percentages=inline.resolve_percentages))
    text = _text("chinese", 20_000)
    with weasy.patched() as session:
        weasy.HTML(string=f"<p lang=zh>{text}</p>").render()
    assert session.long_texts.lines > 300 and len(handed) >= session.long_texts.lines
    # One line of an A4 page holds about 45 characters; a window, a few hundred.
    assert max(handed) < 1_000
    # Short paragraphs are WeasyPrint's alone.
    handed.clear()
    with weasy.patched() as session:
        weasy.HTML(string=f"<p lang=zh>{text[:3_000]}</p>").render()
    assert session.long_texts.lines == 0 and not handed


@pytest.mark.slow
def test_lines_found_in_windows_are_weasyprints_own(monkeypatch):
    book = _book(*(_text(kind, 2_500) for kind in KINDS))
    monkeypatch.setattr(longtext, "LONG", 10**9)
    own = _pdf(book)
    texts: list[longtext.Texts] = []

    class Recorded(longtext.Texts):
        def __init__(self, *originals):
            super().__init__(*originals)
            texts.append(self)
    monkeypatch.setattr(longtext, "Texts", Recorded)
    monkeypatch.setattr(longtext, "LONG", 1)
    assert _pdf(book) == own
    # Every text box went through windows, and some windows had to grow (the digits).
    assert texts[0].lines > 500 and texts[0].regrown > 0


@pytest.mark.slow
def test_a_huge_paragraph_takes_time_in_proportion_to_its_length():
    _lay_out(_text("chinese", 1_000))      # fonts and styles loaded once
    # A quadratic layout takes about 3.4 times as long for twice the text.
    for _ in range(2):                      # once more if the machine was busy
        ratio = _lay_out(_text("chinese", 120_000)) / _lay_out(_text("chinese", 60_000))
        if ratio < 3:
            break
    assert ratio < 3
    book = H.seed_book(replace(H.seed_article(), blocks=(Paragraph(_text("chinese", 100_000)),)))
    start = time.perf_counter()
    assert _pdf(book)
    assert time.perf_counter() - start < 30
