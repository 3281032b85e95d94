"""The CLI's own streams and odd names: a reader that goes away, a closed stdout, a name
that is no text, a link loop — each a clean exit, never an internal error (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers.seed import SEED


def test_broken_pipe_exits_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "paper2book", "--list-backends"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(1)
    proc.stdout.close()            # the reader goes away, as `| head -c1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and "error" not in err, err


def test_closed_stdout_is_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "paper2book", str(SEED), "--json", "-o", "-"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       close_fds=True, cwd=tmp_path, preexec_fn=lambda: os.close(1))
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "standard output is closed" in r.stderr


def test_a_title_that_is_no_text_still_makes_every_format(tmp_path, run_cli):
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = run_cli("issue.txt", "--pdf", "--epub", "--html", "--json", "--title",
                os.fsdecode(b"\xff\xfe"), "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert all((tmp_path / f"issue.{e}").stat().st_size for e in ("pdf", "epub", "html", "json"))


def test_a_symlink_loop_is_an_input_error(tmp_path, run_cli):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    r = run_cli("a.txt", "--json", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "internal" not in r.stderr
    assert r.stderr.startswith("paper2book: error: a.txt: ")
