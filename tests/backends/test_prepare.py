"""The one cleaning pass every backend runs: a hand-built model with characters XML and
fonts cannot carry writes in every format, and none of them carries those characters."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import replace

import pytest

import paper2book
from paper2book.backends.cleaning import UNTITLED, prepare
from paper2book.config.options import RenderOptions
from paper2book.model import Article, Book, Heading, Issue, Page, Paragraph, Source, texts, walk

BAD = "\x01\x08\x0b\x1f\x7f\x85\ufffe\ufdd0"


def _dirty() -> Book:
    art = Article(title=f"控制{BAD}字符", kicker=f"引{BAD}题", captions=[f"说明{BAD}文字", BAD],
                  byline=f"本报记者 张三{BAD}", authors=[f"张三{BAD}"],
                  blocks=[Paragraph(f"正文{BAD}一段。"), Heading(f"小{BAD}标题", f"副{BAD}题"),
                          Paragraph("第二段正文，内容充实。")])
    issue = Issue(f"测试报{BAD}", dt.date(2025, 12, 3), [Page("01", f"要{BAD}闻", [art])])
    return Book(title=f"测试报{BAD} 2025年12月3日", issues=[issue])


def test_walk_reaches_every_text_and_shares_what_is_unchanged():
    book = _dirty()
    seen = [t for _, t in texts(book)]
    assert sum(BAD in t for t in seen) == 12   # book, paper, 版面, 9 in the article
    clean = walk(book, lambda t: t.replace(BAD, ""))
    assert not any(BAD in t for _, t in texts(clean))
    same = walk(clean, lambda t: t)
    assert same.issues[0].pages[0].articles[0] is clean.issues[0].pages[0].articles[0]
    assert book.issues[0].pages[0].articles[0].title == f"控制{BAD}字符"    # input untouched


def test_prepare_cleans_names_titles_and_drops_empty_parts():
    dirty = _dirty()
    issue = dirty.issues[0]
    first = replace(issue.pages[0], articles=(*issue.pages[0].articles, Article(title=BAD, kicker=BAD)))
    book = replace(dirty, issues=(replace(issue, pages=(first, *issue.pages[1:], Page("02", "空版"))),))
    out = prepare(book, RenderOptions())
    arts = out.issues[0].pages[0].articles
    assert arts[0].title == "控制字符" and arts[0].captions == ("说明文字",)
    assert arts[1].title == UNTITLED and arts[1].kicker is None
    assert [p.number for p in out.issues[0].pages] == ["01"]
    assert prepare(book, RenderOptions(title=f"书{BAD}名")).title == "书名"


@pytest.mark.parametrize("fmt", ["json", "html", "epub", "pdf"])
def test_every_format_writes_without_the_characters(fmt, tmp_path):
    out = tmp_path / f"b.{fmt}"
    paper2book.write(_dirty(), fmt, out)
    if fmt == "epub":
        with zipfile.ZipFile(out) as z:
            data = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                           if n.endswith((".xhtml", ".opf", ".ncx")))
    elif fmt == "pdf":
        from helpers import tools
        from helpers.pdf import pdftotext

        tools.need("poppler")
        data = pdftotext(out)
    else:
        data = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.dumps(json.loads(data), ensure_ascii=False)
    assert "控制字符" in data and "说明文字" in data
    assert not any(ch in data for ch in BAD), [hex(ord(c)) for c in BAD if c in data]


def _with_source(file: str) -> Book:
    art = Article(title="来源", blocks=[Paragraph("正文一段，内容充实。")], source=Source(file, 7))
    return Book(title="测试报", issues=[Issue("测试报", dt.date(2025, 12, 3), [Page("01", "要闻", [art])])])


@pytest.mark.parametrize("built", ["python", "json"])
@pytest.mark.parametrize("fmt", ["json", "html", "epub", "pdf"])
def test_a_lone_surrogate_in_the_source_file_is_cleaned(fmt, built, tmp_path):
    # A Python user's os.fsdecode() of a GBK name gives such a str; so does "\udcff" in JSON.
    book = _with_source("旧报\udcff.txt")
    if built == "json":
        text = json.dumps(book.to_dict())
        assert '\\udcff' in text
        book = Book.from_dict(json.loads(text))
        assert book.issues[0].pages[0].articles[0].source.file == "旧报\udcff.txt"
    out = paper2book.write(book, fmt, tmp_path / f"b.{fmt}")
    assert out.stat().st_size > 0
    if fmt == "json":
        art = json.loads(out.read_text(encoding="utf-8"))["issues"][0]["pages"][0]["articles"][0]
        assert art["source"] == {"file": "旧报.txt", "line": 7}


def test_the_walk_reaches_the_source_file():
    book = _with_source(f"旧{BAD}报.txt")
    clean = walk(book, lambda t: t.replace(BAD, ""))
    assert clean.issues[0].pages[0].articles[0].source == Source("旧报.txt", 7)
    assert prepare(book, RenderOptions()).issues[0].pages[0].articles[0].source.file == "旧报.txt"


def test_the_cleaning_pass_answers_to_its_old_name_too():
    from paper2book.backends import _shared, cleaning

    assert _shared.prepare is cleaning.prepare and _shared.UNTITLED == cleaning.UNTITLED
