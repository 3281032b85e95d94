"""xml_safe drops what it dropped before it was made fast: every code point, and random
strings of the characters at the edges of its classes."""

from __future__ import annotations

import random
import re

from paper2book.text import xml_safe

# The filter as it was: one class, astral noncharacters included.
_OLD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
_EDGES = ["\x00", "\x08", "\t", "\n", "\x0b", "\r", "\x1f", "\x7f", "\x85", "\x9f", "\xa0",
          "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",
          "\U00020000", "中", "a"]


def test_every_code_point():
    differ = [cp for cp in range(0x110000) if xml_safe(chr(cp)) != _OLD.sub("", chr(cp))]
    assert differ == []


def test_random_strings():
    rng = random.Random(13)
    for _ in range(50_000):
        s = "".join(rng.choice(_EDGES) for _ in range(rng.randint(0, 12)))
        assert xml_safe(s) == _OLD.sub("", s), repr(s)
    assert xml_safe(None) is None
