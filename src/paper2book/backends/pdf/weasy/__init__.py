"""Which WeasyPrint releases our reaches into its internals were checked against.

pdf_justify (line boxes, text drawing), pdf_linecache (line breaking) and
pdf_linebreak (the first-line search) use WeasyPrint internals, not its
API.  On a release not listed here they stay off: the PDF is still right,
with ragged Chinese line ends and slower layout, and the backend says so
once.  Add a release after running tests/test_pdf.py against it.
``replaced`` swaps one of its functions for the length of a render.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import weasyprint

TESTED_MAJOR = ("70",)


def internals_known() -> bool:
    return weasyprint.__version__.split(".")[0] in TESTED_MAJOR


@contextlib.contextmanager
def replaced(module, name: str, value) -> Iterator[None]:
    """``module.name`` is ``value`` inside the block, its own value again after it."""
    original = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, original)
