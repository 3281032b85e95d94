"""pdfua (the machine-checkable subset of PDF/UA-1), when installed (``--validate`` on a PDF)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

from .epubcheck import Report


def _command() -> list[str] | None:
    # The copy installed beside paper2book first: the test extra puts it there.
    if importlib.util.find_spec("pdfua") is not None:
        return [sys.executable, "-m", "pdfua"]
    found = shutil.which("pdfua")
    return [found] if found else None


def available() -> str | None:
    """None when pdfua can run, else what is missing."""
    return None if _command() else "pdfua is not installed (pip install 'paper2book[validate]')"


def pdfua(path: Path) -> Report:
    proc = subprocess.run([*(_command() or ["pdfua"]), "check", str(path), "--format", "json"],
                          capture_output=True, timeout=600, check=False)
    try:
        data = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        # Exit 4 (not a PDF) or 5 (usage) print no report: count it as one fatal finding.
        said = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
        return Report(fatals=1, errors=0, warnings=0,
                      messages=[f"FATAL pdfua exit {proc.returncode}: {said[-1] if said else ''}"])
    summary = data.get("summary", {})
    messages = [f"{f.get('severity', '').upper()} {f.get('rule_id')} {f.get('location')}: "
                f"{f.get('message')}" for f in data.get("findings", [])]
    return Report(fatals=0, errors=summary.get("errors", 0),
                  warnings=summary.get("warnings", 0), messages=messages)
