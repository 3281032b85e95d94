"""Reader behaviour that fixtures cannot pin down (file times, stdin, API)."""

import datetime as dt
import io
import logging
import os
import sys

import pytest

import paper2book

from helpers.seed import SEED

DUMP = "当前报纸名称:九江日报\n\n标题\n\n日期:12-30\n版面:第01版:要闻\n\n  正文第一段。\n"


@pytest.mark.allow_warnings
def test_year_from_file_time_when_no_capture_date(tmp_path, caplog):
    f = tmp_path / "x.txt"
    f.write_text(DUMP, encoding="utf-8")
    stamp = dt.datetime(2026, 1, 2, 12).timestamp()
    os.utime(f, (stamp, stamp))
    book = paper2book.read([f])
    assert book.issues[0].date == dt.date(2025, 12, 30)
    msgs = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(f) in m and "modification date" in m for m in msgs), msgs


@pytest.mark.allow_warnings
def test_stdin(monkeypatch, caplog):
    data = ("2026-01-02\n" + DUMP).encode("gb18030")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    book = paper2book.read("-")
    assert book.issues[0].date == dt.date(2025, 12, 30)
    assert book.articles[0].source.file == "<stdin>"


def test_seed_structure():
    book = paper2book.read(SEED)
    (issue,) = book.issues
    assert (issue.newspaper, issue.date, issue.weekday) == ("九江日报", dt.date(2025, 12, 3), "星期三")
    (page,) = issue.pages
    assert (page.number, page.name) == ("03", "专版")
    (art,) = page.articles
    assert art.title == "党建聚链 产业焕新" and art.kicker is None and art.subtitle is None
    assert len(art.captions) == 3 and art.authors == ("杨静",)
    assert [(h.text, h.subtitle) for h in art.headings] == [
        ("怎样“链得上”？", "沿着产业链，织密建强组织链"),
        ("如何“链得紧”？", "依托党建链，优化畅通服务链"),
        ("何以“链得强”？", "拓展创新链，精准赋能发展链")]
    assert len(art.paragraphs) == 44
    assert "面对企业的诉求，如何提供最优解？" in [p.text for p in art.paragraphs]


@pytest.mark.allow_warnings
def test_screens_without_headlines_are_no_article(tmp_path):
    from paper2book.errors import InputError

    f = tmp_path / "h.txt"
    f.write_text("电子报阅读机\n2025-12-06\n当前报纸名称:九江日报\n\n日期:12-03\n版面:第01版\n\n  正文。\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="no article") as info:
        paper2book.read([f])
    assert str(f) in str(info.value)
