"""A month of daily issues as one printed volume (issue 10), checked on the PDF itself:
its outline (where each bookmark points, and how far down the page), poppler's
text and text boxes.  One render for the module: ten generated issues of
6-8 版面 with 2-4 articles each, about 300 pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

import paper2book  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.model import Book  # noqa: E402

from helpers import pdf as H  # noqa: E402
from helpers.archive import make_dumps  # noqa: E402

pytestmark = [pytest.mark.external("poppler"), pytest.mark.slow]

ISSUES = 10
TITLE = "九江日报2025年12月合订本"
FORBIDDEN_START = set("，。、；：？！）》」』”")



@dataclass
class Mark:
    level: int          # 1 issue (or the 总目录), 2 版面, 3 article
    title: str
    page: int           # from 1
    down: float         # how far down its page the bookmark points, 0 (top) to 1


@dataclass
class Volume:
    book: Book
    pdf: Path
    marks: list[Mark]
    lines: list[H.Line]
    sizes: list[tuple[float, float]]
    pages: list[str]    # pdftotext, page by page

    def issues(self) -> list[Mark]:
        return [m for m in self.marks if m.level == 1 and m.title != "总目录"]

    def lines_on(self, page: int) -> list[H.Line]:
        return [ln for ln in self.lines if ln.page == page]


def _marks(pdf: Path) -> list[Mark]:
    return [Mark(level, title, page, y / height) for level, title, page, y, height in H.outline(pdf)]


@pytest.fixture(scope="module")
def volume(tmp_path_factory) -> Volume:
    root = tmp_path_factory.mktemp("month")
    paths = make_dumps().make_archive(root, months=[(2025, 12)], issues_per_month=ISSUES)
    book = paper2book.read(paths)
    pdf = paper2book.write(book, "pdf", root / "month.pdf", RenderOptions(title=TITLE))
    lines, sizes = H.bbox_lines(pdf)
    return Volume(book, pdf, _marks(pdf), lines, sizes, H.pdftotext(pdf).split("\f")[:-1])


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _inner_pages(v: Volume) -> list[int]:
    """Pages of the issues that are neither a 头版 nor blank."""
    fronts = {m.page for m in v.issues()}
    first = min(fronts)
    return [n for n in range(first, len(v.pages) + 1) if n not in fronts and v.pages[n - 1].strip()]


# ---- the volume's front matter ---------------------------------------------------------

def test_page_one_shows_the_title_and_the_date_range(volume):
    first = _squeeze(volume.pages[0])
    assert TITLE in first
    assert "2025年12月1日—12月10日" in first
    assert f"共{ISSUES}期" in first


def test_the_outline_opens_on_the_contents_of_the_volume(volume):
    first = volume.marks[0]
    assert (first.level, first.title) == (1, "总目录")
    assert "总目录" in volume.pages[first.page - 1]
    assert [m.title for m in volume.issues()] == \
        [f"{i.newspaper} {i.date_label}" for i in volume.book.issues]


def test_the_contents_lists_every_issue_with_its_first_page(volume):
    contents = volume.marks[0].page
    # -layout keeps each row on its line: in reading order poppler may take a row's
    # page number (a font of its own, at the right edge) out of the row.
    text = "\n".join(H.pdftotext(volume.pdf, "-layout", page=p)
                     for p in range(contents, volume.issues()[0].page))
    for issue, mark in zip(volume.book.issues, volume.issues(), strict=True):
        n = len(issue.pages)
        m = re.search(rf"{issue.date_label}[ ]*{issue.weekday}[ ]*{issue.newspaper}[ ]*{n}[ ]*版"
                      r"[ …]*(\d+)$", text, re.M)
        assert m, issue.date_label
        assert int(m.group(1)) == mark.page, (issue.date_label, m.group(1), mark.page)


def test_every_issue_starts_on_a_right_hand_page(volume):
    assert [m.page % 2 for m in volume.issues()] == [1] * ISSUES


def test_blank_versos_have_no_running_head(volume):
    blanks = [n for n, text in enumerate(volume.pages, 1) if not text.strip()]
    assert blanks, "ten issues of uneven length leave some versos blank"
    for n in blanks:
        assert n % 2 == 0 and not volume.lines_on(n)


# ---- each issue's 头版 -------------------------------------------------------------------

def test_every_front_page_holds_its_lead_story(volume):
    for issue, mark in zip(volume.book.issues, volume.issues(), strict=True):
        k = volume.marks.index(mark)
        banmian, lead = volume.marks[k + 1], volume.marks[k + 2]
        assert (banmian.level, lead.level) == (2, 3)
        assert lead.title == issue.pages[0].articles[0].title
        assert lead.page == mark.page, (issue.date_label, lead.page, mark.page)
        front = _squeeze(volume.pages[mark.page - 1])
        assert "本期目录" in front and issue.weekday in front
        # the lead's body starts on its 头版
        first_para = _squeeze(issue.pages[0].articles[0].paragraphs[0].text)
        assert first_para[:12] in front


def test_running_heads_on_every_page_but_front_pages_and_blanks(volume):
    fronts = {m.page for m in volume.issues()}
    starts = [(m.page, i) for i, m in zip(volume.book.issues, volume.issues(), strict=True)]
    for n in _inner_pages(volume):
        issue = [i for page, i in starts if page <= n][-1]
        lines = [_squeeze(ln.text) for ln in volume.lines_on(n) if ln.y_min < 60]
        assert _squeeze(f"{issue.newspaper} {issue.date_label} {issue.weekday}") in lines, n
        assert str(n) in lines, n
    for n in fronts:
        head = [_squeeze(ln.text) for ln in volume.lines_on(n) if ln.y_min < 60]
        assert str(n) not in head, n


# ---- keeps and fill ------------------------------------------------------------------------

def test_no_headline_in_the_bottom_eighth_of_a_page(volume):
    # Heads start in the upper 88 % of the page area (weasy/keep.py): 85 % of an A4
    # page's height with its margins; the bookmark is on the headline, under any kicker.
    stranded = [m for m in volume.marks if m.level == 3 and m.down > 0.87]
    assert stranded == []


def test_every_head_has_three_lines_of_its_body_under_it(volume):
    articles = iter(volume.book.articles)
    for mark in (m for m in volume.marks if m.level == 3):
        article = next(articles)
        assert article.title == mark.title
        body = _squeeze("".join(p.text for p in article.paragraphs))
        height = volume.sizes[mark.page - 1][1]
        below = [ln for ln in volume.lines_on(mark.page)
                 if ln.y_min > mark.down * height and len(_squeeze(ln.text)) >= 8
                 and _squeeze(ln.text) in body]
        assert len(below) >= 3, (mark.page, mark.title)


def test_section_headings_keep_two_lines_of_their_text(volume):
    headings = {(h.text, h.subtitle) for a in volume.book.articles for h in a.headings}
    subtitles = {_squeeze(sub) for _, sub in headings if sub}
    checked = 0
    for ln in volume.lines:
        if _squeeze(ln.text) not in subtitles:
            continue
        under = [o for o in volume.lines_on(ln.page)       # in its column, below it
                 if o.y_min > ln.y_max and o.x_max > ln.x_min and o.x_min < ln.x_max]
        assert len(under) >= 2, (ln.page, ln.text)
        checked += 1
    assert checked > 20


def test_caption_boxes_are_never_split(volume):
    flat = [_squeeze(text) for text in volume.pages]
    for article in volume.book.articles:
        for caption in article.captions:
            assert any(_squeeze(caption) in page for page in flat), caption


def test_pages_are_filled(volume):
    inner = _inner_pages(volume)
    extent = {}
    for n in inner:
        body = [ln for ln in volume.lines_on(n) if ln.y_min > 60]   # below the running head
        extent[n] = max(ln.y_max for ln in body) - min(ln.y_min for ln in body) if body else 0
    full = max(extent.values())
    sparse = [n for n in inner if extent[n] < 0.35 * full]
    assert len(sparse) <= 0.05 * len(inner), sparse


# ---- text ---------------------------------------------------------------------------------

def test_caption_markers_are_never_doubled(volume):
    text = H.pdftotext(volume.pdf)
    assert "▲ ▲" not in text and "▲▲" not in _squeeze(text)
    assert "▲图为" not in _squeeze(text)


def test_no_line_starts_with_closing_punctuation(volume):
    for ln in volume.lines:
        text = _squeeze(ln.text)
        assert not text or text[0] not in FORBIDDEN_START, (ln.page, text)


def test_sentences_contiguous_in_pdftotext(volume):
    heads = {_squeeze(p.label) for i in volume.book.issues for p in i.pages}
    heads |= {_squeeze(f"{i.newspaper} {i.date_label} {i.weekday}") for i in volume.book.issues}
    flat = "".join(line.strip() for page in volume.pages for line in page.splitlines()
                   if _squeeze(line) not in heads and not line.strip().isdigit())
    for article in volume.book.articles[::7]:
        for para in article.paragraphs:
            for sentence in re.findall(r"[^。！？]+[。！？]", para.text):
                assert sentence in flat, sentence
