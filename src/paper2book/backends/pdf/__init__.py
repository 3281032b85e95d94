"""The ``pdf`` backend: a print-ready newspaper book through WeasyPrint (see backend.py).

WeasyPrint is imported only inside this package, only when a PDF is rendered or
``paper2book doctor`` asks whether it loads, and always through preload.py first
(weasy/__init__.py says why and makes sure).
"""

from .backend import PdfBackend

__all__ = ["PdfBackend"]
