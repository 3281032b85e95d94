"""The punctuation and cleaning passes as regular expressions give what the per-character
loops gave: the old code is kept here as the oracle and both run over the seed, every
fixture, a generated month and random strings mixing CJK, ASCII, digits and punctuation."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path

import pytest

from paper2book import reader
from paper2book.errors import InputError
from paper2book.reader import normalize, screens
from paper2book.reader.decode import decode, split_lines
from paper2book.reader.normalize import _CJK_RE, clean, fullwidth_punctuation
from paper2book.text import is_cjk

from helpers import FIXTURES, ROOT
from helpers.seed import SEED

# ----------------------------------------------------------------- the oracle (before issue 11)

_OLD_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%()]+")
_OLD_PAIRS = re.compile(r"\(([^()]*)\)")
_OLD_SIMPLE = {",": "，", ":": "：", "?": "？", "!": "！", ";": "；"}
_OLD_PAD_RUN = re.compile(r"\s+")
_OLD_CONTROLS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f\x80-\x84\x86-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
_OLD_SEPARATORS = re.compile(r"[\u0085\u2028\u2029]")


def old_clean(text: str) -> str:
    text = _OLD_SEPARATORS.sub(" ", text)
    text = _OLD_CONTROLS.sub("", text)
    return _OLD_PAD_RUN.sub(" ", text).strip(" ")


def _old_segment(seg: str) -> str:
    def pair(m: re.Match[str]) -> str:
        before = seg[m.start() - 1] if m.start() > 0 else ""
        after = seg[m.end()] if m.end() < len(seg) else ""
        if any(is_cjk(c) for c in m.group(1)) or is_cjk(before) or is_cjk(after):
            return f"（{m.group(1)}）"
        return m.group(0)

    seg = _OLD_PAIRS.sub(pair, seg)
    out = []
    for i, ch in enumerate(seg):
        full = _OLD_SIMPLE.get(ch)
        if full:
            before = seg[i - 1] if i > 0 else ""
            after = seg[i + 1] if i + 1 < len(seg) else ""
            if (not (before.isascii() and before.isdigit() and after.isascii() and after.isdigit())
                    and (is_cjk(before) or is_cjk(after))):
                ch = full
        out.append(ch)
    return "".join(out)


def old_punctuation(text: str) -> str:
    parts, last = [], 0
    for m in _OLD_URL.finditer(text):
        url = m.group(0).rstrip(",.;:!?)")
        parts.append(_old_segment(text[last:m.start()]))
        parts.append(url)
        last = m.start() + len(url)
    parts.append(_old_segment(text[last:]))
    return "".join(parts)


# ----------------------------------------------------------------- the comparisons

def _month() -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_dumps import make_issue
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return [make_issue("九江日报", dt.date(2025, 11, day))[0] for day in range(1, 31)]


def _dump_lines() -> list[str]:
    lines = []
    for path in [SEED, *sorted(FIXTURES.glob("parser/*.txt"))]:
        try:
            lines += split_lines(decode(path.read_bytes(), path.name)[0])
        except InputError:      # the fixtures of what is refused
            continue
    for text in _month():
        lines += split_lines(text)
    return lines


def test_the_cjk_class_is_is_cjk():
    # Every code point, so the class and the function cannot drift apart.
    differ = [cp for cp in range(0x110000)
              if not 0xD800 <= cp <= 0xDFFF and bool(_CJK_RE.match(chr(cp))) != is_cjk(chr(cp))]
    assert differ == []


def test_dumps_read_as_before():
    lines = _dump_lines()
    assert len(lines) > 20_000
    for line in lines:
        cleaned = clean(line)
        assert cleaned == old_clean(line), line
        assert fullwidth_punctuation(cleaned) == old_punctuation(cleaned), line


_PIECES = (list("中文字，。（）“”‘’—…·：；？！、") + list("abcXYZ") + list("0123456789")
           + list(",:?!;().%/ -") + ["\u3000", "\uff08", "\U00020000", "\U000323af", "\U000323b0",
                                     "β", "http://", "www.", "https://a.b/c?d=1,", "(", ")"])
_DIRT = ["\x00", "\x01", "\t", "\n", "\x0b", "\x1c", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
         "\xa0", " ", "  ", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028", "\u2029", "\u202f",
         "\u205f", "\u3000", "\ufdd0", "\ufdef", "\ufeff", "\ufffe", "\uffff", "\U0001fffe",
         "\U0010ffff", "\U00020000", "中", "a", ","]


@pytest.mark.parametrize("seed", range(4))
def test_random_text_punctuates_as_before(seed):
    rng = random.Random(seed)
    for _ in range(25_000):
        s = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        assert fullwidth_punctuation(s) == old_punctuation(s), s


@pytest.mark.parametrize("seed", range(4))
def test_random_text_cleans_as_before(seed):
    rng = random.Random(seed)
    for _ in range(25_000):
        s = "".join(rng.choice(_DIRT) for _ in range(rng.randint(0, 16)))
        assert clean(s) == old_clean(s), repr(s)


def test_each_line_is_cleaned_once(monkeypatch, tmp_path):
    calls = []

    def counted(text: str) -> str:
        calls.append(text)
        return clean(text)

    def again(text: str) -> str:
        raise AssertionError(f"cleaned a second time: {text!r}")

    monkeypatch.setattr(screens, "clean", counted)
    monkeypatch.setattr(normalize, "clean", again)
    book = reader.read_inputs([str(SEED)])
    assert book.articles and len(calls) == len(split_lines(Path(SEED).read_text(encoding="utf-8")))
