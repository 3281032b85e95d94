import dataclasses
import datetime as dt
import json

import pytest

from paper2book.model import (
    Article,
    Book,
    Heading,
    Issue,
    ModelError,
    Page,
    Paragraph,
    Source,
    page_sort_key,
    texts,
    walk,
)

from helpers import ROOT


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


def test_the_model_is_immutable():
    book = sample_book()
    art = book.articles[0]
    for obj, name in [(book, "title"), (book.issues[0], "pages"), (book.issues[0].pages[0], "name"),
                      (art, "blocks"), (art, "source")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, None)
    # Lists given to the constructors are kept as tuples: nothing reachable can be appended to.
    assert (type(book.issues), type(book.issues[0].pages), type(book.issues[0].pages[0].articles),
            type(art.authors), type(art.captions), type(art.blocks)) == (tuple,) * 6
    with pytest.raises(AttributeError):
        art.blocks.append(Paragraph("又一段。"))
    assert hash(book) == hash(sample_book())
    assert Article(title="t", authors=["甲"]) == Article(title="t", authors=("甲",))


def test_json_read_back_is_tuples_and_equal():
    again = Book.from_dict(sample_book().to_dict())
    assert again == sample_book()
    assert type(again.articles[0].blocks) is tuple


def test_the_golden_model_reads_back_to_the_same_json():
    # tests/golden/seed.json is the versioned JSON form the JSON backend writes.
    d = json.loads((ROOT / "tests" / "golden" / "seed.json").read_text(encoding="utf-8"))
    book = Book.from_dict(d)
    assert book.to_dict() == d
    assert len(book.articles) == 1 and len(book.articles[0].blocks) > 10


@pytest.mark.parametrize("bad", [
    {"schema": 1, "title": "x", "issues": "not a list"},
    {"schema": 1, "title": "x", "issues": ["not an object"]},
    {"schema": 1, "title": "x", "issues": [{"newspaper": "报", "date": "2025-12-03",
                                           "pages": [{"number": "1", "articles": [{"title": "t",
                                                                                   "authors": 5}]}]}]},
])
def test_wrong_json_types_are_a_model_error(bad):
    with pytest.raises(ModelError, match="malformed model"):
        Book.from_dict(bad)


def test_walk_reaches_every_text_of_an_article():
    book = sample_book()
    walked = walk(book, lambda s: s + "·")
    before, after = book.articles[0], walked.articles[0]
    for f in dataclasses.fields(Article):
        old, new = getattr(before, f.name), getattr(after, f.name)
        assert old != new, f"walk leaves Article.{f.name} alone"
    assert [t for _a, t in texts(walked)] == [t + "·" for _a, t in texts(book)]
    assert after.source == Source("a.txt·", 6)


def test_walk_shares_what_it_does_not_change():
    book = sample_book()
    same = walk(book, lambda s: s)
    assert same == book and same.articles[0] is book.articles[0]
    upper = walk(book, lambda s: s.replace("正文", "全文"))
    assert upper.articles[0].blocks[1:] == book.articles[0].blocks[1:]
    assert upper.articles[0].blocks[0] == Paragraph("全文。")
    assert all(n is o for n, o in zip(upper.articles[0].blocks[1:], book.articles[0].blocks[1:],
                                      strict=True))
