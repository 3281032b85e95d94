"""The ``epub`` backend: EPUB 3 with an EPUB 2 NCX (see package.py)."""

from .package import EpubBackend

__all__ = ["EpubBackend"]
