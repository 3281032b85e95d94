"""Room on CPython's frame stack for WeasyPrint's deep layout recursion.

CPython keeps Python frames in 16 KiB chunks and (up to 3.13's early
releases, CPython issue gh-142183) frees a chunk as soon as its first frame
returns.  WeasyPrint's layout recurses block in block, line in block, and
when its call depth keeps crossing a chunk boundary every crossing costs an
mmap and an munmap: about 110,000 of them for an eight-page issue, 15 % of
the whole conversion.

``call`` runs the renderer inside one frame that asks for a large, unused
value stack.  CPython then places that frame in a chunk big enough for it
and for everything WeasyPrint calls below it, so layout never crosses a
boundary.  The reserved slots are never touched, so the operating system
never backs most of them with memory.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# 16,384 slots (128 KiB): the frame gets a 256 KiB chunk with ~128 KiB
# free below it, several times the deepest layout stack we have measured.
HEADROOM_SLOTS = 16384


def _call(fn, args, kwargs):
    return fn(*args, **kwargs)


def _with_headroom() -> Callable:
    if sys.implementation.name != "cpython":
        return _call
    code = _call.__code__
    return types.FunctionType(code.replace(co_stacksize=code.co_stacksize + HEADROOM_SLOTS),
                              _call.__globals__, "_call_with_headroom")


_call_with_headroom = _with_headroom()


def call(fn: Callable[..., T], *args, **kwargs) -> T:
    """``fn(*args, **kwargs)``, with its whole call tree in one frame-stack chunk."""
    return _call_with_headroom(fn, args, kwargs)
