"""A job's book as its worker reads it: the group's issues, sources named as the job names them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import paper2book
from paper2book.config.options import RenderOptions
from paper2book.jobs.groups import Group
from paper2book.jobs.plan import Input, PlannedBook
from paper2book.jobs.task import BookTask, _read
from paper2book.reader import MAX_INPUT_BYTES
from paper2book.reader.files import display_name

from helpers.archive import make_archive


def _task(paths, group: Group, display) -> BookTask:
    sources = tuple(Input(str(p), display(p), f"sha-{p.name}") for p in paths)
    book = PlannedBook(group, sources, "合订本", RenderOptions(), ())
    return BookTask(book, (), True, MAX_INPUT_BYTES, None, logging.WARNING)


def test_the_worker_names_the_sources_as_the_job_does(tmp_path):
    paths = make_archive(tmp_path, months=((2025, 11), (2025, 12)), issues_per_month=2)
    december = Group("九江日报", dt.date(2025, 12, 1), "month")
    book = _read(_task(paths, december, lambda p: f"档案/{p.name}"))

    whole = paper2book.read([str(p) for p in paths])
    wanted = [i for i in whole.issues if i.date.month == 12]
    assert [i.date for i in book.issues] == [dt.date(2025, 12, 1), dt.date(2025, 12, 2)]
    assert book.title == "合订本" and book.language == whole.language
    shown = {a.source.file for a in book.articles}
    assert shown == {"档案/九江日报-2025-12-01.txt", "档案/九江日报-2025-12-02.txt"}
    # Only the names change: the articles are the reader's, field for field and line for line.
    assert len(book.articles) == sum(len(i.articles) for i in wanted)
    for mine, read in zip(book.articles, (a for i in wanted for a in i.articles), strict=True):
        assert mine.source.line == read.source.line
        assert mine == dataclasses.replace(read, source=mine.source)


def test_sources_named_alike_are_left_as_read(tmp_path):
    paths = make_archive(tmp_path, issues_per_month=1)
    group = Group("九江日报", dt.date(2025, 12, 1), "issue")
    book = _read(_task(paths, group, lambda p: display_name(str(p))))
    assert [a.source.file for a in book.articles] == [display_name(str(paths[0]))] * len(book.articles)
