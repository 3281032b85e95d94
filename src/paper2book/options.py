"""Options a backend may honour; each backend ignores what it does not use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RenderOptions:
    title: str | None = None            # overrides Book.title
    paper: str = "A4"                   # PDF page size: A4, A5, B5, Letter...
    columns: int = 2                    # PDF body columns, 1..3
    theme: str = "newspaper"            # built-in theme name or a folder
    templates: Path | None = None       # user folder searched before the theme
    embed_fonts: bool = False           # EPUB: embed a subset of the body font
    fonts: dict[str, str] = field(default_factory=dict)   # body / heads / captions families
    extra: dict[str, Any] = field(default_factory=dict)   # per-backend settings from config
