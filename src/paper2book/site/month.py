"""What runs on a worker: one paper's month of the site, from its dumps.

A step reads the month's dumps, renders each issue's page and builds the
month's search volume (index.py), and writes what changed (files.SiteFolder).
It is a plain function of one picklable argument, like the job's books
(jobs/task.py), and never raises for a bad input: the error comes back
naming the file, and the other months go on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import traceback
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..config.options import RenderOptions
from ..jobs.logs import captured_logs
from ..model import Issue
from . import index, layout
from .files import SiteFolder
from .terms import article_text

LEAD_HEADLINES = 5


@dataclass(frozen=True)
class IssuePlan:
    date: dt.date
    prev: dt.date | None
    next: dt.date | None
    books: tuple[tuple[str, str], ...]      # (label, path in the site)


@dataclass(frozen=True)
class YearMerge:
    """Given when the month is the only one of its year made in the run (a changed or an
    added day, the usual update): the step merges its year's shards (shards.py) itself
    (in a helper process, ``_merger``) while it renders its pages, rather than the build
    after it; they were most of the time a changed day took."""

    volumes: tuple[str, ...]    # the year's volumes, this one among them
    others: int                 # the others' bigram entries' size (meta "bsize")
    target: int                 # shards.year_target for the archive's years


@dataclass(frozen=True)
class MonthTask:
    root: str
    volume: str
    paper: str                  # as the dumps name it
    display: str                # as the site shows it
    year: int
    month: int
    sources: tuple[str, ...]    # absolute paths of the dumps holding its issues
    issues: tuple[IssuePlan, ...]
    options: RenderOptions
    site_title: str
    punctuation: bool
    max_bytes: int
    log_level: int
    fresh: tuple[str, ...] = ()     # the dumps of the issues not in reuse
    # (date, lead headlines, 版面, articles) of the issues whose entries its last text files hold
    reuse: tuple[tuple[str, tuple[str, ...], int, int], ...] = ()
    ikeys: tuple[str, ...] = ()     # each issue's key (plan.py), for the manifest
    texts: str = ""                 # the hash of its last text files (MonthResult.texts)
    year_merge: YearMerge | None = None


@dataclass(frozen=True)
class IssueSummary:
    date: dt.date
    headlines: tuple[str, ...]
    pages: int
    articles: int


@dataclass(frozen=True)
class MonthResult:
    files: tuple[str, ...]                  # every file of the month, site paths
    written: tuple[str, ...]
    meta: dict | None                       # the volume's entry in meta.js
    issues: tuple[IssueSummary, ...]
    logs: tuple[tuple[int, str], ...]
    errors: tuple[str, ...] = ()
    trace: str | None = None
    texts: str = ""     # a hash of the volume's a.js and t<k>.js: what a later make may read back
    merged: tuple[int, tuple[str, ...]] | None = None   # the year's shard count, shards written


def make_month(task: MonthTask) -> MonthResult:
    from ..errors import Paper2BookError

    with captured_logs(task.log_level) as logs:
        try:
            with _merger(task) as helper:
                return _make(task, logs, helper)
        except (Paper2BookError, OSError) as e:
            return MonthResult((), (), None, (), tuple(logs), (str(e),))
        except Exception as e:      # a bug of ours: this month fails, the others go on
            return MonthResult((), (), None, (), tuple(logs),
                               (f"internal error: {type(e).__name__}: {e}",), traceback.format_exc())


@contextlib.contextmanager
def _merger(task: MonthTask) -> Iterator[Executor | None]:
    """A process for the year's merge, started first so that its interpreter is up when
    the month's parts are written: in a thread of this one, the merge's joins and writes
    (0.4 s a year of dumps) contend for the GIL with the month's pages, and a changed
    day took a quarter longer.  None when no merge is due, or where a process may not
    start one (Dask's workers, a multiprocessing pool's, are daemons): the merge then
    runs in a thread."""
    if task.year_merge is None or not _may_start_processes():
        yield None
        return
    from .shards import ready

    helper = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        helper.submit(ready)
        yield helper
    finally:
        helper.shutdown(cancel_futures=True)


def _may_start_processes() -> bool:
    return not multiprocessing.current_process().daemon


def _make(task: MonthTask, logs: list[tuple[int, str]], helper: Executor | None) -> MonthResult:
    from ..backends._shared import prepare
    from ..model import Book
    from ..reader import read_inputs
    from .pages import Pages
    from .shards import merge_year, shard_count

    reused = _reused(task) if task.reuse else {}
    wanted = {p.date: p for p in task.issues if p.date.isoformat() not in reused}
    made: dict[str, tuple[index.VolumeIssue, IssueSummary]] = dict(reused)
    files: dict[str, bytes] = {}
    shown: list[tuple[Issue, IssuePlan, list[list[str]], str]] = []     # the pages to render
    language = "zh-CN"
    if wanted:
        whole = read_inputs(list(task.fresh if reused else task.sources),
                            normalize_punctuation=task.punctuation, max_bytes=task.max_bytes)
        mine = tuple(i for i in whole.issues if i.newspaper == task.paper and i.date in wanted)
        book = prepare(Book(title=task.site_title, issues=mine, language=whole.language),
                       _page_options(task.options))
        language = book.language
        for issue in book.issues:
            anchors = layout.anchors([p.number for p in issue.pages], [len(p.articles) for p in issue.pages])
            page = layout.issue_page(task.paper, issue.date)
            shown.append((issue, wanted[issue.date], anchors, page))
            entries = tuple(index.Entry(aid, a.title, p.label, article_text(a))
                            for p, ids in zip(issue.pages, anchors, strict=True)
                            for a, aid in zip(p.articles, ids, strict=True))
            made[issue.date.isoformat()] = (
                index.VolumeIssue(task.display, issue.date.isoformat(), page, entries),
                IssueSummary(issue.date, tuple(e.headline for e in entries[:LEAD_HEADLINES]),
                             len(issue.pages), len(entries)))
    volume_issues = [made[day][0] for day in sorted(made)]
    summaries = [made[day][1] for day in sorted(made)]
    kept = [made[day][0].page for day in reused]
    meta = None
    folder = SiteFolder(Path(task.root))
    written: list[str] = []
    parts_file = f"{layout.INDEX}/{task.volume}/{index.PARTS}"
    with ThreadPoolExecutor(1) as background:
        merging = None
        if volume_issues:
            texts = index.folded(volume_issues)
            parts = index.bigram_parts(texts)
            # The parts first: the year's merge (when this step makes it) reads them while
            # the rest of the volume's files and its pages are made.
            if folder.write(parts_file, parts[0]):
                written.append(parts_file)
            if task.year_merge:
                nb = shard_count(task.year_merge.others + parts[1], task.year_merge.target)
                merging = (nb, (helper or background).submit(
                    merge_year, task.root, layout.INDEX, f"{task.year:04d}", task.year_merge.volumes, nb))
            built, meta = index.build(task.volume, volume_issues, texts, parts)
            meta.update(paper=task.display, month=f"{task.year:04d}-{task.month:02d}")
            for name, data in built.items():
                files[f"{layout.INDEX}/{task.volume}/{name}"] = data
        written += [name for name, data in files.items() if name != parts_file and folder.write(name, data)]
        pages = Pages(task.options, task.site_title, language)
        for issue, plan, anchors, page in shown:
            files[page] = pages.issue(issue, task.display, anchors, prev=plan.prev, next=plan.next,
                                      books=list(plan.books))
            if folder.write(page, files[page]):
                written.append(page)
        _covers(task, summaries)
        merged = None
        if merging is not None:
            names = merging[1].result()
            merged = (merging[0], tuple(names)) if names is not None else None
    prefix = f"{layout.INDEX}/{task.volume}/"
    blobs = [files[prefix + "a.js"]] if meta else []
    while blobs and f"{prefix}t{len(blobs) - 1}.js" in files:
        blobs.append(files[f"{prefix}t{len(blobs) - 1}.js"])
    return MonthResult((*files, *kept), tuple(written), meta, tuple(summaries), tuple(logs),
                       texts=_texts_hash(blobs) if blobs else "", merged=merged)


def _texts_hash(blobs: list[bytes]) -> str:
    import hashlib

    h = hashlib.sha256()
    for blob in blobs:
        h.update(b"%d\0" % len(blob) + blob)
    return h.hexdigest()


def _reused(task: MonthTask) -> dict[str, tuple[index.VolumeIssue, IssueSummary]]:
    """The reusable issues' index entries, read back from the volume's last text files
    (``t<k>.js``, listed by ``a.js``), which hold each article's anchor, headline, 版面
    and text: the entries the issue's dumps would give again.  Empty when anything there
    is not as index.py wrote it: then the whole month is read."""
    folder = Path(task.root) / layout.INDEX / task.volume
    want = {day: IssueSummary(dt.date.fromisoformat(day), heads, pages, articles)
            for day, heads, pages, articles in task.reuse}
    found: dict[str, list[index.Entry]] = {day: [] for day in want}
    try:
        blobs = [(folder / "a.js").read_bytes()]
        texts = _call(blobs[0], "a", task.volume)["texts"]
        if not isinstance(texts, list):
            return {}
        blobs += [(folder / f"t{k}.js").read_bytes() for k in range(len(texts))]
        # Edited by hand since: the month is read whole, as any month whose files are doubted.
        if not task.texts or _texts_hash(blobs) != task.texts:
            return {}
        for blob in blobs[1:]:
            chunk = _call(blob, "t", task.volume)
            for n in sorted(chunk, key=int):
                a = chunk[n]
                day = a["d"]
                if day in found:
                    if (a["p"] != task.display
                            or a["u"] != layout.issue_page(task.paper, want[day].date)
                            or not all(isinstance(a[f], str) for f in "hlax")):
                        return {}
                    found[day].append(index.Entry(a["a"], a["h"], a["l"], a["x"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    if any(len(found[day]) != want[day].articles for day in want):
        return {}
    return {day: (index.VolumeIssue(task.display, day, layout.issue_page(task.paper, want[day].date),
                                    tuple(found[day])), want[day]) for day in want}


def _call(data: bytes, call: str, volume: str) -> dict:
    """The data a script of index.py's ``_script`` hands to ``P2B.<call>``."""
    import json

    head = b"P2B.%s(" % call.encode()
    if not data.startswith(head) or not data.endswith(b");\n"):
        raise ValueError(call)
    name, value = json.loads(b"[" + data[len(head):-3] + b"]")
    if name != volume or not isinstance(value, dict):
        raise ValueError(call)
    return value


def _covers(task: MonthTask, summaries: list[IssueSummary]) -> None:
    """The month's cover thumbnails, drawn here while the other months are made instead of
    in a pool of their own afterwards: the catalogue (opds/) finds them there, each named
    by a hash of what it shows, and draws only what is missing or changed."""
    from ..model import date_label
    from .covers import covers_for, write_covers
    from .records import IssueRecord

    records = [IssueRecord(paper=task.display, date=s.date, title=f"{task.display} {date_label(s.date)}",
                           lead_headlines=s.headlines, page=layout.issue_page(task.paper, s.date),
                           epub=None, pdf=None, series=task.display) for s in summaries]
    write_covers(Path(task.root), covers_for(records), jobs=1)


def _page_options(options: RenderOptions) -> RenderOptions:
    from dataclasses import replace

    return replace(options, title=None)
