"""Pages laid out so far, for the progress line, from WeasyPrint's public progress logger.

Laying out a month of issues takes a minute.  WeasyPrint logs each page
it lays out to the ``weasyprint.progress`` logger at INFO level ("Step 5 -
Creating layout - Page 12"); ``counting`` listens there for one render and
shows the count on the progress line.  WeasyPrint says nothing while it
draws the pages, so the line then shows the writing stage alone.

The logger is WeasyPrint's to configure: it is raised to INFO and kept from
passing its records on (to the root logger that ``-v`` makes verbose) only
inside the block, and only when there is a progress line to show.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator

LOGGER = "weasyprint.progress"
EVERY = 0.1          # seconds between two updates of the line


class PagesLaidOut(logging.Handler):
    """Counts the pages WeasyPrint reports laying out; tells ``show`` now and then."""

    def __init__(self, show: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.show = show
        self.pages = 0
        self._last = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if not str(record.msg).startswith("Step 5") or not record.args:
            return
        page = record.args[0] if isinstance(record.args, tuple) else None
        if not isinstance(page, int):
            return
        self.pages = max(self.pages, page)
        now = time.monotonic()
        if now - self._last >= EVERY:
            self._last = now
            self.show(f"PDF: laying out pages… {self.pages}")


@contextlib.contextmanager
def counting(show: Callable[[str], None] | None) -> Iterator[PagesLaidOut | None]:
    """Inside the block, pages laid out are shown through ``show`` (nothing if it is None)."""
    if show is None:
        yield None
        return
    logger = logging.getLogger(LOGGER)
    handler = PagesLaidOut(show)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
