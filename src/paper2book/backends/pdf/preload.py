"""WeasyPrint imported once, the fast way, and what is missing for it said plainly.

This is the one place WeasyPrint is first imported: ``load()`` does it
inside libsearch.quick_find_library(), and weasy/ calls ``load()`` before it
hands out any of WeasyPrint's classes, so no module can import it the slow
way first.  ``check()`` tells ``paper2book doctor`` whether it loads;
``warn_if_slow_subsetting()`` says once when its font subsetter is missing.
"""

from __future__ import annotations

import ctypes.util
import functools
import logging
import sys

from .libsearch import quick_find_library

log = logging.getLogger("paper2book")


def load() -> None:
    """Import WeasyPrint (with its native libraries) if it is not loaded yet."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    with quick_find_library():
        import weasyprint  # noqa: F401


def check() -> str | None:
    """None if WeasyPrint loads; else the first line of why it does not."""
    try:
        load()
    except Exception as e:  # OSError from a missing Pango, ImportError...
        return (str(e).splitlines() or [type(e).__name__])[0]
    return None


@functools.lru_cache(maxsize=1)
def warn_if_slow_subsetting() -> bool:
    """Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools: many times slower."""
    from .weasy import resolve, usable

    load()
    if usable("harfbuzz_subset"):
        present = resolve("weasyprint.text.ffi:harfbuzz_subset") is not None
    else:
        present = ctypes.util.find_library("harfbuzz-subset") is not None
    if not present:
        log.warning("libharfbuzz-subset is not installed: PDF output will be slow "
                    "(on Debian/Ubuntu: apt-get install libharfbuzz-subset0)")
    return present
