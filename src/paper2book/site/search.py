"""Search the site from Python, from the same files and with the same rules as search.js.

``paper2book serve`` answers OpenSearch queries with this; the tests compare it,
and the browser, with a brute-force substring search over the model.  A hit is
an article holding every term of the query (terms.query_terms) inside one of
its fields; hits come newest first, an issue's articles in their order.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import layout
from .index import bucket, decode, fnv1a, parse_shard
from .shards import shard_name
from .terms import SEPARATOR, fold, query_terms

SNIPPET_BEFORE = 20
SNIPPET_LENGTH = 80
_CALL = re.compile(r"^P2B\.(\w+)\((.*)\);\s*$", re.S)


@dataclass(frozen=True)
class Hit:
    paper: str
    date: dt.date
    headline: str
    page_label: str             # the article's 版面, e.g. 第03版 专版
    url: str                    # relative to the site root: page?hl=terms#anchor
    snippet: str                # plain text around the first occurrence
    marks: tuple[tuple[int, int], ...] = ()   # where the terms are in snippet (start, end)


def _call(path: Path) -> list:
    """The arguments of the registration call a site script makes."""
    m = _CALL.match(path.read_text(encoding="utf-8"))
    if m is None:
        raise ValueError(f"{path}: not a paper2book site script")
    return json.loads(f"[{m[2]}]")


class _Shards:
    """The bigram shards, a set per year (shards.py), each read once: shard → volume → its
    text."""

    def __init__(self, root: Path, counts: dict[str, int]):
        self.root = root
        self.counts = counts
        self._read: dict[tuple[str, int], dict[str, str]] = {}

    def section_of(self, year: str, k: int, volume: str) -> str:
        if (year, k) not in self._read:
            self._read[year, k] = _call(self.root / shard_name(layout.INDEX, year, k))[2]
        return self._read[year, k].get(volume, "")


class _Volume:
    def __init__(self, root: Path, meta: dict, shards: _Shards):
        self.folder = root / layout.INDEX / meta["id"]
        self.meta = meta
        self.shards = shards
        self._shards: dict[tuple[str, int], dict[str, str]] = {}
        self._articles: dict | None = None

    def _shard(self, kind: str, k: int) -> dict[str, str]:
        if (kind, k) not in self._shards:
            if kind == "b":
                text = self.shards.section_of(self.meta["month"][:4], k, self.meta["id"])
            else:
                text = _call(self.folder / f"{kind}{k}.js")[3]
            self._shards[kind, k] = parse_shard(text, 2 if kind == "b" else 1)
        return self._shards[kind, k]

    @property
    def articles(self) -> dict:
        if self._articles is None:
            self._articles = _call(self.folder / "a.js")[1]
        return self._articles

    def unigram(self, ch: str) -> set[int]:
        body = self._shard("u", fnv1a(ch) % self.meta["nu"]).get(ch)
        return set(decode(body)) if body else set()

    def bigram(self, pair: str) -> set[int]:
        body = self._shard("b", bucket(pair) % self.shards.counts[self.meta["month"][:4]]).get(pair)
        return set(decode(body)) if body else set()

    def term(self, term: str) -> set[int]:
        """The articles holding ``term``."""
        if len(term) == 1:
            return self.unigram(term)
        at: set[int] | None = None
        for o in offsets(len(term)):
            found = {p - o for p in self.bigram(term[o:o + 2])}
            at = found if at is None else at & found
            if not at:
                return set()
        starts = self.articles["articles"]
        return {bisect_right(starts, p) - 1 for p in at or ()}

    def issue_date(self, n: int) -> str:
        issues = self.articles["issues"]
        k = bisect_right([first for _, first in issues], n) - 1
        return issues[k][0]

    def text(self, n: int) -> dict:
        k = bisect_right(self.articles["texts"], n) - 1
        return _call(self.folder / f"t{k}.js")[1][str(n)]


def offsets(length: int) -> list[int]:
    """Where the bigrams a term is looked up by start: every other one, and the last."""
    out = list(range(0, length - 1, 2))
    if out[-1] != length - 2:
        out.append(length - 2)
    return out


def load_meta(root: Path) -> dict:
    return _call(Path(root) / layout.META)[0]


def search(root: Path, query: str, *, paper: str | None = None,
           year: int | None = None) -> list[Hit]:
    """Every article of the site in ``root`` that holds all terms of ``query``."""
    root = Path(root)
    terms = query_terms(query)
    if not terms:
        return []
    meta = load_meta(root)
    shards = _Shards(root, meta["nb"])
    found: list[tuple[tuple, _Volume, int]] = []
    for vm in meta["volumes"]:
        if paper is not None and vm["paper"] != paper:
            continue
        if year is not None and int(vm["month"][:4]) != year:
            continue
        vol = _Volume(root, vm, shards)
        hits: set[int] | None = None
        for term in terms:
            got = vol.term(term)
            hits = got if hits is None else hits & got
            if not hits:
                break
        for n in sorted(hits or ()):
            found.append(((_neg(vol.issue_date(n)), vm["paper"], n), vol, n))
    found.sort(key=lambda f: f[0])
    return [_hit(vol, n, terms) for _, vol, n in found]


def _neg(date: str) -> int:
    return -dt.date.fromisoformat(date).toordinal()


def _hit(vol: _Volume, n: int, terms: list[str]) -> Hit:
    t = vol.text(n)
    snippet, marks = make_snippet(t["x"], terms)
    url = f"{t['u']}?hl={quote(' '.join(terms))}#{t['a']}"
    return Hit(paper=t["p"], date=dt.date.fromisoformat(t["d"]), headline=t["h"],
               page_label=t["l"], url=url, snippet=snippet, marks=marks)


def occurrences(folded: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every term, overlapping ones merged, in order."""
    spans = []
    for term in terms:
        i = folded.find(term)
        while i >= 0:
            spans.append((i, i + len(term)))
            i = folded.find(term, i + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def make_snippet(text: str, terms: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Some 80 characters around the first occurrence (fields shown joined by ' … ')."""
    spans = occurrences(fold(text), terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    cut = text[start:end].replace(SEPARATOR, " ")
    marks = tuple((max(s, start) - start, min(e, end) - start) for s, e in spans
                  if s < end and e > start)
    prefix = "…" if start else ""
    marks = tuple((s + len(prefix), e + len(prefix)) for s, e in marks)
    return prefix + cut + ("…" if end < len(text) else ""), marks
