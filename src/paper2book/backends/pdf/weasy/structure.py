"""The tagged PDF's structure where WeasyPrint 70's own tagging gets a newspaper wrong.

WeasyPrint tags every text it draws, generated text included, and nothing
in CSS or HTML can mark a box as decoration.  Three things come out wrong:

* running heads and page numbers (the ``@page`` margin boxes) are tagged
  but hang in no structure element: orphans that no reader reaches and
  PDF/UA forbids.  Here they are pagination artifacts (Header or Footer);
* the contents' leader dots are text, read aloud as a row of "…".  Here
  they are layout artifacts, and their link keeps its /Link element (with
  no text), since PDF/UA wants every link annotation in the structure;
* the contents are the lists HTML has (``nav`` a NonStruct, ``ol``/``li``
  an L of LI).  Here ``nav`` is a TOC: its leading heading stays a heading
  just before it, each ``section`` (a 版面) and ``li`` (an article) is a
  TOCI, a nested list a TOC, an entry's heading a P holding its link (a
  TOCI holds Lbl, Reference, NonStruct, P or TOC, not headings), and
  ``div`` wrappers (the contents' columns) add no element.

Captions need no patch: the dump has no photos, and PDF/UA puts a Caption
inside a Figure (or a Table or list), while a Figure must hold a graphic
with an Alt text that assistive technology reads instead of what is inside.
A Figure around a caption alone would announce a picture that is not there
and hide the caption behind its Alt.  So the templates set a caption as what
it is in this book, a paragraph (P) in a Div where the photo stood.

``collect`` finds the artifact boxes of a laid-out document before it is
drawn; ``marked`` draws them as artifacts, ``build_box_tree`` and
``get_pdf_tag`` shape the structure.  All three stand in for WeasyPrint's
own through weasy.patched() (see __init__.py), together or not at all.

WeasyPrint's public hook after drawing, ``write_pdf(finisher=...)``, comes
too late for the artifacts: the text is drawn into the content streams by
then with an MCID each, and moving it out again means parsing and
rewriting every page's stream, and the structure tree and its ParentTree
with it.  docs/weasyprint.md weighs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as _tags

from .hints import Box, Page

if TYPE_CHECKING:
    from . import Session

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Inside the contents, by HTML element: what the structure element is instead.
IN_TOC = {"nav": "TOC", "ol": "TOC", "ul": "TOC", "section": "TOCI", "li": "TOCI",
          **dict.fromkeys(HEADINGS, "P")}
_LEADER = pydyf.Dictionary({"Type": "/Layout"})


def _pagination(at_keyword: str) -> pydyf.Dictionary:
    props = {"Type": "/Pagination"}
    if at_keyword.startswith("@top"):
        props["Subtype"] = "/Header"
    elif at_keyword.startswith("@bottom"):
        props["Subtype"] = "/Footer"
    return pydyf.Dictionary(props)


def _descendants(box: Box) -> Iterator:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def collect(pages: list[Page]) -> dict[int, pydyf.Dictionary]:
    """The text boxes to draw as artifacts, by id, with their artifact properties."""
    found: dict[int, pydyf.Dictionary] = {}
    for page in pages:
        for box in _descendants(page._page_box):
            if isinstance(box, boxes.MarginBox):
                props = _pagination(box.at_keyword)
            elif getattr(box, "is_leader", False):
                props = _LEADER
            else:
                continue
            for inner in _descendants(box):
                if isinstance(inner, boxes.TextBox):
                    found[id(inner)] = props
    return found


def install(session: Session, marked_: Callable, build_box_tree_: Callable, get_pdf_tag_: Callable) -> tuple:
    session.artifacts = {}
    contents = Contents()
    return (marked(session.artifacts, marked_), build_box_tree(contents, build_box_tree_),
            get_pdf_tag(contents, get_pdf_tag_))


def marked(artifacts: dict[int, pydyf.Dictionary], _original_marked: Callable) -> Callable:
    """Stream.marked that draws the boxes in ``artifacts`` as artifacts, with no MCID."""
    @contextlib.contextmanager
    def marked(self: Any, box: Box, tag: str) -> Iterator[None]:
        props = artifacts.get(id(box)) if self._tags is not None else None
        if props is None:
            with _original_marked(self, box, tag):
                yield
            return
        self.begin_marked_content("Artifact", props)
        try:
            yield
        finally:
            self.end_marked_content()
    return marked


class Contents:
    """Whether the box tree being built is inside the contents (a TOC): one render's
    ``build_box_tree`` and ``get_pdf_tag`` share one."""

    def __init__(self) -> None:
        self.depth = 0

    @contextlib.contextmanager
    def entered(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1


def get_pdf_tag(contents: Contents, _original_tag: Callable) -> Callable:
    def get_pdf_tag(tag: str) -> Any:
        if contents.depth and tag in IN_TOC:
            return IN_TOC[tag]
        return _original_tag(tag)
    return get_pdf_tag


def build_box_tree(contents: Contents, _original_build: Callable) -> Callable:
    def build(box: Box, parent: Box, *rest: Any) -> Iterator[Any]:
        tag = box.element_tag if getattr(box, "element", None) is not None else None
        if isinstance(box, boxes.MarginBox):
            return                              # drawn as artifacts: nothing to tag
        if getattr(box, "is_leader", False):
            yield from _without_children(_original_build, box, parent, rest)
        elif tag == "nav" and not contents.depth:
            yield from _contents(_original_build, box, parent, rest, contents)
        elif (tag == "div" and contents.depth
              and not any(isinstance(c, boxes.LineBox) for c in box.children)):
            for child in box.children:
                yield from build(child, parent, *rest)
        else:
            yield from _original_build(box, parent, *rest)
    return build


def _without_children(_original_build: Callable, box: Box, parent: Box, rest: tuple[Any, ...]) -> Iterator:
    kept, box.children = box.children, []
    try:
        yield from _original_build(box, parent, *rest)
    finally:
        box.children = kept


def _contents(_original_build: Callable, box: Box, parent: Box, rest: tuple[Any, ...],
              contents: Contents) -> Iterator:
    """The heading opening the contents before it, then the TOC."""
    heads = 0
    while heads < len(box.children) and box.children[heads].element_tag in HEADINGS:
        heads += 1
    for head in box.children[:heads]:
        yield from _tags._build_box_tree(head, parent, *rest)
    kept, box.children = box.children, box.children[heads:]
    try:
        with contents.entered():
            yield from _original_build(box, parent, *rest)
    finally:
        box.children = kept
