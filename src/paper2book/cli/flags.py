"""The command's flags: the parser, and the checks of each flag's value.

Every value is checked here with the schema's own validators (config/schema.py,
config/values.py), so a wrong one is a usage error (exit 2) before any work,
and a misspelt flag or named value gets the nearest one suggested.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NoReturn, TypeVar

from ..config import CONFIG_NAME, schema, values
from ..errors import Paper2BookError
from ..version import __version__

T = TypeVar("T")

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
    p = Parser(
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
    p.add_argument("--strict", action="store_true",
                   help="a .txt in an input folder that is no dump stops the run (by default "
                        "it is skipped with a warning)")
    p.add_argument("--keep-punctuation", action="store_const", const=False, dest="punctuation",
                   help="keep ASCII punctuation as the dump has it")
    p.add_argument("--config", metavar="FILE",
                   help=f"config file (default: {CONFIG_NAME} beside the first input, or here)")
    p.add_argument("--print-config", action="store_true",
                   help="print every setting in force (defaults, file, flags) as a commented "
                        "config file and exit")
    layout = p.add_argument_group("layout")
    layout.add_argument("--paper", metavar="SIZE", type=paper, help=schema.cli_help("paper"))
    layout.add_argument("--columns", type=int, choices=(1, 2, 3), help=schema.cli_help("columns"))
    layout.add_argument("--theme", metavar="NAME|DIR", type=theme, help=schema.cli_help("theme"))
    layout.add_argument("--templates", metavar="DIR", type=Path, help=schema.cli_help("templates"))
    layout.add_argument("--embed-fonts", action="store_const", const=True,
                        help=schema.cli_help("embed_fonts"))
    layout.add_argument("--pdf-variant", metavar="VARIANT", type=_pdf_variant,
                        help=schema.cli_help("pdf_variant"))
    layout.add_argument("--strict-glyphs", action="store_const", const=True,
                        help=schema.cli_help("strict_glyphs"))
    edition = p.add_argument_group("editions (one per run)")
    edition.add_argument("--script", type=one_of(schema.SCRIPTS), metavar=_braced(schema.SCRIPTS),
                         help=schema.cli_help("script"))
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
    job.add_argument("--split", type=one_of(schema.SPLITS), metavar=_braced(schema.SPLITS),
                     help=schema.cli_help("split"))
    job.add_argument("--jobs", "-j", type=_checked(schema.jobs, int), metavar="N",
                     help=schema.cli_help("jobs"))
    job.add_argument("--scheduler", type=_checked(schema.scheduler, str), metavar="tcp://HOST:PORT",
                     help=schema.cli_help("scheduler") + "; pip install 'paper2book[distributed]'")
    job.add_argument("--force", action="store_true",
                     help="with --split or --site: make every book and page again, also those up to date")
    job.add_argument("--site", metavar="OUT/",
                     help="make the archive a static site in OUT: calendars, issue pages, full-text "
                          "search; with --epub/--pdf also each issue's book (no book without them)")


def _checked(check: Callable[[T], T], kind: Callable[[str], T]) -> Callable[[str], T]:
    def parse(value: str) -> T:
        try:
            return check(kind(value))
        except (ValueError, Paper2BookError) as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return parse


def _pdf_variant(value: str) -> str:
    try:
        return schema.pdf_variant(value)
    except Paper2BookError as e:
        raise argparse.ArgumentTypeError(hinted(str(e), nearest(value, schema.PDF_VARIANTS))) from None


def nearest(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the known word closest to ``word``, or nothing."""
    by_case = {k.lower(): k for k in known}
    close = difflib.get_close_matches(word.lower(), list(by_case), n=1, cutoff=0.6)
    return f" (did you mean {by_case[close[0]]!r}?)" if close else ""


def hinted(message: str, hint: str) -> str:
    """``message`` with the hint after what was wrong, before the list of what is right."""
    first, sep, rest = message.partition("; ")
    return f"{first}{hint}{sep}{rest}"


def _braced(choices: Sequence[str]) -> str:
    return "{" + ",".join(choices) + "}"


def one_of(choices: Sequence[str]) -> Callable[[str], str]:
    """A flag's value that must be one of ``choices``; a slip gets the nearest suggested."""
    def parse(value: str) -> str:
        if value in choices:
            return value
        # argparse's own wording for a choice, with the nearest one suggested.
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r}{nearest(value, choices)} "
                                         f"(choose from {', '.join(choices)})")
    return parse


def paper(value: str) -> str:
    """``--paper``: a size the schema knows, of a sheet's size (values.page_room's bounds)."""
    try:
        width, height = values.paper_mm(value)      # values.paper_size: the schema's check
    except Paper2BookError as e:
        names = sorted(set(values.PAPER_NAMES.values()))
        hint = nearest(" ".join(value.split()), names + [f"{n} landscape" for n in names])
        raise argparse.ArgumentTypeError(hinted(str(e), hint)) from None
    low, high = values.MIN_PAPER_MM, values.MAX_PAPER_MM
    if not (low <= width <= high and low <= height <= high):
        raise argparse.ArgumentTypeError(f"paper {value!r} is {width:g}×{height:g} mm; each side must "
                                         f"be {low:g} to {high:g} mm")
    return value


def theme(value: str) -> str:
    """``--theme``: a built-in theme's name or a folder that exists."""
    from ..theme import builtin_themes  # Jinja: only when --theme is given

    known = builtin_themes()
    if value in known or os.path.isdir(value):
        return value
    raise argparse.ArgumentTypeError(f"unknown theme {value!r}{nearest(value, known)}; known themes: "
                                     f"{', '.join(known)}, or a theme's folder")


class Parser(argparse.ArgumentParser):
    """argparse's parser, with the nearest flag suggested for one it does not know (Python
    3.11's argparse suggests nothing)."""

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.unknown(extras)
        return parsed

    def unknown(self, extras: list[str]) -> NoReturn:
        flags = [f for f in self._option_string_actions if f.startswith("--")]
        hints = "".join(nearest(e.split("=", 1)[0], flags) for e in extras if e.startswith("--"))
        self.error(f"unrecognized arguments: {' '.join(extras)}{hints}")


