"""Built-in backends.  Each module is imported only when its backend is asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The type checker holds each built-in to the protocol a third party's backend follows.
    from ..registry import Backend
    from .epub import EpubBackend
    from .html import HtmlBackend
    from .json_backend import JsonBackend
    from .pdf import PdfBackend

    _BUILTIN: tuple[type[Backend], ...] = (JsonBackend, EpubBackend, PdfBackend, HtmlBackend)
