"""Issue 22: a name shown in a message or the summary is one line: a file named with a
newline cannot print a forged ``wrote`` line, nor an escape sequence reach the terminal."""

from __future__ import annotations

import shutil

from helpers import ROOT

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
FORGED = "a\npaper2book: wrote fake.epub (1 KB)\nz\x1b[2J"


def test_a_name_with_newlines_is_escaped_in_the_summary(tmp_path, run_cli):
    shutil.copy(SEED, tmp_path / f"{FORGED}.txt")
    r = run_cli(f"{FORGED}.txt", "--epub", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    [line] = r.stderr.splitlines()
    assert line.startswith("paper2book: wrote a\\npaper2book: wrote fake.epub (1 KB)\\nz\\x1b[2J.epub (")
    assert "\x1b" not in r.stderr


def test_a_name_with_newlines_is_escaped_in_an_error(tmp_path, run_cli):
    (tmp_path / f"{FORGED}.txt").write_bytes(b"")
    r = run_cli(f"{FORGED}.txt", "--epub", cwd=tmp_path)
    assert r.returncode == 1
    [line] = r.stderr.splitlines()
    assert line.startswith("paper2book: error: a\\npaper2book: wrote fake.epub (1 KB)\\nz\\x1b[2J.txt")
