"""Finding CJK fonts through fontconfig, shared by the PDF and EPUB backends.

WeasyPrint draws tofu silently when no CJK font is installed, so every
backend that sets Chinese text asks here first and stops with a clear
message instead.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from .config.schema import FONT_ROLES
from .errors import BackendError

INSTALL_HINT = "install a CJK font, e.g. on Debian/Ubuntu: apt-get install fonts-noto-cjk"


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
