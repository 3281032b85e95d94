"""Backends by name: the built-ins from a table, the others from entry points.

The built-ins are registered in pyproject.toml as a third party's would be,
but are found in ``BUILTIN`` first: scanning the installed packages'
metadata costs ~35 ms, a fifth of converting one issue to EPUB.  The entry
points of the ``paper2book.backends`` group are scanned only for a name that
is not built in, and for ``names()`` (``--list-backends``, a config's
``backends:``).  A third party cannot replace a built-in name.  Loading is
lazy: converting to JSON never imports ebooklib or WeasyPrint.

A backend is a class (or any callable returning an object) with
``name``, ``extension``, ``description`` and ``write(book, path, options)``: the
``Backend`` protocol, which a type checker holds a third party's class to.
``write`` gets a temporary path; the caller renames it into place.  It may return a
mapping of facts about the file (the PDF backend: ``{"pages": N}``) for the summary.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol, cast, runtime_checkable

from .errors import BackendError

if TYPE_CHECKING:       # the registry loads before any backend, and never needs these at run time
    from .config.options import RenderOptions
    from .model import Book

GROUP = "paper2book.backends"


class Builtin(NamedTuple):
    ref: str
    extension: str          # the class's, known without importing it (a test keeps them equal)


BUILTIN: dict[str, Builtin] = {
    "json": Builtin("paper2book.backends.json_backend:JsonBackend", ".json"),
    "epub": Builtin("paper2book.backends.epub:EpubBackend", ".epub"),
    "pdf": Builtin("paper2book.backends.pdf:PdfBackend", ".pdf"),
    "html": Builtin("paper2book.backends.html:HtmlBackend", ".html"),
}


@runtime_checkable
class Backend(Protocol):
    """What a backend is: ``write`` renders ``book`` into the file ``path`` (a temporary
    name, renamed into place by the caller), and may report facts about it (``{"pages": N}``)."""

    name: str
    extension: str
    description: str

    def write(self, book: Book, path: Path, options: RenderOptions) -> Mapping[str, object] | None: ...


@functools.lru_cache(maxsize=1)
def _entry_points() -> dict[str, str]:
    """Scanned once per process, and only when asked for."""
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=GROUP) if ep.name not in BUILTIN}


def names() -> list[str]:
    return sorted(BUILTIN.keys() | _entry_points().keys())


def known(name: str) -> bool:
    return name in BUILTIN or name in _entry_points()


def extension(name: str) -> str:
    """The backend's file extension; a built-in's without importing it."""
    if name in BUILTIN:
        return BUILTIN[name].extension
    return get(name).extension


def _ref(name: str) -> str:
    if name in BUILTIN:
        return BUILTIN[name].ref
    ref = _entry_points().get(name)
    if ref is None:
        raise BackendError(f"unknown backend {name!r}; available: {', '.join(names())}")
    return ref


def _load_ref(ref: str) -> object:
    module, _, attr = ref.partition(":")
    obj: object = import_module(module)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


def get(name: str) -> Backend:
    ref = _ref(name)
    try:
        factory = _load_ref(ref)
    except ImportError as e:
        raise BackendError(f"backend {name!r} cannot load: {e}") from e
    # What an entry point names is taken on trust, as a plugin's code is: the protocol
    # is what a type checker holds the built-ins and a third party's class to.
    return cast(Backend, factory() if callable(factory) else factory)
