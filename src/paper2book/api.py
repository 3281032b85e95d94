"""The small public API: read inputs into a Book, write a Book with a backend."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from . import registry
from .book_check import check_book
from .book_check import shown as _shown
from .config.checked import checked
from .config.options import RenderOptions
from .errors import ConfigError
from .model import Book
from .output import atomic_path

if TYPE_CHECKING:
    from .reader import Progress
    from .registry import Backend


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
    if not isinstance(inputs, Iterable) or isinstance(inputs, (bytes, Mapping)):
        raise ConfigError(f"inputs must be a file name or a list of them, not {_shown(inputs)}")
    inputs = list(inputs)
    for name in inputs:
        if not isinstance(name, (str, PathLike)):
            raise ConfigError(f"inputs must be file names (str or Path), not {_shown(name)}")
    _expect("normalize_punctuation", normalize_punctuation, bool)
    _expect("strict", strict, bool)
    if title is not None:
        _expect("title", title, str)
    if max_bytes is not None and (not isinstance(max_bytes, int) or isinstance(max_bytes, bool)
                                  or max_bytes < 1):
        raise ConfigError(f"max_bytes must be a whole number of bytes, 1 or more, not {_shown(max_bytes)}")
    if progress is not None and not callable(progress):
        raise ConfigError(f"progress must be a function, not {_shown(progress)}")
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
    target, impl, options = _arguments(book, backend, path, options)
    _expect("plain", plain, bool)
    book, options = edition(book, options)
    with atomic_path(target, plain=plain) as tmp:
        facts = _facts(impl.write(book, tmp, options))
    return Written(target, target.stat().st_size, facts)


def render(book: Book, backend: str, path: str | PathLike[str],
           options: RenderOptions | None = None) -> dict[str, object]:
    """Run the backend into ``path`` itself, no temporary file, for a caller that manages
    its outputs (``output.transaction()``); the facts the backend reported."""
    target, impl, options = _arguments(book, backend, path, options)
    book, options = edition(book, options)
    return _facts(impl.write(book, target, options))


def edition(book: Book, options: RenderOptions) -> tuple[Book, RenderOptions]:
    """The one place an edition (backends/edition.apply: Traditional characters) is made,
    for every backend, the command's, a split's workers' and a volume's parts
    (jobs/volume.render)."""
    if options.script is None and book.script is None:
        return book, options
    from .backends.edition import apply

    return apply(book, options)


def _arguments(book: object, backend: object, path: object,
               options: object) -> tuple[Path, Backend, RenderOptions]:
    """What ``write`` and ``render`` were given, checked before any work: a book of the
    model's types (InputError), a backend's name, a path and RenderOptions (ConfigError)."""
    check_book(book)
    _expect("backend", backend, str)
    if not isinstance(path, (str, PathLike)):
        raise ConfigError(f"path must be a file name (str or Path), not {_shown(path)}")
    checked_options = checked(options)
    impl = registry.get(str(backend))
    return Path(path), impl, checked_options


def _expect(name: str, value: object, kind: type) -> None:
    if not isinstance(value, kind):
        raise ConfigError(f"{name} must be {'true or false' if kind is bool else kind.__name__}, "
                          f"not {_shown(value)}")


def _facts(returned: object) -> dict[str, object]:
    # A backend that returns something else (``path.write_text``'s count, say) reports nothing.
    return dict(returned) if isinstance(returned, Mapping) else {}
