"""The ``pdf`` backend: a print-ready newspaper book through WeasyPrint.

A render builds the PDF in six steps, one function for each:

  missing_glyphs characters no installed font has, printed as 〓 or refused (glyphs.py);
  stylesheets    the backend's CSS (css.py) around the theme's ``pdf.css``;
  html_document  the theme's ``pdf/book.html.j2`` filled in (template.py);
  lay_out        WeasyPrint's pages (counted on the progress line as they come);
  justify        Chinese lines made flush (weasy/justify.py);
  write          the PDF in the options' variant, tagged by default (weasy/structure.py).

A book of several issues is rendered so once per issue and merged (volume.py).
The last three run inside ``weasy.patched()``: WeasyPrint with
paper2book's patches, for this render only.  The registry imports this
module whenever ``pdf`` is asked for, so WeasyPrint is loaded (through
weasy/) only once a render starts: hence the imports inside functions.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ... import fonts
from ...config import schema
from ...config.options import RenderOptions
from ...errors import BackendError, ConfigError
from ...model import Book
from ...theme import Theme, theme_for
from .._shared import prepare
from . import css, glyphs, preload, runtime, template

log = logging.getLogger("paper2book")

STYLESHEET = "pdf.css"


def cjk_families() -> dict[str, str]:
    """Installed CJK families for body, heads and captions; MissingFontError if there are none."""
    if not fonts.has_cjk_font():
        raise fonts.MissingFontError(
            "PDF output needs a Chinese (CJK) font and fontconfig finds none; "
            f"{fonts.INSTALL_HINT} (or fonts-wqy-zenhei), then run again")
    return fonts.role_families()


class PdfBackend:
    name = "pdf"
    extension = ".pdf"
    description = "print-ready PDF: newspaper pages, running heads, bookmarks (WeasyPrint)"

    def write(self, book: Book, path: Path, options: RenderOptions) -> dict[str, int]:
        """Writes the PDF; returns its page count for the CLI's summary.  A book of several
        issues is typeset issue by issue and merged (volume.py)."""
        if options.writing_mode == "vertical":
            raise ConfigError("a vertical PDF needs an engine that sets vertical text; WeasyPrint "
                              "does not (writing_mode: vertical is for EPUB and HTML)")
        if len(book.issues) > 1:
            from . import volume

            return {"pages": volume.write(book, Path(path), options)}
        data, pages = runtime.call(render_book, book, options)
        Path(path).write_bytes(data)
        return {"pages": pages}

    def render(self, book: Book, options: RenderOptions) -> bytes:
        if len(book.issues) > 1:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="paper2book-") as tmp:
                out = Path(tmp) / "book.pdf"
                self.write(book, out, options)
                return out.read_bytes()
        return runtime.call(render_book, book, options)[0]


def render_book(book: Book, options: RenderOptions, part: template.Part | None = None, *,
                count_only: bool = False, renumber=None) -> tuple[bytes | None, int]:
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
    if part is None:
        book = missing_glyphs(book, options, options.fonts.get("body") or families["body"])
    from . import weasy
    from .fetcher import RestrictedFetcher

    if part is not None and part.shared_text:
        _warm_fonts(options, families, part.shared_text)
    variant = _variant(options.pdf_variant, weasy.variants())
    preload.warn_if_slow_subsetting()
    theme = theme_for(options)
    fetcher = RestrictedFetcher(theme.roots)
    font_config = weasy.FontConfiguration()
    sheets = stylesheets((structure_css, overrides), theme, font_config, fetcher)
    document = html_document(book, options, theme, fetcher, part)
    with weasy.patched() as session:
        if part is not None:
            session.shared_text = part.shared_text
        session.renumber = renumber
        count_pages(session, book, options)
        laid_out = lay_out(document, sheets, font_config, session, options)
        if count_only:
            return None, len(laid_out.pages)
        justify(laid_out, session, options)
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


def _variant(name: str, known: tuple[str, ...]) -> str | None:
    """WeasyPrint's ``pdf_variant`` for the option (None: its plain, untagged PDF)."""
    if name == schema.NO_VARIANT:
        return None
    if name not in known:
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


def stylesheets(css_layers: tuple[str, str], theme: Theme, font_config, fetcher) -> list:
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


def html_document(book: Book, options: RenderOptions, theme: Theme, fetcher,
                  part: template.Part | None = None):
    from .weasy import HTML

    return HTML(string=template.render_html(book, options, theme, part),
                base_url=template.base_url(theme), url_fetcher=fetcher)


def count_pages(session, book: Book, options: RenderOptions) -> None:
    """Count 版面 and pages on the progress line while WeasyPrint works (a terminal only)."""
    update = getattr(options.progress, "update", None)
    if session.pages is not None and update is not None:
        session.pages.watch(update, [f"i{i}-p{p}" for i, issue in enumerate(book.issues, 1)
                                     for p in range(1, len(issue.pages) + 1)])


def lay_out(document, sheets: list, font_config, session, options: RenderOptions):
    options.stage("PDF: laying out pages…")
    laid_out = document.render(stylesheets=sheets, font_config=font_config)
    if session.pages is not None:
        session.pages.to_draw = len(laid_out.pages)
    if session.line_cache is not None:
        log.debug("PDF line cache: %d hits, %d misses",
                  session.line_cache.hits, session.line_cache.misses)
    return laid_out


def justify(laid_out, session, options: RenderOptions) -> None:
    from .weasy import warn_untested
    from .weasy.justify import justify_pages

    options.stage(f"PDF: justifying lines on {len(laid_out.pages)} pages…")
    if session.justifies:
        log.debug("PDF justification: %s", justify_pages(laid_out.pages))
    else:
        warn_untested()


def write(laid_out, book: Book, options: RenderOptions, session, variant: str | None) -> bytes:
    from .weasy import structure

    options.stage(f"PDF: writing {len(laid_out.pages)} pages…")
    # Every variant is tagged, the archival and print ones too (PDF/A-3b,
    # PDF/X allow it); only "none" is WeasyPrint's plain output.
    tagged = variant is not None
    if session.shapes_structure and tagged:
        session.artifacts.update(structure.collect(laid_out.pages))
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
