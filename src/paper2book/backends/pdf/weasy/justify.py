"""Flush right edges for justified Chinese text, in one layout pass.

WeasyPrint justifies by stretching spaces, and Chinese has none, so lines
end up to a character or two short of the column.  After layout we take
each non-final line of a justified block, measure what it lacks, and
spread that over the gaps between its characters.  Every line first has
its punctuation pairs squeezed (标点挤压, squeeze.py); what that frees is
spread too.

The spacing is drawn as PDF character spacing (``Tc``), turned off before
a line's last glyph so that glyph ends at the column edge.  Text
extractors treat wide spacing as a word gap (poppler inserts a space once
a gap passes about a tenth of an em), so every spread line is also wrapped
in a marked-content span whose ``/ActualText`` is the line's text: poppler,
Acrobat and most viewers then copy and search exactly that, no spaces added.

This reaches into WeasyPrint's layout tree and text drawing, which are not
public API.  ``draw_first_line`` takes the place of WeasyPrint's for one
render, through weasy.patched() (see __init__.py), only when the internals
its entry in weasy.PATCHES names are as tested; elsewhere the backend keeps
WeasyPrint's ragged lines and says so once.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango

from ....text import is_cjk
from . import squeeze
from .hints import Box, Layout, Page

if TYPE_CHECKING:
    from . import Session

# Attributes we hang on TextBoxes for the drawing hook.
_SPACING = "_p2b_char_spacing"
_LAST = "_p2b_holds_line_end"
_GLYPHS = "_p2b_glyphs"
_DEFICIT = "_p2b_deficit"

# What justifying a full line takes: the line breaker moves at most a run of
# characters that must stay together (a number, a word, marks and what they
# bind to: ‘实效清单’！” is seven) to the next line.  A line further from the
# edge than that (a few characters before a long unbreakable URL, say) is not
# a full line: spread, it would read as letter-spaced (蕴 含 的 思 想), so it
# stays ragged.
MAX_DEFICIT_EM = 7.0
# Nor is spacing wider than this fraction of the font size a justified line.
MAX_SPACING_EM = 1.0
# Below this a line counts as flush already.
MIN_DEFICIT = 0.01


@dataclass
class Stats:
    lines: int = 0          # non-final lines of justified blocks
    adjusted: int = 0       # of those, lines we spread
    skipped: int = 0        # lines left as they were (objects inline, too wide a gap)
    squeezed: int = 0       # lines, of any block, with punctuation pairs squeezed


def _count_glyphs(layout: Layout) -> int:
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


def _glyph_count(box: Box) -> int:
    cached = getattr(box, _GLYPHS, None)
    if cached is None and squeeze.ONE_GLYPH_EACH.fullmatch(box.text):
        cached = len(box.text)      # no shaping needed
    if cached is None:
        layout = box.pango_layout
        layout.reactivate(box.style)
        try:
            cached = _count_glyphs(layout)
        finally:
            layout.deactivate()
        setattr(box, _GLYPHS, cached)
    return cached


def _collect(box: Box, out: dict[int, list]) -> None:
    """Line boxes of every block, per element, in document order."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            if box.element is not None:
                out.setdefault(id(box.element), []).append((child, box))
        elif isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.InlineBox):
            _collect(child, out)


def _leaves(box: Box) -> Iterator[Box]:
    for child in box.children:
        if isinstance(child, boxes.InlineBox):
            yield from _leaves(child)
        elif child.is_in_normal_flow():
            yield child


def _walk(box: Box, shift: float, grow: Callable[[Box], float]) -> float:
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


def _walk_line(line: Box, grow: Callable[[Box], float], shift: float = 0.0) -> None:
    for child in line.children:
        if child.is_in_normal_flow() and isinstance(child, (boxes.TextBox, boxes.InlineBox)):
            shift = _walk(child, shift, grow)


def _drop_word_spacing(box: Box) -> float:
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


def _text_leaves(line: Box) -> list | None:
    """The line's text boxes, or None when it holds anything else (an image, a leader)."""
    leaves = list(_leaves(line))
    if not leaves or not all(isinstance(b, boxes.TextBox) and not b.is_leader for b in leaves):
        return None
    return leaves


def _squeeze_only(line: Box, block: Box, leaves: list[Box], fonts: squeeze.Fonts, last: bool) -> bool:
    """Squeeze the pairs of a line that is not spread, keeping it where its alignment puts it."""
    saving = fonts.mark(leaves)
    if not saving:
        return False
    align = block.style["text_align_last" if last else "text_align_all"]
    if align == "auto":
        align = block.style["text_align_all"]
        if align == "justify":
            align = "start"
    ltr = block.style["direction"] == "ltr"
    offset = {"center": saving / 2, "right": saving, "left": 0.0,
              "end": saving if ltr else 0.0}.get(align, 0.0 if ltr else saving)
    _walk_line(line, _narrowed, offset)
    return True


def _narrowed(box: Box) -> float:
    marks = getattr(box, squeeze.MARKS, None)
    return -sum(saving for saving, _ in marks.values()) if marks else 0.0


def _justify_line(line: Box, block: Box, leaves: list[Box], fonts: squeeze.Fonts) -> bool:
    last = leaves[-1]
    if last.text.endswith("\n"):  # a forced break ends this line like a paragraph end
        return False
    if not any(is_cjk(ch) for b in leaves for ch in b.text):
        return True  # Western text: WeasyPrint's stretched spaces are the right thing
    _walk_line(line, _drop_word_spacing)
    short = block.content_box_x() + block.width - (last.position_x + last.width)
    saving = fonts.mark(leaves)
    size = last.style["font_size"]
    if short < MIN_DEFICIT and not saving:
        return True      # flush already, or an unbreakable run sticks out
    if short > MAX_DEFICIT_EM * size:
        return False
    deficit = max(short, 0.0) + saving
    if len(leaves) == 1:
        # The usual line, one run of text: nothing moves, so the glyphs can be
        # counted when the line is drawn and its layout is live anyway.
        if deficit > MAX_SPACING_EM * size * max(1, len(last.text) - 1):
            return False
        setattr(last, _DEFICIT, deficit)
        setattr(last, _LAST, True)
        last.width += deficit - saving
        return True
    gaps = sum(_glyph_count(b) for b in leaves) - 1
    if gaps < 1:
        return False
    spacing = deficit / gaps
    if spacing > MAX_SPACING_EM * size:
        return False

    def grow(box: Box) -> float:
        setattr(box, _SPACING, spacing)
        setattr(box, _LAST, box is last)
        n = _glyph_count(box)
        return spacing * (n - 1 if box is last else n) + _narrowed(box)

    _walk_line(line, grow)
    return True


def justify_pages(pages: list[Page]) -> Stats:
    """Squeeze every line's punctuation pairs, and spread the non-final lines of
    every ``text-align: justify`` block to its edge.

    Only the ``draw_first_line`` below, in place while the pages are drawn,
    turns the widths set here into spacing and squeezed marks.
    """
    per_block: dict[int, list] = {}
    for page in pages:
        _collect(page._page_box, per_block)
    stats = Stats()
    fonts = squeeze.Fonts()
    for lines in per_block.values():
        justified = lines[0][1].style["text_align_all"] == "justify"
        for n, (line, block) in enumerate(lines, 1):
            leaves = _text_leaves(line)
            final = n == len(lines)
            if justified and not final:
                stats.lines += 1
                if leaves is not None and _justify_line(line, block, leaves, fonts):
                    stats.adjusted += 1
                    stats.squeezed += any(hasattr(b, squeeze.MARKS) for b in leaves)
                    continue
                stats.skipped += 1
            if leaves is not None:
                for box in leaves:       # a line given up on is squeezed afresh
                    if hasattr(box, squeeze.MARKS):
                        delattr(box, squeeze.MARKS)
                stats.squeezed += _squeeze_only(line, block, leaves, fonts, final)
    return stats


# --- drawing ---------------------------------------------------------------

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


def install(session: Session, draw_first_line: Callable) -> tuple[Callable]:
    session.justifies = True
    return (functools.partial(spread_first_line, draw_first_line),)


def spread_first_line(_original: Callable, stream: Any, textbox: Box, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's ``draw_first_line`` (``_original``), drawn with the spacing and squeezing
    ``justify_pages`` gave the line."""
    spacing = getattr(textbox, _SPACING, 0.0)
    deficit = getattr(textbox, _DEFICIT, 0.0)
    if deficit:
        # draw_text() has reactivated the layout for us.
        gaps = _count_glyphs(textbox.pango_layout) - 1
        spacing = deficit / gaps if gaps > 0 else 0.0
    squeezes = hasattr(textbox, squeeze.MARKS)
    if not spacing and not squeezes:
        return _original(stream, textbox, *args, **kwargs)
    ops = stream.stream
    # Squeezed marks overlap the em boxes poppler measures glyphs by, as
    # spread ones leave gaps: the span's text is what extractors then read.
    ops += [b"/Span", _actual_text(textbox.text), b"BDC"]
    if spacing:
        ops.append(f"{spacing:.4f} Tc".encode())
    start = len(ops)
    try:
        return _original(stream, textbox, *args, **kwargs)
    finally:
        squeeze.squeeze_glyphs(ops, start, textbox, textbox.style["font_size"])
        if spacing:
            if getattr(textbox, _LAST, False):
                _split_last_glyph(ops, start)
            ops.append(b"0 Tc")
        ops.append(b"EMC")
