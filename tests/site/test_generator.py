"""make_dumps --daily: a real daily's issues, as the site benchmark and tests use them."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from paper2book.api import read

from helpers import ROOT


@pytest.fixture(scope="module")
def make_dumps():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_dumps
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return make_dumps


@pytest.mark.slow
def test_daily_issues_have_a_real_dailys_shape_and_words(make_dumps, tmp_path):
    paragraphs = []
    for k in range(12):
        day = dt.date(2025, 12, 1) + dt.timedelta(days=k)
        text, _ = make_dumps.make_issue("九江日报", day, daily=True)
        path = tmp_path / f"{k}.txt"
        path.write_text(text, encoding="utf-8")
        issue = read([str(path)]).issues[0]
        chars = sum(len(b.text) for a in issue.articles for b in a.blocks)
        assert 4 <= len(issue.pages) <= 8 and 15 <= len(issue.articles) <= 30
        assert 28_000 <= chars <= 65_000, chars
        paragraphs += [p.text for a in issue.articles for p in a.paragraphs]
    # Varied wording: paragraphs hardly ever repeat across twelve issues.
    assert len(set(paragraphs)) > 0.99 * len(paragraphs)
