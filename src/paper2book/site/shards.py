"""The bigram shards of the archive: one set per year, holding every volume of that year,
so a query loads the same few files a year however many months and papers it holds.

A volume's month step (index.py) leaves its bigram entries in ``<volume>/b.parts``,
grouped into MAX_SHARDS hash buckets (not compressed: positions are near random, zlib
saves a third and costs more than the rest of the merge); the site build
then writes a year's shard ``b<year>-<k>.js`` as, for every volume of that year, its
entries of the buckets ``k, k + nb, k + 2nb, …``.  Merging is copying bytes: no entry is
parsed, and the number of a year's shards follows its size (nb divides MAX_SHARDS)
without any month being made again.

Sets by year, not one for the archive: a changed or added day rewrites its year's
shards only (a daily archive grows at its newest year).  A query loads one file per pair
and year, so a year's shards are made smaller the more years there are (year_target):
what a query loads stays about the same however long the archive; a new year re-merges
every year once.

A parts file is read from a folder anyone may have edited, and its bytes go into a
script: a piece holding a quote, a control character or a backslash that is not a
``\\uXXXX`` escape (the only escape index.py writes) is refused, and that month made again.
"""

from __future__ import annotations

import bisect
import errno
import mmap
import os
import re
import struct
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import OutputError
from .files import SiteFolder

MAX_SHARDS = 4096           # hash buckets; the shard count divides this
WRITERS = 4                 # shards written at once
# Bytes a pair's shards aim at, all years together: a term of n characters loads ⌈n/2⌉
# pairs' shards, one a year, so a year's shards aim at this shared by the years (no
# smaller than MIN_TARGET: a year's shards are at most MAX_SHARDS files).
ARCHIVE_TARGET = 128_000
MIN_TARGET = 16_000
PARTS = "b.parts"
MAGIC = b"P2B bigram parts 2\n"
_HEADER = struct.Struct(f"<{MAX_SHARDS + 1}I")
# A parts file holds bucket REVERSED[s] in its slot s (the bucket's number, bits reversed):
# the buckets of shard k of nb, k + j·nb, then fill the slots REVERSED[k] onwards, one run,
# so a merge reads one slice a volume for each shard, whatever nb (a power of two).
_BITS = MAX_SHARDS.bit_length() - 1
REVERSED = [int(f"{b:0{_BITS}b}"[::-1], 2) for b in range(MAX_SHARDS)]
_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')
# What a piece may hold: every byte but these (deleted, what is left is looked at) …
_UNSAFE_BYTES = bytes([*range(0x20), 0x22, 0x5C, 0x7F])
_SAFE_BYTES = bytes(b for b in range(256) if b not in _UNSAFE_BYTES)
# … and a backslash only as the start of a \uXXXX escape.
_ESCAPES = re.compile(rb"\\u[0-9a-f]{4}")


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
    for b in REVERSED:
        raw = escape(buckets[b]).encode()
        size += len(raw)
        blobs.append(raw)
        offsets.append(offsets[-1] + len(raw))
    return MAGIC + _HEADER.pack(*offsets) + b"".join(blobs), size


class Damaged(Exception):
    """A parts file that is not as index.py writes it (``volume``: whose, when known)."""

    volume = ""


class Parts:
    """A volume's parts file, mapped and checked whole when opened: a merge asks for
    every bucket of every volume, and one check and no read per bucket is what keeps a
    changed day's merge short."""

    def __init__(self, path: str, *, check: bool = True):
        self.path = path
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as e:
            raise Damaged(f"{path}: {e.strerror}") from None
        try:
            self.data: mmap.mmap | bytes = self._map(fd)
        finally:
            os.close(fd)
        head = self.data[:len(MAGIC) + _HEADER.size]
        size = len(self.data) - len(head)
        if len(head) != len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
            self.close()
            raise Damaged(f"{path}: not a paper2book parts file")
        self.offsets = _HEADER.unpack_from(head, len(MAGIC))
        if (self.offsets[0] or self.offsets[-1] != size
                or any(a > b for a, b in zip(self.offsets, self.offsets[1:], strict=False))):
            self.close()
            raise Damaged(f"{path}: its table of buckets does not fit the file")
        self.base = len(head)
        bad = self._unsafe_slot() if check else None
        if bad is not None:
            self.close()
            raise Damaged(f"{path}: bucket {REVERSED[bad]} holds what index.py never writes")

    @staticmethod
    def _map(fd: int) -> mmap.mmap | bytes:
        size = os.fstat(fd).st_size
        if not size:
            return b""
        return mmap.mmap(fd, size, access=mmap.ACCESS_READ)

    def _unsafe_slot(self) -> int | None:
        """The first slot holding what a piece may not, None when every one is safe: a
        backslash must start a ``\\uXXXX`` escape that ends in its own slot, or a
        shard's string could end early."""
        body = self.data[self.base:]
        left = body.translate(None, _SAFE_BYTES)
        if not left:
            return None
        if left.strip(b"\\"):
            first = min(body.find(bytes([c])) for c in set(left) if c != 0x5C)
            return bisect.bisect_right(self.offsets, first) - 1
        escapes = 0
        for m in _ESCAPES.finditer(body):
            b = bisect.bisect_right(self.offsets, m.start()) - 1
            if m.end() > self.offsets[b + 1]:
                return b
            escapes += 1
        if escapes != len(left):
            lone = next(i for i in _all(body, 0x5C) if not _ESCAPES.match(body, i))
            return bisect.bisect_right(self.offsets, lone) - 1
        return None

    def shard(self, k: int, nb: int) -> bytes:
        """The entries of every bucket of shard ``k`` of ``nb``: one run of slots."""
        s = REVERSED[k]
        return self.data[self.base + self.offsets[s]:self.base + self.offsets[s + MAX_SHARDS // nb]]

    def close(self) -> None:
        if isinstance(self.data, mmap.mmap):
            self.data.close()


def _all(body: bytes, byte: int) -> Iterator[int]:
    i = body.find(bytes([byte]))
    while i >= 0:
        yield i
        i = body.find(bytes([byte]), i + 1)


def readable(path: str) -> bool:
    """The parts file's table is whole (its buckets are checked as they are read)."""
    try:
        Parts(path, check=False).close()
    except Damaged:
        return False
    return True


def year_target(years: int) -> int:
    """What one year's shard aims at in an archive of ``years`` years."""
    return max(MIN_TARGET, ARCHIVE_TARGET // max(1, years))


def shard_count(size: int, target: int) -> int:
    n = 1
    while n < MAX_SHARDS and size / n > target:
        n *= 2
    return n


def shard_name(index: str, group: str, k: int) -> str:
    """Shard ``k`` of a year's set (``group``: the year, four digits)."""
    return f"{index}/b{group}-{k}.js"


def open_parts(site: SiteFolder, index: str, volumes: Iterable[str]) -> list[tuple[str, Parts]]:
    """Every volume's parts, opened and checked (Damaged, naming the volume): what a merge
    reads, known whole before any shard is written."""
    readers: list[tuple[str, Parts]] = []
    try:
        for vol in sorted(volumes):
            rel = f"{index}/{vol}/{PARTS}"
            site._folders(rel)
            try:
                readers.append((vol, Parts(str(site.root / rel))))
            except Damaged as e:
                e.volume = vol
                raise
            except OSError as e:        # mapping a parts file
                raise OutputError(e.errno or errno.EIO, e.strerror or str(e), str(site.root / rel)) from None
    except BaseException:
        for _, parts in readers:
            parts.close()
        raise
    return readers


def merge(site: SiteFolder, index: str, group: str, readers: list[tuple[str, Parts]],
          nb: int) -> tuple[list[str], list[str]]:
    """Year ``group``'s ``nb`` shards from ``readers`` (open_parts; closed here): names, and
    those written."""
    def shard(k: int) -> bool:
        out = [b'P2B.b("%s",%d,{' % (group.encode(), k)]
        for vol, parts in readers:
            body = parts.shard(k, nb)
            if body:
                out += (b'"', vol.encode(), b'":"', body, b'",')
        if len(out) > 1:
            out[-1] = b'"'
        out.append(b"});\n")
        return site.write(shard_name(index, group, k), b"".join(out))

    try:
        if not re.fullmatch(r"\d{4}", group):     # it goes into the script as it is
            raise ValueError(f"not a year: {group!r}")
        # Writing a shard is mostly the file system's time (a temporary file, then the
        # rename), with the GIL released: a few at once keep the disk busy.
        with ThreadPoolExecutor(WRITERS) as pool:
            done = list(pool.map(shard, range(nb)))
    finally:
        for _, parts in readers:
            parts.close()
    names = [shard_name(index, group, k) for k in range(nb)]
    return names, [name for name, w in zip(names, done, strict=True) if w]


def merge_year(root: str, index: str, group: str, volumes: tuple[str, ...], nb: int) -> list[str] | None:
    """Year ``group``'s shards merged from ``volumes`` in the site at ``root``: those
    written; None when a volume's parts are damaged."""
    site = SiteFolder(Path(root))
    try:
        readers = open_parts(site, index, volumes)
    except Damaged:
        return None
    return merge(site, index, group, readers, nb)[1]


def ready() -> None:
    """Nothing: what a helper process runs first, to have imported this module."""
