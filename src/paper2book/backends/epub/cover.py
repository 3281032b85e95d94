"""The EPUB cover image: a newspaper front page drawn with Pillow.

Only fonts fontconfig reports are used.  With no CJK font the image carries
no Chinese (it would be tofu); the book is still fine, since reading systems
bring their own fonts for the text itself.

Pillow is imported only to draw, and a drawn cover is kept in the user's
cache folder under a hash of everything it shows (its text, colour, masthead
image, the font files, Pillow's version and this module's code): importing
Pillow and drawing cost ~110 ms, most of converting one issue.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ...cache import user_cache
from ...config.values import image_file
from ...errors import BackendError, ConfigError
from ...fonts import MissingFontError, find_cjk_font
from ...model import Book, date_span, month_label

if TYPE_CHECKING:
    from PIL import Image, ImageFont

log = logging.getLogger("paper2book")

WIDTH, HEIGHT = 1200, 1600
MARGIN = 100
PAPER = (250, 247, 240)
INK = (26, 26, 26)
GREY = (105, 105, 105)
RED = (178, 24, 30)
# No line of the cover can show more characters than it has pixels across.
MAX_LINE = WIDTH


@dataclass
class CoverText:
    masthead: str
    dateline: str
    heading: str
    # (text, is_group_label): group labels are 版面 labels, the others headlines.
    lines: list[tuple[str, bool]] = field(default_factory=list)
    footer: str = ""
    ascii_date: str = ""


def describe(book: Book, title: str, convert: Callable[[str], str] = str) -> CoverText:
    """What the cover says, for one issue or for many; ``convert``: the edition's labels."""
    issues = book.issues
    n_pages = sum(len(i.pages) for i in issues)
    n_articles = sum(len(i.articles) for i in issues)
    if len(issues) == 1:
        issue = issues[0]
        lines: list[tuple[str, bool]] = []
        for page in issue.pages:
            lines.append((page.label, True))
            lines.extend((a.title, False) for a in page.articles)
        return CoverText(
            masthead=issue.newspaper,
            dateline=f"{issue.date_label} {issue.weekday}",
            heading=convert("本期版面"),
            lines=lines,
            footer=convert(f"共{n_pages}个版面 · {n_articles}篇文章"),
            ascii_date=issue.date.isoformat(),
        )
    papers = list(dict.fromkeys(i.newspaper for i in issues))
    first, last = min(i.date for i in issues), max(i.date for i in issues)
    dateline = date_span([first, last])
    if len(issues) <= 12:
        lines = [(f"{i.newspaper} {i.date_label} {i.weekday}", True) for i in issues]
    else:
        # A year of issues does not fit: summarise by month.
        months = Counter((i.date.year, i.date.month) for i in issues)
        lines = [(convert(f"{month_label(y, m)} · {n}期"), True) for (y, m), n in sorted(months.items())]
    # The date range has its own line, so a few papers' names make the masthead, not the title.
    masthead = "、".join(papers) if len(papers) <= 3 else title
    if title.endswith(convert("合订本")) and title.startswith(masthead + " "):
        dateline = title[len(masthead) + 1:]        # a month's or year's bound volume, as titled
    return CoverText(
        masthead=masthead,
        dateline=dateline,
        heading=convert("各期"),
        lines=lines,
        footer=convert(f"共{len(issues)}期 · {n_pages}个版面 · {n_articles}篇文章"),
        ascii_date=first.isoformat() if first == last else f"{first.isoformat()} - {last.isoformat()}",
    )


# The faces the cover is drawn with: (kind, style).
FACES = (("serif", "Bold"), ("sans", "Bold"), ("sans", "Regular"))
CACHE_SIZE = 64             # covers kept; the least recently used go first


def _font(kind: str, style: str, size: int) -> ImageFont.FreeTypeFont:
    f = find_cjk_font(kind, style=style)
    return _opened(f.path, f.index, size)


@functools.lru_cache(maxsize=32)
def _opened(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    # Opening a CJK collection costs ~2 ms, as much as drawing a cover's text: a site's
    # hundreds of covers open each face once.
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


def _line(text: str) -> str:
    """One line of at most MAX_LINE characters: line and paragraph separators would make
    Pillow draw several lines, and what is past a line's width is cut anyway."""
    return " ".join(text[:2 * MAX_LINE].split())[:MAX_LINE + 1]


class _Pen:
    """Draws in the cover's own 1200×1600 units on an image ``scale`` times that size: a
    site's 600×800 covers are drawn at their size, not drawn large and shrunk (4× the
    pixels to set and then to average)."""

    def __init__(self, img: Image.Image, scale: float = 1.0):
        from PIL import ImageDraw

        self.draw = ImageDraw.Draw(img)
        self.scale = scale

    def _xy(self, *values: float) -> list[float]:
        return [round(v * self.scale) for v in values] if self.scale != 1 else list(values)

    def font(self, kind: str, style: str, size: int) -> ImageFont.FreeTypeFont:
        return _font(kind, style, max(1, round(size * self.scale)))

    def rectangle(self, box: tuple[float, float, float, float], fill: tuple[int, int, int]) -> None:
        self.draw.rectangle(self._xy(*box), fill=fill)

    def _point(self, xy: tuple[float, float]) -> tuple[float, float]:
        x, y = self._xy(*xy)
        return x, y

    def text(self, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
             fill: tuple[int, int, int], anchor: str | None = None) -> None:
        self.draw.text(self._point(xy), text, font=font, fill=fill, anchor=anchor)

    def textlength(self, text: str, font: ImageFont.FreeTypeFont) -> float:
        return self.draw.textlength(text, font=font) / self.scale

    def bottom(self, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont, anchor: str) -> float:
        bottom = self.draw.textbbox(self._point(xy), text, font=font, anchor=anchor)[3]
        return bottom / self.scale if self.scale != 1 else bottom


def _fit(draw: _Pen, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``text``, or its longest start that fits ``width`` with "…" (found by bisection:
    a 20,000-character headline cost 35 s cut one character at a time)."""
    text = _line(text)
    if len(text) <= MAX_LINE and draw.textlength(text, font) <= width:
        return text
    lo, hi = 0, min(len(text), MAX_LINE)        # text[:lo] + "…" fits; text[:hi + 1] + "…" does not
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if draw.textlength(text[:mid] + "…", font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


def _masthead_font(draw: _Pen, text: str) -> ImageFont.FreeTypeFont:
    # Largest size that fits the measure; a long multi-paper title goes smaller.
    text = _line(text)
    size = 240
    while True:
        font = draw.font("serif", "Bold", size)
        if size <= 90 or draw.textlength(text, font) <= WIDTH - 2 * MARGIN:
            return font
        size = int(size * 0.9)


def _colour(accent: str | None) -> tuple[int, int, int]:
    from PIL import ImageColor

    if not accent:
        return RED
    try:
        # An RGB colour is a 3-tuple (an int is what a one-band mode gets).
        return cast(tuple[int, int, int], ImageColor.getcolor(accent, "RGB"))
    except ValueError:
        raise BackendError(f"masthead_color {accent!r}: not a colour the EPUB cover can draw "
                           "(use a colour name or #rrggbb)") from None


def _frame(draw: _Pen, accent: tuple[int, int, int]) -> None:
    draw.rectangle((0, 0, WIDTH, 36), fill=accent)
    draw.rectangle((MARGIN, HEIGHT - 150, WIDTH - MARGIN, HEIGHT - 147), fill=INK)
    draw.rectangle((0, HEIGHT - 36, WIDTH, HEIGHT), fill=accent)


def _paste_masthead(img: Image.Image, path: str, y: int, pen: _Pen) -> float:
    """The paper's own masthead image, scaled into the measure; returns its bottom edge."""
    from PIL import Image

    with Image.open(path) as opened:
        src = opened.convert("RGBA")
        scale = min((WIDTH - 2 * MARGIN) / src.width, 300 / src.height) * pen.scale
        size = (max(1, int(src.width * scale)), max(1, int(src.height * scale)))
        src = src.resize(size, Image.Resampling.LANCZOS)
        img.paste(src, ((img.width - size[0]) // 2, round(y * pen.scale)), src)
    return y + size[1] / pen.scale


def _draw_text(img: Image.Image, c: CoverText, accent: tuple[int, int, int] = RED,
               image: str | None = None, draw: _Pen | None = None) -> None:
    draw = draw or _Pen(img)
    head = _masthead_font(draw, c.masthead)
    date_font = draw.font("serif", "Bold", 52)
    label_font = draw.font("sans", "Bold", 40)
    line_font = draw.font("sans", "Regular", 38)
    small = draw.font("sans", "Regular", 32)
    measure = WIDTH - 2 * MARGIN

    top = 110
    y: float
    if image:
        y = _paste_masthead(img, image, top, draw) + 50
    else:
        masthead = _fit(draw, c.masthead, head, measure)
        draw.text((WIDTH // 2, top), masthead, font=head, fill=accent, anchor="ma")
        y = draw.bottom((WIDTH // 2, top), masthead, font=head, anchor="ma") + 50
    draw.rectangle((MARGIN, y, WIDTH - MARGIN, y + 8), fill=accent)
    draw.rectangle((MARGIN, y + 16, WIDTH - MARGIN, y + 18), fill=accent)
    y += 50
    draw.text((WIDTH // 2, y), _fit(draw, c.dateline, date_font, measure), font=date_font, fill=INK,
              anchor="ma")
    y += 110
    draw.text((MARGIN, y), _fit(draw, c.heading, label_font, measure), font=label_font, fill=accent)
    y += 70
    bottom = HEIGHT - 200
    for i, (text, is_label) in enumerate(c.lines):
        step = 62 if is_label else 54
        more = i + 1 < len(c.lines)
        # Keep room for the "……" that says the list goes on.
        if y + step > bottom or (more and y + step + 54 > bottom):
            draw.text((MARGIN + 28, y), "……", font=line_font, fill=GREY)
            break
        if is_label:
            draw.rectangle((MARGIN, y + 12, MARGIN + 10, y + 40), fill=accent)
            draw.text((MARGIN + 28, y), _fit(draw, text, label_font, measure - 28), font=label_font, fill=INK)
        else:
            draw.text((MARGIN + 56, y + 4), _fit(draw, text, line_font, measure - 56), font=line_font,
                      fill=GREY)
        y += step
    draw.text((WIDTH // 2, HEIGHT - 120), _fit(draw, c.footer, small, measure), font=small, fill=GREY,
              anchor="ma")


def _draw_plain(draw: _Pen, c: CoverText, accent: tuple[int, int, int]) -> None:
    from PIL import ImageFont

    draw.rectangle((MARGIN, 300, WIDTH - MARGIN, 308), fill=accent)
    draw.rectangle((MARGIN, 316, WIDTH - MARGIN, 318), fill=accent)
    try:  # Pillow's own bundled Latin font: digits only, never Chinese.
        font = ImageFont.load_default(size=max(1, round(56 * draw.scale)))
    except (OSError, TypeError, ValueError):  # pragma: no cover - Pillow without FreeType
        return
    draw.text((WIDTH // 2, 380), c.ascii_date, font=font, fill=INK, anchor="ma")


def cover_jpeg(book: Book, title: str, accent: str | None = None,
               masthead_image: str | None = None, convert: Callable[[str], str] = str) -> bytes:
    """A 1200×1600 JPEG front page, from the cache when it was drawn before."""
    if masthead_image:
        try:
            image_file(masthead_image)      # from Python the config's check has not run
        except ConfigError as e:
            raise BackendError(str(e)) from None
    c = describe(book, title, convert)
    key = _cache_key(c, accent, masthead_image)
    cached = _cached(key)
    if cached is not None:
        return cached
    data = _draw(c, accent, masthead_image)
    _keep(key, data)
    return data


def _draw(c: CoverText, accent: str | None, masthead_image: str | None) -> bytes:
    """JPEG rather than PNG: encoding is 20x faster (PNG's deflate dominated a one-issue run),
    and 4:4:4 chroma at q92 keeps the red masthead's edges clean.  Pillow writes no
    timestamps, so the bytes are reproducible.
    """
    buf = io.BytesIO()
    draw_image(c, accent, masthead_image).save(buf, format="JPEG", quality=92, subsampling=0)
    return buf.getvalue()


def draw_image(c: CoverText, accent: str | None = None, masthead_image: str | None = None,
               scale: float = 1.0) -> Image.Image:
    """The front page showing ``c``, 1200×1600 times ``scale``, not encoded (the site's
    catalogue draws it at half size)."""
    from PIL import Image

    colour = _colour(accent)
    size = (round(WIDTH * scale), round(HEIGHT * scale))
    img = Image.new("RGB", size, PAPER)
    draw = _Pen(img, scale)
    _frame(draw, colour)
    try:
        _draw_text(img, c, colour, masthead_image, draw)
    except (MissingFontError, OSError) as e:
        log.warning("no CJK font found: cover image has no text; install fonts-noto-cjk")
        log.debug("cover font failure: %s", e)
        img = Image.new("RGB", size, PAPER)
        draw = _Pen(img, scale)
        _frame(draw, colour)
        _draw_plain(draw, c, colour)
    return img


# --------------------------------------------------------------------- the cache

def _cache_key(c: CoverText, accent: str | None, masthead_image: str | None) -> str | None:
    """A hash of everything the cover shows; None when it cannot be known (no CJK font:
    that cover is drawn, with its warning, every time)."""
    import PIL

    h = hashlib.sha256(json.dumps([asdict(c), accent, PIL.__version__], ensure_ascii=False)
                       .encode("utf-8"))
    h.update(_code_stamp())
    try:
        for kind, style in FACES:
            f = find_cjk_font(kind, style=style)
            st = os.stat(f.path)
            h.update(f"\0{f.path}\0{f.index}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        if masthead_image:
            h.update(Path(masthead_image).read_bytes())
    except (MissingFontError, OSError):
        return None
    return h.hexdigest()


def _code_stamp() -> bytes:
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


def _cache_folder() -> Path | None:
    return user_cache("covers")


def _cached(key: str | None) -> bytes | None:
    folder = _cache_folder() if key else None
    if folder is None:
        return None
    path = folder / f"{key}.jpg"
    try:
        data = path.read_bytes()
        os.utime(path)               # recently used: pruned last
    except OSError:
        return None
    return data


def _keep(key: str | None, data: bytes) -> None:
    """Into the cache, atomically; a cache that cannot be written never fails a book."""
    folder = _cache_folder() if key else None
    if folder is None:
        return
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, folder / f"{key}.jpg")
        covers = sorted(folder.glob("*.jpg"), key=lambda p: p.stat().st_mtime_ns)
        for old in covers[:-CACHE_SIZE]:
            old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)


def cover_alt(book: Book, title: str, convert: Callable[[str], str] = str) -> str:
    """The cover's text alternative: what the image says, in one line."""
    c = describe(book, title, convert)
    return f"{convert('封面')}：{c.masthead} {c.dateline}，{c.footer}"
