import pytest

from paper2book.errors import InputError
from paper2book.reader.decode import decode, split_lines
from paper2book.reader.normalize import Normalizer, clean


@pytest.mark.parametrize("raw, want", [
    ("增长5.4%,生命", "增长5.4%，生命"),
    ("怎样“链得上”?", "怎样“链得上”？"),
    ("3,000人于10:30开会", "3,000人于10:30开会"),
    ("A, B and C", "A, B and C"),
    ("见https://example.com/a?b=1,好", "见https://example.com/a?b=1，好"),
    ("重点企业(项目)积极", "重点企业（项目）积极"),
    ("人工智能(AI)技术", "人工智能（AI）技术"),
    ("(see above)", "(see above)"),
    ("β-葡聚糖", "β-葡聚糖"),
    ("合作项目!”走进", "合作项目！”走进"),
    ("要点:一是;二是", "要点：一是；二是"),
])
def test_punctuation(raw, want):
    assert Normalizer()(raw) == want


def test_punctuation_can_be_kept():
    assert Normalizer(punctuation=False)("增长5.4%,生命") == "增长5.4%,生命"


def test_padding_and_controls():
    assert clean("\u3000\u3000a\u00a0\u00a0b  c\t") == "a b c"
    assert clean("甲\x0b乙\x0c丙\x1c丁") == "甲乙丙丁"
    assert clean("甲\u2028乙") == "甲 乙"


def test_only_lf_and_crlf_end_lines():
    text = "一\r\n二\x0b三\u2028四\x1c五\n六"
    assert split_lines(text) == ["一", "二\x0b三\u2028四\x1c五", "六"]


def test_gb18030_and_bom():
    s = "当前报纸名称：九江日报\r\n"
    assert decode(s.encode("gb18030"), "f")[1] == "gb18030"
    assert decode(b"\xef\xbb\xbf" + s.encode(), "f") == (s, "utf-8-sig")


@pytest.mark.parametrize("data, word", [(b"", "empty"), (b" \r\n", "empty"),
                                        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")])
def test_not_a_dump(data, word):
    with pytest.raises(InputError, match=word) as info:
        decode(data, "x.txt")
    assert str(info.value).startswith("x.txt:")
