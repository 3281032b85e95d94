"""One WeasyPrint pass: a book, or one part of a volume, to PDF bytes.

A render builds the PDF in six steps, one function for each:

  missing_glyphs characters no installed font has, printed as 〓 or refused (glyphs.py);
  stylesheets    the backend's CSS (css.py) around the theme's ``pdf.css``;
  html_document  the theme's ``pdf/book.html.j2`` filled in (template.py);
  lay_out        WeasyPrint's pages (counted on the progress line as they come; numbered
                 anew for a part of a volume when weasy/renumber.py is off);
  justify        Chinese lines made flush (weasy/justify.py);
  write          the PDF in the options' variant, tagged by default (weasy/structure.py).

A book of several issues is rendered so once per issue and merged (volume.py;
backend.py chooses).
The last three run inside ``weasy.patched()``: WeasyPrint with
paper2book's patches, for this render only, each where WeasyPrint's
internals are as tested (weasy/patches.py).  The registry imports this
module whenever ``pdf`` is asked for, so WeasyPrint is loaded (through
weasy/) only once a render starts: hence the imports inside functions.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ... import fonts, reporting
from ...config import schema
from ...config.options import RenderOptions
from ...errors import BackendError, ConfigError
from ...model import Book
from ...theme import Theme
from ..cleaning import prepare
from ..edition import theme_for
from . import css, glyphs, template
from .part import VolumePart

if TYPE_CHECKING:
    from .fetcher import RestrictedFetcher
    from .weasy import Session
    from .weasy.hints import Document, FontConfig, LaidOut, Stylesheet

log = logging.getLogger("paper2book")

STYLESHEET = "pdf.css"


def cjk_families() -> dict[str, str]:
    """Installed CJK families for body, heads and captions; MissingFontError if there are none."""
    if not fonts.has_cjk_font():
        raise fonts.MissingFontError(
            "PDF output needs a Chinese (CJK) font and fontconfig finds none; "
            f"{fonts.INSTALL_HINT} (or fonts-wqy-zenhei), then run again")
    return fonts.role_families()


def render_book(book: Book, options: RenderOptions, part: VolumePart | None = None, *,
                count_only: bool = False,
                renumber: Callable[[int], int] | None = None) -> tuple[bytes | None, int]:
    """The PDF of ``book`` in one WeasyPrint pass, and its page count; or of one ``part``
    of a volume (volume.py), whose book the volume has already prepared and checked.
    ``count_only``: lay the pages out, count them, draw nothing.  ``renumber(pages)``:
    the number of the first page, asked once the pages are laid out (weasy/renumber.py)."""
    if part is None:
        book = prepare(book, options)
    if not book.articles and (part is None or part.index > 0):
        raise BackendError("the book has no articles to typeset")
    schema.pdf_variant(options.pdf_variant)
    families = cjk_families()
    structure_css, overrides = css.option_css(options, families)
    if template.left_first(part):           # recto_starts off: this issue begins on a verso
        overrides += "html { break-before: left; }\n"
    if part is None:
        book = missing_glyphs(book, options, options.fonts.get("body") or families["body"])
    from . import weasy
    from .fetcher import RestrictedFetcher

    if part is not None and part.shared_text and weasy.usable("fontshare"):
        _warm_fonts(options, families, part.shared_text)
    variant = _variant(options.pdf_variant, weasy.variants())
    weasy.warn_if_slow_subsetting()
    theme = theme_for(options)
    fetcher = RestrictedFetcher(theme.roots)
    font_config = weasy.FontConfiguration()
    sheets = stylesheets((structure_css, overrides), theme, font_config, fetcher)
    document = html_document(book, options, theme, fetcher, part)
    with weasy.patched() as session:
        if part is not None:
            session.shared_text = part.shared_text
        session.renumber = renumber
        laid_out = lay_out(document, sheets, font_config, session)
        if renumber is not None and not session.renumbers:
            laid_out = numbered_again(laid_out, document, sheets, font_config, session)
        if count_only:
            return None, len(laid_out.pages)
        justify(laid_out, session)
        return write(laid_out, book, options, session, variant), len(laid_out.pages)


def _warm_fonts(options: RenderOptions, families: dict[str, str], text: str) -> None:
    """The volume's glyphs in each role's regular and bold faces, found before layout
    (weasy/fontshare.py)."""
    import gc

    from .weasy import fontshare

    wanted = {*families.values(), *options.fonts.values()}
    fontshare.warm([(f.path, f.index) for f in fonts.cjk_fonts()
                    if f.family in wanted and f.style in ("Regular", "Bold")], text)
    gc.collect()


def _variant(name: str, known: tuple[str, ...] | None) -> str | None:
    """WeasyPrint's ``pdf_variant`` for the option (None: its plain, untagged PDF); ``known``:
    the variants WeasyPrint writes (None: not known, WeasyPrint judges)."""
    if name == schema.NO_VARIANT:
        return None
    if known is not None and name not in known:
        raise ConfigError(f"this WeasyPrint writes no PDF variant {name!r}; it knows "
                          f"{', '.join(known)}")
    return name


def missing_glyphs(book: Book, options: RenderOptions, family: str) -> Book:
    """``book`` with what no installed font has printed as 〓, and one warning; or refused."""
    found = glyphs.find(book, family)
    if not found:
        return book
    if options.strict_glyphs:
        raise fonts.MissingFontError(glyphs.message(found, strict=True))
    log.warning("%s", glyphs.message(found, strict=False))
    return glyphs.replace(book, found)


def stylesheets(css_layers: tuple[str, str], theme: Theme, font_config: FontConfig,
                fetcher: RestrictedFetcher) -> list[Stylesheet]:
    """In cascade order: the backend's structure and defaults, the theme's, the user's options."""
    from .weasy import CSS

    structure, overrides = css_layers
    style_file = theme.style_file(STYLESHEET)
    return [
        CSS(string=structure, font_config=font_config, url_fetcher=fetcher),
        CSS(string=style_file.read_text(encoding="utf-8"),
            base_url=style_file.parent.as_uri() + "/",
            font_config=font_config, url_fetcher=fetcher),
        CSS(string=overrides, font_config=font_config, url_fetcher=fetcher),
    ]


def html_document(book: Book, options: RenderOptions, theme: Theme, fetcher: RestrictedFetcher,
                  part: VolumePart | None = None) -> Document:
    from .weasy import HTML

    return HTML(string=template.render_html(book, options, theme, part),
                base_url=template.base_url(theme), url_fetcher=fetcher)


def lay_out(document: Document, sheets: list[Stylesheet], font_config: FontConfig,
            session: Session) -> LaidOut:
    """WeasyPrint's pages, counted on the progress line (a terminal only) as they come."""
    from .weasy.layout_progress import counting

    reporting.stage("PDF: laying out pages…")
    with counting(reporting.stage if reporting.showing() else None):
        laid_out = document.render(stylesheets=sheets, font_config=font_config)
    if session.line_cache is not None:
        log.debug("PDF line cache: %d hits, %d misses",
                  session.line_cache.hits, session.line_cache.misses)
    return laid_out


def numbered_again(laid_out: LaidOut, document: Document, sheets: list[Stylesheet],
                   font_config: FontConfig, session: Session) -> LaidOut:
    """A part of a volume laid out as if it began on page 1, without weasy/renumber.py: its
    page count published, and laid out again from the first page ``session.renumber`` gives."""
    from .weasy import CSS

    assert session.renumber is not None     # render_book calls this only with one
    first = session.renumber(len(laid_out.pages))
    if first == 1:
        return laid_out
    start = CSS(string=f"@page :first {{ counter-set: page {int(first)} }}",
                font_config=font_config)
    return lay_out(document, [*sheets, start], font_config, session)


def justify(laid_out: LaidOut, session: Session) -> None:
    """Chinese lines made flush, where the draw hook is in (a warning said so if not)."""
    if not session.justifies:
        return
    from .weasy.justify import justify_pages

    reporting.stage(f"PDF: justifying lines on {len(laid_out.pages)} pages…")
    log.debug("PDF justification: %s", justify_pages(laid_out.pages))


def write(laid_out: LaidOut, book: Book, options: RenderOptions, session: Session,
          variant: str | None) -> bytes:
    from . import weasy

    reporting.stage(f"PDF: writing {len(laid_out.pages)} pages…")
    # Every variant is tagged, the archival and print ones too (PDF/A-3b,
    # PDF/X allow it); only "none" is WeasyPrint's plain output.
    tagged = variant is not None
    if session.artifacts is not None and tagged:
        from .weasy import structure

        session.artifacts.update(structure.collect(laid_out.pages))
    weasy.usable("notdef")          # only to warn: what glyphs.watch hears may have changed
    out = io.BytesIO()
    with glyphs.watch() as missing:
        laid_out.write_pdf(out, pdf_variant=variant, pdf_tags=tagged)
    if missing.chars:
        # Text the book's walk does not reach (names from the config), or a font
        # that claims a character it cannot draw.
        found = glyphs.places(book, missing.chars)
        if options.strict_glyphs:
            raise fonts.MissingFontError(glyphs.message(found, strict=True))
        log.warning("%s", glyphs.message(found, strict=False, shown_as="drawn as empty boxes"))
    return out.getvalue()
