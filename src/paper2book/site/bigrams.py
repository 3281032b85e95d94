"""A volume's bigram entries, bucket by bucket, computed on arrays (numpy).

The same bytes as the plain Python build gave (index.py's docstring says what an entry
is), at a quarter of its time: a month of text is 1.4 million positions, and a Python
loop, however much of it runs in C through ``map``, touches each one as an object
several times; this sorts them once as machine integers and writes the digits of every
gap at once.  The index was three fifths of a site's extra time over ``--split``.

Each adjacent pair is a sort key (the two characters' ranks among the volume's
characters, then its position) packed in 64 bits, so one plain sort groups the pairs in
key order with their positions ascending.  A text too long and varied for 64 bits (a
billion characters from 100,000 different ones) sorts the pairs with a stable argsort
instead: slower, the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import pairwise

import numpy as np

from .shards import MAX_SHARDS
from .terms import SEPARATOR

_U64 = np.uint64
_BITS = 64


def _codes(digits: str) -> np.ndarray:
    return np.frombuffer(digits.encode("ascii"), dtype=np.uint8).astype(np.uint32)


def _sorted_pairs(chars: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray, Callable]:
    """Every pair's key and position, by key then position; and what gives keys' first and
    second code points back."""
    present = np.bincount(chars) > 0
    alphabet = np.flatnonzero(present).astype(np.uint32)       # rank → code point
    kbits = max(1, (len(alphabet) - 1).bit_length())
    pbits = max(1, int(pos[-1]).bit_length())
    if 2 * kbits + pbits <= _BITS:
        rank = (np.cumsum(present) - 1).astype(np.uint64)
        packed = rank[chars[pos]] << _U64(kbits + pbits)
        packed |= rank[chars[pos + 1]] << _U64(pbits)
        packed |= pos.astype(np.uint64)
        packed.sort()
        at = (packed & _U64((1 << pbits) - 1)).astype(np.int64)
        packed >>= _U64(pbits)
        low = _U64((1 << kbits) - 1)
        return packed, at, lambda keys: (alphabet[(keys >> _U64(kbits)).astype(np.intp)],
                                         alphabet[(keys & low).astype(np.intp)])
    key = (chars[pos].astype(np.uint64) << _U64(21)) | chars[pos + 1]
    order = np.argsort(key, kind="stable")
    return key[order], pos[order].astype(np.int64), lambda keys: (
        (keys >> _U64(21)).astype(np.uint32), (keys & _U64(0x1FFFFF)).astype(np.uint32))


@cache
def _three_digit_codes(base: int, more: str, last: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each number under base³ as three digit characters, which of them it writes (a
    leading 0 is not written) and how many: how nearly every gap is written."""
    numbers = np.arange(base ** 3)
    digits = np.stack([numbers // base ** 2, numbers // base % base, numbers % base], axis=1)
    codes = np.stack([_codes(more)[digits[:, 0]], _codes(more)[digits[:, 1]], _codes(last)[digits[:, 2]]],
                     axis=1)
    used = np.stack([numbers >= base ** 2, numbers >= base, numbers >= 0], axis=1)
    return codes, used, used.sum(axis=1).astype(np.uint8)


def _fnv1a(*code_points: np.ndarray) -> np.ndarray:
    """index.fnv1a over keys given as columns of code points."""
    mask, prime = _U64(0xFFFFFFFF), _U64(0x01000193)
    h = np.full(len(code_points[0]), 0x811C9DC5, dtype=np.uint64)
    for c in code_points:
        h = ((h ^ c.astype(np.uint64)) * prime) & mask
    return h


def bucket_texts(text: str, base: int, more: str, last: str) -> list[str]:
    """Each of the MAX_SHARDS buckets' entries (key order), of every pair of adjacent
    characters in ``text`` not holding SEPARATOR: the pair, then its positions as gaps
    written in ``base`` with ``more`` for the leading digits and ``last`` for the final
    one, then ``|``."""
    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if len(chars) < 2:
        return [""] * MAX_SHARDS
    sep = ord(SEPARATOR)
    pos = np.flatnonzero((chars[:-1] != sep) & (chars[1:] != sep))
    if not len(pos):
        return [""] * MAX_SHARDS
    key, at, pair_of = _sorted_pairs(chars, pos)
    n = len(at)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    c1, c2 = pair_of(key[starts])
    gaps = np.empty(n, dtype=np.int64)
    gaps[0] = at[0]
    np.subtract(at[1:], at[:-1], out=gaps[1:])
    gaps[starts] = at[starts]
    # Entries by bucket, keys kept in order within one: the pairs' runs moved as wholes.
    buckets = (_fnv1a(c1, c2) % _U64(MAX_SHARDS)).astype(np.intp)
    runs = np.argsort(buckets, kind="stable")
    lengths = np.diff(np.append(starts, n))[runs]
    heads = np.cumsum(lengths) - lengths
    tails = heads + lengths - 1
    gaps = gaps[np.arange(n) - np.repeat(heads - starts[runs], lengths)]
    # A row a number: its pair (the first of a run), its digits, "|" (the last of a run);
    # the cells a number uses, read row by row, are the entries' text.
    small, used_small, count_small = _three_digit_codes(base, more, last)
    big = int(gaps.max()) // len(small)
    high = 0
    while big:
        high, big = high + 1, big // base
    rows = np.empty((n, high + 6), dtype=np.uint32)
    used = np.zeros((n, high + 6), dtype=bool)
    rows[heads, 0], rows[heads, 1] = c1[runs], c2[runs]
    used[heads, :2] = True
    rows[tails, -1] = ord("|")
    used[tails, -1] = True
    left, low = np.divmod(gaps, len(small))
    rows[:, -4:-1] = small[low]
    used[:, -4:-1] = used_small[low]
    width = count_small[low].astype(np.intp)
    width[heads] += 2
    width[tails] += 1
    if high:                                # gaps of four digits and more: a few each month
        more_codes = _codes(more)
        going = np.flatnonzero(left)
        used[going, -4:-1] = True
        width[going] += 3 - count_small[low[going]]
        left = left[going]
        column = high + 1
        while len(going):
            left, digit = np.divmod(left, base)
            rows[going, column], used[going, column] = more_codes[digit], True
            width[going] += 1
            keep = np.flatnonzero(left)
            going, left, column = going[keep], left[keep], column - 1
    out = rows[used]
    ends = np.cumsum(width)
    joined = out.tobytes().decode("utf-32-le", "surrogatepass")
    per_bucket = np.bincount(buckets[runs], weights=lengths, minlength=MAX_SHARDS).astype(np.intp)
    bounds = [0, *np.concatenate(([0], ends))[np.cumsum(per_bucket)].tolist()]
    return [joined[a:b] for a, b in pairwise(bounds)]
