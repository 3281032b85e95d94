"""What a killed run left in its output folder, swept by the next run there.

A run that ends normally, or by a signal it can unwind, removes its own
temporary files (output.py) and the parts' folders of its volumes
(backends/pdf/volume.py); its workers do as well when it dies (lifeline.py).
What no one removed (the machine went down, a worker and the command killed
at once, a Dask cluster lost) is left as hidden names beside the books:

    .NAME.XXXXXXXX.part             an output being written (output.Transaction.path_for)
    .NAME.PID.ID.old                an output being replaced, kept to roll back (keep_old)
    ..NAME.XXXXXXXX.part.parts-XXXXXXXX
                                    a volume's parts, beside its temporary file

The next job on the folder removes them before it makes anything, holding
the folder's lock (manifest.folder_locked), so no run of ours is writing
them.  Only names of exactly these shapes are touched, and only for a NAME
the job knows (a book it plans, one its manifest lists, the manifest): a
file the user keeps there, or another program's, is left alone.  Nothing
is followed: a link of such a name is not ours and stays, a parts' folder is
removed without following a link inside it, and nothing outside the folder
is looked at.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger("paper2book")

_RANDOM = r"[a-z0-9_]{8}"                   # tempfile's names: mkstemp and mkdtemp
_PART = re.compile(rf"\.(?P<name>.+)\.{_RANDOM}\.part")
_OLD = re.compile(r"\.(?P<name>.+)\.[0-9]+\.[0-9]+\.old")
_PARTS = re.compile(rf"\.(?P<of>.+)\.parts-{_RANDOM}")


def leftover(entry: str, known: set[str]) -> str | None:
    """``part`` or ``old`` for a temporary file of a known name, ``parts`` for a volume's
    parts' folder, or None for a name that is not one we leave."""
    for kind, pattern in (("part", _PART), ("old", _OLD)):
        m = pattern.fullmatch(entry)
        if m and m["name"] in known:
            return kind
    m = _PARTS.fullmatch(entry)
    if m:
        of = _PART.fullmatch(m["of"])
        if (of["name"] if of else m["of"]) in known:
            return "parts"
    return None


def sweep(folder: Path, names: Iterable[str]) -> int:
    """Remove the leftovers of earlier runs for ``names`` in ``folder``; how many were."""
    known = set(names)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0                # the job itself says what is wrong with the folder
    for entry in entries:
        kind = leftover(entry.name, known)
        if kind is None:
            continue
        with contextlib.suppress(OSError):
            if kind == "parts" and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)           # never follows a link inside
                removed += 1
            elif kind != "parts" and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
    if removed:
        log.info("%s: removed %d temporary files an interrupted run left", folder, removed)
    return removed
