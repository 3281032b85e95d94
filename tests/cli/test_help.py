"""Help everywhere: subcommands have --help, the usage names them, help fits 80 columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, columns: int = 80) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": str(columns)})


def width(line: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_doctor_help_shows_help_and_runs_no_check():
    r = run("doctor", "--help")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: paper2book doctor")
    assert not any(line.startswith(("OK", "MISSING")) for line in r.stdout.splitlines())


def test_doctor_refuses_unknown_arguments():
    r = run("doctor", "--fast")
    assert r.returncode == 2 and "unrecognized arguments: --fast" in r.stderr


def test_usage_names_the_subcommands():
    r = run("--help")
    usage = r.stdout.split("\n\n")[0]
    assert usage.startswith("usage: paper2book [options] INPUT")
    assert "paper2book doctor" in usage and "paper2book help" in usage
    assert re.search(r"^commands:\n  doctor +\S", r.stdout, re.M)
    # A usage error shows the same usage.
    assert "paper2book doctor" in run().stderr


def test_help_and_help_command():
    assert run("help").stdout == run("--help").stdout
    assert run("help", "doctor").stdout == run("doctor", "--help").stdout
    r = run("help", "nonsense")
    assert r.returncode == 2 and "doctor" in r.stderr


@pytest.mark.parametrize("args", [["--help"], ["doctor", "--help"]])
def test_help_fits_80_columns(args):
    r = run(*args, columns=80)
    assert r.returncode == 0
    wide = [line for line in r.stdout.splitlines() if width(line) > 80]
    assert not wide, wide


def readme_flags() -> set[str]:
    """The --flags README.md gives paper2book: not the setup script's, pytest's or a benchmark's."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = text.split("\n---\n", 1)[1]          # before the rule: setup.sh and pytest
    flags = set()
    for section in re.split(r"^## ", text, flags=re.M):
        if section.startswith(("Benchmarks", "Development")):
            continue
        # Lines that run another program (``dask worker …``) carry that program's flags.
        own = "\n".join(line for line in section.splitlines()
                        if not line.lstrip().startswith(("dask ", "pip ")))
        flags |= set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", own))
    return flags


def test_every_flag_in_the_readme_is_in_the_help():
    flags = readme_flags()
    assert {"--epub", "--pdf", "--validate", "--embed-fonts"} <= flags
    shown = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", run("--help").stdout))
    assert not flags - shown, sorted(flags - shown)
