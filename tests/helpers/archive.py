"""Generated archives of dumps (benchmarks/make_dumps.py), small enough for a test."""

from __future__ import annotations

import sys
from pathlib import Path

from . import ROOT


def make_dumps():
    """The benchmarks' generator, ``benchmarks/make_dumps.py``, as a module."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_dumps
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return make_dumps


def make_archive(root: Path, **kw) -> list[Path]:
    """``make_dumps.make_archive`` with small issues unless told otherwise: 2–3 版面 of
    1–2 articles of 2–4 paragraphs."""
    kw.setdefault("pages", (2, 3))
    kw.setdefault("articles", (1, 2))
    kw.setdefault("paragraphs", (2, 4))
    return make_dumps().make_archive(root, **kw)


def mtimes(folder: Path) -> dict[str, int]:
    """Each file in ``folder`` (hidden ones too) and its modification time in ns."""
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir()) if p.is_file()}
