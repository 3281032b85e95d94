"""Which WeasyPrint releases our two reaches into its internals were checked against.

pdf_justify (line boxes, text drawing) and pdf_linecache (line breaking)
use WeasyPrint internals, not its API.  On a release not listed here both
stay off: the PDF is still right, with ragged Chinese line ends and slower
layout, and the backend says so once.  Add a release after running
tests/test_pdf.py against it.
"""

from __future__ import annotations

import weasyprint

TESTED_MAJOR = ("70",)


def internals_known() -> bool:
    return weasyprint.__version__.split(".")[0] in TESTED_MAJOR
