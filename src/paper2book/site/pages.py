"""The site's pages from the model, through the theme's Jinja templates (templates/site/).

Every page is rendered in the project's sandboxed, autoescaping environment
(theme.py), like the HTML edition, whose article template (html/article.html.j2)
and style sheet (html.css, with the font fallbacks) the issue pages share.
Links are relative, so the folder works from ``file://`` and at any base URL.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from .. import __version__
from ..backends.html import Anchored, font_families
from ..config.options import RenderOptions
from ..config.schema import fallback_families
from ..fonts import with_fallbacks
from ..model import WEEKDAYS, Issue, date_label
from ..theme import Theme, load_theme
from . import calendar, layout

ASSET_SCRIPTS = ("terms.js", "search.js", "hl.js")
GENERATOR = f"paper2book {__version__}"


class Pages:
    def __init__(self, options: RenderOptions, site_title: str, language: str = "zh-CN"):
        self.options = options
        self.theme: Theme = load_theme(options.theme, options.templates)
        self.env = self.theme.environment()
        self.site_title = site_title
        self.language = language
        self._templates: dict = {}

    def _render(self, name: str, page: str, **context: object) -> bytes:
        if name not in self._templates:
            self._templates[name] = self.theme.template(f"site/{name}", self.env)
        html = self.theme.render_template(
            self._templates[name], language=self.language, generator=GENERATOR,
            site_title=self.site_title, root=layout.root_prefix(page),
            query=context.pop("query", ""), crumbs=context.pop("crumbs", None), **context)
        return html.encode("utf-8")

    # ------------------------------------------------------------ issue

    def issue(self, issue: Issue, display: str, anchors: list[list[str]], *,
              prev: dt.date | None, next: dt.date | None,
              books: list[tuple[str, str]]) -> bytes:
        """``issue`` cleaned (backends._shared.prepare); ``books``: (label, site path)."""
        page = layout.issue_page(issue.newspaper, issue.date)
        root = layout.root_prefix(page)

        def neighbour(day: dt.date | None) -> dict | None:
            if day is None:
                return None
            return {"href": layout.link(page, layout.issue_page(issue.newspaper, day)),
                    "label": date_label(day)}

        pages = [Anchored(p, f"page-{k}", articles=[Anchored(a, aid) for a, aid in zip(p.articles, ids,
                                                                                  strict=True)])
                 for k, (p, ids) in enumerate(zip(issue.pages, anchors, strict=True), 1)]
        crumbs = [("首页", f"{root}index.html"),
                  (display, None),
                  (f"{issue.date.year}年",
                   layout.link(page, layout.year_page(issue.newspaper, issue.date.year))),
                  (f"{issue.date.month}月{issue.date.day}日", None)]
        return self._render(
            "issue.html.j2", page, crumbs=crumbs,
            title=f"{display} {date_label(issue.date)}", paper=display,
            date_iso=issue.date.isoformat(), date_label=date_label(issue.date),
            weekday=issue.weekday, pages=pages, article_count=len(issue.articles),
            prev=neighbour(prev), next=neighbour(next),
            books=[(label, layout.link(page, path)) for label, path in books])

    # ------------------------------------------------------------ calendars, start, search

    def year(self, paper: str, display: str, year: int, dates: set[dt.date],
             years: list[int]) -> bytes:
        page = layout.year_page(paper, year)
        root = layout.root_prefix(page)

        def day_href(day: dt.date) -> str:
            return layout.link(page, layout.issue_page(paper, day))

        def year_link(y: int | None) -> dict | None:
            return None if y is None else {"year": y, "href": layout.link(page, layout.year_page(paper, y))}

        k = years.index(year)
        months = calendar.months(year, {d for d in dates if d.year == year}, day_href)
        return self._render(
            "year.html.j2", page, crumbs=[("首页", f"{root}index.html"), (display, None),
                                          (f"{year}年", None)],
            paper=display, year=year, months=months, weekdays=calendar.WEEKDAY_HEADS,
            count=sum(m["count"] for m in months),
            prev_year=year_link(years[k - 1] if k else None),
            next_year=year_link(years[k + 1] if k + 1 < len(years) else None))

    def start(self, papers: list[dict], issue_count: int, article_count: int) -> bytes:
        """``papers``: name, key (as in the dumps), dates (sorted)."""
        shown = []
        for p in papers:
            dates: list[dt.date] = p["dates"]
            years = sorted({d.year for d in dates})
            latest = dates[-1]
            shown.append({
                "name": p["name"], "count": len(dates),
                "span": f"{date_label(dates[0])}—{date_label(latest)}" if len(dates) > 1
                else date_label(latest),
                "years": [{"year": y, "count": sum(1 for d in dates if d.year == y),
                           "href": layout.href(layout.year_page(p["key"], y))} for y in years],
                "latest_href": layout.href(layout.issue_page(p["key"], latest)),
                "latest_label": f"{date_label(latest)} {WEEKDAYS[latest.weekday()]}"})
        return self._render("index.html.j2", "index.html", papers=shown, issue_count=issue_count,
                            article_count=article_count)

    def search(self, papers: list[str], years: list[int]) -> bytes:
        return self._render("search.html.j2", "search.html",
                            crumbs=[("首页", "index.html"), ("搜索", None)],
                            papers=papers, years=years)

    # ------------------------------------------------------------ assets

    def assets(self) -> dict[str, bytes]:
        """Style sheets (the theme's html.css with the font settings, site.css) and scripts."""
        css = with_fallbacks(self.theme.stylesheet("html.css"),
                             fallback_families(self.options.fallback_fonts))
        fonts = font_families(self.options)
        if fonts:       # the HTML edition's own :root block (html/fonts.css.j2), not a copy of it
            css += "\n" + self.theme.render("html/fonts.css.j2", fonts=fonts).rstrip("\n") + "\n"
        out = {f"{layout.ASSETS}/html.css": css.encode("utf-8"),
               f"{layout.ASSETS}/site.css": self.theme.stylesheet("site.css").encode("utf-8")}
        folder = resources.files("paper2book.site") / "assets"
        for name in ASSET_SCRIPTS:
            out[f"{layout.ASSETS}/{name}"] = Path(str(folder / name)).read_bytes()
        return out
