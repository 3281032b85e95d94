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

    def css(self, href: str) -> str:
        """The @font-face rule and the rule that puts the body text in it."""
        fmt = "opentype" if self.media_type == "font/otf" else "truetype"
        return (
            f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: normal; '
            f'src: url("{href}") format("{fmt}"); }}\n'
            f'body, p {{ font-family: "{FAMILY}", "{self.source_family}", serif; }}\n'
        )


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
    buf = io.BytesIO()
    font.save(buf)
    font.close()
    ext, media = (".otf", "font/otf") if cff else (".ttf", "font/ttf")
    return EmbeddedFont(file_name=f"fonts/body{ext}", media_type=media, data=buf.getvalue(),
                        source_family=face.family)
