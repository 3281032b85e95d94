"""The user's cache folder for what paper2book can make once and reuse (compiled
templates, cover images): never needed, so any failure just means no cache."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(name: str) -> Path | None:
    """``$XDG_CACHE_HOME/paper2book/NAME`` (default ``~/.cache``), made if missing;
    None when it cannot be made or written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "paper2book" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
