"""Benchmark: dump → EPUB with paper2book, against pandoc on the same text.

    python benchmarks/bench_epub.py           # (a) seed, (b) small year, (c) full year
    python benchmarks/bench_epub.py --quick   # skip (c)
    python benchmarks/bench_epub.py --python OTHER/bin/python   # time another install

Inputs are generated in a temporary folder: (a) the seed dump; (b) the seed's
article as 365 daily issues in one file (about 4 MB); (c) 365 issues x 8
pages x 6 articles (about 50 MB) made of the seed's paragraphs, shuffled
deterministically.  Each conversion runs as a whole process (best of 5 runs for (a), of 3 for
(b), for both tools); wall time and
the peak RSS of that process (ru_maxrss of the waited-for child, the
RUSAGE_CHILDREN counter) are printed with the ratio to
``pandoc -f markdown -t epub`` on a Markdown rendering of the same text.
Targets: (a) <= 3x pandoc, (b) <= 0.25x pandoc, (c) <= 0.5x pandoc.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
PAGE_NAMES = ("要闻", "综合", "经济", "专版", "理论", "文化", "社会", "体育")
BYLINES = ("江西日报记者 杨 静 文/图", "本报记者 王 凌", "记者 李四 通讯员 王五",
           "本报通讯员 赵六 摄", "本报记者 周中石 刘 敏")
TARGETS = {"a": 3.0, "b": 0.25, "c": 0.5}
REPEAT = {"a": 5, "b": 3, "c": 1}          # best of n runs, for both tools


# --------------------------------------------------------------------- the seed's text

@dataclass
class Story:
    headline: str
    captions: list[str] = field(default_factory=list)
    byline: str | None = None
    body: list[tuple[str, str]] = field(default_factory=list)   # ("p"|"h"|"s", text)


def seed_story() -> Story:
    lines = [ln.strip(" \u00a0\u3000") for ln in SEED.read_text(encoding="utf-8").splitlines()]
    start = lines.index("党建活动让上下游企业代表坐在一起,供需对接、难题共解。")
    content = [ln for ln in lines[start:] if ln]
    story = Story(headline="党建聚链 产业焕新", captions=content[:3], byline="江西日报记者 杨 静 文/图")
    heads = {"怎样“链得上”?", "如何“链得紧”?", "何以“链得强”?"}
    body = content[4:]
    i = 0
    while i < len(body):
        if body[i] in heads:
            story.body += [("h", body[i]), ("s", body[i + 1])]
            i += 2
        else:
            story.body.append(("p", body[i]))
            i += 1
    return story


# --------------------------------------------------------------------- writing dumps and Markdown

def screen(paper: str, date: dt.date, page: str, page_name: str, story: Story) -> str:
    capture = date + dt.timedelta(days=3)
    out = ["电子报阅读机", capture.isoformat(), WEEKDAYS[capture.weekday()], f"当前报纸名称:{paper}", "",
           story.headline, "", f"日期:{date.month:02d}-{date.day:02d}", "字号:",
           f"版面:第{page}版:{page_name}\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 上一篇"
           " \u00a0\u00a0\u00a0 下一篇", ""]
    for cap in story.captions:
        out += [f"  {cap}", ""]
    if story.byline:
        out += [f"  {story.byline}", ""]
    for _, text in story.body:
        out += [f"  {text}", ""]
    return "\n".join(out) + "\n"


def markdown_issue(paper: str, date: dt.date, pages: list[tuple[str, str, list[Story]]]) -> str:
    out = [f"# {paper} {date.year}年{date.month}月{date.day}日", ""]
    for number, name, stories in pages:
        out += [f"## 第{number}版 {name}", ""]
        for s in stories:
            out += [f"### {s.headline}", ""]
            for cap in s.captions:
                out += [f"> {cap}", ""]
            if s.byline:
                out += [s.byline, ""]
            for kind, text in s.body:
                out += [f"#### {text}" if kind == "h" else (f"**{text}**" if kind == "s" else text), ""]
    return "\n".join(out) + "\n"


def make_inputs(folder: Path, full: bool) -> dict[str, tuple[Path, Path]]:
    story = seed_story()
    inputs: dict[str, tuple[Path, Path]] = {}

    a_txt, a_md = folder / "a-seed.txt", folder / "a-seed.md"
    shutil.copyfile(SEED, a_txt)
    a_md.write_text(markdown_issue("九江日报", dt.date(2025, 12, 3), [("03", "专版", [story])]),
                    encoding="utf-8")
    inputs["a"] = (a_txt, a_md)

    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    b_txt, b_md = folder / "b-small-year.txt", folder / "b-small-year.md"
    with b_txt.open("w", encoding="utf-8") as t, b_md.open("w", encoding="utf-8") as m:
        for d in days:
            t.write(screen("九江日报", d, "03", "专版", story))
            m.write(markdown_issue("九江日报", d, [("03", "专版", [story])]))
    inputs["b"] = (b_txt, b_md)

    if full:
        rng = random.Random(20251203)          # deterministic shuffles: same inputs every run
        paragraphs = [t for k, t in story.body if k == "p"]
        heads = [(story.body[i][1], story.body[i + 1][1]) for i in range(len(story.body))
                 if story.body[i][0] == "h"]
        phrases = sorted({w for t in paragraphs for w in t.replace("。", ",").split(",") if 4 <= len(w) <= 9})
        c_txt, c_md = folder / "c-full-year.txt", folder / "c-full-year.md"
        with c_txt.open("w", encoding="utf-8") as t, c_md.open("w", encoding="utf-8") as m:
            for d in days:
                pages = []
                for p in range(8):
                    stories = []
                    for title_a, title_b in zip(rng.sample(phrases, 6), rng.sample(phrases, 6), strict=True):
                        body = [("p", x) for x in rng.sample(paragraphs, 12)]
                        if rng.random() < 0.4:
                            h, s = rng.choice(heads)
                            body[5:5] = [("h", h), ("s", s)]
                        stories.append(Story(
                            headline=f"{title_a} {title_b}",
                            captions=rng.sample(story.captions, rng.randint(0, 2)),
                            byline=rng.choice(BYLINES), body=body))
                    pages.append((f"{p + 1:02d}", PAGE_NAMES[p], stories))
                for number, name, stories in pages:
                    for s in stories:
                        t.write(screen("九江日报", d, number, name, s))
                m.write(markdown_issue("九江日报", d, pages))
        inputs["c"] = (c_txt, c_md)
    return inputs


# --------------------------------------------------------------------- measuring

def best(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """The fastest of ``repeat`` runs: small cases are at the mercy of caches and scheduling."""
    runs = [run(cmd, env) for _ in range(repeat)]
    failed = [r for r in runs if r[2]]
    return failed[0] if failed else min(runs)


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the max over all so far.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-2000:])
    return wall, usage.ru_maxrss / 1024, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip (c), the full year")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the files")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter to run paper2book with (default: this one)")
    args = ap.parse_args(argv)

    pandoc = shutil.which("pandoc")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="p2b-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    # A user's installation has its bytecode caches; a run without them compiles every module.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SOURCE_DATE_EPOCH"] = "1764720000"
    try:
        t0 = time.perf_counter()
        inputs = make_inputs(folder, full=not args.quick)
        print(f"inputs generated in {time.perf_counter() - t0:.1f} s in {folder}; "
              f"paper2book runs on {args.python}")
        names = {"a": "(a) seed", "b": "(b) small year", "c": "(c) full year"}
        failed = False
        for key, (txt, md) in inputs.items():
            size = txt.stat().st_size / 1e6
            out = folder / f"{key}.epub"
            repeat = REPEAT[key]
            wall, rss, rc = best([args.python, "-m", "paper2book", str(txt), "--epub", "-o", str(out), "-q"],
                                 repeat, env=env)
            line = f"{names[key]:15} {size:7.2f} MB  paper2book {wall:7.2f} s {rss:8.0f} MB"
            if rc:
                print(line + f"  FAILED (exit {rc})")
                failed = True
                continue
            line += f"  -> {out.stat().st_size / 1e6:.2f} MB EPUB"
            if pandoc:
                pwall, prss, prc = best([pandoc, "-f", "markdown", "-t", "epub", "-o",
                                         str(folder / f"{key}-pandoc.epub"), str(md)], repeat, env=env)
                ratio = wall / pwall
                verdict = "ok" if ratio <= TARGETS[key] else f"OVER target {TARGETS[key]}x"
                line += (f" | pandoc {pwall:7.2f} s {prss:8.0f} MB"
                         f"{' (failed)' if prc else ''} | ratio {ratio:.2f}x ({verdict})")
            else:
                line += " | pandoc not installed"
            print(line, flush=True)
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
