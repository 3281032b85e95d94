"""Bylines: ``江西日报记者 杨 静 文/图`` → byline text, authors, credit.

Every function here takes a line ``normalize.clean`` has been through (the reader
cleans each line once): single spaces, no padding at either end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("特约撰稿人", "特约记者", "摄影记者", "见习记者", "记者", "通讯员", "实习生", "撰稿人",
         "撰稿", "摄影")
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
    return line.startswith(_CAPTION_START) or line.endswith("摄")


def is_byline(line: str) -> bool:
    if not line or len(line) > 40 or line.startswith(_CAPTION_START):
        return False
    if _SENTENCE_PUNCT.search(line):
        return False
    if line[0] in _ORNAMENT:
        return True
    return bool(_ROLE_RE.search(line))


def join_padded_names(tokens: list[str], credit_last: bool = True) -> list[str]:
    """``杨 静`` is one two-character name padded with a space, as newspapers set them.

    With ``credit_last`` a last token that is a credit (``王 文`` …) stays apart: a
    credit is only ever the last token, so ``本报记者 文 静`` is the name 文静.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        credit = credit_last and i + 2 == len(tokens) and nxt in _CREDITS
        if len(t) == 1 and len(nxt) == 1 and not credit:
            out.append(t + nxt)
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def parse_byline(line: str) -> Byline:
    """The byline as printed (its ``□`` marker kept), its authors and its credit.

    Names follow a role word (记者, 通讯员 …); a line with a marker and no role word
    (``□叶青``) is names only.
    """
    body = line.lstrip(_ORNAMENT)
    marker = line[:len(line) - len(body)]
    body = body.strip()
    tokens = join_padded_names([t for t in body.split(" ") if t])
    credit = None
    if tokens and tokens[-1] in _CREDITS:
        credit = _CREDITS[tokens[-1]]
    names = tokens[:-1] if credit else tokens
    authors: list[str] = []
    in_names = bool(marker) and not any(_ROLE_RE.search(t) for t in names)
    for tok in names:
        roles = list(_ROLE_RE.finditer(tok))
        if roles:
            m = roles[-1]
            rest = tok[m.end():]
            in_names = True
            if rest:
                authors.append(rest)
        elif in_names:
            authors.append(tok)
    text = " ".join(t.replace("文／图", "文/图") for t in tokens)
    if marker:
        # As printed: ``□叶青`` stays tight, ``□ 本报记者 钱七`` keeps its space.
        text = marker + (" " if line[len(marker):len(marker) + 1] == " " else "") + text
    return Byline(text=text.strip(), authors=authors, credit=credit)
