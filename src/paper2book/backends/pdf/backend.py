"""The ``pdf`` backend: a print-ready newspaper book through WeasyPrint.

One issue is one WeasyPrint pass (render.py); a book of several issues is
typeset issue by issue and merged (volume.py), here one part after the other.
jobs/volume.py typesets the same parts on worker processes instead.  The
registry imports this module whenever ``pdf`` is asked for, so WeasyPrint is
loaded only once a render starts.
"""

from __future__ import annotations

from pathlib import Path

from ...config.options import RenderOptions
from ...model import Book
from . import runtime


class PdfBackend:
    name = "pdf"
    extension = ".pdf"
    description = "print-ready PDF: newspaper pages, running heads, bookmarks (WeasyPrint)"

    def write(self, book: Book, path: Path, options: RenderOptions) -> dict[str, int]:
        """Writes the PDF; returns its page count for the CLI's summary."""
        if options.writing_mode == "vertical":
            from . import vertical

            return {"pages": vertical.write(book, Path(path), options)}
        if len(book.issues) > 1:
            from . import volume

            merged = volume.write(book, Path(path), options)
            return {"pages": merged.pages, "blank_pages": merged.blanks}
        from .render import render_book

        data, pages = runtime.call(render_book, book, options)
        assert data is not None                 # drawn: count_only is off
        Path(path).write_bytes(data)
        return {"pages": pages}

