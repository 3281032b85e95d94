"""Benchmark: a month of issues as one PDF volume, typeset in parts and merged.

    python benchmarks/bench_volume.py              # 30 issues x 8 版面 x 6 articles
    python benchmarks/bench_volume.py --issues 6   # a shorter volume
    python benchmarks/bench_volume.py --no-single  # skip the one-pass render (1.5 GB)

Each line is one whole process (wall time, peak RSS of its largest process, the
pool's workers included):

- ``paper2book MONTH --pdf --jobs 1`` and ``--jobs 2``: target --jobs 2 <= 0.6x
  --jobs 1, the two files byte-identical;
- the largest process of either run: target <= 400 MB;
- the same book in one WeasyPrint pass (``render.render_book``, what
  paper2book did before volumes were typeset in parts): the merged file
  <= 1.5x its size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_epub import run
from make_dumps import make_archive

TARGET_JOBS = 0.6
TARGET_MB = 400
TARGET_SIZE = 1.5

ONE_PASS = """
import sys
from pathlib import Path
from paper2book import api
from paper2book.backends.pdf import render, runtime
from paper2book.config.options import RenderOptions
book = api.read(sorted(str(p) for p in Path(sys.argv[1]).rglob("*.txt")))
data, pages = runtime.call(render.render_book, book, RenderOptions())
Path(sys.argv[2]).write_bytes(data)
"""


def run_logged(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Like bench_epub.run, with ``-vv``: the pool's workers are the fork server's children,
    which no wait of ours counts, so their peaks are read from their debug lines."""
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "-vv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code:
        sys.stderr.write(err[-2000:])
    peaks = [int(m) for m in re.findall(r"peak (\d+) MB", err)]
    return wall, max([usage.ru_maxrss / 1024, *peaks]), code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=30)
    ap.add_argument("--no-single", action="store_true", help="skip the one-pass render")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="p2b-volume-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SOURCE_DATE_EPOCH"] = "1764720000"
    try:
        t0 = time.perf_counter()
        dumps = make_archive(folder / "dumps", months=[(2025, 12)], issues_per_month=args.issues,
                             pages=(8, 8), articles=(6, 6))
        print(f"{len(dumps)} dumps ({sum(p.stat().st_size for p in dumps) / 1e6:.1f} MB) generated "
              f"in {time.perf_counter() - t0:.1f} s in {folder}; {os.cpu_count()} cores")
        p2b = [args.python, "-m", "paper2book", str(folder / "dumps"), "--pdf", "-o"]
        one = run_logged([*p2b, str(folder / "jobs1.pdf"), "--jobs", "1"], env)
        two = run_logged([*p2b, str(folder / "jobs2.pdf"), "--jobs", "2"], env)
        same = (folder / "jobs1.pdf").read_bytes() == (folder / "jobs2.pdf").read_bytes()
        ratio = two[0] / one[0]
        peak = max(one[1], two[1])
        print(f"--jobs 1            {one[0]:7.1f} s {one[1]:6.0f} MB")
        print(f"--jobs 2            {two[0]:7.1f} s {two[1]:6.0f} MB  ratio {ratio:.2f}x "
              f"({'ok' if ratio <= TARGET_JOBS else f'OVER target {TARGET_JOBS}x'}); "
              f"{'byte-identical' if same else 'DIFFER'}")
        print(f"largest process     {peak:6.0f} MB "
              f"({'ok' if peak <= TARGET_MB else f'OVER target {TARGET_MB} MB'})")
        failed = bool(one[2] or two[2]) or not same or ratio > TARGET_JOBS or peak > TARGET_MB
        if not args.no_single:
            single = run([args.python, "-c", ONE_PASS, str(folder / "dumps"), str(folder / "single.pdf")],
                         env)
            size = (folder / "jobs1.pdf").stat().st_size / (folder / "single.pdf").stat().st_size
            print(f"one pass            {single[0]:7.1f} s {single[1]:6.0f} MB  merged file {size:.2f}x "
                  f"its size ({'ok' if size <= TARGET_SIZE else f'OVER target {TARGET_SIZE}x'}); "
                  f"--jobs 2 {two[0] / single[0]:.2f}x its time")
            failed = failed or bool(single[2]) or size > TARGET_SIZE
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
