"""A fuzz campaign: mutated dumps through the API and the command line, every backend.

    .venv/bin/python scripts/fuzz.py [--api 5000] [--cli 300] [--pdf-every 10] [--seed N]
                                     [--configs 1200] [--manifests 800]

The mutations are the in-suite fuzz test's (tests/test_fuzz.py), run many more
times.  Through the API each case is read and written as JSON, HTML and EPUB,
and every ``--pdf-every``-th as PDF too; through the CLI each case is one
``paper2book CASE --json --html --epub [--pdf]`` process.  A refusal
(Paper2BookError; exit 1 with one ``paper2book: error:`` line) is fine; an
internal error, a traceback, any other exit status or a case over 10 s is
counted and its input kept in the work folder.  ``--configs`` and
``--manifests`` run mutated configs (beside the seed, JSON/HTML/EPUB, every
100th also PDF) and mutated manifests of a split job (tests/test_fuzz_config.py)
through the command in this process.  Prints the counts; exit 1 if any case
failed.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_fuzz as F  # noqa: E402
import test_fuzz_config as C  # noqa: E402

LIMIT = 10.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--api", type=int, default=5000)
    ap.add_argument("--cli", type=int, default=300)
    ap.add_argument("--pdf-every", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--configs", type=int, default=0)
    ap.add_argument("--manifests", type=int, default=0)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="p2b-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    bases = F.base_dumps()
    failures: list[str] = []
    slow = pdfs = 0
    slowest = (0.0, "")
    started = time.monotonic()
    for n in range(args.api):
        data, ops = F.mutate(rng, bases[n % len(bases)])
        formats = ["json", "html", "epub"] + (["pdf"] if n % args.pdf_every == 0 else [])
        pdfs += "pdf" in formats
        t = time.monotonic()
        error = F.run_case(work / f"api{n % 4}.txt", data, formats)
        took = time.monotonic() - t
        slowest = max(slowest, (took, f"api {n} {ops}"))
        if error or took > LIMIT:
            (work / f"failed-api-{n}.txt").write_bytes(data)
            failures.append(f"api {n} {ops}: {error or f'{took:.1f} s'}")
            slow += took > LIMIT
    cli_pdfs = 0
    for n in range(args.cli):
        data, ops = F.mutate(rng, bases[n % len(bases)])
        case = work / f"cli{n % 4}.txt"
        case.write_bytes(data)
        flags = ["--json", "--html", "--epub"] + (["--pdf"] if n % 3 == 0 else [])
        cli_pdfs += "--pdf" in flags
        t = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "paper2book", str(case), *flags, "-q"],
                              capture_output=True, text=True, check=False)
        took = time.monotonic() - t
        slowest = max(slowest, (took, f"cli {n} {ops}"))
        err = proc.stderr
        bad = (proc.returncode not in (0, 1) or "Traceback" in err or "internal error" in err
               or (proc.returncode == 1 and not err.strip()))
        if bad or took > LIMIT:
            (work / f"failed-cli-{n}.txt").write_bytes(data)
            failures.append(f"cli {n} {ops}: exit {proc.returncode}, {took:.1f} s: {err[-300:]}")
            slow += took > LIMIT
    failures += _configs_and_manifests(args, rng, work)
    print(f"{args.api} cases through the API ({pdfs} with PDF), {args.cli} through the CLI "
          f"({cli_pdfs} with --pdf) in {time.monotonic() - started:.0f} s: "
          f"{len(failures) - slow} errors, {slow} over {LIMIT:.0f} s; slowest {slowest[0]:.1f} s "
          f"({slowest[1]}); work folder {work}")
    for f in failures[:10]:
        print(f)
    return 1 if failures else 0


def _configs_and_manifests(args: argparse.Namespace, rng: random.Random, work: Path) -> list[str]:
    failures: list[str] = []
    started = time.monotonic()
    (work / "configs").mkdir(exist_ok=True)
    (work / "configs" / "a.txt").write_bytes(F.SEED.read_bytes())
    for n in range(args.configs):
        text = C.mutate_config(rng)
        why = C.config_case(work / "configs", text, pdf=n % 100 == 0)
        if why:
            (work / f"failed-config-{n}.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
            failures.append(f"config {n}: {why}")
    if args.manifests:
        original = C.split_folder(work / "manifests")
        for n in range(args.manifests):
            data = C.mutate_manifest(rng, original)
            why = C.manifest_case(work / "manifests", data)
            if why:
                (work / f"failed-manifest-{n}.json").write_bytes(data)
                failures.append(f"manifest {n}: {why}")
    if args.configs or args.manifests:
        print(f"{args.configs} mutated configs and {args.manifests} mutated manifests in "
              f"{time.monotonic() - started:.0f} s: {len(failures)} failed")
    return failures


if __name__ == "__main__":
    sys.exit(main())
