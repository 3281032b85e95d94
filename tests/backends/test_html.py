"""The HTML edition: one self-contained offline page, checked as a document and in Chromium.

The static tests parse the output with lxml.html.  The browser tests start
Debian's headless Chromium themselves: a screenshot must show text, the
headline must be set in a real CJK font (not tofu), a click on a contents
link must bring its article to the top, and a phone-width window must not
scroll sideways.  They are skipped only when Chromium is missing outside CI.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

import paper2book
from paper2book.cli import main
from paper2book.config.options import RenderOptions
from paper2book.errors import ConfigError
from paper2book.model import Article, Book, Heading, Issue, Page, Paragraph

from helpers.browser import Browser
from helpers.seed import SEED
from helpers.tools import need

HOSTILE_TITLE = '<script>alert("x")</script> & ]]> 标题'
HOSTILE_PARA = "危险<img src=http://evil.example/x.png onerror=alert(1)>文本 &amp; ]]> </style> 结束"
CONTROLS = "\x00\x07\x0b\x1b\x7f\x85\x9f\ufffe\uffff\ud800"
BODY = ("新区直管区规上数字经济核心产业营业收入同比增长5.4%，生命健康产业利润总额同比增长4.7%，"
        "两大主导产业领域签约招商项目55个、总投资超140亿元。")


def _article(title: str, n: int = 8, **kw) -> Article:
    blocks = [Paragraph(f"第{k + 1}段。" + BODY) for k in range(n)]
    return Article(title=title, blocks=blocks, **kw)


def rich_book() -> Book:
    """Two issues, three 版面, five articles, with every kind of field."""
    a1 = _article("党建聚链 产业焕新", kicker="赣江新区", subtitle="产业链党建“聚力赋能”行动综述",
                  byline="江西日报记者 杨静 文/图", authors=["杨静"], credit="文/图",
                  captions=["党建活动让上下游企业代表坐在一起。", "“帮办超市”全天候服务。"],
                  editor="王芳")
    b = a1.blocks
    a1 = replace(a1, blocks=b[:3] + (Heading("怎样“链得上”？", "沿着产业链，织密建强组织链"),) + b[3:5]
                 + (Heading("怎样“链得优”？"),) + b[5:])
    a2 = _article("第二篇要闻", byline="记者 李明")
    a3 = _article(HOSTILE_TITLE + CONTROLS, kicker="</style><script>x()</script>",
                  subtitle="A & B <b>粗</b>", captions=["<i>说明</i>" + CONTROLS])
    a3 = replace(a3, blocks=(*a3.blocks, Paragraph(HOSTILE_PARA + CONTROLS)))
    a4 = _article("只有标题的稿件", n=0)
    a5 = _article("下一期的头条", n=12)
    return Book(title="九江日报 2025年12月2日—12月3日", issues=[
        Issue("九江日报", dt.date(2025, 12, 2), [Page("01", "要闻", [a1, a2]), Page("03", None, [a3, a4])]),
        Issue("九江日报", dt.date(2025, 12, 3), [Page("A03", "专版", [a5])]),
    ])


@pytest.fixture(scope="module")
def rich_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "book.html"
    paper2book.write(rich_book(), "html", out)
    return out


@pytest.fixture(scope="module")
def doc(rich_html):
    return lxml.html.fromstring(rich_html.read_bytes())


def _text(el) -> str:
    return el.text_content().strip()


# --- the document --------------------------------------------------------------------------

def test_head_language_viewport_and_inline_style(doc):
    assert doc.tag == "html" and doc.get("lang") == "zh-CN"
    assert doc.xpath("//meta[@charset]")[0].get("charset").lower() == "utf-8"
    viewport = doc.xpath("//meta[@name='viewport']")[0].get("content")
    assert "width=device-width" in viewport
    assert _text(doc.xpath("//title")[0]) == "九江日报 2025年12月2日—12月3日"
    styles = doc.xpath("//style")
    assert len(styles) == 1
    css = styles[0].text
    for family in ("Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "serif"):
        assert f"{family}" in css
    assert "max-width" in css and "@media" in css
    assert "text-indent: 2em" in css and "text-align: justify" in css


def test_book_title_and_every_article_in_order(doc):
    assert _text(doc.xpath("//*[contains(@class,'book-title')]")[0]) == "九江日报 2025年12月2日—12月3日"
    arts = doc.xpath("//main//article")
    assert len(arts) == 5
    titles = [_text(a.xpath(".//h1")[0]) for a in arts]
    assert titles[0] == "党建聚链 产业焕新"
    assert titles[1:] == ["第二篇要闻", HOSTILE_TITLE, "只有标题的稿件", "下一期的头条"]
    assert [len(a.xpath(".//h1")) for a in arts] == [1] * 5
    assert len(doc.xpath("//main//section[contains(@class,'issue')]")) == 2
    assert len(doc.xpath("//main//section[contains(@class,'page')]")) == 3
    banners = [_text(b) for b in doc.xpath("//*[contains(@class,'page-banner')]")]
    assert banners[0].split() == ["九江日报", "2025年12月2日", "星期二", "第01版", "要闻"]
    assert banners[2].endswith("第A03版 专版")


def test_article_parts(doc):
    art = doc.xpath("//main//article")[0]
    head = art.xpath(".//header")[0]
    order = [el.get("class") for el in head.iterchildren()]
    assert order == ["kicker", "headline", "subtitle", "byline"]      # kicker above the headline
    assert _text(head.find_class("kicker")[0]) == "赣江新区"
    assert _text(head.find_class("subtitle")[0]) == "——产业链党建“聚力赋能”行动综述"
    assert _text(head.find_class("byline")[0]) == "江西日报记者 杨静 文/图"
    caps = art.find_class("captions")[0]
    assert _text(caps.find_class("captions-label")[0]) == "图片说明"
    assert [_text(c) for c in caps.find_class("caption")] == ["党建活动让上下游企业代表坐在一起。",
                                                          "“帮办超市”全天候服务。"]
    h2 = art.xpath(".//h2")
    assert [_text(h) for h in h2] == ["怎样“链得上”？", "怎样“链得优”？"]
    subs = art.find_class("section-subtitle")
    assert [_text(s) for s in subs] == ["沿着产业链，织密建强组织链"]
    paras = art.xpath(".//div[contains(@class,'article-body')]/p")
    assert len(paras) == 8 and _text(paras[0]).startswith("第1段。")
    assert _text(art.find_class("editor")[0]) == "（责任编辑：王芳）"
    # Headline-only article: no empty subtitle, byline or captions.
    bare = doc.xpath("//main//article")[3]
    assert not bare.find_class("subtitle") and not bare.find_class("byline")
    assert not bare.find_class("captions") and not bare.xpath(".//div[contains(@class,'article-body')]/p")


def test_contents_nest_and_every_link_resolves(doc):
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(i.isascii() and i.replace("-", "").isalnum() for i in ids)
    nav = doc.xpath("//nav[@id='contents']")[0]
    issues = nav.xpath("./ol/li")
    # Several issues: each folded under its date (<details>), so the list of dates is short.
    assert [_text(li.xpath("./details/summary/a")[0]) for li in issues] == [
        "九江日报 2025年12月2日 星期二", "九江日报 2025年12月3日 星期三"]
    assert not nav.xpath(".//details[@open]")
    pages = [[_text(p.xpath("./a")[0]) for p in li.xpath("./details/ol/li")] for li in issues]
    assert pages == [["第01版 要闻", "第03版"], ["第A03版 专版"]]
    toc_articles = nav.xpath(".//li[contains(@class,'toc-article')]/a")
    main_articles = doc.xpath("//main//article")
    assert [a.get("href") for a in toc_articles] == ["#" + a.get("id") for a in main_articles]
    assert [_text(a) for a in toc_articles] == [_text(a.xpath(".//h1")[0]) for a in main_articles]
    for a in doc.xpath("//a[@href]"):
        href = a.get("href")
        assert href.startswith("#") and href[1:] in ids, href


def test_no_external_resources(doc, rich_html):
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed | //video"
                         " | //audio | //source | //base | //form")
    for attr in ("src", "srcset", "poster", "data", "action", "background"):
        assert not doc.xpath(f"//@{attr}"), attr
    assert all(h.startswith("#") for h in doc.xpath("//@href"))
    css = doc.xpath("//style")[0].text
    assert "url(" not in css and "@import" not in css and "//" not in css.replace("://", "")
    raw = rich_html.read_text(encoding="utf-8")
    assert "http://" not in raw.replace("http://evil.example", "")
    assert "https://" not in raw


def test_hostile_text_arrives_as_text(doc, rich_html):
    raw = rich_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ]]&gt; 标题" in raw
    assert "<script" not in raw.lower() and "<img" not in raw.lower() and "<b>" not in raw
    assert raw.count("</style>") == 1
    art = doc.xpath("//main//article")[2]
    assert _text(art.xpath(".//h1")[0]) == HOSTILE_TITLE
    assert _text(art.find_class("kicker")[0]) == "</style><script>x()</script>"
    assert _text(art.find_class("subtitle")[0]) == "——A & B <b>粗</b>"
    assert _text(art.find_class("caption")[0]) == "<i>说明</i>"
    assert _text(art.xpath(".//div[contains(@class,'article-body')]/p")[-1]) == HOSTILE_PARA
    for ch in CONTROLS:
        assert ch not in raw, repr(ch)


def test_seed_end_to_end_from_the_command_line(tmp_path):
    out = tmp_path / "seed.html"
    assert main([str(SEED), "--html", "-o", str(out), "-q"]) == 0
    doc = lxml.html.fromstring(out.read_bytes())
    art = doc.xpath("//main//article")[0]
    assert _text(art.xpath(".//h1")[0]) == "党建聚链 产业焕新"
    assert _text(art.find_class("byline")[0]) == "江西日报记者 杨静 文/图"
    assert len(art.find_class("caption")) == 3
    heads = art.xpath(".//hgroup[contains(@class,'section-head')]")
    assert _text(heads[0].xpath("./h2")[0]) == "怎样“链得上”？"
    assert _text(heads[0].find_class("section-subtitle")[0]) == "沿着产业链，织密建强组织链"
    model = paper2book.read(SEED)
    assert len(art.xpath(".//div[contains(@class,'article-body')]/p")) == len(model.articles[0].paragraphs)
    assert len(heads) == len(model.articles[0].headings)


def test_title_option_theme_and_fonts(tmp_path):
    book = paper2book.read(SEED)
    news, plain = tmp_path / "n.html", tmp_path / "b.html"
    paper2book.write(book, "html", news, RenderOptions(title="我的 <书>"))
    paper2book.write(book, "html", plain, RenderOptions(theme="book", fonts={"body": "LXGW WenKai"}))
    n, b = lxml.html.fromstring(news.read_bytes()), lxml.html.fromstring(plain.read_bytes())
    assert _text(n.xpath("//title")[0]) == "我的 <书>"
    n_css, b_css = n.xpath("//style")[0].text, b.xpath("//style")[0].text
    assert n_css != b_css and '"newspaper" theme' in n_css and '"book" theme' in b_css
    assert '--font-body: "LXGW WenKai", var(--cjk-serif);' in b_css
    # A name that would break out of the CSS string is refused, as the config refuses it.
    with pytest.raises(ConfigError, match="body"):
        paper2book.write(book, "html", tmp_path / "x.html",
                         RenderOptions(fonts={"body": 'My Font"; } x {'}))
    assert not (tmp_path / "x.html").exists()


def test_user_template_folder_overrides_the_stylesheet(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "html.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    out = tmp_path / "o.html"
    assert main([str(SEED), "--html", "-o", str(out), "--templates", str(tmp_path / "tpl"), "-q"]) == 0
    css = lxml.html.fromstring(out.read_bytes()).xpath("//style")[0].text
    assert "#123456" in css and "Noto Serif CJK SC" not in css


def test_html_does_not_import_heavy_backends(tmp_path):
    code = ("import sys, paper2book.cli as c;"
            f"c.main([{str(SEED)!r}, '--html', '-o', {str(tmp_path / 'x.html')!r}]);"
            "print(json.dumps(sorted(m for m in ('weasyprint', 'ebooklib') if m in sys.modules)))")
    r = subprocess.run([sys.executable, "-c", "import json;" + code], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []


# --- in Chromium ----------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--hide-scrollbars", "--mute-audio", "--disable-extensions"]


@pytest.fixture(scope="module")
def chromium() -> str:
    return need("chromium")


def _screenshot(chromium: str, url: str, png: Path, tmp: Path, size: str = "800,1200") -> None:
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}",
           "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000",
           f"--screenshot={png}", f"--window-size={size}", url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, start_new_session=True)
    assert png.is_file(), f"no screenshot (exit {r.returncode}): {r.stderr[-2000:]}"


def _dark_fraction(png: Path, box: tuple[int, int, int, int]) -> float:
    from PIL import Image

    with Image.open(png) as im:
        region = im.convert("L").crop(box)
        hist = region.histogram()
    return sum(hist[:110]) / (region.width * region.height)


@pytest.mark.external("chromium")
def test_screenshot_shows_text(chromium, rich_html, tmp_path):
    png = tmp_path / "top.png"
    _screenshot(chromium, rich_html.as_uri(), png, tmp_path)
    from PIL import Image

    with Image.open(png) as im:
        assert im.size == (800, 1200)
    # The column is centred: its middle 600 px hold the text; blank paper would be ~0.
    assert _dark_fraction(png, (100, 0, 700, 1200)) > 0.02
    assert _dark_fraction(png, (0, 0, 40, 1200)) < 0.001         # margins stay paper


@pytest.fixture
def browser(chromium):
    """Opens headless Chromium windows (paper2book's own driver) and closes them all after
    the test.  Below 600 px wide the window is a phone's: the page's viewport meta applies."""
    with contextlib.ExitStack() as opened:
        def start(width: int = 800, height: int = 1200) -> Browser:
            page = opened.enter_context(Browser(chromium, width, height))
            if width < 600:
                page.call("Emulation.setDeviceMetricsOverride", session=True, width=width,
                          height=height, deviceScaleFactor=1, mobile=True)
            return page

        yield start


@pytest.mark.external("chromium")
def test_click_on_a_contents_link_brings_the_article_to_the_top(browser, rich_html):
    page = browser()
    page.go(rich_html.as_uri())
    assert page.js("window.scrollY") == 0
    target = "art-2-1-1"
    href = f'a[href="#{target}"]'
    link = f"nav {href}"
    # The issue's 本期目录 is folded: a reader opens it first (a click on its summary).
    page.click(f"nav details:has({href}) .toc-count")
    assert page.js(f"document.querySelector('{link}').closest('details').open")
    scrolled = page.js(f"(() => {{ document.querySelector('{link}').scrollIntoView({{block: 'center'}});"
                       " return window.scrollY; })()")
    page.click(link)                       # (the link is in view already: no scroll before it)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        top = page.js(f"document.getElementById('{target}').getBoundingClientRect().top")
        if abs(top) < 2:
            break
        time.sleep(0.05)
    assert page.js("location.hash") == "#" + target
    assert abs(top) < 2, f"article top at {top}px after the click"
    assert page.js("window.scrollY") > scrolled + 1000
    # ...and the article's "↑ 目录" link goes back.
    page.click(f"#{target} .to-contents a")
    time.sleep(0.2)
    assert abs(page.js("document.getElementById('contents').getBoundingClientRect().top")) < 2


@pytest.mark.external("chromium")
def test_opening_page_with_a_fragment_shows_that_article(browser, rich_html, tmp_path):
    # (Chromium's --screenshot flag paints nothing once a fragment has scrolled the page, so
    # the screenshots are taken over DevTools.)
    import base64

    from PIL import Image, ImageChops

    target = "art-1-2-1"
    doc = lxml.html.fromstring(rich_html.read_bytes())
    assert doc.xpath(f"//nav//a[@href='#{target}']") and doc.xpath(f"//article[@id='{target}']")
    shots = {}
    for name, url in (("top", rich_html.as_uri()), ("there", rich_html.as_uri() + "#" + target)):
        page = browser()
        page.go(url)
        if name == "there":
            top = page.js(f"document.getElementById('{target}').getBoundingClientRect().top")
            assert abs(top) < 2, f"article top at {top}px"
        png = tmp_path / f"{name}.png"
        shot = page.call("Page.captureScreenshot", session=True, format="png")["data"]
        png.write_bytes(base64.b64decode(shot))
        shots[name] = png
    with Image.open(shots["top"]) as a, Image.open(shots["there"]) as b:
        assert a.size == b.size == (800, 1200)
        diff = ImageChops.difference(a.convert("L"), b.convert("L"))
        changed = sum(diff.histogram()[32:]) / (a.width * a.height)
    assert changed > 0.02, "the page did not move to the article"
    assert _dark_fraction(shots["there"], (100, 0, 700, 1200)) > 0.02


@pytest.mark.external("chromium")
def test_headline_is_set_in_a_cjk_font_and_the_phone_layout_fits(browser, rich_html):
    page = browser(400, 900)
    page.go(rich_html.as_uri())
    page.call("DOM.enable", session=True)
    page.call("CSS.enable", session=True)
    root = page.call("DOM.getDocument", session=True)["root"]["nodeId"]
    for selector in ("#art-1-1-1 h1", "#art-1-1-1 .article-body p"):
        node = page.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        fonts = page.call("CSS.getPlatformFontsForNode", session=True, nodeId=node)["fonts"]
        families = " ".join(f["familyName"] + " " + f.get("postScriptName", "") for f in fonts)
        assert any(k in families for k in ("CJK", "Han", "Song", "Sim", "Hei", "Kai", "Ming", "WenQuanYi")), \
            f"{selector} rendered with {fonts}"
    assert page.js("document.documentElement.scrollWidth") <= 400     # no sideways scrolling
    width = page.js("document.querySelector('#art-1-1-1 .article-body p').getBoundingClientRect().width")
    assert 300 < width <= 400
    page.call("Emulation.setDeviceMetricsOverride", session=True, width=1400, height=900,
              deviceScaleFactor=1, mobile=False)
    wide = page.js("document.querySelector('#art-1-1-1 .article-body p').getBoundingClientRect().width")
    assert 500 < wide < 900                                              # a readable column, not 1400px


@pytest.mark.external("chromium")
@pytest.mark.slow
def test_a_months_html_opens_near_its_first_article_on_a_phone(browser, tmp_path):
    """Issue 20: 30 issues' contents folded under their dates: on a 390×844 screen the
    first article starts within two screens (it was 19 screens down)."""
    from helpers.archive import make_archive

    make_archive(tmp_path / "d", months=[(2025, 12)], issues_per_month=30, pages=(6, 8),
                 articles=(3, 5))
    out = tmp_path / "month.html"
    paper2book.write(paper2book.read(tmp_path / "d"), "html", out)
    page = browser(390, 844)
    page.go(out.as_uri())
    top = page.js("document.querySelector('main article').getBoundingClientRect().top")
    assert top < 2 * 844, f"first article at {top}px"
    assert page.js("document.querySelectorAll('nav details').length") == 30
