"""The small public API: read inputs into a Book, write a Book with a backend."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from . import registry
from .config.options import RenderOptions
from .model import Book
from .output import atomic_path


@dataclass(frozen=True)
class Written:
    """What ``write_with_facts`` made: the file, its size, and what the backend said about it.

    ``facts`` is whatever mapping the backend's ``write`` returned (the PDF
    backend: ``{"pages": N}``); empty when it returned anything else.
    """

    path: Path
    size: int
    facts: Mapping[str, Any] = field(default_factory=dict)


def read(inputs: Iterable[str | PathLike[str]] | str | PathLike[str], *,
         normalize_punctuation: bool = True, title: str | None = None, progress=None,
         max_bytes: int | None = None) -> Book:
    """Read dump files, folders (their ``*.txt``, recursively, sorted) or ``-`` (stdin) into
    a Book.  A file larger than ``max_bytes`` (default: reader.MAX_INPUT_BYTES, 256 MiB)
    is refused."""
    from .reader import MAX_INPUT_BYTES, read_inputs

    if isinstance(inputs, (str, PathLike)):
        inputs = [inputs]
    return read_inputs([os.fsdecode(p) for p in inputs], normalize_punctuation=normalize_punctuation,
                       title=title, progress=progress,
                       max_bytes=MAX_INPUT_BYTES if max_bytes is None else max_bytes)


def write(book: Book, backend: str, path: str | PathLike[str],
          options: RenderOptions | None = None) -> Path:
    """Render ``book`` with the named backend to ``path``: atomically for a file, into a
    FIFO or device as it is (output.atomic_path); OutputError names ``path`` on failure."""
    return write_with_facts(book, backend, path, options).path


def write_with_facts(book: Book, backend: str, path: str | PathLike[str],
                     options: RenderOptions | None = None) -> Written:
    """``write``, returning the file's size and the facts the backend reported."""
    target = Path(path)
    impl = registry.get(backend)
    book, options = _edition(book, options or RenderOptions())
    with atomic_path(target) as tmp:
        facts = _facts(impl.write(book, tmp, options))
    return Written(target, target.stat().st_size, facts)


def render(book: Book, backend: str, path: str | PathLike[str],
           options: RenderOptions | None = None) -> dict[str, Any]:
    """Run the backend into ``path`` itself, no temporary file, for a caller that manages
    its outputs (``output.transaction()``); the facts the backend reported."""
    book, options = _edition(book, options or RenderOptions())
    return _facts(registry.get(backend).write(book, Path(path), options))


def _edition(book: Book, options: RenderOptions) -> tuple[Book, RenderOptions]:
    """The one place an edition (editions.apply: Traditional characters) is made, for
    every backend, the command's and a split's workers'."""
    if options.script is None and book.script is None:
        return book, options
    from .editions import apply

    return apply(book, options)


def _facts(returned: object) -> dict[str, Any]:
    # A backend that returns something else (``path.write_text``'s count, say) reports nothing.
    return dict(returned) if isinstance(returned, Mapping) else {}
