"""Editions: the same book in Traditional characters, or set vertically.

This package holds what an edition is as text: the script conversion (``script``:
OpenCC and the phrase corrections), the vertical setting's filter and style sheet
(``vertical``), and the names and language tags an edition gives.  It sits low
among the layers, so the configuration checks a ``script:`` value with it; the pass
an edition makes over a book (``backends/edition.py``: ``apply``, ``theme_for``)
sits with the backends, which run it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .script import LANGUAGES, SCRIPTS, converter

if TYPE_CHECKING:
    from ..config.options import RenderOptions

__all__ = ["LANGUAGES", "SCRIPTS", "edition_suffix", "label", "language_for", "text_converter"]


def text_converter(options: RenderOptions) -> Callable[[str], str]:
    """The options' edition as a function of a text (the identity for the dump's script)."""
    phrases = str(options.script_phrases) if options.script_phrases else None
    return converter(options.script, phrases)


def label(text: str, options: RenderOptions) -> str:
    """A label written in Python (目录, 封面…) in the options' edition."""
    return text_converter(options)(text)


def language_for(options: RenderOptions) -> str:
    """The language tag in force: the one chosen, else the edition's, else zh-CN."""
    return options.language or LANGUAGES.get(options.script or "", "zh-CN")


def edition_suffix(options: RenderOptions) -> str:
    """What a split's file names carry for the edition: ``.zh-Hant``, ``.zh-TW-phrases``,
    ``.vertical``, ``.zh-HK.vertical``; empty for the dump's own script, horizontal."""
    parts = []
    if options.script:
        parts.append(LANGUAGES[options.script] + ("-phrases" if options.script == "tw-phrases" else ""))
    if options.writing_mode == "vertical":
        parts.append("vertical")
    return "".join(f".{p}" for p in parts)


