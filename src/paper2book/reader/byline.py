"""Bylines: ``江西日报记者 杨 静 文/图`` → byline text, authors, credit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import clean

ROLES = ("特约撰稿人", "特约记者", "摄影记者", "见习记者", "记者", "通讯员", "实习生", "撰稿人", "撰稿", "摄影")
_ROLE_RE = re.compile("|".join(ROLES))
_CREDITS = {"文/图": "文/图", "文／图": "文/图", "图/文": "图/文", "图／文": "图/文",
            "文": "文", "图": "图", "摄": "摄", "摄影": "摄"}
_SENTENCE_PUNCT = re.compile(r"[，。；;！!？?：:、“”\"…,]")
_ORNAMENT = "□■"
_CAPTION_START = ("图为", "▲", "（图片", "(图片")


@dataclass
class Byline:
    text: str
    authors: list[str]
    credit: str | None


def looks_like_caption(line: str) -> bool:
    s = clean(line)
    return s.startswith(_CAPTION_START) or s.endswith("摄")


def is_byline(line: str) -> bool:
    s = clean(line)
    if not s or len(s) > 40 or s.startswith(_CAPTION_START):
        return False
    if _SENTENCE_PUNCT.search(s):
        return False
    if s[0] in _ORNAMENT:
        return True
    return bool(_ROLE_RE.search(s))


def _join_padded_names(tokens: list[str]) -> list[str]:
    """``杨 静`` is one two-character name padded with a space, as newspapers set them."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if (len(t) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1
                and t not in _CREDITS and tokens[i + 1] not in _CREDITS):
            out.append(t + tokens[i + 1])
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def parse_byline(line: str) -> Byline:
    s = clean(line).lstrip(_ORNAMENT).strip()
    tokens = _join_padded_names(s.split(" "))
    credit = None
    if tokens and tokens[-1] in _CREDITS:
        credit = _CREDITS[tokens[-1]]
    authors: list[str] = []
    in_names = False
    for i, tok in enumerate(tokens):
        if credit and i == len(tokens) - 1:
            break
        m = None
        for m in _ROLE_RE.finditer(tok):
            pass
        if m is not None:
            rest = tok[m.end():]
            in_names = True
            if rest:
                authors.append(rest)
        elif in_names:
            authors.append(tok)
    text = " ".join(t.replace("文／图", "文/图") for t in tokens)
    return Byline(text=text, authors=authors, credit=credit)
