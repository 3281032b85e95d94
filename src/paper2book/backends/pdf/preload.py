"""WeasyPrint imported once, the fast way, and what is missing for it said plainly.

This is the one place WeasyPrint is first imported: ``load()`` does it
inside libsearch.quick_find_library(), and weasy/ calls ``load()`` before it
hands out any of WeasyPrint's classes, so no module can import it the slow
way first.  ``check()`` tells ``paper2book doctor`` whether it loads;
(``weasy.warn_if_slow_subsetting()`` says once when its font subsetter is missing.)
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from .libsearch import quick_find_library

log = logging.getLogger("paper2book")


def load(quick: Callable[[], bool] = lambda: True) -> None:
    """Import WeasyPrint (with its native libraries) if it is not loaded yet; ``quick()``:
    whether the library-search trick may run (weasy asks its table, only when loading)."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    with quick_find_library(quick()):
        import weasyprint  # noqa: F401


def check() -> str | None:
    """None if WeasyPrint loads; else the first line of why it does not."""
    try:
        load()
    except Exception as e:  # OSError from a missing Pango, ImportError...
        return (str(e).splitlines() or [type(e).__name__])[0]
    return None
