"""Time PDF output as a user runs it: whole processes, one core.

    .venv/bin/python benchmarks/bench_pdf.py [--runs N] [--keep DIR] [--python PY]

Converts the seed dump and a generated issue (8 版面 × 6 articles, written
as a reader dump) with ``python -m paper2book INPUT --pdf -o OUT``, each run
pinned to one CPU.  Prints wall time, PDF pages per second and the peak
resident memory of the converting process, the same for an untagged PDF
(``--pdf-variant none``) to show what tagging (PDF/UA-1, the default) costs,
and for calibre's ``ebook-convert`` on the same text when it is on PATH.
Then the vertical edition (``--vertical``: Chromium prints it, with faces made
for the book by fontTools) against the horizontal one, same inputs, same core.
Targets: >= 10 pages/s for the issue, tagged; <= 0.5x calibre's time.

``--python`` times paper2book under another interpreter that has it
installed (another venv's ``bin/python``).  The interpreter's build
matters: a distribution's python3 (Debian's, which scripts/setup.sh uses
on a fresh Debian machine) is built with profile-guided optimisation,
pyenv's default build is not, and PDF output runs about 10 % slower there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import pdf as H  # noqa: E402


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process, pinned to one core."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=_one_core, env=env)
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix in earlier runs).
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))


def best(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    times, peak = [], 0
    for _ in range(runs):
        t, rss = run(cmd, env)
        times.append(t)
        peak = max(peak, rss)
    return min(times), peak


# calibre renders PDFs with QtWebEngine: headless, and (as root) without Chromium's sandbox.
CALIBRE_ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox", "QTWEBENGINE_DISABLE_SANDBOX": "1"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per case; the fastest counts")
    ap.add_argument("--keep", type=Path, help="keep inputs and PDFs in this folder")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter to run paper2book with (default: this one)")
    args = ap.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_pdf_"))
    work.mkdir(parents=True, exist_ok=True)
    issue = work / "issue-8x6.txt"
    issue.write_text(H.to_dump(H.make_issue(8, 6, seed=3)), encoding="utf-8")
    cases = [("seed", H.SEED), ("issue 8x6", issue)]
    calibre = shutil.which("ebook-convert")

    version = subprocess.run([args.python, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"python {version} ({args.python}), one core, best of {args.runs}")
    print(f"{'case':<10} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'peak MiB':>9}  "
          f"{'untagged':>8} {'pages/s':>8}  tagging  calibre")
    ok = True
    for name, src in cases:
        out = work / f"{src.stem}.pdf"
        convert = [args.python, "-m", "paper2book", str(src), "--pdf", "-q", "-o"]
        secs, rss = best([*convert, str(out)], args.runs)
        plain_secs, _ = best([*convert, str(work / f"{src.stem}.untagged.pdf"),
                              "--pdf-variant", "none"], args.runs)
        n = pages(out)
        rate, plain_rate = n / secs, n / plain_secs
        cost = f"{(secs / plain_secs - 1) * 100:+.0f} %"
        note = "ebook-convert not on PATH: no comparison"
        if calibre:
            cal_out = work / f"{src.stem}.calibre.pdf"
            cal_secs, cal_rss = best([calibre, str(src), str(cal_out)], args.runs, CALIBRE_ENV)
            ratio = secs / cal_secs
            note = (f"{cal_secs:.2f}s, {cal_rss / 1024:.0f} MiB; ours/calibre = {ratio:.2f}x"
                    f" ({'ok' if ratio <= 0.5 else 'over the 0.5x target'})")
            ok &= ratio <= 0.5
        print(f"{name:<10} {n:>5} {secs:>8.2f} {rate:>8.1f} {rss / 1024:>9.0f}  "
              f"{plain_secs:>7.2f}s {plain_rate:>8.1f}  {cost:>7}  {note}")
        if name.startswith("issue"):
            ok &= rate >= 10
            print(f"{'':<10} target >= 10 pages/s: {'met' if rate >= 10 else 'NOT met'}; "
                  f"tagging: {rate:.1f} pages/s tagged, {plain_rate:.1f} untagged"
                  f"{' (HALVES the speed)' if rate <= plain_rate / 2 else ''}")
    compare_vertical(args.python, args.runs, cases, work)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def compare_vertical(python: str, runs: int, cases: list[tuple[str, Path]], work: Path) -> None:
    """Pages/s of the vertical PDF (Chromium) against the horizontal one (WeasyPrint) on the
    same inputs; no target, a record of what the vertical edition costs."""
    if not shutil.which("chromium"):
        print("vertical: chromium not on PATH: not timed")
        return
    print(f"{'vertical':<10} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'peak MiB':>9}  "
          f"{'horizontal pages/s':>18}")
    for name, src in cases:
        rates = []
        for edition in (["--vertical"], []):
            out = work / f"{src.stem}.{'v' if edition else 'h'}.pdf"
            secs, rss = best([python, "-m", "paper2book", str(src), "--pdf", "-q", *edition,
                              "-o", str(out)], runs)
            rates.append((pages(out), secs, rss))
        (n, secs, rss), (hn, hsecs, _) = rates
        print(f"{name:<10} {n:>5} {secs:>8.2f} {n / secs:>8.1f} {rss / 1024:>9.0f}  "
              f"{hn / hsecs:>18.1f}  ({hn} pages in {hsecs:.2f}s)")


if __name__ == "__main__":
    sys.exit(main())
