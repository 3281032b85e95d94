"""Books built by hand for the EPUB writer tests (writer tests start from the model)."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from paper2book.model import Article, Book, Heading, Issue, Page, Paragraph

from .seed import seed_article

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}

def _short(title: str, n: int, *, kicker=None, subtitle=None, authors=(), editor=None) -> Article:
    return Article(
        title=title, kicker=kicker, subtitle=subtitle,
        byline=("本报记者 " + " ".join(authors)) if authors else None,
        authors=list(authors), editor=editor,
        blocks=[Paragraph(text=f"{title}的第{k}段正文，内容充实。") for k in range(1, n + 1)],
    )


def two_paper_book() -> Book:
    """Two issues of two papers: 九江日报 (two 版面) and 江西日报 (lettered 版面)."""
    a = Issue(newspaper="九江日报", date=dt.date(2025, 12, 3), pages=[
        Page(number="01", name="要闻", articles=[
            _short("全市经济运行稳中向好", 3, kicker="前三季度数据出炉", authors=["张三"]),
            _short("冬季旅游线路发布", 2, subtitle="十条线路串起山水人文", authors=["李四", "张三"]),
        ]),
        Page(number="03", name="专版", articles=[seed_article()]),
    ])
    b = Issue(newspaper="江西日报", date=dt.date(2025, 12, 4), pages=[
        Page(number="A01", name=None, articles=[_short("全省冬春农业生产部署", 4, editor="孙八")]),
        Page(number="B02", name="理论", articles=[
            _short("以党建引领产业链发展", 2, authors=["王五"]),
            _short("读懂新质生产力", 2),
        ]),
    ])
    return Book(title="九江日报、江西日报 2025年12月3日—4日", issues=[a, b])


HOSTILE = "正文<script>alert('x')</script> & ]]> 😀 𠀀 end"


def hostile_book() -> Book:
    art = Article(
        title="标题<b>粗</b> & ]]>",
        kicker="引题 <i>",
        subtitle="副题 & 😀",
        byline="本报记者 <张三>",
        authors=["<张三>"],
        captions=["说明<img src=x onerror=alert(1)>"],
        blocks=[
            Paragraph(text=HOSTILE),
            Heading(text="小标题 <h1>", subtitle="副 & 𠀀"),
            Paragraph(text="控制字符\x00\x01\x08\x0b\x0c\x1f\x7f\x85\ufffe留下文字"),
            Paragraph(text="<![CDATA[ x ]]> &amp; &lt;p&gt;"),
        ],
    )
    issue = Issue(newspaper="测试报<script>", date=dt.date(2025, 1, 2),
                  pages=[Page(number="01", name="要闻&", articles=[art])])
    return Book(title="测试报 <script> 2025年1月2日", issues=[issue])


# ------------------------------------------------------------------ reading the package

class Package:
    """An EPUB opened for XPath checks."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.zip = zipfile.ZipFile(self.path)
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.xpath("//c:rootfile/@full-path", namespaces=NS)[0]
        self.base = self.opf_path.rpartition("/")[0]
        self.opf = self.xml(self.opf_path)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def doc(self, href: str) -> etree._Element:
        return self.xml(f"{self.base}/{href}" if self.base else href)

    def x(self, el: etree._Element, path: str) -> list:
        return el.xpath(path, namespaces=NS)

    def manifest(self) -> dict[str, dict[str, str]]:
        return {i.get("id"): dict(i.attrib) for i in self.x(self.opf, "//opf:manifest/opf:item")}

    def spine_hrefs(self) -> list[str]:
        m = self.manifest()
        return [m[r]["href"] for r in self.x(self.opf, "//opf:spine/opf:itemref/@idref")]

    def nav(self) -> etree._Element:
        href = self.x(self.opf, "//opf:manifest/opf:item[contains(@properties,'nav')]/@href")[0]
        return self.doc(href)

    def meta(self, prop: str) -> list[str]:
        return [e.text for e in self.x(self.opf, f"//opf:metadata/opf:meta[@property='{prop}']")]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.x(self.opf, f"//opf:metadata/dc:{name}")]


def render_pages(epub: Path, out_pattern: str, pages: str = "1-3") -> None:
    """Pages of ``epub`` drawn as PNGs by mupdf (tests that call it are ``external("mutool")``)."""
    subprocess.run(["mutool", "draw", "-q", "-o", out_pattern, "-r", "60", str(epub), pages],
                   check=True, capture_output=True, timeout=120)
