"""标点挤压: adjacent full-width punctuation set in one and a half ems, not two.

A Chinese font draws each full-width mark in a one-em box, the mark on one
side and blank on the other: closing marks (``，。：”）``…) sit left,
opening marks (``“（《``…) sit right.  Two in a row (``。”`` ``：“``
``）。``) then leave a full em of blank between them, where print leaves
half.  We set the closing mark of each such pair at half width with the
font's ``halt`` feature, which only narrows its advance.  Two opening
marks in a row (``“‘``) keep their full width: the feature would shift
the first one back over what precedes it, and poppler (so copy, search
and pdftotext) then reads the text as broken into two lines.

The marks are wrapped in ``<span class="p2b-halt">`` in the document's
text (css.py gives the class the feature), so the text itself, line
breaking and the line-start and line-end rules are untouched.
"""

from __future__ import annotations

import re

CLOSING = "，。、；：！？）》」』”’〕】〉"
OPENING = "（《「『“‘〔【〈"
CLASS = "p2b-halt"

_RUN = re.compile(f"[{re.escape(CLOSING + OPENING)}]{{2,}}")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = re.compile(r"<(title|style|script)\b", re.I)


def halved(run: str) -> set[int]:
    """Which marks of a run of punctuation are set at half width: each closing mark but the last."""
    return {k for k in range(len(run) - 1) if run[k] in CLOSING}


def _squeeze_run(m: re.Match) -> str:
    run = m.group(0)
    half = halved(run)
    return "".join(f'<span class="{CLASS}">{c}</span>' if k in half else c
                   for k, c in enumerate(run))


def squeeze(html: str) -> str:
    """``html`` with the marks to halve wrapped, in the text of its ``<body>`` only.

    Tags, attribute values and the text of ``title``, ``style`` and
    ``script`` elements are left as they are.
    """
    head, body_tag, body = html.partition("<body")
    if not body_tag:
        return html
    parts = _TAG.split(body)
    skipping = None
    for k, part in enumerate(parts):
        if k % 2:                                   # a tag
            opened = _SKIP.match(part)
            if opened:
                skipping = opened.group(1).lower()
            elif skipping and part.lower().startswith(f"</{skipping}"):
                skipping = None
        elif k and not skipping:                    # text (parts[0] is the rest of <body …>)
            parts[k] = _RUN.sub(_squeeze_run, part)
    return head + body_tag + "".join(parts)
