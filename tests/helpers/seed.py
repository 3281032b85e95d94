"""The seed dump's article built by hand from the model, for writer tests and benchmarks.

Writer tests start from the model, not from the reader: this is what the
reader should produce for the seed, with the text taken from the dump.
"""

from __future__ import annotations

import datetime as dt

from paper2book.model import Article, Book, Heading, Issue, Page, Paragraph, Source
from paper2book.reader.normalize import Normalizer

from . import ROOT

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"

SEED_HEADINGS = {
    "怎样“链得上”？": "沿着产业链，织密建强组织链",
    "如何“链得紧”？": "依托党建链，优化畅通服务链",
    "何以“链得强”？": "拓展创新链，精准赋能发展链",
}
SEED_CAPTIONS = [
    "党建活动让上下游企业代表坐在一起，供需对接、难题共解。",
    "“帮办超市”全天候服务。",
    "党建工作指导员上门询问辖区企业用人需求。",
]
SEED_BYLINE = "江西日报记者"


def _content_lines() -> list[str]:
    norm = Normalizer()
    lines = (norm(line) for line in SEED.read_text(encoding="utf-8").splitlines()
             if line.startswith("  "))
    return [t for t in lines if t]


def seed_paragraphs() -> list[str]:
    """The seed's body paragraphs (headings and their subtitles left out), normalised."""
    skip = set(SEED_CAPTIONS) | set(SEED_HEADINGS) | set(SEED_HEADINGS.values())
    return [t for t in _content_lines() if t not in skip and not t.startswith(SEED_BYLINE)]


def seed_article() -> Article:
    blocks: list = []
    subtitles = set(SEED_HEADINGS.values())
    for t in _content_lines():
        if t in SEED_HEADINGS:
            blocks.append(Heading(t, SEED_HEADINGS[t]))
        elif not (t in subtitles or t in SEED_CAPTIONS or t.startswith(SEED_BYLINE)):
            blocks.append(Paragraph(t))
    return Article(title="党建聚链 产业焕新", byline="江西日报记者 杨静 文/图", authors=["杨静"],
                   credit="文/图", captions=list(SEED_CAPTIONS), blocks=blocks,
                   source=Source(file=str(SEED), line=6))


def seed_book(*articles: Article) -> Book:
    """The seed's issue and 版面, holding ``articles`` (the seed's article when none is given):
    the model is immutable, so a test changes an article with ``dataclasses.replace``."""
    issue = Issue("九江日报", dt.date(2025, 12, 3), [Page("03", "专版", articles or [seed_article()])])
    return Book(title="九江日报 2025年12月3日", issues=[issue])
