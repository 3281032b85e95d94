"""The ``pdf`` backend: a print-ready newspaper book through WeasyPrint.

HTML comes from the theme's Jinja2 templates (``pdf/book.html.j2``), print
CSS from its ``pdf.css``; see pdf_css.py for how options reach the CSS and
pdf_justify.py for how Chinese lines are made flush.  WeasyPrint is imported
here only, and this module only when the registry is asked for ``pdf``.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import io
import logging
from collections.abc import Iterator
from pathlib import Path

from ... import __version__, fonts
from ...errors import BackendError
from ...model import Book
from ...config.options import RenderOptions
from ...theme import Theme, load_theme
from . import css as pdf_css, preload as pdf_import, runtime as pdf_runtime

log = logging.getLogger("paper2book")

TEMPLATE = "pdf/book.html.j2"
STYLESHEET = "pdf.css"


def cjk_families() -> dict[str, str]:
    """Installed CJK families for body, heads and captions; MissingFontError if there are none."""
    if not fonts.has_cjk_font():
        raise fonts.MissingFontError(
            "PDF output needs a Chinese (CJK) font and fontconfig finds none; "
            f"{fonts.INSTALL_HINT} (or fonts-wqy-zenhei), then run again")
    return fonts.role_families()


@functools.lru_cache(maxsize=1)
def warn_if_slow_subsetting() -> bool:
    """Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools: many times slower."""
    try:
        from weasyprint.text.ffi import harfbuzz_subset
        present = harfbuzz_subset is not None
    except (ImportError, AttributeError):
        present = ctypes.util.find_library("harfbuzz-subset") is not None
    if not present:
        log.warning("libharfbuzz-subset is not installed: PDF output will be slow "
                    "(on Debian/Ubuntu: apt-get install libharfbuzz-subset0)")
    return present


class _MissingGlyphs(logging.Handler):
    """Collects the characters WeasyPrint had to draw as .notdef boxes."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.chars: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if ".notdef" in str(record.msg) and record.args:
            ch = str(record.args[0])
            if ch not in self.chars:
                self.chars.append(ch)


@contextlib.contextmanager
def _watch_glyphs() -> Iterator[_MissingGlyphs]:
    handler = _MissingGlyphs()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    try:
        yield handler
    finally:
        wlog.removeHandler(handler)


def _metadata(book: Book, title: str, options: RenderOptions) -> dict[str, object]:
    papers = list(dict.fromkeys(options.display_name(i.newspaper) for i in book.issues))
    dates = list(dict.fromkeys(i.date_label for i in book.issues))
    span = dates[0] if len(dates) == 1 else f"{dates[0]}—{dates[-1]}"
    pages = list(dict.fromkeys(p.name for i in book.issues for p in i.pages if p.name))
    return {
        "title": title,
        "authors": [options.author] if options.author else papers,
        "subject": f"{'、'.join(papers)} {span} 电子报",
        "keywords": list(dict.fromkeys([*papers, *dates, *pages, "电子报"])),
        "generator": f"paper2book {__version__}",
    }


def _template_dir(theme: Theme) -> Path:
    for folder in theme.template_path:
        if (folder / TEMPLATE).is_file():
            return folder
    raise BackendError(f"template {TEMPLATE!r} not found in theme {theme.name!r}")


def toc_split(pages: list, n: int) -> list[list[tuple[int, object]]]:
    """Deal ``pages`` (numbered from 1) into ``n`` consecutive runs of about equal height."""
    numbered = list(enumerate(pages, 1))
    weights = [2 + len(page.articles) for page in pages]   # label + rule, one line per article
    runs: list[list[tuple[int, object]]] = []
    total, start = sum(weights), 0
    for k in range(n, 0, -1):
        if k == 1:
            runs.append(numbered[start:])
            break
        target, acc, end = total / k, 0, start
        while end < len(pages) and acc + weights[end] / 2 <= target:
            acc += weights[end]
            end += 1
        runs.append(numbered[start:end])
        total -= acc
        start = end
    return [run for run in runs if run]


def _masthead(options: RenderOptions):
    """Per-paper settings from the config, as the templates use them."""
    def settings(newspaper: str) -> dict[str, object]:
        s = options.paper_settings(newspaper)
        image = s.get("masthead_image")
        return {
            "name": options.display_name(newspaper),
            "color": s.get("masthead_color"),
            # Inlined as data: so the restricted fetcher need not open the user's folders.
            "image": masthead_data_uri(image) if image else None,
            "columns": s.get("columns"),
        }
    return settings


@functools.lru_cache(maxsize=8)
def masthead_data_uri(path: str) -> str:
    import base64
    import mimetypes

    p = Path(path)
    kind = mimetypes.guess_type(p.name)[0] or ""
    if kind not in ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"):
        raise BackendError(f"{path}: masthead image must be PNG, JPEG, GIF, WebP or SVG")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise BackendError(f"{path}: cannot read masthead image: {e.strerror or e}") from None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def render_html(book: Book, options: RenderOptions, theme: Theme) -> str:
    title = options.title or book.title
    return theme.render(TEMPLATE, book=book, lang=options.language or book.language or "zh-CN",
                        masthead=_masthead(options),
                        columns=options.columns or "default",
                        toc_columns=pdf_css.toc_columns(options.paper or pdf_css.DEFAULT_PAPER),
                        toc_split=toc_split, **_metadata(book, title, options))


class PdfBackend:
    name = "pdf"
    extension = ".pdf"
    description = "print-ready PDF: newspaper pages, running heads, bookmarks (WeasyPrint)"

    def write(self, book: Book, path: Path, options: RenderOptions) -> dict[str, int]:
        """Writes the PDF; returns its page count for the CLI's summary."""
        data, pages = pdf_runtime.call(self._render, book, options)
        Path(path).write_bytes(data)
        return {"pages": pages}

    def render(self, book: Book, options: RenderOptions) -> bytes:
        return pdf_runtime.call(self._render, book, options)[0]

    def _render(self, book: Book, options: RenderOptions) -> tuple[bytes, int]:
        if not book.articles:
            raise BackendError("the book has no articles to typeset")
        structure, overrides = pdf_css.option_css(options, cjk_families())
        pdf_import.load()
        warn_if_slow_subsetting()
        theme = load_theme(options.theme, options.templates)

        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from .weasy import justify as pdf_justify
        from .fetcher import RestrictedFetcher
        from .weasy.linebreak import short_line_search
        from .weasy.linecache import line_cache

        fetcher = RestrictedFetcher(theme.roots)
        font_config = FontConfiguration()
        style_file = theme.style_file(STYLESHEET)
        stylesheets = [
            CSS(string=structure, font_config=font_config, url_fetcher=fetcher),
            CSS(string=style_file.read_text(encoding="utf-8"),
                base_url=style_file.parent.as_uri() + "/",
                font_config=font_config, url_fetcher=fetcher),
            CSS(string=overrides, font_config=font_config, url_fetcher=fetcher),
        ]
        html = HTML(string=render_html(book, options, theme),
                    base_url=_template_dir(theme).as_uri() + "/", url_fetcher=fetcher)
        options.stage("PDF: laying out pages…")
        with line_cache() as cache, short_line_search():
            document = html.render(stylesheets=stylesheets, font_config=font_config)
        if cache is not None:
            log.debug("PDF line cache: %d hits, %d misses", cache.hits, cache.misses)

        options.stage(f"PDF: justifying lines on {len(document.pages)} pages…")
        if pdf_justify.supported():
            stats = pdf_justify.justify_pages(document.pages)
            log.debug("PDF justification: %s", stats)
        else:
            _warn_ragged()

        options.stage(f"PDF: writing {len(document.pages)} pages…")
        out = io.BytesIO()
        with _watch_glyphs() as missing:
            document.write_pdf(out)
        if missing.chars:
            raise fonts.MissingFontError(_missing_glyphs_message(book, missing.chars))
        return out.getvalue(), len(document.pages)


def _missing_glyphs_message(book: Book, chars: list[str]) -> str:
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:12])
    where = []
    for article in book.articles:
        parts = [article.kicker, article.title, article.subtitle, article.byline,
                 *article.captions]
        for block in article.blocks:
            parts += [block.text, getattr(block, "subtitle", None)]
        text = " ".join(p for p in parts if p)
        if any(c in text for c in chars):
            src = f"{article.source.file}:{article.source.line}: " if article.source else ""
            where.append(f"{src}{article.title}")
    found = f" (in {'; '.join(where[:3])})" if where else ""
    return (f"the installed fonts have no glyph for {shown}{found}; not writing a PDF with "
            "missing characters. Install a font that covers them (e.g. apt-get install "
            "fonts-noto-cjk-extra) or choose one with options.fonts")


@functools.lru_cache(maxsize=1)
def _warn_ragged() -> None:
    import weasyprint
    log.warning("WeasyPrint %s is not a release paper2book was tested with: Chinese lines in "
                "the PDF will end ragged and layout will be slower", weasyprint.__version__)
