"""Headlines and titles break where a reader would (paper2book/phrases.py), checked on the
PDF of a generated month and of the seed with a segmenter other than the one that placed
the breaks (snownlp, not jieba's dictionary); the volume's front matter (title page, 总目录
on its verso, recto_starts) and the contents' columns, checked on poppler's text boxes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest

from paper2book import phrases

from helpers import pdf as H

UNITS = "年月日版期号届次"


# ---- the segmentation itself ---------------------------------------------------------------

def test_a_headline_breaks_at_its_own_spaces_first():
    assert phrases.units("年末物流运行平稳有序 重点物资运输保障有力", 12) == (
        "年末物流运行平稳有序", " ", "重点物资运输保障有力")


def test_a_long_part_breaks_between_words_and_keeps_numbers_with_their_units():
    assert phrases.units("年末物流运行平稳有序 重点物资运输保障有力", 8) == (
        "年末", "物流", "运行", "平稳", "有序", " ", "重点", "物资", "运输", "保障", "有力")
    assert phrases.units("九江日报 2025年12月1日—12月30日") == (
        "九江日报", " ", "2025年", "12月", "1日—", "12月", "30日")
    assert phrases.units("第03版全市经济运行稳中有进", 4)[0] == "第03版"
    assert "5.4%" in phrases.units("我市生产总值同比增长5.4%", 4)


def test_no_piece_is_one_character_alone():
    # A lone character joins a neighbour: a particle the word before it, another the word after.
    assert phrases.units("习近平在中央经济工作会议上发表重要讲话", 4) == (
        "习近平", "在中央", "经济", "工作", "会议上", "发表", "重要讲话")
    assert "获得感" in phrases.units("沿江生态环境持续向好群众获得感不断增强（3）", 4)
    # Characters the dictionary does not know as words stay together (a place name).
    assert phrases.units("濂溪区非遗工坊交出亮眼答卷", 4)[0] == "濂溪区非遗工坊"
    for text in ("党建聚链 产业焕新 好", "怎样“链得上”？", "乡村振兴看今朝 新"):
        pieces = [p for p in phrases.units(text, 4) if not p.isspace()]
        assert len(pieces[0].strip()) > 1 and len(pieces[-1].strip()) > 1, pieces


def test_breakable_escapes_and_marks_only_what_must_stay_together():
    html = str(phrases.breakable("<b>重点物资运输保障有力</b>", 4))
    assert "<b>" not in html and "</b>" not in html
    assert re.sub(r"<[^>]+>", "", html) == "&lt;b&gt;重点物资运输保障有力&lt;/b&gt;"
    assert '<span class="w">物资</span>' in html
    assert phrases.breakable("") == ""


def test_the_filter_is_in_every_templates_environment():
    from paper2book.theme import load_theme

    env = load_theme().environment()
    out = env.from_string("{{ t | phrases(4) }}").render(t="重点物资运输保障有力")
    assert out.count('class="w"') == 5          # 重点 物资 运输 保障 有力


# ---- on the PDF --------------------------------------------------------------------------

pytest.importorskip("weasyprint")
snownlp_seg = pytest.importorskip("snownlp.seg")

import paper2book  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402

ROOT = H.ROOT


def _make_dumps():
    spec = importlib.util.spec_from_file_location("make_dumps", ROOT / "benchmarks" / "make_dumps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bad_breaks(title: str, lines: list[str]) -> list[str]:
    """Why the ``lines`` (as poppler reads them, spaces dropped) that set ``title`` break
    badly: inside a word (snownlp's), between a number and its unit, or before one lone
    character."""
    flat = title.replace(" ", "")
    spaces, k = set(), 0        # breaks at the title's own spaces are always right
    for ch in title:
        if ch == " ":
            spaces.add(k)
        else:
            k += 1
    inside, k = set(), 0
    for part in title.split(" "):
        for word in snownlp_seg.seg(part):
            inside.update(range(k + 1, k + len(word)))
            k += len(word)
    why, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        shown = f"{flat[:at]}|{flat[at:]}"
        if at in spaces:
            continue
        if at in inside:
            why.append(f"inside a word: {shown}")
        if flat[at - 1].isdigit() and flat[at] in UNITS:
            why.append(f"between a number and its unit: {shown}")
    if len(lines) > 1 and (len(lines[-1]) == 1 or len(lines[0]) == 1):
        why.append(f"one character alone: {' / '.join(lines)}")
    return why


def set_lines(text: str, lines: list[H.Line]) -> list[list[str]]:
    """Every run of consecutive lines that together read ``text`` (spaces dropped), as a
    headline or as a contents entry (its leader and page number dropped)."""
    flat = text.replace(" ", "")
    texts = [re.sub(r"…+\d*$", "", line.text) for line in lines]
    runs = []
    for i, line in enumerate(lines):
        if not texts[i] or not flat.startswith(texts[i]):
            continue
        got, j = [texts[i]], i + 1
        while "".join(got) != flat and j < len(lines) and lines[j].page == line.page \
                and texts[j] and flat.startswith("".join(got) + texts[j]):
            got.append(texts[j])
            j += 1
        if "".join(got) == flat:
            runs.append(got)
    return runs


@dataclasses.dataclass
class Printed:
    book: paper2book.Book
    pdf: Path
    lines: list[H.Line]


@pytest.fixture(scope="module")
def month(tmp_path_factory) -> Printed:
    """Seven generated issues of one month (a 合订本) and the seed's issue."""
    root = tmp_path_factory.mktemp("breaks")
    paths = _make_dumps().make_archive(root, months=[(2025, 12)], issues_per_month=7)
    book = paper2book.read(paths)
    pdf = paper2book.write(book, "pdf", root / "month.pdf")
    return Printed(book, pdf, H.bbox_lines(pdf)[0])


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Printed:
    root = tmp_path_factory.mktemp("seed")
    book = paper2book.read([ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"])
    pdf = paper2book.write(book, "pdf", root / "seed.pdf")
    return Printed(book, pdf, H.bbox_lines(pdf)[0])


def _headline_breaks(printed: Printed) -> tuple[int, list[str]]:
    broken, why = 0, []
    for title in dict.fromkeys(a.title for a in printed.book.articles):
        for run in set_lines(title, printed.lines):
            if len(run) > 1:
                broken += 1
                why += bad_breaks(title, run)
    return broken, why


@pytest.mark.slow
@pytest.mark.external("poppler")
@pytest.mark.parametrize("which", ["month", "seed"])
def test_no_headline_is_broken_inside_a_word(which, request):
    printed = request.getfixturevalue(which)
    titles = list(dict.fromkeys(a.title for a in printed.book.articles))
    found = [t for t in titles if set_lines(t, printed.lines)]
    assert len(found) >= len(titles) * 0.9, "poppler reads nearly every headline back whole"
    broken, why = _headline_breaks(printed)
    assert not why


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_the_title_page_looks_like_the_paper_and_says_合订本(month):
    first = [ln for ln in month.lines if ln.page == 1]
    texts = [ln.text for ln in first]
    assert texts[:2] == ["九江日报", "2025年12月合订本"]
    assert "共7期" in "".join(texts)
    masthead, heading = first[0], first[1]
    assert masthead.y_max - masthead.y_min > 1.5 * (heading.y_max - heading.y_min)
    assert [ln.text for ln in month.lines if ln.page == 2][0] == "总目录"      # on its verso
    assert any(ln.page == 3 and "本期目录" in ln.text for ln in month.lines)  # issue 1 on p. 3


LONG = (
    "年末物流运行平稳有序 重点物资运输保障有力",
    "全国人大常委会第十八次会议在京闭幕 习近平签署主席令",
    "中共九江市委十五届十次全体会议召开 审议通过2025年工作报告",
    "我市2025年1月至11月规模以上工业增加值同比增长5.4%",
    "习近平在中央经济工作会议上发表重要讲话 部署2026年经济工作",
    "长江岸线修复跑出加速度 沿江生态环境持续向好群众获得感不断增强（3）",
)


def _two_issues() -> paper2book.Book:
    """Two issues whose headlines are long enough to take two lines, one ending in （3）."""
    titles = iter(LONG * 2)
    issues = []
    for k in (9, 10):           # one digit and two: the 总目录's columns must line up all the same
        issue = H.make_issue(3, 2, seed=k, paragraphs=(2, 4), date=dt.date(2025, 12, k)).issues[0]
        pages = tuple(dataclasses.replace(p, articles=tuple(
            dataclasses.replace(a, title=next(titles)) for a in p.articles)) for p in issue.pages)
        issues.append(dataclasses.replace(issue, pages=pages))
    return paper2book.Book(title="九江日报 2025年12月9日—12月10日", issues=tuple(issues))


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> dict[bool, tuple[Printed, dict]]:
    """The two issues as a volume, with recto_starts on and off."""
    root = tmp_path_factory.mktemp("two")
    book = _two_issues()
    out = {}
    for recto in (True, False):
        path = root / f"recto-{recto}.pdf"
        facts = paper2book.api.write_with_facts(book, "pdf", path, RenderOptions(recto_starts=recto)).facts
        out[recto] = (Printed(book, path, H.bbox_lines(path)[0]), facts)
    return out


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_long_headlines_break_between_words(two):
    printed = two[True][0]
    broken, why = _headline_breaks(printed)
    assert broken >= 6, "the long headlines take two lines or more"
    assert not why
    # One line each in the 本期目录, read back without a space the spans could have added.
    assert all(any(ln.text.startswith(t.replace(" ", "")) for ln in printed.lines) for t in LONG[:2])


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(text, x_min, y_min, x_max) of each word poppler finds on ``page``."""
    from lxml import etree

    root = etree.fromstring(H.pdftotext(pdf, "-bbox-layout", page=page).encode(),
                            etree.XMLParser(recover=True, huge_tree=True))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    return [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")))
            for w in root.iterfind(".//h:word", ns)]


def _page_numbers(words: list[tuple[str, float, float, float]]) -> list[tuple[float, float]]:
    """(y, x_max) of each contents entry's page number: the number after its leader."""
    out = []
    for text, _, y, x_max in words:
        if text.endswith("…"):
            after = [w for w in words if w[0].isdigit() and abs(w[2] - y) < 2 and 0 <= w[1] - x_max < 40]
            out += [(y, w[3]) for w in after]
    return sorted(set(out))


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_the_front_matter_of_two_issues_is_two_pages(two):
    printed, facts = two[True]
    lines = printed.lines
    assert [ln.text for ln in lines if ln.page == 1][:2] == ["九江日报", "2025年12月9日—12月10日"]
    assert [ln.text for ln in lines if ln.page == 2][0] == "总目录"
    assert any(ln.page == 3 and "本期目录" in ln.text for ln in lines)


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_the_总目录_columns_line_up_whatever_the_digits(two):
    words = _words(two[True][0].pdf, 2)
    rows = [w for w in words if w[0].startswith("2025年12月") and w[0].endswith("日")]
    assert len(rows) == 2 and len(rows[0][0]) != len(rows[1][0])
    for column in ("星期", "九江日报", "版"):
        xs = [w[1] if column != "版" else w[3] for w in words if w[0].startswith(column) or
              (column == "版" and w[0].endswith("版") and w[0][0].isdigit())]
        if column == "版":
            xs = [w[3] for w in words if w[0] == "版" or (w[0].endswith("版") and w[0][:-1].isdigit())]
        assert len(xs) >= 2 and max(xs) - min(xs) <= 1, (column, xs)
    numbers = _page_numbers(words)
    assert len(numbers) == 2 and max(x for _, x in numbers) - min(x for _, x in numbers) <= 1


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_本期目录_page_numbers_are_flush_right_in_every_column(two):
    printed = two[True][0]
    words = _words(printed.pdf, 3)
    numbers = _page_numbers(words)
    assert any(w[0].endswith("（3）…") or w[0].endswith("）") for w in words), "an entry ends in （3）"
    columns: dict[bool, list[float]] = {}
    width = 595
    for _, x in numbers:
        columns.setdefault(x > width / 2, []).append(x)
    assert sum(len(xs) for xs in columns.values()) >= 9       # 3 版面 labels and 6 entries
    for xs in columns.values():
        assert max(xs) - min(xs) <= 1, xs


@pytest.mark.slow
@pytest.mark.external("poppler")
def test_recto_starts_off_adds_no_blank_page_and_keeps_each_page_on_its_hand(two):
    on, on_facts = two[True]
    off, off_facts = two[False]
    texts = H.pdftotext(off.pdf).split("\f")[:-1]
    assert off_facts["blank_pages"] == 0 and all(t.strip() for t in texts)
    assert on_facts["blank_pages"] == on_facts["pages"] - off_facts["pages"] >= 0
    # Each issue begins on a right-hand page with recto_starts, on the next page without.
    starts = [n for n, t in enumerate(H.pdftotext(on.pdf).split("\f")[:-1], 1) if "本期目录" in t]
    assert all(n % 2 == 1 for n in starts)
    # Folios stand outside: on the left of a left-hand (even) page, on the right of a right-hand one.
    for page in range(3, off_facts["pages"] + 1):
        folio = [w for w in _words(off.pdf, page) if w[0] == str(page) and w[2] < 60]
        if folio:
            assert (folio[0][1] < 300) == (page % 2 == 0), page
