"""Reader/normaliser: dump files in, one Book out.  Knows nothing of backends."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import InputError, NotADumpError
from ..model import Article, Book, Issue, Page, Source, date_span, month_label, page_sort_key
from .body import split_content
from .decode import decode, split_lines
from .files import MAX_INPUT_BYTES, STDIN, FoundInFolder, display_name, expand_inputs, load
from .normalize import Normalizer
from .screens import BANNER, Screen, publication_date, split_screens

log = logging.getLogger("paper2book")

__all__ = ["MAX_INPUT_BYTES", "STDIN", "Progress", "expand_inputs", "issue_dates", "read_file",
           "read_inputs"]

# ``progress(done, total, what)``: told as the files are read; what it returns is ignored.
Progress = Callable[[int, int, str], object]

UNKNOWN_PAPER = "未知报纸"


@dataclass
class _Placed:
    """An article with the keys it is grouped, ordered and de-duplicated by."""

    article: Article
    paper: str
    date: dt.date
    page_number: str
    page_name: str | None
    order: tuple[int, int]


def _fallback_capture(name: str, mtime: dt.date | None) -> dt.date:
    if mtime is None:
        today = dt.date.today()
        log.warning("%s: no capture date in the input; years of 日期 are taken from today (%s)",
                    name, today.isoformat())
        return today
    log.warning("%s: no capture date in the file; years of 日期 are taken from the file's "
                "modification date (%s)", name, mtime.isoformat())
    return mtime


def _title_parts(screen: Screen, norm: Normalizer) -> tuple[str | None, str, str | None]:
    lines = [h.text for h in screen.headline]
    dash = ("——", "—", "--", "－－")

    def undash(s: str) -> str:
        for d in dash:
            if s.startswith(d):
                return s[len(d):].strip()
        return s

    # The screen's lines are cleaned already.
    fin = norm.finish
    if len(lines) == 1:
        return None, fin(lines[0]), None
    if len(lines) == 2:
        if lines[1].startswith(dash):
            return None, fin(lines[0]), fin(undash(lines[1]))
        return fin(lines[0]), fin(lines[1]), None
    return fin(lines[0]), fin(lines[1]), fin(undash(lines[2]))


def _screens(name: str, display: str, max_bytes: int) -> tuple[list[Screen], dt.date, bool]:
    """The file's screens that hold anything, the capture date to start from, and whether
    that date is the file's modification date (the file has no capture date)."""
    data, mtime = load(name, max_bytes)
    text, _encoding = decode(data, display)
    del data                # each copy of a big file goes as soon as the next one stands for it
    lines = split_lines(text)
    del text
    screens = [s for s in split_screens(lines) if s.headline or s.date_text or s.content]
    if not any(s.date_text is not None or s.page_number is not None for s in screens):
        if BANNER not in lines:
            raise NotADumpError(display, "no article found: this is not a dump from an e-paper "
                                         f"reader (no {BANNER} header, 日期 or 版面 line)")
        raise InputError(display, "no article found: this is not a dump from an e-paper reader "
                                  "(no 日期/版面 lines)")
    del lines
    capture = next((s.capture for s in screens if s.capture), None)
    if capture:
        return screens, capture, False
    return screens, _fallback_capture(display, mtime), True


def _dated(screens: list[Screen], capture: dt.date,
           display: str) -> Iterator[tuple[Screen, str, int, str | None, dt.date]]:
    """Each screen with a headline: where it is, its paper (None: no name so far) and its
    publication date.  Paper and capture date carry over from the screens before."""
    paper = None
    for sc in screens:
        line = sc.headline[0].no if sc.headline else sc.first_line
        where = f"{display}:{line}"
        for no, problem in sc.problems:
            log.warning("%s:%d: %s", display, no, problem)
        capture = sc.capture or capture
        paper = sc.paper or paper
        if not sc.headline:
            log.warning("%s: screen has no headline; skipped", where)
            continue
        date = publication_date(sc.date_text, capture) if sc.date_text else None
        if date is None:
            what = f"日期 {sc.date_text!r} not understood" if sc.date_text else "no 日期 line"
            log.warning("%s: %s; using the capture date %s", where, what, capture.isoformat())
            date = capture
        yield sc, where, line, paper, date


def _article(sc: Screen, where: str, display: str, line: int, norm: Normalizer) -> Article:
    """One screen's article; what is missing is warned about."""
    kicker, title, subtitle = _title_parts(sc, norm)
    if sc.page_number is None:
        log.warning("%s: no 版面 line; the article goes to an unnumbered page", where)
    if not sc.content:
        log.warning("%s: screen has a headline but no body; kept as it is", where)
    content = split_content(sc.content, norm)
    by = content.byline
    return Article(
        kicker=kicker, title=title, subtitle=subtitle,
        byline=by.text if by else None,
        authors=tuple(by.authors) if by else (),
        credit=by.credit if by else None,
        captions=tuple(content.captions), blocks=tuple(content.blocks), editor=content.editor,
        source=Source(file=display, line=line),
    )


def read_file(name: str, order: int, norm: Normalizer,
              max_bytes: int = MAX_INPUT_BYTES) -> list[_Placed]:
    display = display_name(name)
    screens, capture, _from_mtime = _screens(name, display, max_bytes)
    placed: list[_Placed] = []
    for sc, where, line, paper, date in _dated(screens, capture, display):
        article = _article(sc, where, display, line, norm)
        if not paper:
            log.warning("%s: no newspaper name (当前报纸名称) before this screen", where)
        placed.append(_Placed(article, paper or UNKNOWN_PAPER, date, sc.page_number or "",
                              sc.page_name, (order, line)))
    if not placed:
        raise InputError(display, "no article found: no screen has a headline")
    return placed


def issue_dates(name: str, max_bytes: int = MAX_INPUT_BYTES) -> tuple[list[tuple[str, dt.date]],
                                                                    dt.date | None]:
    """The paper and date of every article in the file, as ``read_file`` places them, without
    reading the articles themselves (what a job needs to group files by issue, month or
    year); and the modification date the years were taken from when the file has no capture
    date (None otherwise).  Raises what ``read_file`` raises on a file it cannot read."""
    display = display_name(name)
    screens, capture, from_mtime = _screens(name, display, max_bytes)
    found = [(paper or UNKNOWN_PAPER, date) for _sc, _where, _line, paper, date
             in _dated(screens, capture, display)]
    if not found:
        raise InputError(display, "no article found: no screen has a headline")
    return found, capture if from_mtime else None


# What a folder's file that is no dump at all is said to hold (warnings of the reader and a job).
NO_SCREEN = f"holds no e-paper reader screen (no {BANNER} header, 日期 or 版面 line)"

# From this many issues on, a book of one calendar month (or year) is that month's (year's)
# bound volume, titled as the --split month (year) book is; a shorter one names its dates.
VOLUME_MIN_ISSUES = 7


def book_title(issues: Sequence[Issue]) -> str:
    papers: list[str] = []
    for issue in issues:
        if issue.newspaper not in papers:
            papers.append(issue.newspaper)
    dates = [i.date for i in issues]
    period = date_span(dates)
    if len(issues) >= VOLUME_MIN_ISSUES:
        if len({(d.year, d.month) for d in dates}) == 1:
            period = month_label(dates[0].year, dates[0].month) + "合订本"
        elif len({d.year for d in dates}) == 1:
            period = f"{dates[0].year}年合订本"
    return f"{'、'.join(papers)} {period}"


@dataclass
class _PageDraft:
    """A page as the articles come in; frozen into a ``Page`` once all are placed."""

    number: str
    name: str | None
    articles: list[Article] = field(default_factory=list)


def assemble(placed: list[_Placed], title: str | None = None) -> Book:
    seen: set[tuple[object, ...]] = set()
    issues: dict[tuple[dt.date, str], dict[tuple[str, int, str], _PageDraft]] = {}
    for p in sorted(placed, key=lambda p: p.order):
        page_key = page_sort_key(p.page_number)
        dup_key = (p.paper, p.date, page_key, p.article.kicker, p.article.title)
        if dup_key in seen:
            src = p.article.source
            if src is not None:
                log.info("%s:%d: the same article again; kept once", src.file, src.line)
            continue
        seen.add(dup_key)
        pages = issues.setdefault((p.date, p.paper), {})
        page = pages.get(page_key)
        if page is None:
            page = pages[page_key] = _PageDraft(p.page_number, p.page_name)
        elif page.name is None:
            page.name = p.page_name
        page.articles.append(p.article)
    ordered = [
        Issue(newspaper=paper, date=date, pages=tuple(
            Page(number=d.number, name=d.name, articles=tuple(d.articles))
            for d in (pages[k] for k in sorted(pages))))
        for (date, paper), pages in sorted(issues.items())
    ]
    return Book(title=title or book_title(ordered), issues=tuple(ordered))


def read_inputs(inputs: list[str], normalize_punctuation: bool = True,
                title: str | None = None, progress: Progress | None = None,
                max_bytes: int = MAX_INPUT_BYTES, strict: bool = False) -> Book:
    """``progress(done, total, name)`` is called as files are read; a file over
    ``max_bytes`` is refused.  A file a folder brought that holds no reader screen at all
    (notes kept beside the dumps) is skipped with a warning; ``strict``: an error."""
    norm = Normalizer(punctuation=normalize_punctuation)
    placed: list[_Placed] = []
    files = expand_inputs(inputs)
    for order, name in enumerate(files):
        if progress:
            progress(order, len(files), f"reading {display_name(name)}")
        try:
            placed.extend(read_file(name, order, norm, max_bytes))
        except NotADumpError as e:
            if strict or not isinstance(name, FoundInFolder):
                raise
            log.warning("%s: %s; skipped", e.file, NO_SCREEN)
    if not placed:
        raise InputError(", ".join(display_name(i) for i in inputs)[:200],
                         "no article found: no file holds an e-paper reader's screens")
    return assemble(placed, title)
