"""A progress line on a terminal for long runs; silent when stderr is not a terminal or with -q."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    WIDTH = 24

    def __init__(self, enabled: bool, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self._shown = False
        self._last = 0.0

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        stream = sys.stderr
        return cls(enabled=not quiet and hasattr(stream, "isatty") and stream.isatty(), stream=stream)

    def update(self, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        text = f"\r[{bar}] {done}/{total} {what}"[:120]
        self.stream.write(text.ljust(100))
        self.stream.flush()
        self._shown = True

    def job(self, done: int, total: int, elapsed: float, unit: str = "books") -> None:
        """Books (or a site's months) done of the job's total, and the time left at the pace so far."""
        left = ""
        if 0 < done < total:
            minutes, seconds = divmod(round(elapsed / done * (total - done)), 60)
            left = f", about {minutes}:{seconds:02d} left"
        self.update(done, total, f"{unit}{left}")

    def stage(self, what: str) -> None:
        """A step with no count (e.g. 'laying out PDF pages')."""
        if not self.enabled:
            return
        self.stream.write(f"\r{what[:110]}".ljust(100))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
            self._shown = False
