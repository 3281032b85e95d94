"""The bigram shards of the whole archive: one set for every volume, so a query loads the
same few files however many months the archive holds.

A volume's month step (index.py) leaves its bigram entries in ``<volume>/b.parts``,
grouped into MAX_SHARDS hash buckets (not compressed: positions are near random, zlib
saves a third and costs more than the rest of the merge); the site build
then writes shard ``b<k>.js`` as, for every volume, its entries of the buckets
``k, k + nb, k + 2nb, …``.  Merging is copying bytes: no entry is parsed, so a
changed day costs the rewrite of the shards whose bytes change, not a rebuild of every
month's index; and the number of shards can follow the archive's size (nb divides
MAX_SHARDS) without any month being made again.

A parts file is read from a folder anyone may have edited, and its bytes go into a
script: a piece holding a quote, a control character or a backslash that is not a
``\\uXXXX`` escape (the only escape index.py writes) is refused, and that month made again.
"""

from __future__ import annotations

import errno
import os
import re
import struct
from collections.abc import Iterable

from ..errors import OutputError
from .files import SiteFolder

MAX_SHARDS = 4096           # hash buckets; the shard count divides this
SHARD_TARGET = 64_000       # bytes a shard aims at: a long query loads ⌈n/2⌉ of them
PARTS = "b.parts"
MAGIC = b"P2B bigram parts 1\n"
_HEADER = struct.Struct(f"<{MAX_SHARDS + 1}I")
_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')
# What a piece may hold: every byte but these (deleted, what is left is looked at) …
_UNSAFE_BYTES = bytes([*range(0x20), 0x22, 0x5C, 0x7F])
_SAFE_BYTES = bytes(b for b in range(256) if b not in _UNSAFE_BYTES)
# … and a backslash only as the start of a \uXXXX escape.
_ESCAPES = re.compile(rb"\\u[0-9a-f]{4}")


def _safe(body: bytes) -> bool:
    left = body.translate(None, _SAFE_BYTES)
    return not left or (not left.strip(b"\\") and left.count(b"\\") == len(_ESCAPES.findall(body)))


def _escaped(m: re.Match[str]) -> str:
    return f"\\u{ord(m[0]):04x}"


def escape(text: str) -> str:
    """``text`` as the inside of a JavaScript string literal: only ``\\uXXXX`` escapes."""
    return _UNSAFE.sub(_escaped, text)


def pack(buckets: list[str]) -> tuple[bytes, int]:
    """A volume's parts file from its MAX_SHARDS buckets' entries, and their size (bytes,
    escaped)."""
    blobs: list[bytes] = []
    offsets = [0]
    size = 0
    for text in buckets:
        raw = escape(text).encode()
        size += len(raw)
        blobs.append(raw)
        offsets.append(offsets[-1] + len(raw))
    return MAGIC + _HEADER.pack(*offsets) + b"".join(blobs), size


class Damaged(Exception):
    """A parts file that is not as index.py writes it (``volume``: whose, when known)."""

    volume = ""


class Parts:
    """A volume's parts file, its buckets read one at a time."""

    def __init__(self, path: str):
        self.path = path
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as e:
            raise Damaged(f"{path}: {e.strerror}") from None
        self.file = os.fdopen(fd, "rb", buffering=0)
        head = os.pread(fd, len(MAGIC) + _HEADER.size, 0)
        size = os.fstat(fd).st_size - len(head)
        if len(head) != len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
            self.close()
            raise Damaged(f"{path}: not a paper2book parts file")
        self.offsets = _HEADER.unpack_from(head, len(MAGIC))
        if (self.offsets[0] or self.offsets[-1] != size
                or any(a > b for a, b in zip(self.offsets, self.offsets[1:], strict=False))):
            self.close()
            raise Damaged(f"{path}: its table of buckets does not fit the file")
        self.base = len(head)

    def piece(self, b: int) -> bytes:
        start, end = self.offsets[b], self.offsets[b + 1]
        if start == end:
            return b""
        body = os.pread(self.file.fileno(), end - start, self.base + start)
        if len(body) != end - start or not _safe(body):
            raise Damaged(f"{self.path}: bucket {b} holds what index.py never writes")
        return body

    def close(self) -> None:
        self.file.close()


def readable(path: str) -> bool:
    """The parts file's table is whole (its buckets are checked as they are read)."""
    try:
        Parts(path).close()
    except Damaged:
        return False
    return True


def shard_count(size: int, target: int = SHARD_TARGET) -> int:
    n = 1
    while n < MAX_SHARDS and size / n > target:
        n *= 2
    return n


def shard_name(index: str, k: int) -> str:
    return f"{index}/b{k}.js"


def write_shards(site: SiteFolder, index: str, volumes: Iterable[str],
                 nb: int) -> tuple[list[str], list[str]]:
    """Write the ``nb`` shards of ``volumes`` (ids; their parts under ``index/<id>/``):
    the shards' names and those written.  Damaged when a volume's parts are."""
    readers: list[tuple[str, Parts]] = []
    vol = ""
    names, written = [], []
    try:
        for vol in sorted(volumes):
            rel = f"{index}/{vol}/{PARTS}"
            site._folders(rel)
            readers.append((vol, Parts(str(site.root / rel))))
        for k in range(nb):
            sections = []
            for vol, parts in readers:  # vol: the damaged one's, for the except
                body = b"".join([parts.piece(b) for b in range(k, MAX_SHARDS, nb)])
                if body:
                    sections.append(b'"%s":"%s"' % (vol.encode(), body))
            name = shard_name(index, k)
            names.append(name)
            if site.write(name, b"P2B.b(%d,{%s});\n" % (k, b",".join(sections))):
                written.append(name)
    except Damaged as e:
        e.volume = vol
        raise
    except OutputError:
        raise
    except OSError as e:        # reading a parts file
        raise OutputError(e.errno or errno.EIO, e.strerror or str(e), str(site.root / index)) from None
    finally:
        for _, parts in readers:
            parts.close()
    return names, written
