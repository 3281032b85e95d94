"""Issue 22: mutated configs and manifests never make an internal error, nor take long.

Configs are drawn from the schema's own keys with values of every type (wrong
types, huge numbers and strings, deep nesting, YAML aliases, odd paths) or are
a valid config with its bytes flipped; manifests are the one a real split job
wrote, with values replaced by other types, keys dropped or added, bytes
flipped.  Each case runs the command in this process (``cli.main``): exit 0, 1
or 2 is fine when an error is one ``paper2book: error:`` line; ``internal
error`` or a case over CASE_LIMIT seconds fails.  ``scripts/fuzz.py --configs N
--manifests N`` runs many more.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import time
from pathlib import Path

import pytest

from paper2book.cli.main import main
from paper2book.config.schema import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
CASE_LIMIT = 10.0
MANIFEST = ".paper2book-manifest.json"

SCALARS = [None, True, False, 0, -1, 1, 3, 2**63, 1e308, float("nan"), "", "x", "A4", "a5 landscape",
           "1mmx1mm", "9999mm", "0", "red", "#ff0000", "red;}body{x", "zh-Hant", "../../etc/passwd",
           "/dev/zero", "/dev/null", "~", "{date:>99999}", "%99999s", "九江日报", "\u202e", "\x00",
           "x" * 5000, "2025-12-03", "not-a-date", "epub", "month", "tcp://127.0.0.1:1"]


def _value(rng: random.Random, depth: int = 0):
    kind = rng.random()
    if kind < 0.6 or depth > 3:
        return rng.choice(SCALARS)
    if kind < 0.8:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = [*SCHEMA, "newspapers", "backends", "九江日报", "json", "pdf", 5]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _yaml(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)      # JSON is YAML


def mutate_config(rng: random.Random) -> str:
    """A config text: keys of the schema with values of any type, or a valid one damaged."""
    choice = rng.random()
    if choice < 0.6:
        doc = {rng.choice([*SCHEMA, "newspapers", "backends", "unknown_key"]): _value(rng)
               for _ in range(rng.randint(1, 6))}
        if rng.random() < 0.3:
            doc["newspapers"] = {"九江日报": {k: _value(rng) for k in rng.sample(
                ["display_name", "masthead_color", "masthead_image", "columns", "other"], 2)}}
        return _yaml(doc)
    if choice < 0.8:
        valid = ("paper: A5\ncolumns: 2\nmargins: 18mm 15mm\ntitle: 测试\nlanguage: zh-CN\n"
                 "newspapers:\n  九江日报:\n    display_name: 九江\n    masthead_color: '#a00'\n"
                 "backends:\n  json: {indent: 2}\n")
        b = bytearray(valid.encode("utf-8"))
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return b.decode("utf-8", "replace")
    if choice < 0.9:
        n = rng.randint(2, 12)
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, n)]
        return "backends:\n  json:\n" + "".join(f"    {line}\n" for line in lines)
    depth = rng.choice([10, 40, 200, 3000])
    return "title: " + "[" * depth + "]" * depth + "\n"


def _replace_somewhere(rng: random.Random, data, depth: int = 0):
    if isinstance(data, dict) and data and depth < 6:
        key = rng.choice(list(data))
        action = rng.random()
        if action < 0.2:
            del data[key]
        elif action < 0.35:
            data[rng.choice(["x", "../x", "", "九江"])] = _value(rng)
        elif action < 0.7:
            data[key] = _value(rng)
        else:
            data[key] = _replace_somewhere(rng, data[key], depth + 1)
        return data
    if isinstance(data, list) and data and depth < 6:
        i = rng.randrange(len(data))
        data[i] = _value(rng) if rng.random() < 0.5 else _replace_somewhere(rng, data[i], depth + 1)
        return data
    return _value(rng)


def mutate_manifest(rng: random.Random, original: bytes) -> bytes:
    if rng.random() < 0.2:
        b = bytearray(original)
        for _ in range(rng.randint(1, 10)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    data = json.loads(original)
    for _ in range(rng.randint(1, 4)):
        data = _replace_somewhere(rng, data)
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


def run(*argv: str) -> tuple[int, str, float]:
    """``paper2book ARGV`` in this process: exit status, stderr, seconds."""
    err = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, err.getvalue(), time.monotonic() - started


def problem(code: int, err: str, seconds: float) -> str | None:
    """Why a case failed, or None."""
    if "internal error" in err or "Traceback" in err:
        return err.strip().splitlines()[-1]
    if code not in (0, 1, 2):
        return f"exit {code}"
    if code == 1 and "paper2book: error:" not in err:
        return "exit 1 without an error line"
    if seconds > CASE_LIMIT:
        return f"{seconds:.1f} s"
    return None


def config_case(work: Path, text: str, pdf: bool = False) -> str | None:
    (work / "paper2book.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    formats = ["--json", "--html", "--epub"] + (["--pdf"] if pdf else [])
    return problem(*run(str(work / "a.txt"), *formats, "-o", str(work / "out") + "/", "-q"))


def split_folder(work: Path) -> bytes:
    """A split job's folder (two issues as JSON) and the manifest it wrote."""
    (work / "dumps").mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, work / "dumps" / "a.txt")
    text = SEED.read_text(encoding="utf-8").replace("2025-12-03", "2025-12-04")
    (work / "dumps" / "b.txt").write_text(text, encoding="utf-8")
    code, err, _ = run(str(work / "dumps"), "--split", "issue", "--json", "--jobs", "1",
                       "-o", str(work / "books"), "-q")
    assert code == 0, err
    return (work / "books" / MANIFEST).read_bytes()


def manifest_case(work: Path, data: bytes) -> str | None:
    (work / "books" / MANIFEST).write_bytes(data)
    return problem(*run(str(work / "dumps"), "--split", "issue", "--json", "--jobs", "1",
                        "-o", str(work / "books"), "-q"))


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_mutated_configs(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    rng = random.Random(20261205)
    failures = []
    for n in range(80):
        text = mutate_config(rng)
        why = config_case(tmp_path, text, pdf=n % 40 == 0)
        if why:
            failures.append(f"{n}: {why}: {text[:200]!r}")
    assert not failures, "\n".join(failures[:5])


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_mutated_manifests(tmp_path):
    original = split_folder(tmp_path)
    rng = random.Random(20261205)
    failures = []
    for n in range(60):
        data = mutate_manifest(rng, original)
        why = manifest_case(tmp_path, data)
        if why:
            failures.append(f"{n}: {why}: {data[:200]!r}")
    assert not failures, "\n".join(failures[:5])
