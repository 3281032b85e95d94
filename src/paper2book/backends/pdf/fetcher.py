"""A URL fetcher that lets rendering read only the theme's own folders.

Templates and stylesheets may come from a user's folder; whatever they
reference (``url()``, ``<img src>``, ``@import``) must not reach the network
or the rest of the disk.  ``data:`` URLs carry their bytes inline and stay allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .weasy import URLFetcher

log = logging.getLogger("paper2book")


class RefusedURL(ValueError):
    pass


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


class RestrictedFetcher(URLFetcher):
    """Serves ``file:`` URLs under ``roots`` and ``data:`` URLs; refuses everything else."""

    def __init__(self, roots: list[Path]):
        super().__init__(timeout=1, allowed_protocols=("file", "data"))
        self.roots = [Path(r).resolve() for r in roots]

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            self._refuse(url, "only the theme's own files may be read")
        # resolve() follows symlinks and "..", so neither can step outside a root.
        path = Path(unquote(parts.path)).resolve()
        if not _inside(path, self.roots):
            self._refuse(url, "outside the theme and template folders")

    def _refuse(self, url: str, why: str) -> None:
        log.warning("PDF: refused to load %s: %s", url, why)
        raise RefusedURL(f"refused {url}: {why}")

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> object:
        self.check(url)
        return super().fetch(url, headers)
