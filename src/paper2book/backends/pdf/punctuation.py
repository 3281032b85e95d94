"""标点挤压: which punctuation marks print sets at half width.

A Chinese font draws each full-width mark in a one-em box, the mark on one
side and blank on the other: closing marks (``，。：”）``…) sit left,
opening marks (``“（《``…) sit right.  Two in a row (``。”`` ``：“``
``）。``) then leave a full em of blank between them, where print leaves
half: the closing mark of each such pair loses its blank half, as the
font's ``halt`` feature sets it.  Two opening marks in a row (``“‘``) keep
their width: halving the first would shift it back over what precedes it,
which poppler (so copy, search and pdftotext) reads as a line break.

Only pairs within one line are squeezed, when the line is drawn
(weasy/justify.py): a pair the line breaks between is no pair in print.
"""

from __future__ import annotations

import re

CLOSING = "，。、；：！？）》」』”’〕】〉"
OPENING = "（《「『“‘〔【〈"

_PAIR = re.compile(f"[{re.escape(CLOSING)}](?=[{re.escape(CLOSING + OPENING)}])")


def squeezed(text: str) -> list[int]:
    """Where in ``text`` a closing mark stands before another mark: it is set at half width."""
    return [m.start() for m in _PAIR.finditer(text)]
