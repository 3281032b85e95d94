"""The glyph check on writing: no PDF goes out with a character drawn as a box.

WeasyPrint logs a warning for each character no font has and draws
``.notdef`` in its place; the backend collects those while the PDF is
written and refuses the result, naming the characters and the articles
holding them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from ...model import Book, article_texts


class _MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint had to draw as .notdef boxes."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.chars: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if ".notdef" in str(record.msg) and record.args:
            ch = str(record.args[0])
            if ch not in self.chars:
                self.chars.append(ch)


@contextlib.contextmanager
def watch() -> Iterator[_MissingGlyphs]:
    """The characters WeasyPrint finds no glyph for inside the block: ``.chars``."""
    handler = _MissingGlyphs()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    try:
        yield handler
    finally:
        wlog.removeHandler(handler)


def missing_glyphs_message(book: Book, chars: list[str]) -> str:
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:12])
    where = []
    for article in book.articles:
        if any(c in text for text in article_texts(article) for c in chars):
            src = f"{article.source.file}:{article.source.line}: " if article.source else ""
            where.append(f"{src}{article.title}")
    found = f" (in {'; '.join(where[:3])})" if where else ""
    return (f"the installed fonts have no glyph for {shown}{found}; not writing a PDF with "
            "missing characters. Install a font that covers them (e.g. apt-get install "
            "fonts-noto-cjk-extra) or choose one with options.fonts")
