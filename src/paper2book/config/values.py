"""Option values that end up inside CSS: validated once, here, for the config
schema and for every backend (so the command line, the config file and the
Python API accept and refuse the same things).
"""

from __future__ import annotations

import re

from ..errors import ConfigError

PAPER_NAMES = {
    "a3": "A3", "a4": "A4", "a5": "A5", "a6": "A6", "b4": "B4", "b5": "B5",
    "jis-b4": "JIS-B4", "jis-b5": "JIS-B5", "letter": "letter", "legal": "legal",
    "ledger": "ledger",
}
LENGTH = r"\d{1,4}(?:\.\d{1,3})?(?:mm|cm|in|pt)"
_CUSTOM = re.compile(rf"^({LENGTH})\s*[x×* ]\s*({LENGTH})$", re.I)
_MARGIN_VALUE = re.compile(rf"^{LENGTH}$|^0$", re.I)
_FAMILY = re.compile(r"^[\w .\-+&'()（）]{1,80}$")
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$")


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


def columns(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3:
        raise ConfigError(f"columns must be 1, 2 or 3, not {value!r}")
    return value


def margins(value: str) -> tuple[str, str, str, str]:
    """``top outer bottom inner`` in CSS shorthand order, 1 to 4 lengths."""
    parts = (value or "").split()
    if not 1 <= len(parts) <= 4 or not all(_MARGIN_VALUE.match(p) for p in parts):
        raise ConfigError(f"margins must be 1 to 4 lengths such as '18mm 15mm', not {value!r}")
    top = parts[0]
    outer = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    inner = parts[3] if len(parts) > 3 else outer
    return top, outer, bottom, inner


def family(name: str, role: str) -> str:
    name = (name or "").strip()
    if not _FAMILY.match(name):
        raise ConfigError(f"font family for {role!r} is not a font name: {name!r}")
    return name


def colour(value: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise ConfigError(f"{value!r} is not a colour such as '#b00000' or 'darkred'")
    return value


def is_colour(value: str | None) -> bool:
    return isinstance(value, str) and bool(_COLOUR.match(value))
