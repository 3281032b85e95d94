"""CJK punctuation and digits of the EPUB are set in the CJK font, without --embed-fonts too.

MuPDF loads no system fonts: it knows its built-in faces by name, and takes
the language from <body> down.  The theme's stacks name its CJK face and
<body> carries the lang, so quotes and digits no longer fall to its Latin
serif (see styles/newspaper/epub.css).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "{http://www.w3.org/1999/xhtml}"


def convert(tmp_path: Path, *flags: str) -> Path:
    out = tmp_path / "seed.epub"
    r = subprocess.run([sys.executable, "-m", "paper2book", str(SEED), "--epub", "-o", str(out),
                        "-q", *flags], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def seed_epub(tmp_path_factory) -> Path:
    return convert(tmp_path_factory.mktemp("fonts"))


def glyphs(epub: Path, page: int) -> list[tuple[str, str, float]]:
    """(character, font name, advance in em) of each glyph MuPDF draws on ``page``."""
    trace = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", str(epub), str(page)],
                           capture_output=True, timeout=120, check=True).stdout
    return [(g.get("unicode"), span.get("font"), float(g.get("adv")))
            for span in ET.fromstring(trace).iter("span") for g in span.iter("g")]


def is_cjk_font(name: str) -> bool:
    return "CJK" in name or "Han" in name


@pytest.mark.skipif(shutil.which("mutool") is None, reason="mutool (mupdf-tools) is not installed")
@pytest.mark.parametrize("page", [3, 4])     # the article's text; page 4 has 怎样“链得上”？
def test_quotes_and_digits_use_the_cjk_font_in_mupdf(seed_epub, page):
    drawn = glyphs(seed_epub, page)
    quotes = [(c, font, adv) for c, font, adv in drawn if c in "“”"]
    digits = [(c, font) for c, font, _ in drawn if c.isdigit()]
    assert quotes and digits
    latin = [(c, font) for c, font, _ in quotes if not is_cjk_font(font)]
    latin += [(c, font) for c, font in digits if not is_cjk_font(font)]
    assert not latin, latin
    assert all(adv == 1 for _, _, adv in quotes), quotes     # full-width forms


def test_every_document_body_has_the_language(seed_epub):
    with zipfile.ZipFile(seed_epub) as z:
        docs = [n for n in z.namelist() if n.endswith(".xhtml") and not n.endswith("nav.xhtml")]
        assert len(docs) >= 3
        for name in docs:
            body = ET.fromstring(z.read(name)).find(f"{XHTML}body")
            assert body.get("lang") == "zh-CN" and body.get(XML_LANG) == "zh-CN", name


def test_every_font_stack_names_mupdfs_cjk_face():
    for css in sorted((ROOT / "styles").glob("*/epub.css")):
        stacks = re.findall(r"font-family:([^;]+);", css.read_text(encoding="utf-8"))
        assert stacks, css
        for stack in stacks:
            families = [f.strip().strip('"') for f in stack.split(",")]
            assert families[-2:] in (["Source Han Serif", "serif"],
                                     ["Source Han Serif", "sans-serif"]), (css.name, stack)


def test_embedded_subset_declares_its_unicode_range(tmp_path):
    epub = convert(tmp_path, "--embed-fonts")
    with zipfile.ZipFile(epub) as z:
        css = next(z.read(n).decode() for n in z.namelist() if n.endswith("epub.css"))
    face = re.search(r"@font-face \{[^}]*\}", css).group(0)
    ranges = re.search(r"unicode-range: ([^;]+);", face).group(1)
    covered = set()
    for part in ranges.split(", "):
        lo, _, hi = part.removeprefix("U+").partition("-")
        covered |= set(range(int(lo, 16), int(hi or lo, 16) + 1))
    assert {ord(c) for c in "“”0123456789链得上，。"} <= covered
    assert 'font-family: "paper2book body", "Noto Serif CJK SC", "Source Han Serif", serif' in css
