"""``--validate``: the checker of each format, run on the file just written.

EPUB is checked with EPUBCheck, PDF with pdfua.  Asking to validate
outputs none of which has a checker is a usage error; a checker that
applies but is not installed is a warning, and the file is left unchecked.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from . import epubcheck, pdfua
from .epubcheck import Report

log = logging.getLogger("paper2book")


@dataclass(frozen=True)
class Checker:
    label: str                              # names the checker in its verdict line
    available: Callable[[], str | None]     # None, or what is missing
    run: Callable[[Path], Report]


CHECKERS = {
    "epub": Checker("EPUBCheck", epubcheck.available, epubcheck.epubcheck),
    "pdf": Checker("pdfua (PDF/UA-1 subset)", pdfua.available, pdfua.pdfua),
}


def refuse_nothing_to_check(formats: Iterable[str]) -> None:
    formats = list(formats)
    if not any(name in CHECKERS for name in formats):
        known = ", ".join(f"{name.upper()} ({c.label.split()[0]})" for name, c in CHECKERS.items())
        raise UsageError(f"--validate: no checker for {', '.join(n.upper() for n in formats)}; "
                         f"it checks {known}")


def check(name: str, path: Path, shown: str | None = None,
          before_printing: Callable[[], None] = lambda: None) -> bool:
    """Check ``path`` (named ``shown`` in messages); False when the checker found errors.

    ``before_printing`` runs once the checker is done, before its report (the CLI
    clears its progress line there).
    """
    checker = CHECKERS.get(name)
    if checker is None:
        return True
    shown = shown or str(path)
    missing = checker.available()
    if missing:
        log.warning("--validate: %s cannot run: %s; %s not checked", checker.label, missing, shown)
        return True
    report = checker.run(path)
    before_printing()
    for m in report.messages:
        print(f"{shown}: {m}", file=sys.stderr)
    verdict = "valid" if report.clean else "NOT valid"
    print(f"{checker.label}: {shown}: {verdict} ({report.fatals} fatal, {report.errors} errors, "
          f"{report.warnings} warnings)", file=sys.stderr)
    return report.fatals == 0 and report.errors == 0
