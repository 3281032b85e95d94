"""A paper's year as twelve month grids, weeks from Monday (as Chinese calendars print them)."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Callable

from ..model import WEEKDAYS, date_label

WEEKDAY_HEADS = tuple(w[-1] for w in WEEKDAYS)      # 一 二 … 日


def months(year: int, issues: set[dt.date], href: Callable[[dt.date], str]) -> list[dict]:
    """For each month: its number, its issue count and its weeks, a week seven days
    (None outside the month), each day {day, href (None without an issue), label}."""
    cal = _calendar.Calendar(firstweekday=0)
    out = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            days: list[dict | None] = []
            for day in week:
                if day.month != month:
                    days.append(None)
                elif day in issues:
                    days.append({"day": day.day, "href": href(day),
                                 "label": f"{date_label(day)} {WEEKDAYS[day.weekday()]}"})
                else:
                    days.append({"day": day.day, "href": None, "label": ""})
            weeks.append(days)
        count = sum(1 for d in issues if d.year == year and d.month == month)
        out.append({"number": month, "count": count, "weeks": weeks})
    return out
