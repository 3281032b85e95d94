"""The EPUB container, rewritten from ebooklib's archive for reproducible bytes.

ebooklib stamps every entry with the current time.  Its archive is read back
and written again: ``mimetype`` first and stored, then the entries in
ebooklib's (deterministic) order, all with one timestamp (SOURCE_DATE_EPOCH
when set), fixed permissions and "made by Unix".

Deflating a year of articles is most of the writing time; zlib releases the
GIL, so batches of entries are deflated on all cores while a small writer of
plain (non-Zip64) archives puts them out in order.  Archives too large for
that format go through zipfile.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

MIMETYPE = b"application/epub+zip"
LEVEL = 6
# Already compressed: deflating them again only costs time.
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".woff", ".woff2")
_EXTERNAL_ATTR = 0o644 << 16
_MADE_BY = (3 << 8) | 20           # Unix, zip 2.0: the same bytes on every OS
_BATCH = 1 << 20                   # input bytes per deflate task

Packed = tuple[str, int, int, int, bytes]     # name, method, crc, size, stored bytes


# A zip entry's date: year, month, day, hour, minute, second.
ZipTime = tuple[int, int, int, int, int, int]


def zip_time(epoch: int | None) -> ZipTime:
    if epoch is None:
        return time.localtime()[:6]
    return time.gmtime(max(epoch, 315532800))[:6]   # zip cannot date before 1980-01-01


def _stored(name: str) -> bool:
    return name == "mimetype" or name.lower().endswith(_STORED_SUFFIXES)


def _pack(entries: list[tuple[str, bytes]]) -> list[Packed]:
    out = []
    for name, data in entries:
        if _stored(name):
            out.append((name, zipfile.ZIP_STORED, zlib.crc32(data), len(data), data))
        else:
            c = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)    # raw deflate, as zipfile does
            out.append((name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data),
                        c.compress(data) + c.flush()))
    return out


class _PlainZipWriter:
    """Local headers, data, central directory: no extras, no data descriptors, no Zip64."""

    def __init__(self, out: BinaryIO, date_time: ZipTime):
        y, mo, d, h, mi, s = date_time
        self.dostime = (h << 11) | (mi << 5) | (s // 2)
        self.dosdate = ((y - 1980) << 9) | (mo << 5) | d
        self.out = out
        self.offset = 0
        self.central: list[bytes] = []

    def add(self, packed: list[Packed]) -> None:
        for name, method, crc, size, body in packed:
            fname = name.encode("ascii")
            head = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, self.dostime, self.dosdate,
                               crc, len(body), size, len(fname), 0)
            self.out.write(head + fname)
            self.out.write(body)
            self.central.append(struct.pack(
                "<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, 20, 0, method, self.dostime, self.dosdate,
                crc, len(body), size, len(fname), 0, 0, 0, 0, _EXTERNAL_ATTR, self.offset) + fname)
            self.offset += len(head) + len(fname) + len(body)

    def close(self) -> None:
        cd = b"".join(self.central)
        n = len(self.central)
        self.out.write(cd)
        self.out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(cd), self.offset, 0))


def _batches(infos: list[zipfile.ZipInfo]) -> list[list[str]]:
    batches: list[list[str]] = [[]]
    size = 0
    for info in infos:
        if size >= _BATCH:
            batches.append([])
            size = 0
        batches[-1].append(info.filename)
        size += info.file_size
    return batches


def _fits_plain(infos: list[zipfile.ZipInfo]) -> bool:
    total = sum(i.file_size + len(i.filename) + 100 for i in infos)
    return len(infos) < 0xFFFF and total < 0xFFFFFFFF and all(i.filename.isascii() for i in infos)


def _write_zipfile(zin: zipfile.ZipFile, names: list[str], path: Path,
                   date_time: ZipTime) -> None:
    with zipfile.ZipFile(path, "w") as zout:
        for name in ["mimetype"] + names:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3
            info.external_attr = _EXTERNAL_ATTR
            info.compress_type = zipfile.ZIP_STORED if _stored(name) else zipfile.ZIP_DEFLATED
            data = MIMETYPE if name == "mimetype" else zin.read(name)
            zout.writestr(info, data, compresslevel=LEVEL)


def rezip(raw: BinaryIO, path: Path, epoch: int | None) -> None:
    """Write ebooklib's archive ``raw`` to ``path`` reproducibly."""
    date_time = zip_time(epoch)
    with zipfile.ZipFile(raw) as zin:
        infos = [i for i in zin.infolist() if i.filename != "mimetype"]
        if not _fits_plain(infos):
            _write_zipfile(zin, [i.filename for i in infos], Path(path), date_time)
            return
        workers = os.cpu_count() or 1
        with open(path, "wb") as out, ThreadPoolExecutor(max_workers=workers) as pool:
            writer = _PlainZipWriter(out, date_time)
            writer.add(_pack([("mimetype", MIMETYPE)]))
            # A bounded number of batches in flight: output stays in order, memory stays flat.
            pending: deque[Future[list[Packed]]] = deque()
            for names in _batches(infos):
                pending.append(pool.submit(_pack, [(n, zin.read(n)) for n in names]))
                while len(pending) > 2 * workers:
                    writer.add(pending.popleft().result())
            while pending:
                writer.add(pending.popleft().result())
            writer.close()
