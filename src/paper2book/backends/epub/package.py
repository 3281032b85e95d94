"""The ``epub`` backend: EPUB 3 with an EPUB 2 NCX, written through ebooklib.

Every XHTML document comes from the theme's Jinja2 templates (compiled once
per book) and is handed to ebooklib as finished bytes.  ebooklib stamps zip
entries with the current time, so its archive is rewritten afterwards:
``mimetype`` first and stored, entries in a fixed order, times from
SOURCE_DATE_EPOCH when it is set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
import jinja2.bccache
from ebooklib import epub

from ...errors import BackendError
from ...config.schema import ROLES, chosen_fonts
from ...config.values import is_colour
from ...model import Article, Book, Heading, Issue, Page, Paragraph
from ...config.options import RenderOptions
from ...text import xml_safe
from ...theme import Theme, load_theme
from .cover import cover_alt, cover_jpeg
from .container import rezip

log = logging.getLogger("paper2book")

CSS_HREF = "styles/epub.css"
COVER_IMAGE = "images/cover.jpg"
ARTICLE_ID = "article"            # the id article.xhtml.j2 gives its <article>
MAX_CREATORS = 8
UNTITLED = "（无题）"                # an article whose title is empty or only control characters
# Namespace for identifiers: uuid5 of the content hash, so the same book gets the same id.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/paper2book/paper2book#epub")

# XML 1.0 cannot carry C0 controls (but tab, LF, CR), surrogates, U+FFFE/U+FFFF; C1 controls
# are legal but discouraged and never text.  The reader drops them; a hand-built Book may not.
_PAGE_TOKEN = re.compile(r"[A-Za-z0-9]{1,12}")


# --------------------------------------------------------------------- text hygiene

def _article_is_clean(a: Article) -> bool:
    if not a.title.strip():
        return False
    strings = [a.title, a.kicker, a.subtitle, a.byline, a.credit, a.editor, *a.captions, *a.authors]
    strings += [b.text for b in a.blocks]
    strings += [b.subtitle for b in a.blocks if isinstance(b, Heading)]
    return all(xml_safe(s) == s for s in strings if s)


def _clean_article(a: Article) -> Article:
    if _article_is_clean(a):
        return a
    blocks = [Heading(text=xml_safe(b.text), subtitle=xml_safe(b.subtitle)) if isinstance(b, Heading)
              else Paragraph(text=xml_safe(b.text)) for b in a.blocks]
    return replace(
        a, title=xml_safe(a.title).strip() or UNTITLED, kicker=xml_safe(a.kicker),
        subtitle=xml_safe(a.subtitle), byline=xml_safe(a.byline), credit=xml_safe(a.credit),
        editor=xml_safe(a.editor), captions=[xml_safe(c) for c in a.captions],
        authors=[xml_safe(x) for x in a.authors], blocks=blocks,
    )


def _sanitized(book: Book, options: RenderOptions) -> Book:
    """A Book whose every string XML can carry (the input is not modified).

    Pages without articles and issues without pages are left out: they have nothing to
    link to, and an empty list in the navigation document is invalid.
    """
    issues = []
    for i in book.issues:
        pages = [Page(number=xml_safe(p.number), name=xml_safe(p.name),
                      articles=[_clean_article(a) for a in p.articles])
                 for p in i.pages if p.articles]
        if pages:
            name = xml_safe(options.display_name(i.newspaper))
            issues.append(Issue(newspaper=name, date=i.date, pages=pages))
    return Book(title=xml_safe(book.title), issues=issues,
                language=options.language or book.language)


# --------------------------------------------------------------------- the plan: names and order

@dataclass
class _ArticleDoc:
    article: Article
    name: str                     # file stem and manifest id, e.g. i01-p03-a01

    @property
    def href(self) -> str:
        return f"{self.name}.xhtml"


@dataclass
class _PagePlan:
    page: Page
    anchor: str
    articles: list[_ArticleDoc] = field(default_factory=list)


@dataclass
class _IssuePlan:
    issue: Issue
    prefix: str
    pages: list[_PagePlan] = field(default_factory=list)

    @property
    def contents_name(self) -> str:
        return f"{self.prefix}-contents"

    @property
    def href(self) -> str:
        return f"{self.contents_name}.xhtml"

    @property
    def n_articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)


def _width(n: int) -> int:
    return max(2, len(str(n)))


def _plan(book: Book) -> list[_IssuePlan]:
    """ASCII file names: i01-p03-a01 (issue, 版 number as printed, article)."""
    plans = []
    iw = _width(len(book.issues))
    for ii, issue in enumerate(book.issues, 1):
        ip = _IssuePlan(issue=issue, prefix=f"i{ii:0{iw}d}")
        seen: set[str] = set()
        for pi, page in enumerate(issue.pages, 1):
            token = page.number if _PAGE_TOKEN.fullmatch(page.number or "") else ""
            if token.isdigit():
                token = token.zfill(2)
            if not token or token.lower() in seen:   # non-ASCII or repeated numbers: by position
                token = f"x{pi:02d}"
            seen.add(token.lower())
            pp = _PagePlan(page=page, anchor=f"p{token}")
            aw = _width(len(page.articles))
            for ai, article in enumerate(page.articles, 1):
                pp.articles.append(_ArticleDoc(article, f"{ip.prefix}-p{token}-a{ai:0{aw}d}"))
            ip.pages.append(pp)
        plans.append(ip)
    return plans


def _parts(blocks: list) -> tuple[list[Paragraph], list[tuple[Heading, list[Paragraph]]]]:
    """Paragraphs before the first heading, then each heading with the paragraphs under it."""
    intro: list[Paragraph] = []
    parts: list[tuple[Heading, list[Paragraph]]] = []
    current = intro
    for b in blocks:
        if isinstance(b, Heading):
            parts.append((b, []))
            current = parts[-1][1]
        else:
            current.append(b)
    return intro, parts


# --------------------------------------------------------------------- metadata

def _source_date_epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        return int(raw.strip())
    except ValueError:
        log.warning("SOURCE_DATE_EPOCH=%r is not an integer; using the current time", raw)
        return None


def _identifier(book: Book, title: str) -> str:
    """urn:uuid from the model's text: the same content gets the same id.

    A streaming digest of every field (source file names left out), not the model's JSON:
    building and dumping a year's dicts took most of a second.  The separators are
    characters _sanitized() has removed, so no two books feed the hash the same bytes.
    """
    h = hashlib.sha256()
    us, rs, none = "\x1f", "\x1e", "\x1a"

    def put(*fields: str | None) -> None:
        h.update((us.join(none if f is None else f for f in fields) + rs).encode("utf-8"))

    put("paper2book-epub-id", "1", title, book.language)
    for issue in book.issues:
        put("issue", issue.newspaper, issue.date.isoformat())
        for page in issue.pages:
            put("page", page.number, page.name)
            for a in page.articles:
                put("article", a.kicker, a.title, a.subtitle, a.byline, a.credit, a.editor,
                    str(len(a.authors)), *a.authors, *a.captions)
                for b in a.blocks:
                    if isinstance(b, Heading):
                        put("h", b.text, b.subtitle)
                    else:
                        put("p", b.text)
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, h.hexdigest())}"


def _creators(book: Book, papers: list[str]) -> list[str]:
    """Distinct byline authors, most frequent first, at most MAX_CREATORS; else the papers."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for a in book.articles:
        for name in a.authors:
            name = name.strip()
            if name:
                counts[name] += 1
                first.setdefault(name, len(first))
    if not counts:
        return papers
    ranked = sorted(counts, key=lambda n: (-counts[n], first[n]))
    return ranked[:MAX_CREATORS]


def _metadata(eb: epub.EpubBook, book: Book, title: str, lang: str, options: RenderOptions) -> None:
    papers = list(dict.fromkeys(i.newspaper for i in book.issues))
    dates = sorted(i.date for i in book.issues)
    eb.set_identifier(options.identifier or _identifier(book, title))
    eb.set_title(title)
    eb.set_language(lang)
    creators = [options.author] if options.author else _creators(book, papers)
    for n, name in enumerate(creators, 1):
        eb.add_author(name, uid=f"creator{n}")
    eb.add_metadata("DC", "publisher", "、".join(papers))
    # A compilation is complete on its last issue's date.
    eb.add_metadata("DC", "date", dates[-1].isoformat())
    n_articles = sum(len(i.articles) for i in book.issues)
    if len(book.issues) == 1:
        i = book.issues[0]
        desc = f"{i.newspaper} {i.date_label} {i.weekday}，{len(i.pages)}个版面，{n_articles}篇文章。"
    else:
        desc = (f"{'、'.join(papers)}，{dates[0].isoformat()} 至 {dates[-1].isoformat()}，"
                f"共{len(book.issues)}期，{n_articles}篇文章。")
    eb.add_metadata("DC", "description", desc)
    for prop, value in (
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary",
         "报纸文章的纯文本版本：按期、版面和文章组织，标题层级和目录完整，阅读顺序与原报一致。"
         "原报图片未收录，图片说明以文字列出；封面图片有文字替代。"),
    ):
        eb.add_metadata(None, "meta", value, {"property": prop})


def _cover_style(book: Book, options: RenderOptions) -> dict[str, str | None]:
    """The paper's masthead colour and image from the config, for a one-paper book."""
    shown = {i.newspaper for i in book.issues}
    if len(shown) != 1:
        return {}
    (paper,) = shown
    for name, settings in options.newspapers.items():
        if paper in (name, settings.get("display_name")):
            return {"accent": settings.get("masthead_color"),
                    "masthead_image": settings.get("masthead_image")}
    return {}


# --------------------------------------------------------------------- CSS

def _font_overrides(fonts: dict[str, str]) -> str:
    """RenderOptions.fonts (body / heads / captions families) as rules after the theme's."""
    targets = {"body": "body, p", "heads": "h1, h2, .masthead-paper", "captions": ".captions"}
    rules = []
    # Refused, not cleaned, as the config and the PDF do: the name reaches CSS.
    for role, name in chosen_fonts(fonts).items():
        rules.append(f'{targets[role]} {{ font-family: "{name}", {ROLES[role].generic}; }}')
    return "\n".join(rules) + ("\n" if rules else "")


def _accent_css(book: Book, options: RenderOptions) -> str:
    colour = _cover_style(book, options).get("accent")
    if not is_colour(colour):
        return ""
    return f".masthead-paper {{ color: {colour}; }}\n"


# --------------------------------------------------------------------- ebooklib glue

class _Xhtml(epub.EpubHtml):
    """A finished XHTML document.

    ebooklib's EpubHtml re-parses its content with an HTML parser and rebuilds
    the page, which drops our <head> and costs time on a year of articles.
    """

    def get_content(self, default=None):  # noqa: ARG002 - ebooklib's signature
        return self.content


def _doc(name: str, title: str, html: str, lang: str) -> _Xhtml:
    item = _Xhtml(uid=name, file_name=f"{name}.xhtml", media_type="application/xhtml+xml",
                  title=title, lang=lang)
    item.content = html.encode("utf-8")
    return item


def _toc(plans: list[_IssuePlan]) -> list:
    # A 版面 entry and its first article's entry lead to the same document; NCX playOrder wants
    # one order per target, and EPUBCheck wants targets in reading order.  So the 版面 takes the
    # document and its first article takes the <article> in it.
    def pages(ip: _IssuePlan) -> list:
        return [
            (epub.Section(pp.page.label, pp.articles[0].href),
             [epub.Link(f"{d.href}#{ARTICLE_ID}" if n == 0 else d.href, d.article.title, f"toc-{d.name}")
              for n, d in enumerate(pp.articles)])
            for pp in ip.pages if pp.articles
        ]

    if len(plans) == 1:
        return pages(plans[0])
    return [(epub.Section(f"{ip.issue.newspaper} {ip.issue.date_label}", ip.href), pages(ip))
            for ip in plans]


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk cache of compiled templates; a cache failure never fails a book."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry is recompiled
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # Compiling the templates costs 10-40 ms a run, a good part of a one-article book;
    # loading them from the cache takes about 1 ms.
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "paper2book" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def _templates(theme: Theme, several_issues: bool) -> dict[str, jinja2.Template]:
    """Each template compiled once per book, then rendered for every document."""
    env = theme.environment()
    env.bytecode_cache = _bytecode_cache()
    names = ["cover", "contents", "article"] + (["book-contents"] if several_issues else [])
    return {n: env.get_template(f"epub/{n}.xhtml.j2") for n in names}


def _package(book: Book, title: str, options: RenderOptions, modified: dt.datetime) -> io.BytesIO:
    """ebooklib's archive of the book (deflate level 0: the final archive is deflated once)."""
    lang = book.language or "zh-CN"
    plans = _plan(book)
    theme = load_theme(options.theme, options.templates)
    templates = _templates(theme, len(plans) > 1)

    eb = epub.EpubBook()
    _metadata(eb, book, title, lang, options)
    css_item = eb.add_item(epub.EpubItem(uid="css", file_name=CSS_HREF, media_type="text/css"))
    eb.set_cover(COVER_IMAGE, cover_jpeg(book, title, **_cover_style(book, options)),
                 create_page=False)

    # Characters for the font subset; the navigation document's words are ebooklib's, not ours.
    used: set[str] | None = set("目录导航封面正文") if options.embed_fonts else None

    def add(name: str, doc_title: str, template: str, **ctx: object) -> _Xhtml:
        html = templates[template].render(lang=lang, css=CSS_HREF, title=doc_title, **ctx)
        if used is not None:
            used.update(html)
        return eb.add_item(_doc(name, doc_title, html, lang))

    spine = [add("cover", "封面", "cover", image=COVER_IMAGE, alt=cover_alt(book, title))]
    nav = epub.EpubNav(uid="nav", title="目录")
    nav.add_link(href=CSS_HREF, rel="stylesheet", type="text/css")
    eb.add_item(nav)
    eb.add_item(epub.EpubNcx())

    if len(plans) > 1:
        spine.append(add("contents", "目录", "book-contents", book_title=title, issues=[
            {"issue": ip.issue, "href": ip.href, "pages": len(ip.pages), "articles": ip.n_articles}
            for ip in plans]))
    first_article = None
    for ip in plans:
        spine.append(add(ip.contents_name, f"本期目录 {ip.issue.newspaper} {ip.issue.date_label}",
                         "contents", issue=ip.issue, pages=[
                             {"page": pp.page, "anchor": pp.anchor,
                              "articles": [{"article": d.article, "href": d.href} for d in pp.articles]}
                             for pp in ip.pages]))
        for pp in ip.pages:
            for d in pp.articles:
                intro, parts = _parts(d.article.blocks)
                item = add(d.name, d.article.title, "article", article=d.article, issue=ip.issue,
                           page=pp.page, intro=intro, parts=parts, article_id=ARTICLE_ID)
                spine.append(item)
                first_article = first_article or item

    css = theme.stylesheet("epub.css") + _font_overrides(options.fonts) + _accent_css(book, options)
    if used is not None:
        from .fontsubset import subset_body_font

        font = subset_body_font(used, family=options.fonts.get("body") or None)
        eb.add_item(epub.EpubItem(uid="font-body", file_name=font.file_name,
                                  media_type=font.media_type, content=font.data))
        css += font.css(os.path.relpath(font.file_name, os.path.dirname(CSS_HREF)))
    css_item.content = css.encode("utf-8")

    eb.toc = _toc(plans)
    eb.spine = spine
    eb.guide = [
        {"type": "cover", "href": "cover.xhtml", "title": "封面"},
        {"type": "toc", "href": spine[1].file_name, "title": "目录"},
        {"type": "text", "href": first_article.file_name, "title": "正文"},
    ]
    raw = io.BytesIO()
    epub.write_epub(raw, eb, {
        "raise_exceptions": True,
        "mtime": modified,
        "epub3_pages": False,          # would re-parse every document looking for page breaks
        "landmark_title": "导航",
        "play_order": {"enabled": True, "start_from": 1},
        "compresslevel": 0,
    })
    # Items point back at the book: drop the book's side of the cycle so a year of documents
    # is freed now, not at some later garbage collection.
    eb.items, eb.spine = [], []
    return raw


class EpubBackend:
    name = "epub"
    extension = ".epub"
    description = "EPUB 3 e-book (with EPUB 2 NCX), one document per article"

    def write(self, book: Book, path: Path, options: RenderOptions) -> None:
        # The config's display names stand for the papers' names everywhere in the book.
        book = _sanitized(book, options)
        if not book.issues:
            raise BackendError("nothing to write: the book has no articles")
        title = (xml_safe(options.title) or book.title or "").strip() or book.issues[0].newspaper
        epoch = _source_date_epoch()
        modified = (dt.datetime.fromtimestamp(epoch, dt.timezone.utc) if epoch is not None
                    else dt.datetime.now(dt.timezone.utc))
        # Built in a helper so the ebooklib book (a copy of every document) is freed before
        # the archive is rewritten: that lowers the peak memory of a year of articles.
        raw = _package(book, title, options, modified)
        rezip(raw, Path(path), epoch)
