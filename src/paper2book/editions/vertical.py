"""Vertical editions (``writing_mode: vertical``): what the templates need beyond CSS.

Set vertically, a number of one or two digits stands upright in one character cell
(``text-combine-upright``); the ``upright`` template filter wraps such runs in a span
for the stylesheet to style, in the template, so the model stays plain text.
Longer numbers (2025) and Latin words are turned sideways by the CSS
(``text-orientation: mixed``), as vertical print sets them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config.options import RenderOptions

# One or two ASCII digits not inside a longer run of digits, letters or a decimal.
_SHORT_NUMBER = re.compile(r"(?<![0-9A-Za-z.,])[0-9]{1,2}(?![0-9A-Za-z]|[.,][0-9])")


def upright(text: object) -> Markup:
    """``text`` escaped, each short number in ``<span class="tcy">``."""
    escaped = str(escape(text))
    return Markup(_SHORT_NUMBER.sub(lambda m: f'<span class="tcy">{m.group()}</span>', escaped))


# After the theme's rules: the root of every content document set vertically, right to
# left; paragraphs indented at the top (text-indent is inline-start); Latin and long
# numbers sideways (text-orientation: mixed), punctuation in its vertical forms through
# the font's vert feature, which vertical text turns on.  The -epub- and -webkit-
# prefixes are what Apple Books, Kobo and older Readium read.
CSS = """
/* ---- vertical edition (paper2book editions/vertical.py) ---- */
html {
  writing-mode: vertical-rl;
  -epub-writing-mode: vertical-rl;
  -webkit-writing-mode: vertical-rl;
}
body {
  text-orientation: mixed;
  -epub-text-orientation: mixed;
  -webkit-text-orientation: mixed;
  font-feature-settings: "vert" 1;
}
p { text-indent: 2em; }
.tcy {
  text-combine-upright: all;
  -epub-text-combine: horizontal;
  -webkit-text-combine: horizontal;
}
"""


def stylesheet(options: RenderOptions) -> str:
    """The rules a vertical edition adds to the theme's stylesheet (empty otherwise)."""
    return CSS if options.writing_mode == "vertical" else ""


def refuse_pdf(options: RenderOptions) -> None:
    """WeasyPrint sets no vertical text: the vertical PDF is Chromium's print of the whole
    book (backends/pdf/vertical), never typeset in WeasyPrint's parts."""
    if options.writing_mode == "vertical":
        raise ConfigError("a vertical PDF is printed whole by Chromium (backends/pdf/vertical), "
                          "not typeset by WeasyPrint")
