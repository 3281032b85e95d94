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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..jobs.inputs import scanned
from ..jobs.logs import replay
from ..jobs.manifest import Manifest
from ..jobs.runner import DaskCluster, InProcess, LocalPool, Step, runner
from ..reader.files import expand_inputs
from . import layout
from .books import issue_books
from .entries import checked_months
from .files import SiteFolder, regular_file, safe_name
from .month import MonthResult, MonthTask, make_month
from .opds import catalogue_key, write_catalogue
from .plan import Books, Holders, Making, plan_months, with_year_merges
from .records import IssueRecord
from .shards import Damaged, Parts, merge, open_parts, shard_count, shard_name, year_target
from .spec import SiteReport, SiteSpec

if TYPE_CHECKING:
    pass

log = logging.getLogger("paper2book")


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
    books = issue_books(spec, root, site, holders, report, on_stage, lambda error: _fail(report, error))
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
    tasks = with_year_merges(tasks, keep, old)
    report.months_up_to_date = len(keep)
    on_start(len(tasks))
    months = {vol: old[vol] for vol in keep}
    merged: dict[str, tuple[int, list[str]]] = {}      # year → its shard count and volumes
    by_months: set[str] = set()                         # the shards the months wrote
    if tasks:
        months.update(_run(tasks, spec, manifest, report, old, on_done, merged, by_months))
    report.counts[0] = sum(len(m["issues"]) for m in months.values())
    report.counts[1] = sum(i[2] for m in months.values() for i in m["issues"])
    report.counts[2] = sum(i[3] for m in months.values() for i in m["issues"])
    on_stage("writing the search index, the calendars and the search page…")
    pending, names, nb = _shards(site, months, old, set(months) - set(keep), report,
                                 _last_counts(manifest.site.get("nb")), merged)
    # The shards are written (mostly the file system's time) while the pages and the
    # catalogue are made: the catalogue does not read them.
    with ThreadPoolExecutor(1) as background:
        merging = background.submit(_merge, site, pending) if pending else None
        shown = _global_files(spec, title, papers, months, nb)
        written = [name for name, data in shown.items() if site.write(name, data)]
        alive = set(shown) | set(names) | {f for m in months.values() for f in m["files"]}
        listed = manifest.site.get("files")
        listed = [f for f in listed if safe_name(f)] if isinstance(listed, list) else []
        before = set(listed) | {f for m in old.values() for f in m["files"]} | by_months
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
            report: SiteReport, last: dict[str, int], merged: dict[str, tuple[int, list[str]]]
            ) -> tuple[Pending, list[str], dict[str, int]]:
    """The bigram shards, a set per year (shards.py): each year's parts to merge, when a
    month of that year was made or dropped since the last run (``old``, ``last``: its
    months and shard counts) and the year's one month made did not merge it as this would
    (``merged``), and every shard's name and each year's shard count.  A volume whose parts
    are damaged is left out and forgotten, so the next run makes its month again."""
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
                if merged.get(year) == (nb, sorted(volumes)):
                    continue
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


# ---------------------------------------------------------------- months


def _run(tasks: list[tuple[str, MonthTask]], spec: SiteSpec, manifest: Manifest, report: SiteReport,
         old: dict[str, dict], on_done: Callable[[MonthResult, SiteReport], None],
         merged: dict[str, tuple[int, list[str]]], by_months: set[str]) -> dict[str, dict]:
    """The months made (volume → manifest entry); ``merged`` and ``by_months`` get the
    years a month merged (month.YearMerge) and the shards it wrote."""
    out: dict[str, dict] = {}
    steps = [Step(t.volume, make_month, t) for _key, t in tasks]
    keys = {t.volume: key for key, t in tasks}
    volumes = {t.volume: t.year_merge for _key, t in tasks}
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
                year_merge = volumes[step.key]
                if result.merged and year_merge and result.meta:
                    report.written += len(result.merged[1])
                    merged[result.meta["month"][:4]] = (result.merged[0], list(year_merge.volumes))
                    by_months.update(result.merged[1])
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
