"""The search index of one volume (a paper's month): files the browser loads as scripts.

Chromium runs no ``fetch()`` from ``file://``, so every file is a script that
hands its data to a registration function (``P2B.b``, ``P2B.s``, ``P2B.t``), and a query
loads only what it needs:

* bigram entries: for every pair of adjacent characters inside one field of an
  article, the positions where it stands; a bigram goes to bucket
  ``fnv1a(bigram) % MAX_SHARDS``.  They are left in ``b.parts`` (shards.py), and
  the site's shards ``../b<year>-<k>.js`` gather the buckets of every volume of a
  year, so a query loads the same few shards a year however many months it holds.
  Positions make the index
  exact: ``ABCDE`` is at ``p`` when ``AB`` is at ``p``, ``CD`` at ``p+2`` and
  ``DE`` at ``p+3``, so a query of n characters loads ⌈n/2⌉ shards and never
  reads article text to know what matches;
* unigram shards ``u<k>.js``: for one-character queries, the articles holding
  each character;
* text files ``t<k>.js``, a few articles each (``a.js`` says which): each
  article's headline, 版面, link and text, for the snippet of a result shown.

Entries: one after another, each the key (2 or 1 code points) then its
postings up to ``|``.  Bigram postings are positions in the volume's
text (its articles' texts one after another, apart by a newline; ``a.js``
says where each article starts), unigram postings article numbers; each is
the gap from the one before, as a number in base 45 whose last digit is
written from another 45 characters than the others (``DIGITS``, printable
ASCII without ``"`` ``'`` ``\\`` ``|``): no separator, a gap under 45 one
character, under 2,025 two (base 36 with commas took half as much again).
The key is read by its length, so a ``|`` or a digit in it is no trouble.
The same volume always gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import repeat
from operator import sub

from .bigrams import bucket_texts
from .shards import MAX_SHARDS, PARTS, pack, shard_count
from .terms import SEPARATOR, fold

UNIGRAM_TARGET = 12_000
TEXT_TARGET = 16_000        # article texts are kept together up to this size
# The 90 digits: 45 that go on (a number's leading digits), 45 that end a number.
DIGITS = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in "\"'\\|")
BASE = 45
_MORE, _LAST = DIGITS[:BASE], DIGITS[BASE:]
_VALUE = {ch: d for d, ch in enumerate(DIGITS)}
_TABLE_SIZE = BASE ** 3             # gaps below this are looked up, not computed
_CODES: list[str] = []


def _code(n: int) -> str:
    n, r = divmod(n, BASE)
    s = _LAST[r]
    while n:
        n, r = divmod(n, BASE)
        s = _MORE[r] + s
    return s


# In order: one digit, then two, then three (a leading digit is never 0).
_CODES.extend(_LAST)
_CODES.extend([a + b for a in _MORE[1:] for b in _LAST])
_CODES.extend([a + b + c for a in _MORE[1:] for b in _MORE for c in _LAST])


def code(n: int) -> str:
    """``n`` (>= 0) as the postings write it."""
    return _CODES[n] if n < _TABLE_SIZE else _code(n)


def decode(body: str) -> list[int]:
    """The numbers of postings written by ``_deltas``, gaps summed (search.js does the same)."""
    out: list[int] = []
    value = n = 0
    for ch in body:
        d = _VALUE[ch]
        if d >= BASE:
            value += n * BASE + d - BASE
            out.append(value)
            n = 0
        else:
            n = n * BASE + d
    return out


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over the key's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in key:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


_BUCKET: dict[str, int] = {}


def bucket(key: str) -> int:
    b = _BUCKET.get(key)
    if b is None:
        b = _BUCKET[key] = fnv1a(key) % MAX_SHARDS
    return b


@dataclass(frozen=True)
class Entry:
    """One article of a volume as the index and the result list know it."""

    anchor: str             # the article's id on its issue page
    headline: str
    label: str              # its 版面: 第03版 专版
    text: str               # terms.article_text: fields joined by SEPARATOR


@dataclass(frozen=True)
class VolumeIssue:
    paper: str
    date: str               # ISO
    page: str               # the issue page, relative to the site root
    entries: tuple[Entry, ...]


def _deltas(values: list[int]) -> str:
    """The first value, then the gaps, each as ``code`` writes it."""
    if len(values) == 1:
        return code(values[0])
    gaps = list(map(sub, values[1:], values))
    try:
        return code(values[0]) + "".join(map(_CODES.__getitem__, gaps))
    except IndexError:          # a rare pair's gaps: only the long ones computed
        return code(values[0]) + "".join([code(g) for g in gaps])


def _script(call: str, *args: object) -> bytes:
    inner = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"P2B.{call}({inner});\n".encode()


def folded(issues: list[VolumeIssue]) -> list[str]:
    """Every article's text as search compares it (terms.fold), in the volume's order."""
    return [fold(e.text) for issue in issues for e in issue.entries]


def bigram_parts(texts: list[str]) -> tuple[bytes, int]:
    """The volume's parts file (shards.py) from its ``folded`` texts, and its size."""
    # One text for the volume, articles apart by SEPARATOR as fields are: a position is
    # the volume's, its article found among the starts (a.js).
    return pack(bucket_texts(SEPARATOR.join(texts), BASE, _MORE, _LAST))


def build(volume: str, issues: list[VolumeIssue], texts: list[str] | None = None,
          parts: tuple[bytes, int] | None = None) -> tuple[dict[str, bytes], dict]:
    """The volume's files (name inside the volume's folder → bytes) and its entry in
    the site's meta file (its unigram shard count, articles, and its bigram entries' size);
    ``texts`` and ``parts``: what ``folded`` and ``bigram_parts`` gave, when asked before."""
    files: dict[str, bytes] = {}
    texts = folded(issues) if texts is None else texts
    starts: list[int] = []
    issue_starts: list[list[str | int]] = []
    chunks: list[int] = []           # the first article of each text file
    chunk: dict[int, dict] = {}
    chunk_size = 0
    unigrams: dict[str, list[int]] = defaultdict(list)
    offset = n = 0
    for issue in issues:
        issue_starts.append([issue.date, n])
        for e in issue.entries:
            starts.append(offset)
            offset += len(texts[n]) + 1
            any(map(list.append, map(unigrams.__getitem__, set(texts[n])), repeat(n)))
            if chunk_size > TEXT_TARGET:
                files[f"t{len(chunks) - 1}.js"] = _script("t", volume, chunk)
                chunk, chunk_size = {}, 0
            if not chunk:
                chunks.append(n)
            chunk[n] = {"h": e.headline, "l": e.label, "a": e.anchor, "u": issue.page,
                        "d": issue.date, "p": issue.paper, "x": e.text}
            chunk_size += len(e.text) * 3
            n += 1
    if chunk:
        files[f"t{len(chunks) - 1}.js"] = _script("t", volume, chunk)
    files["a.js"] = _script("a", volume, {"articles": starts, "issues": issue_starts,
                                          "texts": chunks})
    files[PARTS], size = parts or bigram_parts(texts)
    unigrams.pop(SEPARATOR, None)
    entries = [ch + _deltas(unigrams[ch]) + "|" for ch in sorted(unigrams)]
    nu = shard_count(sum(map(len, entries)), UNIGRAM_TARGET)
    ubuckets: list[list[str]] = [[] for _ in range(nu)]
    for text in entries:
        ubuckets[fnv1a(text[0]) % nu].append(text)
    for k in range(nu):
        files[f"u{k}.js"] = _script("s", volume, "u", k, "".join(ubuckets[k]))
    return files, {"id": volume, "nu": nu, "n": n, "bsize": size}


def parse_shard(text: str, key_length: int) -> dict[str, str]:
    """Key → postings of a shard's text (search.py; search.js parses as this does)."""
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        key = text[i:i + key_length]
        end = text.index("|", i + key_length)
        out[key] = text[i + key_length:end]
        i = end + 1
    return out
