"""The command's side of a split job (``--split``): its checks, progress line and summary.

Without ``-o`` the books go into the folder of the first input (a folder
given as input: that folder itself).  ``--title`` is then a template of
``{paper}``, ``{period}`` (2025年12月) and ``{date}`` (2025-12); it must use
one of the last two, or every book would have the same title.  For the same
reason a config's ``identifier:`` is refused: each book gets its own.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from .. import registry
from ..config.options import JobOptions, RenderOptions
from ..errors import ConfigError, UsageError
from ..jobs import Finished, JobReport, JobSpec, run
from ..jobs.groups import title_problem
from ..log import _CliHandler
from . import checks, summary, targets
from .progress import Progress

log = logging.getLogger("paper2book")


def convert(args: argparse.Namespace, options: RenderOptions, job: JobOptions, punctuation: bool,
            handler: _CliHandler, started: float) -> int:
    spec = _spec(args, options, job, punctuation)
    progress = Progress.for_terminal(args.quiet)
    handler.progress = progress
    total = [0]
    invalid = [False]

    def on_start(n: int) -> None:
        total[0] = n
        if n:
            progress.job(0, n, 0.0)

    def on_done(done: Finished, report: JobReport) -> None:
        for error in done.errors:
            log.error("%s", error)
        if done.trace and args.verbose:
            progress.close()
            print(done.trace, file=sys.stderr, end="")
        for m in done.made:
            log.info("wrote %s", m.output.shown)
            if args.validate and not checks.check(m.output.format, Path(m.output.path),
                                                  m.output.shown, before_printing=progress.close):
                invalid[0] = True
        if done.book is not None:
            progress.job(report.written + report.failed, total[0], time.perf_counter() - started)

    try:
        report = run(spec, on_stage=progress.stage, on_start=on_start, on_done=on_done)
    finally:
        progress.close()
    if not args.quiet:
        print(summary.job_line(written=report.written, up_to_date=report.up_to_date,
                               failed=report.failed, counts=summary.Counts(*report.counts),
                               pages=report.pages, seconds=time.perf_counter() - started),
              file=sys.stderr)
    return 1 if report.failed or invalid[0] else 0


def _spec(args: argparse.Namespace, options: RenderOptions, job: JobOptions,
          punctuation: bool) -> JobSpec:
    """The job the flags ask for; a slip is a usage error, before any work."""
    if not args.inputs:
        raise targets.no_input()
    if "-" in args.inputs:
        raise UsageError("--split reads files and folders, not standard input")
    formats = targets.formats(args.formats, args.validate)
    title = options.title
    if title and title_problem(title):
        raise UsageError(title_problem(title))
    if options.identifier:
        raise ConfigError(f"identifier {options.identifier!r} would be every book's of the split; "
                          "leave it unset (each book gets a UUID from its content)")
    return JobSpec(inputs=list(args.inputs),
                   formats={name: registry.extension(name) for name in formats},
                   folder=_folder(args.output, args.inputs[0]), options=options, job=job,
                   punctuation=punctuation, title=title, force=args.force,
                   strict=args.strict)


def _folder(output: str | None, first: str) -> Path:
    if output == "-":
        raise UsageError("--split writes a folder of books; -o - (stdout) takes one book")
    if output is None:
        path = Path(first)
        return path if path.is_dir() else path.parent
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {output}: with --split, -o names a folder for the books, "
                         "and this is a file")
    return folder
