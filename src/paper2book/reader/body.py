"""An article's content lines: captions, byline, section headings, paragraphs, editor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Heading, Paragraph
from .byline import (
    Byline,
    is_byline,
    join_padded_names,
    looks_like_caption,
    parse_byline,
)
from .normalize import Normalizer
from .screens import Line

BYLINE_WINDOW = 8
HEADING_MAX = 25
# On cleaned text (single spaces): the lazy name costs one step per character.
_EDITOR = re.compile(r"^[（(]? ?(?:责任编辑|责编|编辑) ?[:：] ?(.+?) ?[)）]?$")
_SENTENCE_END = re.compile(r"[。；;…！!][”’」』\"')）]*$")
_QUESTION_END = re.compile(r"[？?！!][”’」』\"')）]*$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、])")
_CLAUSE = re.compile(r"[，,；;]")


@dataclass
class Content:
    captions: list[str] = field(default_factory=list)
    byline: Byline | None = None
    blocks: list[Block] = field(default_factory=list)
    editor: str | None = None


def _heading_candidate(text: str) -> bool:
    if _SENTENCE_END.search(text):
        return False
    return len(text) <= HEADING_MAX or bool(_NUMBERED.match(text))


def _lone_heading(text: str) -> bool:
    return not _QUESTION_END.search(text) and not _CLAUSE.search(text)


def classify_body(texts: list[str]) -> list[Block]:
    """Short lines are section headings; in pairs, the second is the heading's subtitle.

    A lone short question between paragraphs is rhetorical, i.e. a paragraph;
    a heading must have body text after it.
    """
    blocks: list[Block] = []
    i, n = 0, len(texts)
    while i < n:
        t = texts[i]
        cand = _heading_candidate(t) and i < n - 1
        if cand and i + 2 < n and _heading_candidate(texts[i + 1]) \
                and not _QUESTION_END.search(texts[i + 1]):
            blocks.append(Heading(text=t, subtitle=texts[i + 1]))
            i += 2
            continue
        if cand and _lone_heading(t):
            blocks.append(Heading(text=t))
        else:
            blocks.append(Paragraph(text=t))
        i += 1
    return blocks


def split_content(lines: list[Line], norm: Normalizer) -> Content:
    """Lines are cleaned once, as screens are split; ``norm.finish`` makes them model text."""
    out = Content()
    texts = [line.text for line in lines]
    if texts:
        m = _EDITOR.match(texts[-1])
        if m:
            out.editor = norm.finish(" ".join(join_padded_names(m.group(1).split(" "), credit_last=False)))
            texts = texts[:-1]
    b = next((i for i, t in enumerate(texts[:BYLINE_WINDOW]) if is_byline(t)), None)
    if b is not None:
        out.captions = [norm.finish(t) for t in texts[:b]]
        out.byline = parse_byline(texts[b])
        body = texts[b + 1:]
    else:
        k = 0
        while k < len(texts) - 1 and looks_like_caption(texts[k]):
            k += 1
        out.captions = [norm.finish(t) for t in texts[:k]]
        body = texts[k:]
    out.blocks = classify_body([norm.finish(t) for t in body])
    return out
