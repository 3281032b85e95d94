"""Options a backend may honour; each backend ignores what it does not use.

They come from defaults, then ``paper2book.yaml``, then command-line flags
(see config.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RenderOptions:
    title: str | None = None            # overrides Book.title
    author: str | None = None           # default: the newspaper(s)
    identifier: str | None = None       # default: derived from the content
    language: str = "zh-CN"
    paper: str | None = None            # PDF page size (A4, A5, 148mmx210mm…); None: the theme's
    margins: str | None = None          # PDF page margins, CSS lengths ("18mm 15mm")
    columns: int | None = None          # PDF body columns, 1..3; None: the theme's
    theme: str = "newspaper"            # built-in theme name or a folder
    templates: Path | None = None       # user folder searched before the theme
    embed_fonts: bool = False           # EPUB: embed a subset of the body font
    fonts: dict[str, str] = field(default_factory=dict)   # body / heads / captions families
    # Per paper, keyed by its name: display_name, masthead_color, masthead_image, columns.
    newspapers: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)   # third-party backends' settings
    progress: Any = field(default=None, compare=False, repr=False)  # progress.Progress or None

    def stage(self, what: str) -> None:
        """Backends report long steps here; shown only on a terminal."""
        if self.progress is not None:
            self.progress.stage(what)

    def paper_settings(self, newspaper: str) -> dict[str, Any]:
        return self.newspapers.get(newspaper, {})

    def display_name(self, newspaper: str) -> str:
        return self.paper_settings(newspaper).get("display_name") or newspaper
