"""``paper2book ARCHIVE --site OUT/``: the archive as a static site, phase by phase.

Fingerprint and scan the new dumps (jobs/scan.py, cached in the manifest), make
the issues' books when asked (a ``--split issue`` job into ``OUT/books``), then
one worker step per paper's month whose key changed (month.py: its issue pages
and search volume); then calendars, start and search pages, the index's meta
file, assets and catalogue.  Each file is compared with what is there before it
is written; files of the last run that this run did not make are removed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.options import JobOptions, RenderOptions
from ..editions import edition_suffix
from ..jobs.inputs import scanned
from ..jobs.logs import replay
from ..jobs.manifest import Manifest
from ..jobs.runner import DaskCluster, InProcess, LocalPool, Step, runner
from ..reader.files import MAX_INPUT_BYTES, expand_inputs
from . import layout
from .entries import checked_months
from .files import SiteFolder, regular_file, safe_name
from .month import MonthResult, MonthTask, make_month
from .opds import catalogue_key, write_catalogue
from .plan import Books, Holders, Making, plan_months
from .records import IssueRecord
from .shards import Damaged, Parts, merge, open_parts, shard_count, shard_name, year_target

if TYPE_CHECKING:
    from ..jobs.job import Finished, JobReport

log = logging.getLogger("paper2book")


@dataclass
class SiteSpec:
    inputs: list[str]
    folder: Path
    options: RenderOptions
    job: JobOptions = field(default_factory=JobOptions)     # jobs and scheduler: where months are made
    punctuation: bool = True
    formats: dict[str, str] = field(default_factory=dict)   # books: backend → extension
    force: bool = False
    title: str | None = None
    max_bytes: int = MAX_INPUT_BYTES


@dataclass
class SiteReport:
    written: int = 0                    # files written
    removed: int = 0
    months_made: int = 0
    months_up_to_date: int = 0
    failed: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])   # issues, 版面, articles
    books: JobReport | None = None      # the books job's, when it ran
    errors: list[str] = field(default_factory=list)


def build(spec: SiteSpec, *, on_stage: Callable[[str], None] = lambda what: None,
          on_start: Callable[[int], None] = lambda total: None,
          on_done: Callable[[MonthResult, SiteReport], None] = lambda done, report: None) -> SiteReport:
    root = spec.folder
    root.mkdir(parents=True, exist_ok=True)
    site = SiteFolder(root)
    manifest = Manifest.load(root)
    report = SiteReport()
    try:
        return _build(spec, root, site, manifest, report, on_stage, on_start, on_done)
    finally:
        manifest.save()


def _build(spec: SiteSpec, root: Path, site: SiteFolder, manifest: Manifest, report: SiteReport,
           on_stage: Callable[[str], None], on_start: Callable[[int], None],
           on_done: Callable[[MonthResult, SiteReport], None]) -> SiteReport:
    inside = os.path.abspath(root) + os.sep
    files = [f for f in expand_inputs(spec.inputs) if not os.path.abspath(f).startswith(inside)]
    holders, shas = _scan(files, manifest, spec, report, on_stage)    # (paper, date) → paths
    books = _books(spec, root, site, holders, report, on_stage)
    papers: dict[str, list[dt.date]] = {}
    for paper, date in sorted(holders):
        papers.setdefault(paper, []).append(date)
    title = spec.title or _site_title([spec.options.display_name(p) for p in papers])
    old, dropped = checked_months(manifest.site.get("months"))
    if dropped:
        log.warning("%s: %d site entries are not as paper2book wrote them; those months are made "
                    "again", manifest.path, dropped)
    making = Making(spec.options, spec.punctuation, spec.force, spec.max_bytes)
    tasks, keep = plan_months(making, root, title, papers, holders, shas, books, old)
    report.months_up_to_date = len(keep)
    on_start(len(tasks))
    months = {vol: old[vol] for vol in keep}
    if tasks:
        months.update(_run(tasks, spec, manifest, report, old, on_done))
    report.counts[0] = sum(len(m["issues"]) for m in months.values())
    report.counts[1] = sum(i[2] for m in months.values() for i in m["issues"])
    report.counts[2] = sum(i[3] for m in months.values() for i in m["issues"])
    on_stage("writing the search index, the calendars and the search page…")
    pending, names, nb = _shards(site, months, old, set(months) - set(keep), report,
                                 _last_counts(manifest.site.get("nb")))
    # The shards are written (mostly the file system's time) while the pages and the
    # catalogue are made: the catalogue does not read them.
    with ThreadPoolExecutor(1) as background:
        merging = background.submit(_merge, site, pending) if pending else None
        shown = _global_files(spec, title, papers, months, nb)
        written = [name for name, data in shown.items() if site.write(name, data)]
        alive = set(shown) | set(names) | {f for m in months.values() for f in m["files"]}
        listed = manifest.site.get("files")
        listed = [f for f in listed if safe_name(f)] if isinstance(listed, list) else []
        before = set(listed) | {f for m in old.values() for f in m["files"]}
        for name in sorted(before - alive):
            if site.remove(name):
                report.removed += 1
        catalogue = _catalogue(root, _records(spec, papers, months, books, title), site_title=title,
                               jobs=spec.job.jobs, last=manifest.site.get("catalogue"))
        written += merging.result() if merging is not None else []
    report.written += len(written)
    for m in months.values():
        m.pop("written", None)
    state = {"months": dict(sorted(months.items())), "files": sorted([*shown, *names]), "title": title,
             "nb": nb, "catalogue": catalogue}
    if state != manifest.site:
        manifest.site = state
        manifest.changed = True
    return report


Pending = list[tuple[str, list[tuple[str, Parts]], int]]     # (year, its parts, shard count)


def _shards(site: SiteFolder, months: dict[str, dict], old: dict[str, dict], made: set[str],
            report: SiteReport, last: dict[str, int]) -> tuple[Pending, list[str], dict[str, int]]:
    """The bigram shards, a set per year (shards.py): each year's parts to merge, when a
    month of that year was made or dropped since the last run (``old``, ``last``: its
    months and shard counts), and every shard's name and each year's shard count.  A volume
    whose parts are damaged is left out and forgotten, so the next run makes its month again."""
    while True:
        years: dict[str, list[str]] = {}
        for vol, m in months.items():
            if m.get("meta"):
                years.setdefault(m["meta"]["month"][:4], []).append(vol)
        before: dict[str, set[str]] = {}
        for vol, m in old.items():
            if m.get("meta"):
                before.setdefault(m["meta"]["month"][:4], set()).add(vol)
        pending: Pending = []
        names: list[str] = []
        counts: dict[str, int] = {}
        try:
            for year, volumes in sorted(years.items()):
                nb = counts[year] = shard_count(sum(months[v]["meta"]["bsize"] for v in volumes),
                                                year_target(len(years)))
                mine = [shard_name(layout.INDEX, year, k) for k in range(nb)]
                names += mine
                if (nb == last.get(year) and set(volumes) == before.get(year) and not made & set(volumes)
                        and all(os.path.isfile(site.root / name) for name in mine)):
                    continue
                pending.append((year, open_parts(site, layout.INDEX, volumes), nb))
            return pending, names, counts
        except Damaged as e:
            for _, readers, _ in pending:
                for _, parts in readers:
                    parts.close()
            _fail(report, f"{e}; its month is made again next time")
            del months[e.volume]


def _merge(site: SiteFolder, pending: Pending) -> list[str]:
    """The years' shards written from their parts: the names of those whose bytes changed."""
    written: list[str] = []
    try:
        while pending:
            year, readers, nb = pending.pop(0)
            written += merge(site, layout.INDEX, year, readers, nb)[1]
    finally:
        for _, readers, _ in pending:       # a year not reached: its parts closed all the same
            for _, parts in readers:
                parts.close()
    return written


def _last_counts(value: object) -> dict[str, int]:
    """The shard counts the manifest keeps, per year; {} when they are not as written."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and type(v) is int}


def _catalogue(root: Path, records: list[IssueRecord], *, site_title: str, jobs: int | None,
               last: object) -> dict:
    """The OPDS catalogue and the cover thumbnails (site/opds/), and what the manifest keeps
    of it; not made again when made from the same (``last``) and its files are all there."""
    key = catalogue_key(records, site_title)
    if (isinstance(last, dict) and last.get("key") == key and isinstance(last.get("files"), list)
            and all(safe_name(f) and regular_file(root / f) for f in last["files"])):
        return last
    listing: list[str] = []
    write_catalogue(root, records, site_title=site_title, jobs=jobs, listing=listing)
    return {"key": key, "files": listing}


def _site_title(papers: list[str]) -> str:
    return ("、".join(papers) if papers else "报纸") + " 数字报存档"


# ---------------------------------------------------------------- inputs


def _scan(files: list[str], manifest: Manifest, spec: SiteSpec, report: SiteReport,
          on_stage: Callable[[str], None]) -> tuple[Holders, dict[str, str]]:
    """Which dumps hold which issues (paper, date), each in input order; and each dump's
    fingerprint (by absolute path), read once for the scan and the months' keys."""
    pools: list[InProcess | LocalPool | DaskCluster] = []

    def workers(steps: int) -> InProcess | LocalPool | DaskCluster:
        pools.append(runner(spec.job.jobs, spec.job.scheduler, steps))
        return pools[-1]

    try:
        hashed, scans = scanned(files, manifest, max_bytes=spec.max_bytes, force=spec.force,
                                workers=workers, on_stage=on_stage,
                                on_error=lambda error: _fail(report, error))
    finally:
        for pool in pools:
            pool.close()
    holders: Holders = {}
    for h in hashed:
        for paper, date in (scans[h.sha].issues if h.sha in scans else ()):
            holders.setdefault((paper, dt.date.fromisoformat(date)), []).append(os.path.abspath(h.path))
    return holders, {os.path.abspath(h.path): h.sha for h in hashed}


def _fail(report: SiteReport, error: str) -> None:
    log.error("%s", error)
    report.failed += 1
    report.errors.append(error)


# ---------------------------------------------------------------- books


def _books(spec: SiteSpec, root: Path, site: SiteFolder, holders: Holders, report: SiteReport,
           on_stage: Callable[[str], None]) -> Books:
    """Each issue's books in the site, (label, site path); made first when asked."""
    from ..jobs.groups import Group

    expected: dict[tuple[str, dt.date], str] = {}     # → the issue book's file stem
    for paper, date in holders:
        stem = Group.of(paper, date, "issue").file_stem()
        expected[paper, date] = stem
    folder = root / layout.BOOKS
    if spec.formats:
        from ..jobs import JobSpec, run
        from ..output import refuse_unless_plain

        site._folders(f"{layout.BOOKS}/x")
        for stem in expected.values():
            for ext in spec.formats.values():
                refuse_unless_plain(folder / f"{stem}{edition_suffix(spec.options)}{ext}")
        on_stage("making the issues' books…")

        def done(finished: Finished, _report: JobReport) -> None:
            for error in finished.errors:
                _fail(report, error)

        report.books = run(JobSpec(inputs=list(spec.inputs), formats=spec.formats, folder=folder,
                                   options=spec.options, job=replace(spec.job, split="issue"),
                                   punctuation=spec.punctuation, force=spec.force,
                                   max_bytes=spec.max_bytes), on_stage=on_stage, on_done=done)
    out: Books = {key: [] for key in expected}
    if not folder.is_dir() or folder.is_symlink():
        return out
    books = Manifest.load(folder)
    stems = set(expected.values())
    # A deleted dump's books go; every edition's books of a live issue stay (an archive
    # may hold its 简体 and 繁體 books side by side: their names differ, editions/).
    for name in [n for n in books.outputs if _issue_stem(n) not in stems]:
        if site.remove(f"{layout.BOOKS}/{name}"):
            report.removed += 1
        books.forget(name)
    books.save()
    edition = edition_suffix(spec.options)      # the pages link this run's edition
    for key, stem in expected.items():
        for label, ext in (("EPUB", ".epub"), ("PDF", ".pdf")):
            name = f"{stem}{edition}{ext}"
            if name in books.outputs and (folder / name).is_file():
                out[key].append((label, f"{layout.BOOKS}/{name}"))
    return out


_BOOK_NAME = re.compile(r"(?P<stem>.+?)(?:\.zh-[A-Za-z]+(?:-phrases)?)?(?:\.vertical)?\.(?:epub|pdf)")


def _issue_stem(name: str) -> str | None:
    """The issue's file stem in a book's name, without the edition and the extension."""
    m = _BOOK_NAME.fullmatch(name)
    return m.group("stem") if m else None


# ---------------------------------------------------------------- months


def _run(tasks: list[tuple[str, MonthTask]], spec: SiteSpec, manifest: Manifest, report: SiteReport,
         old: dict[str, dict], on_done: Callable[[MonthResult, SiteReport], None]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    steps = [Step(t.volume, make_month, t) for _key, t in tasks]
    keys = {t.volume: key for key, t in tasks}
    ikeys = {t.volume: dict(zip([p.date.isoformat() for p in t.issues], t.ikeys, strict=True))
             for _key, t in tasks}
    where = runner(spec.job.jobs, spec.job.scheduler, len(steps))
    try:
        for step, result in where.run(steps):
            if not isinstance(result, MonthResult):
                result = MonthResult((), (), None, (), (), (f"{step.key}: {result!r}",))
            replay(result.logs)
            for error in result.errors:
                _fail(report, error)
            if result.errors:
                if step.key in old:         # its files stay as they were, made again next time
                    out[step.key] = old[step.key]
            else:
                report.months_made += 1
                report.written += len(result.written)
                out[step.key] = {"key": keys[step.key], "ikeys": ikeys[step.key], "texts": result.texts,
                                 "files": sorted(result.files),
                                 "written": list(result.written), "meta": result.meta,
                                 "issues": [[str(i.date), list(i.headlines), i.pages, i.articles]
                                            for i in result.issues]}
            on_done(result, report)
    finally:
        where.close()
    return out


# ---------------------------------------------------------------- the site's own pages


def _global_files(spec: SiteSpec, title: str, papers: dict[str, list[dt.date]],
                  months: dict[str, dict], nb: dict[str, int]) -> dict[str, bytes]:
    from .pages import Pages

    pages = Pages(spec.options, title)
    files = pages.assets()
    shown = []
    for paper, dates in papers.items():
        display = spec.options.display_name(paper)
        shown.append({"name": display, "key": paper, "dates": dates})
        years = sorted({d.year for d in dates})
        for year in years:
            files[layout.year_page(paper, year)] = pages.year(paper, display, year, set(dates), years)
    issues = sum(len(m["issues"]) for m in months.values())
    articles = sum(i[3] for m in months.values() for i in m["issues"])
    files["index.html"] = pages.start(shown, issues, articles)
    displays = sorted({spec.options.display_name(p) for p in papers})
    files["search.html"] = pages.search(displays, sorted({d.year for ds in papers.values() for d in ds},
                                                         reverse=True))
    volumes = [m["meta"] for m in months.values() if m.get("meta")]
    volumes.sort(key=lambda v: (v["month"], v["paper"]), reverse=True)
    from .index import _script

    files[layout.META] = _script("m", {"volumes": volumes, "papers": displays, "nb": nb})
    return files


def _records(spec: SiteSpec, papers: dict[str, list[dt.date]], months: dict[str, dict], books: Books,
             title: str) -> list[IssueRecord]:
    from ..model import date_label

    out: list[IssueRecord] = []
    for paper, dates in papers.items():
        display = spec.options.display_name(paper)
        summaries: dict[dt.date, list[str]] = {}
        for year, month in {(d.year, d.month) for d in dates}:
            entry = months.get(layout.volume_id(paper, year, month))
            for iso, heads, *_ in (entry or {}).get("issues", ()):
                summaries[dt.date.fromisoformat(iso)] = heads
        for date in dates:
            if date not in summaries:
                continue
            links = dict(books.get((paper, date), ()))
            out.append(IssueRecord(paper=display, date=date, title=f"{display} {date_label(date)}",
                                   lead_headlines=tuple(summaries[date]),
                                   page=layout.issue_page(paper, date), epub=links.get("EPUB"),
                                   pdf=links.get("PDF"), series=display))
    return out
