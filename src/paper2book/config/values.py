"""Option values that end up inside CSS, XML or metadata: validated once, here, for
the config schema and for every backend (so the command line, the config file and
the Python API accept and refuse the same things).
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
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_NAMED_COLOUR = re.compile(r"^[a-zA-Z]{3,20}$")
# BCP 47 well-formedness, simplified: a 2-3 letter language (or 4-8 for registered ones),
# then subtags of 1-8 letters or digits (zh-CN, zh-Hans-CN, en-US-x-private).
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
# Characters no metadata field may hold: C0/C1 controls (tab included), noncharacters.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


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
    """``#rgb``, ``#rrggbb`` or a CSS colour name: what the PDF, the EPUB's CSS and the
    cover image (Pillow) can all draw; ``transparent`` or ``rgb()`` are refused."""
    if isinstance(value, str) and (_HEX_COLOUR.match(value) or (
            _NAMED_COLOUR.match(value) and value.lower() in _colour_names())):
        return value
    raise ConfigError(f"{value!r} is not a colour such as '#b00000' or 'darkred'")


def _colour_names() -> frozenset[str]:
    from PIL import ImageColor  # only when a colour name is checked: Pillow costs start-up

    return frozenset(ImageColor.colormap)


def is_colour(value: str | None) -> bool:
    try:
        colour(value)  # type: ignore[arg-type]
    except ConfigError:
        return False
    return True


def language(value: str) -> str:
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ConfigError(f"language {value!r} is not a language tag such as zh-CN or zh-Hans")
    return value


def plain_text(value: str) -> str:
    """A title, author or identifier: not empty, no control characters."""
    if not value.strip():
        raise ConfigError("must not be empty")
    bad = _CONTROL.search(value)
    if bad:
        raise ConfigError(f"must not hold control characters (U+{ord(bad.group()):04X})")
    return value
