"""Issue 22: every size a user (or a downloaded folder's config) can give is checked
before work starts: each bomb ends in one line naming what is wrong, exit 1 or 2, within
5 s and 500 MB, measured on the child process itself (os.wait4's rusage)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT
from helpers.archive import make_archive

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
SECONDS, MEGABYTES = 5.0, 500


# The child's own peak: VmHWM belongs to its address space, made at exec, whereas a forked
# child's ru_maxrss starts from the parent's (pytest's) peak.
_WRAP = ("import atexit, os, sys\n"
         "def _peak():\n"
         "    for line in open('/proc/self/status'):\n"
         "        if line.startswith('VmHWM:'):\n"
         "            open(os.environ['P2B_PEAK_FILE'], 'w').write(line.split()[1])\n"
         "atexit.register(_peak)\n"
         "from paper2book.cli import main\n"
         "sys.argv[0] = 'paper2book'\n"
         "sys.exit(main())\n")


def measured(*args: str, cwd: Path) -> tuple[int, str, float, float]:
    """Exit status, stderr, seconds and peak MB of ``paper2book ARGS`` in a child process."""
    started = time.monotonic()
    peak_file = cwd / ".peak"
    peak_file.unlink(missing_ok=True)
    env = {**os.environ, "P2B_PEAK_FILE": str(peak_file)}
    proc = subprocess.run([sys.executable, "-c", _WRAP, *args], cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=60, check=False)
    seconds = time.monotonic() - started
    peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), seconds, peak


@pytest.fixture
def work(tmp_path) -> Path:
    shutil.copy(SEED, tmp_path / "a.txt")
    return tmp_path


def _assert_refused(result, *words: str) -> None:
    code, err, seconds, peak = result
    lines = [x for x in err.splitlines() if x.startswith("paper2book: error:")]
    assert code in (1, 2), err
    assert len(lines) == 1 and all(w in lines[0] for w in words), err
    assert "Traceback" not in err
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert 0 < peak < MEGABYTES, f"{peak:.0f} MB"


def _alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "backends:\n  json:\n" + "".join(f"    {line}\n" for line in lines)


@pytest.mark.parametrize("split", [False, True])
def test_a_yaml_alias_bomb_beside_the_input(work, split):
    (work / "paper2book.yaml").write_text(_alias_bomb(), encoding="utf-8")
    args = ["a.txt", "--json", *(["--split", "issue", "-o", "books"] if split else ["-o", "o.json"])]
    _assert_refused(measured(*args, cwd=work), "paper2book.yaml", "aliases")
    assert not (work / "books").exists() and not (work / "o.json").exists()


def test_yaml_nested_5000_deep(work):
    (work / "paper2book.yaml").write_text("backends:\n  json:\n    x: " + "[" * 5000 + "]" * 5000,
                                          encoding="utf-8")
    _assert_refused(measured("a.txt", "--json", "-o", "o.json", cwd=work), "paper2book.yaml:3", "deeper")


def test_a_masthead_image_that_never_ends(work):
    (work / "paper2book.yaml").write_text("newspapers:\n  九江日报:\n    masthead_image: /dev/zero\n",
                                          encoding="utf-8")
    for fmt in ("--epub", "--pdf"):
        _assert_refused(measured("a.txt", fmt, "-o", "o", "--force-name", cwd=work), "/dev/zero")


@pytest.mark.parametrize("template", [
    '{{ "x" * 1000000000 }}',
    '{{ "{:>1000000000}".format("x") }}',
    '{{ "%1000000000s" % "x" }}',
    '{{ "%*s"|format(1000000000, "x") }}',
    '{{ "x"|center(1000000000) }}',
    '{{ 10 ** 100000000 }}',
    '{% for i in range(100000) %}{% for j in range(100000) %}{{ "abcdefghij" }}{% endfor %}{% endfor %}',
])
def test_a_template_that_would_write_gigabytes(work, template):
    (work / "t" / "html").mkdir(parents=True)
    (work / "t" / "html" / "book.html.j2").write_text(template, encoding="utf-8")
    _assert_refused(measured("a.txt", "--html", "-o", "o.html", "--templates", "t", cwd=work),
                    "book.html.j2")
    assert not (work / "o.html").exists()


def test_a_title_template_of_a_huge_width(work):
    _assert_refused(measured(".", "--split", "issue", "--json", "-o", "books",
                             "--title", "{date:>1500000000}", cwd=work), "1500000000")


@pytest.mark.parametrize("args, words", [
    (["--paper", "1mmx1mm"], ["1mmx1mm", "50 to 1500 mm"]),
    (["--paper", "9999mmx9999mm"], ["9999mmx9999mm"]),
    (["--paper", "A6", "--columns", "3"], ["no room", "A6"]),
])
def test_paper_that_leaves_no_room(work, args, words):
    _assert_refused(measured("a.txt", "--pdf", "-o", "o.pdf", *args, cwd=work), *words)


def test_margins_that_leave_no_room(work):
    (work / "paper2book.yaml").write_text("margins: 9999mm\n", encoding="utf-8")
    _assert_refused(measured("a.txt", "--pdf", "-o", "o.pdf", cwd=work), "9999mm", "no room")


def test_a_month_of_sane_settings_still_converts(tmp_path):
    """The bounds leave room for what people do: a small paper, three columns on A4."""
    make_archive(tmp_path / "d", months=[(2025, 12)], issues_per_month=2)
    (tmp_path / "d" / "paper2book.yaml").write_text("paper: A5\nmargins: 12mm 10mm\n", encoding="utf-8")
    code, err, _, _ = measured("d", "--html", "-o", "o.html", cwd=tmp_path)
    assert code == 0, err


def test_an_input_folder_1000_levels_deep(work):
    here = work / "deep"
    here.mkdir()
    fd = os.open(here, os.O_RDONLY)
    try:                    # each level made relative to the last: a long path is no problem
        for _ in range(1000):
            os.mkdir("a", dir_fd=fd)
            fd, old = os.open("a", os.O_RDONLY, dir_fd=fd), fd
            os.close(old)
        with open(os.open("x.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "wb") as f:
            f.write(SEED.read_bytes())
    finally:
        os.close(fd)
    try:
        _assert_refused(measured("deep", "--json", "-o", "o.json", cwd=work), "deep", "deeper than 64")
    finally:        # pytest's own clean-up of old temporary folders recurses, and would fail on it
        subprocess.run(["rm", "-rf", str(here)], check=True)


@pytest.mark.parametrize("setting", ["theme", "templates"])
def test_a_folder_name_longer_than_the_system_takes(work, setting):
    """Found by the config fuzz: pathlib's is_dir raised ENAMETOOLONG (an internal error)."""
    (work / "paper2book.yaml").write_text(f"{setting}: {'x' * 5000}\n", encoding="utf-8")
    _assert_refused(measured("a.txt", "--json", "-o", "o.json", cwd=work), f"{setting.rstrip('s')}")
