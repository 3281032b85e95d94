import datetime as dt
import json

import pytest

from paper2book.model import Article, Book, Heading, Issue, ModelError, Page, Paragraph, Source, page_sort_key


def sample_book() -> Book:
    art = Article(title="党建聚链 产业焕新", kicker="引题", subtitle="副题", byline="本报记者 张三",
                  authors=["张三"], credit="文", captions=["图为……"],
                  blocks=[Paragraph("正文。"), Heading("小标题", "副标题"), Heading("一、单独")],
                  editor="孙八", source=Source("a.txt", 6))
    return Book(title="九江日报 2025年12月3日",
                issues=[Issue("九江日报", dt.date(2025, 12, 3), [Page("03", "专版", [art])])])


def test_round_trip_through_json_text():
    book = sample_book()
    again = Book.from_dict(json.loads(json.dumps(book.to_dict(), ensure_ascii=False)))
    assert again == book


def test_json_contract_fields():
    d = sample_book().to_dict()
    assert d["schema"] == 1
    issue = d["issues"][0]
    assert (issue["newspaper"], issue["date"], issue["weekday"]) == ("九江日报", "2025-12-03", "星期三")
    art = issue["pages"][0]["articles"][0]
    assert art["blocks"][1] == {"type": "heading", "text": "小标题", "subtitle": "副标题"}
    assert art["source"] == {"file": "a.txt", "line": 6}


@pytest.mark.parametrize("bad", [{"schema": 2, "title": "x", "issues": []},
                                 {"title": "x"}, [], {"schema": 1}])
def test_unknown_or_malformed_schema_is_refused(bad):
    with pytest.raises(ModelError):
        Book.from_dict(bad)


def test_unknown_block_type_is_refused():
    d = sample_book().to_dict()
    d["issues"][0]["pages"][0]["articles"][0]["blocks"].append({"type": "table", "text": ""})
    with pytest.raises(ModelError):
        Book.from_dict(d)


def test_page_order():
    numbers = ["B02", "A03", "12", "A01", "3", "1", "A10"]
    assert sorted(numbers, key=page_sort_key) == ["1", "3", "12", "A01", "A03", "A10", "B02"]
    assert page_sort_key("03") == page_sort_key("3")


def test_page_label():
    assert Page("03", "专版").label == "第03版 专版"
    assert Page("05").label == "第05版"
