"""The command's side of ``--site OUT/``: its checks, progress line and summary.

``--site`` makes no book unless ``--epub``/``--pdf`` ask for them (the rule
that no format flag means ``--epub`` does not hold here); ``--split`` and
``-o`` do not go with it: the site names its own files.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from .. import registry
from ..config.options import JobOptions, RenderOptions
from ..errors import ConfigError
from ..log import _CliHandler
from . import summary, targets
from .progress import Progress
from .targets import UsageError

log = logging.getLogger("paper2book")
BOOK_FORMATS = ("epub", "pdf")


def check(args: argparse.Namespace) -> None:
    """Usage errors, before any work."""
    if args.split:
        raise UsageError("--site makes its own pages and an issue's books; it does not go with --split")
    if args.output is not None:
        raise UsageError("--site OUT names the site's folder; it does not go with -o")
    if not args.inputs:
        raise targets.no_input()
    if "-" in args.inputs:
        raise UsageError("--site reads files and folders, not standard input")
    other = [f for f in args.formats or () if f not in BOOK_FORMATS]
    if other:
        raise UsageError(f"--site links each issue's EPUB and PDF; {', '.join(other)} is not one of them")
    if args.validate:
        raise UsageError("--validate goes with single books and --split, not with --site")
    folder = Path(args.site)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise UsageError(f"--site {args.site}: names a folder for the site, and this is a file")


def convert(args: argparse.Namespace, options: RenderOptions, job: JobOptions, punctuation: bool,
            handler: _CliHandler, started: float) -> int:
    from ..site.build import SiteReport, SiteSpec, build
    from ..site.month import MonthResult

    check(args)
    if options.identifier:
        raise ConfigError(f"identifier {options.identifier!r} would be every issue book's; "
                          "leave it unset with --site")
    formats = {name: registry.extension(name) for name in dict.fromkeys(args.formats or ())}
    spec = SiteSpec(inputs=list(args.inputs), folder=Path(args.site), options=options, job=job,
                    punctuation=punctuation, formats=formats, force=args.force, title=options.title)
    progress = Progress.for_terminal(args.quiet)
    handler.progress = progress
    total = [0]

    def on_start(n: int) -> None:
        total[0] = n
        if n:
            progress.job(0, n, 0.0, unit="months")

    def on_done(result: MonthResult, report: SiteReport) -> None:
        if result.trace and args.verbose:
            progress.close()
            print(result.trace, file=sys.stderr, end="")
        progress.job(report.months_made + report.failed, total[0], time.perf_counter() - started,
                     unit="months")

    try:
        report = build(spec, on_stage=progress.stage, on_start=on_start, on_done=on_done)
    finally:
        progress.close()
    if not args.quiet:
        books = ""
        if report.books is not None:
            books = f", {report.books.written:,} books written ({report.books.up_to_date:,} up to date)"
        print(f"paper2book: site {args.site}: {report.written:,} files written, {report.removed:,} removed, "
              f"{report.months_made:,} months made, {report.months_up_to_date:,} up to date, "
              f"{report.failed:,} failed{books}: {summary.Counts(*report.counts).label()} in "
              f"{summary.seconds_label(time.perf_counter() - started)}", file=sys.stderr)
    return 1 if report.failed else 0
