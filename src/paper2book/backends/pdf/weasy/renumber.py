"""Page numbers given once the pages are laid out: a volume's parts are laid out side
by side, each numbered when the parts before it have counted their pages.

A volume is typeset issue by issue in parallel (volume.py); where an issue
begins depends on how many pages the issues before it have, which no one
knows until they are laid out.  Page numbers move no line (an issue always
begins on a right-hand page, and a number's digits take no room that moves
text), so a part is laid out as if it began on page 1; then
``Session.renumber(pages)`` publishes its page count and answers with its
real first page, and the page counters are moved there: every page's
counter in WeasyPrint's page maker and each anchor's cached page number;
the boxes whose ``target-counter()`` content shows one (the 本期目录 on the
头版) get their content again and their pages are marked changed.
WeasyPrint then lays out again only those pages, and makes the running
heads from the moved counters.  If the 头版 grows a line for a longer
number after all, WeasyPrint lays out the pages after it again as
it does for any changed page, and volume.py sees the part end elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .hints import Box, Context, Page

if TYPE_CHECKING:
    from . import Session


def install(session: Session, _original: Callable) -> tuple[Callable]:
    session.renumbers = True

    def numbered(context: Context, root_box: Box, html: Any, pages: list[Page]) -> list[Page]:
        made = list(_original(context, root_box, html, pages))
        if session.renumber is None or not _settled(context):
            return made
        ask, session.renumber = session.renumber, None        # once per render
        shift = ask(len(made)) - 1
        if shift:
            _move_counters(context, shift)
            made = list(_original(context, root_box, html, made))
        return made
    return (numbered,)


def _settled(context: Context) -> bool:
    """WeasyPrint would stop paginating after this pass."""
    return not any(state["content_changed"] or state["pages_wanted"]
                   for *_, state in context.page_maker)


def _move_counters(context: Context, shift: int) -> None:
    for _resume_at, _next_page, _right, page_state, _remake in context.page_maker:
        counters, scopes = page_state[1], page_state[2]
        if "page" in counters:
            counters["page"] = [value + shift for value in counters["page"]]
        else:                                   # before the first page
            counters["page"] = [shift]
            scopes[-1].add("page")
    collector = context.target_collector
    for item in collector.target_lookup_items.values():
        values = item.cached_page_counter_values
        if "page" in values:
            values["page"] = [value + shift for value in values["page"]]
    # Each box whose content shows a target's page number: its content again, its page
    # laid out again.  (WeasyPrint's cache_target_page_counters matches them by anchor
    # name, which it does not keep for target-counter(attr(href), page).)
    for (_box, token), lookup in collector.counter_lookup_items.items():
        if token != "content" or lookup.page_maker_index is None:
            continue
        if any("page" in names for names in lookup.missing_target_counters.values()):
            context.page_maker[lookup.page_maker_index][-1]["content_changed"] = True
            lookup.parse_again(lookup.cached_page_counter_values)
