"""Usage errors: exit 2 with the usage, before any work, the nearest flag or value suggested;
standard input is named when it is piped but no INPUT is; ``--strict``."""

from __future__ import annotations

import shutil

import pytest

from paper2book.cli import main

from helpers.seed import SEED

# (the flags, a phrase the error must hold). The first two exited 1 (a config error) before.
SLIPS = [
    (["--paper", "A8"], "unknown paper size 'A8'"),
    (["--theme", "fancy"], "unknown theme 'fancy'"),
    (["--epbu"], "unrecognized arguments: --epbu (did you mean '--epub'?)"),
    (["--pdf", "--paper", "A44"], "unknown paper size 'A44' (did you mean 'A4'?)"),
    (["--paper", "a5 landscpe"], "(did you mean 'A5 landscape'?)"),
    (["--pdf", "--paper", "1mmx1mm"], "each side must be 50 to 1500 mm"),
    (["--theme", "newspapr"], "unknown theme 'newspapr' (did you mean 'newspaper'?)"),
    (["--script", "tw-phrase"], "--script: invalid choice: 'tw-phrase' (did you mean 'tw-phrases'?)"),
    (["--split", "mont"], "--split: invalid choice: 'mont' (did you mean 'month'?)"),
    (["--to", "epbu"], "unknown backend 'epbu' (did you mean 'epub'?)"),
    (["--pdf-variant", "pdf/ua1"], "unknown PDF variant 'pdf/ua1' (did you mean 'pdf/ua-1'?)"),
    (["--columns", "4"], "argument --columns"),
]


@pytest.mark.parametrize("flags, said", SLIPS, ids=[" ".join(f) for f, _ in SLIPS])
def test_a_slip_exits_2_with_the_nearest_suggested(flags, said, tmp_path, capsys):
    dump = tmp_path / "issue.txt"
    shutil.copy(SEED, dump)
    with pytest.raises(SystemExit) as done:
        main([str(dump), *flags])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: paper2book") and said in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.txt"]


def test_a_theme_folder_is_still_a_theme(tmp_path, capsys):
    """--theme takes a folder too: one that exists passes the flag's check (a folder that is
    no theme is then the theme loader's error, exit 1)."""
    (tmp_path / "mine").mkdir()
    shutil.copy(SEED, tmp_path / "issue.txt")
    code = main([str(tmp_path / "issue.txt"), "--json", "--theme", str(tmp_path / "mine"),
                 "-o", str(tmp_path / "x.json")])
    assert code in (0, 1)
    assert "unknown theme" not in capsys.readouterr().err


def test_no_input_with_a_pipe_says_to_pass_a_dash(run_cli):
    r = run_cli("--epub", stdin=SEED.read_bytes())
    assert r.returncode == 2
    assert "no INPUT given; to read standard input, pass - as the INPUT" in r.stderr


@pytest.fixture
def folder(tmp_path):
    """A month's folder as people keep one: a dump and a notes file."""
    month = tmp_path / "2025-12"
    month.mkdir()
    shutil.copy(SEED, month / "03.txt")
    (month / "备注.txt").write_text("第三版缺页，待补。\n", encoding="utf-8")
    return month


@pytest.mark.allow_warnings
def test_a_notes_file_is_skipped_but_strict_refuses_it(folder, tmp_path, run_cli):
    r = run_cli(str(folder), "--json", "-o", "kept.json")
    assert r.returncode == 0 and "备注.txt" in r.stderr and "skipped" in r.stderr
    r = run_cli(str(folder), "--json", "-o", "strict.json", "--strict")
    assert r.returncode == 1 and "备注.txt" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "strict.json").exists()


def test_strict_fails_the_split_book_that_holds_the_notes(folder, tmp_path, run_cli):
    r = run_cli(str(folder), "--json", "--split", "issue", "-o", "books/")
    assert r.returncode == 0, r.stderr
    r = run_cli(str(folder), "--json", "--split", "issue", "-o", "strict/", "--strict")
    assert r.returncode == 1 and "备注.txt" in r.stderr and "1 failed" in r.stderr, r.stderr
