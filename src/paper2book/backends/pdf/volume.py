"""A PDF of several issues: typeset issue by issue, on every core the job has, and merged.

One WeasyPrint pass over a month holds all its pages at once (1.5 GiB for
1,100 pages) on one core.  Instead each issue is a part of its own
(template.Part), rendered in a worker of the job's runner (jobs/runner.py:
this process, a local pool or a Dask cluster), and merge.py joins the parts.

Every part is typeset with the page numbers it has in the volume, so its
running heads and its 本期目录 are right as drawn.  Where an issue begins
follows from the page counts of the front matter and the issues before it
(each issue begins on a right-hand page), and those are known only once
they are laid out.  So the parts are laid out side by side as if each began
on page 1; a part, once laid out, writes its page count into the parts'
folder (``count-<k>``), waits for the counts of the parts before it, and is
numbered from there (weasy/renumber.py moves the counters and lays out
again the pages whose numbers show in their text).  Parts begin in order
(the pool hands them out in order), so a part waits only for parts already
under way.  The front matter (title page, 总目录) is laid out first to count
its pages, and typeset last, given each issue's first page.

One process or many run the same steps, and every part is numbered the same
way, so they write the same bytes.  ``write`` checks every first page
against the parts as typeset, and typesets again, here, any part that moved
(a longer page number that took a line after all, or a worker that waited
in vain).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ...config.options import RenderOptions
from ...errors import BackendError
from ...model import Book, texts
from .._shared import prepare
from . import css, runtime, template
from .template import Part

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
    logs: tuple[tuple[int, str], ...] = ()


def write(book: Book, path: Path, options: RenderOptions) -> int:
    """Writes the volume's PDF at ``path``; returns its page count."""
    from ...theme import theme_for
    from . import render

    started = time.perf_counter()
    book = prepare(book, options)
    if not book.articles:
        raise BackendError("the book has no articles to typeset")
    families = render.cjk_families()
    book = render.missing_glyphs(book, options, options.fonts.get("body") or families["body"])
    theme = theme_for(options)        # a bad theme stops here, once
    folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.parts-", dir=path.parent))
    try:
        common = {"metadata": template.metadata(book, book.title, options),
                  "shared_text": shared_text(book, options, theme),
                  "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
                  "log_level": log.getEffectiveLevel(), "folder": str(folder),
                  "options": replace(options, progress=None)}
        n = len(book.issues)
        front = Part(book=book, index=0, first_page=1, first_pages=(0,) * n, **common)
        issues = [Part(book=Book(title=book.title, issues=[issue], language=book.language),
                       index=k, first_page=0, **common) for k, issue in enumerate(book.issues, 1)]
        where = _where(options, n)
        try:
            options.stage(f"PDF: typesetting {n} issues…")
            laid = _run(where, steps(front, issues), n, options)
        finally:
            where.close()
        typeset_at = time.perf_counter()
        _settle(front, issues, laid)
        options.stage(f"PDF: merging {n + 1} parts…")
        from .merge import merge

        pages = [laid[f"part{k}"].pages for k in range(n + 1)]
        merged = merge([Path(laid[f"part{k}"].path) for k in range(n + 1)], path,
                       pad=[p % 2 == 1 for p in pages[:-1]] + [False])
        log.debug("PDF volume: %d parts typeset in %.1f s, merged in %.1f s; this process's peak "
                  "%d MB", n + 1, typeset_at - started, time.perf_counter() - typeset_at, _peak_mb())
        return merged
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _where(options: RenderOptions, n: int):
    """Where the parts are typeset.  ``jobs`` unset (the API's default): here, since a pool
    would run the caller's script again in each worker unless it guards its main code
    (multiprocessing's rule).  Set, even to 1 (the command always sets it): in worker
    processes, so that this one, which merges, never holds a layout's memory too."""
    from ...jobs.runner import InProcess, LocalPool, runner

    if options.scheduler or (options.jobs or 0) > 1:
        return runner(options.jobs, options.scheduler, n)
    return LocalPool(1) if options.jobs else InProcess()


def _peak_mb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def steps(front: Part, issues: list[Part]) -> list:
    """The runner's steps: ``count0`` lays the front matter out to count its pages,
    ``part1``… typeset the issues, ``part0`` the front matter."""
    from ...jobs.runner import Step

    n = len(issues)
    return [Step("count0", count, front),
            *(Step(f"part{k}", typeset, issues[k - 1], after=("count0",)) for k in range(1, n + 1)),
            Step("part0", typeset, front, after=("count0", *(f"part{k}" for k in range(1, n))))]


def first_pages(front_pages: int, issue_pages: list[int]) -> list[int]:
    """The first page of each issue after the front matter and the ``issue_pages`` issues,
    and of the one after them: each issue begins on a right-hand (odd) page."""
    out, at = [], front_pages + front_pages % 2
    for pages in issue_pages:
        out.append(at + 1)
        at += pages + pages % 2
    return [*out, at + 1]


def count(part: Part) -> Laid:
    """Lay ``part`` out and count its pages; draw nothing."""
    return _in_worker(part, count_only=True)


def typeset(part: Part, front: Laid, *before: Laid) -> Laid:
    """Typeset ``part``.  An issue is numbered after the front matter's pages (``front``) and
    those its forerunners publish; the front matter, given every issue's page count but
    the last's (``before``), lists each issue's first page."""
    if part.index == 0:
        firsts = first_pages(front.pages, [b.pages for b in before])
        return _in_worker(replace(part, first_pages=tuple(firsts)), count_only=False)
    return _in_worker(part, count_only=False, front_pages=front.pages)


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
            self.used = first_pages(self.front_pages, counts)[-1] if counts is not None else 1
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


def _in_worker(part: Part, *, count_only: bool, front_pages: int = 0) -> Laid:
    import gc

    from ...jobs.logs import captured_logs
    from ...jobs.task import epoch_set
    from .render import render_book

    numbering = None
    if part.index and not count_only:
        numbering = Numbering(part.index, part.folder, front_pages, known=part.first_page)
    with captured_logs(part.log_level) as logs, epoch_set(part.epoch):
        began = time.perf_counter()
        data, pages = runtime.call(render_book, part.book, part.options, part,
                                   count_only=count_only, renumber=numbering)
        log.debug("PDF part %d: %d pages %s in %.1f s (waited %.1f s); process %d peak %d MB",
                  part.index, pages, "counted" if count_only else "typeset",
                  time.perf_counter() - began, numbering.waited if numbering else 0, os.getpid(),
                  _peak_mb())
        path = None
        if data is not None:
            path = os.path.join(part.folder, f"part-{part.index:05d}.pdf")
            with open(path, "wb") as f:
                f.write(data)
    # The collector is held back while rendering (runtime.py): a worker typesets many parts.
    gc.collect()
    first = numbering.used if numbering is not None else part.first_page
    return Laid(pages, first, part.first_pages, path, tuple(logs))


def _run(where, step_list: list, n: int, options: RenderOptions) -> dict[str, Laid]:
    from ...jobs.logs import replay

    laid: dict[str, Laid] = {}
    seen: set[tuple[int, str]] = set()
    done = 0
    for step, result in where.run(step_list):
        if isinstance(result, BaseException):
            raise result
        replay(tuple(r for r in result.logs if r not in seen))     # each warning once
        seen.update(result.logs)
        laid[step.key] = result
        if step.key.startswith("part"):
            done += 1
            options.stage(f"PDF: {done} of {n + 1} parts typeset…")
    return laid


def _settle(front: Part, issues: list[Part], laid: dict[str, Laid]) -> None:
    """Typeset again, here, any part numbered from counts that its typesetting did not
    confirm, until every part starts where the parts before it end."""
    n = len(issues)
    for _ in range(_SETTLE):
        firsts = first_pages(laid["part0"].pages, [laid[f"part{k}"].pages for k in range(1, n)])
        moved = [k for k in range(1, n + 1) if laid[f"part{k}"].first_page != firsts[k - 1]]
        if not moved and laid["part0"].firsts == tuple(firsts):
            return
        log.debug("PDF: typesetting again the front matter and issues %s", moved)
        for k in moved:
            laid[f"part{k}"] = _in_worker(replace(issues[k - 1], first_page=firsts[k - 1]),
                                          count_only=False, front_pages=laid["part0"].pages)
        laid["part0"] = _in_worker(replace(front, first_pages=tuple(firsts)), count_only=False)
    raise BackendError("the volume's page numbers did not settle; make it of fewer issues")


def shared_text(book: Book, options: RenderOptions, theme) -> str:
    """Every character the parts may set: the book's, its names and dates, the templates' and
    style sheets' own (weasy/fontshare.py keeps them all in each part's font subsets)."""
    chars = set()
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
