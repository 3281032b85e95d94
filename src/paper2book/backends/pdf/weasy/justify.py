"""Flush right edges for justified Chinese text, in one layout pass.

WeasyPrint justifies by stretching spaces, and Chinese has none, so lines
end up to a character or two short of the column.  After layout we take
each non-final line of a justified block, measure what it lacks, and
spread that over the gaps between its characters.

The spacing is drawn as PDF character spacing (``Tc``), turned off before
a line's last glyph so that glyph ends at the column edge.  Text
extractors treat wide spacing as a word gap (poppler inserts a space once
a gap passes about a tenth of an em), so every spread line is also wrapped
in a marked-content span whose ``/ActualText`` is the line's text: poppler,
Acrobat and most viewers then copy and search exactly that, no spaces added.

This reaches into WeasyPrint's layout tree and text drawing, which are not
public API.  ``draw_first_line`` takes the place of WeasyPrint's for one
render, through weasy.patched() (see __init__.py), and only on the
WeasyPrint releases it was checked against; elsewhere the backend keeps
WeasyPrint's ragged lines and says so once.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from weasyprint.draw import text as _draw_text
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango

from ....text import is_cjk
from ..punctuation import CLOSING, OPENING

# Attributes we hang on TextBoxes for the drawing hook.
_SPACING = "_p2b_char_spacing"
_LAST = "_p2b_holds_line_end"
_GLYPHS = "_p2b_glyphs"
_DEFICIT = "_p2b_deficit"

# What justifying a full line takes: the line breaker moves at most a few
# characters that must stay together (a word, a number, a mark and what it
# binds to) to the next line.  A line further from the edge than this (a
# short line before a long unbreakable URL, say) is not a full line: spread,
# it would read as letter-spaced (蕴 含 的 思 想), so it stays ragged.
MAX_DEFICIT_EM = 5.0
# Nor is spacing wider than this fraction of the font size a justified line.
MAX_SPACING_EM = 0.5
# Below this a line counts as flush already.
MIN_DEFICIT = 0.01


@dataclass
class Stats:
    lines: int = 0          # non-final lines of justified blocks
    adjusted: int = 0       # of those, lines we spread
    skipped: int = 0        # lines left as they were (objects inline, too wide a gap)


def _count_glyphs(layout) -> int:
    """Glyph codes WeasyPrint draws for an active layout's first line: each gets ``Tc``.

    Counted from Pango's shaping, not from the text: ligatures (a CJK font
    may join ``——`` into one glyph), combining marks and zero-width
    characters (drawn as no glyph at all) make the two differ.
    """
    line, _ = layout.get_first_line()
    count, run = 0, line.runs[0]
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        count += sum(1 for i in range(glyphs.num_glyphs)
                     if glyphs.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY)
        run = run.next
    return count


# Text the fonts draw as one glyph per character: ideographs and the
# punctuation marks 标点挤压 puts in boxes of their own, so a line holding
# such a box needs no shaping to be spread.
_ONE_GLYPH_EACH = re.compile(f"[\u3400-\u4dbf\u4e00-\u9fff{re.escape(CLOSING + OPENING)}]+")


def _glyph_count(box) -> int:
    cached = getattr(box, _GLYPHS, None)
    if cached is None and _ONE_GLYPH_EACH.fullmatch(box.text):
        cached = len(box.text)
    if cached is None:
        layout = box.pango_layout
        layout.reactivate(box.style)
        try:
            cached = _count_glyphs(layout)
        finally:
            layout.deactivate()
        setattr(box, _GLYPHS, cached)
    return cached


def _collect(box, out: dict[int, list]) -> None:
    """Line boxes of justified blocks, per element, in document order."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            if box.style["text_align_all"] == "justify" and box.element is not None:
                out.setdefault(id(box.element), []).append((child, box))
        elif isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.InlineBox):
            _collect(child, out)


def _leaves(box):
    for child in box.children:
        if isinstance(child, boxes.InlineBox):
            yield from _leaves(child)
        elif child.is_in_normal_flow():
            yield child


def _walk(box, shift: float, grow) -> float:
    """Move ``box`` right by ``shift``, widen text boxes by ``grow(box)``; return the new shift."""
    box.position_x += shift
    if isinstance(box, boxes.TextBox):
        delta = grow(box)
        box.width += delta
        return shift + delta
    start = shift
    for child in box.children:
        if child.is_in_normal_flow() and isinstance(child, (boxes.TextBox, boxes.InlineBox)):
            shift = _walk(child, shift, grow)
    box.width += shift - start
    return shift


def _walk_line(line, grow) -> None:
    shift = 0.0
    for child in line.children:
        if child.is_in_normal_flow() and isinstance(child, (boxes.TextBox, boxes.InlineBox)):
            shift = _walk(child, shift, grow)


def _drop_word_spacing(box) -> float:
    """Undo WeasyPrint's justification of ``box``, which all went to spaces; return the change."""
    spacing = getattr(box, "justification_spacing", 0) or 0
    if not spacing:
        return 0.0
    spaces = box.text.count(" ") + box.text.count("\u00a0")
    layout = copy.copy(box.pango_layout)     # Layout objects may be shared by copies of a line
    layout.justification_spacing = 0
    box.pango_layout = layout
    box.justification_spacing = 0
    return -spacing * spaces


def _broken_pair(box) -> float:
    """How much wider ``box`` would be if its line-end mark were not squeezed.

    标点挤压 (punctuation.py) halves the first mark of a pair like ``，“``;
    when the line breaks between the two, the mark ends its line and is set
    full width again, as print sets it: the line ends where the mark's em
    box would, and text extractors, which measure glyphs by their full
    advance, see it end at the column edge.
    """
    size = box.style["font_size"]
    halted = any(tag == "halt" and value for tag, value in _features(box))
    # A font without the feature leaves the mark full width: nothing to undo.
    if not halted or len(box.text) != 1 or box.text not in CLOSING or box.width > 0.75 * size:
        return 0.0
    return size - box.width


def _features(box) -> tuple:
    features = box.style["font_feature_settings"]
    return () if features == "normal" else features


def _justify_line(line, block) -> bool:
    leaves = list(_leaves(line))
    if not leaves or not all(isinstance(b, boxes.TextBox) for b in leaves):
        return False
    last = leaves[-1]
    if last.text.endswith("\n"):  # a forced break ends this line like a paragraph end
        return False
    if not any(is_cjk(ch) for b in leaves for ch in b.text):
        return True  # Western text: WeasyPrint's stretched spaces are the right thing
    _walk_line(line, _drop_word_spacing)
    deficit = block.content_box_x() + block.width - (last.position_x + last.width)
    pair = _broken_pair(last)
    if deficit < MIN_DEFICIT and not pair:
        return True      # flush already, or an unbreakable run sticks out
    deficit -= pair
    if abs(deficit) < MIN_DEFICIT:
        return True
    if deficit > MAX_DEFICIT_EM * last.style["font_size"]:
        return False
    if len(leaves) == 1:
        # The usual line, one run of text: nothing moves, so the glyphs can be
        # counted when the line is drawn and its layout is live anyway.
        if deficit > MAX_SPACING_EM * last.style["font_size"] * max(1, len(last.text) - 1):
            return False
        setattr(last, _DEFICIT, deficit)
        setattr(last, _LAST, True)
        last.width += deficit
        return True
    gaps = sum(_glyph_count(b) for b in leaves) - 1
    if gaps < 1:
        return False
    spacing = deficit / gaps
    if spacing > MAX_SPACING_EM * last.style["font_size"]:
        return False

    def grow(box) -> float:
        setattr(box, _SPACING, spacing)
        setattr(box, _LAST, box is last)
        n = _glyph_count(box)
        return spacing * (n - 1 if box is last else n)

    _walk_line(line, grow)
    return True


def justify_pages(pages) -> Stats:
    """Spread the non-final lines of every ``text-align: justify`` block to its edge.

    Only the ``draw_first_line`` below, in place while the pages are drawn,
    turns the widths set here into spacing.
    """
    per_block: dict[int, list] = {}
    for page in pages:
        _collect(page._page_box, per_block)
    stats = Stats()
    for lines in per_block.values():
        for line, block in lines[:-1]:
            stats.lines += 1
            if _justify_line(line, block):
                stats.adjusted += 1
            else:
                stats.skipped += 1
    return stats


# --- drawing ---------------------------------------------------------------

_original_draw_first_line = getattr(_draw_text, "draw_first_line", None)

# The last glyph of a TJ string: "<...gggg>" optionally followed by a kerning number.
_LAST_GLYPH = re.compile(rb"^\[(.*?)([0-9a-f]{4})>(-?[0-9.e+-]+)?\] TJ$", re.S)


def _split_last_glyph(ops: list, start: int) -> None:
    """Turn Tc off before the final glyph drawn since ``ops[start]``."""
    for i in range(len(ops) - 1, start - 1, -1):
        op = ops[i]
        if not (isinstance(op, bytes) and op.endswith(b"] TJ")):
            continue
        m = _LAST_GLYPH.match(op)
        if not m:
            return
        head, glyph, kern = m.group(1), m.group(2), m.group(3) or b""
        tail = b"[<" + glyph + b">" + kern + b"] TJ"
        if head.endswith(b"<"):
            head = head[:-1]
        else:
            head += b">"
        new = [b"0 Tc", tail] if head in (b"", b"[") else [b"[" + head + b"] TJ", b"0 Tc", tail]
        ops[i:i + 1] = new
        return


def _actual_text(text: str) -> bytes:
    return b"<</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>>"


def draw_first_line(stream, textbox, *args, **kwargs):
    spacing = getattr(textbox, _SPACING, 0.0)
    deficit = getattr(textbox, _DEFICIT, 0.0)
    if deficit:
        # draw_text() has reactivated the layout for us.
        gaps = _count_glyphs(textbox.pango_layout) - 1
        spacing = deficit / gaps if gaps > 0 else 0.0
    if not spacing:
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    ops = stream.stream
    ops += [b"/Span", _actual_text(textbox.text), b"BDC", f"{spacing:.4f} Tc".encode()]
    start = len(ops)
    try:
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        if getattr(textbox, _LAST, False):
            _split_last_glyph(ops, start)
        ops += [b"0 Tc", b"EMC"]
