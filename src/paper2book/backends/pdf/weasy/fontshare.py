"""One subset of each font for every part of a volume, so the merged PDF embeds it once.

A volume is typeset issue by issue (volume.py) and merged.  WeasyPrint cuts
each font down to the glyphs its own render drew, so thirty parts would
carry thirty different subsets of the same font, and the merged file about
thirty times its fonts.  With ``Session.shared_text`` set (every character
of the volume), a render's subset of a font also keeps the glyph of each of
those characters: every part then embeds the same font program, byte for
byte, and the merge keeps one copy (merge.py).

Shaping draws some glyphs no character maps to: "——" as one long dash, "—"
in its Chinese form.  So the subset also keeps what the font's substitutions
(``_FEATURES``) make of the text's punctuation and symbols; ideographs are
left out of that closure (their substitutions are other regions' forms, a
second per font to find).  A part that still draws a glyph outside (another
language's forms) gets a subset of its own, kept as its own: bigger, never
wrong.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fontTools import subset as _subset
from fontTools.ttLib import TTFont

if TYPE_CHECKING:
    from . import Session


def install(session: Session, _original: Callable) -> tuple[Callable]:
    def shared_subset(self: Any, to_unicode: Any, hinting: Any) -> Any:
        if session.shared_text and to_unicode and not self.bitmap:
            extra = _glyphs(_key(self.file_content), self.index, session.shared_text,
                            self.file_content)
            # Only the glyph ids matter to the subsetter; the text maps stay the render's own.
            to_unicode = {**dict.fromkeys(extra, ""), **to_unicode}
        return _original(self, to_unicode, hinting)
    return (shared_subset,)


def warm(files: list[tuple[str, int]], text: str) -> None:
    """Find what ``subset`` keeps of ``text`` for these font files (path, face index) now,
    before a layout holds its pages: WeasyPrint subsets its fonts last, when a render's
    memory is at its peak, and reading a CJK font's tables costs a worker 100 MB more."""
    for path, index in files:
        try:
            content = Path(path).read_bytes()
        except OSError:
            continue                    # the render finds out for itself
        _glyphs(_key(content), index, text, content)


def _key(content: bytes) -> tuple[int, bytes]:
    """Cheap and sure enough to tell font files apart: their size and their first and last 64 KiB."""
    return len(content), hashlib.sha256(content[:65536] + content[-65536:]).digest()


# A worker typesets several parts with the same few fonts: each cmap is read once
# (a fifth of a second for a CJK collection).  Keyed without the font's bytes, so the cache
# holds no font file.
_CMAPS: dict[tuple[tuple[int, bytes], int], dict[int, int]] = {}
_KEEP = 16


_CLOSURES: dict[tuple[tuple[int, bytes], int, str], set[int]] = {}
# What HarfBuzz applies to horizontal text by default, that substitutes glyphs.
_FEATURES = ["ccmp", "locl", "rlig", "calt", "liga", "clig"]


def _glyphs(key: tuple[int, bytes], index: int, text: str, content: bytes) -> list[int]:
    font = None
    cmap = _CMAPS.get((key, index))
    if cmap is None:
        font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
        cmap = {cp: font.getGlyphID(name) for cp, name in font.getBestCmap().items()}
        if len(_CMAPS) >= _KEEP:
            _CMAPS.clear()
        _CMAPS[(key, index)] = cmap
    marks = "".join(ch for ch in text if _substituted(ord(ch)))
    closure = _CLOSURES.get((key, index, marks))
    if closure is None:
        font = font or TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
        closure = _closure(font, marks)
        if len(_CLOSURES) >= _KEEP:
            _CLOSURES.clear()
        _CLOSURES[(key, index, marks)] = closure
    return sorted({cmap[cp] for cp in map(ord, text) if cp in cmap} | closure)


def _substituted(cp: int) -> bool:
    """Punctuation and symbols, not ideographs, kana or hangul (see the module's text)."""
    return cp < 0x3040 or 0xFE00 <= cp <= 0xFFEF


def _closure(font: TTFont, text: str) -> set[int]:
    """The glyphs the font's substitutions make of ``text``'s characters."""
    from . import usable

    # fontTools has no public closure: without its private one, a part that draws a
    # substituted glyph gets a subset of its own (module text).
    if "GSUB" not in font or not usable("closure"):
        return set()
    subsetter = _subset.Subsetter(_subset.Options(layout_features=_FEATURES))
    subsetter.populate(unicodes=sorted(set(map(ord, text))))
    subsetter._closure_glyphs(font)
    return {font.getGlyphID(name) for name in subsetter.glyphs_retained}
