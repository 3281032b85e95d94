"""What search compares: an article's texts folded, and a query's terms.

Both sides go through the same fold, one code point for one code point, so a
position found in folded text is a position in the text as printed: full-width
ASCII forms (``，`` ``：`` ``Ａ`` ``１``) become their ASCII twins, Latin capitals
small letters, and every space a plain space.  The reader prints ``,`` next to
Chinese as ``，`` but keeps ``3,000``; after the fold ``台风,`` and ``台风，``
are one query.  The browser's search.js and hl.js carry the same table.

An article is searched field by field (kicker, headline, subtitle, byline,
captions, paragraphs, section headings and their lines, editor): a term never
matches across two of them, so the index joins them with a newline, which no
term holds.
"""

from __future__ import annotations

import re

from ..model import Article, Heading
from ..reader.normalize import PADDING, clean

SEPARATOR = "\n"
MAX_TERMS = 8
MAX_TERM = 64

_FOLD: dict[int, int | str] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})     # Ａ → a
_FOLD.update({ord(c): " " for c in PADDING})
FOLD = _FOLD
_FOLD_CHARS = {chr(k): chr(v) if isinstance(v, int) else v for k, v in _FOLD.items()}
# A class of what changes, looked for with a regular expression: str.translate with a
# table goes through Python's mapping protocol for every character (3x slower).
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLD_CHARS)) + "]")


def _folded(m: re.Match[str]) -> str:
    return _FOLD_CHARS[m[0]]


def fold(text: str) -> str:
    return _FOLDABLE.sub(_folded, text)


def fields(a: Article) -> list[str]:
    """The article's texts in reading order, each searched on its own."""
    out = [a.kicker, a.title, a.subtitle, a.byline, *a.captions]
    for b in a.blocks:
        out.append(b.text)
        if isinstance(b, Heading):
            out.append(b.subtitle)
    out.append(a.editor)
    return [t for t in out if t]


def article_text(a: Article) -> str:
    """The article as search sees it, fields joined by SEPARATOR (not folded)."""
    return SEPARATOR.join(f.replace(SEPARATOR, " ") for f in fields(a))


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, folded: cleaned as the reader cleans a line, split
    at spaces; at most MAX_TERMS terms of MAX_TERM characters."""
    out: list[str] = []
    for term in fold(clean(query)).split(" "):
        term = term[:MAX_TERM]
        if term and term not in out:
            out.append(term)
            if len(out) == MAX_TERMS:   # not later: each term is looked for among those kept
                break
    return out
