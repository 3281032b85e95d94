"""The pdf backend, checked the way a reader meets the PDF: poppler's text,
fonts and geometry, pypdf's outline and metadata."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

import paper2book  # noqa: E402
from paper2book import fonts  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.errors import BackendError, ConfigError  # noqa: E402
from paper2book.model import Article, Book, Issue, Page, Paragraph  # noqa: E402

from helpers import pdf as H  # noqa: E402
from helpers.cli import run_cli  # noqa: E402

pytestmark = pytest.mark.external("poppler")

FORBIDDEN_START = set("，。、；：？！）》」』”")
FORBIDDEN_END = set("（《「『“")


def render(book: Book, path: Path, **options) -> Path:
    return paper2book.write(book, "pdf", path, RenderOptions(**options))


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    book = H.seed_book()
    return book, render(book, tmp_path_factory.mktemp("seed") / "seed.pdf")


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory):
    book = H.make_issue(5, 2, seed=3)          # 10 articles on 5 版面
    return book, render(book, tmp_path_factory.mktemp("issue") / "issue.pdf")


@pytest.fixture(scope="module")
def a5_pdf(tmp_path_factory):
    book = H.make_issue(2, 2, seed=5)
    return book, render(book, tmp_path_factory.mktemp("a5") / "a5.pdf", paper="A5", columns=1)


def pages_text(pdf: Path) -> list[str]:
    return H.pdftotext(pdf).split("\f")[:-1]


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def running_heads(book: Book) -> set[str]:
    heads = set()
    for issue in book.issues:
        heads.add(squeeze(f"{issue.newspaper} {issue.date_label} {issue.weekday}"))
        heads |= {issue.newspaper, squeeze(f"{issue.date_label} {issue.weekday}")}
        heads |= {squeeze(p.label) for p in issue.pages}
    return heads


def body_text(pdf: Path, book: Book) -> str:
    """pdftotext's reading, running heads dropped, lines joined as a reader copies them."""
    heads = running_heads(book)
    keep = []
    for page in pages_text(pdf):
        for line in page.splitlines():
            if squeeze(line) in heads or re.fullmatch(r"\d+", line.strip()):
                continue
            keep.append(line)
    return "".join(keep)


def paragraphs(book: Book) -> list[str]:
    return [b.text for a in book.articles for b in a.paragraphs]


def _after(prev: H.Line, ln: H.Line) -> tuple:
    """How far ``ln`` is from following ``prev``: same column, next column, next page."""
    if ln.page < prev.page:
        return (9, 0)
    if ln.page > prev.page:
        return (3, ln.page - prev.page, ln.x_min, ln.y_min)
    if abs(ln.x_min - prev.x_min) < 25 and ln.y_min > prev.y_min:
        return (0, ln.y_min - prev.y_min)
    if ln.x_min > prev.x_min + 25:
        return (1, ln.x_min, ln.y_min)
    return (2, ln.y_min)          # a column further down the page (next article block)


def lines_of_paragraphs(pdf: Path, texts: list[str]):
    """Match poppler's text lines to paragraphs by content and geometry; yields (text, [Line]).

    Does not rely on poppler's reading order across columns.
    """
    lines, _ = H.bbox_lines(pdf)
    for ln in lines:
        ln.text = squeeze(ln.text)
    used: set[int] = set()
    previous = None
    for text in map(squeeze, texts):
        def fits(i, rest, first=False):
            t = lines[i].text
            return (i not in used and t and rest.startswith(t)
                    and (len(t) >= min(6, len(rest)) if first else True))
        starts = [i for i in range(len(lines)) if fits(i, text, first=True)]
        if previous is not None:
            starts.sort(key=lambda i: (lines[i].page < previous.page, lines[i].page,
                                       lines[i].y_min if lines[i].page == previous.page else 0))
        got, rest = [], text
        for start in starts:
            got, rest, cur = [start], text[len(lines[start].text):], lines[start]
            while rest:
                cands = [i for i in range(len(lines)) if fits(i, rest)]
                if not cands:
                    break
                best = min(cands, key=lambda i: _after(cur, lines[i]))
                got.append(best)
                rest = rest[len(lines[best].text):]
                cur = lines[best]
            if not rest:
                break
        assert not rest, f"paragraph not found line by line: {text[:30]}… (left: {rest[:20]})"
        used.update(got)
        previous = lines[got[-1]]
        yield text, [lines[i] for i in got]


# ---- rendering and text ---------------------------------------------------

def test_fonts_embedded_and_never_type3(seed_pdf, issue_pdf):
    for _, pdf in (seed_pdf, issue_pdf):
        rows = H.pdffonts(pdf)
        assert rows, "no fonts listed"
        for row in rows:
            assert row["emb"] == "yes", row
            assert "Type 3" not in row["type"], row
        names = " ".join(r["name"] for r in rows)
        assert "Noto-Serif-CJK-SC" in names and "Noto-Sans-CJK-SC" in names


def test_headlines_captions_bylines_in_text(seed_pdf, issue_pdf):
    for book, pdf in (seed_pdf, issue_pdf):
        text = H.pdftotext(pdf)
        flat = text.replace("\n", "")
        for a in book.articles:
            assert a.title in text
            if a.kicker:
                assert a.kicker in text
            if a.subtitle:
                assert f"——{a.subtitle}" in text        # print sets the subtitle's dash
            if a.byline:
                assert a.byline in text
            for c in a.captions:
                assert c in flat
            for h in a.headings:
                assert h.text in text and h.subtitle in text


def test_seed_book_reads_like_the_seed(seed_pdf):
    book, pdf = seed_pdf
    text = H.pdftotext(pdf)
    assert "党建聚链 产业焕新" in text and "江西日报记者 杨静 文/图" in text
    assert "▲" in text                                  # captions are marked as such
    assert "本期目录" in pages_text(pdf)[0]
    assert "九江日报" in pages_text(pdf)[0] and "星期三" in pages_text(pdf)[0]
    band = pages_text(pdf)[1]
    assert "第03版" in band and "专版" in band


def test_paragraphs_contiguous_in_pdftotext(seed_pdf, issue_pdf):
    for book, pdf in (seed_pdf, issue_pdf):
        flat = body_text(pdf, book)
        for text in paragraphs(book):
            assert text in flat, f"paragraph not contiguous: {text[:40]}…"


def test_no_spaces_inserted_by_justification(issue_pdf):
    """However wide a spread line, copy and search see its text and no extra spaces."""
    book, pdf = issue_pdf
    for mode in ((), ("-raw",), ("-layout",)):
        text = H.pdftotext(pdf, *mode)
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]", text), mode
        if mode != ("-layout",):      # -layout sets the columns side by side
            flat = "".join(line.strip() for line in text.splitlines())
            for para in paragraphs(book):
                for sentence in re.findall(r"[^。！？]+[。！？]", para):
                    assert sentence in flat, (mode, sentence)


def test_running_heads_on_every_page_but_the_front(issue_pdf, seed_pdf):
    for book, pdf in (issue_pdf, seed_pdf):
        issue = book.issues[0]
        pages = pages_text(pdf)
        labels = {squeeze(p.label) for p in issue.pages}
        for n, page in enumerate(pages, 1):
            lines = [squeeze(line) for line in page.splitlines()]
            if n == 1:
                assert "本期目录" in page
                assert not any(line in labels for line in lines)
                continue
            assert squeeze(f"{issue.newspaper} {issue.date_label} {issue.weekday}") in lines, n
            assert any(line in labels for line in lines), n
            assert str(n) in lines, f"page number {n} missing"


def test_running_head_names_the_banmian_of_the_first_line(issue_pdf):
    """The 版 the page opens in: one whose band tops the page, else the one running on
    (a 版 begun lower down is not named; issue 20)."""
    book, pdf = issue_pdf
    reader = pypdf.PdfReader(pdf)
    height = float(reader.pages[0].mediabox.height)
    top = height - 30 * 72 / 25.4           # a band opening a page: under the 24 mm head
    starts = [(reader.get_destination_page_number(o), float(o.top), o.title)
              for o in reader.outline[1] if not isinstance(o, list)]
    assert any(start > 0 and y < top for start, y, _ in starts)      # some begin lower down
    for n, page in enumerate(pages_text(pdf)[1:], 1):
        expected = [label for start, y, label in starts if start < n or (start == n and y >= top)][-1]
        assert squeeze(expected) in [squeeze(line) for line in page.splitlines()], (n + 1, expected)


def test_page_numbers_outside(issue_pdf):
    """Mirrored: the number stands at the left edge of even pages, the right of odd ones."""
    _, pdf = issue_pdf
    lines, sizes = H.bbox_lines(pdf)
    for n in range(2, len(sizes) + 1):
        width = sizes[n - 1][0]
        num = [ln for ln in lines if ln.page == n and ln.text == str(n) and ln.y_min < 80]
        assert num, n
        x = num[0].x_min
        assert (x < width / 4) if n % 2 == 0 else (x > width * 3 / 4), (n, x)


def test_outline_issue_banmian_article(issue_pdf):
    book, pdf = issue_pdf
    reader = pypdf.PdfReader(pdf)
    outline = reader.outline
    issue = book.issues[0]
    assert outline[0].title == f"{issue.newspaper} {issue.date_label}"
    pages = outline[1]
    assert [o.title for o in pages if not isinstance(o, list)] == [p.label for p in issue.pages]
    articles = [o for o in pages if isinstance(o, list)]
    assert [[a.title for a in group] for group in articles] == \
        [[a.title for a in p.articles] for p in issue.pages]
    # every entry points at the page the title is printed on
    texts = pages_text(pdf)
    for group, page in zip(articles, issue.pages, strict=True):
        for entry, article in zip(group, page.articles, strict=True):
            assert article.title in texts[reader.get_destination_page_number(entry)]


def test_contents_page_numbers(issue_pdf):
    book, pdf = issue_pdf
    texts = pages_text(pdf)
    front = texts[0]
    for article in book.articles:
        m = re.search(re.escape(article.title) + r"\s*…*\s*(\d+)", front)
        assert m, article.title
        assert article.title in texts[int(m.group(1)) - 1]


def test_metadata(seed_pdf):
    book, pdf = seed_pdf
    reader = pypdf.PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == book.title
    assert meta.author == "九江日报"
    assert "九江日报" in meta.subject and "2025年12月3日" in meta.subject
    assert "专版" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_title_option_overrides(tmp_path):
    pdf = render(H.seed_book(), tmp_path / "t.pdf", title="我的剪报")
    assert pypdf.PdfReader(pdf).metadata.title == "我的剪报"


# ---- justification ----------------------------------------------------------

def _check_justified(book: Book, pdf: Path, tolerance: float = 0.5) -> int:
    lines, _ = H.bbox_lines(pdf)
    matched = list(lines_of_paragraphs(pdf, paragraphs(book)))
    body = [ln for _, got in matched for ln in got]
    # A column's right edge: the furthest any body line reaches among lines
    # starting at that column's left edge (first lines are indented 2em).
    def column_key(ln):
        return (ln.page, round(min(o.x_min for o in body if o.page == ln.page
                                   and abs(o.x_min - ln.x_min) < 25) / 5))
    edges: dict = {}
    for ln in body:
        k = column_key(ln)
        edges[k] = max(edges.get(k, 0), ln.x_max)
    checked = 0
    for _text, got in matched:
        for ln in got[:-1]:
            edge = edges[column_key(ln)]
            assert abs(ln.x_max - edge) <= tolerance, \
                f"p{ln.page}: line ends {edge - ln.x_max:.2f}pt short: {ln.text}"
            checked += 1
    for ln in body:
        assert ln.text[0] not in FORBIDDEN_START, f"line starts with {ln.text[0]}: {ln.text}"
        assert ln.text[-1] not in FORBIDDEN_END, f"line ends with {ln.text[-1]}: {ln.text}"
    return checked


def test_justified_lines_end_flush(seed_pdf, issue_pdf, a5_pdf):
    for book, pdf in (seed_pdf, issue_pdf, a5_pdf):
        assert _check_justified(book, pdf) > 50


def test_justified_three_columns(tmp_path):
    book = H.make_issue(2, 2, seed=11)
    pdf = render(book, tmp_path / "c3.pdf", columns=3)
    assert _check_justified(book, pdf) > 50


def test_justification_survives_punctuation_clusters(tmp_path):
    """Quotes, book-title marks, brackets and closing runs at line ends stress the line rules."""
    sentences = [
        "记者从《人民日报》（海外版）获悉：“‘十四五’规划实施以来，成效显著。”",
        "他说：“我们要把‘问题清单’变成‘实效清单’！”",
        "新区以“药管家”“剧管家”品牌为牵引，完善“党员+代办员+窗口人员”三员代办模式。",
        "《赣江新区党建赋能产业发展工作方案》出台，11条工作举措精准发布。",
        "“没想到，开一场党建圆桌会，就落地一个合作项目！”",
        "（本报记者 李明）",
        "“链上党建”不是党建和产业的简单叠加——而是体系优化？",
    ]
    rng = H.random.Random(4)
    paras = []
    for k in range(8):
        order = rng.sample(sentences * 2, 10)
        paras.append(Paragraph(f"第{k + 1}段：" + "".join(order)))
    book = Book("t", [Issue("测试报", H.dt.date(2025, 1, 2),
                            [Page("01", "要闻", [Article("标点测试", blocks=paras)])])])
    for cols in (1, 2, 3):
        pdf = render(book, tmp_path / f"punct{cols}.pdf", columns=cols)
        assert _check_justified(book, pdf) > 20
        flat = body_text(pdf, book)
        for text in paragraphs(book):
            assert text in flat


# ---- layout options ---------------------------------------------------------

def test_a5_one_column_book_like(a5_pdf):
    book, pdf = a5_pdf
    reader = pypdf.PdfReader(pdf)
    box = reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    lines, _ = H.bbox_lines(pdf)
    matched = [ln for _, got in lines_of_paragraphs(pdf, paragraphs(book)) for ln in got]
    # one column: every body line starts at the left margin or one indent in
    starts = {round(ln.x_min) for ln in matched if ln.page == 3}
    assert max(starts) - min(starts) <= 21, starts


def test_book_theme(tmp_path):
    book = H.make_issue(2, 2, seed=2)
    pdf = render(book, tmp_path / "b.pdf", theme="book")
    reader = pypdf.PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    text = H.pdftotext(pdf)
    assert all(a.title in text for a in book.articles)
    # an explicit paper size beats the theme's
    pdf = render(book, tmp_path / "b5.pdf", theme="book", paper="B5")
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    assert round(float(box.width)) == 499
    # even when the size asked for is the newspaper theme's own default
    pdf = render(book, tmp_path / "a4.pdf", theme="book", paper="A4")
    assert round(float(pypdf.PdfReader(pdf).pages[0].mediabox.width)) == 595


def test_body_font_override(tmp_path):
    pdf = render(H.seed_book(), tmp_path / "f.pdf", fonts={"body": "Noto Sans CJK SC"})
    names = {r["name"].split("+")[-1] for r in H.pdffonts(pdf)}
    assert "Noto-Serif-CJK-SC" not in names and "Noto-Sans-CJK-SC" in names


@pytest.mark.parametrize("options", [
    {"paper": "A4; } body { display: none"}, {"paper": "Q9"}, {"columns": 4}, {"columns": 0},
    {"fonts": {"body": 'Evil"; } *{display:none'}}, {"fonts": {"title": "Noto Sans CJK SC"}},
])
def test_bad_options_refused(tmp_path, options):
    with pytest.raises(ConfigError):
        render(H.seed_book(), tmp_path / "x.pdf", **options)
    assert not list(tmp_path.iterdir())


def test_paper_sizes_accepted():
    from paper2book.backends.pdf.css import paper_size, toc_columns
    assert paper_size("a5") == "A5"
    assert paper_size("A4 landscape") == "A4 landscape"
    assert paper_size("148mm x 210mm") == "148mm 210mm"
    assert toc_columns("A4") == 2 and toc_columns("A5") == 1


def test_empty_book_refused(tmp_path):
    with pytest.raises(BackendError):
        render(Book("空", []), tmp_path / "e.pdf")


# ---- fonts ----------------------------------------------------------------------

def test_missing_cjk_font_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "cjk_fonts", lambda: ())
    with pytest.raises(fonts.MissingFontError, match="fonts-noto-cjk"):
        render(H.seed_book(), tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_missing_cjk_font_through_fontconfig(tmp_path):
    """A machine whose fontconfig knows no fonts: error, exit 1, no PDF."""
    empty = tmp_path / "fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><dir>{empty}</dir><cachedir>{tmp_path}/cache</cachedir>"
                    f"</fontconfig>", encoding="utf-8")
    out = tmp_path / "seed.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    proc = run_cli(str(H.SEED), "--pdf", "-o", str(out), env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "CJK" in proc.stderr and "apt-get install fonts-noto-cjk" in proc.stderr
    assert not out.exists()


def test_missing_glyph_refused_when_strict(tmp_path):
    art = H.seed_article()
    book = H.seed_book(replace(art, blocks=(Paragraph("私用区字符\ue000不在任何字体里。"), *art.blocks)))
    with pytest.raises(fonts.MissingFontError, match="U\\+E000.*党建聚链"):
        render(book, tmp_path / "x.pdf", strict_glyphs=True)
    assert not list(tmp_path.iterdir())


@pytest.mark.allow_warnings
def test_slow_subsetting_warned_once(monkeypatch, caplog):
    import weasyprint.text.ffi as ffi

    from paper2book.backends.pdf import weasy

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    weasy.warn_if_slow_subsetting.cache_clear()
    try:
        weasy.warn_if_slow_subsetting()
        weasy.warn_if_slow_subsetting()
    finally:
        weasy.warn_if_slow_subsetting.cache_clear()
    slow = [r for r in caplog.records if "harfbuzz-subset" in r.getMessage()]
    assert len(slow) == 1 and slow[0].name == "paper2book"


# ---- safety ---------------------------------------------------------------

@pytest.mark.allow_warnings
def test_fetcher_refuses_network_and_outside_files(tmp_path, caplog):
    user = tmp_path / "mytheme"
    user.mkdir()
    (user / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    secret = tmp_path / "secret.css"
    secret.write_text(".title { color: red }")
    (user / "pdf.css").write_text(
        f'@import url("{secret.as_uri()}");\n'
        + (H.ROOT / "styles" / "newspaper" / "pdf.css").read_text(encoding="utf-8")
        + '.masthead { background: url("http://example.invalid/x.png"); }\n'
        + '.band { background: url("ok.svg"); }\n', encoding="utf-8")
    render(H.seed_book(), tmp_path / "x.pdf", templates=user)
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("secret.css" in m for m in refused)
    assert any("example.invalid" in m for m in refused)
    assert not any("ok.svg" in m for m in refused)


def test_fetcher_rules(tmp_path):
    from paper2book.backends.pdf.fetcher import RefusedURL, RestrictedFetcher
    root = tmp_path / "theme"
    (root / "img").mkdir(parents=True)
    (root / "img" / "a.png").write_bytes(b"x")
    f = RestrictedFetcher([root])
    f.check((root / "img" / "a.png").as_uri())
    f.check("data:text/css,p{}")
    logging.getLogger("paper2book").disabled = True
    try:
        for url in ("https://example.com/a.css", "ftp://x/y", (tmp_path / "b.png").as_uri(),
                    (root / "img" / ".." / ".." / "b.png").as_uri(), "file://host/etc/passwd"):
            with pytest.raises(RefusedURL):
                f.check(url)
    finally:
        logging.getLogger("paper2book").disabled = False


def test_import_does_not_load_weasyprint():
    code = "import sys, paper2book; paper2book.registry.names(); print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---- internals that must not change the result ---------------------------------

@pytest.mark.parametrize("options", [dict(columns=3), dict(paper="A5", columns=1)],
                         ids=["A4-3-columns", "A5-1-column"])
@pytest.mark.parametrize("target", ["weasyprint.layout.inline:get_next_linebox",
                                    "weasyprint.layout.inline:split_first_line"],
                         ids=["line-cache", "short-line-search"])
def test_speed_hooks_change_nothing(target, options, monkeypatch):
    from paper2book.backends.pdf import weasy

    book = H.make_issue(2, 3, seed=11)
    hooked = H.pdf_bytes(book, RenderOptions(**options))

    without = tuple(p for p in weasy.PATCHES if target not in p.replaces)
    assert len(without) == len(weasy.PATCHES) - 1
    monkeypatch.setattr(weasy, "PATCHES", without)
    plain = H.pdf_bytes(book, RenderOptions(**options))
    assert hooked == plain


def test_short_line_search_cuts_only_chinese_and_falls_back(monkeypatch):
    from weasyprint import HTML

    from paper2book.backends.pdf import weasy
    from paper2book.backends.pdf.weasy import linebreak as pdf_linebreak
    seen: list[tuple[str, object]] = []
    install = pdf_linebreak.install

    def spied(session, original):
        def spy(text, *args, **kwargs):
            result = original(text, *args, **kwargs)
            seen.append((text, result[2]))
            return result
        return install(session, spy)
    monkeypatch.setattr(pdf_linebreak, "install", spied)
    monkeypatch.setattr(weasy, "PATCHES", tuple(p for p in weasy.PATCHES if p.name == "linebreak"))
    # 120pt columns at 10pt: 12 em, so the cut keeps int(12 * LINES) + SLACK characters.
    cut = int(12 * pdf_linebreak.LINES) + pdf_linebreak.SLACK
    chinese = "九江日报记者走进社区了解居民生活" * 20
    western = "the quick brown fox jumps over the lazy dog " * 20
    # 400pt: 40 em.  Narrow letters, then Chinese where the cut falls: the cut
    # text (~20 em) fits on one line, so the search runs again on the whole.
    wide_cut = int(40 * pdf_linebreak.LINES) + pdf_linebreak.SLACK
    narrow = "i" * (wide_cut - 2) + chinese
    with weasy.patched():
        for text, width in ((chinese, 120), (western, 120), (narrow, 400)):
            seen.clear()
            HTML(string=f'<p style="width: {width}pt; font-size: 10pt">{text}</p>').render()
            if text is chinese:
                assert seen[0] == (chinese[:cut], 3 * 12)     # twelve 3-byte characters
            elif text is western:
                assert all(not t.startswith(western[:cut]) or len(t) > cut for t, _ in seen)
                assert len(seen[0][0]) >= len(western) - 1
            else:
                assert seen[0] == (narrow[:wide_cut], None)   # fits: search again, whole
                assert seen[1][0] == narrow


def test_through_the_reader_and_cli(tmp_path):
    out = tmp_path / "seed.pdf"
    proc = run_cli(str(H.SEED), "--pdf", "-o", str(out), timeout=120)
    assert proc.returncode == 0, proc.stderr
    book = paper2book.read(H.SEED)
    text = body_text(out, book)
    for t in paragraphs(book):
        assert t in text
    assert textwrap.shorten(book.articles[0].title, 40) in H.pdftotext(out)


def test_two_issues_each_with_front_page_and_outline(tmp_path):
    a = H.make_issue(1, 2, seed=21, paragraphs=(2, 3))
    # Long enough to run past its 头版: the page after it must carry its running head.
    b = H.make_issue(2, 2, seed=22, paragraphs=(6, 8), newspaper="江西日报",
                     date=H.dt.date(2025, 12, 4))
    book = Book("两份报纸", a.issues + b.issues)
    pdf = render(book, tmp_path / "two.pdf")
    reader = pypdf.PdfReader(pdf)
    tops = [o.title for o in reader.outline if not isinstance(o, list)]
    assert tops == ["总目录", "九江日报 2025年12月3日", "江西日报 2025年12月4日"]
    texts = pages_text(pdf)
    second_front = reader.get_destination_page_number(
        [o for o in reader.outline if not isinstance(o, list)][2])
    assert "本期目录" in texts[second_front] and "江西日报" in texts[second_front]
    after = [squeeze(line) for line in texts[second_front + 1].splitlines()]
    assert squeeze("江西日报 2025年12月4日 星期四") in after
