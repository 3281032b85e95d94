"""``.paper2book-manifest.json`` in the output folder: what each output was made from.

Per output file: the key it was made with (a hash of its inputs' bytes, the
options that shape it and the paper2book version) and the size and
modification time it had when written, so a deleted or edited output is made
again.  Per input fingerprint: the scan (papers and dates) of a file with
those bytes, so an unchanged input is not read to be grouped.  Per input path:
its fingerprint and the size, times, inode and device it had, so an input
whose stat is unchanged is not read to be hashed (``hash_of``).  A site
(``--site``, site/build.py) keeps what it made under ``site``: each month's
key and files, and the issues it showed.  A manifest of
another paper2book version, or one that cannot be read, counts as none (every
output is made again).  It is written atomically, and only when it changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from ..output import atomic_path, read_plain
from ..version import __version__
from . import manifest_check
from .scan import Scan

log = logging.getLogger("paper2book")

NAME = ".paper2book-manifest.json"
RACY_NS = 2_000_000_000
FORMAT = 1
MAX_BYTES = 256 << 20       # an archive of 100,000 outputs takes a few tens of MB


class Manifest:
    def __init__(self, folder: Path, outputs: dict[str, dict] | None = None,
                 inputs: dict[str, dict] | None = None, site: dict | None = None,
                 hashes: dict[str, dict] | None = None):
        self.folder = folder
        self.outputs: dict[str, dict] = outputs or {}
        self.inputs: dict[str, dict] = inputs or {}
        self.hashes: dict[str, dict] = hashes or {}
        self.site: dict = site or {}
        self._used: set[str] = set()
        self._hashed: set[str] = set()
        self.changed = False

    @property
    def path(self) -> Path:
        return self.folder / NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        # A link or FIFO under the manifest's name (a downloaded folder) stops the job here,
        # before anything is read through it or written.
        raw = read_plain(folder / NAME, MAX_BYTES)
        if raw is None:
            return cls(folder)
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError as e:
            log.warning("%s: unreadable (%s); every output is made again", folder / NAME, e)
            return cls(folder)
        if not isinstance(data, dict) or data.get("manifest") != FORMAT \
                or data.get("paper2book") != __version__:
            log.info("%s: of another paper2book; every output is made again", folder / NAME)
            return cls(folder)
        checked = manifest_check.check(data)
        if checked.dropped:
            shown = ", ".join(checked.dropped[:3]) + (f" and {len(checked.dropped) - 3} more"
                                                      if len(checked.dropped) > 3 else "")
            log.warning("%s: %d entries are not as paper2book wrote them (%s); what they cover is "
                        "made again", folder / NAME, len(checked.dropped), shown)
        site = data.get("site")         # the site checks its own entries (site/build.py)
        manifest = cls(folder, checked.outputs, checked.inputs,
                       dict(site) if isinstance(site, dict) else None, checked.hashes)
        manifest.changed = bool(checked.dropped)
        return manifest

    # ------------------------------------------------------------ inputs

    def scan_of(self, fingerprint: str, mtime_date: str | None) -> Scan | None:
        """The cached scan of a file with these bytes, if it still holds (a scan that took
        its years from the modification date holds for that date only)."""
        entry = self.inputs.get(fingerprint)
        if entry is None:
            return None
        try:
            scan = Scan.from_json(entry)
        except (KeyError, TypeError, ValueError):
            return None
        if scan.mtime_date is not None and scan.mtime_date != mtime_date:
            return None
        self._used.add(fingerprint)
        return scan

    def remember_scan(self, fingerprint: str, scan: Scan) -> None:
        entry = scan.to_json()
        entry["check"] = manifest_check.scan_check(fingerprint, entry["issues"], entry["mtime_date"])
        self.inputs[fingerprint] = entry
        self._used.add(fingerprint)
        self.changed = True

    def hash_of(self, path: str, st: os.stat_result) -> str | None:
        """The fingerprint of the regular file at ``path`` (absolute), when its stat is the
        one it was hashed with."""
        name = _path_name(path)
        entry = self.hashes.get(name)
        if entry is None or not stat.S_ISREG(st.st_mode) or entry["stat"] != _stat_key(st):
            return None
        self._hashed.add(name)
        return str(entry["sha"])

    def remember_hash(self, path: str, st: os.stat_result, fingerprint: str) -> None:
        """Unless the file changed in the last RACY_NS: a change within the same clock tick
        as the stat would leave its times as they are (git's "racily clean" files).  Kept
        under a hash of the path: the output folder may be shared, the user's paths are not.
        Saved with the manifest's next change, never a change by itself: a run that makes
        nothing writes nothing."""
        if not stat.S_ISREG(st.st_mode) or time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
            return
        name, key = _path_name(path), _stat_key(st)
        self.hashes[name] = {"stat": key, "sha": fingerprint,
                             "check": manifest_check.hash_check(name, key, fingerprint)}
        self._hashed.add(name)

    # ------------------------------------------------------------ outputs

    def is_current(self, name: str, key: str) -> bool:
        """``name`` was made with ``key`` and is still the file that was written."""
        entry = self.outputs.get(name)
        if not entry or entry.get("key") != key:
            return False
        try:
            st = os.lstat(self.folder / name)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):    # a link put there since: refused when made again
            return False
        return (st.st_size, st.st_mtime_ns) == (entry.get("size"), entry.get("mtime_ns"))

    def record(self, name: str, key: str) -> None:
        st = os.lstat(self.folder / name)
        self.outputs[name] = {"key": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        self.changed = True

    def forget(self, name: str) -> None:
        """``name`` is no longer made here (the site drops a deleted dump's books)."""
        if self.outputs.pop(name, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Atomically; the inputs no run used this time are left out."""
        if not self.changed:
            return
        unused = self.inputs.keys() - self._used
        data = {"manifest": FORMAT, "paper2book": __version__,
                "outputs": dict(sorted(self.outputs.items())),
                "inputs": {k: v for k, v in sorted(self.inputs.items()) if k not in unused},
                "hashes": {k: v for k, v in sorted(self.hashes.items()) if k in self._hashed}}
        if self.site:
            data["site"] = self.site
        with atomic_path(self.path, plain=True) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.changed = False


@contextlib.contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    """One job at a time in an output folder: two runs at once each read the manifest,
    made their books and wrote it back, and the second lost the first's entries.  The lock
    is the folder's own (flock on its descriptor), so nothing is left behind; a second run
    says it waits, then waits."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield                   # a folder we cannot open is refused by what follows
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("%s: another paper2book run is making books here; waiting for it", folder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass                # no locks on this file system: as before
        yield
    finally:
        os.close(fd)            # releases the lock


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _path_name(path: str) -> str:
    return hashlib.sha256(os.fsencode(path)).hexdigest()[:32]
