"""The vertical PDF (``--vertical --pdf``): set vertical-rl, columns right to left, by Chromium.

WeasyPrint sets no vertical text (Kozea/WeasyPrint#577).  Debian's Chromium does:
the book's HTML (document.py) is printed through the DevTools protocol's
``Page.printToPDF`` (chromium.py), tagged, with an outline from the headings,
in faces made for it (font.py: TrueType subsets, so the fonts are embedded CID
fonts, not Type 3, and the text layer gives back the dump's characters).  Then
pikepdf sets what Chromium does not (finish.py): the right-to-left page order for
viewers, /Lang, the document information.  A volume is one print: title page,
总目录, its issues in order.

The browser loads only file:// from a temporary folder of ours (chromium.py keeps
it offline) and ends with the call, on every path.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from .... import fonts
from ....config.options import RenderOptions
from ....errors import BackendError
from ....model import Book
from ...cleaning import prepare
from ...edition import theme_for
from .. import render
from . import chromium, document, finish
from .font import make_face

log = logging.getLogger("paper2book")


def available() -> bool:
    return chromium.find() is not None


def require() -> None:
    """Stops, naming what to install, when there is no engine for the vertical PDF."""
    if not available():
        raise BackendError(f"a vertical PDF is printed by Chromium, which is not installed; "
                           f"{chromium.INSTALL_HINT}")


def write(book: Book, path: Path, options: RenderOptions) -> int:
    """Writes the vertical PDF of ``book`` at ``path``; its page count."""
    require()
    book = prepare(book, options)
    if not book.articles:
        raise BackendError("the book has no articles to typeset")
    families = render.cjk_families()
    family = options.fonts.get("body") or families["body"]
    book = render.missing_glyphs(book, options, family)
    theme = theme_for(options)
    with tempfile.TemporaryDirectory(prefix="p2b-vertical-") as folder:
        faces = [document.Face("normal", "regular.ttf"), document.Face("bold", "bold.ttf")]
        style = document.stylesheet(book, options, theme, faces)
        html = document.render_html(book, options, theme, style)
        text = document.characters(html, style)
        began = time.perf_counter()
        for face, style_name in zip(faces, ("Regular", "Bold"), strict=True):
            found = fonts.find_cjk_font("serif", family, style_name)
            make_face(found.path, found.index, text, Path(folder, face.file))
        log.debug("vertical PDF: faces made in %.1f s", time.perf_counter() - began)
        page = Path(folder, "book.html")
        page.write_text(html, encoding="utf-8")
        began = time.perf_counter()
        with chromium.Browser() as browser:
            browser.go(page.as_uri(), timeout=120)
            data = browser.print_pdf(preferCSSPageSize=True, printBackground=True,
                                     generateTaggedPDF=True, generateDocumentOutline=True)
        log.debug("vertical PDF: printed in %.1f s", time.perf_counter() - began)
    return finish.finish(data, path, book, options)
