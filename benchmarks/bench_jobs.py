"""Benchmark: a month archive through ``--split``, first run against the runs after it.

    python benchmarks/bench_jobs.py            # a 31-issue month (make_dumps' default issues)
    python benchmarks/bench_jobs.py --issues 8 # a shorter month
    python benchmarks/bench_jobs.py --pdf      # PDF too (minutes)

Each line is one whole ``python -m paper2book`` process (wall time, peak RSS):

- ``--split month --epub`` into an empty folder, then again (nothing to make:
  the manifest says every book is up to date), then with one day changed (its
  month is made again).  Target: the second run <= 0.2x the first.
- ``--split issue --epub`` with ``--jobs 1`` and ``--jobs 2`` into empty
  folders: the ratio, and whether the books are byte-identical (they must be).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_epub import best, run
from make_dumps import make_archive

TARGET_SECOND_RUN = 0.2


def _books(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=31, help="issues in the month (default 31)")
    ap.add_argument("--pdf", action="store_true", help="make PDF too")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="p2b-jobs-"))
    # A user's installation has its bytecode caches; a run without them compiles every module.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SOURCE_DATE_EPOCH"] = "1764720000"
    formats = ["--epub"] + (["--pdf"] if args.pdf else [])
    p2b = [args.python, "-m", "paper2book"]
    try:
        t0 = time.perf_counter()
        dumps = make_archive(folder / "dumps", months=[(2025, 12)], issues_per_month=args.issues)
        size = sum(p.stat().st_size for p in dumps) / 1e6
        print(f"{len(dumps)} dumps ({size:.1f} MB) generated in {time.perf_counter() - t0:.1f} s "
              f"in {folder}; {os.cpu_count()} cores")
        month = [*p2b, str(folder / "dumps"), "--split", "month", *formats, "-q", "-o"]
        first = run([*month, str(folder / "month")], env)
        second = best([*month, str(folder / "month")], 3, env)
        path = dumps[len(dumps) // 2]
        path.write_bytes(path.read_bytes().replace("日期:".encode(), "日期: ".encode(), 1))
        changed = run([*month, str(folder / "month")], env)
        ratio = second[0] / first[0]
        verdict = "ok" if ratio <= TARGET_SECOND_RUN else f"OVER target {TARGET_SECOND_RUN}x"
        print(f"--split month, first run      {first[0]:6.2f} s {first[1]:6.0f} MB")
        print(f"--split month, second run     {second[0]:6.2f} s {second[1]:6.0f} MB"
              f"  ratio {ratio:.2f}x ({verdict})")
        print(f"--split month, one day edited {changed[0]:6.2f} s {changed[1]:6.0f} MB"
              f"  ratio {changed[0] / first[0]:.2f}x")
        issue = [*p2b, str(folder / "dumps"), "--split", "issue", *formats, "-q"]
        one = run([*issue, "--jobs", "1", "-o", str(folder / "jobs1")], env)
        two = run([*issue, "--jobs", "2", "-o", str(folder / "jobs2")], env)
        same = _books(folder / "jobs1") == _books(folder / "jobs2")
        print(f"--split issue, --jobs 1       {one[0]:6.2f} s {one[1]:6.0f} MB")
        print(f"--split issue, --jobs 2       {two[0]:6.2f} s {two[1]:6.0f} MB"
              f"  ratio {two[0] / one[0]:.2f}x; books {'byte-identical' if same else 'DIFFER'}")
        failed = any(r[2] for r in (first, second, changed, one, two))
        return 1 if failed or not same or ratio > TARGET_SECOND_RUN else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
