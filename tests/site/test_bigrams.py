"""site/bigrams.py: a volume's bigram entries computed on arrays are the entries the
index's definition gives (index.py's docstring), worked out here one pair at a time."""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import pairwise

import pytest

from paper2book.site import index
from paper2book.site.bigrams import bucket_texts
from paper2book.site.shards import MAX_SHARDS
from paper2book.site.terms import SEPARATOR


def _by_definition(text: str) -> list[str]:
    positions: dict[str, list[int]] = defaultdict(list)
    for i in range(len(text) - 1):
        pair = text[i:i + 2]
        if SEPARATOR not in pair:
            positions[pair].append(i)
    buckets: list[list[str]] = [[] for _ in range(MAX_SHARDS)]
    for key in sorted(positions):
        gaps = [positions[key][0]] + [b - a for a, b in pairwise(positions[key])]
        buckets[index.fnv1a(key) % MAX_SHARDS].append(key + "".join(map(index.code, gaps)) + "|")
    return ["".join(b) for b in buckets]


def _computed(text: str) -> list[str]:
    return bucket_texts(text, index.BASE, index._MORE, index._LAST)


def _cjk(rnd: random.Random, n: int, alphabet: int) -> str:
    return "".join(SEPARATOR if rnd.random() < 0.02 else chr(0x4E00 + rnd.randrange(alphabet))
                   for _ in range(n))


@pytest.mark.parametrize("text", [
    "", "台", "台风", SEPARATOR * 3, f"台{SEPARATOR}风", f"{SEPARATOR}国务院{SEPARATOR}",
    '引号"与\\反斜杠|和数字12' * 4,           # what the digits and the escapes hold
    "𠀀𠀁𠀀𠀁 emoji 🙂🙂",                      # beyond the BMP
    "发展" * 50_000,                            # one pair, gaps of 2; positions past 45³
])
def test_the_entries_are_those_of_the_definition(text):
    assert _computed(text) == _by_definition(text)


def test_a_month_of_text_gives_the_definition_s_entries():
    """Positions beyond 91,125 (four digits), pairs that fall in every kind of bucket."""
    rnd = random.Random(7)
    text = _cjk(rnd, 300_000, 3_000)
    got = _computed(text)
    assert got == _by_definition(text)
    assert sum(1 for b in got if b) > MAX_SHARDS // 2


def test_a_text_too_long_and_varied_for_64_bits_sorts_the_other_way_the_same(monkeypatch):
    """Ranks and a position that need more than 64 bits take a billion characters; the
    budget is made small here to reach that path."""
    from paper2book.site import bigrams

    rnd = random.Random(3)
    chars = [chr(c) for c in rnd.sample(range(0x4E00, 0x10FFFF), 5_000) if not 0xD800 <= c < 0xE000]
    text = "".join(rnd.choice(chars) for _ in range(100_000))
    expected = _by_definition(text)
    monkeypatch.setattr(bigrams, "_BITS", 40)
    assert _computed(text) == expected


def test_postings_read_back_are_the_positions():
    text = f"台风过境{SEPARATOR}气象台说台风" * 3
    shards = _computed(text)
    pair = "台风"
    found = index.parse_shard(shards[index.bucket(pair)], 2)[pair]
    assert index.decode(found) == [i for i in range(len(text) - 1) if text[i:i + 2] == pair]
