"""Which papers and dates each input holds: from the manifest when its bytes are known,
else from a scan (scan.py), on workers when there are many.  One pass for a split job
and for the archive site."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ..reader.files import display_name
from .manifest import Manifest
from .runner import DaskCluster, InProcess, LocalPool, Step
from .scan import Scan, ScanResult, ScanTask, fingerprint, modification_date, scan

# Fewer inputs to scan than this are scanned here: starting workers costs about what
# scanning 50 dumps does.
SCANS_FOR_WORKERS = 64


@dataclass(frozen=True)
class Hashed:
    path: str
    sha: str                    # sha256 of its bytes
    mtime_date: str | None      # its modification date (years of a dump without a capture date)


def scanned(files: list[str], manifest: Manifest, *, max_bytes: int, force: bool,
            workers: Callable[[int], InProcess | LocalPool | DaskCluster],
            on_stage: Callable[[str], None], on_error: Callable[[str], None]
            ) -> tuple[list[Hashed], dict[str, Scan]]:
    """The readable inputs with their fingerprints, and the scan of each fingerprint (a
    file that cannot be read or scanned is ``on_error``'s, one line).  ``force``: scan
    even what the manifest knows.  ``workers(n)`` gives the runner for n scans, when
    there are at least SCANS_FOR_WORKERS of them."""
    hashed: list[Hashed] = []
    for f in files:
        try:
            path, st = os.path.abspath(f), os.stat(f)
            sha = None if force else manifest.hash_of(path, st)
            if sha is None:
                sha = fingerprint(f)
                manifest.remember_hash(path, st, sha)
            hashed.append(Hashed(f, sha, modification_date(f)))
        except OSError as e:
            on_error(f"{display_name(f)}: cannot read: {e.strerror or e}")
    scans: dict[str, Scan] = {}
    unknown: dict[str, str] = {}                    # sha → the first file with those bytes
    for h in hashed:
        if h.sha in scans or h.sha in unknown:
            continue
        cached = None if force else manifest.scan_of(h.sha, h.mtime_date)
        if cached is not None:
            scans[h.sha] = cached
        else:
            unknown[h.sha] = h.path
    if unknown:
        on_stage(f"reading the dates of {len(unknown):,} inputs…")
        steps = [Step(sha, scan, ScanTask(os.path.abspath(f), max_bytes)) for sha, f in unknown.items()]
        where = workers(len(steps)) if len(steps) >= SCANS_FOR_WORKERS else InProcess()
        for step, result in where.run(steps):
            if isinstance(result, ScanResult) and result.scan is not None:
                scans[step.key] = result.scan
                manifest.remember_scan(step.key, result.scan)
            else:
                on_error(result.error if isinstance(result, ScanResult) and result.error
                         else repr(result))
    return hashed, scans

