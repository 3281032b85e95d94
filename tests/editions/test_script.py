"""The Traditional-character conversion (editions/script.py): OpenCC, the shipped
corrections, corner quotes, the user's phrase file, and the round trip back."""

from __future__ import annotations

import datetime as dt
import difflib

import opencc
import pytest

from paper2book import read
from paper2book.backends.edition import apply
from paper2book.config.options import RenderOptions
from paper2book.editions.script import (
    INVERSE,
    LANGUAGES,
    SCRIPTS,
    Converter,
    converter,
    corner_quotes,
    corrections,
    parse_phrases,
    shipped_phrases,
    user_phrases,
)
from paper2book.errors import ConfigError
from paper2book.model import texts

from helpers import ROOT
from helpers.archive import make_archive

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
FORMS = ("traditional", "hk", "tw")       # the character-form editions

# Known traps of Simplified -> Traditional, each as s2t's standard forms should give it
# (the Hong Kong and Taiwan editions: the same through t2hk / t2tw).  Those OpenCC
# already gets right stay here so a newer OpenCC cannot break them unnoticed; the
# others are what phrases.txt corrects.
TRAPS = {
    "头发": "頭髮", "发展": "發展", "理发店": "理髮店", "干部": "幹部", "干净": "乾淨",
    "干燥": "乾燥", "树干": "樹幹", "皇后": "皇后", "以后": "以後", "面条": "麪條",
    "面对": "面對", "里程": "里程", "公里": "公里", "里面": "裏面", "被发明": "被發明",
    "被发送": "被發送", "被发掘": "被發掘", "被发射": "被發射", "被发现": "被發現",
    "被发型师": "被髮型師", "展示了如何": "展示了如何", "讲述了如何": "講述了如何",
    "了如指掌": "瞭如指掌", "余秋雨": "余秋雨", "余华": "余華", "余光中": "余光中",
    "余先生": "余先生", "老余": "老余", "其余": "其餘", "业余": "業餘", "余干县": "餘干縣",
    "涂先生": "涂先生", "涂鸦": "塗鴉", "于先生": "于先生", "于是": "於是", "范女士": "范女士",
    "范围": "範圍", "干露露": "干露露", "周末": "週末", "一只": "一隻", "台风": "颱風",
    "钟南山": "鍾南山", "沈阳": "瀋陽", "发布会": "發佈會",
}
# OpenCC 1.4 alone gets these wrong; phrases.txt makes them right.
CORRECTED = {"被发明", "被发送", "被发掘", "被发射", "讲述了如何", "余秋雨", "余华", "余先生",
             "老余", "涂先生", "于先生", "范女士", "干露露"}


def _variant(script: str, text: str) -> str:
    variant = SCRIPTS[script][1]
    return text if variant is None else opencc.OpenCC(variant).convert(text)


def test_at_least_thirty_traps_listed():
    assert len(TRAPS) >= 30 and TRAPS.keys() >= CORRECTED


@pytest.mark.parametrize("script", FORMS)
def test_traps_converted_right(script):
    convert = converter(script)
    wrong = {s: (convert(s), _variant(script, t)) for s, t in TRAPS.items()
             if convert(s) != _variant(script, t)}
    assert not wrong
    # In running text too: a correction does not spoil what stands around it.
    sentence = "他们被发明家余秋雨展示了如何理发，其余的干部在里面吃面条。"
    assert convert(sentence) == _variant(script, "他們被發明家余秋雨展示了如何理髮，其餘的幹部在裏面喫麪條。"
                                         if script == "traditional" else
                                         "他們被發明家余秋雨展示了如何理髮，其餘的幹部在裏面吃麪條。")


def test_opencc_alone_gets_the_corrected_ones_wrong():
    """Every trap marked corrected is one OpenCC misses, so the table is not dead weight."""
    s2t = opencc.OpenCC("s2t")
    assert all(s2t.convert(s) != TRAPS[s] for s in CORRECTED)


def test_every_shipped_correction_is_needed():
    """Without its line, a phrase comes out otherwise: OpenCC gets it wrong, or a shorter
    correction inside it would (被发型 under 被发)."""
    shipped = shipped_phrases()
    for section in shipped:
        script = section or "traditional"
        table = corrections(script)
        for simplified in {**shipped[None], **shipped[section]}:
            rest = {s: t for s, t in table.items() if s != simplified}
            assert Converter(script, table=rest)(simplified) != table[simplified], (script, simplified)
    assert len(shipped[None]) >= 30


def test_vocabulary_only_when_asked():
    assert converter("tw")("软件和视频") == "軟件和視頻"
    assert converter("tw-phrases")("软件和视频") == "軟體和影片"
    assert converter("tw-phrases")("新闻发布会") == "新聞發布會"     # not 釋出會


def test_corner_quotes():
    assert corner_quotes("他说：“‘帮办’就是服务。”") == "他说：「『帮办』就是服务。」"
    assert corner_quotes("Xi’an and don’t") == "Xi’an and don’t"        # apostrophes stay
    assert corner_quotes("‘Xi’an’") == "『Xi’an』"
    assert converter("hk")("“帮办超市”") == "「幫辦超市」"
    assert converter(None)("“帮办超市”") == "“帮办超市”"


def test_user_phrases_win_and_bad_lines_are_named(tmp_path):
    good = tmp_path / "names.txt"
    good.write_text("# 人名\n余庆 余慶\n九江 九江\n", encoding="utf-8")
    assert converter("tw", str(good))("余庆在九江") == "余慶在九江"
    bad = tmp_path / "bad.txt"
    bad.write_text("余庆 余慶\n只有一个词\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.txt:2: expected 'simplified traditional'"):
        user_phrases(str(bad))
    with pytest.raises(ConfigError, match=r":1: a phrase longer than 32"):
        parse_phrases("长" * 33 + " 長", "x.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a b\n" * (300_000))
    with pytest.raises(ConfigError, match="larger than 1 MiB"):
        user_phrases(str(big))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("余庆 余慶\n".encode() + b"\xff\xfe x\n")
    with pytest.raises(ConfigError, match=r"latin1\.txt:2: script phrases are not UTF-8"):
        user_phrases(str(latin1))


def _changes(a: str, b: str) -> set[tuple[str, str]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {(a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"}


@pytest.fixture(scope="module")
def dumps(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    files = make_archive(root, months=((2025, 12),), issues_per_month=4, pages=(4, 6),
                         articles=(2, 3), paragraphs=(4, 10))
    return read([SEED, *files])


@pytest.mark.parametrize("script", FORMS)
def test_round_trip_through_the_inverse(dumps, script):
    """t2s / hk2s / tw2s of the edition give the dump's text back (corner quotes mapped back
    to the dump's: the inverse conversion keeps 「」)."""
    edition, _ = apply(dumps, RenderOptions(script=script))
    assert edition.script == script and edition.language == LANGUAGES[script]
    inverse = opencc.OpenCC(INVERSE[script])
    back = str.maketrans("「」『』", "“”‘’")
    changed, lost = 0, set()
    for (_, original), (_, converted) in zip(texts(dumps), texts(edition), strict=True):
        changed += original != converted
        lost |= _changes(original, inverse.convert(converted.translate(back)))
    assert changed > 100 and not lost
    # Source file names are files on disk: never converted.
    assert [a.source for a in edition.articles] == [a.source for a in dumps.articles]


def test_traps_round_trip():
    """The corrections too come back (余秋雨 → 余秋雨 → 余秋雨, 被發明 → 被发明)."""
    for script in FORMS:
        inverse = opencc.OpenCC(INVERSE[script])
        convert = converter(script)
        lost = {s for s in TRAPS if inverse.convert(convert(s)) != s}
        # 余干县 and 其余 become 餘 and come back as 余: fine.  Listed exceptions: none.
        assert not lost, (script, lost)


def test_model_is_not_modified_and_json_records_the_script(dumps):
    before = dumps.to_dict()
    edition, options = apply(dumps, RenderOptions(script="hk"))
    assert dumps.to_dict() == before and dumps.script is None
    d = edition.to_dict()
    assert d["script"] == "hk" and d["language"] == "zh-HK" and d["schema"] == 1
    assert type(edition).from_dict(d) == edition
    assert "script" not in before                       # a Simplified model is as before
    assert options.language == "zh-HK"
    # A converted book is not converted twice, and cannot become another edition.
    again, _ = apply(edition, RenderOptions())
    assert again is edition
    with pytest.raises(ConfigError, match="already converted to script 'hk'"):
        apply(edition, RenderOptions(script="tw"))


def test_newspaper_settings_found_by_the_dumps_name(dumps):
    options = RenderOptions(script="tw", newspapers={"九江日报": {"display_name": "九江日报·周末版",
                                                                "masthead_color": "#123456"}})
    edition, options = apply(dumps, options)
    assert {i.newspaper for i in edition.issues} >= {"九江日報"}
    assert options.display_name("九江日報") == "九江日報·週末版"
    assert options.paper_settings("九江日報")["masthead_color"] == "#123456"


def test_explicit_language_wins(dumps):
    _, options = apply(dumps, RenderOptions(script="tw", language="zh-Hant"))
    assert options.language == "zh-Hant"


def test_dates_and_weekdays_unchanged(dumps):
    edition, _ = apply(dumps, RenderOptions(script="traditional"))
    assert [i.date for i in edition.issues] == [i.date for i in dumps.issues]
    assert dt.date(2025, 12, 3) in {i.date for i in edition.issues}
