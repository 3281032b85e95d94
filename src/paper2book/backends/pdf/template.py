"""The HTML document the PDF is typeset from: the theme's ``pdf/book.html.j2``.

What the template is given besides the book: the PDF's metadata, each
paper's masthead settings, ``volume`` (the front matter of a book of
several issues, else None), ``page_breaks``, the contents' column count,
``toc_split`` to deal the contents into those columns, and a text
helper, ``caption_marker``, and ``whole`` for the ``phrases`` filter (titles' breaks).

A volume is typeset in parts (volume.py), each a ``VolumePart`` (part.py): its
front matter alone, or one of its issues.  The template then gets the part's book,
``issue_base`` (the issues before this one, so ids are the volume's), and
for the front matter each issue's first page (``volume.first_pages``), since
a part cannot count the pages of the others.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable
from pathlib import Path

from ... import phrases
from ...config.options import RenderOptions
from ...config.schema import top_option
from ...config.values import IMAGE_TYPES, image_file
from ...editions import label
from ...errors import BackendError, ConfigError
from ...model import Book, date_span, month_label
from ...text import is_cjk
from ...theme import Theme
from ...version import __version__
from . import css
from .part import VolumePart

TEMPLATE = "pdf/book.html.j2"


def render_html(book: Book, options: RenderOptions, theme: Theme,
                part: VolumePart | None = None) -> str:
    """The HTML of ``book``; of a volume's ``part``, ``book`` is ``part.book``."""
    title = book.title     # the cleaning pass has put options.title there, XML-safe
    problem = top_option("page_breaks").problem(options.page_breaks)
    if problem:
        raise ConfigError(f"page_breaks: {problem}")
    if part is None:
        shown, base, front, meta = book, 0, volume(book, title, options), metadata(book, title, options)
    elif part.index == 0:       # the front matter: the volume's, without its issues
        front = volume(book, title, options)
        if front is not None:
            front["first_pages"] = dict(enumerate(part.first_pages, 1))
        shown, base, meta = Book(title=book.title, issues=(), language=book.language), 0, part.metadata
    else:
        shown, base, front, meta = book, part.index - 1, None, part.metadata
    return theme.render(TEMPLATE, book=shown, lang=options.language or book.language or "zh-CN",
                        masthead=_masthead(options),
                        columns=options.columns or "default",
                        page_breaks=options.page_breaks,
                        volume=front, issue_base=base,
                        toc_columns=css.toc_columns(options.paper or css.DEFAULT_PAPER),
                        toc_split=toc_split, caption_marker=caption_marker,
                        whole=phrase_whole(options),
                        **meta)


def base_url(theme: Theme) -> str:
    """The folder holding the template, as the URL its relative references resolve against."""
    for folder in theme.template_path:
        if os.path.isfile(folder / TEMPLATE):
            return folder.as_uri() + "/"
    raise BackendError(f"template {TEMPLATE!r} not found in theme {theme.name!r}")


def metadata(book: Book, title: str, options: RenderOptions) -> dict[str, object]:
    papers = list(dict.fromkeys(options.display_name(i.newspaper) for i in book.issues))
    dates = list(dict.fromkeys(i.date_label for i in book.issues))
    span = date_span([i.date for i in book.issues])
    pages = list(dict.fromkeys(p.name for i in book.issues for p in i.pages if p.name))
    paper = label("电子报", options)
    return {
        "title": title,
        "authors": [options.author] if options.author else papers,
        "subject": f"{'、'.join(papers)} {span} {paper}",
        "keywords": list(dict.fromkeys([*papers, *dates, *pages, paper])),
        "generator": f"paper2book {__version__}",
    }


def volume(book: Book, title: str, options: RenderOptions) -> dict[str, object] | None:
    """A book of several issues opens on a title page and a 总目录 of the issues, by month."""
    if len(book.issues) < 2:
        return None
    numbered = list(enumerate(book.issues, 1))
    months = [(month_label(year, month), list(group)) for (year, month), group in
              itertools.groupby(numbered, key=lambda n_issue: (n_issue[1].date.year,
                                                               n_issue[1].date.month))]
    papers = list(dict.fromkeys(options.display_name(i.newspaper) for i in book.issues))
    named = "、".join(papers)
    return {
        "title": title,
        # The title page sets the papers as a masthead and under it the rest of the title.
        "heading": title[len(named):].strip() if title.startswith(named + " ") else title,
        "bound": title.endswith("合订本"),
        "newspapers": list(dict.fromkeys(i.newspaper for i in book.issues)),
        "papers": papers,
        "paper_ems": max(_em_width(name) for name in papers),     # the 总目录's paper column
        "span": date_span([i.date for i in book.issues]),
        "issues": len(book.issues),
        "pages": sum(len(i.pages) for i in book.issues),
        "articles": len(book.articles),
        "months": months,
        "first_pages": None,            # a part of a volume: {issue number: its first page}
    }


def left_first(part: VolumePart | None) -> bool:
    """A volume's issue whose first page is known to be a left-hand one is laid out so
    (render.py): only without recto_starts does one begin there."""
    return part is not None and part.index > 0 and part.first_page > 0 and part.first_page % 2 == 0


def caption_marker(caption: str) -> str:
    """The ``▲`` a caption is printed with, or "" when its text brings its own (``▲``, ``图为``)."""
    return "" if caption.lstrip().startswith(("▲", "△", "图为")) else "▲"


def phrase_whole(options: RenderOptions) -> int:
    """How long a part of a title between its own spaces may be and still be kept on one
    line (the ``phrases`` filter): a headline's line on A4 holds 16 characters or more, on
    A5 and narrower fewer (phrases.WHOLE)."""
    return 12 if css.toc_columns(options.paper or css.DEFAULT_PAPER) == 2 else phrases.WHOLE


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


def _masthead(options: RenderOptions) -> Callable[[str], dict[str, object]]:
    """Per-paper settings from the config, as the templates use them."""
    def settings(newspaper: str) -> dict[str, object]:
        s = options.paper_settings(newspaper)
        image = s.get("masthead_image")
        name = options.display_name(newspaper)
        return {
            "name": name,
            "fit": _em_width(name),
            "color": s.get("masthead_color"),
            # Inlined as data: so the restricted fetcher need not open the user's folders.
            "image": masthead_data_uri(image) if image else None,
            "columns": s.get("columns"),
        }
    return settings


def _em_width(text: str) -> float:
    """About how many ems ``text`` takes set solid: the CSS shrinks the masthead to the page by it."""
    ems = sum(1.0 if is_cjk(ch) else 0.55 for ch in text)
    return max(1.0, round(ems * 2) / 2)


@functools.lru_cache(maxsize=8)
def masthead_data_uri(path: str) -> str:
    import base64

    try:
        image_file(path)                # from Python the config's check has not run
        data = Path(path).read_bytes()
    except ConfigError as e:
        raise BackendError(str(e)) from None
    except OSError as e:
        raise BackendError(f"{path}: cannot read masthead image: {e.strerror or e}") from None
    kind = IMAGE_TYPES[Path(path).suffix.lower()]
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
