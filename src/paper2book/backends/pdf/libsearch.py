"""ctypes' library search, answered from the dynamic linker's cache while WeasyPrint loads.

WeasyPrint finds Pango, HarfBuzz and fontconfig by trying every name each
library has on Windows, macOS and Linux, and cffi hands each name that does
not open straight away to ``ctypes.util.find_library``.  On Linux every
name it cannot find costs an ``ldconfig -p``, a gcc run and an ld run:
about 11 ms each, 16 of them, a fifth of a second of every PDF conversion
(measured again for docs/weasyprint.md).

Inside ``quick_find_library()`` a name that the ldconfig cache does not
list is answered "not found" at once; listed names go through the standard
search as before.  A library outside the cache (one found only through
LD_LIBRARY_PATH) still loads: WeasyPrint also tries each library's plain
soname (``libpango-1.0.so.0``), which the dynamic loader opens directly.
Where ``ldconfig -p`` cannot be read, or ctypes and cffi are not as tested
(the ``libsearch`` entry of weasy.PATCHES), nothing changes.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import os
import subprocess
import sys
from collections.abc import Iterator


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
def quick_find_library(enabled: bool = True) -> Iterator[None]:
    """``ctypes.util.find_library`` answers unlisted names at once inside the block;
    ``enabled``: the seam's table lets the trick run (weasy.usable("libsearch"))."""
    listed = _ldconfig_names() if enabled and sys.platform.startswith("linux") else None
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

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = standard
