"""Issue 12: mutated dumps never make an internal error, nor take long.

A few hundred mutations (fixed seed) of the seed dump and of a generated one
(benchmarks/make_dumps.py) go through the reader and the JSON, HTML and EPUB
backends, a few through the PDF.  Refusing an input is fine (Paper2BookError);
any other exception, or a case over CASE_LIMIT seconds, fails the test.  The
mutations are byte flips, line deletions, duplications and shuffles, inserted
controls, Unicode spaces, noncharacters and huge lines, truncation and other
encodings, alone or combined.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

import paper2book
from paper2book.errors import Paper2BookError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
CASES = 400
PDF_EVERY = 80
CASE_LIMIT = 10.0

CONTROLS = [chr(c) for c in (*range(9), *range(11, 32), 0x7F, *range(0x80, 0xA0))]
SPACES = [" ", "\t", "\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f",
          "\u3000", "\u2028", "\u2029", "\u0085", "\u200b", "\ufeff"]
NONCHARS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
ODD = CONTROLS + SPACES + NONCHARS + ["□", "■", "▲", "：", ":", "第", "版", "——", "（", "）", "\r"]
WORDS = ["日期:", "版面:第", "第01版:", "字号:", "当前报纸名称:", "电子报阅读机", "2025-12-06",
         "星期三", "责任编辑：", "本报记者", "文/图", "上一篇", "下一篇", "12-03", "摄", "图为"]


def base_dumps() -> list[bytes]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_dumps import make_issue
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    text, _ = make_issue("九江日报", dt.date(2025, 12, 3), pages=(2, 3), articles=(1, 2),
                         paragraphs=(2, 5))
    return [SEED.read_bytes(), text.encode("utf-8")]


# ------------------------------------------------------------------ mutations

def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, max(1, len(lines) // 4))):
        if lines:
            del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.randint(1, 5)
    return b"\n".join(lines)


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(2, 40))
    part = lines[i:j]
    rng.shuffle(part)
    lines[i:j] = part
    return b"\n".join(lines)


def insert_odd(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(ODD) * rng.randint(1, 4) + text[i:]
    return text.encode("utf-8", "surrogateescape")


def insert_words(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 10)):
        word = rng.choice(WORDS) + rng.choice(["", "x", "03", "A1版", "12-31", "□张三"])
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(["", "  "]).encode() + word.encode())
    return b"\n".join(lines)


def huge_line(rng: random.Random, data: bytes) -> bytes:
    unit = rng.choice(["第", " \u2003", "版面:第", "责任编辑：", "长", "a", "（", "□ ", "\u205f "])
    prefix = rng.choice(["", "  ", "版面:第", "版面:第01版:", "  （责任编辑：", "日期:", "当前报纸名称:"])
    line = (prefix + unit * (rng.randint(20_000, 120_000) // len(unit))).encode("utf-8")
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    codec = rng.choice(["gb18030", "utf-16", "utf-32", "utf-8-sig", "utf-16-be", "gbk"])
    out = text.encode(codec, "replace")
    return (b"\xfe\xff" + out) if codec == "utf-16-be" else out


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    flip_bytes, delete_lines, duplicate_lines, shuffle_lines, insert_odd, insert_words,
    huge_line, truncate, reencode,
]


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """``data`` with one to three mutations (re-encoding, if any, last: it must stay readable)."""
    chosen = [rng.choice(MUTATIONS) for _ in range(rng.choice((1, 1, 2, 3)))]
    chosen.sort(key=lambda m: m is reencode)
    for m in chosen:
        data = m(rng, data)
    return data, [m.__name__ for m in chosen]


# ------------------------------------------------------------------ running a case

def run_case(path: Path, data: bytes, formats: list[str]) -> str | None:
    """None when every step either worked or refused cleanly, else the traceback."""
    path.write_bytes(data)
    try:
        book = paper2book.read(path)
    except Paper2BookError:
        return None
    except Exception:
        return traceback.format_exc()
    for fmt in formats:
        try:
            paper2book.write(book, fmt, path.with_suffix(f".{fmt}"))
        except Paper2BookError:
            pass
        except Exception:
            return f"[{fmt}] " + traceback.format_exc()
    return None


@pytest.mark.allow_warnings
def test_mutated_dumps(tmp_path, caplog):
    pytest.importorskip("ebooklib")
    rng = random.Random(20251203)
    bases = base_dumps()
    failures, slowest = [], (0.0, "")
    started = time.monotonic()
    for n in range(CASES):
        data, ops = mutate(rng, bases[n % len(bases)])
        formats = ["json", "html", "epub"] + (["pdf"] if n % PDF_EVERY == 0 else [])
        t = time.monotonic()
        error = run_case(tmp_path / f"case{n % 4}.txt", data, formats)
        took = time.monotonic() - t
        slowest = max(slowest, (took, f"case {n} {ops}"))
        if error:
            failures.append(f"case {n} {ops}:\n{error}")
            (tmp_path / f"failed-{n}.txt").write_bytes(data)
        if took > CASE_LIMIT:
            failures.append(f"case {n} {ops}: {took:.1f} s")
        caplog.clear()          # warnings are expected here; thousands of records are not useful
    assert not failures, f"{len(failures)} failures; first:\n" + "\n".join(failures[:3])
    assert time.monotonic() - started < 60, f"fuzzing took too long; slowest: {slowest}"
