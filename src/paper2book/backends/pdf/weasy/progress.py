"""Counting pages as WeasyPrint lays them out and draws them, for the progress line.

Laying out a month of issues takes a minute, and WeasyPrint's API says
nothing until it is done.  ``Counter`` takes the place of the two
functions that make one page and draw one page, and reports through
``update(done, total, what)`` (cli/progress.py's ``Progress.update``):
while laying out, the 版面 reached out of all of them and the page count;
while drawing, the pages drawn out of all of them.

This relies on WeasyPrint internals: weasy.patched() (see __init__.py)
puts ``remake_page`` and ``draw_page`` in place for one render, on the
WeasyPrint releases they were checked against.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from weasyprint import document as _document
from weasyprint.layout import page as _page

_remake_page = getattr(_page, "remake_page", None)
_draw_page = getattr(_document, "draw_page", None)

# The ids book.html.j2 gives 版面 sections: i<issue>-p<page>.
BANMIAN_ID = re.compile(r"i\d+-p\d+$")
DEPTH = 4                # html > body > issue > 版面


def _banmian_on(box, depth: int = DEPTH) -> str | None:
    """The id of the last 版面 section that has boxes on this page."""
    found = None
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        ident = element.get("id") if element is not None else None
        if ident and BANMIAN_ID.match(ident):
            found = ident
        elif depth > 1:
            found = _banmian_on(child, depth - 1) or found
    return found


class Counter:
    """One render's page counts; silent until ``watch`` gives it somewhere to report."""

    def __init__(self) -> None:
        self.update: Callable[[int, int, str], None] | None = None
        self.banmian: dict[str, int] = {}
        self.reached = self.pages = self.drawn = self.to_draw = 0

    def watch(self, update: Callable[[int, int, str], None] | None, banmian_ids: list[str]) -> None:
        self.update = update
        self.banmian = {ident: n for n, ident in enumerate(banmian_ids, 1)}

    def remake_page(self, index, context, root_box, html):
        page, resume_at = _remake_page(index, context, root_box, html)
        if self.update is not None:
            self.pages = max(self.pages, index + 1)
            self.reached = max(self.reached, self.banmian.get(_banmian_on(page), 0))
            self.update(self.reached, len(self.banmian),
                        f"PDF: 版面 laid out ({self.pages} pages)")
        return page, resume_at

    def draw_page(self, page, stream):
        result = _draw_page(page, stream)
        if self.update is not None and self.to_draw:
            self.drawn += 1
            self.update(self.drawn, self.to_draw, "PDF: pages drawn")
        return result
