"""Logging policy: the library logs to ``paper2book``; the CLI prints it on stderr.

Warnings always name the file, and the line when there is one
(``issue.txt:42: screen has a headline but no body``).  The library adds
no handler of its own, so an application embedding it decides what to show.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from .text import one_line

if TYPE_CHECKING:
    from .cli.progress import Progress

LOGGER = "paper2book"


class _CliFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = {logging.WARNING: "warning", logging.ERROR: "error",
                 logging.CRITICAL: "error"}.get(record.levelno, "info")
        return f"paper2book: {level}: {one_line(record.getMessage())}"


class _CliHandler(logging.StreamHandler):
    """Clears the progress line (if any) before a message, so the two never share a line."""

    progress: Progress | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.progress is not None:
            self.progress.close()
        super().emit(record)


def configure_cli(verbosity: int) -> _CliHandler:
    """verbosity: -1 quiet (errors only), 0 warnings, 1 info, 2+ debug."""
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = _CliHandler(sys.stderr)
    handler.setFormatter(_CliFormatter())
    log = logging.getLogger(LOGGER)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    return handler
