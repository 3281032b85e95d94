"""One WeasyPrint pass of a volume (volume.py): its front matter, or one of its issues.

A leaf module: the template (template.py), the render (render.py) and the
volume all read a part, and none of them needs another's code for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...config.options import RenderOptions
from ...model import Book


@dataclass(frozen=True)
class VolumePart:
    """The front matter (``index`` 0, ``book`` the whole prepared volume) or the volume's
    ``index``-th issue (``book`` holding that issue alone).  Picklable: a part is typeset
    in whatever process the job gives it."""

    book: Book
    index: int
    first_page: int                          # its first page's number; 0: from the counts before
    metadata: dict[str, object]              # the volume's, from template.metadata()
    options: RenderOptions = field(compare=False)
    first_pages: tuple[int, ...] = ()        # the front matter: each issue's first page
    shared_text: str = ""                    # every character of the volume (weasy/fontshare.py)
    folder: str = ""                         # where the part's PDF goes: a folder workers share
