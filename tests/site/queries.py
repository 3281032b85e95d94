"""At least 50 queries for the site's search: 1–6 characters, common and rare, across
field (paragraph) boundaries, punctuation and width variants, several terms."""

from __future__ import annotations

import random

FIXED = [
    "发展", "党", "的", "链得上", "经济发展", "台风", "国务院", "5.4%", "５．４％", "怎样“链得上”?",
    "怎样“链得上”？", "党建 发展", "党建  产业链", "本报记者", "亿元", "，", ",", "同比增长", "龙舟赛",
    "旅游综合收入", "不存在的词语", "Ｘ", "新华社 记者", "2025年", "。“", "摄",
]


def queries(docs, seed: int = 7) -> tuple[list[str], list[tuple[str, str]]]:
    """(queries, boundary pairs): a boundary pair is a query made of the end of one field
    and the start of the next, with the article it came from."""
    rng = random.Random(seed)
    out = list(FIXED)
    for _ in range(30):                 # substrings of fields, 1–6 characters
        d = rng.choice(docs)
        f = rng.choice(d.fields)
        n = rng.randint(1, 6)
        if len(f) > n:
            k = rng.randrange(len(f) - n)
            out.append(f[k:k + n].replace(" ", ""))
    for _ in range(6):                  # two terms from two articles
        a, b = rng.sample(docs, 2)
        fa, fb = rng.choice(a.fields), rng.choice(b.fields)
        out.append(f"{fa[:2]} {fb[-3:]}")
    boundaries = []
    for _ in range(10):                 # across two fields of one article
        d = rng.choice([d for d in docs if len(d.fields) > 3])
        k = rng.randrange(len(d.fields) - 1)
        q = d.fields[k][-2:] + d.fields[k + 1][:2]
        boundaries.append((q.replace(" ", ""), d.url))
    return [q for q in out if q.strip()], boundaries
