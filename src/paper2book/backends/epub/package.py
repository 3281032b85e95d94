"""The ``epub`` backend: EPUB 3 with an EPUB 2 NCX, written through ebooklib.

Every XHTML document comes from the theme's Jinja2 templates (compiled once
per book) and is handed to ebooklib as finished bytes; ``_Builder`` makes
each part of the book in its own ``build_*`` step.  ebooklib stamps zip
entries with the current time, so its archive is rewritten afterwards
(container.py): ``mimetype`` first and stored, entries in a fixed order,
times from SOURCE_DATE_EPOCH when it is set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from ebooklib import epub

from ...cache import user_cache
from ...config.options import RenderOptions
from ...config.schema import ROLES, chosen_fonts, fallback_families
from ...config.values import is_colour
from ...editions import vertical
from ...errors import BackendError
from ...fonts import with_fallbacks
from ...model import Book
from ...theme import Theme
from ..cleaning import prepare, with_display_names
from ..edition import theme_for
from .container import rezip
from .cover import cover_alt, cover_jpeg
from .metadata import add_metadata, cover_style, source_date_epoch
from .plan import ARTICLE_ID, IssuePlan, parts, plan, toc

CSS_HREF = "styles/epub.css"
COVER_IMAGE = "images/cover.jpg"


# --------------------------------------------------------------------- CSS

def _font_overrides(fonts: dict[str, str]) -> str:
    """RenderOptions.fonts (body / heads / captions families) as rules after the theme's."""
    targets = {"body": "body, p", "heads": "h1, h2, .masthead-paper", "captions": ".captions"}
    rules = []
    # Refused, not cleaned, as the config and the PDF do: the name reaches CSS.
    for role, name in chosen_fonts(fonts).items():
        # MuPDF knows its built-in CJK face only by this name (see the themes' epub.css).
        rules.append(f'{targets[role]} {{ font-family: "{name}", "Source Han Serif", '
                     f'{ROLES[role].generic}; }}')
    return "\n".join(rules) + ("\n" if rules else "")


def _accent_css(book: Book, options: RenderOptions) -> str:
    colour = cover_style(book, options).get("accent")
    if not is_colour(colour):
        return ""
    return f".masthead-paper {{ color: {colour}; }}\n"


# --------------------------------------------------------------------- ebooklib glue

class _Xhtml(epub.EpubHtml):
    """A finished XHTML document.

    ebooklib's EpubHtml re-parses its content with an HTML parser and rebuilds
    the page, which drops our <head> and costs time on a year of articles.
    """

    def get_content(self, default: object = None) -> bytes:
        return self.content


def _doc(name: str, title: str, html: str, lang: str) -> _Xhtml:
    item = _Xhtml(uid=name, file_name=f"{name}.xhtml", media_type="application/xhtml+xml",
                  title=title, lang=lang)
    item.content = html.encode("utf-8")
    return item


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk cache of compiled templates; a cache failure never fails a book."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Jinja keys on the template's name and file only; earlier versions cached code
        # compiled outside the sandbox under the same keys, and it must not be loaded.
        # "-2": the edition's ``script`` filter must not be folded into cached code.
        return super().get_cache_key(name, filename) + "-sandboxed-2"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # Compiling the templates costs 10-40 ms a run, a good part of a one-article book;
    # loading them from the cache takes about 1 ms.
    folder = user_cache("jinja")
    return None if folder is None else _QuietBytecodeCache(str(folder))


def _templates(theme: Theme, several_issues: bool) -> dict[str, jinja2.Template]:
    """Each template compiled once per book, then rendered for every document."""
    env = theme.environment()
    env.bytecode_cache = _bytecode_cache()
    names = ["cover", "contents", "article"] + (["book-contents"] if several_issues else [])
    return {n: theme.template(f"epub/{n}.xhtml.j2", env) for n in names}


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the book's language on <package> as Ace and EPUB 3.3 want it.

    ebooklib sets ``dir`` there (option package_direction) but has no option for xml:lang.
    """

    def _write_opf_file(self, root: Any) -> None:     # an lxml element: lxml has no types
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


class _Builder:
    """One book's ebooklib package, part by part (Sphinx's EPUB builder has the same shape)."""

    def __init__(self, book: Book, options: RenderOptions):
        self.book, self.options = book, options
        self.title, self.lang = book.title, book.language
        self.plans: list[IssuePlan] = plan(book)
        self.theme = theme_for(options)
        self.templates = _templates(self.theme, len(self.plans) > 1)
        self.eb = epub.EpubBook()
        self.spine: list[_Xhtml] = []
        # Characters for the font subset; the navigation document's words are ebooklib's.
        words = self.theme.convert("目录导航封面正文")
        self.used: set[str] | None = set(words) if options.embed_fonts else None

    def add(self, name: str, doc_title: str, template: str, **ctx: object) -> _Xhtml:
        html = self.theme.render_template(self.templates[template], lang=self.lang, css=CSS_HREF,
                                          title=doc_title, **ctx)
        if self.used is not None:
            self.used.update(html)
        item = self.eb.add_item(_doc(name, doc_title, html, self.lang))
        self.spine.append(item)
        return item

    def build_metadata(self) -> None:
        add_metadata(self.eb, self.book, self.title, self.lang, self.options)
        # Pages turn right to left in a vertical edition: the spine's page-progression-direction
        # (not <package dir>, which is the text's direction); Kindle reads primary-writing-mode.
        self.vertical = self.options.writing_mode == "vertical"
        self.eb.set_direction("rtl" if self.vertical else "ltr")
        if self.vertical:
            self.eb.add_metadata(None, "meta", "", {"name": "primary-writing-mode",
                                                    "content": "vertical-rl"})
        # The stylesheet's place in the manifest; its content comes last, in build_css.
        self.css = self.eb.add_item(epub.EpubItem(uid="css", file_name=CSS_HREF,
                                                  media_type="text/css"))

    def build_cover(self) -> None:
        self.eb.set_cover(COVER_IMAGE, cover_jpeg(self.book, self.title, convert=self.theme.convert,
                                                  **cover_style(self.book, self.options)),
                          create_page=False)
        label = self.theme.convert
        self.add("cover", label("封面"), "cover", image=COVER_IMAGE,
                 alt=cover_alt(self.book, self.title, label))

    def build_navigation(self) -> None:
        nav = epub.EpubNav(uid="nav", title=self.theme.convert("目录"))
        nav.add_link(href=CSS_HREF, rel="stylesheet", type="text/css")
        self.eb.add_item(nav)
        self.eb.add_item(epub.EpubNcx())
        self.eb.toc = toc(self.plans)

    def build_book_contents(self) -> None:
        if len(self.plans) > 1:
            self.add("contents", self.theme.convert("目录"), "book-contents", book_title=self.title, issues=[
                {"issue": ip.issue, "href": ip.href, "pages": len(ip.pages), "articles": ip.n_articles}
                for ip in self.plans])

    def build_issues(self) -> _Xhtml:
        """Each issue's 本期目录 and its articles, in reading order; returns the first article."""
        first_article = None
        contents = self.theme.convert("本期目录")
        for ip in self.plans:
            self.add(ip.contents_name, f"{contents} {ip.issue.newspaper} {ip.issue.date_label}",
                     "contents", issue=ip.issue, pages=[
                         {"page": pp.page, "anchor": pp.anchor,
                          "articles": [{"article": d.article, "href": d.href} for d in pp.articles]}
                         for pp in ip.pages])
            for pp in ip.pages:
                for d in pp.articles:
                    intro, rest = parts(d.article.blocks)
                    item = self.add(d.name, d.article.title, "article", article=d.article,
                                    issue=ip.issue, page=pp.page, intro=intro, parts=rest,
                                    article_id=ARTICLE_ID)
                    first_article = first_article or item
        assert first_article is not None, "write() refuses a book without articles"
        return first_article

    def build_css(self) -> None:
        """The theme's stylesheet, the options' rules, and the embedded font (after the text)."""
        css = (self.theme.stylesheet("epub.css") + _font_overrides(self.options.fonts)
               + _accent_css(self.book, self.options) + vertical.stylesheet(self.options))
        css = with_fallbacks(css, fallback_families(self.options.fallback_fonts))
        if self.used is not None:
            from .fontsubset import subset_body_font

            font = subset_body_font(self.used, family=self.options.fonts.get("body") or None)
            self.eb.add_item(epub.EpubItem(uid="font-body", file_name=font.file_name,
                                           media_type=font.media_type, content=font.data))
            css += font.css(os.path.relpath(font.file_name, os.path.dirname(CSS_HREF)))
        self.css.content = css.encode("utf-8")

    def build_guide(self, first_article: _Xhtml) -> None:
        self.eb.spine = self.spine
        label = self.theme.convert
        self.eb.guide = [
            {"type": "cover", "href": "cover.xhtml", "title": label("封面")},
            {"type": "toc", "href": self.spine[1].file_name, "title": label("目录")},
            {"type": "text", "href": first_article.file_name, "title": label("正文")},
        ]

    def package(self, modified: dt.datetime) -> io.BytesIO:
        """ebooklib's archive of the book (deflate level 0: the final archive is deflated once)."""
        raw = io.BytesIO()
        writer = _Writer(raw, self.eb, {
            "raise_exceptions": True,
            "mtime": modified,
            "epub3_pages": False,          # would re-parse every document looking for page breaks
            "landmark_title": self.theme.convert("导航"),
            "play_order": {"enabled": True, "start_from": 1},
            "compresslevel": 0,
            "package_direction": not self.vertical,
        })
        writer.process()
        writer.write()
        # Items point back at the book: drop the book's side of the cycle so a year of
        # documents is freed now, not at some later garbage collection.
        self.eb.items, self.eb.spine, self.spine = [], [], []
        return raw


def _package(book: Book, options: RenderOptions, modified: dt.datetime) -> io.BytesIO:
    b = _Builder(book, options)
    b.build_metadata()
    b.build_cover()
    b.build_navigation()
    b.build_book_contents()
    first_article = b.build_issues()
    b.build_css()
    b.build_guide(first_article)
    return b.package(modified)


class EpubBackend:
    name = "epub"
    extension = ".epub"
    description = "EPUB 3 e-book (with EPUB 2 NCX), one document per article"

    def write(self, book: Book, path: Path, options: RenderOptions) -> None:
        # The config's display names stand for the papers' names everywhere in the book.
        book = with_display_names(prepare(book, options), options)
        if not book.issues:
            raise BackendError("nothing to write: the book has no articles")
        epoch = source_date_epoch()
        modified = (dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch is not None
                    else dt.datetime.now(dt.UTC))
        # Built in a helper so the ebooklib book (a copy of every document) is freed before
        # the archive is rewritten: that lowers the peak memory of a year of articles.
        raw = _package(book, options, modified)
        rezip(raw, Path(path), epoch)
