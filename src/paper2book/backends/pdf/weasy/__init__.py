"""Which WeasyPrint releases our reaches into its internals were checked against.

pdf_justify (line boxes, text drawing), pdf_linecache (line breaking) and
pdf_linebreak (the first-line search) use WeasyPrint internals, not its
API.  On a release not listed here they stay off: the PDF is still right,
with ragged Chinese line ends and slower layout, and the backend says so
once.  Add a release after running tests/test_pdf.py against it.
``replaced`` (swap.py) swaps one of its functions for the length of a render.
"""

from __future__ import annotations

import weasyprint

from ..swap import replaced  # noqa: F401  (linecache and linebreak use it from here)

TESTED_MAJOR = ("70",)


def internals_known() -> bool:
    return weasyprint.__version__.split(".")[0] in TESTED_MAJOR

