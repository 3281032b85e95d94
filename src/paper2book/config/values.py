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


# Width × height in mm of the named sizes, portrait.
PAPER_MM = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "B4": (250, 353),
    "B5": (176, 250), "JIS-B4": (257, 364), "JIS-B5": (182, 257), "letter": (215.9, 279.4),
    "legal": (215.9, 355.6), "ledger": (279.4, 431.8),
}
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
# A page must hold a column of a few characters and a few lines, else WeasyPrint sets a
# character a page (a 3-page dump became 1,622 pages on 1mm paper); and no sheet is larger
# than a poster.
MIN_PAPER_MM, MAX_PAPER_MM = 50.0, 1500.0
MIN_COLUMN_MM, MIN_TEXT_HEIGHT_MM = 25.0, 40.0


def _mm(length: str) -> float:
    m = re.match(r"^(\d+(?:\.\d+)?)([a-z]*)$", length.strip().lower())
    if not m:
        raise ConfigError(f"not a length: {length!r}")
    return float(m.group(1)) * _MM.get(m.group(2), 0.0)


def paper_mm(paper: str) -> tuple[float, float]:
    """The paper's width and height in mm (``paper_size`` checks the name)."""
    size = paper_size(paper)
    name, _, orient = size.partition(" ")
    if name in PAPER_MM:
        w, h = PAPER_MM[name]
        return (h, w) if orient == "landscape" else (w, h)
    return _mm(name), _mm(orient)


def page_room(paper: str | None, margin: str | None, cols: int | None) -> None:
    """ConfigError unless the paper is of a sheet's size and its margins leave each of
    ``cols`` columns a few characters' width and the page a few lines.  Unset values are
    taken at the smallest a built-in theme uses (A5, 20 mm, one column)."""
    w, h = paper_mm(paper) if paper else PAPER_MM["A5"]
    shown = f"paper {paper!r}" if paper else "the theme's paper"
    if not (MIN_PAPER_MM <= w <= MAX_PAPER_MM and MIN_PAPER_MM <= h <= MAX_PAPER_MM):
        raise ConfigError(f"{shown} is {w:g}×{h:g} mm; each side must be "
                          f"{MIN_PAPER_MM:g} to {MAX_PAPER_MM:g} mm")
    top, outer, bottom, inner = (_mm(v) for v in margins(margin)) if margin else (20.0,) * 4
    n = cols or 1
    if (w - outer - inner) / n < MIN_COLUMN_MM or h - top - bottom < MIN_TEXT_HEIGHT_MM:
        raise ConfigError(
            f"margins {margin or 'of the theme'} leave no room on {shown} for {n} column(s): "
            f"each needs {MIN_COLUMN_MM:g} mm across and the page {MIN_TEXT_HEIGHT_MM:g} mm of text")


MAX_IMAGE_BYTES = 16 << 20
MAX_IMAGE_PIXELS = 40_000_000       # a masthead scanned at 1200 dpi across an A3 sheet
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml"}


def image_file(path: str) -> str:
    """``path`` if it is a regular file of a known image type, at most MAX_IMAGE_BYTES and
    (but for SVG) MAX_IMAGE_PIXELS; ConfigError otherwise (``/dev/zero`` would never end)."""
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read image: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError(f"{path}: image is not a regular file")
    ext = os.path.splitext(path)[1].lower()
    if ext not in IMAGE_TYPES:
        raise ConfigError(f"{path}: image must be PNG, JPEG, GIF, WebP or SVG")
    if st.st_size > MAX_IMAGE_BYTES:
        raise ConfigError(f"{path}: image is larger than {MAX_IMAGE_BYTES >> 20} MiB")
    if ext != ".svg":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as img:          # reads the header only
                w, h = img.size
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as e:
            raise ConfigError(f"{path}: not a readable image: {e}") from None
        if w * h > MAX_IMAGE_PIXELS:
            raise ConfigError(f"{path}: image of {w}×{h} pixels is over {MAX_IMAGE_PIXELS:,}")
    return path


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
