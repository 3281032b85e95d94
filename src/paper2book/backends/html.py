"""The ``html`` backend: one self-contained, offline HTML file.

The whole book is a single page: the theme's ``html.css`` is inlined in a
``<style>`` element, there are no scripts, images, fonts or links to other
files, so the file opens the same from a USB stick, an e-mail attachment or a
phone's file manager.  Contents (issue → 版面 → article) link to ASCII ids.

Like every backend it starts from the model and never from text: the
template only places and escapes (Jinja2 autoescaping); characters HTML
cannot carry are dropped here once more, defensively, for models that did
not come from the reader (JSON written by hand, other programs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..config.schema import chosen_fonts
from ..model import Book, Heading, Paragraph
from ..config.options import RenderOptions
from ..text import xml_safe
from ..theme import load_theme

TEMPLATE = "html/book.html.j2"
STYLESHEET = "html.css"


@dataclass
class _Block:
    kind: str               # "paragraph" | "heading"
    text: str
    subtitle: str | None = None


@dataclass
class _Article:
    id: str
    title: str
    kicker: str | None
    subtitle: str | None
    byline: str | None
    captions: list[str]
    blocks: list[_Block]
    editor: str | None


@dataclass
class _Page:
    id: str
    label: str
    articles: list[_Article] = field(default_factory=list)


@dataclass
class _Issue:
    id: str
    newspaper: str
    date_iso: str
    date_label: str
    weekday: str
    pages: list[_Page] = field(default_factory=list)


def _view(book: Book, options: RenderOptions) -> list[_Issue]:
    """The model as the template sees it: cleaned strings and ASCII ids."""
    issues = []
    for i, issue in enumerate(book.issues, 1):
        vi = _Issue(id=f"issue-{i}", newspaper=xml_safe(options.display_name(issue.newspaper)), date_iso=issue.date.isoformat(),
                    date_label=issue.date_label, weekday=issue.weekday)
        for p, page in enumerate(issue.pages, 1):
            vp = _Page(id=f"page-{i}-{p}", label=xml_safe(page.label))
            for a, art in enumerate(page.articles, 1):
                blocks = []
                for b in art.blocks:
                    if isinstance(b, Heading):
                        blocks.append(_Block("heading", xml_safe(b.text), xml_safe(b.subtitle) or None))
                    elif isinstance(b, Paragraph):
                        blocks.append(_Block("paragraph", xml_safe(b.text)))
                vp.articles.append(_Article(
                    id=f"art-{i}-{p}-{a}",
                    title=xml_safe(art.title),
                    kicker=xml_safe(art.kicker) or None,
                    subtitle=xml_safe(art.subtitle) or None,
                    byline=xml_safe(art.byline) or None,
                    captions=[c for c in (xml_safe(c) for c in art.captions) if c],
                    blocks=blocks,
                    editor=xml_safe(art.editor) or None,
                ))
            vi.pages.append(vp)
        issues.append(vi)
    return issues


def render(book: Book, options: RenderOptions | None = None) -> str:
    """The HTML document as a string."""
    options = options or RenderOptions()
    theme = load_theme(options.theme, options.templates)
    # Trusted theme CSS goes in raw; "</" could still end the <style> element early.
    css = theme.stylesheet(STYLESHEET).replace("</", "<\\/")
    # Checked as the config and the PDF check them, so quoting them is enough.
    fonts = {role: Markup(f'"{name}"') for role, name in chosen_fonts(options.fonts).items()}
    issues = _view(book, options)
    return theme.render(
        TEMPLATE,
        title=xml_safe(options.title or book.title),
        language=xml_safe(book.language) or "zh-CN",
        issues=issues,
        page_count=sum(len(i.pages) for i in issues),
        article_count=sum(len(p.articles) for i in issues for p in i.pages),
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
