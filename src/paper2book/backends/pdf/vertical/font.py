"""The faces the vertical PDF is printed with: TrueType-outline subsets made with fontTools.

Chromium prints through Skia, which embeds a CFF-outline face (Noto CJK is one) as
Type 3 fonts, and writes each glyph's text as the lowest code point whose cmap entry
reaches it: 行 一 力 come out as the Kangxi radicals ⾏ ⼀ ⼒ (U+2F8F…), and the
commas vertical forms take as presentation forms (U+FE10…).  So each face is
subset to exactly the book's characters: its cmap then holds no radical, no
compatibility ideograph and no presentation form the text does not hold itself (the
``vert`` forms are kept, reached through the layout tables only), so every glyph
is reached from the dump's own character; and its outlines are turned quadratic
(a glyf table), which Skia embeds as a CID TrueType font.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

_MAX_ERROR = 1.0             # font units a quadratic curve may stray from the cubic


def make_face(source: str, index: int, text: str, out: Path) -> Path:
    """A TrueType subset of face ``index`` of ``source`` holding ``text``'s characters (and
    what its layout features reach, so ``vert`` forms stay), written at ``out``."""
    font = TTFont(source, fontNumber=index, lazy=True)
    # The outlines are drawn from a second copy: the subsetter's own pass over the CFF
    # table would run every kept charstring three times (closure, hints, subroutines), the
    # most of the time, for a table that is then replaced anyway.
    outlines = TTFont(source, fontNumber=index, lazy=True).getGlyphSet()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "CFF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in text})
    subsetter.subset(font)
    _to_quadratic(font, outlines)
    font.save(str(out))
    return out


def _to_quadratic(font: TTFont, glyph_set: Any) -> None:
    """The outlines ``glyph_set`` draws (cubic) as a glyf table (quadratic), which makes
    ``font`` a TrueType face."""
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, _MAX_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                  "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
