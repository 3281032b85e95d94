"""The progress line shows on a terminal only, and never with -q."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.seed import SEED


def _run_with_tty_stderr(args: list[str], cwd: Path) -> tuple[int, str]:
    # run_cli captures stderr through a pipe: the progress line wants a terminal.
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "paper2book", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal(tmp_path):
    for n in range(3):
        shutil.copy(SEED, tmp_path / f"d{n}.txt")
    rc, err = _run_with_tty_stderr([".", "--pdf", "-o", "book.pdf"], tmp_path)
    assert rc == 0
    assert "reading" in err and "PDF: laying out pages" in err and "[" in err
    assert (tmp_path / "book.pdf").exists()


def test_no_progress_with_quiet_or_without_terminal(tmp_path, run_cli):
    shutil.copy(SEED, tmp_path / "d.txt")
    rc, err = _run_with_tty_stderr(["d.txt", "--json", "-q"], tmp_path)
    assert rc == 0 and err == ""
    r = run_cli("d.txt", "--json", "-o", "x.json", cwd=tmp_path)
    # Only the summary line: no progress line drawn with "\r".
    assert r.returncode == 0 and "\r" not in r.stderr
    assert r.stderr.startswith("paper2book: wrote x.json (") and r.stderr.count("\n") == 1
