"""Where a dump's bytes come from: files, folders and standard input, bounded and named.

Inputs often come from downloaded folders and unzipped archives, so nothing
is trusted: a named input must be a regular file (a FIFO with no writer
would block forever, ``/dev/zero`` never ends; ``-`` is the one way to read a
pipe), no file is read past a size limit (checked before reading and while
reading), folders are searched recursively for ``*.txt`` (any case) but
skip hidden names and links that lead out of the folder, and a file's name
is shown as text even when it is not UTF-8 (unzipped GBK archives).
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import stat
import sys
from collections.abc import Callable
from typing import BinaryIO, cast

from ..errors import InputError

log = logging.getLogger("paper2book")

STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_INPUT_BYTES = 256 << 20     # real dumps are a few MB; a year in one file stays far below
MAX_FOLDER_DEPTH = 64           # paper/year/month/day is four; a folder tree deeper is no archive
_CHUNK = 1 << 20


def display_name(name: str) -> str:
    """How an input is named in the model and in messages.

    Relative to the current folder when the file is inside it, absolute otherwise,
    so it does not depend on how the path was typed; bytes that are not UTF-8 are
    shown as ``\\xc6`` escapes (distinct names stay distinct, unlike U+FFFD).
    """
    if name == STDIN:
        return STDIN_NAME
    path = os.path.abspath(name)
    try:
        cwd = os.getcwd()
    except OSError:             # the current folder was removed
        cwd = None
    if cwd and os.path.commonpath([path, cwd]) == cwd and path != cwd:
        path = os.path.relpath(path, cwd)
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a str with lone surrogates from Python code, not from the OS
        raw = path.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


class FoundInFolder(str):
    """A path ``expand_inputs`` found in a folder, not one the user named: the reader skips
    such a file when it is no dump at all (reader.NotADumpError)."""

    __slots__ = ()


def _folder_dumps(folder: str) -> list[str]:
    """The folder's dumps, walked with a stack of our own: os.walk recurses (Python 3.11),
    and a folder nested 1,000 deep raised RecursionError."""
    real = os.path.realpath(folder)
    found: list[tuple[list[str], str]] = []
    stack = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        if depth > MAX_FOLDER_DEPTH:
            raise InputError(display_name(folder), f"folders nest deeper than {MAX_FOLDER_DEPTH} levels "
                             f"(at {display_name(here)})")
        try:
            with os.scandir(here) as entries:
                listed = list(entries)
        except OSError as e:
            raise InputError(display_name(e.filename or here),
                             f"cannot read folder: {e.strerror or e}") from None
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()             # a link to a folder counts, as for os.walk
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():          # ... but is not followed
                    stack.append((entry.path, depth + 1))
                continue
            path = entry.path
            if not entry.name.lower().endswith(".txt") or not os.path.isfile(path):
                continue                            # FIFOs, sockets, dangling links
            if not _inside(os.path.realpath(path), real):
                log.warning("%s: links to a file outside %s; skipped", display_name(path),
                            display_name(folder))
                continue
            found.append((os.path.relpath(path, folder).split(os.sep), path))
    return [FoundInFolder(path) for _key, path in sorted(found)]


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files as given; a folder gives its ``*.txt`` (any case, recursively, hidden names
    skipped) sorted by path; ``-`` is standard input."""
    if not inputs:
        raise InputError("(no input)", "no input files given")
    out: list[str] = []
    for item in inputs:
        if item != STDIN and os.path.isdir(item):
            found = _folder_dumps(item)
            if not found:
                raise InputError(display_name(item), "folder holds no *.txt dumps")
            out.extend(found)
        else:
            out.append(item)
    return out


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n % (1 << 20) == 0 else f"{n} bytes"


def _check(st: os.stat_result, display: str, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError(display, "is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(display, "not a regular file; use - to read a pipe")
    if st.st_size > max_bytes:
        raise InputError(display, f"larger than {_size(max_bytes)}: not a dump")


def _read_bounded(read: Callable[[int], bytes], display: str, max_bytes: int) -> bytes:
    """``read(n)`` until the end, refusing more than ``max_bytes`` (a file may grow, or
    say it is empty, as /proc files do)."""
    data = bytearray()
    while True:
        chunk = read(min(_CHUNK, max_bytes + 1 - len(data)))
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > max_bytes:
            raise InputError(display, f"larger than {_size(max_bytes)}: not a dump")


def _load_stdin(max_bytes: int) -> bytes:
    # The bytes under a text stdin; one replaced by a stream without them is read as it is.
    stream = cast("BinaryIO | None", getattr(sys.stdin, "buffer", sys.stdin))
    if stream is None:
        raise InputError(STDIN_NAME, "standard input is closed")
    try:
        with_fd = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        with_fd = None
    if with_fd is not None and stat.S_ISREG(with_fd.st_mode) and with_fd.st_size > max_bytes:
        raise InputError(STDIN_NAME, f"larger than {_size(max_bytes)}: not a dump")
    try:
        return _read_bounded(stream.read, STDIN_NAME, max_bytes)
    except (OSError, ValueError) as e:       # EBADF, EISDIR, a closed stream
        raise InputError(STDIN_NAME, f"cannot read: {getattr(e, 'strerror', None) or e}") from None


def _os_error(e: OSError, display: str) -> InputError:
    if isinstance(e, FileNotFoundError):
        return InputError(display, "no such file")
    if e.errno == errno.ELOOP:
        return InputError(display, "symbolic link loop")
    return InputError(display, f"cannot read: {e.strerror or e}")


def load(name: str, max_bytes: int = MAX_INPUT_BYTES) -> tuple[bytes, dt.date | None]:
    """The input's bytes and its modification date (None for standard input, or a
    modification time outside the calendar)."""
    if name == STDIN:
        return _load_stdin(max_bytes), None
    display = display_name(name)
    try:
        # Checked by name first: opening a device can have effects of its own.
        _check(os.stat(name), display, max_bytes)
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise _os_error(e, display) from None
    with open(fd, "rb", buffering=0) as f:
        try:
            st = os.fstat(fd)       # the file may have been swapped since
            _check(st, display, max_bytes)
            data = _read_bounded(f.read, display, max_bytes)
        except OSError as e:
            raise _os_error(e, display) from None
    try:
        mtime = dt.date.fromtimestamp(st.st_mtime)
    except (OverflowError, OSError, ValueError):    # a date no calendar holds
        mtime = None
    return data, mtime
