"""Embedding a subset of the body font (``RenderOptions.embed_fonts``).

A whole Noto CJK face is 15-25 MB; the characters a book uses come to a few
hundred kilobytes.  Noto CJK ships as .ttc collections of CFF fonts, so the
face is picked by index and the subset is written as OpenType/CFF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ...fonts import find_cjk_font

FAMILY = "paper2book body"


@dataclass(frozen=True)
class EmbeddedFont:
    file_name: str       # inside the EPUB folder, e.g. fonts/body.otf
    media_type: str
    data: bytes
    source_family: str
    codepoints: tuple[int, ...] = ()     # what the subset has glyphs for, sorted

    def css(self, href: str) -> str:
        """The @font-face rule and the rule that puts the body text in it.

        ``unicode-range`` says what the subset covers: a reader that honours it
        never picks the subset for a character it lacks, and takes that one
        from the next family (the installed CJK font, then MuPDF's built-in
        "Source Han Serif", see epub.css).
        """
        fmt = "opentype" if self.media_type == "font/otf" else "truetype"
        covers = f"unicode-range: {unicode_range(self.codepoints)}; " if self.codepoints else ""
        return (
            f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: normal; '
            f'{covers}src: url("{href}") format("{fmt}"); }}\n'
            f'body, p {{ font-family: "{FAMILY}", "{self.source_family}", "Source Han Serif", '
            'serif; }\n'
        )


def unicode_range(codepoints: tuple[int, ...]) -> str:
    """Sorted code points as CSS ranges: U+20, U+4E00-4E01, U+FF0C."""
    runs: list[list[int]] = []
    for cp in codepoints:
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def subset_body_font(text: set[str] | str, family: str | None = None) -> EmbeddedFont:
    """Subset the body font to the characters in ``text``.

    Raises MissingFontError when no CJK font is installed.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    face = find_cjk_font("serif", family=family, style="Regular")
    # recalcTimestamp=False keeps head.modified from the source font: reproducible bytes.
    font = TTFont(face.path, fontNumber=face.index, recalcTimestamp=False, lazy=False)
    # fontTools' default layout features already keep what CJK text uses (locl, vert, vrt2,
    # halt, palt...); "*" would add some 300 glyphs of alternates (jp78, trad, aalt...).
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options=options)
    chars = set(text)
    chars.update(" \u3000")
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    cff = "CFF " in font or "CFF2" in font
    codepoints = tuple(sorted(font.getBestCmap()))
    buf = io.BytesIO()
    font.save(buf)
    font.close()
    ext, media = (".otf", "font/otf") if cff else (".ttf", "font/ttf")
    return EmbeddedFont(file_name=f"fonts/body{ext}", media_type=media, data=buf.getvalue(),
                        source_family=face.family, codepoints=codepoints)
