"""paper2book run as a user runs it: ``python -m paper2book`` in a child process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_cli(*args: str, stdin: str | bytes | None = None, cwd: Path | str | None = None,
            env: Mapping[str, str] | None = None, text: bool = True,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Exit status, stdout and stderr (UTF-8 text unless ``text=False``) of one run.

    ``env`` replaces the environment, as in ``subprocess.run``.  Without ``stdin`` the
    child reads an empty stdin, never the terminal pytest runs in.
    """
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    proc = subprocess.run([sys.executable, "-m", "paper2book", *args],
                          input=stdin if stdin is not None else b"",
                          capture_output=True, cwd=cwd, env=env, timeout=timeout)
    if text:
        proc.stdout = proc.stdout.decode("utf-8")
        proc.stderr = proc.stderr.decode("utf-8")
    return proc
