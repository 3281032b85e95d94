"""A PDF of several issues (a volume): typeset issue by issue, in parts, and merged.

One WeasyPrint pass over a month holds all its pages at once (1.5 GiB for
1,100 pages) on one core.  Instead each issue is a part of its own
(part.VolumePart), and merge.py joins the parts.  This module offers the
steps as plain functions of picklable arguments:

    plan      the volume's parts: its front matter (title page, 总目录), then each issue
    count     lay a part out and count its pages (the front matter, first)
    typeset   typeset a part into its PDF in the parts' folder
    finish    typeset again any part that moved, then merge

``write`` runs them here, one after the other (the API's way, and a split
job's inside its book's step); jobs/volume.py runs ``typeset`` on the job's
workers (the command's way for one book).  Either way every part is numbered
the same way, so they write the same bytes.

Every part is typeset with the page numbers it has in the volume, so its
running heads and its 本期目录 are right as drawn.  Where an issue begins
follows from the page counts of the front matter and the issues before it
(each issue begins on a right-hand page), and those are known only once
they are laid out.  So the parts are laid out side by side as if each began
on page 1; a part, once laid out, writes its page count into the parts'
folder (``count-<k>``), waits for the counts of the parts before it, and is
numbered from there (weasy/renumber.py moves the counters and lays out
again the pages whose numbers show in their text).  So the parts must start
in order (whoever runs them in parallel starts them so), and a part waits
only for parts already under way.  The front matter is counted first and
typeset last, given each issue's first page.  Counting every part first and
then typesetting each with known numbers needs no waiting, but lays every
issue out twice: 1.35x the time (docs/architecture.md).

``finish`` checks every first page against the parts as typeset, and
typesets again, here, any part that moved (a longer page number that took a
line after all, or a part that waited in vain).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ... import reporting
from ...config.options import RenderOptions
from ...editions import vertical
from ...errors import BackendError
from ...model import Book, texts
from ...theme import Theme
from ..cleaning import prepare
from ..edition import theme_for
from . import css, render, runtime, template
from .merge import merge
from .part import VolumePart

log = logging.getLogger("paper2book")
_SETTLE = 3          # rounds of typesetting again before page counts must have settled


@dataclass(frozen=True)
class Laid:
    """What a step made: its part's page count, the page numbers it was typeset with (its
    first page; for the front matter, each issue's), its file."""
    pages: int
    first_page: int
    firsts: tuple[int, ...] = ()
    path: str | None = None
    left_first: bool = False        # laid out beginning on a left-hand page (recto_starts off)


@dataclass(frozen=True)
class Volume:
    front: VolumePart
    issues: tuple[VolumePart, ...]


def write(book: Book, path: Path, options: RenderOptions) -> Merged:
    """Writes the volume's PDF at ``path``, its parts typeset here one after the other;
    returns its page count and blank pages."""
    with parts_folder(path) as folder, each_record_once():
        volume = plan(book, options, folder)
        n = len(volume.issues)
        reporting.stage(f"PDF: typesetting {n} issues…")
        front = count(volume.front)
        laid: list[Laid] = []
        recto = options.recto_starts
        for part in volume.issues:
            # Here the parts before are done: each is numbered (and sided) before it is laid out.
            known = first_pages(front.pages, [p.pages for p in laid], recto)[-1]
            laid.append(typeset(replace(part, first_page=known), front))
            reporting.stage(f"PDF: {len(laid)} of {n + 1} parts typeset…")
        laid.insert(0, typeset(volume.front, front, *laid[:-1]))
        return finish(volume, laid, path)


@contextlib.contextmanager
def each_record_once() -> Iterator[None]:
    """What one pass logs once (an untested WeasyPrint, slow font subsetting), each part
    would log again: each record once for the volume."""
    seen: set[tuple[int, str]] = set()

    def first(record: logging.LogRecord) -> bool:
        key = (record.levelno, record.getMessage())
        if key in seen:
            return False
        seen.add(key)
        return True
    # First among the filters: a job's catcher (jobs/logs.py) keeps every record it sees.
    log.filters.insert(0, first)
    try:
        yield
    finally:
        log.removeFilter(first)


@contextlib.contextmanager
def parts_folder(path: Path) -> Iterator[Path]:
    """A folder for the parts beside ``path`` (workers that see ``path`` see it), removed
    at the end."""
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.parts-", dir=path.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def plan(book: Book, options: RenderOptions, folder: Path) -> Volume:
    """The volume's parts, the book prepared and its glyphs checked once for all of them."""
    vertical.refuse_pdf(options)
    book = prepare(book, options)
    if not book.articles:
        raise BackendError("the book has no articles to typeset")
    families = render.cjk_families()
    book = render.missing_glyphs(book, options, options.fonts.get("body") or families["body"])
    theme = theme_for(options)        # a bad theme stops here, once
    common = VolumePart(book=book, index=0, first_page=1,
                        metadata=template.metadata(book, book.title, options), options=options,
                        shared_text=shared_text(book, options, theme), folder=str(folder))
    front = replace(common, first_pages=(0,) * len(book.issues))
    issues = tuple(replace(common, book=replace(book, issues=(issue,)),
                           index=k, first_page=0)
                   for k, issue in enumerate(book.issues, 1))
    return Volume(front, issues)


def first_pages(front_pages: int, issue_pages: list[int], recto: bool = True) -> list[int]:
    """The first page of each issue after the front matter and the ``issue_pages`` issues,
    and of the one after them: with ``recto`` each issue begins on a right-hand (odd) page,
    else on the next page."""
    odd = int(recto)
    out, at = [], front_pages + front_pages % 2 * odd
    for pages in issue_pages:
        out.append(at + 1)
        at += pages + pages % 2 * odd
    return [*out, at + 1]


@dataclass(frozen=True)
class Merged:
    """The volume as written: its pages, and how many of them are blank versos added so
    that every issue begins on a right-hand page (recto_starts)."""
    pages: int
    blanks: int


def count(part: VolumePart) -> Laid:
    """Lay ``part`` out and count its pages; draw nothing."""
    return _typeset(part, count_only=True)


def typeset(part: VolumePart, front: Laid, *before: Laid) -> Laid:
    """Typeset ``part``.  An issue is numbered after the front matter's pages (``front``) and
    those its forerunners publish; the front matter, given every issue's page count but
    the last's (``before``), lists each issue's first page."""
    if part.index == 0:
        firsts = first_pages(front.pages, [b.pages for b in before], part.options.recto_starts)
        return _typeset(replace(part, first_pages=tuple(firsts)), count_only=False)
    return _typeset(part, count_only=False, front_pages=front.pages)


# How long a part waits for the counts of the parts before it: they are under way when it
# begins (in order on a pool; on a Dask worker with several threads they may not be).
WAIT = 120.0


@dataclass
class Numbering:
    """The first page of issue part ``index``: ``known``, or from the counts its
    forerunners publish in ``folder``.  ``used`` is what it answered."""
    index: int
    folder: str
    front_pages: int
    known: int = 0
    recto: bool = True
    used: int = 1
    waited: float = 0.0

    def __call__(self, pages: int) -> int:
        _publish(self.folder, self.index, pages)
        if self.known:
            self.used = self.known
        else:
            began = time.perf_counter()
            counts = _counts(self.folder, range(1, self.index), WAIT)
            self.waited = time.perf_counter() - began
            self.used = first_pages(self.front_pages, counts, self.recto)[-1] if counts is not None else 1
        return self.used


def _publish(folder: str, index: int, pages: int) -> None:
    path = os.path.join(folder, f"count-{index:05d}")
    with open(path + ".tmp", "w", encoding="ascii") as f:
        f.write(str(pages))
    os.replace(path + ".tmp", path)


def _counts(folder: str, indexes: range, wait: float) -> list[int] | None:
    """The page counts parts ``indexes`` published, once all have; None after ``wait`` s."""
    found: dict[int, int] = {}
    deadline, pause = time.monotonic() + wait, 0.01
    while True:
        for k in indexes:
            if k not in found:
                try:
                    with open(os.path.join(folder, f"count-{k:05d}"), encoding="ascii") as f:
                        found[k] = int(f.read())
                except (OSError, ValueError):
                    pass
        if len(found) == len(indexes):
            return [found[k] for k in indexes]
        if time.monotonic() > deadline:
            log.debug("PDF: part %d waited %.0f s for the page counts before it", indexes.stop, wait)
            return None
        time.sleep(pause)
        pause = min(pause * 1.5, 0.2)


def _typeset(part: VolumePart, *, count_only: bool, front_pages: int = 0) -> Laid:
    numbering = None
    if part.index and not count_only:
        numbering = Numbering(part.index, part.folder, front_pages, known=part.first_page,
                              recto=part.options.recto_starts)
    began = time.perf_counter()
    data, pages = runtime.call(render.render_book, part.book, part.options, part,
                               count_only=count_only, renumber=numbering)
    log.debug("PDF part %d: %d pages %s in %.1f s (waited %.1f s); process %d peak %d MB",
              part.index, pages, "counted" if count_only else "typeset",
              time.perf_counter() - began, numbering.waited if numbering else 0, os.getpid(),
              peak_mb())
    path = None
    if data is not None:
        path = os.path.join(part.folder, f"part-{part.index:05d}.pdf")
        with open(path, "wb") as f:
            f.write(data)
    # The collector is held back while rendering (runtime.py): a worker typesets many parts.
    gc.collect()
    first = numbering.used if numbering is not None else part.first_page
    return Laid(pages, first, part.first_pages, path, template.left_first(part))


def peak_mb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def finish(volume: Volume, laid: list[Laid], path: Path) -> Merged:
    """Typeset again any part that moved (``laid``: the front matter's, then each issue's),
    merge the parts at ``path``; the volume's page count and blank pages."""
    _settle(volume, laid)
    reporting.stage(f"PDF: merging {len(laid)} parts…")
    began = time.perf_counter()
    recto = volume.front.options.recto_starts
    pad = [recto and p.pages % 2 == 1 for p in laid[:-1]] + [False]
    merged = merge([Path(p.path) for p in laid if p.path is not None], path, pad=pad)
    log.debug("PDF volume: %d parts merged in %.1f s; this process's peak %d MB",
              len(laid), time.perf_counter() - began, peak_mb())
    return Merged(merged, sum(pad))


def _settle(volume: Volume, laid: list[Laid]) -> None:
    """Typeset again, here, any part numbered from counts that its typesetting did not
    confirm, until every part starts where the parts before it end."""
    n = len(volume.issues)
    recto = volume.front.options.recto_starts
    for _ in range(_SETTLE):
        firsts = first_pages(laid[0].pages, [laid[k].pages for k in range(1, n)], recto)
        # Moved: numbered from counts that did not hold, or begun on the wrong hand.
        moved = [k for k in range(1, n + 1) if laid[k].first_page != firsts[k - 1]
                 or laid[k].left_first != (firsts[k - 1] % 2 == 0)]
        if not moved and laid[0].firsts == tuple(firsts):
            return
        log.debug("PDF: typesetting again the front matter and issues %s", moved)
        for k in moved:
            laid[k] = _typeset(replace(volume.issues[k - 1], first_page=firsts[k - 1]),
                               count_only=False, front_pages=laid[0].pages)
        laid[0] = _typeset(replace(volume.front, first_pages=tuple(firsts)), count_only=False)
    raise BackendError("the volume's page numbers did not settle; make it of fewer issues")


def shared_text(book: Book, options: RenderOptions, theme: Theme) -> str:
    """Every character the parts may set: the book's, its names and dates, the templates' and
    style sheets' own (weasy/fontshare.py keeps them all in each part's font subsets)."""
    chars: set[str] = set()
    for _, text in texts(book):
        chars.update(text)
    for issue in book.issues:
        chars.update(issue.date_label + issue.weekday + options.display_name(issue.newspaper))
    for folder in theme.template_path:
        for name in sorted((Path(folder) / "pdf").glob("*.j2")):
            chars.update(name.read_text(encoding="utf-8"))
    chars.update(theme.style_file("pdf.css").read_text(encoding="utf-8"))
    chars.update(css.STRUCTURE)
    chars.update(map(chr, range(0x20, 0x7F)))
    chars.update("…〓▲\u2002")          # CSS writes the en space as an escape
    return "".join(sorted(chars))
