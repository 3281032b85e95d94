"""Finding CJK fonts through fontconfig, shared by the PDF and EPUB backends.

WeasyPrint draws tofu silently when no CJK font is installed, so every
backend that sets Chinese text asks here first and stops with a clear
message instead.  ``coverage`` says which characters any installed font
has, so the PDF can find the ones none has before it lays anything out.
"""

from __future__ import annotations

import bisect
import functools
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from .config.schema import FALLBACK_FONTS, FONT_ROLES
from .errors import BackendError

INSTALL_HINT = "install a CJK font, e.g. on Debian/Ubuntu: apt-get install fonts-noto-cjk"
# The Debian package of each family in schema.FALLBACK_FONTS (scripts/setup.sh installs them).
FALLBACK_PACKAGES = {"HanaMinB": "fonts-hanazono", "Symbola": "fonts-symbola",
                     "BabelStone Han": "fonts-babelstone-han"}
assert set(FALLBACK_PACKAGES) == set(FALLBACK_FONTS)


class MissingFontError(BackendError):
    pass


@dataclass(frozen=True)
class FontFile:
    family: str
    path: str
    index: int
    style: str


@functools.lru_cache(maxsize=1)
def cjk_fonts() -> tuple[FontFile, ...]:
    """Every installed font that covers Simplified Chinese, as fontconfig sees it."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family", "file", "index", "style"],
            capture_output=True, text=True, timeout=30, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in out.splitlines():
        # "path: family1,family2:style=Regular,...:index=3"
        path, _, rest = line.partition(": ")
        fields = dict(part.split("=", 1) for part in rest.split(":")[1:] if "=" in part)
        family = rest.split(":")[0].split(",")[0].strip()
        if not path or not family:
            continue
        fonts.append(FontFile(
            family=family,
            path=path.strip(),
            index=int(fields.get("index", "0") or 0),
            style=fields.get("style", "").split(",")[0],
        ))
    fonts.sort(key=lambda f: (f.family, f.style != "Regular", f.path, f.index))
    return tuple(fonts)


def default_family(kind: str) -> str:
    """The schema's default family of the first font role of ``kind`` (serif or sans)."""
    return next((r.default for r in FONT_ROLES if r.kind == kind), FONT_ROLES[0].default)


def role_families() -> dict[str, str]:
    """The installed CJK family each font role falls back to, by role."""
    return {r.name: find_cjk_font(r.kind, r.default).family for r in FONT_ROLES}


def find_cjk_font(kind: str = "serif", family: str | None = None,
                  style: str = "Regular") -> FontFile:
    """The font file for ``family`` (default: the schema's for ``kind``), else any CJK font.

    Raises MissingFontError, naming what to install, when there is no CJK font at all.
    """
    fonts = cjk_fonts()
    if not fonts:
        raise MissingFontError(f"no CJK font found (fontconfig lists none for zh-cn); {INSTALL_HINT}")
    wanted = family or default_family(kind)
    for pick in (
        lambda f: f.family == wanted and f.style == style,
        lambda f: f.family == wanted,
        lambda f: kind in f.family.lower() and f.style == style,
        lambda f: f.style == style,
        lambda f: True,
    ):
        for f in fonts:
            if pick(f):
                return f
    raise AssertionError("unreachable")  # pragma: no cover


def has_cjk_font() -> bool:
    return bool(cjk_fonts())


@dataclass(frozen=True)
class Coverage:
    """Code points some font of a set has, and the set's families."""
    starts: tuple[int, ...]      # sorted, disjoint ranges: starts[i]..ends[i]
    ends: tuple[int, ...]
    families: frozenset[str]

    def covers(self, ch: str) -> bool:
        i = bisect.bisect_right(self.starts, ord(ch)) - 1
        return i >= 0 and ord(ch) <= self.ends[i]

    @classmethod
    def parse(cls, out: str) -> Coverage:
        """fontconfig's ``%{family}\\t%{charset}`` lines (charset ``20-7e a0-36f 2026``)."""
        ranges: list[tuple[int, int]] = []
        families: set[str] = set()
        for line in out.splitlines():
            names, _, charset = line.partition("\t")
            families.update(n.strip() for n in names.split(",") if n.strip())
            for part in charset.split():
                first, _, last = part.partition("-")
                try:
                    ranges.append((int(first, 16), int(last or first, 16)))
                except ValueError:
                    continue
        starts: list[int] = []
        ends: list[int] = []
        for lo, hi in sorted(ranges):
            if ends and lo <= ends[-1] + 1:
                ends[-1] = max(ends[-1], hi)
            else:
                starts.append(lo)
                ends.append(hi)
        return cls(tuple(starts), tuple(ends), frozenset(families))


_FORMAT = "%{family}\t%{charset}\n"


def _fontconfig(*args: str) -> Coverage | None:
    if shutil.which(args[0]) is None:
        return None
    try:
        out = subprocess.run(list(args), capture_output=True, text=True, timeout=30,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return Coverage.parse(out)


@functools.lru_cache(maxsize=1)
def coverage() -> Coverage | None:
    """What all installed fonts cover, asked of fontconfig once; None if it cannot tell."""
    return _fontconfig("fc-list", "--format", _FORMAT)


@functools.lru_cache(maxsize=8)
def family_coverage(family: str) -> Coverage | None:
    """What the font fontconfig picks for ``family`` covers: one font, quick to read."""
    return _fontconfig("fc-match", "--format", _FORMAT, family)


def uncovered(chars: Iterable[str], family: str) -> list[str] | None:
    """Those of ``chars`` that no installed font has; None if fontconfig cannot tell.

    Most text is in the body font, so only what it lacks is looked up among all
    fonts (reading every font's coverage takes ~0.1 s).
    """
    first = family_coverage(family)
    if first is None:
        return None
    rest = [c for c in chars if not first.covers(c)]
    if not rest:
        return []
    every = coverage()
    return None if every is None else [c for c in rest if not every.covers(c)]


def missing_fallbacks() -> list[str]:
    """The Debian packages of the fallback families fontconfig does not list."""
    cov = coverage()
    families = cov.families if cov else frozenset()
    return [pkg for fam, pkg in FALLBACK_PACKAGES.items() if fam not in families]


# A font stack ending in a generic family, in a font-family declaration or a
# custom property (``--cjk-serif: "Noto Serif CJK SC", …, serif;``).
_STACK = re.compile(r"""((?:font-family|--[\w-]+)\s*:\s*[^;{}]*["'][^;{}]*?,\s*)"""
                    r"(serif|sans-serif|monospace|cursive|fantasy|system-ui)(\s*[;}])")


def with_fallbacks(css: str, families: list[str]) -> str:
    """``css`` with ``families`` just before the generic family of every named font stack.

    The EPUB and HTML themes' stacks then end as the PDF's do, so a reader that
    has the fallback fonts draws rare ideographs and emoji with them.
    """
    if not families:
        return css

    def add(m: re.Match) -> str:
        missing = [f for f in families if f'"{f}"' not in m.group(1)]
        return m.group(1) + "".join(f'"{f}", ' for f in missing) + m.group(2) + m.group(3)
    return _STACK.sub(add, css)
