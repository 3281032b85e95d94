"""The command's single book: where each format goes, the conversion, and its summary line.

Every format lands together (output.transaction), or goes to standard output
when ``-o -``; ``--validate`` checks each file once all have landed.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import registry, reporting
from ..config.options import JobOptions, RenderOptions
from ..errors import Paper2BookError
from ..log import _CliHandler
from ..model import Book
from . import checks, summary, targets
from .progress import Progress

log = logging.getLogger("paper2book")

# ``render(book, backend, path, options)``: api.render, or jobs/volume.render for a volume.
Render = Callable[[Book, str, Path, RenderOptions], Mapping[str, object]]

def plan_outputs(args: argparse.Namespace,
                  options: RenderOptions) -> tuple[dict[str, Path | None], list[str]]:
    """Each format's target (None: stdout) and the files to read; usage errors, an output
    that is an input and an unknown theme stop here, before any work."""
    from ..reader.files import expand_inputs

    if not args.inputs:
        raise targets.no_input()
    formats = targets.formats(args.formats, args.validate)
    plan = targets.plan(args.inputs, formats, args.output, force_name=args.force_name)
    # Folders expanded once, by the reader's own function: the outputs are compared with
    # exactly the files that are then read.
    files = expand_inputs(args.inputs)
    targets.refuse_overwriting_inputs(files, plan)
    if targets.default_names(args.output):
        targets.refuse_odd_default_targets(plan)
    from ..theme import load_theme  # Jinja: not for a split that has nothing to make

    load_theme(options.theme, options.templates)
    return plan, files


def convert(args: argparse.Namespace, plan: dict[str, Path | None], files: list[str],
            options: RenderOptions, job: JobOptions, punctuation: bool, handler: _CliHandler,
            started: float) -> int:
    from ..api import read

    progress = Progress.for_terminal(args.quiet)
    handler.progress = progress
    try:
        with reporting.watched_by(progress):
            book = read(files, normalize_punctuation=punctuation, title=options.title,
                        progress=progress.update, strict=args.strict)
            render = _renderer(book, plan, job)
            if None in plan.values():               # -o -: one format, on stdout
                (name,) = plan
                done = _to_stdout(book, name, options, render, progress, args.validate)
                written, valid = [done.output], done.valid
            else:
                files_plan = {name: target for name, target in plan.items() if target is not None}
                written = _write_files(book, files_plan, options, render, progress,
                                       targets.default_names(args.output))
                valid = True
                for name, target in files_plan.items():    # checked once all have landed
                    if args.validate and not _check(name, target, progress):
                        valid = False
    except BrokenPipeError:
        raise
    except OSError as e:    # stdout, or a file that is no output (those are OutputErrors)
        if isinstance(e, Paper2BookError):
            raise
        progress.close()
        if e.filename is None:
            log.error("<stdout>: cannot write: %s", e.strerror or e)
        else:
            log.error("%s: %s", e.filename, e.strerror or e)
        return 1
    finally:
        progress.close()
    if not args.quiet:
        seconds = time.perf_counter() - started
        print(summary.book_line(written, summary.Counts.of(book), seconds), file=sys.stderr)
    return 0 if valid else 1


def _renderer(book: Book, plan: Mapping[str, Path | None], job: JobOptions) -> Render:
    """``render(book, name, path, options)``: jobs/volume.py's, which typesets a volume's PDF
    on the workers, when there is one to make; else the API's, without loading the job
    machinery (16 ms of imports)."""
    if len(book.issues) > 1 and "pdf" in plan:
        from ..jobs import volume

        return functools.partial(volume.render, jobs=job.jobs, scheduler=job.scheduler,
                                 dask_timeout=job.dask_timeout)
    from ..api import render

    return render


def _write_files(book: Book, plan: dict[str, Path], options: RenderOptions, render: Render,
                 progress: Progress, default_names: bool) -> list[summary.Output]:
    """Every format, landing together (output.transaction): a failure in any leaves none
    written and older files as they were.  ``default_names``: the CLI chose the names, so
    a link or device found there is refused rather than written through."""
    from ..output import transaction

    made: list[tuple[Path, Path, Mapping[str, object]]] = []
    with transaction() as tx:
        for name, target in plan.items():
            progress.stage(f"writing {name.upper()}…")
            tmp = tx.path_for(target, plain=default_names)
            made.append((target, tmp, render(book, name, tmp, options)))
            progress.close()
        sizes = [tmp.stat().st_size for _, tmp, _ in made]
    for target, _, _ in made:
        log.info("wrote %s", target)
    return [_output(target, size, facts) for (target, _, facts), size in zip(made, sizes, strict=True)]


@dataclass(frozen=True)
class _Done:
    """What went to stdout: the summary's Output, and whether --validate passed."""

    output: summary.Output
    valid: bool


def _check(name: str, path: Path, progress: Progress, shown: str | None = None) -> bool:
    progress.stage(f"checking {name.upper()}…")
    return checks.check(name, path, shown, before_printing=progress.close)


def _to_stdout(book: Book, name: str, options: RenderOptions, render: Render, progress: Progress,
               validate: bool) -> _Done:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out{registry.get(name).extension}"
        facts = render(book, name, path, options)
        valid = not validate or _check(name, path, progress, "<stdout>")
        data = path.read_bytes()
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return _Done(_output(None, len(data), facts), valid)


def _output(path: Path | None, size: int, facts: Mapping[str, object]) -> summary.Output:
    """The summary's entry for a file, with the page counts its render reported."""
    def count(key: str) -> int | None:
        value = facts.get(key)
        return value if isinstance(value, int) else None

    return summary.Output(path, size, count("pages"), count("blank_pages"))
