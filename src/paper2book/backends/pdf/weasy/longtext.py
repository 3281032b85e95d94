"""Long paragraphs broken into lines in linear time.

For every line of a paragraph WeasyPrint encodes all of the paragraph's
text to UTF-8 three times (to skip the spaces the line starts with, to
cut off the rest of the text for the line breaker, to find the last
character placed) and decodes the rest once, so the work per line grows
with the paragraph: one of 116,000 characters (a dump can hold one) took
11 s in the PDF backend, three times as long as one half its length.

For text boxes of at least ``LONG`` characters we keep the UTF-8 bytes
for the render, and WeasyPrint's ``split_text_box`` gets a window of the
rest of the text starting where the line does.  Its line breaker first
lays out four lines' worth of that text (``_reach``); when a break can
follow the first line within them (Chinese text, text with spaces) its
answer comes from those characters alone, and a window holding them
gives the same.  Otherwise it lays out all of the rest; a window's answer
is then taken only when the next line starts that far or more before the
window's end (where Pango breaks depends on nearby characters only), else
the window grows fourfold and the search runs again, up to the whole
rest.  Forcing every text box through windows gives byte-identical PDFs
for the seed, generated issues and the kinds of text in
tests/backends/pdf/test_pdf_longtext.py.  Shorter text boxes go to
WeasyPrint unchanged.

This relies on WeasyPrint internals: weasy.patched() (see __init__.py)
puts one ``Texts``' ``skip_first_whitespace`` and ``split_inline_level``
in place for one render when its entry in weasy.PATCHES matches.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as _inline

from .hints import Box, Context, SkipStack, Style

if TYPE_CHECKING:
    from . import Session

LONG = 4000          # characters in a text box before it is windowed
WINDOW = 2           # a window holds the line breaker's reach this many times...
SLACK = 64           # ...plus this many characters
COLLAPSING = ("normal", "nowrap", "pre-line")


def _reach(style: Style, width: float) -> int:
    """How many characters past a line's start WeasyPrint's line breaker looks first."""
    # It takes width / font size * 4 characters, or text up to the first space and
    # one more character when that is less than four ems (text.line_break.split_first_line).
    return max(int(width / style["font_size"] * 4), SLACK)


def _char_start(data: bytes, i: int) -> int:
    """``i``, or the start of the UTF-8 sequence that byte ``i`` lies inside."""
    while i > 0 and i < len(data) and data[i] & 0xC0 == 0x80:
        i -= 1
    return i


class Texts:
    """One render's long texts as UTF-8, and how often a window had to grow."""

    def __init__(self, split_inline_level: Callable, skip_first_whitespace: Callable) -> None:
        self._split_inline_level = split_inline_level
        self._skip_first_whitespace = skip_first_whitespace
        self.data: dict[int, tuple[str, bytes]] = {}
        self.spaces: dict[int, tuple[bytes, int, int]] = {}
        self.lines = self.regrown = 0

    def encoded(self, text: str) -> bytes | None:
        """``text`` as UTF-8 if it is long enough to be windowed, else None."""
        if len(text) < LONG:
            return None
        entry = self.data.get(id(text))
        if entry is None or entry[0] is not text:
            # The text is kept alive with its bytes so that its id names no other.
            entry = self.data[id(text)] = (text, text.encode())
        return entry[1]

    def skip_first_whitespace(self, box: Box, skip_stack: SkipStack) -> SkipStack:
        data = self.encoded(box.text) if isinstance(box, boxes.TextBox) else None
        if data is None:
            return self._skip_first_whitespace(box, skip_stack)
        index = 0
        if skip_stack is not None:
            (index, next_skip_stack), = skip_stack.items()
            assert next_skip_stack is None
        if index == len(data):
            return "continue"
        if box.style["white_space"] in COLLAPSING:
            while index < len(data) and data[index] == 0x20:
                index += 1
        return {index: None} if index else None

    def split_inline_level(self, context: Context, box: Box, position_x: float, max_x: float,
                           bottom_space: float, skip_stack: SkipStack, containing_block: Any,
                           absolute_boxes: Any, fixed_boxes: Any, line_placeholders: Any,
                           waiting_floats: Any, line_children: Any, first_letter_style: Any,
                           first_line_style: Any) -> Any:
        data = (self.encoded(box.text)
                if isinstance(box, boxes.TextBox) and not first_line_style else None)
        if data is None:
            return self._split_inline_level(
                context, box, position_x, max_x, bottom_space, skip_stack, containing_block,
                absolute_boxes, fixed_boxes, line_placeholders, waiting_floats, line_children,
                first_letter_style, first_line_style)
        # WeasyPrint's own text box branch, with the windowed split and no re-encoding.
        _inline.resolve_percentages(box, containing_block)
        box.position_x = position_x
        skip = 0
        if skip_stack is not None:
            (skip, skip_stack), = skip_stack.items()
            skip = skip or 0
            assert skip_stack is None
        new_box, skip, preserved_line_break = self.split_text_box(
            context, box, data, max_x - position_x, skip, is_line_start=not line_children)
        resume_at = None if skip is None else {skip: None}
        last_letter = (box.text[-1] if skip is None
                       else data[_char_start(data, skip - 1):skip].decode())
        return (new_box, resume_at, preserved_line_break, box.text[0], last_letter,
                {"left": 0, "right": 0})

    def split_text_box(self, context: Context, box: Box, data: bytes, available_width: float, skip: int,
                       is_line_start: bool) -> Any:
        """WeasyPrint's ``split_text_box(context, box, available_width, skip)``, windowed."""
        style = box.style
        if (not style["font_size"] or available_width is None
                or not 0 < available_width < math.inf):
            return _inline.split_text_box(context, box, available_width, skip, is_line_start)
        if skip >= len(data):
            return None, None, False
        self.lines += 1
        reach = _reach(style, available_width)
        # In under four ems the line breaker takes the text up to the first space.
        space = (self.next_space(data, skip) if style["font_size"] * 4 > available_width
                 else -1)
        size = 3 * (WINDOW * reach + SLACK)     # bytes: as many characters for Chinese
        if space != -1:                         # that space and a character after it
            size = max(size, space + 8 - skip)
        while True:
            end = _char_start(data, skip + size)
            if end >= len(data):
                end = len(data)
            piece = data[skip:end]
            window = box.copy_with_text(piece.decode())
            new_box, resume, preserved = _inline.split_text_box(
                context, window, available_width, 0, is_line_start)
            if end == len(data):
                return new_box, None if resume is None else resume + skip, preserved
            if resume is not None and len(piece[resume:].decode()) >= reach:
                return new_box, resume + skip, preserved
            self.regrown += 1
            size *= 4

    def next_space(self, data: bytes, skip: int) -> int:
        """Where the first space at or after byte ``skip`` is (-1: none), remembered."""
        searched = self.spaces.get(id(data))
        if searched is None or searched[0] is not data or not (
                searched[1] <= skip and (searched[2] == -1 or searched[2] >= skip)):
            searched = self.spaces[id(data)] = (data, skip, data.find(b" ", skip))
        return searched[2]


def install(session: Session, split_inline_level: Callable, skip_first_whitespace: Callable) -> tuple:
    session.long_texts = Texts(split_inline_level, skip_first_whitespace)
    return session.long_texts.split_inline_level, session.long_texts.skip_first_whitespace
