"""Where the built-in templates and styles live.

They are top-level folders in the repository and are shipped inside the
wheel as ``paper2book/templates`` and ``paper2book/styles``.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PKG / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"paper2book resource folder {name!r} is missing from the installation")


def templates_dir() -> Path:
    return _find("templates")


def styles_dir() -> Path:
    return _find("styles")
