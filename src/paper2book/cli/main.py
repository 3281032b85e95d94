"""The ``paper2book`` command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from importlib import import_module

from .. import config, registry
from ..config import schema
from ..config.options import JobOptions, RenderOptions
from ..errors import Paper2BookError, UsageError
from ..log import _CliHandler, configure_cli
from . import book
from .flags import COMMANDS, build_parser

log = logging.getLogger("paper2book")

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


def _run(args: argparse.Namespace, handler: _CliHandler, started: float) -> int:
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
    plan, files = book.plan_outputs(args, options)
    return book.convert(args, plan, files, options, job, punctuation, handler, started)


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


