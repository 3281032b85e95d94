"""标点挤压 as a line is drawn: the closing mark of a pair within it set at half width.

punctuation.py says which marks.  What squeezing one takes is the font's
own ``halt`` feature: measured once per font and size (``Fonts``), it is
applied to the laid-out line (justify.py narrows the text boxes, so the
line's spacing and its end account for it) and then to the glyphs drawn:
the mark's advance in its ``TJ`` string shrinks by what ``halt`` takes
off it, and its glyph moves as ``halt`` would move it.

Squeezing after line breaking, not before, is what leaves the text boxes
and WeasyPrint's line breaking as they are (a pair set in boxes of its own
costs an eighth of the layout); lines then break as if no mark were
squeezed, and justification spreads what squeezing frees.  Only text drawn
one glyph per character is squeezed (ideographs, marks, digits), so the
k-th glyph of the string is the k-th character: Latin letters may join
into ligatures, dashes into one long dash.

This reaches into WeasyPrint's text drawing: justify.draw_first_line,
patched in for one render (see __init__.py), calls ``squeeze_glyphs``.
"""

from __future__ import annotations

import re

from weasyprint.text.ffi import FROM_UNITS
from weasyprint.text.line_break import Layout

from ..punctuation import CLOSING, OPENING, squeezed
from .hints import Box, Style

MARKS = "_p2b_squeezed"          # on a TextBox: {index in its text: (saving, shift)}

ONE_GLYPH_EACH = re.compile(f"[\\u3400-\\u4dbf\\u4e00-\\u9fff0-9{re.escape(CLOSING + OPENING)}]+")


def _geometry(style: Style, text: str) -> tuple[float, float]:
    """Advance and horizontal offset of the single glyph ``text`` is shaped into."""
    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    glyph = line.runs[0].data.glyphs.glyphs[0]
    return glyph.geometry.width * FROM_UNITS, glyph.geometry.x_offset * FROM_UNITS


class Fonts:
    """What ``halt`` does to each closing mark, per font and size: one render's measurements."""

    def __init__(self) -> None:
        self._cache: dict[tuple, dict[str, tuple[float, float]]] = {}

    def savings(self, style: Style) -> dict[str, tuple[float, float]]:
        """Closing mark -> (advance saved, glyph shift); empty when the font has no ``halt``."""
        key = (tuple(style["font_family"]), style["font_weight"], style["font_style"],
               style["font_stretch"], style["font_size"], style["font_feature_settings"])
        found = self._cache.get(key)
        if found is None:
            halted = style.copy()
            own = style["font_feature_settings"]
            halted["font_feature_settings"] = (() if own == "normal" else tuple(own)) + (("halt", 1),)
            found = {}
            for mark in CLOSING:
                width, _ = _geometry(style, mark)
                half, shift = _geometry(halted, mark)
                if 0 < width - half <= width / 2 + 0.01:
                    found[mark] = (width - half, shift)
            self._cache[key] = found
        return found

    def mark(self, leaves: list) -> float:
        """Note on the line's text boxes which of their marks to squeeze; return the width freed.

        Pairs are found in the line's text as a whole (a headline's last
        characters, kept together, are a box of their own).
        """
        text = "".join(box.text for box in leaves)
        where = squeezed(text)
        if not where:
            return 0.0
        freed, start, k = 0.0, 0, 0
        for box in leaves:
            end = start + len(box.text)
            mine = []
            while k < len(where) and where[k] < end:
                mine.append(where[k] - start)
                k += 1
            if mine and ONE_GLYPH_EACH.fullmatch(box.text):
                savings = self.savings(box.style)
                marks = {i: savings[box.text[i]] for i in mine if box.text[i] in savings}
                if marks:
                    setattr(box, MARKS, marks)
                    freed += sum(saving for saving, _ in marks.values())
            start = end
        return freed


# A TJ string: runs of 4-digit glyph codes in <>, and numbers between them.
_TOKEN = re.compile(rb"<([0-9a-f]*)>|(-?[0-9.]+(?:e[+-]?[0-9]+)?)")


def _number(value: float) -> bytes:
    return f"{value:.3f}".rstrip("0").rstrip(".").encode()


def squeeze_glyphs(ops: list, start: int, box: Box, font_size: float) -> None:
    """Shrink the advance of ``box``'s squeezed marks in the TJ strings drawn since ``ops[start]``."""
    marks = getattr(box, MARKS, None)
    if not marks:
        return
    index = 0
    for i in range(start, len(ops)):
        op = ops[i]
        if not (isinstance(op, bytes) and op.startswith(b"[") and op.endswith(b"] TJ")):
            continue
        out: list[bytes] = []
        for m in _TOKEN.finditer(op[1:-4]):
            hexes, number = m.groups()
            if number is not None:
                out.append(number)
                continue
            glyphs = [hexes[k:k + 4] for k in range(0, len(hexes), 4)]
            run: list[bytes] = []
            for glyph in glyphs:
                squeeze = marks.get(index)
                index += 1
                if squeeze is None:
                    run.append(glyph)
                    continue
                saving, shift = squeeze
                # TJ numbers are thousandths of the font size, subtracted from the position.
                if run:
                    out.append(b"<" + b"".join(run) + b">")
                    run = []
                if shift:
                    out.append(_number(-shift / font_size * 1000))
                out.append(b"<" + glyph + b">")
                out.append(_number((saving + shift) / font_size * 1000))
            if run:
                out.append(b"<" + b"".join(run) + b">")
        ops[i] = b"[" + b"".join(out) + b"] TJ"
