"""The job's progress line: books done of the total, and the time left at the pace so far."""

from __future__ import annotations

import io

import pytest

from paper2book.cli.progress import Progress


@pytest.mark.parametrize("done, elapsed, ends", [
    (0, 0.0, "0/4 books"),
    (3, 90.0, "3/4 books, about 0:30 left"),
    (1, 61.0, "1/4 books, about 3:03 left"),
    (4, 120.0, "[########################] 4/4 books"),
])
def test_books_done_and_the_time_left(done, elapsed, ends):
    out = io.StringIO()
    Progress(enabled=True, stream=out).job(done, 4, elapsed)
    assert out.getvalue().rstrip().endswith(ends)


def test_silent_when_not_a_terminal():
    out = io.StringIO()
    Progress(enabled=False, stream=out).job(1, 2, 1.0)
    assert out.getvalue() == ""
