"""A step's log records, caught where it runs and handed back with its result.

A worker process (or a Dask worker's thread) has no terminal of its own: what
the reader and the backends log to ``paper2book`` while a step runs is
collected per thread and returned, and the job logs it again in its own
process, where the CLI prints it.  Records of other threads (other steps on
the same Dask worker) pass by.  A filter, not a handler: a caught record
reaches no handler, so a step run in the job's own process is not printed
twice.  (WeasyPrint's and other libraries' loggers are left as they are.)
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator, Sequence

LOGGER = "paper2book"


class _Catch(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.sinks: dict[int, list[tuple[int, str]] | None] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        ident = threading.get_ident()
        if ident not in self.sinks:
            return True
        sink = self.sinks[ident]
        if sink is not None:
            sink.append((record.levelno, record.getMessage()))
        return False


_CATCH = _Catch()
_INSTALLED = threading.Lock()


def _install() -> None:
    with _INSTALLED:
        logger = logging.getLogger(LOGGER)
        if _CATCH not in logger.filters:
            logger.addFilter(_CATCH)


@contextlib.contextmanager
def captured_logs(level: int | None) -> Iterator[list[tuple[int, str]]]:
    """Collect this thread's records at ``level`` and above (None: drop them all).

    Loggers' levels are the process's: the level asked for last holds on a worker,
    which runs one job's steps at one level.
    """
    _install()
    sink: list[tuple[int, str]] | None = [] if level is not None else None
    if level is not None:
        logging.getLogger(LOGGER).setLevel(level)
    ident = threading.get_ident()
    # Steps nest: a volume's PDF, made in a job's step, runs its parts as steps of its own.
    nested = ident in _CATCH.sinks
    outer = _CATCH.sinks.get(ident)
    _CATCH.sinks[ident] = sink
    try:
        yield sink if sink is not None else []
    finally:
        if nested:
            _CATCH.sinks[ident] = outer
        else:
            del _CATCH.sinks[ident]


def replay(records: Sequence[tuple[int, str]]) -> None:
    """Log a step's records again, here."""
    log = logging.getLogger(LOGGER)
    for level, message in records:
        log.log(level, "%s", message)
