"""The HTML the vertical PDF is printed from: the theme's ``pdf/vertical.html.j2``.

Its stylesheet is the theme's ``pdf-vertical.css`` with what depends on the book
after it: the page size, the faces (font.py makes them; loaded by file:// from the
print folder) and one named page per 版面, ``p2b-i<issue>-p<page>``, whose top
margin box holds the 版面's running head (paper, date, 版面): Chromium's margin
boxes take a fixed string or a counter, not string-set.
"""

from __future__ import annotations

from dataclasses import dataclass

from ....config.options import RenderOptions
from ....config.values import paper_size
from ....model import Book
from ....theme import Theme
from .. import css, template

TEMPLATE = "pdf/vertical.html.j2"
FAMILY = "P2B Serif"


@dataclass(frozen=True)
class Face:
    weight: str          # "normal" or "bold"
    file: str            # its file name in the print folder


def head_page(issue: int, page: int) -> str:
    return f"p2b-i{issue}-p{page}"


def _css_string(text: str) -> str:
    clean = "".join(" " if c in "\n\r\f\t" else c for c in text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def heads(book: Book, options: RenderOptions, theme: Theme) -> str:
    """One @page rule a 版面: its running head in the top margin box."""
    rules = []
    for i, issue in enumerate(book.issues, 1):
        paper = options.display_name(issue.newspaper)
        for p, page in enumerate(issue.pages, 1):
            band = (f"第{page.number}版" if page.number else theme.convert("未标版面"))
            band += f" {page.name}" if page.name else ""
            head = f"{paper}　{issue.date_label} {issue.weekday}　{band[:40]}"
            rules.append(f"@page {head_page(i, p)} {{ @top-center {{ content: {_css_string(head)};"
                         f' writing-mode: horizontal-tb; font-family: "{FAMILY}"; font-size: 8pt;'
                         " color: #444; } }")
    return "\n".join(rules)


def stylesheet(book: Book, options: RenderOptions, theme: Theme, faces: list[Face]) -> str:
    size = paper_size(options.paper or css.DEFAULT_PAPER)
    fonts = "".join(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {f.weight};'
                    f' src: url("{f.file}"); }}\n' for f in faces)
    return (f"{fonts}{theme.stylesheet('pdf-vertical.css')}\n@page {{ size: {size}; }}\n"
            f"{heads(book, options, theme)}\n")


def render_html(book: Book, options: RenderOptions, theme: Theme, style: str) -> str:
    """The document, ``style`` in its head (a stylesheet is text, not markup: the
    template's ``<style>`` gets it unescaped but with no ``</`` in it)."""
    from markupsafe import Markup

    meta = template.metadata(book, book.title, options)
    return theme.render(TEMPLATE, book=book, lang=options.language or book.language or "zh-CN",
                        masthead=template._masthead(options),
                        volume=template.volume(book, book.title, options),
                        head_page=head_page, caption_marker=template.caption_marker,
                        stylesheet=Markup(style.replace("</", "<\\/")), **meta)


def characters(html: str, style: str) -> str:
    """Every character the print may set: the document's and its stylesheet's (the running
    heads), and the digits of page numbers."""
    return "".join(sorted(set(html) | set(style) | set("0123456789")))
