"""Print each entry of weasy.PATCHES with its fingerprint on the installed libraries, and
whether the table knows it: ``python -m paper2book.backends.pdf.weasy.fingerprints``.

What a contributor runs after checking the patches against a new WeasyPrint
release (docs/weasyprint.md): the new fingerprints go into patches.py.
"""

from __future__ import annotations

import importlib.metadata
import sys

from .. import preload
from . import PATCHES, check, fingerprint


def main() -> int:
    preload.load()
    versions = {d: importlib.metadata.version(d) for d in ("weasyprint", "fonttools", "cffi")}
    print("installed:", ", ".join(f"{k} {v}" for k, v in versions.items()),
          f"python {sys.version.split()[0]}")
    changed = 0
    for patch in PATCHES:
        problem = check(patch)
        try:
            found = fingerprint(patch.refs())
        except (ImportError, AttributeError):
            found = "-" * 16
        changed += problem is not None
        print(f"{patch.name:<16} {found}  {'as tested' if problem is None else problem}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
