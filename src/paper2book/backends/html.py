"""The ``html`` backend: one self-contained, offline HTML file.

The whole book is a single page: the theme's ``html.css`` is inlined in a
``<style>`` element, there are no scripts, images, fonts or links to other
files, so the file opens the same from a USB stick, an e-mail attachment or a
phone's file manager.  Contents (issue → 版面 → article) link to ASCII ids.

Like every backend it starts from the model, cleaned by the shared pass
(cleaning.prepare), and never from text: the template only places and
escapes (Jinja2 autoescaping).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..config.options import RenderOptions
from ..config.schema import chosen_fonts, fallback_families
from ..editions import vertical
from ..fonts import with_fallbacks
from ..model import Book
from ..version import __version__
from .cleaning import prepare, with_display_names
from .edition import theme_for

TEMPLATE = "html/book.html.j2"
STYLESHEET = "html.css"


class Anchored:
    """A model node as the template sees it: the node's own fields plus an ASCII id (the
    HTML edition's and the site's issue pages)."""

    def __init__(self, node: object, id: str, **extra: object):
        self._node = node
        self.id = id
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> object:
        return getattr(self._node, name)


def _view(book: Book) -> list[Anchored]:
    return [
        Anchored(issue, f"issue-{i}", date_iso=issue.date.isoformat(), pages=[
            Anchored(page, f"page-{i}-{p}", articles=[
                Anchored(art, f"art-{i}-{p}-{a}") for a, art in enumerate(page.articles, 1)])
            for p, page in enumerate(issue.pages, 1)])
        for i, issue in enumerate(book.issues, 1)
    ]


def font_families(options: RenderOptions) -> dict[str, Markup]:
    """Role → the family chosen for it, quoted for html/fonts.css.j2 (the site's too).
    Checked as the config and the PDF check them, so quoting them is enough."""
    return {role: Markup(f'"{name}"') for role, name in chosen_fonts(options.fonts).items()}


def render(book: Book, options: RenderOptions | None = None) -> str:
    """The HTML document as a string."""
    options = options or RenderOptions()
    theme = theme_for(options)
    # Trusted theme CSS goes in raw; "</" could still end the <style> element early.
    css = theme.stylesheet(STYLESHEET).replace("</", "<\\/")
    css = with_fallbacks(css + vertical.stylesheet(options), fallback_families(options.fallback_fonts))
    fonts = font_families(options)
    book = with_display_names(prepare(book, options), options)
    issues = _view(book)
    return theme.render(
        TEMPLATE,
        title=book.title,
        language=book.language,
        issues=issues,
        page_count=sum(len(i.pages) for i in book.issues),
        article_count=len(book.articles),
        css=Markup(css),
        fonts=fonts,
        generator=f"paper2book {__version__}",
    )


class HtmlBackend:
    name = "html"
    extension = ".html"
    description = "one self-contained offline HTML file (phone and desktop)"

    def write(self, book: Book, path: Path, options: RenderOptions) -> None:
        Path(path).write_text(render(book, options), encoding="utf-8", newline="\n")
