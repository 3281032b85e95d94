"""How the PDF renderer runs: room on the frame stack, a patient collector.

WeasyPrint's layout recurses deeply and allocates millions of short-lived
objects.  Two interpreter defaults cost a sixth of a conversion:

* CPython keeps Python frames in 16 KiB chunks and (before the fix for
  CPython issue gh-142183, in 3.13.x and 3.14) frees a chunk as soon as its
  first frame returns.  When layout's call depth keeps crossing a chunk
  boundary, every crossing costs an mmap and an munmap.  ``call`` runs the
  renderer inside one frame that asks for a large, unused value stack:
  CPython places that frame in a chunk big enough for everything WeasyPrint
  calls below it.  The reserved slots are never touched, so the operating
  system never backs most of them with memory.  Measured again for
  docs/weasyprint.md on CPython 3.11: 11 % fewer page faults and about 3 %
  less time for an eight-page issue.  It is a trick on the interpreter, so
  it is an entry of weasy.PATCHES ("headroom") like the patches, and off
  with one warning where that entry does not check out.
* The cyclic garbage collector runs a young-generation pass every 700
  allocations and keeps promoting layout boxes into older generations it
  then scans again.  Layout boxes are freed by reference counting, not by
  the collector, so while rendering the thresholds are raised; it still
  runs, less often, and the old thresholds come back afterwards.
"""

from __future__ import annotations

import functools
import gc
import sys
import threading
import types
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# 16,384 slots (128 KiB): the frame gets a 256 KiB chunk with ~128 KiB
# free below it, several times the deepest layout stack we have measured.
HEADROOM_SLOTS = 16384
# Measured on an eight-page issue: 0.13 s less, same peak memory.
GC_THRESHOLDS = (20000, 50, 100)


def _call(fn: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    return fn(*args, **kwargs)


@functools.cache
def _with_headroom() -> Callable:
    from .weasy import usable

    if sys.implementation.name != "cpython" or not usable("headroom"):
        return _call
    code = _call.__code__
    return types.FunctionType(code.replace(co_stacksize=code.co_stacksize + HEADROOM_SLOTS),
                              _call.__globals__, "_call_with_headroom")


# The thresholds are the process's: renders in several threads share one
# raise, and the last to finish puts the old values back.
_lock = threading.Lock()
_active = 0
_saved: tuple[int, ...] = ()


def _hold_collector() -> None:
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*(max(new, old) for new, old in zip(GC_THRESHOLDS, _saved, strict=True)))
        _active += 1


def _release_collector() -> None:
    global _active
    with _lock:
        _active -= 1
        if _active == 0:
            gc.set_threshold(*_saved)


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in one frame-stack chunk, with the collector held back."""
    _hold_collector()
    try:
        return _with_headroom()(fn, args, kwargs)
    finally:
        _release_collector()
