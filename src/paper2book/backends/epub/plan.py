"""The EPUB's plan: ASCII file names, reading order, the navigation tree."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ebooklib import epub

from ...model import Article, Block, Book, Heading, Issue, Page, Paragraph

ARTICLE_ID = "article"            # the id article.xhtml.j2 gives its <article>
_PAGE_TOKEN = re.compile(r"[A-Za-z0-9]{1,12}")


@dataclass
class ArticleDoc:
    article: Article
    name: str                     # file stem and manifest id, e.g. i01-p03-a01

    @property
    def href(self) -> str:
        return f"{self.name}.xhtml"


@dataclass
class PagePlan:
    page: Page
    anchor: str
    articles: list[ArticleDoc] = field(default_factory=list)


@dataclass
class IssuePlan:
    issue: Issue
    prefix: str
    pages: list[PagePlan] = field(default_factory=list)

    @property
    def contents_name(self) -> str:
        return f"{self.prefix}-contents"

    @property
    def href(self) -> str:
        return f"{self.contents_name}.xhtml"

    @property
    def n_articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)


def _width(n: int) -> int:
    return max(2, len(str(n)))


def plan(book: Book) -> list[IssuePlan]:
    """ASCII file names: i01-p03-a01 (issue, 版 number as printed, article)."""
    plans = []
    iw = _width(len(book.issues))
    for ii, issue in enumerate(book.issues, 1):
        ip = IssuePlan(issue=issue, prefix=f"i{ii:0{iw}d}")
        seen: set[str] = set()
        for pi, page in enumerate(issue.pages, 1):
            token = page.number if _PAGE_TOKEN.fullmatch(page.number or "") else ""
            if token.isdigit():
                token = token.zfill(2)
            if not token or token.lower() in seen:   # non-ASCII or repeated numbers: by position
                token = f"x{pi:02d}"
            seen.add(token.lower())
            pp = PagePlan(page=page, anchor=f"p{token}")
            aw = _width(len(page.articles))
            for ai, article in enumerate(page.articles, 1):
                pp.articles.append(ArticleDoc(article, f"{ip.prefix}-p{token}-a{ai:0{aw}d}"))
            ip.pages.append(pp)
        plans.append(ip)
    return plans


def parts(blocks: Sequence[Block]) -> tuple[list[Paragraph], list[tuple[Heading, list[Paragraph]]]]:
    """Paragraphs before the first heading, then each heading with the paragraphs under it."""
    intro: list[Paragraph] = []
    parts: list[tuple[Heading, list[Paragraph]]] = []
    current = intro
    for b in blocks:
        if isinstance(b, Heading):
            parts.append((b, []))
            current = parts[-1][1]
        else:
            current.append(b)
    return intro, parts


def toc(plans: list[IssuePlan]) -> list:
    # A 版面 entry and its first article's entry lead to the same document; NCX playOrder wants
    # one order per target, and EPUBCheck wants targets in reading order.  So the 版面 takes the
    # document and its first article takes the <article> in it.
    def pages(ip: IssuePlan) -> list:
        return [
            (epub.Section(pp.page.label, pp.articles[0].href),
             [epub.Link(f"{d.href}#{ARTICLE_ID}" if n == 0 else d.href, d.article.title, f"toc-{d.name}")
              for n, d in enumerate(pp.articles)])
            for pp in ip.pages if pp.articles
        ]

    if len(plans) == 1:
        return pages(plans[0])
    return [(epub.Section(f"{ip.issue.newspaper} {ip.issue.date_label}", ip.href), pages(ip))
            for ip in plans]
