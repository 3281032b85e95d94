"""Text normalisation: padding, invisible controls, print punctuation.

The reader program writes ASCII punctuation where print has full-width and
pads with NBSP and U+3000; a book should read like the printed page.
"""

from __future__ import annotations

import re

from ..text import is_cjk

# NBSP and U+3000 are what the reader pads with; the typographic spaces (U+2000–U+200A,
# U+202F, U+205F) and the rest of Unicode's White_Space count as padding too, so that
# after cleaning a line has no run of spaces for a pattern to backtrack on.
PADDING = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000\t"
_PAD_RUN = re.compile(r"\s+")
# C0 (but tab) and C1 controls have no place in a book, and XML 1.0 cannot carry most;
# nor noncharacters (U+FDD0–U+FDEF and the last two code points of every plane).
_CONTROLS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f\x80-\x84\x86-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
_SEPARATORS = re.compile(r"[\u0085\u2028\u2029]")

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
_PAIRS = re.compile(r"\(([^()]*)\)")
_SIMPLE = {",": "，", ":": "：", "?": "？", "!": "！", ";": "；"}


def clean(text: str) -> str:
    """Drop controls, turn separators into spaces, collapse padding to one space."""
    text = _SEPARATORS.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return _PAD_RUN.sub(" ", text).strip(" ")


def _punct_segment(seg: str) -> str:
    def pair(m: re.Match[str]) -> str:
        before = seg[m.start() - 1] if m.start() > 0 else ""
        after = seg[m.end()] if m.end() < len(seg) else ""
        if any(is_cjk(c) for c in m.group(1)) or is_cjk(before) or is_cjk(after):
            return f"（{m.group(1)}）"
        return m.group(0)

    seg = _PAIRS.sub(pair, seg)
    out = []
    for i, ch in enumerate(seg):
        full = _SIMPLE.get(ch)
        if full:
            before = seg[i - 1] if i > 0 else ""
            after = seg[i + 1] if i + 1 < len(seg) else ""
            if not (before.isascii() and before.isdigit() and after.isascii() and after.isdigit()):
                if is_cjk(before) or is_cjk(after):
                    ch = full
        out.append(ch)
    return "".join(out)


def fullwidth_punctuation(text: str) -> str:
    """ASCII ``,:?!;()`` standing next to CJK text become their print forms; URLs untouched."""
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
    def __init__(self, punctuation: bool = True):
        self.punctuation = punctuation

    def __call__(self, text: str) -> str:
        text = clean(text)
        return fullwidth_punctuation(text) if self.punctuation else text
