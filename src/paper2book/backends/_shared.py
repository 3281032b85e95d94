"""The old name of backends/cleaning.py, kept: the README of paper2book 0.1 told third-party
backends to call ``paper2book.backends._shared.prepare``."""

from .cleaning import UNTITLED, prepare, with_display_names

__all__ = ["UNTITLED", "prepare", "with_display_names"]
