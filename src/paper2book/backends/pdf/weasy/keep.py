"""Keep an article's head block with the first lines of its body.

WeasyPrint honours ``break-after: avoid`` on the headline only when nothing
of the next box fits; the body is a multi-column box, and one line of it
in each column counts as fitting.  So a headline, its byline and its
caption boxes could end a page with a line or two under them and the
body overleaf.

A box that declares ``--p2b-keep-lines: N`` (the backend's CSS sets it on
``.article``) may start on a page, when something else is already on it,
only if

* its body there holds at least N lines of text after the head block,
  two of them (orphans) in its first column: lines outside every
  ``break-inside: avoid`` box, which is what headlines, caption boxes and
  section headings are.  (A four-line paragraph with ``widows: 2`` sets
  two lines in each of two columns where three would fit in the first;
  that is four lines under the head, not a stranded one); and
* it starts in the upper 88 % of the page area: a head lower down, even
  with three lines under it, reads as stranded.  Not higher: a head kept
  off the last 12 % leaves at most that much (and the article rule above
  it) blank at the foot, under the 15 % a hole is counted from.

Otherwise the whole box goes to the next page, as ``break-inside: avoid``
would send it; whatever precedes it with ``break-after: avoid`` (a 版面's
band) goes with it.  A box that fits whole is never moved, nor one that
starts in the top 12 % of the page area: the next page could do no better.

This relies on WeasyPrint internals: weasy.patched() (see __init__.py)
puts ``block_container_layout`` in place for one render when its entry in
weasy.PATCHES matches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block as _block

from .hints import Box, Context, SkipStack

if TYPE_CHECKING:
    from . import Session

PROPERTY = "__p2b_keep_lines"       # --p2b-keep-lines as WeasyPrint stores it
HEAD_ZONE = 0.88                    # heads start in the upper 88 % of the page area


def declared_lines(box: Box) -> int:
    """N if ``box``'s own element declares ``--p2b-keep-lines: N`` (inherited values don't count)."""
    if PROPERTY not in getattr(box.style, "cascaded", ()):
        return 0
    tokens = box.style[PROPERTY]
    value = getattr(tokens[0], "int_value", None) if len(tokens) == 1 else None
    return value if isinstance(value, int) and value > 0 else 0


def body_lines(box: Box, limit: int) -> list[int]:
    """Lines of ``box``'s first fragment outside ``break-inside: avoid`` boxes, column by
    column (one entry for a body without columns), counted until ``limit`` in all."""
    columns: list[int] = [0]

    def walk(parent: Box) -> None:
        for child in parent.children:
            if sum(columns) >= limit:
                return
            if isinstance(child, boxes.LineBox):
                columns[-1] += 1
            elif isinstance(child, boxes.ParentBox) and not isinstance(child, boxes.InlineBox):
                if child.style["break_inside"] in ("avoid", "avoid-page", "avoid-column"):
                    continue
                walk(child)
                if child.is_column:
                    columns.append(0)
    walk(box)
    return columns[:-1] if len(columns) > 1 and columns[-1] == 0 else columns


ORPHANS = 2                         # lines of the body a head needs in its own column


def _area(context: Context) -> tuple[float, float]:
    page = context.current_footnote_area.page
    return page.content_box_y(), page.height


def starts_well(context: Context, new_box: Box, lines: int) -> bool:
    top, height = _area(context)
    start = new_box.border_box_y()
    if start > top + HEAD_ZONE * height:
        return False
    if start < top + (1 - HEAD_ZONE) * height:
        return True
    counts = body_lines(new_box, lines)
    return sum(counts) >= lines and counts[0] >= min(lines, ORPHANS)


def install(session: Session, block_container_layout: Callable) -> tuple[Callable]:
    return (functools.partial(kept_together, block_container_layout),)


def kept_together(_original: Callable, context: Context, box: Box, bottom_space: float,
                  skip_stack: SkipStack, page_is_empty: bool,
                  absolute_boxes: Any, fixed_boxes: Any, adjoining_margins: Any,
                  first_letter_style: Any, first_line_style: Any, discard: Any, max_lines: Any) -> Any:
    """WeasyPrint's ``block_container_layout`` (``_original``), a box sent on to the next page
    when it would start with too little of its body under its head."""
    result = _original(context, box, bottom_space, skip_stack, page_is_empty,
                       absolute_boxes, fixed_boxes, adjoining_margins,
                       first_letter_style, first_line_style, discard, max_lines)
    new_box, resume_at = result[0], result[1]
    if new_box is None or resume_at is None or skip_stack is not None or page_is_empty:
        return result
    lines = declared_lines(box)
    if not lines or starts_well(context, new_box, lines):
        return result
    _block.remove_placeholders(context, [new_box], absolute_boxes, fixed_boxes)
    return None, None, {"break": "any", "page": None}, [], False, result[5]
