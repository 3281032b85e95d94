"""``.paper2book-manifest.json`` in the output folder: what each output was made from.

Per output file: the key it was made with (a hash of its inputs' bytes, the
options that shape it and the paper2book version) and the size and
modification time it had when written, so a deleted or edited output is made
again.  Per input fingerprint: the scan (papers and dates) of a file with
those bytes, so an unchanged input is not read to be grouped.  A site
(``--site``, site/build.py) keeps what it made under ``site``: each month's
key and files, and the issues it showed.  A manifest of
another paper2book version, or one that cannot be read, counts as none (every
output is made again).  It is written atomically, and only when it changed.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from .. import __version__
from ..output import atomic_path
from .scan import Scan

log = logging.getLogger("paper2book")

NAME = ".paper2book-manifest.json"
FORMAT = 1


class Manifest:
    def __init__(self, folder: Path, outputs: dict[str, dict] | None = None,
                 inputs: dict[str, dict] | None = None, site: dict | None = None):
        self.folder = folder
        self.outputs: dict[str, dict] = outputs or {}
        self.inputs: dict[str, dict] = inputs or {}
        self.site: dict = site or {}
        self._used: set[str] = set()
        self.changed = False

    @property
    def path(self) -> Path:
        return self.folder / NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / NAME).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(folder)
        except (OSError, ValueError) as e:
            log.warning("%s: unreadable (%s); every output is made again", folder / NAME, e)
            return cls(folder)
        if not isinstance(data, dict) or data.get("manifest") != FORMAT \
                or data.get("paper2book") != __version__:
            log.info("%s: of another paper2book; every output is made again", folder / NAME)
            return cls(folder)
        site = data.get("site")
        return cls(folder, dict(data.get("outputs") or {}), dict(data.get("inputs") or {}),
                   dict(site) if isinstance(site, dict) else None)

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
        self.inputs[fingerprint] = scan.to_json()
        self._used.add(fingerprint)
        self.changed = True

    # ------------------------------------------------------------ outputs

    def is_current(self, name: str, key: str) -> bool:
        """``name`` was made with ``key`` and is still the file that was written."""
        entry = self.outputs.get(name)
        if not entry or entry.get("key") != key:
            return False
        try:
            st = os.stat(self.folder / name)
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == (entry.get("size"), entry.get("mtime_ns"))

    def record(self, name: str, key: str) -> None:
        st = os.stat(self.folder / name)
        self.outputs[name] = {"key": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        self.changed = True

    def forget(self, name: str) -> None:
        if self.outputs.pop(name, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Atomically; the inputs no run used this time are left out."""
        if not self.changed:
            return
        unused = self.inputs.keys() - self._used
        data = {"manifest": FORMAT, "paper2book": __version__,
                "outputs": dict(sorted(self.outputs.items())),
                "inputs": {k: v for k, v in sorted(self.inputs.items()) if k not in unused}}
        if self.site:
            data["site"] = self.site
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.changed = False
