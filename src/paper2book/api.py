"""The small public API: read inputs into a Book, write a Book with a backend."""

from __future__ import annotations

import os
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from . import registry
from .config.options import RenderOptions
from .model import Book
from .output import atomic_path


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
    target = Path(path)
    impl = registry.get(backend)
    with atomic_path(target) as tmp:
        impl.write(book, tmp, options or RenderOptions())
    return target
