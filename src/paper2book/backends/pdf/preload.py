"""Import WeasyPrint and its native libraries, fast, and say what is missing.

This is the one place WeasyPrint is first imported: ``load()`` does it, and
weasy/__init__.py calls ``load()`` before its own ``import weasyprint``;
every other module reaches WeasyPrint through weasy/, so none can import it
the slow way first.  ``check()`` tells ``paper2book doctor`` whether it loads.

WeasyPrint finds Pango, HarfBuzz and fontconfig by trying every name each
library has on Windows, macOS and Linux, and cffi hands each name that does
not open straight away to ``ctypes.util.find_library``.  On Linux every
name it cannot find costs an ``ldconfig -p``, a gcc run and an ld run:
about 11 ms each, 16 of them, a sixth of a second of every PDF conversion.

While WeasyPrint is imported, a name that the ldconfig cache does not list
is answered "not found" at once; listed names go through the standard
search as before.  A library outside the cache (one found only through
LD_LIBRARY_PATH) still loads: WeasyPrint also tries each library's plain
soname (``libpango-1.0.so.0``), which the dynamic loader opens directly.
Where ``ldconfig -p`` cannot be read, nothing changes.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import logging
import os
import subprocess
import sys
from collections.abc import Iterator

from .swap import replaced

log = logging.getLogger("paper2book")


def _ldconfig_names() -> frozenset[str] | None:
    """File names in the dynamic linker's cache, or None where there is none to read."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if os.access(ldconfig, os.X_OK):
            break
    else:
        return None
    try:
        out = subprocess.run([ldconfig, "-p"], capture_output=True, check=True, timeout=10,
                             env={**os.environ, "LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = {line.split()[0] for line in out.decode("utf-8", "replace").splitlines()[1:]
             if line.startswith(("\t", " ")) and line.split()}
    return frozenset(names) or None


@contextlib.contextmanager
def _quick_find_library() -> Iterator[None]:
    listed = _ldconfig_names() if sys.platform.startswith("linux") else None
    if listed is None:
        yield
        return
    standard = ctypes.util.find_library

    @functools.cache
    def find_library(name: str) -> str | None:
        prefix = f"lib{name}.so"
        if not any(entry.startswith(prefix) for entry in listed):
            return None
        return standard(name)

    with replaced(ctypes.util, "find_library", find_library):
        yield


def load() -> None:
    """Import WeasyPrint (with its native libraries) if it is not loaded yet."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    with _quick_find_library():
        import weasyprint  # noqa: F401


def check() -> str | None:
    """None if WeasyPrint loads; else the first line of why it does not."""
    try:
        load()
    except Exception as e:  # OSError from a missing Pango, ImportError...
        return (str(e).splitlines() or [type(e).__name__])[0]
    return None


@functools.lru_cache(maxsize=1)
def warn_if_slow_subsetting() -> bool:
    """Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools: many times slower."""
    load()
    try:
        from weasyprint.text.ffi import harfbuzz_subset
        present = harfbuzz_subset is not None
    except (ImportError, AttributeError):
        present = ctypes.util.find_library("harfbuzz-subset") is not None
    if not present:
        log.warning("libharfbuzz-subset is not installed: PDF output will be slow "
                    "(on Debian/Ubuntu: apt-get install libharfbuzz-subset0)")
    return present
