"""Splitting a dump into screens and reading each screen's fixed fields.

A screen is what the reader program showed for one article: optional header
lines (banner, capture date, weekday, paper name), the headline block, the
``日期``/``字号``/``版面`` lines, then the article's content lines.  Screens
can follow one another with no separator and with any header line missing,
so a screen is anchored on its ``日期`` line: the headline block is the run
of non-indented lines just above it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import InitVar, dataclass, field
from itertools import pairwise

from .normalize import PADDING, clean

BANNER = "电子报阅读机"
# Patterns see cleaned lines (normalize.clean): no run of whitespace, only single
# ASCII spaces, so " ?" where "\s*" would be, and no pattern can backtrack on a run.
_COLON = r" ?[:：] ?"
RE_CAPTURE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
RE_WEEKDAY = re.compile(r"^(星期|周)[一二三四五六日天]$")
RE_PAPER = re.compile(r"^当前报纸名称" + _COLON + r"(.*)$")
RE_DATE = re.compile(r"^日期" + _COLON + r"(.*)$")
RE_MONTH_DAY = re.compile(r"^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?$")
RE_FONTSIZE = re.compile(r"^字号" + _COLON + r".*$")
RE_PAGE = re.compile(r"^版面" + _COLON + r"(.*)$")
RE_PAGE_BODY = re.compile(r"^第 ?([A-Za-z]? ?\d+) ?版(?: ?[:：] ?(.*))?$")
_UI_WORDS = re.compile(r"(上一篇|下一篇|字号)")


@dataclass(slots=True)
class Line:
    """One line of the dump, cleaned; of the line as saved only its indent is kept
    (a year in one file is a million lines: no second copy of each, no __dict__)."""

    no: int          # 1-based line number in the file
    raw: InitVar[str]
    text: str        # cleaned (padding collapsed, controls dropped)
    indented: bool = field(init=False)

    def __post_init__(self, raw: str) -> None:
        self.indented = bool(raw) and raw[0] in PADDING

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Screen:
    first_line: int
    capture: dt.date | None = None
    paper: str | None = None
    headline: list[Line] = field(default_factory=list)
    date_text: str | None = None
    page_number: str | None = None
    page_name: str | None = None
    content: list[Line] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def _kind(line: Line) -> str:
    t = line.text
    if not t:
        return "blank"
    if t == BANNER:
        return "banner"
    if RE_CAPTURE.match(t):
        return "capture"
    if RE_WEEKDAY.match(t):
        return "weekday"
    if RE_PAPER.match(t):
        return "paper"
    if RE_DATE.match(t):
        return "date"
    if RE_FONTSIZE.match(t):
        return "fontsize"
    if RE_PAGE.match(t):
        return "page"
    return "text"


_HEADER = ("banner", "capture", "weekday", "paper")
_MAX_HEADLINE = 3


def _screen_starts(lines: list[Line], kinds: list[str]) -> list[int]:
    starts: set[int] = set()
    # Every run of header lines opens a screen.
    prev = "blank"
    for i, k in enumerate(kinds):
        if k in _HEADER and prev not in _HEADER:
            starts.add(i)
        if k != "blank":
            prev = k
    # A screen with no header lines opens at its headline block, just above 日期.
    for i, k in enumerate(kinds):
        if k != "date":
            continue
        j, first, taken = i - 1, None, 0
        while j >= 0 and taken < _MAX_HEADLINE:
            kj = kinds[j]
            if kj == "blank":
                j -= 1
                continue
            if kj != "text" or lines[j].indented:
                break
            first, taken = j, taken + 1
            j -= 1
        while j >= 0 and kinds[j] == "blank":
            j -= 1
        if first is not None and not (j >= 0 and kinds[j] in _HEADER):
            starts.add(first)
        elif first is None and not (j >= 0 and kinds[j] in _HEADER):
            starts.add(i)
    return sorted(starts)


def split_screens(raw_lines: list[str]) -> list[Screen]:
    lines = [Line(no=n, raw=r, text=clean(r)) for n, r in enumerate(raw_lines, start=1)]
    kinds = [_kind(line) for line in lines]
    starts = _screen_starts(lines, kinds)
    screens = []
    for s, e in pairwise([*starts, len(lines)]):
        screens.append(_parse_screen(lines[s:e], kinds[s:e]))
    return screens


def _matched(rx: re.Pattern[str], text: str) -> re.Match[str]:
    m = rx.match(text)
    assert m is not None, "a line's kind is the pattern it matched"
    return m


def _parse_screen(lines: list[Line], kinds: list[str]) -> Screen:
    sc = Screen(first_line=lines[0].no)
    i, n = 0, len(lines)
    while i < n and (kinds[i] in _HEADER or kinds[i] == "blank"):
        line, k = lines[i], kinds[i]
        if k == "capture":
            m = _matched(RE_CAPTURE, line.text)
            try:
                sc.capture = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                sc.problems.append((line.no, f"capture date {line.text!r} is not a real date"))
        elif k == "paper":
            name = _matched(RE_PAPER, line.text)[1]
            sc.paper = name or None
        i += 1
    while i < n and kinds[i] in ("text", "blank") and not (kinds[i] == "text" and lines[i].indented):
        if kinds[i] == "text":
            sc.headline.append(lines[i])
        i += 1
    while i < n and kinds[i] in ("date", "fontsize", "page", "blank"):
        line, k = lines[i], kinds[i]
        if k == "date":
            sc.date_text = _matched(RE_DATE, line.text)[1]
        elif k == "page":
            _read_page(sc, line)
        i += 1
    sc.content = [line for line in lines[i:] if not line.blank]
    return sc


def _read_page(sc: Screen, line: Line) -> None:
    body = _matched(RE_PAGE, line.text)[1]
    body = _UI_WORDS.split(body)[0].strip(" ")
    m = RE_PAGE_BODY.match(body)
    if not m:
        sc.problems.append((line.no, f"page label {line.text!r} not understood"))
        return
    sc.page_number = m[1].replace(" ", "").upper()
    sc.page_name = m[2] or None


def publication_date(text: str, capture: dt.date) -> dt.date | None:
    """``12-30`` captured 2026-01-02 is 2025-12-30: the latest such date on or before capture."""
    m = RE_MONTH_DAY.match(text)
    if not m:
        return None
    month, day = int(m[2]), int(m[3])
    if m[1]:
        try:
            return dt.date(int(m[1]), month, day)
        except ValueError:
            return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    for year in range(capture.year, capture.year - 8, -1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= capture:
            return d
    return None
