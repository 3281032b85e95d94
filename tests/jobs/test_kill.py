"""A run killed while its workers are busy leaves no process behind and no temporary file.

The run starts in a session of its own: every process it starts (the fork
server, the resource tracker, the workers) keeps that session id, also once
orphaned, so ``/proc`` shows what is left of it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.archive import make_archive

LEFTOVER = re.compile(r"^\..*(\.part|\.old|\.parts-[a-z0-9_]{8})$")


def session(sid: int) -> dict[int, str]:
    """The live processes of session ``sid`` (zombies are already gone), with their command."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()        # after "pid (comm) "
        if int(fields[3]) == sid and fields[0] != "Z":
            found[int(entry)] = cmd.strip()
    return found


def leftovers(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if LEFTOVER.match(p.name))


def busy(child: subprocess.Popen, folder: Path, timeout: float = 120) -> None:
    """Until both workers run and one is writing a book (its temporary file is there)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert child.poll() is None, "the run ended before its workers got busy"
        if folder.is_dir() and leftovers(folder) and len(session(child.pid)) >= 4:
            return
        time.sleep(0.05)
    pytest.fail("the workers never got busy")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
                         ids=["SIGTERM", "SIGHUP", "SIGKILL"])
def test_no_process_of_a_killed_run_is_left(tmp_path, sig):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=6,
                 pages=(3, 4), articles=(2, 3), paragraphs=(4, 8))
    out = tmp_path / "books"

    def as_from_a_terminal():
        # Under nohup SIGHUP comes ignored and would stay so: start with the defaults.
        for s in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)

    err = (tmp_path / "stderr").open("wb")
    child = subprocess.Popen(
        [sys.executable, "-m", "paper2book", "dumps", "--split", "issue", "--epub", "--pdf",
         "--jobs", "2", "-o", str(out)],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
        start_new_session=True, preexec_fn=as_from_a_terminal)
    try:
        busy(child, out)
        before = session(child.pid)
        assert any("forkserver" in c for c in before.values()), before
        sent = time.monotonic()
        os.kill(child.pid, sig)
        # Not communicate(): the workers share the command's stderr, and may outlive it.
        child.wait(timeout=30)
        end = sent + 10
        left = session(child.pid)
        while left and time.monotonic() < end:
            time.sleep(0.1)
            left = session(child.pid)
        gone = time.monotonic() - sent
    finally:
        for pid in session(child.pid):          # never leave them to the next test
            os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.wait()
    assert left == {}, f"left {gone:.1f} s after {sig.name}: {left}"
    print(f"{sig.name}: {len(before)} processes, all gone in {gone:.2f} s")
    err.close()
    text = (tmp_path / "stderr").read_text()
    assert "Traceback" not in text
    if sig == signal.SIGKILL:
        assert child.returncode == -sig
    else:
        assert child.returncode == 128 + sig
        assert f"paper2book: error: stopped by {sig.name}" in text
    # What the workers were writing they removed as they ended.
    assert leftovers(out) == []


@pytest.mark.slow
def test_what_a_run_killed_with_its_workers_left_the_next_run_sweeps(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=2,
                 pages=(3, 4), articles=(2, 3), paragraphs=(4, 8))
    out = tmp_path / "books"
    child = subprocess.Popen(
        [sys.executable, "-m", "paper2book", "dumps", "--split", "month", "--pdf", "--jobs", "2",
         "-o", str(out)],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        end = time.monotonic() + 120
        # The month's PDF is typeset in parts: wait for its temporary file and parts' folder.
        while not any(".parts-" in n for n in leftovers(out)) and time.monotonic() < end:
            assert child.poll() is None, "the run ended before its parts were typeset"
            time.sleep(0.05)
        os.killpg(child.pid, signal.SIGKILL)        # the command and every process of it
        child.wait(30)
    finally:
        for pid in session(child.pid):
            os.kill(pid, signal.SIGKILL)
    left = leftovers(out)
    assert any(n.endswith(".part") for n in left) and any(".parts-" in n for n in left), left
    r = run_cli("dumps", "--split", "month", "--pdf", "--jobs", "2", "-o", "books", "-v")
    assert r.returncode == 0, r.stderr
    assert f"removed {len(left)} temporary files an interrupted run left" in r.stderr
    assert leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == [".paper2book-manifest.json",
                                                     "九江日报-2025-12.pdf"]
