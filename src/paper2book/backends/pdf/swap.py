"""``replaced``: one module attribute swapped for the length of a block.

Every change paper2book makes to another library's functions goes through
it, so each is undone however the block ends: WeasyPrint's patches
(weasy/__init__.py) and ctypes' library search while WeasyPrint is
imported (preload.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def replaced(owner, name: str, value) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block, its own value again after it."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)
