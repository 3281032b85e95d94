"""The ``json`` backend: the document model itself, in its versioned JSON form."""

from __future__ import annotations

import json
from pathlib import Path

from ..config.options import RenderOptions
from ..model import Book
from .cleaning import prepare


def dumps(book: Book) -> str:
    return json.dumps(book.to_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonBackend:
    name = "json"
    extension = ".json"
    description = "the document model as JSON (schema-versioned)"

    def write(self, book: Book, path: Path, options: RenderOptions) -> None:
        Path(path).write_text(dumps(prepare(book, options)), encoding="utf-8")
