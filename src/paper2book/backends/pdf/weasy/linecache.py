"""Memoised line breaking for WeasyPrint's multi-column balancing.

WeasyPrint balances columns by laying the same content out again and
again at different heights (about nine times per paragraph for a
two-column article), and each time it breaks every paragraph into lines
anew.  Where a line starts and how wide it may be fully determine a line
of plain text, so we remember each line box the first time and hand out
a moved copy afterwards.  Measured on a 40-page issue this removes more
than half of the layout time.

Only lines whose content is plain text are remembered: no floats on the
page, no leaders, no first-line/first-letter styles, no inline blocks,
images or out-of-flow boxes.  Anything else goes through WeasyPrint
unchanged.  This relies on WeasyPrint internals: weasy.patched() (see
__init__.py) puts a fresh ``Cache``'s ``get_next_linebox`` in place for one
render when the internals its entry in weasy.PATCHES names are as tested;
elsewhere the cache stays off and rendering is only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from weasyprint.formatting_structure import boxes

from .hints import Box, Context, SkipStack

if TYPE_CHECKING:
    from . import Session


def _copy_skip(skip: SkipStack) -> SkipStack:
    return {k: _copy_skip(v) for k, v in skip.items()} if isinstance(skip, dict) else skip


def _freeze(skip: SkipStack) -> object:
    if skip is None or isinstance(skip, (int, str)):
        return skip
    return tuple(sorted((k, _freeze(v)) for k, v in skip.items()))


class Cache:
    """One render's lines, and how often one was handed out again."""

    def __init__(self, original: Callable) -> None:
        self.original = original
        self.lines: dict[tuple, tuple] = {}
        self.plain: dict[int, tuple[object, bool]] = {}
        self.hits = self.misses = 0

    def is_plain(self, linebox: Box) -> bool:
        entry = self.plain.get(id(linebox))
        if entry is not None and entry[0] is linebox:
            return entry[1]
        ok = all(
            isinstance(d, (boxes.InlineBox, boxes.TextBox, boxes.LineBox))
            and not getattr(d, "is_leader", False)
            and not d.is_floated() and not d.is_absolutely_positioned()
            and not d.is_running()
            for d in linebox.descendants())
        # Keep the box alive so its id cannot be reused by another.
        self.plain[id(linebox)] = (linebox, ok)
        return ok

    def get_next_linebox(self, context: Context, linebox: Box, position_y: float,
                         bottom_space: float, skip_stack: SkipStack,
                         containing_block: Any, absolute_boxes: Any, fixed_boxes: Any,
                         first_letter_style: Any, first_line_style: Any) -> Any:
        args = (context, linebox, position_y, bottom_space, skip_stack, containing_block,
                absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
        if (first_letter_style or first_line_style or context.excluded_shapes
                or not self.is_plain(linebox)):
            return self.original(*args)
        origin_x = containing_block.content_box_x()
        key = (id(linebox), _freeze(skip_stack), containing_block.width,
               linebox.text_indent, containing_block.style["direction"])
        hit = self.lines.get(key)
        if hit is not None and hit[0] is linebox:
            _, line, resume_at, x0, y0 = hit
            self.hits += 1
            if line is None:
                return None, _copy_skip(resume_at)
            copy = line.deepcopy()
            copy.translate(origin_x - x0, position_y - y0)
            # Exactly as WeasyPrint sets it: page-break tests compare this float.
            copy.position_y = position_y
            return copy, _copy_skip(resume_at)
        line, resume_at = self.original(*args)
        self.misses += 1
        if context.excluded_shapes:  # the line itself placed a float: not plain after all
            return line, resume_at
        kept = None if line is None else line.deepcopy()
        self.lines[key] = (linebox, kept, _copy_skip(resume_at), origin_x, position_y)
        return line, resume_at



def install(session: Session, get_next_linebox: Callable) -> tuple[Callable]:
    session.line_cache = Cache(get_next_linebox)
    return (session.line_cache.get_next_linebox,)
