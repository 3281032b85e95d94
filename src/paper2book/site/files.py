"""Writing into the site folder: only what changed, atomically, never through a link.

Each file is written to a temporary file beside it and renamed over the old
one, so a reader (or an interrupted run) never sees half a file.  Unlike a
book (output.py), the files are not synced to disk one by one: a site is
some 20,000 small files, and a sync each took most of the build; the
manifest, written last, is synced.

A site folder can come from elsewhere (a copied USB stick), so nothing found in
it is trusted: a path's folders below the root must be real folders and the
file itself a regular file or missing (output.refuse_unless_plain), or the run
stops with one line naming it.  A file whose bytes would stay the same is not
written, so a second run writes nothing and a changed day rewrites only the
files its change reaches.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from ..errors import OutputError
from ..output import _umask, refuse_unless_plain, temporary_name

_MODE = 0o666 & ~_umask()


def safe_name(rel: object) -> bool:
    """``rel`` names a file below a site's root: relative POSIX parts, none empty, hidden,
    ``..`` or with a backslash or NUL (names come back from the manifest, which anyone
    may edit: ``../../.bashrc`` must never be removed or written)."""
    if not isinstance(rel, str) or not rel or len(rel) > 1024:
        return False
    return all(p and not p.startswith(".") and "\\" not in p and "\0" not in p
               for p in rel.split("/"))


def regular_file(path: Path) -> bool:
    """``path`` is a regular file (a link is not)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _holds(path: str, st: os.stat_result, data: bytes) -> bool:
    """The regular file at ``path`` (``st``: its lstat) holds exactly ``data``."""
    if st.st_size != len(data):
        return False
    try:
        with open(path, "rb") as f:
            # A changed shard most often differs near its start: the rest is not read.
            return f.read(8192) == data[:8192] and f.read() == data[8192:]
    except OSError:
        return False


class SiteFolder:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._root = str(self.root)
        self._checked: set[str] = set()
        self.written: list[str] = []

    def _folders(self, rel: str) -> None:
        """Every folder of ``rel`` below the root a real folder (made if missing)."""
        parts = rel.split("/")[:-1]
        path = ""
        for part in parts:
            path = f"{path}/{part}" if path else part
            if path in self._checked:
                continue
            full = self.root / path
            try:
                st = os.lstat(full)
            except FileNotFoundError:
                try:
                    os.mkdir(full)
                except FileExistsError:
                    pass
                except OSError as e:
                    raise OutputError(e.errno, e.strerror or str(e), str(full)) from None
                st = os.lstat(full)
            if not stat.S_ISDIR(st.st_mode):
                raise OutputError(errno.ENOTDIR, "is not a folder (a link or a file is not followed)",
                                  str(full))
            self._checked.add(path)

    def same(self, rel: str, data: bytes) -> bool:
        """``rel`` holds exactly ``data`` (a regular file, not a link)."""
        path = os.path.join(self._root, rel)
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and _holds(path, st, data)

    def write(self, rel: str, data: bytes) -> bool:
        """Write ``data`` to ``rel`` unless it holds it already; True when written."""
        if not safe_name(rel):
            raise OutputError(errno.EINVAL, "is not a name inside the site", str(rel))
        self._folders(rel)
        # Strings and one lstat: a changed day rewrites a year's thousand shards, and
        # pathlib and a second look at each took a third of that.
        target = os.path.join(self._root, rel)
        try:
            st: os.stat_result | None = os.lstat(target)
        except OSError:
            st = None           # missing; any other trouble is met when the file is made
        if st is not None:
            if not stat.S_ISREG(st.st_mode):
                refuse_unless_plain(target)
            elif _holds(target, st, data):
                return False
        tmp: str | None = None
        folder, name = os.path.split(target)
        try:
            for _ in range(100):
                # Named before it is made, so a stop right after os.open (SIGINT raises in
                # the main thread between any two steps) still knows what to remove.
                tmp = os.path.join(folder, temporary_name(f".{name}."))
                try:
                    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    break
                except FileExistsError:
                    tmp = None                  # another's name: never removed here
            else:
                raise FileExistsError(errno.EEXIST, "no free temporary name")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, _MODE)
            os.replace(tmp, target)
        except BaseException as e:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if isinstance(e, OSError):
                raise OutputError(e.errno, e.strerror or str(e), str(target)) from None
            raise
        self.written.append(rel)
        return True

    def remove(self, rel: str) -> bool:
        """Remove ``rel`` (a link itself, never what it points to); empty folders go too."""
        if not safe_name(rel):
            return False
        path = self.root / rel
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return False
        except OSError:
            return False
        if stat.S_ISDIR(st.st_mode):
            return False
        try:
            os.unlink(path)
        except OSError as e:
            raise OutputError(e.errno, e.strerror or str(e), str(path)) from None
        parent = path.parent
        while parent != self.root and self.root in parent.parents:
            with contextlib.suppress(OSError):
                parent.rmdir()
                parent = parent.parent
                continue
            break
        return True
