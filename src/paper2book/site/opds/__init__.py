"""The site's catalogue for e-reader apps: OPDS 1.2 (Atom) rooted at ``OUT/opds.xml`` and
OPDS 2.0 (JSON) at ``OUT/opds.json``; the other feeds and the issue covers under ``OUT/opds/``.

Paper → year → month are navigation feeds; a month is an acquisition feed of its issues,
newest first, each with its EPUB and PDF when the site has them (else its HTML page), its
cover, ``dc:issued``, its lead headlines as the summary and its series.  Every link is
relative, so the folder works from any base URL.  Search is not in these files (a static
folder cannot answer a query): ``paper2book serve`` adds it to the feeds it serves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from ..records import IssueRecord
from . import atom, json2
from .store import sweep, write_changed
from .tree import FOLDER, PAGE_SIZE, ROOT, build

__all__ = ["write_catalogue", "catalogue_key", "PAGE_SIZE"]


def catalogue_key(records: Sequence[IssueRecord], site_title: str, page_size: int = PAGE_SIZE) -> str:
    """A hash of everything the catalogue is made from: its records, title and page size,
    the code that writes it and what its covers depend on (covers.stamp)."""
    from ..covers import stamp

    h = hashlib.sha256(stamp())
    for code in sorted(Path(__file__).parent.glob("*.py")):
        h.update(code.name.encode() + code.read_bytes())
    h.update(json.dumps([site_title, page_size, [asdict(r) for r in records]],
                        ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def write_catalogue(root: Path, records: Sequence[IssueRecord], *, site_title: str,
                    page_size: int = PAGE_SIZE, changed: Sequence[str] = (),
                    jobs: int | None = None, listing: list[str] | None = None) -> list[Path]:
    """Write the catalogue of ``records`` into the site folder ``root``: only the files whose
    bytes change; feeds and covers of issues no longer listed are removed.  The paths written.

    ``changed`` (the site files the build rewrote) is accepted from the site build and not
    needed: every feed is made in memory (a few ms) and compared with the file's bytes,
    and a cover is named by a hash of what it shows, so nothing here trusts a list.
    ``jobs``: processes drawing covers (default: every core, when there are enough to draw).
    ``listing``: given, it gets the name of every file the catalogue keeps."""
    del changed
    from ..covers import covers_for, write_covers  # Pillow's drawing: only when a catalogue is made

    root = Path(root)
    covers = covers_for(records)
    written = write_covers(root, covers, jobs)

    def cover_of(r: IssueRecord) -> tuple[str, str]:
        return covers[r].image, covers[r].thumbnail

    files: dict[str, bytes] = {}
    for feed in build(records, site_title, page_size):
        files[f"{feed.stem}.xml"] = atom.render(feed, cover_of)
        files[f"{feed.stem}.json"] = json2.render(feed, cover_of)
    written += write_changed(root, files)
    keep = set(files) | {p for c in covers.values() for p in (c.image, c.thumbnail)}
    sweep(root, FOLDER, keep, (".xml", ".json", ".jpg"))
    if listing is not None:
        listing.extend(sorted(keep))
    return written


def root_files() -> tuple[str, str]:
    """The catalogue's two roots, relative to the site folder."""
    return f"{ROOT}.xml", f"{ROOT}.json"
