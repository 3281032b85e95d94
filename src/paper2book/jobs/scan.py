"""What a job knows of an input before it reads it: a fingerprint of its bytes, and which
papers and dates it holds (enough to put it into the right books).

Fingerprints are taken in the job's own process (a month of dumps hashes in a few
milliseconds); the scan reads a file's screens but not its articles (about 60 % of a
full read), runs on the workers, and is cached in the manifest under the fingerprint,
so an unchanged file is never scanned twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from .logs import captured_logs


def fingerprint(path: str) -> str:
    """The sha256 of the file's bytes, read in pieces."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def modification_date(path: str) -> str | None:
    """The file's modification date, as the reader takes years from it (None: no such date)."""
    import os

    try:
        return dt.date.fromtimestamp(os.stat(path).st_mtime).isoformat()
    except (OSError, OverflowError, ValueError):
        return None


@dataclass(frozen=True)
class Scan:
    """The (paper, ISO date) of the issues an input holds; ``mtime_date`` is the file's
    modification date when the years of its dates were taken from it (no capture date
    in the file), else None: then the file's date is part of what the books depend on."""

    issues: tuple[tuple[str, str], ...]
    mtime_date: str | None = None

    def to_json(self) -> dict:
        return {"issues": [list(i) for i in self.issues], "mtime_date": self.mtime_date}

    @classmethod
    def from_json(cls, data: dict) -> Scan:
        return cls(tuple((str(p), str(d)) for p, d in data["issues"]), data.get("mtime_date"))


@dataclass(frozen=True)
class ScanTask:
    path: str
    max_bytes: int


@dataclass(frozen=True)
class ScanResult:
    scan: Scan | None
    error: str | None = None


def scan(task: ScanTask) -> ScanResult:
    """A worker's step.  What the scan would warn about is left out: the books that read
    the file say it."""
    from ..errors import NotADumpError, Paper2BookError
    from ..reader import issue_dates

    with captured_logs(None):
        try:
            found, mtime = issue_dates(task.path, task.max_bytes)
        except NotADumpError:
            return ScanResult(Scan(()))         # no issues: the job skips it or refuses it
        except Paper2BookError as e:
            return ScanResult(None, str(e))
    issues = tuple(sorted({(paper, date.isoformat()) for paper, date in found}))
    return ScanResult(Scan(issues, mtime.isoformat() if mtime else None))
