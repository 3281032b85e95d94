"""Backends by name: entry points of the ``paper2book.backends`` group.

The built-ins are registered in pyproject.toml exactly as a third party's
would be.  Loading is lazy: ``names()`` reads only package metadata, so
asking for JSON never imports ebooklib or WeasyPrint.

A backend is a class (or any callable returning an object) with
``name``, ``extension``, ``description`` and ``write(book, path, options)``.
``write`` gets a temporary path; the caller renames it into place.  It may return a
mapping of facts about the file (the PDF backend: ``{"pages": N}``) for the summary.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Protocol

from .errors import BackendError

GROUP = "paper2book.backends"

# Used only when package metadata is missing (running from a bare source tree).
_FALLBACK = {
    "json": "paper2book.backends.json_backend:JsonBackend",
    "epub": "paper2book.backends.epub:EpubBackend",
    "pdf": "paper2book.backends.pdf:PdfBackend",
    "html": "paper2book.backends.html:HtmlBackend",
}


class Backend(Protocol):
    name: str
    extension: str
    description: str

    def write(self, book: Any, path: Any, options: Any) -> Mapping[str, object] | None: ...


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Scanned once per process: the CLI asks for names and backends several times."""
    table = {ep.name: ep.value for ep in entry_points(group=GROUP)}
    return table or dict(_FALLBACK)


def names() -> list[str]:
    return sorted(_table())


def _load_ref(ref: str) -> Any:
    module, _, attr = ref.partition(":")
    obj = import_module(module)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


def get(name: str) -> Backend:
    table = _table()
    if name not in table:
        raise BackendError(f"unknown backend {name!r}; available: {', '.join(sorted(table))}")
    try:
        factory = _load_ref(table[name])
    except ImportError as e:
        raise BackendError(f"backend {name!r} cannot load: {e}") from e
    return factory() if callable(factory) else factory
