"""The ``paper2book`` command."""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from .. import config, registry, reporting
from ..config import CONFIG_NAME, schema
from ..config.options import JobOptions, RenderOptions
from ..errors import Paper2BookError, UsageError
from ..log import configure_cli
from ..version import __version__
from . import checks, summary, targets
from .progress import Progress

log = logging.getLogger("paper2book")

# Subcommands: name -> (module with build_parser() and main(argv), what it does).
COMMANDS = {
    "doctor": ("paper2book.cli.doctor", "check this machine's fonts and libraries"),
    "serve": ("paper2book.cli.serve", "serve a --site folder over HTTP, read-only"),
}

USAGE = "\n       ".join([
    "%(prog)s [options] INPUT ...",
    f"%(prog)s {' | '.join(COMMANDS)} [-h]",
    "%(prog)s help [COMMAND]",
])

DESCRIPTION = (
    "Turn e-newspaper reader dumps (电子报阅读机) into EPUB, PDF, HTML or JSON.\n\n"
    "commands:\n"
    + "".join(f"  {name:22}{what}\n" for name, (_, what) in COMMANDS.items())
    + f"  {'help [COMMAND]':22}this help, or a command's\n")

EPILOG = """\
examples:
  paper2book issue.txt --epub           write issue.epub beside issue.txt
  paper2book issue.txt --epub --pdf     both formats
  paper2book dumps/ --pdf -o paper.pdf  every *.txt in dumps/, one book
  paper2book a.txt b.txt --json -o -    the document model on stdout
  cat issue.txt | paper2book - --epub -o issue.epub
  paper2book issue.txt --pdf --paper A5 --columns 1
  paper2book archive/ --split month --epub -o books/
                                        a book per month; again: what changed
  paper2book archive/ --site site/      the archive as a site: calendars, search
  paper2book doctor                     what this machine has, what to install
  paper2book serve site/                the site on http://127.0.0.1:8000/
  paper2book serve site/ --host 0.0.0.0 --port 8080
                                        and to the network, read-only

A run ends with one line on stderr: the files written (size; pages of a PDF),
what went in (issues, 版面, articles) and the time taken; -q leaves it out.

exit status: 0 done, 1 bad input or failed output, 2 usage error
"""

SHORTCUTS = ("epub", "pdf", "json", "html")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="paper2book", usage=USAGE, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="dump files, folders (their *.txt) or - for standard input")
    fmt = p.add_argument_group("output formats (default: --epub)")
    for name in SHORTCUTS:
        fmt.add_argument(f"--{name}", action="append_const", const=name, dest="formats",
                         help=f"write the {name.upper()} backend's output")
    fmt.add_argument("--to", action="append", dest="formats", metavar="NAME",
                     help="write with any registered backend (see --list-backends)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="output file (one format), path stem (several) or folder (default names "
                        "inside); - for stdout")
    p.add_argument("--force-name", action="store_true",
                   help="keep -o's name even when its extension is another format's")
    p.add_argument("--title", help=schema.cli_help("title"))
    p.add_argument("--keep-punctuation", action="store_const", const=False, dest="punctuation",
                   help="keep ASCII punctuation as the dump has it")
    p.add_argument("--config", metavar="FILE",
                   help=f"config file (default: {CONFIG_NAME} beside the first input, or here)")
    p.add_argument("--print-config", action="store_true",
                   help="print every setting in force (defaults, file, flags) as a commented "
                        "config file and exit")
    layout = p.add_argument_group("layout")
    layout.add_argument("--paper", metavar="SIZE", help=schema.cli_help("paper"))
    layout.add_argument("--columns", type=int, choices=(1, 2, 3), help=schema.cli_help("columns"))
    layout.add_argument("--theme", metavar="NAME|DIR", help=schema.cli_help("theme"))
    layout.add_argument("--templates", metavar="DIR", type=Path, help=schema.cli_help("templates"))
    layout.add_argument("--embed-fonts", action="store_const", const=True,
                        help=schema.cli_help("embed_fonts"))
    layout.add_argument("--pdf-variant", metavar="VARIANT", type=_pdf_variant,
                        help=schema.cli_help("pdf_variant"))
    layout.add_argument("--strict-glyphs", action="store_const", const=True,
                        help=schema.cli_help("strict_glyphs"))
    edition = p.add_argument_group("editions (one per run)")
    edition.add_argument("--script", choices=schema.SCRIPTS, help=schema.cli_help("script"))
    edition.add_argument("--vertical", action="store_const", const="vertical", dest="writing_mode",
                         help="set vertically, columns right to left; the PDF is printed "
                              "by Chromium (config writing_mode: vertical)")
    _add_job_flags(p)
    p.add_argument("--validate", "--check", action="store_true", dest="validate",
                   help="check what was written: EPUB with EPUBCheck (needs Java), "
                        "PDF with pdfua (PDF/UA-1 subset)")
    p.add_argument("--list-backends", action="store_true", help="list output backends and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="count", default=0, help="print more")
    p.add_argument("--version", action="version", version=f"paper2book {__version__}")
    return p


def _add_job_flags(p: argparse.ArgumentParser) -> None:
    """--split and what goes with it: cli/split.py runs such a job (jobs/)."""
    job = p.add_argument_group("archives: one book per issue, month or year")
    job.add_argument("--split", choices=schema.SPLITS, help=schema.cli_help("split"))
    job.add_argument("--jobs", "-j", type=_checked(schema.jobs, int), metavar="N",
                     help=schema.cli_help("jobs"))
    job.add_argument("--scheduler", type=_checked(schema.scheduler, str), metavar="tcp://HOST:PORT",
                     help=schema.cli_help("scheduler") + "; pip install 'paper2book[distributed]'")
    job.add_argument("--force", action="store_true",
                     help="with --split or --site: make every book and page again, also those up to date")
    job.add_argument("--site", metavar="OUT/",
                     help="make the archive a static site in OUT: calendars, issue pages, full-text "
                          "search; with --epub/--pdf also each issue's book (no book without them)")


def _checked(check, kind):
    def parse(value: str):
        try:
            return check(kind(value))
        except (ValueError, Paper2BookError) as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return parse


def _pdf_variant(value: str) -> str:
    try:
        return schema.pdf_variant(value)
    except Paper2BookError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["help"]:
        return _help(argv[1:])
    if argv[:1] and argv[0] in COMMANDS:
        return import_module(COMMANDS[argv[0]][0]).main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = configure_cli(-1 if args.quiet else args.verbose)
    if sys.stdout is None and (args.output == "-" or args.list_backends or args.print_config):
        log.error("standard output is closed; name a file with -o")
        return 1
    try:
        return _run(args, handler, started)
    except UsageError as e:
        parser.error(str(e))
    except Paper2BookError as e:
        log.error("%s", e)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``| head``): nothing to say, and Python's own
        # flush at exit must not fail on the broken pipe either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:  # a bug of ours: one line, the traceback only with -v
        return _internal_error(e, args.verbose)


def _help(topic: list[str]) -> int:
    """``paper2book help`` and ``paper2book help COMMAND``."""
    if not topic:
        build_parser().print_help()
        return 0
    if topic[0] not in COMMANDS:
        build_parser().error(f"no command {topic[0]!r}; commands: {', '.join(COMMANDS)}")
    import_module(COMMANDS[topic[0]][0]).build_parser().print_help()
    return 0


def _run(args: argparse.Namespace, handler, started: float) -> int:
    if args.list_backends:
        return _list_backends()
    options, job, punctuation, cfg = _options(args)
    if args.print_config:
        from ..config import printout  # imports the theme machinery (Jinja): only here

        print(printout.render(options, job, punctuation, cfg.path), end="")
        return 0
    if args.site is not None:
        from . import site  # the site machinery is loaded for --site only

        return site.convert(args, options, job, punctuation, handler, started)
    if job.split:
        from . import split  # the job machinery is loaded for a split only

        return split.convert(args, options, job, punctuation, handler, started)
    if args.force:
        raise UsageError("--force goes with --split or --site (a single book is always made)")
    plan, files = _plan_outputs(args, options)
    return _convert(args, plan, files, options, job, punctuation, handler, started)


def _list_backends() -> int:
    for name in registry.names():
        try:
            backend = registry.get(name)
            print(f"{name:8} {backend.extension:6} {backend.description}")
        except Paper2BookError as e:
            print(f"{name:8} {'?':6} unavailable: {e}")
    return 0


def _internal_error(e: Exception, verbose: int) -> int:
    log.error("internal error: %s: %s%s", type(e).__name__, e,
              "" if verbose else " (run again with -v for details)")
    if verbose:
        import traceback

        traceback.print_exc()
    return 1


def _options(args: argparse.Namespace) -> tuple[RenderOptions, JobOptions, bool, config.Config]:
    path = config.find(args.config, args.inputs)
    cfg = config.load(path) if path else config.Config()
    flags = {"title": args.title, "paper": args.paper, "columns": args.columns,
             "theme": args.theme, "templates": args.templates, "embed_fonts": args.embed_fonts,
             "pdf_variant": args.pdf_variant, "strict_glyphs": args.strict_glyphs,
             "script": args.script, "writing_mode": args.writing_mode,
             "split": args.split, "jobs": args.jobs, "scheduler": args.scheduler}
    options = config.options_from(cfg, flags)
    job = config.job_options_from(cfg, flags)
    punctuation = (cfg.get("punctuation", schema.DEFAULTS["punctuation"])
                   if args.punctuation is None else args.punctuation)
    return options, job, punctuation, cfg


def _plan_outputs(args: argparse.Namespace,
                  options: RenderOptions) -> tuple[dict[str, Path | None], list[str]]:
    """Each format's target (None: stdout) and the files to read; usage errors, an output
    that is an input and an unknown theme stop here, before any work."""
    from ..reader.files import expand_inputs

    if not args.inputs:
        raise UsageError("no INPUT given")
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


def _convert(args: argparse.Namespace, plan: dict[str, Path | None], files: list[str],
             options: RenderOptions, job: JobOptions, punctuation: bool, handler,
             started: float) -> int:
    from ..api import read

    progress = Progress.for_terminal(args.quiet)
    handler.progress = progress
    try:
        with reporting.watched_by(progress):
            book = read(files, normalize_punctuation=punctuation, title=options.title,
                        progress=progress.update)
            render = _renderer(book, plan, job)
            if None in plan.values():               # -o -: one format, on stdout
                (name,) = plan
                done = _to_stdout(book, name, options, render, progress, args.validate)
                written, valid = [done.output], done.valid
            else:
                written = _write_files(book, plan, options, render, progress,
                                       targets.default_names(args.output))
                valid = True
                for name, out in zip(plan, written, strict=True):    # checked once all have landed
                    if args.validate and not _check(name, out.path, progress):
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


def _renderer(book, plan: dict[str, Path | None], job: JobOptions) -> Callable[..., dict]:
    """``render(book, name, path, options)``: jobs/volume.py's, which typesets a volume's PDF
    on the workers, when there is one to make; else the API's, without loading the job
    machinery (16 ms of imports)."""
    if len(book.issues) > 1 and "pdf" in plan:
        from ..jobs import volume

        return functools.partial(volume.render, jobs=job.jobs, scheduler=job.scheduler)
    from ..api import render

    return render


def _write_files(book, plan: dict[str, Path | None], options: RenderOptions, render,
                 progress: Progress, default_names: bool) -> list[summary.Output]:
    """Every format, landing together (output.transaction): a failure in any leaves none
    written and older files as they were.  ``default_names``: the CLI chose the names, so
    a link or device found there is refused rather than written through."""
    from ..output import transaction

    made: list[tuple[Path, Path, dict]] = []
    with transaction() as tx:
        for name, target in plan.items():
            progress.stage(f"writing {name.upper()}…")
            tmp = tx.path_for(target, plain=default_names)
            made.append((target, tmp, render(book, name, tmp, options)))
            progress.close()
        sizes = [tmp.stat().st_size for _, tmp, _ in made]
    for target, _, _ in made:
        log.info("wrote %s", target)
    return [summary.Output(target, size, facts.get("pages"))
            for (target, _, facts), size in zip(made, sizes, strict=True)]


@dataclass(frozen=True)
class _Done:
    """What went to stdout: the summary's Output, and whether --validate passed."""

    output: summary.Output
    valid: bool


def _check(name: str, path: Path, progress: Progress, shown: str | None = None) -> bool:
    progress.stage(f"checking {name.upper()}…")
    return checks.check(name, path, shown, before_printing=progress.close)


def _to_stdout(book, name: str, options: RenderOptions, render, progress: Progress,
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
    return _Done(summary.Output(None, len(data), facts.get("pages")), valid)
