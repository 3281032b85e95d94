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
from dataclasses import dataclass

from ..errors import ConfigError
from ..options import RenderOptions

DEFAULT_PAPER = "A4"
DEFAULT_COLUMNS = 2

PAPER_NAMES = {
    "a3": "A3", "a4": "A4", "a5": "A5", "a6": "A6", "b4": "B4", "b5": "B5",
    "jis-b4": "JIS-B4", "jis-b5": "JIS-B5", "letter": "letter", "legal": "legal",
    "ledger": "ledger",
}
_LENGTH = r"\d{1,4}(?:\.\d{1,3})?(?:mm|cm|in|pt)"
_CUSTOM = re.compile(rf"^({_LENGTH})\s*[x×* ]\s*({_LENGTH})$", re.I)
_FAMILY = re.compile(r"^[\w .\-+&'()（）]{1,80}$")

FONT_ROLES = ("body", "heads", "captions")

STRUCTURE = """
/* Outline: issue > 版面 > article; nothing else becomes a bookmark. */
h1, h2, h3, h4, h5, h6 { bookmark-level: none; }
.front .paper { bookmark-level: 1; bookmark-label: attr(data-bookmark); }
.band-title { bookmark-level: 2; bookmark-label: attr(data-bookmark); }
.article .title { bookmark-level: 3; bookmark-label: content(); }
/* Running heads read these strings. */
.front .paper { string-set: p2b-paper attr(data-name); }
.front .dateline { string-set: p2b-date attr(data-date); }
.band { string-set: p2b-label attr(data-label); }
"""


@dataclass(frozen=True)
class PageSetup:
    size: str          # a CSS ``size`` value
    columns: int


def paper_size(paper: str) -> str:
    """``A5``, ``a5 landscape``, ``148mm x 210mm`` → a CSS page size; anything else is refused."""
    words = (paper or "").strip().lower().split()
    orient = ""
    if words and words[-1] in ("landscape", "portrait"):
        orient = " " + words.pop()
    name = " ".join(words)
    if name in PAPER_NAMES:
        return PAPER_NAMES[name] + orient
    m = _CUSTOM.match(name)
    if m and not orient:
        return f"{m.group(1)} {m.group(2)}"
    raise ConfigError(
        f"unknown paper size {paper!r}; use one of {', '.join(sorted(set(PAPER_NAMES.values())))}"
        " (optionally 'landscape'), or WIDTHxHEIGHT such as 148mmx210mm")


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


def columns(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3:
        raise ConfigError(f"columns must be 1, 2 or 3, not {value!r}")
    return value


def family(name: str, role: str) -> str:
    name = (name or "").strip()
    if not _FAMILY.match(name):
        raise ConfigError(f"font family for {role!r} is not a font name: {name!r}")
    return name


def _family_stack(names: list[str], generic: str) -> str:
    seen = list(dict.fromkeys(names))
    return ", ".join([f'"{n}"' for n in seen] + [generic])


def _variables(size: str | None, cols: int | None, fonts: dict[str, list[str]]) -> str:
    lines = []
    if cols is not None:
        lines.append(f"--p2b-columns: {cols};")
    generic = {"body": "serif", "heads": "sans-serif", "captions": "sans-serif"}
    for role, names in fonts.items():
        lines.append(f"--p2b-font-{role}: {_family_stack(names, generic[role])};")
    css = ":root {\n  " + "\n  ".join(lines) + "\n}\n" if lines else ""
    if size is not None:
        css += f"@page {{ size: {size}; }}\n"
    return css


_MARGIN_VALUE = re.compile(rf"^{_LENGTH}$|^0$", re.I)


def margins(value: str) -> str:
    """``top outer bottom inner`` (CSS shorthand order, 1–4 lengths), mirrored on left pages."""
    parts = (value or "").split()
    if not 1 <= len(parts) <= 4 or not all(_MARGIN_VALUE.match(p) for p in parts):
        raise ConfigError(f"margins must be 1 to 4 lengths such as '18mm 15mm', not {value!r}")
    top = parts[0]
    outer = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    inner = parts[3] if len(parts) > 3 else outer
    return (f"@page {{ margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page :right {{ margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page :left {{ margin: {top} {inner} {bottom} {outer}; }}\n"
            f"@page front {{ margin: {top} {outer} {bottom} {inner}; }}\n")


def option_css(options: RenderOptions, cjk: dict[str, str]) -> tuple[str, str]:
    """(structure + defaults, overrides).

    ``cjk`` maps each font role to an installed CJK family; it stays last in
    every stack so no glyph falls back to a font without Chinese.
    """
    size = paper_size(options.paper) if options.paper else None
    cols = columns(options.columns) if options.columns is not None else None
    chosen = {role: family(options.fonts[role], role)
              for role in FONT_ROLES if options.fonts.get(role)}
    unknown = set(options.fonts) - set(FONT_ROLES)
    if unknown:
        raise ConfigError(f"unknown font role(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(FONT_ROLES)}")
    defaults = _variables(paper_size(DEFAULT_PAPER), DEFAULT_COLUMNS,
                          {role: [cjk[role]] for role in FONT_ROLES})
    overrides = _variables(size, cols, {role: [name, cjk[role]] for role, name in chosen.items()})
    if options.margins:
        overrides += margins(options.margins)
    return STRUCTURE + defaults, overrides
