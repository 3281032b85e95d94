"""Names for WeasyPrint's untyped objects as the patches see them (not "types": the
package imports the standard library's).

WeasyPrint ships no types, so these are ``Any``; the names say which of its
objects a parameter holds.
"""

from typing import Any

Box = Any          # a formatting box (weasyprint.formatting_structure.boxes)
Context = Any      # the layout context (weasyprint.layout.LayoutContext)
Style = Any        # a computed style (weasyprint.css.ComputedStyle)
SkipStack = Any    # a box's resume point: None or nested dicts of ints
Layout = Any       # a Pango layout wrapper (weasyprint.text.line_break.Layout)
Page = Any         # a laid-out page (weasyprint.layout.page.Page / document.Page)
Document = Any     # weasyprint.HTML, parsed and not yet laid out
LaidOut = Any      # weasyprint.Document: the laid-out pages
FontConfig = Any   # weasyprint.text.fonts.FontConfiguration
Stylesheet = Any   # weasyprint.CSS

# WeasyPrint's public classes, which weasy/__init__.py's __getattr__ imports lazily.
CSS = Any
HTML = Any
FontConfiguration = Any
URLFetcher = Any
