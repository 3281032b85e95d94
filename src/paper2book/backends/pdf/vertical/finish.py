"""What Chromium's PDF lacks, set with pikepdf: the reading direction, /Lang, metadata.

Right to left: /ViewerPreferences /Direction /R2L, so viewers that show facing
pages put page 2 left of page 1.  /Lang from the book's language (Chromium's
tagged PDF has none at the root).  The document information as the horizontal
edition gives it (title, author, subject, keywords, producer).
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from ....config.options import RenderOptions
from ....model import Book
from .. import template


def finish(data: bytes, path: Path, book: Book, options: RenderOptions) -> int:
    """Writes ``data`` with the settings above at ``path``; its page count."""
    meta = template.metadata(book, book.title, options)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        prefs = root.get("/ViewerPreferences", pikepdf.Dictionary())
        prefs.Direction = pikepdf.Name.R2L
        root.ViewerPreferences = prefs
        root.Lang = pikepdf.String(options.language or book.language or "zh-CN")
        info = pdf.docinfo
        info.Title = pikepdf.String(str(meta["title"]))
        authors = meta["authors"]
        assert isinstance(authors, list)
        info.Author = pikepdf.String("、".join(authors))
        info.Subject = pikepdf.String(str(meta["subject"]))
        keywords = meta["keywords"]
        assert isinstance(keywords, list)
        info.Keywords = pikepdf.String(", ".join(keywords))
        info.Creator = pikepdf.String(str(meta["generator"]))
        pdf.save(path, deterministic_id=True)
        return len(pdf.pages)
