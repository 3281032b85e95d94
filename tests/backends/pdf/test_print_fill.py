"""The print edition fills the foot of its pages and heads each page with the right 版
(issue 20), checked on the PDF itself: poppler's text boxes (``pdftotext -bbox-layout``)
and the outline.

Two renders for the module, with the default ``page_breaks: fill``: ten generated
issues of the benchmarks' month (``benchmarks/make_dumps.py``, about 190 A4 pages,
a third of the month: the month's 30 issues take three times as long and gave the same
share of holes, 2 % of 576 pages, see the benchmark notes in bench_pdf.py), and one
dump holding two days of a 人民日报-like daily (``make_dumps --daily``: 15-30 long
articles an issue, about 65 pages).

A hole: a page whose last line ends more than 15 % of the page area above its foot
margin.  Counted on every page of an issue (its 头版 too) but its last one; blank
versos and a volume's front matter hold no issue page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

import paper2book  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402

from helpers import pdf as H  # noqa: E402
from helpers.archive import make_dumps  # noqa: E402

pytestmark = [pytest.mark.external("poppler"), pytest.mark.slow]

MM = 72 / 25.4
# The newspaper theme's page area (styles/newspaper/pdf.css): inner pages have a 20 mm top
# margin, then the rule under the running head and 4 mm; a 头版 12 mm; feet 15 and 14 mm.
TOP, FOOT = (20 + 4) * MM, 15 * MM
FRONT_TOP, FRONT_FOOT = 12 * MM, 14 * MM
HOLE = 0.15             # of the page area
MOST_HOLES = 0.03       # of the pages counted
LABEL = re.compile(r"第[^第版]{1,8}版")



@dataclass
class Mark:
    level: int          # 1 issue (or the 总目录), 2 版面, 3 article
    title: str
    page: int           # from 1
    y: float            # from the page's top, pt


@dataclass
class Printed:
    pdf: Path
    marks: list[Mark]
    lines: dict[int, list[H.Line]]          # page -> its text lines
    sizes: list[tuple[float, float]]

    @property
    def fronts(self) -> list[int]:
        return [m.page for m in self.marks if m.level == 1 and m.title != "总目录"]

    def issue_pages(self) -> list[int]:
        """Pages with text from the first 头版 on, an issue's last page left out."""
        ends = {max(n for n in self.lines if n < f) for f in self.fronts[1:]} | {max(self.lines)}
        return [n for n in sorted(self.lines) if n >= self.fronts[0] and n not in ends]

    def gap(self, n: int) -> float:
        """How far above its foot margin page ``n``'s last line ends, in page areas."""
        height = self.sizes[n - 1][1]
        top, foot = (FRONT_TOP, FRONT_FOOT) if n in self.fronts else (TOP, FOOT)
        bottom = max(ln.y_max for ln in self.lines[n] if ln.y_min > top - 2)
        return (height - foot - bottom) / (height - foot - top)

    def head(self, n: int) -> str:
        """The 版 the running head of page ``n`` names."""
        found = [m.group(0) for ln in self.lines[n] if ln.y_max < TOP - 4 * MM
                 for m in [LABEL.search(_squeeze(ln.text))] if m]
        assert len(found) == 1, (n, found)
        return found[0]

    def first_line_banmian(self, n: int) -> str:
        """The 版 the first line under page ``n``'s running head belongs to: the last
        版面 bookmark before that line (a band opening the page points at its top)."""
        first = min(ln.y_min for ln in self.lines[n] if ln.y_min > TOP - 2)
        before = [m for m in self.marks if m.level == 2
                  and (m.page < n or (m.page == n and m.y <= first + 2))]
        return LABEL.search(before[-1].title).group(0)

    def banmian_begun_below_the_top(self, n: int) -> bool:
        first = min(ln.y_min for ln in self.lines[n] if ln.y_min > TOP - 2)
        return any(m.level == 2 and m.page == n and m.y > first + 2 for m in self.marks)


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _marks(pdf: Path) -> list[Mark]:
    return [Mark(level, title, page, y) for level, title, page, y, _ in H.outline(pdf)]


def _printed(pdf: Path) -> Printed:
    lines, sizes = H.bbox_lines(pdf)
    by_page: dict[int, list[H.Line]] = {}
    for ln in lines:
        if _squeeze(ln.text):
            by_page.setdefault(ln.page, []).append(ln)
    return Printed(pdf, _marks(pdf), by_page, sizes)


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Printed:
    root = tmp_path_factory.mktemp("fill-month")
    paths = make_dumps().make_archive(root, months=[(2025, 12)], issues_per_month=10)
    book = paper2book.read(paths)
    return _printed(paper2book.write(book, "pdf", root / "month.pdf", RenderOptions()))


@pytest.fixture(scope="module")
def daily(tmp_path_factory) -> Printed:
    root = tmp_path_factory.mktemp("fill-daily")
    make_issue = make_dumps().make_issue
    dump = root / "renmin-2025-12-03.txt"
    dump.write_text("".join(make_issue("人民日报", dt.date(2025, 12, d), daily=True)[0]
                            for d in (3, 4)), encoding="utf-8")
    book = paper2book.read([dump])
    assert [i.newspaper for i in book.issues] == ["人民日报", "人民日报"]
    return _printed(paper2book.write(book, "pdf", root / "daily.pdf", RenderOptions()))


@pytest.fixture(params=["month", "daily"])
def printed(request) -> Printed:
    return request.getfixturevalue(request.param)


# ---- the foot of the page -------------------------------------------------------------

def test_pages_end_at_their_foot(printed):
    pages = printed.issue_pages()
    holes = {n: round(100 * printed.gap(n)) for n in pages if printed.gap(n) > HOLE}
    assert len(pages) > 50
    assert len(holes) <= MOST_HOLES * len(pages), holes


def test_every_front_page_is_filled(printed):
    """A 头版 counts like any page: the lead story and what follows fill it."""
    for n in printed.fronts:
        assert printed.gap(n) <= HOLE, (n, printed.gap(n))


def test_the_measure_sees_a_hole(printed):
    """The last page of an issue usually ends high: the measure finds those."""
    lasts = [max(n for n in printed.lines if n < f) for f in printed.fronts[1:]]
    lasts.append(max(printed.lines))
    assert any(printed.gap(n) > HOLE for n in lasts)


# ---- running heads ------------------------------------------------------------------------

def test_running_heads_name_the_banmian_of_the_first_line(printed):
    inner = [n for n in printed.lines if n > printed.fronts[0] and n not in printed.fronts]
    wrong = {n: (printed.head(n), printed.first_line_banmian(n)) for n in inner
             if printed.head(n) != printed.first_line_banmian(n)}
    assert wrong == {}
    # Not vacuous: on many pages a later 版 begins below the first line.
    assert sum(printed.banmian_begun_below_the_top(n) for n in inner) >= 5
