"""The ``pdf`` backend: a print-ready newspaper book through WeasyPrint (see render.py).

WeasyPrint is imported only inside this package, and only when a PDF is rendered.
"""

from .render import PdfBackend

__all__ = ["PdfBackend"]
