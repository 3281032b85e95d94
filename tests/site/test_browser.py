"""The site in headless Chromium from file://: browse, search by typing and by URL, highlights,
and the browser's search equal to the brute-force one."""

from __future__ import annotations

import itertools
import json
import string
from urllib.parse import quote

import pytest

from .queries import queries
from helpers.browser import Browser

pytestmark = [pytest.mark.slow, pytest.mark.external("chromium")]


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1200, height=900) as b:
        yield b


def loaded(condition: str) -> str:
    return f"document.readyState === 'complete' && {condition}"


def url(built, path: str) -> str:
    return (built.site / path).as_uri() if "?" not in path else \
        (built.site / path.split("?")[0]).as_uri() + "?" + path.split("?", 1)[1]


def test_start_page_to_calendar_to_day_to_article(built, browser):
    browser.go(url(built, "index.html"))
    assert browser.js("document.querySelectorAll('.years a').length") == 2
    browser.click(".years a")
    browser.wait_for(loaded("location.pathname.endsWith('/2025/index.html')"))
    assert browser.js("document.querySelectorAll('.month').length") == 12
    assert browser.js("document.querySelectorAll('td.has a').length") == 4
    assert browser.js("[...document.querySelectorAll('.cal thead th')].slice(0, 7)"
                      ".map(t => t.textContent).join('')") == "一二三四五六日"
    browser.click("td.has a")
    browser.wait_for(loaded("location.pathname.endsWith('/2025/12-01.html')"))
    assert browser.js("document.querySelector('a[rel=next]').getAttribute('href')") == "12-02.html"
    first = browser.js("document.querySelector('.toc-article a').getAttribute('href')")
    browser.click(".toc-article a")
    browser.wait_for(f"location.hash === {json.dumps(first)}")
    assert browser.js(f"document.getElementById({json.dumps(first[1:])}).tagName") == "ARTICLE"


def test_typed_search_and_a_result_with_highlights(built, browser):
    browser.go(url(built, "index.html"))
    browser.click(".site-search input")
    browser.type("同比增长")
    browser.press_enter()
    total = int(browser.wait_for(loaded("document.getElementById('results').getAttribute('data-total')")))
    assert total == len(built.brute("同比增长")) > 20
    assert browser.js("document.getElementById('results').children.length") == 20
    first = browser.js("document.querySelector('#results > li a').textContent")
    assert browser.js("document.querySelectorAll('#results mark.hit').length") >= 20
    browser.click("#results > li a")
    browser.wait_for(loaded("location.search.startsWith('?hl=')"))
    browser.wait_for("document.querySelectorAll('mark.hit').length")
    article = browser.js("document.getElementById(decodeURIComponent(location.hash.slice(1)))"
                         ".querySelector('.headline').textContent")
    assert article == first
    marks = browser.js("[...document.querySelectorAll('mark.hit')].map(m => m.textContent)")
    assert marks and set(marks) == {"同比增长"}
    inside = browser.js("[...document.querySelectorAll('mark.hit')].every(m => "
                        "m.closest('article').id === decodeURIComponent(location.hash.slice(1)))")
    assert inside


def test_query_from_the_url_is_text_never_markup(built, browser):
    evil = '<img src=x onerror="document.title=\'pwned\'">台风'
    browser.go(url(built, "search.html?q=" + quote(evil)))
    browser.wait_for("document.getElementById('status').textContent.includes('没有找到')")
    assert browser.js("document.title") != "pwned"
    assert browser.js("document.querySelectorAll('img').length") == 0
    assert browser.js("document.getElementById('q').value") == evil


def test_a_crafted_query_of_many_terms_does_not_hang_the_page(built, browser):
    # 200,000 distinct terms in a 1 MB link: terms.js kept every one before cutting at 8,
    # each looked up among the kept ones (quadratic: the tab hung for minutes).
    words = ["".join(w) for w in itertools.islice(itertools.product(string.ascii_lowercase + string.digits,
                                                                    repeat=4), 200_000)]
    browser.go(url(built, "search.html?q=" + "+".join(words) + "+%3Cb%3E"))
    browser.wait_for("document.getElementById('status').textContent.includes('没有找到')", 20)
    shown = " ".join(words[:8])
    assert browser.js("document.getElementById('status').textContent") == f"没有找到包含“{shown}”的文章。"


def test_url_query_with_filters_and_pages(built, browser):
    browser.go(url(built, "search.html?q=" + quote("发展") + "&year=2026&p=2"))
    total = int(browser.wait_for("document.getElementById('results').getAttribute('data-total')"))
    want = [u for u in built.brute("发展") if "/2026/" in u]
    assert total == len(want)
    got = browser.js("[...document.querySelectorAll('#results > li')].map(li => "
                     "decodeURI(li.querySelector('a').getAttribute('href')))")
    assert [g.split("?")[0] + "#" + g.split("#")[1] for g in got] == want[20:40]


def test_browser_search_equals_brute_force(built, browser):
    browser.go(url(built, "search.html"))
    browser.wait_for("!!(window.P2B && P2B.ready)")
    qs, boundaries = queries(built.docs)
    qs += [q for q, _ in boundaries]
    assert len(qs) >= 50
    for q in qs:
        got = browser.js(f"P2B.ready.then(() => P2B.results({json.dumps(q)}))"
                         ".then(rs => rs.map(r => r.url))")
        assert got == built.brute(q), q
