"""The EPUB backend, tested from the document model (books built by hand, as pandoc's writer tests do)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

import paper2book
from paper2book.backends.epub import EpubBackend
from paper2book.backends.epub import cover as epub_cover
from paper2book.cli.epubcheck import epubcheck
from paper2book.config.options import RenderOptions
from paper2book.errors import BackendError, ConfigError
from paper2book.fonts import MissingFontError, has_cjk_font
from paper2book.model import Article, Book, Issue, Page, Paragraph
from paper2book.reader import book_title
from paper2book.theme import templates_dir

from helpers.epub import HOSTILE, NS, Package, hostile_book, render_pages, two_paper_book
from helpers.seed import SEED, seed_article, seed_book

EPOCH = "1764720000"          # 2025-12-03T00:00:00Z
EPOCH_ISO = "2025-12-03T00:00:00Z"
XHTML_MEDIA = "application/xhtml+xml"


def write(book: Book, path: Path, **options) -> Path:
    EpubBackend().write(book, path, RenderOptions(**options))
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The books every check reads, written once with SOURCE_DATE_EPOCH set."""
    folder = tmp_path_factory.mktemp("epub")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {
            "seed": write(seed_book(), folder / "seed.epub"),
            "two": write(two_paper_book(), folder / "two.epub"),
            "hostile": write(hostile_book(), folder / "hostile.epub"),
        }


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    if not has_cjk_font():
        pytest.skip("no CJK font installed")
    folder = tmp_path_factory.mktemp("epub-fonts")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return write(two_paper_book(), folder / "fonts.epub", embed_fonts=True)


def article_docs(pkg: Package) -> list[str]:
    return [h for h in pkg.spine_hrefs() if re.fullmatch(r"i\d+-p\w+-a\d+\.xhtml", h)]


# --------------------------------------------------------------------- EPUBCheck

@pytest.mark.slow
@pytest.mark.external("epubcheck")
def test_epubcheck_reports_nothing(books, embedded):
    files = {**books, "embedded fonts": embedded}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:   # one JVM each
        results = dict(zip(files, pool.map(epubcheck, files.values()), strict=True))
    for name, report in results.items():
        assert report.clean, f"{name}: " + "\n".join(report.messages)


# --------------------------------------------------------------------- container

def test_mimetype_first_and_stored(books):
    for path in books.values():
        raw = path.read_bytes()
        assert raw[30:38] == b"mimetype" and raw[38:58] == b"application/epub+zip"
        first = zipfile.ZipFile(path).infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED and first.extra == b""


def test_zip_is_sound_and_dated_by_source_date_epoch(books):
    with zipfile.ZipFile(books["two"]) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {(2025, 12, 3, 0, 0, 0)}
        assert all(i.filename.isascii() for i in z.infolist())


def test_rezip_many_batches(tmp_path, monkeypatch):
    """The parallel writer keeps ebooklib's order and every byte, whatever finishes first."""
    from paper2book.backends.epub import container as epub_zip

    monkeypatch.setattr(epub_zip, "_BATCH", 2_000)          # many small deflate tasks
    raw = io.BytesIO()
    entries = [(f"EPUB/d{n:04d}.xhtml", (f"<p>{n}</p>" + "党建聚链" * (n % 97)).encode() * 9)
               for n in range(600)] + [("EPUB/images/cover.jpg", bytes(range(256)) * 40)]
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        for name, data in entries:
            z.writestr(name, data)
    epub_zip.rezip(raw, tmp_path / "r.epub", 1764720000)
    with zipfile.ZipFile(tmp_path / "r.epub") as z:
        assert z.testzip() is None
        assert z.namelist() == ["mimetype"] + [n for n, _ in entries]
        assert all(z.read(n) == d for n, d in entries)
        assert z.getinfo("EPUB/images/cover.jpg").compress_type == zipfile.ZIP_STORED
        assert z.getinfo("EPUB/d0001.xhtml").compress_type == zipfile.ZIP_DEFLATED


def test_reproducible_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    a = write(two_paper_book(), tmp_path / "a.epub").read_bytes()
    b = write(two_paper_book(), tmp_path / "b.epub").read_bytes()
    assert a == b


def test_modified_is_now_without_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pkg = Package(write(seed_book(), tmp_path / "now.epub"))
    modified = dt.datetime.strptime(pkg.meta("dcterms:modified")[0], "%Y-%m-%dT%H:%M:%SZ")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs((now - modified).total_seconds()) < 120


# --------------------------------------------------------------------- metadata

def test_metadata_of_one_issue(books):
    pkg = Package(books["seed"])
    assert pkg.dc("title") == ["九江日报 2025年12月3日"]
    assert pkg.dc("language") == ["zh-CN"]
    assert pkg.dc("publisher") == ["九江日报"]
    assert pkg.dc("creator") == ["九江日报"]       # the paper, as libraries file it
    assert pkg.dc("contributor") == ["杨静"]
    roles = {m.get("refines"): m.text for m in pkg.x(pkg.opf, "//opf:meta[@property='role']")}
    assert roles == {"#creator1": "aut", "#contributor1": "aut"}
    assert pkg.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert pkg.opf.get("dir") == "ltr"
    assert pkg.dc("date") == ["2025-12-03"]
    assert pkg.meta("dcterms:modified") == [EPOCH_ISO]
    ident = pkg.x(pkg.opf, "//dc:identifier")[0]
    assert pkg.opf.get("unique-identifier") == ident.get("id")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident.text)


def test_metadata_of_two_papers(books):
    pkg = Package(books["two"])
    assert pkg.dc("publisher") == ["九江日报、江西日报"]
    assert pkg.dc("creator") == ["九江日报", "江西日报"]
    assert pkg.dc("contributor") == ["张三", "李四", "杨静", "王五"]   # most bylines first
    assert pkg.dc("date") == ["2025-12-04"]


def test_accessibility_metadata(books):
    pkg = Package(books["seed"])
    assert pkg.meta("schema:accessMode") == ["textual"]
    assert pkg.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        pkg.meta("schema:accessibilityFeature"))
    assert pkg.meta("schema:accessibilityHazard") == ["none"]
    assert pkg.meta("schema:accessibilitySummary")[0]
    assert pkg.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert pkg.meta("a11y:certifiedBy")


def test_identifier_is_stable_and_follows_content(tmp_path, monkeypatch):
    def ident(book: Book, name: str) -> str:
        return Package(write(book, tmp_path / name)).dc("identifier")[0]

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)    # the id must not depend on time
    first = ident(seed_book(), "1.epub")
    assert ident(seed_book(), "2.epub") == first
    art = seed_article()
    changed = seed_book(replace(art, blocks=(Paragraph(text="另一段。"), *art.blocks[1:])))
    assert ident(changed, "3.epub") != first
    moved = seed_book(replace(art, source=None))       # where it was read from is not content
    assert ident(moved, "4.epub") == first


def test_title_option_wins(tmp_path):
    pkg = Package(write(seed_book(), tmp_path / "t.epub", title="我的合订本"))
    assert pkg.dc("title") == ["我的合订本"]
    assert pkg.x(pkg.xml(f"{pkg.base}/toc.ncx"), "//ncx:docTitle/ncx:text/text()") == ["我的合订本"]


def test_no_authors_no_contributors_and_author_option_wins(tmp_path):
    book = seed_book(replace(seed_article(), authors=()))
    pkg = Package(write(book, tmp_path / "c.epub"))
    assert pkg.dc("creator") == ["九江日报"] and pkg.dc("contributor") == []
    pkg = Package(write(seed_book(), tmp_path / "d.epub", author="九江日报社"))
    assert pkg.dc("creator") == ["九江日报社"] and pkg.dc("contributor") == ["杨静"]


def test_creators_are_limited(tmp_path):
    book = seed_book(*(Article(title=f"文章{n}", authors=[f"作者{n}"], blocks=[Paragraph("正文。")])
                       for n in range(20)))
    pkg = Package(write(book, tmp_path / "c.epub"))
    assert len(pkg.dc("contributor")) == 8 and pkg.dc("creator") == ["九江日报"]


# --------------------------------------------------------------------- navigation and order

def test_spine_order_one_issue(books):
    pkg = Package(books["seed"])
    assert pkg.spine_hrefs() == ["cover.xhtml", "i01-contents.xhtml", "i01-p03-a01.xhtml"]


def test_spine_order_two_issues(books):
    pkg = Package(books["two"])
    assert pkg.spine_hrefs() == [
        "cover.xhtml", "contents.xhtml",
        "i01-contents.xhtml", "i01-p01-a01.xhtml", "i01-p01-a02.xhtml", "i01-p03-a01.xhtml",
        "i02-contents.xhtml", "i02-pA01-a01.xhtml", "i02-pB02-a01.xhtml", "i02-pB02-a02.xhtml",
    ]


def test_nav_one_issue_is_pages_then_articles(books):
    pkg = Package(books["seed"])
    nav = pkg.x(pkg.nav(), "//x:nav[@epub:type='toc']")[0]
    pages = pkg.x(nav, "x:ol/x:li")
    assert [pkg.x(li, "string(x:a)") for li in pages] == ["第03版 专版"]
    assert [a.text for a in pkg.x(pages[0], "x:ol/x:li/x:a")] == ["党建聚链 产业焕新"]
    assert pkg.x(nav, "count(.//x:ol/x:li/x:ol/x:li/x:ol)") == 0     # no issue level


def test_nav_two_issues_nests_issue_page_article(books):
    pkg = Package(books["two"])
    nav = pkg.x(pkg.nav(), "//x:nav[@epub:type='toc']")[0]
    issues = pkg.x(nav, "x:ol/x:li")
    assert [pkg.x(li, "string(x:a)") for li in issues] == ["九江日报 2025年12月3日", "江西日报 2025年12月4日"]
    assert pkg.x(issues[0], "string(x:a/@href)") == "i01-contents.xhtml"
    pages = [[pkg.x(p, "string(x:a)") for p in pkg.x(i, "x:ol/x:li")] for i in issues]
    assert pages == [["第01版 要闻", "第03版 专版"], ["第A01版", "第B02版 理论"]]
    counts = [[int(pkg.x(p, "count(x:ol/x:li)")) for p in pkg.x(i, "x:ol/x:li")] for i in issues]
    assert counts == [[2, 1], [1, 2]]
    assert int(pkg.x(nav, "count(.//x:a)")) == 2 + 4 + 6


def test_ncx_mirrors_the_nav(books):
    pkg = Package(books["two"])
    ncx = pkg.xml(f"{pkg.base}/toc.ncx")
    assert pkg.x(ncx, "string(//ncx:meta[@name='dtb:uid']/@content)") == pkg.dc("identifier")[0]
    top = pkg.x(ncx, "/ncx:ncx/ncx:navMap/ncx:navPoint")
    assert len(top) == 2
    assert int(pkg.x(ncx, "count(//ncx:navPoint)")) == 2 + 4 + 6
    orders = {}
    for point in pkg.x(ncx, "//ncx:navPoint"):
        orders.setdefault(pkg.x(point, "string(ncx:content/@src)"), set()).add(point.get("playOrder"))
    assert all(len(o) == 1 for o in orders.values())     # one playOrder per target


def test_landmarks(books):
    for name, toc in (("seed", "i01-contents.xhtml"), ("two", "contents.xhtml")):
        pkg = Package(books[name])
        marks = {a.get(f"{{{NS['epub']}}}type"): a.get("href")
                 for a in pkg.x(pkg.nav(), "//x:nav[@epub:type='landmarks']//x:a")}
        assert marks == {"cover": "cover.xhtml", "toc": toc, "bodymatter": article_docs(pkg)[0]}


def test_issue_contents_page_lists_pages_and_articles(books):
    pkg = Package(books["two"])
    doc = pkg.doc("i01-contents.xhtml")
    assert pkg.x(doc, "string(//x:h1)") == "本期目录"
    assert pkg.x(doc, "string(//x:p[@class='masthead-paper'])") == "九江日报"
    assert pkg.x(doc, "string(//x:p[@class='masthead-date'])") == "2025年12月3日 星期三"
    groups = pkg.x(doc, "//x:section[@class='contents-group']")
    assert [pkg.x(g, "string(x:h2)") for g in groups] == ["第01版 要闻", "第03版 专版"]
    links = pkg.x(doc, "//x:ol/x:li//x:a/@href")
    assert links == ["i01-p01-a01.xhtml", "i01-p01-a02.xhtml", "i01-p03-a01.xhtml"]
    assert pkg.x(doc, "string(//x:p[@class='toc-kicker'])") == "前三季度数据出炉"
    assert pkg.x(doc, "string(//x:p[@class='toc-subtitle'])") == "——十条线路串起山水人文"


def test_every_document_says_zh_cn(books):
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for path in books.values():
        pkg = Package(path)
        docs = [i["href"] for i in pkg.manifest().values() if i["media-type"] == XHTML_MEDIA]
        assert len(docs) >= 3
        for href in docs:
            root = pkg.doc(href)
            assert root.get("lang") == "zh-CN" and root.get(xml_lang) == "zh-CN", href


# --------------------------------------------------------------------- article markup

def test_seed_article_markup(books):
    pkg = Package(books["seed"])
    doc = pkg.doc("i01-p03-a01.xhtml")
    art = pkg.x(doc, "//x:article")[0]
    head = pkg.x(art, "x:header")[0]
    assert pkg.x(head, "string(.//x:h1)") == "党建聚链 产业焕新"
    assert pkg.x(head, "string(x:p[@class='byline'])") == "江西日报记者 杨静 文/图"
    assert pkg.x(doc, "string(//x:title)") == "党建聚链 产业焕新"
    captions = pkg.x(art, "x:aside[@class='captions']")
    assert len(captions) == 1 and captions[0].get("aria-label") == "图片说明"
    assert len(pkg.x(captions[0], "x:ul/x:li")) == 3
    assert pkg.x(captions[0], "string(x:ul/x:li[2])") == "“帮办超市”全天候服务。"
    h2 = pkg.x(art, ".//x:h2")
    assert [pkg.x(h, "string(.)") for h in h2] == ["怎样“链得上”？", "如何“链得紧”？", "何以“链得强”？"]
    subs = [pkg.x(h, "string(following-sibling::x:p[1][@class='part-subtitle'])") for h in h2]
    assert subs == ["沿着产业链，织密建强组织链", "依托党建链，优化畅通服务链", "拓展创新链，精准赋能发展链"]
    body = pkg.x(art, "x:div[@class='article-body']")[0]
    paragraphs = pkg.x(body, ".//x:p[not(@class)]")
    assert len(paragraphs) == 44
    assert paragraphs[0].text.startswith("眼下，赣江新区")
    assert paragraphs[-1].text.startswith("党旗领航")
    assert len(pkg.x(body, "x:section[@class='part']")) == 3
    # The running head says where the article stood in the paper.
    assert pkg.x(art, "string(x:p[@class='running-head'])") == "九江日报 · 2025年12月3日 星期三 · 第03版 专版"


def test_kicker_subtitle_and_editor(books):
    pkg = Package(books["two"])
    a = pkg.doc("i01-p01-a01.xhtml")
    hg = pkg.x(a, "//x:header/x:hgroup")[0]
    assert [c.get("class") for c in hg] == ["kicker", "headline"]
    assert pkg.x(hg, "string(x:p[@class='kicker'])") == "前三季度数据出炉"
    b = pkg.doc("i01-p01-a02.xhtml")
    assert pkg.x(b, "string(//x:hgroup/x:p[@class='subtitle'])") == "——十条线路串起山水人文"
    c = pkg.doc("i02-pA01-a01.xhtml")
    assert pkg.x(c, "string(//x:footer/x:p[@class='editor'])") == "（责任编辑：孙八）"
    assert not pkg.x(c, "//x:aside") and not pkg.x(c, "//x:p[@class='byline']")


def test_hostile_text_arrives_as_text(books):
    pkg = Package(books["hostile"])
    doc = pkg.doc("i01-p01-a01.xhtml")
    # Inside the headline only the phrases filter's spans (phrases.py), no markup of the text's.
    assert not pkg.x(doc, "//x:script | //x:b | //x:i | //x:img | //x:h1//*[not(self::x:span[@class='w'])]")
    body = pkg.x(doc, "//x:div[@class='article-body']")[0]
    texts = [p.text for p in pkg.x(body, ".//x:p[not(@class)]")]
    assert texts[0] == HOSTILE                      # <script>, &, ]]>, emoji, U+20000 intact
    assert "\U00020000" in texts[0] and "😀" in texts[0]
    assert texts[1] == "控制字符留下文字"             # XML-illegal controls dropped, text kept
    assert texts[2] == "<![CDATA[ x ]]> &amp; &lt;p&gt;"
    assert pkg.x(doc, "string(//x:h1)") == "标题<b>粗</b> & ]]>"
    assert pkg.x(doc, "string(//x:title)") == "标题<b>粗</b> & ]]>"
    assert pkg.x(doc, "string(//x:h2)") == "小标题 <h1>"
    assert pkg.x(doc, "string(//x:p[@class='part-subtitle'])") == "副 & \U00020000"
    assert pkg.x(doc, "string(//x:aside//x:li)") == "说明<img src=x onerror=alert(1)>"
    nav = pkg.nav()
    assert pkg.x(nav, "string(//x:nav[@epub:type='toc']//x:li/x:ol/x:li/x:a)") == "标题<b>粗</b> & ]]>"
    assert pkg.dc("title") == ["测试报 <script> 2025年1月2日"]
    assert pkg.dc("publisher") == ["测试报<script>"]
    # No document anywhere in the package carries a script element.
    for item in pkg.manifest().values():
        if item["media-type"] == XHTML_MEDIA:
            assert not pkg.x(pkg.doc(item["href"]), "//x:script"), item["href"]


def test_file_names_for_odd_page_numbers(tmp_path):
    pages = [Page(number="三", name="要闻", articles=[Article("甲", blocks=[Paragraph("正文。")])]),
             Page(number="5", articles=[Article("乙", blocks=[Paragraph("正文。")])]),
             Page(number="5", articles=[Article("丙", blocks=[Paragraph("正文。")])])]
    book = Book("试", issues=[Issue("某报", dt.date(2025, 3, 1), pages=pages)])
    pkg = Package(write(book, tmp_path / "odd.epub"))
    assert article_docs(pkg) == ["i01-px01-a01.xhtml", "i01-p05-a01.xhtml", "i01-px03-a01.xhtml"]


def test_empty_pages_and_titles(tmp_path):
    """An issue or 版面 with nothing in it is left out; an empty title gets a placeholder."""
    empty_issue = Issue("空报", dt.date(2025, 3, 1), pages=[Page("01", "要闻")])
    issue = Issue("某报", dt.date(2025, 3, 2), pages=[
        Page("01", "要闻"),
        Page("02", "综合", articles=[Article("\x01\x02", blocks=[Paragraph("正文。")])])])
    pkg = Package(write(Book("试", issues=[empty_issue, issue]), tmp_path / "e.epub"))
    assert article_docs(pkg) == ["i01-p02-a01.xhtml"]
    nav = pkg.x(pkg.nav(), "//x:nav[@epub:type='toc']")[0]
    assert [a.text for a in pkg.x(nav, ".//x:a")] == ["第02版 综合", "（无题）"]
    assert pkg.x(pkg.doc("i01-p02-a01.xhtml"), "string(//x:title)") == "（无题）"


def test_empty_book_is_refused(tmp_path):
    with pytest.raises(BackendError, match="no articles"):
        write(Book("空", issues=[Issue("某报", dt.date(2025, 3, 1))]), tmp_path / "e.epub")


# --------------------------------------------------------------------- cover, CSS, fonts, themes

def test_cover_image_and_page(books):
    pkg = Package(books["seed"])
    image = pkg.x(pkg.opf, "//opf:item[@properties='cover-image']")[0]
    assert image.get("media-type") == "image/jpeg"
    with Image.open(io.BytesIO(pkg.zip.read(f"{pkg.base}/{image.get('href')}"))) as img:
        assert img.size == (1200, 1600)
    cover = pkg.doc("cover.xhtml")
    assert pkg.x(cover, "string(//x:img/@src)") == image.get("href")
    assert "九江日报 2025年12月3日 星期三" in pkg.x(cover, "string(//x:img/@alt)")


def test_cover_text_for_many_issues():
    text = epub_cover.describe(two_paper_book(), "合订本")
    assert text.masthead == "九江日报、江西日报"
    assert text.dateline == "2025年12月3日—12月4日"
    year = Book("年", issues=[Issue("九江日报", dt.date(2025, 1, 1) + dt.timedelta(days=n),
                                   pages=[Page("01", articles=[Article("文", blocks=[Paragraph("。")])])])
                             for n in range(365)])
    text = epub_cover.describe(year, "年")
    assert text.lines[0] == ("2025年1月 · 31期", True) and len(text.lines) == 12
    assert text.footer == "共365期 · 365个版面 · 365篇文章"
    # A bound volume's cover says so, as its title does (reader.book_title).
    assert epub_cover.describe(year, book_title(year.issues)).dateline == "2025年合订本"
    month = replace(year, issues=year.issues[334:])
    assert epub_cover.describe(month, book_title(month.issues)).dateline == "2025年12月合订本"
    week = replace(year, issues=year.issues[:3])
    assert epub_cover.describe(week, book_title(week.issues)).dateline == "2025年1月1日—1月3日"


@pytest.mark.allow_warnings
def test_no_cjk_font_still_writes_a_valid_book(tmp_path, monkeypatch, caplog):
    def missing(*args, **kwargs):
        raise MissingFontError("no CJK font found (fontconfig lists none for zh-cn)")

    monkeypatch.setattr(epub_cover, "find_cjk_font", missing)
    pkg = Package(write(seed_book(), tmp_path / "nofont.epub"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["no CJK font found: cover image has no text; install fonts-noto-cjk"]
    href = pkg.x(pkg.opf, "string(//opf:item[@properties='cover-image']/@href)")
    with Image.open(io.BytesIO(pkg.zip.read(f"{pkg.base}/{href}"))) as img:
        assert img.size == (1200, 1600)
    assert len(article_docs(pkg)) == 1


def test_css_is_print_like(books):
    pkg = Package(books["seed"])
    css = pkg.zip.read(f"{pkg.base}/styles/epub.css").decode()
    for rule in ("text-indent: 2em", "line-height: 1.7", "text-align: justify"):
        assert rule in css
    for href in ("cover.xhtml", "i01-contents.xhtml", "i01-p03-a01.xhtml"):
        assert pkg.x(pkg.doc(href), "string(//x:link[@rel='stylesheet']/@href)") == "styles/epub.css"


def test_book_theme_and_font_families(tmp_path):
    pkg = Package(write(seed_book(), tmp_path / "book.epub", theme="book",
                        fonts={"body": "LXGW WenKai", "heads": "Noto Sans CJK SC"}))
    css = pkg.zip.read(f"{pkg.base}/styles/epub.css").decode()
    assert '"book" theme' in css and "#b2181e" not in css
    # MuPDF's CJK face, then schema.FALLBACK_FONTS.
    fallbacks = '"Source Han Serif", "HanaMinB", "Symbola", "BabelStone Han"'
    assert f'body, p {{ font-family: "LXGW WenKai", {fallbacks}, serif; }}' in css
    assert (f'h1, h2, .masthead-paper {{ font-family: "Noto Sans CJK SC", {fallbacks}, '
            'sans-serif; }') in css
    # A name that would break out of the CSS string is refused, as the config refuses it.
    with pytest.raises(ConfigError, match="heads"):
        write(seed_book(), tmp_path / "bad.epub", fonts={"heads": 'Bad"Name;}'})
    assert not (tmp_path / "bad.epub").exists()


def test_user_template_overrides_the_theme(tmp_path):
    folder = tmp_path / "mine" / "epub"
    folder.mkdir(parents=True)
    base = templates_dir() / "epub" / "article.xhtml.j2"
    (folder / "article.xhtml.j2").write_text(
        base.read_text(encoding="utf-8").replace('<div class="article-body">',
                                                 '<div class="article-body mine">'),
        encoding="utf-8")
    pkg = Package(write(seed_book(), tmp_path / "t.epub", templates=tmp_path / "mine"))
    assert pkg.x(pkg.doc("i01-p03-a01.xhtml"), "count(//x:div[@class='article-body mine'])") == 1


def test_embedded_font_is_a_subset(embedded):
    from fontTools.ttLib import TTFont

    pkg = Package(embedded)
    font = [i for i in pkg.manifest().values() if i["href"].startswith("fonts/")]
    assert len(font) == 1 and font[0]["media-type"] == "font/otf"
    data = pkg.zip.read(f"{pkg.base}/{font[0]['href']}")
    assert len(data) < 2_000_000
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert ord("党") in cmap and ord("链") in cmap and ord("录") in cmap   # text and template text
    assert ord("龘") not in cmap
    css = pkg.zip.read(f"{pkg.base}/styles/epub.css").decode()
    assert '@font-face { font-family: "paper2book body"' in css and 'url("../fonts/body.otf")' in css


# --------------------------------------------------------------------- through the public API and the reader

def test_registered_backend_and_reader(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = paper2book.read([SEED])
    out = paper2book.write(book, "epub", tmp_path / "seed.epub")
    pkg = Package(out)
    doc = pkg.doc("i01-p03-a01.xhtml")
    assert len(pkg.x(doc, "//x:div[@class='article-body']//x:p[not(@class)]")) == 44
    assert len(pkg.x(doc, "//x:h2")) == 3 and len(pkg.x(doc, "//x:aside//x:li")) == 3
    assert pkg.dc("title") == ["九江日报 2025年12月3日"]
    # The reader's book and the hand-built one are the same content: the same identifier.
    assert pkg.dc("identifier") == Package(write(seed_book(), tmp_path / "hand.epub")).dc("identifier")


@pytest.mark.external("mutool")
def test_pages_render(books, tmp_path):
    render_pages(books["seed"], str(tmp_path / "e%d.png"))
    for n in (1, 2, 3):
        with Image.open(tmp_path / f"e{n}.png") as img:
            lo, hi = img.convert("L").getextrema()
            assert hi - lo > 100, f"page {n} is blank"
