"""The CSS the backend itself contributes around the theme's ``pdf.css``.

Three layers, in cascade order:
  1. ``structure``: bookmarks and running-head strings every theme relies on,
     and the newspaper defaults (A4, two columns) as custom properties;
  2. the theme's ``pdf.css``, which may override any of that (the ``book``
     theme sets A5 and one column);
  3. ``overrides``: options the user set (config file or flags), which win
     over the theme.

Option values end up inside CSS, so they are validated here, not escaped.
"""

from __future__ import annotations

import re

from ...config.options import RenderOptions
from ...config.schema import FONT_ROLES, ROLES, chosen_fonts, fallback_families, top_option
from ...config.values import PAPER_NAMES, columns, margins, page_room, paper_size

# What the newspaper look and any theme that does not set its own rely on.
DEFAULT_PAPER = top_option("paper").fallback
DEFAULT_COLUMNS = top_option("columns").fallback

STRUCTURE = """
/* Outline: (a volume's 总目录), issue > 版面 > article; nothing else becomes a bookmark. */
h1, h2, h3, h4, h5, h6 { bookmark-level: none; }
.volume-toc-title { bookmark-level: 1; bookmark-label: content(); }
.front .paper { bookmark-level: 1; bookmark-label: attr(data-bookmark); }
.band-title { bookmark-level: 2; bookmark-label: attr(data-bookmark); }
.article .title { bookmark-level: 3; bookmark-label: content(); }
/* A volume's front matter typeset apart from its issues is told their first pages. */
.volume-issues a[data-page]::after { content: leader('…') "\\2002" attr(data-page); }
/* Running heads read these strings. */
.front .paper { string-set: p2b-paper attr(data-name); }
.front .dateline { string-set: p2b-date attr(data-date); }
.band { string-set: p2b-label attr(data-label); }
/* An article starts on a page only with three lines of body under its head
   block (weasy/keep.py); heads and caption boxes are never split. */
.article { --p2b-keep-lines: 3; }
.headline, .photo, .section { break-inside: avoid; }
/* The editor's line ends the article, never a page of its own. */
.editor { break-before: avoid; }
/* Titles and headings break between words only (the phrases filter, phrases.py). */
.w { white-space: nowrap; }
"""


_NARROW = {"A5", "A6", "JIS-B5"}
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def toc_columns(paper: str) -> int:
    """Two contents columns on paper at least about A4 wide, else one."""
    size = paper_size(paper)
    words = size.split()
    if words[0] in PAPER_NAMES.values():
        return 2 if (words[0] not in _NARROW or words[-1] == "landscape") else 1
    m = re.match(r"([\d.]+)(mm|cm|in|pt)", words[0])
    return 2 if m and float(m.group(1)) * _MM[m.group(2)] >= 170 else 1


def _family_stack(names: list[str], generic: str) -> str:
    seen = list(dict.fromkeys(names))
    return ", ".join([f'"{n}"' for n in seen] + [generic])


def _variables(size: str | None, cols: int | None, fonts: dict[str, list[str]],
               fallbacks: list[str]) -> str:
    lines = []
    if cols is not None:
        lines.append(f"--p2b-columns: {cols};")
    for role, names in fonts.items():
        stack = _family_stack([*names, *fallbacks], ROLES[role].generic)
        lines.append(f"--p2b-font-{role}: {stack};")
    css = ":root {\n  " + "\n  ".join(lines) + "\n}\n" if lines else ""
    if size is not None:
        css += f"@page {{ size: {size}; }}\n"
    return css


def margins_css(value: str) -> str:
    """The user's margins, mirrored on left pages (inner and outer swap)."""
    top, outer, bottom, inner = margins(value)
    return (f"@page {{ margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page :right {{ margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page :left {{ margin: {top} {inner} {bottom} {outer}; }}\n"
            f"@page :nth(1 of issue) {{ margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page volume {{ margin: {top} {outer} {bottom} {inner}; }}\n")


def option_css(options: RenderOptions, cjk: dict[str, str]) -> tuple[str, str]:
    """(structure + defaults, overrides).

    ``cjk`` maps each font role to an installed CJK family; it follows a
    chosen family so no Chinese glyph falls back to a font without Chinese.
    The fallback families come last, before the generic family: they are
    there only for what the CJK fonts lack (rare ideographs, emoji).
    """
    size = paper_size(options.paper) if options.paper else None
    cols = columns(options.columns) if options.columns is not None else None
    page_room(options.paper, options.margins, cols)
    chosen = chosen_fonts(options.fonts)
    fallbacks = fallback_families(options.fallback_fonts)
    defaults = _variables(paper_size(DEFAULT_PAPER), DEFAULT_COLUMNS,
                          {r.name: [cjk[r.name]] for r in FONT_ROLES}, fallbacks)
    overrides = _variables(size, cols, {role: [name, cjk[role]] for role, name in chosen.items()},
                           fallbacks)
    if options.margins:
        overrides += margins_css(options.margins)
    if not options.recto_starts:        # the themes begin each issue of a volume on a recto
        overrides += ".volume ~ .issue { break-before: page; }\n"
    return STRUCTURE + defaults, overrides
