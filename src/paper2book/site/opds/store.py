"""Writing the catalogue's files into the site folder: only what changed, atomically, and never
through a symbolic link found inside the folder (a site folder can come from elsewhere and
hold ``opds -> ~``)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from ...errors import OutputError
from ..files import SiteFolder


def plain_folder(root: Path, rel_dir: str) -> Path:
    """``root/rel_dir``, made folder by folder; OutputError where a part is a link or no folder."""
    here = root
    for part in [p for p in rel_dir.split("/") if p]:
        here = here / part
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(here)
            st = os.lstat(here)
        if not stat.S_ISDIR(st.st_mode):
            what = "a symbolic link, not followed" if stat.S_ISLNK(st.st_mode) else "not a folder"
            raise OutputError(errno.ENOTDIR, f"is {what}", str(here))
    return here


def read_plain(path: Path) -> bytes | None:
    """The bytes of the regular file ``path``, None when there is none (a link counts as none:
    writing then refuses it)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return f.read()
    finally:
        if fd >= 0:
            os.close(fd)


def write_changed(root: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write each ``rel -> bytes`` whose file differs, each atomically as the site's other
    files are (files.SiteFolder: not synced one by one, which took 4 s of a 2-year
    archive's 1,460 covers; the manifest, written last, is).  The paths written."""
    site = SiteFolder(root)
    for folder in sorted({os.path.dirname(rel) for rel in files}):
        plain_folder(root, folder)          # says which part is a link
    return [root / rel for rel, data in files.items() if site.write(rel, data)]


def sweep(root: Path, folder: str, keep: Iterable[str], suffixes: tuple[str, ...]) -> list[Path]:
    """Remove the files under ``root/folder`` with these suffixes that are not in ``keep``
    (feeds and covers of issues no longer in the site), and folders left empty."""
    keep = set(keep)
    top = root / folder
    removed: list[Path] = []
    if not top.is_dir() or top.is_symlink():
        return removed
    for here, dirs, names in os.walk(top, topdown=False):
        for name in names:
            path = Path(here) / name
            if name.endswith(suffixes) and path.relative_to(root).as_posix() not in keep:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                removed.append(path)
        for name in dirs:
            with contextlib.suppress(OSError):
                (Path(here) / name).rmdir()          # only when empty
    return removed
