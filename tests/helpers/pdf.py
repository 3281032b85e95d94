"""Books for the PDF tests and benchmark, built from the model (no reader needed),
and poppler-based measurements of the PDFs they produce (tests that use them are
marked ``external("poppler")``)."""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from paper2book.model import WEEKDAYS, Article, Book, Heading, Issue, Page, Paragraph

# test_pdf and the benchmark reach the seed through this module (H.SEED, H.seed_book).
from .seed import ROOT, SEED, SEED_CAPTIONS, SEED_HEADINGS, seed_article, seed_book, seed_paragraphs  # noqa: F401

TITLES = [
    ("", "全市经济运行稳中有进", "前三季度主要指标好于预期"),
    ("聚焦高质量发展", "产业链上党旗红", ""),
    ("", "老旧小区改造惠及万余户居民", ""),
    ("", "秋冬种植面积稳中有增", "农技人员深入田间地头开展指导"),
    ("", "一条老街的新生", ""),
    ("坚持人民至上", "让群众办事更便捷", "政务服务“一窗通办”全面推开"),
    ("", "长江岸线生态修复见成效", ""),
    ("", "职业教育走出产教融合新路子", "校企共建实训基地二十余个"),
    ("", "非遗工坊带动群众就业增收", ""),
    ("", "冬季旅游市场持续升温", ""),
    ("", "消费新场景激发城市新活力", "夜间经济成为拉动内需新引擎"),
    ("", "科技特派员扎根乡村", ""),
    ("", "优化营商环境 激发市场活力", ""),
    ("", "全民健身热潮涌动", "城乡体育设施网络日益完善"),
    ("守护一江清水", "河湖长制落地见效", ""),
    ("", "数字赋能基层治理", ""),
    ("", "文化惠民演出走进社区", ""),
    ("", "小微企业融资难题有了新解法", "“银企对接会”促成授信三十亿元"),
    ("", "乡村振兴的“领头雁”", ""),
    ("", "安全生产大检查全面展开", ""),
    ("", "让每一粒粮食颗粒归仓", ""),
    ("", "城市更新留住烟火气", ""),
    ("", "养老服务网络织密织牢", "居家社区机构协调发展"),
    ("", "新能源汽车产业集群加快成长", ""),
]
PAGE_NAMES = ["要闻", "综合", "专版", "经济", "社会", "文化", "理论", "体育", "县区", "视点"]
PEOPLE = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周涛", "吴敏"]


def _sentences() -> list[str]:
    text = "".join(seed_paragraphs())
    parts = re.findall(r"[^。！？]+[。！？]”?", text)
    return [p for p in parts if len(p) > 8]


def make_article(rng: random.Random, n_paragraphs: int, sentences: list[str],
                 heads: tuple[str, str, str] | None = None) -> Article:
    kicker, title, subtitle = heads or rng.choice(TITLES)
    blocks: list = []
    for k in range(n_paragraphs):
        if k and k % 6 == 0:
            q = rng.choice(list(SEED_HEADINGS))
            blocks.append(Heading(q, SEED_HEADINGS[q]))
        blocks.append(Paragraph("".join(rng.sample(sentences, rng.randint(1, 4)))))
    name = rng.choice(PEOPLE)
    n_caps = rng.choice([0, 0, 1, 2])
    return Article(
        kicker=kicker or None, title=title, subtitle=subtitle or None,
        byline=f"本报记者 {name}", authors=[name],
        captions=[rng.choice(SEED_CAPTIONS) for _ in range(n_caps)],
        blocks=blocks,
    )


def make_issue(pages: int, per_page: int, *, seed: int = 1, paragraphs: tuple[int, int] = (4, 12),
               newspaper: str = "九江日报", date: dt.date = dt.date(2025, 12, 3)) -> Book:
    rng = random.Random(seed)
    sentences = _sentences()
    # Headlines differ within a 版面: the reader merges an article saved twice.
    issue = Issue(newspaper, date, [
        Page(f"{n:02d}", PAGE_NAMES[(n - 1) % len(PAGE_NAMES)],
             [make_article(rng, rng.randint(*paragraphs), sentences, heads)
              for heads in rng.sample(TITLES, per_page)])
        for n in range(1, pages + 1)
    ])
    return Book(title=f"{newspaper} {issue.date_label}", issues=[issue])


def to_dump(book: Book, capture: dt.date | None = None) -> str:
    """The book as the e-paper reader would have saved it, one screen per article."""
    out = []
    for issue in book.issues:
        cap = capture or issue.date + dt.timedelta(days=3)
        for page in issue.pages:
            for a in page.articles:
                head = [x for x in (a.kicker, a.title, a.subtitle and "——" + a.subtitle) if x]
                label = f"第{page.number}版" + (f":{page.name}" if page.name else "")
                out += ["电子报阅读机", cap.isoformat(), WEEKDAYS[cap.weekday()],
                        f"当前报纸名称:{issue.newspaper}", "", *head, "",
                        f"日期:{issue.date:%m-%d}", "字号:",
                        f"版面:{label}\u00a0\u00a0\u00a0 上一篇 \u00a0下一篇", ""]
                for c in a.captions:
                    out += [f"  {c}", ""]
                if a.byline:
                    out += [f"  {a.byline}", ""]
                for b in a.blocks:
                    if isinstance(b, Heading):
                        out += [f"  {b.text}", ""] + ([f"  {b.subtitle}", ""] if b.subtitle else [])
                    else:
                        out += [f"  {b.text}", ""]
    return "\n".join(out) + "\n"


# ---- measuring PDFs with poppler -------------------------------------------

def pdftotext(pdf: Path, *args: str, page: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8", *args]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    header, rule, rows = out[0], out[1], out[2:]
    # Columns are fixed-width, delimited by the dashes of the rule line.
    spans, pos = [], 0
    for chunk in rule.split(" "):
        spans.append((pos, pos + len(chunk)))
        pos += len(chunk) + 1
    names = [header[a:b].strip() for a, b in spans]
    return [{n: row[a:b].strip() for n, (a, b) in zip(names, spans, strict=True)} for row in rows]


@dataclass
class Line:
    page: int
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    text: str


def bbox_lines(pdf: Path) -> tuple[list[Line], list[tuple[float, float]]]:
    """Every text line poppler finds (in its reading order), and page sizes."""
    xhtml = pdftotext(pdf, "-bbox-layout").encode()
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True, huge_tree=True))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    lines, sizes = [], []
    for n, page in enumerate(root.iterfind(".//h:page", ns), 1):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        for line in page.iterfind(".//h:line", ns):
            words = line.findall("h:word", ns)
            lines.append(Line(n, float(line.get("xMin")), float(line.get("xMax")),
                              float(line.get("yMin")), float(line.get("yMax")),
                              "".join(w.text or "" for w in words)))
    return lines, sizes


def pdf_bytes(book: Book, options=None, *, watcher=None) -> bytes:
    """The PDF the ``pdf`` backend writes for ``book``; ``watcher`` sees its stages and page
    counts (paper2book.reporting)."""
    import tempfile

    import paper2book
    from paper2book import reporting

    with tempfile.TemporaryDirectory(prefix="p2b-test-") as tmp, reporting.watched_by(watcher):
        out = paper2book.write(book, "pdf", Path(tmp) / "book.pdf", options)
        return out.read_bytes()


def outline(pdf: Path) -> list[tuple[int, str, int, float, float]]:
    """Every bookmark, in order: its level (1 the top), title, page (from 1), how far
    below the page's top it points and the page's height, in pt."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    out: list[tuple[int, str, int, float, float]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            n = reader.get_destination_page_number(item)
            height = float(reader.pages[n].mediabox.height)
            out.append((level, item.title, n + 1, height - float(item.top), height))
    walk(reader.outline, 1)
    return out
