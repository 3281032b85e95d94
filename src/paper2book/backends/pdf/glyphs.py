"""Characters no installed font has: printed as 〓 with one warning, or refused.

One rare name must not cost a year's volume its PDF.  Before layout,
``find`` looks every character of the book up in what the installed fonts
cover (fonts.uncovered): the font stacks end in fallbacks for rare
ideographs and emoji (schema.FALLBACK_FONTS), so what is left has no glyph
anywhere.  By default those characters become ``REPLACEMENT`` in the text
and one warning lists each with its code point and where it stands; with
``strict_glyphs`` the PDF is refused instead.

Private-use code points count as missing whatever a font says: their
meaning is private to whoever typed them (a newspaper system's own rare
characters), so a font's glyph there would be a guess.

WeasyPrint itself logs each character it draws as ``.notdef``; ``watch``
collects those while the PDF is written, for text the book's walk does not
reach (names from the config) and for a font that claims more than it has.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import unicodedata
from collections.abc import Iterable, Iterator

from ... import fonts
from ...model import Article, Book, texts, walk

# U+3013 GETA MARK: the compositor's mark for a character the type case lacks,
# in Chinese and Japanese printing alike; every CJK font has it.
REPLACEMENT = "〓"
_SHOWN = 12          # characters named in the message
_PLACES = 3          # places named per character


def _private(ch: str) -> bool:
    return unicodedata.category(ch) == "Co"


def _drawn(ch: str) -> bool:
    """Whether ``ch`` needs a glyph: spaces, controls, format characters
    (zero-width joiners) and variation selectors are drawn as nothing."""
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
        return False
    return not ("\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")


def _printed(book: Book) -> Iterator[tuple[Article | None, str]]:
    """The book's texts that are set on a page: the title goes to the metadata only."""
    return itertools.islice(texts(book), 1, None)


def find(book: Book, family: str) -> dict[str, list[str]]:
    """Each character no installed font has, in order of first use, with where it stands."""
    used = dict.fromkeys(ch for _, text in _printed(book) for ch in text)
    candidates = [ch for ch in used if _drawn(ch)]
    lacking = set(fonts.uncovered([c for c in candidates if not _private(c)], family) or ())
    lacking |= {c for c in candidates if _private(c)}
    return places(book, [ch for ch in candidates if ch in lacking])


def places(book: Book, chars: list[str]) -> dict[str, list[str]]:
    """Where the book has each of ``chars`` (text from the config: nowhere)."""
    found: dict[str, list[str]] = {ch: [] for ch in chars}
    for article, text in _printed(book):
        for ch in found.keys() & set(text):
            if _place(article) not in found[ch]:
                found[ch].append(_place(article))
    return found


def _place(article: Article | None) -> str:
    if article is None:
        return "a paper or page name"
    src = f"{article.source.file}:{article.source.line} " if article.source else ""
    return f"{src}({article.title})"


def replace(book: Book, chars: Iterable[str]) -> Book:
    """``book`` with each of ``chars`` printed as REPLACEMENT (the metadata's title keeps them)."""
    table = str.maketrans(dict.fromkeys(chars, REPLACEMENT))
    printed = walk(book, lambda text: text.translate(table))
    return Book(title=book.title, issues=printed.issues, language=book.language)


def message(found: dict[str, list[str]], strict: bool, shown_as: str = "") -> str:
    """The one warning (or refusal) naming each character; ``shown_as``: how it is printed."""
    shown = []
    for ch, where_used in list(found.items())[:_SHOWN]:
        where = f" in {'; '.join(where_used[:_PLACES])}" if where_used else ""
        shown.append(f"{ch} (U+{ord(ch):04X}){where}")
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    head = f"no installed font has {', '.join(shown)}{more}"
    missing = fonts.missing_fallbacks()
    install = (f"install the fallback fonts (apt-get install {' '.join(missing)}) or another font"
               if missing else "install a font")
    advice = (f"{install} that covers them and name its family in fallback_fonts: (or a role "
              "under fonts:) in paper2book.yaml")
    if strict:
        return f"{head}; not writing a PDF with missing characters (strict_glyphs). To go on, {advice}"
    shown_as = shown_as or f"printed as {REPLACEMENT} (U+{ord(REPLACEMENT):04X})"
    return (f"{head}; {shown_as}. To print them, {advice}; strict_glyphs: true "
            "(--strict-glyphs) refuses such a PDF")


class _MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint had to draw as .notdef boxes."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.chars: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if ".notdef" in str(record.msg) and isinstance(record.args, tuple) and record.args:
            ch = str(record.args[0])
            if ch not in self.chars:
                self.chars.append(ch)


@contextlib.contextmanager
def watch() -> Iterator[_MissingGlyphs]:
    """The characters WeasyPrint finds no glyph for inside the block: ``.chars``."""
    handler = _MissingGlyphs()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    try:
        yield handler
    finally:
        wlog.removeHandler(handler)

