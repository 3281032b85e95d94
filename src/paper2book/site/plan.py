"""Which paper-months the site build makes, and what each may take from its last make.

A month's key hashes what shapes its files (options, templates, the site's code, its
issues' neighbours and books, its dumps' fingerprints); a month whose key is the last
run's is kept.  Each issue has a key of its own, made the same way from its own dumps:
a month made again for one changed day re-reads and re-renders only the issues whose
key changed, and takes the others' index entries from its last text files (month.py),
so a changed day costs about one day's pages, not a month's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .. import __version__
from ..config.options import RenderOptions
from ..jobs.plan import options_fingerprint
from ..reader.files import display_name
from . import layout
from .month import IssuePlan, MonthTask, YearMerge
from .shards import PARTS, readable, year_target

# (paper, date) → the dumps holding that issue, in input order
Holders = dict[tuple[str, dt.date], list[str]]
# (paper, date) → the issue's books, (label, path in the site)
Books = dict[tuple[str, dt.date], list[tuple[str, str]]]


@dataclass(frozen=True)
class Making:
    """What of the build's spec shapes the months."""

    options: RenderOptions
    punctuation: bool
    force: bool
    max_bytes: int


def _shape(spec: Making, title: str) -> str:
    """What in the options, templates and scripts shapes every page."""
    options = replace(spec.options, title=None)
    h = hashlib.sha256(options_fingerprint(options, spec.punctuation).encode())
    here = Path(__file__).parent
    from ..theme import templates_dir

    # The site's own code too: what the index files hold is index.py's format.
    for folder in (here, templates_dir() / "site", templates_dir() / "html"):
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(p.name.encode() + p.read_bytes())
    h.update(f"{__version__}\0{title}".encode())
    return h.hexdigest()


def _hash(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()


def plan_months(spec: Making, root: Path, title: str, papers: dict[str, list[dt.date]],
                holders: Holders, shas: dict[str, str], books: Books, old: dict[str, dict]
                ) -> tuple[list[tuple[str, MonthTask]], list[str]]:
    """The months to make, (key, task), and the volumes whose files are up to date."""
    shape = _shape(spec, title)
    base = str(root)
    tasks: list[tuple[str, MonthTask]] = []
    keep: list[str] = []
    level = logging.getLogger("paper2book").getEffectiveLevel()
    for paper, dates in papers.items():
        by_month: dict[tuple[int, int], list[IssuePlan]] = {}
        for k, date in enumerate(dates):
            plan = IssuePlan(date, dates[k - 1] if k else None,
                             dates[k + 1] if k + 1 < len(dates) else None,
                             tuple(books.get((paper, date), ())))
            by_month.setdefault((date.year, date.month), []).append(plan)
        for (year, month), plans in by_month.items():
            sources = tuple(dict.fromkeys(s for p in plans for s in holders[paper, p.date]))
            vol = layout.volume_id(paper, year, month)
            key = _hash([shape, paper, [[str(p.date), str(p.prev), str(p.next), p.books] for p in plans],
                         [[display_name(s), shas[s]] for s in sources]])
            entry = old.get(vol)
            if (not spec.force and entry and entry.get("key") == key
                    and all(os.path.isfile(os.path.join(base, f)) for f in entry["files"])
                    and readable(str(root / layout.INDEX / vol / PARTS))):
                keep.append(vol)
                continue
            ikeys = tuple(_hash([shape, paper, [str(p.date), str(p.prev), str(p.next), p.books],
                                 [[display_name(s), shas[s]] for s in holders[paper, p.date]]])
                          for p in plans)
            reuse: tuple[tuple[str, tuple[str, ...], int, int], ...] = ()
            fresh = sources
            texts = entry.get("texts") if entry else None
            if entry and not spec.force and entry.get("meta") and isinstance(texts, str):
                reuse, fresh = _reusable(root, paper, plans, ikeys, entry, holders)
            tasks.append((key, MonthTask(
                str(root), vol, paper, spec.options.display_name(paper), year, month, sources,
                tuple(plans), spec.options, title, spec.punctuation, spec.max_bytes, level,
                fresh=fresh, reuse=reuse, ikeys=ikeys,
                texts=texts if reuse and isinstance(texts, str) else "")))
    return tasks, keep


def _reusable(root: Path, paper: str, plans: list[IssuePlan], ikeys: tuple[str, ...], entry: dict,
              holders: Holders) -> tuple[tuple[tuple[str, tuple[str, ...], int, int], ...], tuple[str, ...]]:
    """The issues whose key is the last make's and whose page is still there, each with its
    summary of then (date, lead headlines, 版面, articles), and the dumps of the others."""
    before = entry.get("ikeys")
    if not isinstance(before, dict):
        return (), ()
    summaries = {i[0]: i for i in entry["issues"]}
    reuse, fresh = [], []
    for p, ikey in zip(plans, ikeys, strict=True):
        day = p.date.isoformat()
        if (before.get(day) == ikey and day in summaries
                and os.path.isfile(root / layout.issue_page(paper, p.date))):
            _date, heads, pages, articles = summaries[day]
            reuse.append((day, tuple(heads), pages, articles))
        else:
            fresh.extend(holders[paper, p.date])
    return tuple(reuse), tuple(dict.fromkeys(fresh))


def with_year_merges(tasks: list[tuple[str, MonthTask]], keep: list[str], old: dict[str, dict]
                     ) -> list[tuple[str, MonthTask]]:
    """The tasks, each that is the only month of its year to make told to merge its year
    (month.YearMerge) with the kept volumes of that year; the build checks what it did."""
    kept = {vol: old[vol]["meta"] for vol in keep
            if old[vol].get("meta") and isinstance(old[vol]["meta"].get("month"), str)}
    made = Counter(t.year for _, t in tasks)
    years = {m["month"][:4] for m in kept.values()} | {f"{y:04d}" for y in made}
    out = []
    for key, t in tasks:
        if made[t.year] == 1:
            mine = [vol for vol, m in kept.items() if m["month"][:4] == f"{t.year:04d}"]
            t = replace(t, year_merge=YearMerge(tuple(sorted([*mine, t.volume])),
                                                sum(kept[vol]["bsize"] for vol in mine),
                                                year_target(len(years))))
        out.append((key, t))
    return out
