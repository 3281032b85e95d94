"""Each issue's cover for the catalogue, drawn as the EPUB cover is (backends/epub/cover.py):
the masthead, the date and the issue's lead headlines, at two sizes.

A cover's file name carries a hash of everything drawn on it, so a second build finds it
already there and draws nothing (drawing is ~30 ms an issue); a cover whose text changed
gets a new name, and the old one is swept with the feeds that named it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..backends.epub import cover as epub_cover
from ..fonts import MissingFontError, find_cjk_font
from ..model import WEEKDAYS, date_label
from .files import regular_file
from .opds.store import plain_folder, write_changed
from .opds.tree import FOLDER, IMAGE_SIZE, THUMBNAIL_SIZE, slug
from .records import IssueRecord

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

IMAGE, THUMBNAIL = IMAGE_SIZE, THUMBNAIL_SIZE
BATCH = 32                  # covers landing together: bounded memory on a first build
MIN_PER_WORKER = 16         # fewer covers than this a process: not worth starting one


@dataclass(frozen=True)
class Cover:
    image: str              # paths relative to the site root
    thumbnail: str


def cover_text(r: IssueRecord) -> epub_cover.CoverText:
    return epub_cover.CoverText(
        masthead=r.paper,
        dateline=f"{date_label(r.date)} {WEEKDAYS[r.date.weekday()]}",
        heading="要闻",
        lines=[(h, False) for h in r.lead_headlines],
        footer=r.series if r.series != r.paper else "",
        ascii_date=r.date.isoformat(),
    )


def stamp() -> bytes:
    """What every cover depends on besides its text: the drawing code, sizes and fonts."""
    import PIL

    h = hashlib.sha256(json.dumps([IMAGE, THUMBNAIL, PIL.__version__]).encode())
    for module in (epub_cover.__file__, __file__):
        h.update(Path(module).read_bytes())
    for kind, style in epub_cover.FACES:
        try:
            f = find_cjk_font(kind, style=style)
            h.update(f"{f.path}\0{f.index}\0{os.stat(f.path).st_size}".encode())
        except (MissingFontError, OSError):
            h.update(b"\0no font")
    return h.digest()


def covers_for(records: Sequence[IssueRecord]) -> dict[IssueRecord, Cover]:
    """Where each record's cover goes, named by a hash of what it shows; nothing is drawn."""
    base = stamp()
    out = {}
    for r in records:
        h = hashlib.sha256(base)
        h.update(json.dumps(asdict(cover_text(r)), ensure_ascii=False).encode("utf-8"))
        stem = f"{FOLDER}/{slug(r.paper)}/covers/{r.date.isoformat()}-{h.hexdigest()[:16]}"
        out[r] = Cover(f"{stem}.jpg", f"{stem}-t.jpg")
    return out


def write_covers(root: Path, covers: dict[IssueRecord, Cover], jobs: int | None = None) -> list[Path]:
    """Draw the covers not yet in the folder, on ``jobs`` processes (default: every core)
    when there are many; the paths written."""
    plain = _plain_folders(root, {os.path.dirname(c.image) for c in covers.values()})
    todo = [(r, c) for r, c in covers.items() if not _present(root, c, plain)]
    written: list[Path] = []
    batch: dict[str, bytes] = {}
    with _pool(jobs, len(todo)) as pool:
        records = [r for r, _ in todo]
        drawn = pool.map(_draw, records, chunksize=4) if pool else map(_draw, records)
        for (_, c), (image, thumbnail) in zip(todo, drawn, strict=True):
            batch[c.image] = image
            batch[c.thumbnail] = thumbnail
            if len(batch) >= 2 * BATCH:
                written += write_changed(root, batch)
                batch = {}
    written += write_changed(root, batch)
    return written


@contextlib.contextmanager
def _pool(jobs: int | None, n: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for ``n`` covers (~50 ms each), or None when one process will do.
    ``forkserver`` as the job runner uses it: workers never fork this process's threads."""
    from ..jobs.runner import cores

    workers = min(jobs or cores(), n // MIN_PER_WORKER)
    if workers < 2:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield pool


def _plain_folders(root: Path, folders: set[str]) -> set[str]:
    """Those of ``folders`` that are folders, no part a link (write_changed says why not)."""
    out = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            plain_folder(root, folder)
            out.add(folder)
    return out


def _present(root: Path, c: Cover, plain: set[str]) -> bool:
    return (os.path.dirname(c.image) in plain
            and all(regular_file(root / rel) for rel in (c.image, c.thumbnail)))


def _draw(r: IssueRecord) -> tuple[bytes, bytes]:
    """The two JPEGs: the image drawn at its size, the thumbnail its exact half (a box
    filter; any other ratio costs a resampling five times the cost of ``reduce``).
    Huffman tables not optimised: 15 % larger files, a third of the encoding time."""
    from PIL import Image

    image = epub_cover.draw_image(cover_text(r), scale=IMAGE[0] / epub_cover.WIDTH)
    if image.size != IMAGE:
        image = image.resize(IMAGE, Image.Resampling.LANCZOS)
    thumbnail = image.reduce(IMAGE[0] // THUMBNAIL[0])
    if thumbnail.size != THUMBNAIL:
        thumbnail = thumbnail.resize(THUMBNAIL, Image.Resampling.LANCZOS)
    out = []
    for img in (image, thumbnail):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=85)
        out.append(buf.getvalue())
    return out[0], out[1]
