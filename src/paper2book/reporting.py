"""What a long render tells whoever watches it: the stage it is in, and pages as they are
laid out and drawn.

The command watches with its progress line (cli/progress.py: ``stage(what)`` and
``update(done, total, what)``); a library caller watches nothing unless it asks.
The watcher is the context's, not an option of the book: a book's options say what
it looks like, and travel to worker processes, where nobody watches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

_WATCHER: ContextVar[Any] = ContextVar("paper2book_watcher", default=None)


@contextlib.contextmanager
def watched_by(watcher: Any) -> Iterator[None]:
    """Within the block, stages and page counts go to ``watcher`` (None: to nobody)."""
    token = _WATCHER.set(watcher)
    try:
        yield
    finally:
        _WATCHER.reset(token)


def stage(what: str) -> None:
    """A step of a render with no count ("PDF: laying out pages…")."""
    watcher = _WATCHER.get()
    if watcher is not None:
        watcher.stage(what)


def page_counter() -> Any:
    """The watcher's ``update(done, total, what)``, or None when nobody counts pages."""
    return getattr(_WATCHER.get(), "update", None)


def showing() -> bool:
    """Somebody watches, and shows what it is told (a progress line off a terminal does not)."""
    watcher = _WATCHER.get()
    return watcher is not None and bool(getattr(watcher, "enabled", True))
