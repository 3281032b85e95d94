"""Writing outputs so that a failed run leaves nothing behind and keeps older files intact.

A backend writes to a path handed out here, never to the target itself:

* a regular file, or a name that does not exist yet, gets a temporary file
  beside it, fsync'ed and renamed over the target at the end (the folder is
  fsync'ed after); an existing file keeps its permission bits (and owner,
  when we may set it), a new one gets what the umask allows;
* a symbolic link is followed: its target is replaced, the link stays;
* a FIFO or a character device (``-o /dev/null``, ``-o /dev/stdout``) is
  never replaced: the output is spooled to a temporary file and copied into
  it at the end; block devices, sockets and folders are refused.

A name the caller chose itself, not its user (the CLI's default names
beside a downloaded dump, a ``--split`` job's books and manifest), is
written only when it is a regular file or missing: ``path_for(target,
plain=True)`` refuses a symbolic link, FIFO or device there
(``refuse_unless_plain``), since a folder from elsewhere can hold
``issue.epub -> ~/.bashrc``; ``read_plain`` reads such a file without
following a link or blocking on a FIFO.

``transaction()`` does this for several outputs at once: every output lands
or none does.  While outputs are being written, SIGTERM and SIGHUP unwind
the program (SystemExit) as SIGINT does (KeyboardInterrupt), so temporary
files are removed; a signal that arrives while the outputs land waits until
they have.  Errors name the target (OutputError), never a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, Paper2BookError

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)      # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def _error(e: OSError, target: Path) -> OutputError:
    return OutputError(e.errno, e.strerror or str(e), str(target))


def refuse_unless_plain(target: str | os.PathLike[str]) -> None:
    """OutputError unless ``target`` is a regular file (not a link to one), a folder or missing."""
    target = Path(target)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as e:
        raise _error(e, target) from None
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):   # a folder: path_for names it
        return
    if stat.S_ISLNK(st.st_mode):
        what = "a symbolic link, not followed"
    else:
        kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a character device" if stat.S_ISCHR(st.st_mode)
                else "not a regular file")
        what = f"{kind}, not written into"
    raise OutputError(errno.EEXIST, f"is {what} for a name paper2book chose "
                      "(remove it, or name the output with -o)", str(target))


@dataclass
class _Output:
    target: Path            # as the caller named it, for messages
    real: Path              # where the bytes go: symbolic links followed
    tmp: Path               # what the backend writes
    direct: bool            # a FIFO or character device: copied into, never replaced
    old: os.stat_result | None
    backup: Path | None = None

    def seal(self) -> None:
        """The temporary file's bytes on disk, with the mode (and owner) the target will have."""
        fd = os.open(self.tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.old is not None:
            if (self.old.st_uid, self.old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):
                    os.chown(self.tmp, self.old.st_uid, self.old.st_gid)
            mode = stat.S_IMODE(self.old.st_mode) & 0o777
        else:
            mode = 0o666 & ~_umask()
        os.chmod(self.tmp, mode)

    def keep_old(self) -> None:
        """A hard link to the file about to be replaced, so a failed transaction can put it back."""
        if self.old is None:
            return
        name = self.real.parent / f".{self.real.name}.{os.getpid()}.{id(self)}.old"
        try:
            os.link(self.real, name)
        except OSError:
            return              # no hard links here: this one cannot be rolled back
        self.backup = name

    def roll_back(self) -> None:
        with contextlib.suppress(OSError):
            if self.backup is not None:
                os.replace(self.backup, self.real)
                self.backup = None
            elif self.old is None:
                os.unlink(self.real)

    def copy_in(self) -> None:
        with open(self.tmp, "rb") as src, open(self.target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

    def remove_temporaries(self) -> None:
        for path in (self.tmp, self.backup):
            if path is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)


class Transaction:
    """Outputs written together: ``path_for`` hands out where to write; all land on success."""

    def __init__(self) -> None:
        self._outputs: list[_Output] = []

    def path_for(self, target: str | os.PathLike[str], *, plain: bool = False) -> Path:
        """Where to write ``target``'s bytes (a temporary file); ``plain``: only into a
        regular file or a missing name (``refuse_unless_plain``)."""
        target = Path(target)
        if plain:
            refuse_unless_plain(target)
        try:
            st = os.stat(target)            # follows symbolic links
        except FileNotFoundError:
            st = None
        except OSError as e:                # a link loop, a forbidden folder, …
            raise _error(e, target) from None
        if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)
                                   or stat.S_ISCHR(st.st_mode)):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a file, FIFO or character device"
            raise OutputError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                              f"is {kind}", str(target))
        direct = st is not None and not stat.S_ISREG(st.st_mode)
        real = target if direct else Path(os.path.realpath(target))
        if direct:
            folder, prefix = Path(tempfile.gettempdir()), "paper2book-"
        else:
            folder, prefix = real.parent, f".{real.name}."
        try:
            if not direct:
                folder.mkdir(parents=True, exist_ok=True)
            out = _Output(target, real, folder / temporary_name(prefix), direct, None if direct else st)
            # Listed before it exists: a stop (SIGTERM raises in the main thread, whatever
            # signal mask it holds) between the file's creation and its listing would
            # leave it behind; listed first, the transaction's end removes it or finds none.
            self._outputs.append(out)
            for _ in range(100):
                try:
                    os.close(os.open(out.tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
                    break
                except FileExistsError:
                    out.tmp = folder / temporary_name(prefix)
            else:
                raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
        except OSError as e:
            raise _error(e, target) from None
        return out.tmp

    def _target_of(self, e: OSError) -> Path | None:
        """The target an error from a backend is about: its temporary file's, or the last handed out."""
        if e.filename is None:
            return self._outputs[-1].target if self._outputs else None
        for out in self._outputs:
            if os.fsdecode(e.filename) == str(out.tmp):
                return out.target
        return None

    def _copy_into_devices(self) -> None:
        """First, since a pipe cannot take its bytes back; interruptible, since a FIFO
        with no reader blocks until one comes."""
        for out in (o for o in self._outputs if o.direct):
            try:
                out.copy_in()
            except OSError as e:
                raise _error(e, out.target) from None

    def _land_files(self) -> None:
        files = [o for o in self._outputs if not o.direct]
        landed: list[_Output] = []
        try:
            # An OSError comes from inside a loop, so ``out`` is the output it concerns.
            for out in files:
                out.seal()
            for out in files:
                out.keep_old()
                os.replace(out.tmp, out.real)
                landed.append(out)
        except OSError as e:
            for done in reversed(landed):
                done.roll_back()
            raise _error(e, out.target) from None
        for folder in dict.fromkeys(o.real.parent for o in files):
            _fsync_folder(folder)

    def _remove_temporaries(self) -> None:
        for out in self._outputs:
            out.remove_temporaries()


_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def temporary_name(prefix: str) -> str:
    """``prefix`` + 8 random characters + ``.part``, as tempfile names them (jobs/sweep.py
    knows the pattern)."""
    return prefix + "".join(secrets.choice(_NAME_CHARS) for _ in range(8)) + ".part"


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass                        # some file systems cannot sync a folder; the rename stands
    finally:
        os.close(fd)


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit while outputs are written (main thread only;
    handlers someone else set, and signals ignored under nohup, are left alone)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in _SIGNALS}
    for s, old in saved.items():
        if old is signal.SIG_DFL:
            signal.signal(s, _raise_exit)
    try:
        yield
    finally:
        for s, old in saved.items():
            if old is signal.SIG_DFL:
                signal.signal(s, old)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Signals wait while outputs land (so they land together) and while temporaries go."""
    held = {signal.SIGINT, *_SIGNALS}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def transaction() -> Iterator[Transaction]:
    """Several outputs, all or none: ``with transaction() as tx: write(tx.path_for(t))``."""
    tx = Transaction()
    with _signals_unwind():
        try:
            try:
                yield tx
            except OSError as e:
                if isinstance(e, Paper2BookError) or e.errno is None:
                    raise           # not a system error (Jinja's TemplateNotFound is an OSError)
                target = tx._target_of(e)
                if target is None:
                    raise           # about some other file
                raise _error(e, target) from None
            tx._copy_into_devices()
            with _signals_held():
                tx._land_files()
        finally:
            with _signals_held():
                tx._remove_temporaries()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, plain: bool = False) -> Iterator[Path]:
    """Yield the path to write ``target`` to; it lands when the block ends without error.
    ``plain``: a name the program chose, written only as a regular file (``path_for``)."""
    with transaction() as tx:
        yield tx.path_for(target, plain=plain)


def read_plain(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """The bytes of a file the program keeps for itself (a manifest): None if missing;
    OutputError if a link, FIFO or device stands there (never followed, never blocked on)
    or if it holds more than ``limit`` bytes."""
    path = Path(path)
    refuse_unless_plain(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as e:
        raise _error(e, path) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):        # swapped in since the check above
            raise OutputError(errno.EINVAL, "is not a regular file", str(path))
        data = f.read(limit + 1)
    if len(data) > limit:
        raise OutputError(errno.EFBIG, f"is larger than {limit:,} bytes", str(path))
    return data
