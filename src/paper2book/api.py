"""The small public API: read inputs into a Book, write a Book with a backend."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from . import registry
from .config.options import RenderOptions
from .model import Book
from .output import atomic_path

if TYPE_CHECKING:
    from .reader import Progress


@dataclass(frozen=True)
class Written:
    """What ``write_with_facts`` made: the file, its size, and what the backend said about it.

    ``facts`` is whatever mapping the backend's ``write`` returned (the PDF
    backend: ``{"pages": N}``); empty when it returned anything else.
    """

    path: Path
    size: int
    facts: Mapping[str, object] = field(default_factory=dict)


def read(inputs: Iterable[str | PathLike[str]] | str | PathLike[str], *,
         normalize_punctuation: bool = True, title: str | None = None,
         progress: Progress | None = None, max_bytes: int | None = None,
         strict: bool = False) -> Book:
    """Read dump files, folders (their ``*.txt``, recursively, sorted) or ``-`` (stdin) into
    a Book.  A file larger than ``max_bytes`` (default: reader.MAX_INPUT_BYTES, 256 MiB)
    is refused.  A folder's file that is no dump at all is skipped with a warning, or
    with ``strict`` refused."""
    from .reader import MAX_INPUT_BYTES, read_inputs

    if isinstance(inputs, (str, PathLike)):
        inputs = [inputs]
    return read_inputs([os.fsdecode(p) for p in inputs], normalize_punctuation=normalize_punctuation,
                       title=title, progress=progress,
                       max_bytes=MAX_INPUT_BYTES if max_bytes is None else max_bytes, strict=strict)


def write(book: Book, backend: str, path: str | PathLike[str],
          options: RenderOptions | None = None) -> Path:
    """Render ``book`` with the named backend to ``path``: atomically for a file, into a
    FIFO or device as it is (output.atomic_path); OutputError names ``path`` on failure."""
    return write_with_facts(book, backend, path, options).path


def write_with_facts(book: Book, backend: str, path: str | PathLike[str],
                     options: RenderOptions | None = None, *, plain: bool = False) -> Written:
    """``write``, returning the file's size and the facts the backend reported.  ``plain``:
    the caller chose the name, not its user, so a symbolic link, FIFO or device found there
    is refused (OutputError) rather than written through (output.refuse_unless_plain)."""
    target = Path(path)
    impl = registry.get(backend)
    book, options = edition(book, options or RenderOptions())
    with atomic_path(target, plain=plain) as tmp:
        facts = _facts(impl.write(book, tmp, options))
    return Written(target, target.stat().st_size, facts)


def render(book: Book, backend: str, path: str | PathLike[str],
           options: RenderOptions | None = None) -> dict[str, object]:
    """Run the backend into ``path`` itself, no temporary file, for a caller that manages
    its outputs (``output.transaction()``); the facts the backend reported."""
    book, options = edition(book, options or RenderOptions())
    return _facts(registry.get(backend).write(book, Path(path), options))


def edition(book: Book, options: RenderOptions) -> tuple[Book, RenderOptions]:
    """The one place an edition (backends/edition.apply: Traditional characters) is made,
    for every backend, the command's, a split's workers' and a volume's parts
    (jobs/volume.render)."""
    if options.script is None and book.script is None:
        return book, options
    from .backends.edition import apply

    return apply(book, options)


def _facts(returned: object) -> dict[str, object]:
    # A backend that returns something else (``path.write_text``'s count, say) reports nothing.
    return dict(returned) if isinstance(returned, Mapping) else {}
