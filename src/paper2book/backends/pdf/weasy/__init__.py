"""WeasyPrint as the PDF backend uses it: imported the fast way, patched for one render.

WeasyPrint's API can neither make Chinese lines flush, keep a headline
with the body under it, lay out a long issue quickly, say how far it has
got, nor say what a tagged PDF's running heads and contents are, so a
render replaces a few of its internal functions.  ``PATCHES`` lists every
one (justify.py with squeeze.py, keep.py, linecache.py, linebreak.py,
longtext.py, progress.py, structure.py, fontshare.py and renumber.py hold the
replacements); nothing else in paper2book replaces any of its code.
Three rules hold for all of them, and this module enforces each:

* Import order.  WeasyPrint must first be imported by ``preload.load()``,
  which spares it ctypes' slow library search.  This module calls it
  before its own ``import weasyprint``, and the rest of the backend gets
  WeasyPrint's classes from here (``CSS``, ``HTML``...), so no import
  can come first.
* Version gate.  Each patch names the WeasyPrint major releases it was
  checked against.  On any other release it stays off: the PDF is still
  right, with ragged Chinese line ends, slower layout and WeasyPrint's own
  tagging, and the backend says so once (``warn_untested``).  Add a release after running
  tests/test_pdf.py against it.
* Scope.  ``patched()`` applies the patches for one render and puts
  WeasyPrint's own functions back after it, also when the render fails.
  They are module attributes every thread sees, so one render at a time
  holds them.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .. import preload
from ..swap import replaced

preload.load()

import weasyprint  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.pdf import VARIANTS  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from . import (  # noqa: E402
    fontshare,
    justify,
    keep,
    linebreak,
    linecache,
    longtext,
    progress,
    renumber,
    structure,
)

__all__ = ["CSS", "HTML", "FontConfiguration", "URLFetcher", "PATCHES", "Patch", "Session",
           "patched", "variants", "warn_untested"]

log = logging.getLogger("paper2book")


@dataclass
class Session:
    """One render's patches, and what they report for the debug log."""
    line_cache: linecache.Cache | None = None    # its hits and misses
    long_texts: longtext.Texts | None = None     # lines found in windows, windows regrown
    justifies: bool = False                      # the draw hook is in: justify_pages may run
    # Tagged PDF: the text boxes Stream.marked draws as artifacts (structure.collect fills it
    # before the PDF is drawn), and where _build_box_tree is (inside the contents or not).
    artifacts: dict = field(default_factory=dict)
    contents: structure.Contents = field(default_factory=structure.Contents)
    shapes_structure: bool = False               # the tagging patches are in
    # Pages laid out and drawn, for the progress line (None: the hooks are off).
    pages: progress.Counter | None = None
    # A part of a volume: every character of the volume, kept in each font's subset;
    # and, given the part's page count once laid out, the number of its first page.
    shared_text: str = ""
    renumber: Callable[[int], int] | None = None


@dataclass(frozen=True)
class Patch:
    target: str                                  # "module:attribute" WeasyPrint calls
    replacement: Callable[[Session], Callable]   # given this render's session
    why: str
    tested: tuple[str, ...]                      # WeasyPrint major releases
    needs: tuple[str, ...] = ()                  # other internals the replacement relies on

    def owner(self) -> tuple[object, str]:
        """The object WeasyPrint looks the function up on, and the attribute's name."""
        module, _, attr = self.target.partition(":")
        path, _, name = attr.rpartition(".")
        return _resolve(f"{module}:{path}"), name

    def available(self) -> bool:
        if weasyprint.__version__.split(".")[0] not in self.tested:
            return False
        try:
            for ref in (self.target, *self.needs):
                _resolve(ref)
        except (ImportError, AttributeError):
            return False
        return True


def _resolve(ref: str) -> object:
    """What ``"module:name.name"`` names."""
    module, _, attr = ref.partition(":")
    obj: object = importlib.import_module(module)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


def _line_cache(session: Session) -> Callable:
    session.line_cache = linecache.Cache()
    return session.line_cache.get_next_linebox


def _long_texts(session: Session) -> longtext.Texts:
    if session.long_texts is None:
        session.long_texts = longtext.Texts()
    return session.long_texts


def _draw_justified(session: Session) -> Callable:
    session.justifies = True
    return justify.draw_first_line


def _artifacts(session: Session) -> Callable:
    session.shapes_structure = True
    return structure.marked(session.artifacts)


def _counter(session: Session) -> progress.Counter:
    if session.pages is None:
        session.pages = progress.Counter()
    return session.pages


PATCHES: tuple[Patch, ...] = (
    Patch("weasyprint.layout.inline:get_next_linebox", _line_cache,
          "column balancing breaks each paragraph ~9 times; plain-text lines are kept and copied",
          tested=("70",), needs=("weasyprint.formatting_structure.boxes:Box.deepcopy",)),
    Patch("weasyprint.layout.inline:split_first_line", lambda session: linebreak.split_first_line,
          "Pango need not lay out four lines of Chinese to find where one ends: 1.5 will do",
          tested=("70",)),
    Patch("weasyprint.layout.inline:split_inline_level",
          lambda session: _long_texts(session).split_inline_level,
          "every line of a paragraph re-encoded all of its text: 116,000 characters took 11 s, "
          "half of them 3.7 s; a long text's line is found in a window of the rest",
          tested=("70",), needs=("weasyprint.layout.inline:split_text_box",
                                 "weasyprint.layout.inline:resolve_percentages",
                                 "weasyprint.formatting_structure.boxes:TextBox.copy_with_text")),
    Patch("weasyprint.layout.inline:skip_first_whitespace",
          lambda session: _long_texts(session).skip_first_whitespace,
          "and skipping a line's leading spaces re-encoded it again", tested=("70",)),
    Patch("weasyprint.layout.block:block_container_layout", lambda session: keep.block_container_layout,
          "break-after: avoid lets a headline end a page over one line of its multi-column body; "
          "an article starts only with three lines of body under its head block",
          tested=("70",), needs=("weasyprint.layout.block:remove_placeholders",
                                 "weasyprint.formatting_structure.boxes:FootnoteAreaBox")),
    Patch("weasyprint.layout.page:remake_page", lambda session: _counter(session).remake_page,
          "laying out a long PDF takes a minute: the progress line counts the 版面 laid out",
          tested=("70",)),
    Patch("weasyprint.document:draw_page", lambda session: _counter(session).draw_page,
          "and counts the pages drawn", tested=("70",)),
    Patch("weasyprint.draw.text:draw_first_line", _draw_justified,
          "draws the character spacing justify_pages gives Chinese lines so they end flush",
          tested=("70",), needs=("weasyprint.formatting_structure.boxes:LineBox",
                                 "weasyprint.formatting_structure.boxes:TextBox")),
    Patch("weasyprint.pdf.stream:Stream.marked", _artifacts,
          "tagged PDF: running heads, page numbers and leader dots are artifacts, not text "
          "tagged into no structure element (WeasyPrint has no way to say so)",
          tested=("70",), needs=("weasyprint.formatting_structure.boxes:MarginBox",
                                 "weasyprint.pdf.stream:Stream.begin_marked_content")),
    Patch("weasyprint.pdf.tags:_build_box_tree",
          lambda session: structure.build_box_tree(session.contents),
          "tagged PDF: no orphan elements for margin boxes, no text in leaders, the contents "
          "a TOC with its heading before it",
          tested=("70",), needs=("weasyprint.pdf.tags:add_tags",)),
    Patch("weasyprint.layout:make_all_pages", renumber.make_all_pages,
          "a volume's parts are laid out in parallel and numbered once the parts before them "
          "have counted their pages", tested=("70",),
          needs=("weasyprint.css.targets:CounterLookupItem",)),
    Patch("weasyprint.pdf.fonts:Font.subset", fontshare.subset,
          "a volume's parts must embed the same subset of a font for the merge to keep one",
          tested=("70",)),
    Patch("weasyprint.pdf.tags:_get_pdf_tag", lambda session: structure.get_pdf_tag(session.contents),
          "tagged PDF: inside the contents, sections and list items are TOCI, lists TOC",
          tested=("70",)),
)

_one_render_at_a_time = threading.Lock()


@contextlib.contextmanager
def patched() -> Iterator[Session]:
    """Every available patch in ``PATCHES`` inside the block, WeasyPrint's own after it."""
    session = Session()
    with _one_render_at_a_time, contextlib.ExitStack() as stack:
        for patch in PATCHES:
            if patch.available():
                owner, name = patch.owner()
                stack.enter_context(replaced(owner, name, patch.replacement(session)))
        yield session


def variants() -> tuple[str, ...]:
    """The PDF variants this WeasyPrint writes (its "debug" one is broken in 70)."""
    return tuple(sorted(name for name in VARIANTS if name != "debug"))




@functools.lru_cache(maxsize=1)
def warn_untested() -> None:
    log.warning("WeasyPrint %s is not a release paper2book was tested with: Chinese lines in "
                "the PDF will end ragged and layout will be slower", weasyprint.__version__)
