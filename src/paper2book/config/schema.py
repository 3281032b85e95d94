"""Every option of ``paper2book.yaml``, declared once: type, default, check and help.

The config file is checked against these declarations, ``RenderOptions``
takes its defaults from them, ``--help`` and ``--print-config`` show their
help, and the backends read their fallbacks (paper, columns, font families)
here.  The checks are the validators in values.py, the ones the backends
call, so the command line, the config file and the Python API accept and
refuse the same values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from . import values


@dataclass(frozen=True)
class Option:
    """One value: its type, default, check and help.

    ``default`` None means "not set"; ``unset`` then says what happens instead
    (the theme decides, or the book's content does).  ``fallback`` is what the
    PDF uses when neither the user nor the theme sets paper or columns.
    """

    kind: type | tuple[type, ...]
    help: str
    default: Any = None
    unset: str | None = None
    fallback: Any = None
    check: Callable[[Any], Any] | None = None   # a values.py validator: raises ConfigError

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is refused, or None."""
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        if isinstance(value, bool) and bool not in kinds:
            return f"expected {_kind_name(kinds)}, got {value!r}"
        if not isinstance(value, kinds):
            return f"expected {_kind_name(kinds)}, got {type(value).__name__} {value!r}"
        if self.check is not None:
            try:
                self.check(value)
            except ConfigError as e:
                return str(e)
        return None

    def default_text(self) -> str:
        """The default as ``--help`` words it."""
        if self.unset:
            return self.unset
        return {True: "true", False: "false"}.get(self.default, str(self.default))


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", float: "a decimal number", bool: "true or false",
             dict: "a mapping"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


@dataclass(frozen=True)
class Table:
    """A mapping of options; with ``keyed_by``, one such mapping per free key (paper names).

    ``closed`` tables refuse an unknown key through that function (it raises
    ConfigError) instead of warning about it.
    """

    help: str
    options: dict[str, Option]
    keyed_by: str | None = None
    closed: Callable[[Mapping[str, Any]], Any] | None = None


@dataclass(frozen=True)
class PerBackend:
    """Settings handed to each backend by name, free-form: the backend checks its own."""

    help: str


# ------------------------------------------------------------------ font roles

@dataclass(frozen=True)
class FontRole:
    name: str
    default: str        # the family fontconfig is asked for first
    kind: str           # "serif" | "sans": what fontconfig is asked for when that family is missing
    help: str

    @property
    def generic(self) -> str:
        """The CSS generic family, last in every stack."""
        return "serif" if self.kind == "serif" else "sans-serif"


FONT_ROLES: tuple[FontRole, ...] = (
    FontRole("body", "Noto Serif CJK SC", "serif", "body text font family"),
    FontRole("heads", "Noto Sans CJK SC", "sans", "headline and heading font family"),
    FontRole("captions", "Noto Sans CJK SC", "sans", "caption font family"),
)
ROLES: dict[str, FontRole] = {r.name: r for r in FONT_ROLES}


def chosen_fonts(fonts: Mapping[str, str] | None) -> dict[str, str]:
    """The families the user chose, by role in FONT_ROLES order, each checked.

    Every backend and the config file go through here, so an unknown role is
    refused the same way everywhere.
    """
    fonts = fonts or {}
    unknown = [role for role in fonts if role not in ROLES]
    if unknown:
        raise ConfigError(f"unknown font role {', '.join(repr(str(r)) for r in unknown)}; "
                          f"known roles: {', '.join(ROLES)}")
    return {r.name: values.family(fonts[r.name], r.name) for r in FONT_ROLES if fonts.get(r.name)}


# Families tried, in order, after a role's own for the characters it lacks:
# CJK Extensions B to F (HanaMinB, fonts-hanazono), emoji and symbols in
# monochrome outlines (Symbola, fonts-symbola: colour emoji fonts are bitmaps,
# not outlines), Extension G and other rare ideographs (BabelStone Han,
# fonts-babelstone-han).  scripts/setup.sh installs them.
FALLBACK_FONTS = ("HanaMinB", "Symbola", "BabelStone Han")


def fallback_families(value: str | None) -> list[str]:
    """``"HanaMinB, Symbola"`` as checked family names; empty: none."""
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    return [values.family(n, "fallback_fonts") for n in names]


# The variants WeasyPrint 70 writes (weasyprint.pdf.VARIANTS, which a test
# keeps this equal to, less its broken "debug"); kept here so that checking a
# config does not import WeasyPrint.  "none": WeasyPrint's plain output, untagged.
PDF_VARIANTS = (
    "pdf/ua-1", "pdf/ua-2",
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b",
    "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u",
    "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g",
)
NO_VARIANT = "none"


def pdf_variant(value: str) -> str:
    if value != NO_VARIANT and value not in PDF_VARIANTS:
        raise ConfigError(f"unknown PDF variant {value!r}; use one of {', '.join(PDF_VARIANTS)}, "
                          f"or {NO_VARIANT} for an untagged PDF")
    return value


# ------------------------------------------------------------------ jobs

SPLITS = ("issue", "month", "year")
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://\S+")


def split(value: str) -> str:
    if value not in SPLITS:
        raise ConfigError(f"unknown split {value!r}; use one of {', '.join(SPLITS)}")
    return value


def jobs(value: int) -> int:
    if value < 1:
        raise ConfigError(f"jobs must be 1 or more, got {value}")
    return value


def scheduler(value: str) -> str:
    if not _ADDRESS.fullmatch(value):
        raise ConfigError(f"scheduler {value!r} is no address; write it as tcp://HOST:PORT")
    return value


def dask_timeout(value: float) -> float:
    if not 0 < value <= 86400:
        raise ConfigError(f"dask_timeout must be more than 0 and at most 86400 seconds, got {value}")
    return value


# ------------------------------------------------------------------ the schema

def _nonempty(value: str) -> None:
    if not value.strip():
        raise ConfigError("must not be empty")


WRITING_MODES = ("horizontal", "vertical")
SCRIPTS = ("traditional", "hk", "tw", "tw-phrases")     # editions/script.py SCRIPTS


def script(value: str) -> None:
    from ..editions.script import check

    check(value)


def writing_mode(value: str) -> None:
    if value not in WRITING_MODES:
        raise ConfigError(f"must be one of {', '.join(WRITING_MODES)}, not {value!r}")


PAGE_BREAKS = ("fill", "banmian")


def _page_breaks(value: str) -> None:
    if value not in PAGE_BREAKS:
        raise ConfigError(f"must be one of {', '.join(PAGE_BREAKS)}, not {value!r}")


FONTS = Table(
    "font families by role",
    {r.name: Option(str, r.help, default=r.default, check=functools.partial(values.family, role=r.name))
     for r in FONT_ROLES},
    closed=chosen_fonts,
)

NEWSPAPER = Table(
    "per paper, keyed by its name in the dump",
    {
        "display_name": Option(str, "name printed on masthead, cover and running heads",
                               check=_nonempty),
        "masthead_color": Option(str, "masthead colour, such as '#b3141b' or darkred",
                                 check=values.colour),
        "masthead_image": Option(str, "image file replacing the set masthead",
                                 check=_nonempty),
        "columns": Option(int, "this paper's PDF body columns; --columns beats it",
                          check=values.columns),
    },
    keyed_by="newspaper names",
)

SCHEMA: dict[str, Option | Table | PerBackend] = {
    "title": Option(str, "book title", unset="paper and date, or a date range",
                    check=values.plain_text),
    "author": Option(str, "book author", unset="the paper (bylines' authors become EPUB contributors)",
                     check=values.plain_text),
    "identifier": Option(str, "book identifier", unset="a UUID derived from the content",
                         check=values.plain_text),
    "language": Option(str, "book language, a BCP 47 tag", default="zh-CN", check=values.language),
    "script": Option(str, "convert to Traditional characters: traditional, hk, tw (character forms) "
                          "or tw-phrases (also Taiwan vocabulary)", unset="as the dump is",
                     check=script),
    "script_phrases": Option(str, "file of 'simplified traditional' pairs the conversion must keep "
                                  "(names, places)", unset="none", check=_nonempty),
    "writing_mode": Option(str, "EPUB and HTML: horizontal, or vertical (columns right to left)",
                           default="horizontal", check=writing_mode),
    "paper": Option(str, "PDF paper size: A3 A4 A5 A6 B4 B5 JIS-B5 letter legal (optionally "
                         "landscape), or WIDTHxHEIGHT such as 148mmx210mm",
                    unset="the theme's: newspaper A4, book A5", fallback="A4", check=values.paper_size),
    "margins": Option(str, "PDF page margins: top outer bottom inner (CSS order), mirrored on left pages",
                      unset="the theme's", check=values.margins),
    "columns": Option(int, "PDF body columns, 1 to 3",
                      unset="the theme's: newspaper 2, book 1", fallback=2, check=values.columns),
    "page_breaks": Option(str, "PDF: fill = a 版面 starts under the previous one when its band, "
                               "first head block and three lines fit; banmian = every 版面 "
                               "starts a new page", default="fill", check=_page_breaks),
    "recto_starts": Option(bool, "PDF of several issues: every issue begins on a right-hand page, "
                                 "after a blank verso where needed (true, for print); false: "
                                 "no blank pages, each issue on the next page", default=True),
    "fonts": FONTS,
    "fallback_fonts": Option(str, "families tried, in order, after each font role's for the "
                                  "characters it lacks (rare ideographs, emoji); comma-separated",
                             default=", ".join(FALLBACK_FONTS), check=fallback_families),
    "theme": Option(str, "theme: newspaper, book, or a folder",
                    default="newspaper", check=_nonempty),
    "templates": Option(str, "folder searched before the theme for templates and CSS",
                        unset="none", check=_nonempty),
    "punctuation": Option(bool, "ASCII punctuation next to Chinese becomes full-width; "
                                "false keeps the dump's", default=True),
    "embed_fonts": Option(bool, "EPUB: embed a subset of the body font", default=False),
    "pdf_variant": Option(str, "PDF profile, tagged: pdf/ua-1 (accessible), pdf/a-3b (archival) or "
                               "another WeasyPrint variant; none: untagged",
                          default="pdf/ua-1", check=pdf_variant),
    "strict_glyphs": Option(bool, "PDF: refuse to write when no installed font has a character "
                                  "(by default it is printed as 〓 with a warning)", default=False),
    "split": Option(str, f"one book per paper and {', '.join(SPLITS[:-1])} or {SPLITS[-1]}, "
                         "written into the -o folder", unset="one book of every input", check=split),
    "jobs": Option(int, "books made at once (processes)", unset="the machine's cores",
                   check=jobs),
    "scheduler": Option(str, "Dask scheduler to make the books on, such as tcp://host:8786",
                        unset="none, this machine's processes", check=scheduler),
    "dask_timeout": Option((int, float), "seconds to wait for the Dask scheduler to answer, for a "
                                         "worker to join it, and for one to be back when none is left",
                           default=30, check=dask_timeout),
    "newspapers": NEWSPAPER,
    "backends": PerBackend("settings handed to a backend, keyed by its name (see --list-backends)"),
}


def top_option(key: str) -> Option:
    """The top-level option ``key``, which is no table."""
    spec = SCHEMA[key]
    if not isinstance(spec, Option):
        raise TypeError(f"{key!r} is a table of options, not one")
    return spec


# The top-level options' defaults, by key (None: not set).
DEFAULTS: dict[str, Any] = {key: spec.default for key, spec in SCHEMA.items() if isinstance(spec, Option)}


def cli_help(key: str) -> str:
    """A flag's ``--help`` line: the option's help and its default."""
    spec = SCHEMA[key]
    assert isinstance(spec, Option), key
    return f"{spec.help} (default: {spec.default_text()})"

