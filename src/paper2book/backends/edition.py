"""The pass an edition makes over a book, and the theme it renders with.

``apply(book, options)`` is run by ``api.write_with_facts`` and ``api.render``
(every path of the command and of a split's workers goes through them) before a
backend sees the book.  The model is immutable: a converted edition is a new Book
(model.walk over every text but the source file names), carrying ``script`` so the
JSON records the conversion; the original text is recoverable from the dump only.

The options come back with what the edition implies: the converted title and
author, the edition's language unless one was chosen (``language:``), and Noto CJK
TC/HK faces for the font roles the user left open (when fontconfig has them).
Templates convert their own labels with the ``script`` filter (``theme_for``), and
``editions.label`` does it for labels written in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import fonts
from ..config.options import PaperSettings, RenderOptions
from ..config.schema import FONT_ROLES
from ..editions import LANGUAGES, language_for, text_converter
from ..editions.vertical import upright
from ..errors import ConfigError
from ..model import Book, walk
from ..theme import Theme, load_theme

# Faces of the Noto CJK collections per edition and font kind (Debian's fonts-noto-cjk
# has them in the same .ttc files as the SC faces).
_FACES = {"traditional": "TC", "tw": "TC", "tw-phrases": "TC", "hk": "HK"}
_FAMILIES = {"serif": "Noto Serif CJK {}", "sans": "Noto Sans CJK {}"}

# The last book converted: several formats in one run convert it once.
_last: tuple[Book, tuple[str, object], Book] | None = None


def theme_for(options: RenderOptions) -> Theme:
    """The theme ``options`` name, its labels in the options' edition (the ``script`` and
    ``upright`` template filters)."""
    theme = load_theme(options.theme, options.templates)
    theme.convert = text_converter(options)
    if options.writing_mode == "vertical":
        theme.upright = upright
    return theme


def edition_fonts(script: str | None, chosen: dict[str, str]) -> dict[str, str]:
    """``chosen`` with each open font role set to the edition's TC/HK face, if installed."""
    face = _FACES.get(script or "")
    if face is None:
        return chosen
    installed = {f.family for f in fonts.cjk_fonts()}
    out = dict(chosen)
    for role in FONT_ROLES:
        family = _FAMILIES.get(role.kind, _FAMILIES["serif"]).format(face)
        if not out.get(role.name) and family in installed:
            out[role.name] = family
    return out


def _converted_settings(settings: PaperSettings, convert: Callable[[str], str]) -> PaperSettings:
    converted = settings.copy()
    if shown := settings.get("display_name"):
        converted["display_name"] = convert(shown)
    return converted


def apply(book: Book, options: RenderOptions) -> tuple[Book, RenderOptions]:
    """The book and options of the edition the options (or the book itself) ask for."""
    global _last

    script = options.script or book.script
    if script is None:
        return book, options
    if book.script is not None and options.script not in (None, book.script):
        raise ConfigError(f"the book is already converted to script {book.script!r}; "
                          f"it cannot be made {options.script!r}")
    options = replace(options, script=script)
    convert = text_converter(options)
    if book.script is None:
        key = (script, options.script_phrases)
        if _last is not None and _last[0] is book and _last[1] == key:
            book = _last[2]
        else:
            source = book
            book = replace(walk(book, convert, files=False), script=script,
                           language=LANGUAGES[script])
            _last = (source, key, book)
    title = convert(options.title) if options.title else options.title
    author = convert(options.author) if options.author else options.author
    series = replace(options.series, name=convert(options.series.name)) if options.series else None
    # The config keys papers by the dump's name; the converted book names them converted.
    papers = {convert(name): _converted_settings(settings, convert)
              for name, settings in options.newspapers.items()}
    return book, replace(options, title=title, author=author, series=series, newspapers=papers,
                         language=language_for(options),
                         fonts=edition_fonts(script, options.fonts))
