"""Text normalisation: padding, invisible controls, print punctuation.

The reader program writes ASCII punctuation where print has full-width and
pads with NBSP and U+3000; a book should read like the printed page.
"""

from __future__ import annotations

import re

# NBSP and U+3000 are what the reader pads with; the typographic spaces (U+2000–U+200A,
# U+202F, U+205F) and the rest of Unicode's White_Space count as padding too, so that
# after cleaning a line has no run of spaces for a pattern to backtrack on.
PADDING = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\t"
_PAD_RUN = re.compile(r"\s+")
# C0 (but tab) and C1 controls have no place in a book, and XML 1.0 cannot carry most;
# nor noncharacters (U+FDD0–U+FDEF and the last two code points of every plane).  The
# astral ones are a class of their own, looked for only in text that has astral
# characters: a class with code points past U+FFFF has no bitmap and cost 4x the time.
# (Classes are written so that compiling them is quick: the compiler fills a table entry
# by entry for each range below U+FFFF, 14 ms for [^\x00-\uffff] at every start-up.)
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f\x80-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
# text.is_cjk as a character class (a test checks them code point by code point): the
# pass below is two regular expressions instead of a Python loop over every character.
_CJK = "[\U00020000-\U000323af“”‘’—…·\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CJK_RE = re.compile(_CJK)
_PAIRS = re.compile(r"\(([^()]*)\)")
_SIMPLE = {",": "，", ":": "：", "?": "？", "!": "！", ";": "；"}
# A mark beside a Chinese character is print's.  (Between two ASCII digits it never is:
# neither neighbour is then Chinese, so "3,000" and "10:30" need no rule of their own.)
# The mark first, so the engine scans for it; the look back then spans the mark itself.
_SIMPLE_NEAR_CJK = re.compile(f"[,:?!;](?:(?<={_CJK}.)|(?={_CJK}))")
_ANY_MARK = re.compile(r"[,:?!;()]")


def clean(text: str) -> str:
    """Drop controls, turn separators into spaces, collapse padding to one space.

    The separators U+0085, U+2028 and U+2029 are whitespace to ``\\s``: the padding
    pass makes them spaces.
    """
    text = _CONTROLS.sub("", text)
    if _ASTRAL.search(text):
        text = _ASTRAL_NONCHARACTERS.sub("", text)
    return _PAD_RUN.sub(" ", text).strip(" ")


def _pair(m: re.Match[str]) -> str:
    """``(…)`` holding Chinese or standing next to it becomes ``（…）``."""
    s, start, end = m.string, m.start(), m.end()
    if (_CJK_RE.search(m[1]) or (start and _CJK_RE.match(s, start - 1))
            or _CJK_RE.match(s, end)):
        return f"（{m[1]}）"
    return m[0]


def _simple(m: re.Match[str]) -> str:
    return _SIMPLE[m[0]]


def _punct_segment(seg: str) -> str:
    # Pairs first: a mark's neighbours are then looked at with the pairs already converted,
    # each mark against the others as the dump has them (one pass, lookarounds only).
    if "(" in seg:
        seg = _PAIRS.sub(_pair, seg)
    return _SIMPLE_NEAR_CJK.sub(_simple, seg)


def fullwidth_punctuation(text: str) -> str:
    """ASCII ``,:?!;()`` standing next to CJK text become their print forms; URLs untouched."""
    if not _ANY_MARK.search(text):
        return text
    parts, last = [], 0
    for m in _URL.finditer(text):
        # Trailing punctuation belongs to the sentence, not the URL.
        url = m.group(0).rstrip(",.;:!?)")
        parts.append(_punct_segment(text[last:m.start()]))
        parts.append(url)
        last = m.start() + len(url)
    parts.append(_punct_segment(text[last:]))
    return "".join(parts)


class Normalizer:
    """Model text from a dump's text: ``norm(raw)`` cleans and punctuates;
    ``norm.finish(line)`` only punctuates, for a line ``clean`` has been through
    (the reader cleans each line once, as it splits screens)."""

    def __init__(self, punctuation: bool = True):
        self.punctuation = punctuation

    def __call__(self, text: str) -> str:
        return self.finish(clean(text))

    def finish(self, cleaned: str) -> str:
        return fullwidth_punctuation(cleaned) if self.punctuation else cleaned
