"""Benchmark: an archive as a site (``--site``): build, rebuild, index size, search in Chromium.

    python benchmarks/bench_site.py                    # 2 years x 1 paper, 730 daily issues
    python benchmarks/bench_site.py --months 2         # a quick look
    python benchmarks/bench_site.py --dumps DIR        # an archive made before (make_dumps --daily)

Each build line is one whole ``python -m paper2book`` process (wall time, peak RSS):
``--split issue --html`` over the archive (the yardstick), the site into an empty
folder (target <= 1.5x), the same again (nothing to write), and after one changed
day (target <= 0.1x the full build); ``--rounds`` times (default 3), each run after
``sync``, with the median ratios.  Then the index: its size per year of dumps
and its files, and 20 queries in headless Chromium from ``file://``: the bytes of
index each loads (meta, shards, article starts; the result texts apart) and the
time until the first results are on screen, counted from the start of the page
load (targets: <= 1 MB, median <= 300 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote

from bench_epub import run as _run
from make_dumps import make_archive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

QUERIES = ["发展", "党", "经济发展", "台风", "龙舟赛", "同比增长", "本报记者", "乡村振兴", "志愿者",
           "高标准农田", "港口货物吞吐量", "家门口就能办成事", "亿元", "柑橘 上市", "非遗展演",
           "石钟山景区", "5.4%", "夜间经济", "候鸟保护", "马拉松"]


class Timed:
    def __init__(self, cmd: list[str], env: dict[str, str]):
        self.seconds, self.rss_mb, rc = _run(cmd, env)
        if rc:
            raise SystemExit(f"failed ({rc}): {' '.join(cmd)}")


def run(cmd: list[str], env: dict[str, str]) -> Timed:
    return Timed(cmd, env)


DONE = ("document.getElementById('results').getAttribute('data-total') || "
        "(document.getElementById('status').textContent.includes('没有找到') && '0')")


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _search(site: Path) -> None:
    from helpers.browser import Browser

    loaded, shown = [], []
    by_length: dict[int, int] = {}          # a query's longest term → most index it loaded
    with Browser() as b:
        for q in QUERIES:
            b.go(f"{(site / 'search.html').as_uri()}?q={quote(q)}")
            total = b.wait_for(DONE, 60)
            ms = int(b.js("document.documentElement.getAttribute('data-shown-ms') || 0"))
            names = b.js("P2B.loaded")
            index = texts = 0
            for name in names:
                path = site / unquote(name)
                size = path.stat().st_size
                if "/_p2b/index/" in str(path) and path.name.startswith("t") and path.name[1:2].isdigit():
                    texts += size
                elif "/_p2b/index/" in str(path):
                    index += size
            loaded.append(index)
            shown.append(ms)
            longest = max(len(t) for t in q.split())
            by_length[longest] = max(by_length.get(longest, 0), index)
            print(f"  {q:12} {int(total):6} hits  index {index / 1024:7.0f} KB  "
                  f"texts {texts / 1024:5.0f} KB  first results at {ms} ms")
    print(f"index loaded per query: median {statistics.median(loaded) / 1024:.0f} KB, "
          f"max {max(loaded) / 1024:.0f} KB (target <= 1024 KB)")
    print("most index loaded, by the query's longest term: " + ", ".join(
        f"{n} chars {by_length[n] / 1024:.0f} KB" for n in sorted(by_length)))
    print(f"first results: median {statistics.median(shown):.0f} ms, max {max(shown)} ms "
          f"(target median <= 300 ms)")


def _round(p2b: list[str], dumps: Path, paths: list[Path], folder: Path, site: Path,
           env: dict[str, str]) -> tuple[Timed, Timed, Timed, Timed]:
    """The split, the site into an empty folder, again, and after one changed day; each
    run begins with the disk caught up (os.sync), so no run pays for an earlier one's writes."""
    os.sync()
    split = run([*p2b, str(dumps), "--split", "issue", "--html", "-q", "-o", str(folder / "html")], env)
    os.sync()
    full = run([*p2b, str(dumps), "--site", str(site), "-q"], env)
    os.sync()
    again = run([*p2b, str(dumps), "--site", str(site), "-q"], env)
    day = paths[len(paths) // 2]
    text = day.read_text(encoding="utf-8")
    day.write_text(text.replace("。", "，台风过境。", 1), encoding="utf-8")
    try:
        os.sync()
        changed = run([*p2b, str(dumps), "--site", str(site), "-q"], env)
    finally:
        day.write_text(text, encoding="utf-8")
    return split, full, again, changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", type=int, default=24, help="months of daily issues (default 24)")
    ap.add_argument("--dumps", type=Path, help="an archive of dumps to use instead")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--rounds", type=int, default=3,
                    help="build rounds (split, site, again, changed day); medians printed")
    args = ap.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="p2b-site-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    p2b = [args.python, "-m", "paper2book"]
    dumps = args.dumps
    if dumps is None:
        dumps = folder / "dumps"
        months = [(2025 + m // 12, m % 12 + 1) for m in range(args.months)]
        t0 = time.perf_counter()
        make_archive(dumps, months=months, daily=True)
        print(f"generated in {time.perf_counter() - t0:.1f} s")
    paths = sorted(dumps.rglob("*.txt"))
    mb = sum(p.stat().st_size for p in paths) / 1e6
    years = len({p.name[-14:-10] for p in paths}) or 1
    print(f"{len(paths)} dumps, {mb:.1f} MB, {years} years in {dumps}; {os.cpu_count()} cores")
    site = folder / "site"
    rows = []
    for _ in range(args.rounds):
        shutil.rmtree(folder / "html", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        rows.append(_round(p2b, dumps, paths, folder, site, env))
    for r in rows:
        split, full, again, changed = r
        print(f"--split issue --html   {split.seconds:7.1f} s  {split.rss_mb:5.0f} MB")
        print(f"--site (empty folder)  {full.seconds:7.1f} s  {full.rss_mb:5.0f} MB  "
              f"{full.seconds / split.seconds:.2f}x the split (target <= 1.5x)")
        print(f"--site again           {again.seconds:7.1f} s  {again.seconds / full.seconds:.2f}x the build")
        print(f"--site, 1 day changed  {changed.seconds:7.1f} s  "
              f"{changed.seconds / full.seconds:.2f}x the build (target <= 0.1x)")
    if len(rows) > 1:
        build = statistics.median(f.seconds / s.seconds for s, f, _, _ in rows)
        day = statistics.median(c.seconds / f.seconds for _, f, _, c in rows)
        print(f"median of {len(rows)} rounds: build {build:.2f}x the split (target <= 1.5x), "
              f"a changed day {day:.3f}x the build (target <= 0.1x)")
    total, count = _size(site)
    index, index_files = _size(site / "_p2b" / "index")
    parts = sum(p.stat().st_size for p in (site / "_p2b" / "index").glob("*/b.parts"))
    print(f"site {total / 1e6:.1f} MB in {count} files; search index {index / 1e6:.1f} MB in "
          f"{index_files} files = {index / 1e6 / years:.1f} MB per year of dumps "
          f"({index / 1e6 / mb:.2f}x the dumps' bytes), of which the months' bigram parts "
          f"(b.parts: what the shards are merged from, never loaded by a browser) {parts / 1e6:.1f} MB")
    if not args.no_browser:
        _search(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
