"""search() against a brute-force substring search over the model, query by query."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paper2book.site.search import make_snippet, search
from paper2book.site.terms import fold, query_terms

from .queries import queries

pytestmark = pytest.mark.slow


def _urls(hits) -> list[str]:
    return [h.url.split("?")[0] + "#" + h.url.split("#")[1] for h in hits]


def test_fifty_queries_equal_brute_force(built):
    qs, boundaries = queries(built.docs)
    assert len(qs) + len(boundaries) >= 50
    matched = 0
    for q in qs + [b for b, _ in boundaries]:
        got = _urls(search(built.site, q))
        assert got == built.brute(q), q
        matched += bool(got)
    assert matched >= 40                # most queries find something: the test means something


def test_terms_never_match_across_fields(built):
    _, boundaries = queries(built.docs)
    for q, url in boundaries:
        within = any(q in f for d in built.docs if d.url == url for f in d.fields)
        if not within:
            assert url not in _urls(search(built.site, q)), q


def test_hits_come_newest_first_with_their_issue(built):
    hits = search(built.site, "发展")
    dates = [h.date for h in hits]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == 8
    h = hits[0]
    assert h.paper == "九江日报" and h.page_label.startswith("第") and h.headline
    assert h.url.startswith(f"九江日报/{h.date.year}/{h.date:%m-%d}.html?hl=%E5%8F%91%E5%B1%95#b")
    s, e = h.marks[0]
    assert fold(h.snippet[s:e]) == "发展"


def test_filters_by_paper_and_year(built):
    every = search(built.site, "发展")
    in_2026 = search(built.site, "发展", year=2026)
    assert in_2026 and {h.date.year for h in in_2026} == {2026}
    assert len(in_2026) < len(every)
    assert search(built.site, "发展", paper="人民日报") == []
    assert len(search(built.site, "发展", paper="九江日报")) == len(every)


def test_punctuation_and_width_fold_together():
    assert query_terms("台风,  ＡＢ１") == ["台风,", "ab1"]
    assert query_terms("台风，") == query_terms("台风,")
    assert query_terms("  ") == []
    assert query_terms("a\x00b c c") == ["ab", "c"]


def test_snippet_marks_every_occurrence_in_its_window():
    text = "甲" * 30 + "国务院" + "乙" * 5 + "国务院" + "丙" * 100
    snippet, marks = make_snippet(text, ["国务院"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[s:e] for s, e in marks] == ["国务院", "国务院"]


def test_an_empty_query_finds_nothing(built):
    assert search(built.site, "   ") == []


def test_a_query_of_many_terms_is_cut_at_once():
    # 200,000 distinct terms: looking each up among those kept took quadratic time (an
    # OpenSearch request or a crafted ?q= link held a thread or the page for minutes).
    code = ("import time; from paper2book.site.terms import query_terms; t = time.monotonic(); "
            "q = ' '.join(f't{i}' for i in range(200_000)) + ' 台风'; "
            "print(len(query_terms(q)), query_terms(q)[:2], time.monotonic() - t < 2)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["8", "['t0',", "'t1']", "True"], out.stderr
