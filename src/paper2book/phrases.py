"""Where a headline or title may break: at its own spaces first, then between words.

Chinese has no spaces between words, and a line breaker (WeasyPrint's,
a browser's) breaks between any two characters: ``重点物资运输保 / 障有力``.
``units`` cuts a text into the pieces a reader would keep on one line:

* a part between the text's own spaces of at most ``whole`` characters is
  one piece (a headline's spaces are where its lines were meant to end);
* a longer part is cut into words by jieba's dictionary (rjieba: jieba-rs,
  the same dictionary and algorithm as the Python ``jieba``, without its
  second of start-up in every volume worker); a run of single characters
  (a name the dictionary lacks, ``濂溪区``) stays together, a lone particle
  joins the word before it (``会议上``), another lone character the word
  after it (``在中央``);
* a number keeps its ``第`` and its unit (``第03版``, ``2025年``, ``12月``,
  ``5.4%``); opening marks go with what follows, closing marks, dashes and
  the ellipsis with what precedes;
* neither the first nor the last piece is one character alone.

``breakable`` sets each piece of more than one character in a
``<span class="w">`` that the style sheets keep on one line (``white-space:
nowrap``); the text itself is unchanged, so copied or extracted text reads
as before.  WeasyPrint 70 has no ``<wbr>`` and no ``word-break: auto-phrase``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markupsafe import Markup, escape

from .text import is_cjk

WHOLE = 8               # a space-delimited part this short is never broken inside
_LONGEST = 16           # a piece longer than this may break anywhere (no overflowing line)
_NUMBER = re.compile(r"[0-9０-９.．%％]+")
_OPENING = set("“‘《〈（(【「『〔［")
_CLOSING = set("”’》〉）)】」』〕］，。、：；！？,.:;!?…—·～-")
# Characters that, alone between two words, belong to the word before them: particles,
# suffixes the dictionary leaves off (获得|感),
# place-name endings (庐山|市 as the dictionary cuts it).
_PARTICLES = set("的了着过地得上下中里内外后前时们等之者性化感率市县区省州镇乡村")
_SPACES = re.compile(r"(\s+)")


@functools.lru_cache(maxsize=1)
def _cut_words() -> Any:
    # rjieba builds its default dictionary when imported (0.12 s); a Jieba() of our own
    # would build a second one.  Imported on the first long part, not with this module.
    import rjieba

    return rjieba.cut


def words(text: str) -> list[str]:
    """``text`` cut by the dictionary alone (no guessing of unknown words)."""
    return list(_cut_words()(text, False))


def _is_single(piece: str) -> bool:
    return len(piece) == 1 and is_cjk(piece) and piece not in _OPENING and piece not in _CLOSING


def _glue(tokens: list[str]) -> list[str]:
    """The dictionary's words joined into the pieces a line may not break inside."""
    pieces: list[str] = []
    i = 0
    while i < len(tokens):                  # a run of single characters stays together
        j = i + 1
        while _is_single(tokens[i]) and j < len(tokens) and _is_single(tokens[j]):
            j += 1
        pieces.append("".join(tokens[i:j]))
        i = j
    n = len(pieces)

    def backward(k: int) -> bool:
        """A lone character at ``k`` belongs to the piece before it: a particle, a
        number's unit, or nothing after it to lead."""
        return k > 0 and (pieces[k] in _PARTICLES or bool(_NUMBER.search(pieces[k - 1][-1]))
                          or k + 1 == n or pieces[k + 1][0] in _CLOSING)

    out = [pieces[0]] if pieces else []
    for k in range(1, n):
        prev, cur = pieces[k - 1], pieces[k]
        if (prev[-1] in _OPENING or cur[0] in _CLOSING
                or (_NUMBER.match(prev[-1]) and _NUMBER.match(cur[0]))
                or (_is_single(cur) and backward(k))
                or (_is_single(prev) and not backward(k - 1))):
            out[-1] += cur
        else:
            out.append(cur)
    return out


def _cut(part: str, whole: int) -> list[str]:
    if len(part) <= whole:
        return [part]
    return _glue(words(part))


@functools.lru_cache(maxsize=4096)
def units(text: str, whole: int = WHOLE) -> tuple[str, ...]:
    """``text`` as the pieces a line may end between; spaces are pieces of their own."""
    out: list[str] = []
    for part in _SPACES.split(text):
        if not part:
            continue
        out += [part] if part.isspace() else _cut(part, whole)
    # Neither the first nor the last line may hold one character alone: it joins its
    # neighbour, over a space between them if need be.
    if len(out) > 1 and len(out[-1]) == 1:
        tail = out.pop()
        if out[-1].isspace() and len(out) > 1:
            tail = out.pop() + tail
        out[-1] += tail
    if len(out) > 1 and len(out[0]) == 1:
        head = out.pop(0)
        if out[0].isspace() and len(out) > 1:
            head += out.pop(0)
        out[0] = head + out[0]
    return tuple(out)


def breakable(text: object, whole: int = WHOLE) -> Markup:
    """``text`` (escaped) with each piece of ``units`` that must not break kept in a
    ``<span class="w">``: the one filter the templates apply to titles and headings."""
    s = str(text)
    if not s:
        return Markup("")
    html: list[str] = []
    for piece in units(s, whole):
        if piece.isspace() and html and html[-1].endswith("</span>"):
            # Inside the span before it: a space alone between two elements is lost from
            # the tagged PDF's text (and the line may still break after it).
            html[-1] = html[-1][:-len("</span>")] + f"{escape(piece)}</span>"
        elif len(piece) > 1 and len(piece) <= _LONGEST and not piece.isspace():
            html.append(f'<span class="w">{escape(piece)}</span>')
        else:
            html.append(str(escape(piece)))
    return Markup("".join(html))
