"""What ``--split`` makes of an archive: one book per paper and issue, month or year.

A group's file name sorts as a person expects, paper first, then the date
written big-endian (``九江日报-2025-12-03``, ``九江日报-2025-12``,
``九江日报-2025``); its series position is the same date as a number
(20251203, 202512, 2025), so an e-reader shelves issues in order.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass

from .. import bounds
from ..model import date_label, month_label

TITLE_FIELDS = ("paper", "period", "date")
# What a file name cannot hold on one system or another, and controls.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_MAX_NAME = 80


@dataclass(frozen=True, order=True)
class Group:
    """One book of a split: a paper's issues on a day, in a month or in a year."""

    paper: str
    start: dt.date          # the period's first day (an issue's: its date)
    kind: str               # "issue" | "month" | "year"

    @classmethod
    def of(cls, paper: str, date: dt.date, kind: str) -> Group:
        if kind == "issue":
            return cls(paper, date, kind)
        if kind == "month":
            return cls(paper, date.replace(day=1), kind)
        if kind == "year":
            return cls(paper, dt.date(date.year, 1, 1), kind)
        raise ValueError(f"unknown split {kind!r}")

    @property
    def stamp(self) -> str:
        """The period in file names: 2025-12-03, 2025-12, 2025."""
        return {"issue": self.start.isoformat(), "month": f"{self.start:%Y-%m}",
                "year": f"{self.start:%Y}"}[self.kind]

    @property
    def position(self) -> int:
        """The series position: 20251203, 202512, 2025."""
        return int(self.stamp.replace("-", ""))

    @property
    def period(self) -> str:
        """The period in titles: 2025年12月3日, 2025年12月, 2025年."""
        return {"issue": date_label(self.start), "month": month_label(self.start.year, self.start.month),
                "year": f"{self.start.year}年"}[self.kind]

    def title(self, template: str | None, paper_shown: str) -> str:
        """``template`` (``--title``) filled in, or ``九江日报 2025年12月3日`` for an issue (the
        title a one-issue book has) and ``九江日报 2025年12月合订本`` for a month or year."""
        if template:
            return template.format(paper=paper_shown, period=self.period, date=self.stamp)
        return f"{paper_shown} {self.period}" + ("" if self.kind == "issue" else "合订本")

    def file_stem(self) -> str:
        return f"{safe_name(self.paper)}-{self.stamp}"


def safe_name(paper: str) -> str:
    """A paper's name as a file name: what no file system takes becomes ``_``."""
    name = _UNSAFE.sub("_", paper).strip(" .")[:_MAX_NAME]
    return name or "_"


def title_problem(template: str) -> str | None:
    """Why ``template`` cannot title the books of a split, or None."""
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as e:
        return f"--title {template!r}: {e} (write {{{{ and }}}} for braces)"
    too_wide = bounds.format_problem(template)
    if too_wide:
        return f"--title {template[:80]!r}: {too_wide}"
    unknown = sorted(fields - set(TITLE_FIELDS))
    if unknown:
        return (f"--title {template!r}: no field {', '.join(map(repr, unknown))}; "
                f"a split's title may use {', '.join('{' + f + '}' for f in TITLE_FIELDS)}")
    if not fields & {"period", "date"}:
        return (f"--title {template!r} would give every book of the split the same title; "
                "put {period} or {date} in it (e.g. '{paper} {period}')")
    return None
