"""The printed edition's smaller rules (issue 10), each checked on a small PDF:
标点挤压, short lines left unspread, headlines' last characters, caption markers,
the band, the masthead on narrow paper and in the paper's colour, contents
leaders, page_breaks, the progress line; and the helpers behind them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

import paper2book  # noqa: E402
from paper2book import reporting  # noqa: E402
from paper2book.backends.pdf import punctuation, template  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.errors import ConfigError  # noqa: E402
from paper2book.model import Article, Book, Issue, Page, Paragraph  # noqa: E402

from helpers import pdf as H  # noqa: E402

pytestmark = pytest.mark.external("poppler")

EM = 10.0        # body text, pt


def render(book: Book, path: Path, progress=None, **options) -> Path:
    with reporting.watched_by(progress):
        return paper2book.write(book, "pdf", path, RenderOptions(**options))


def one_page(*articles: Article, newspaper: str = "九江日报") -> Book:
    return Book("t", [Issue(newspaper, H.dt.date(2025, 12, 3), [Page("01", "要闻", list(articles))])])


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def line_of(pdf: Path, text: str) -> H.Line:
    lines, _ = H.bbox_lines(pdf)
    found = [ln for ln in lines if squeeze(ln.text) == text]
    assert len(found) == 1, (text, found)
    return found[0]


# ---- 标点挤压 -------------------------------------------------------------------------

def test_the_closing_mark_of_each_pair_is_squeezed():
    assert punctuation.squeezed("他说：“好。”") == [2, 5]
    assert punctuation.squeezed("）。") == [0]
    assert punctuation.squeezed("。”）") == [0, 1]
    assert punctuation.squeezed("“‘十四五’") == []     # opening marks keep their width
    assert punctuation.squeezed("一“”二，三") == []


def test_pairs_take_one_and_a_half_ems_in_the_pdf(tmp_path):
    texts = ["甲乙丙丁", "甲。”乙", "甲：“乙", "甲）。乙"]
    heads = [f"标题{t}" for t in texts]
    book = one_page(Article("标点", blocks=[Paragraph(t) for t in texts]),
                    *[Article(h, blocks=[Paragraph("这份信心，源于党建工作指导员的精准帮扶。")])
                      for h in heads[1:]])
    pdf = render(book, tmp_path / "p.pdf")
    widths = {t: (ln := line_of(pdf, t)).x_max - ln.x_min for t in texts}
    assert widths["甲乙丙丁"] == pytest.approx(4 * EM, abs=0.2)
    for t in texts[1:]:
        assert widths[t] == pytest.approx(3.5 * EM, abs=0.2), (t, widths[t])
    # centred headlines too: 22pt, one and a half ems for the pair, still centred
    for head in heads[1:]:
        line = line_of(pdf, head)
        assert line.x_max - line.x_min == pytest.approx(5.5 * 22, abs=0.5), head


# ---- justification -----------------------------------------------------------------------

def test_a_short_line_is_never_letter_spaced(tmp_path):
    """A line the breaker had to end early (an unbreakable run follows) stays ragged."""
    para = "蕴含的思想" + "1234567890" * 4 + "。这份信心，源于党建工作指导员的精准帮扶。"
    pdf = render(one_page(Article("短行", blocks=[Paragraph(para)])), tmp_path / "s.pdf")
    short = line_of(pdf, "蕴含的思想")
    assert short.x_max - short.x_min == pytest.approx(5 * EM, abs=0.5)


# ---- headlines, captions, band, masthead ---------------------------------------------------

def test_a_headline_never_ends_on_one_character(tmp_path):
    # 22pt heads across 180mm: 23 characters a line, so 24 would leave one alone.
    title = "城乡共融党旗领航绿色转型向新而行实干争先提速增效"
    assert len(title) == 24
    lead = Article("头条", blocks=[Paragraph("这份信心，源于党建工作指导员的精准帮扶。" * 4)])
    second = Article(title, blocks=[Paragraph("这份信心，源于党建工作指导员的精准帮扶。" * 20)])
    pdf = render(one_page(lead, second), tmp_path / "h.pdf")
    lines = [squeeze(line) for line in H.pdftotext(pdf).splitlines()]
    start = next(k for k, line in enumerate(lines) if title.startswith(line) and len(line) > 10)
    assert lines[start] + lines[start + 1] == title
    assert len(lines[start + 1]) >= 2
    reader = pypdf.PdfReader(pdf)
    assert reader.outline[1][1][1].title == title


def test_caption_markers_only_where_the_caption_has_none(tmp_path):
    assert template.caption_marker("市民在八里湖畔休闲健身。") == "▲"
    for own in ("▲市民在八里湖畔。", "▲ 市民在八里湖畔。", "图为市民在八里湖畔。"):
        assert template.caption_marker(own) == ""
    captions = ["▲ 学生在八里湖畔开展志愿服务。", "图为游客在浔阳楼前参观游览。", "工人在生产车间加紧生产。"]
    art = Article("图片", captions=captions, blocks=[Paragraph("这份信心，源于党建工作指导员的精准帮扶。")])
    text = squeeze(H.pdftotext(render(one_page(art), tmp_path / "c.pdf")))
    assert text.count("▲") == 2
    assert "▲学生在八里湖畔" in text and "▲工人在生产车间" in text and "▲图为" not in text


def test_the_band_leaves_paper_and_date_to_the_running_head(tmp_path):
    pdf = render(H.make_issue(2, 2, seed=3), tmp_path / "b.pdf")
    for page in H.pdftotext(pdf).split("\f")[1:-1]:
        assert page.count("九江日报") == 1 and page.count("2025年12月3日") == 1


def _rgb(hex_colour: str) -> bytes:
    parts = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    return " ".join(f"{p:.6f}".rstrip("0").rstrip(".") or "0" for p in parts).encode() + b" rg"


def test_a_long_display_name_fits_a5_in_the_papers_colour(tmp_path):
    name = "九江日报·周末版"
    book = H.seed_book()
    plain = render(book, tmp_path / "plain.pdf", paper="A5", columns=1)
    pdf = render(book, tmp_path / "a5.pdf", paper="A5", columns=1,
                 newspapers={"九江日报": {"display_name": name, "masthead_color": "#1b4fb3"}})
    assert line_of(pdf, name).page == 1                # one line, not wrapped
    ops = [pypdf.PdfReader(p).pages[0].get_contents().get_data() for p in (plain, pdf)]
    red, blue = _rgb("#b3141b"), _rgb("#1b4fb3")
    # The masthead's name and the rule under it both change colour.
    assert ops[1].count(blue) == 2 and ops[1].count(red) == ops[0].count(red) - 2


def test_contents_leaders_stop_short_of_the_page_number(tmp_path):
    pdf = render(H.make_issue(6, 3, seed=4), tmp_path / "t.pdf")
    front = H.pdftotext(pdf).split("\f")[0]
    assert re.findall(r"…\s+\d+", front) and not re.search(r"…\d", front)


# ---- page breaks --------------------------------------------------------------------------

def _banmian_tops(pdf: Path) -> list[float]:
    reader = pypdf.PdfReader(pdf)
    height = float(reader.pages[0].mediabox.height)
    return [1 - float(o.top) / height for o in reader.outline[1] if not isinstance(o, list)]


def test_banmian_fill_pages_or_start_their_own(tmp_path):
    book = H.make_issue(4, 2, seed=8, paragraphs=(3, 6))
    filled = _banmian_tops(render(book, tmp_path / "fill.pdf"))
    assert any(top > 0.2 for top in filled[1:])
    own = _banmian_tops(render(book, tmp_path / "own.pdf", page_breaks="banmian"))
    assert all(top < 0.12 for top in own[1:]), own


def test_page_breaks_is_checked(tmp_path):
    with pytest.raises(ConfigError, match="page_breaks|fill, banmian"):
        render(H.seed_book(), tmp_path / "x.pdf", page_breaks="every")
    assert not list(tmp_path.iterdir())


# ---- progress -----------------------------------------------------------------------------

class _Progress:
    def __init__(self):
        self.stages: list[str] = []

    def update(self, done: int, total: int, what: str) -> None:
        raise AssertionError("a render reports stages, not counts")

    def stage(self, what: str) -> None:
        self.stages.append(what)


def test_progress_counts_pages_laid_out_from_weasyprints_progress_logger(tmp_path, monkeypatch):
    import logging

    from paper2book.backends.pdf.weasy import layout_progress

    monkeypatch.setattr(layout_progress, "EVERY", 0.0)      # every page, not every 0.1 s
    logger = logging.getLogger(layout_progress.LOGGER)
    before = (logger.level, logger.propagate, list(logger.handlers))
    book = H.make_issue(4, 2, seed=8, paragraphs=(3, 6))
    progress = _Progress()
    pdf = render(book, tmp_path / "p.pdf", progress=progress)
    pages = len(pypdf.PdfReader(pdf).pages)
    counted = [int(m.group(1)) for s in progress.stages
               if (m := re.fullmatch(r"PDF: laying out pages… (\d+)", s))]
    assert counted == sorted(counted) and counted[-1] == pages and len(counted) >= pages
    assert progress.stages[-1] == f"PDF: writing {pages} pages…"
    assert (logger.level, logger.propagate, list(logger.handlers)) == before
