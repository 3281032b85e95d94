"""Where a single book's outputs go, and what they may never do (issue 12): several formats
land together or not at all, no output replaces an input (also one found in a folder, or
a hard link to one), ``-o FOLDER`` takes the default names, and a default name is never
written through a link or into a device found there."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from paper2book.cli import main

from helpers.seed import SEED

DUMP = SEED.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith((".part", ".old")))


def _one_line_error(r) -> str:
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "internal" not in r.stderr, r.stderr
    assert r.stderr.startswith("paper2book: error: ")
    return r.stderr


@pytest.fixture
def issue(tmp_path) -> Path:
    (tmp_path / "a.txt").write_bytes(DUMP)
    return tmp_path


# ---------------------------------------------------------------- all or none

@pytest.fixture
def broken_html_theme(issue) -> Path:
    # Renders only once the book is read and the JSON made: a failure in the second format.
    (issue / "tpl" / "html").mkdir(parents=True)
    (issue / "tpl" / "html" / "book.html.j2").write_text("{{ book.no_such_field }}\n", encoding="utf-8")
    return issue


def test_a_later_format_that_fails_leaves_no_earlier_one(broken_html_theme, run_cli):
    folder = broken_html_theme
    r = run_cli("a.txt", "--json", "--html", "--templates", "tpl")
    err = _one_line_error(r)
    assert "book.html.j2" in err
    assert not (folder / "a.json").exists() and not (folder / "a.html").exists()
    assert _leftovers(folder) == []


def test_a_later_format_that_fails_keeps_every_older_file(broken_html_theme, run_cli):
    folder = broken_html_theme
    (folder / "book.json").write_bytes(b"older json")
    (folder / "book.html").write_bytes(b"older html")
    os.chmod(folder / "book.json", 0o600)
    r = run_cli("a.txt", "--json", "--html", "--templates", "tpl", "-o", "book")
    _one_line_error(r)
    assert (folder / "book.json").read_bytes() == b"older json"
    assert (folder / "book.html").read_bytes() == b"older html"
    assert (folder / "book.json").stat().st_mode & 0o777 == 0o600
    assert _leftovers(folder) == []


def test_a_write_error_in_the_second_format_names_its_target(issue, monkeypatch, capsys):
    from paper2book import api
    from paper2book.backends.html import HtmlBackend

    class Full(HtmlBackend):
        def write(self, book, path, options):
            Path(path).write_text("half")
            raise OSError(28, "No space left on device")

    real_get = api.registry.get
    monkeypatch.setattr(api.registry, "get", lambda name: Full() if name == "html" else real_get(name))
    (issue / "a.json").write_bytes(b"older")
    assert main([str(issue / "a.txt"), "--json", "--html"]) == 1
    err = capsys.readouterr().err
    assert err == f"paper2book: error: {issue / 'a.html'}: cannot write: No space left on device\n"
    assert (issue / "a.json").read_bytes() == b"older" and not (issue / "a.html").exists()
    assert sorted(p.name for p in issue.iterdir()) == ["a.json", "a.txt"]


def test_every_format_lands_and_the_summary_names_each(issue, run_cli):
    r = run_cli("a.txt", "--json", "--html", "--epub")
    assert r.returncode == 0, r.stderr
    assert all((issue / f"a.{ext}").stat().st_size for ext in ("json", "html", "epub"))
    assert r.stderr.startswith("paper2book: wrote a.json (") and "a.html (" in r.stderr
    assert "a.epub (" in r.stderr and _leftovers(issue) == []


# ---------------------------------------------------------------- outputs are no inputs

@pytest.fixture
def dumps(tmp_path) -> Path:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_bytes(DUMP)
    (tmp_path / "d" / "sub" / "b.txt").write_bytes(DUMP.replace(b"12-03", b"12-02"))
    return tmp_path


@pytest.mark.parametrize("output", ["d/a.txt", "d/sub/b.txt", "./d/sub/../a.txt"])
def test_an_input_found_in_a_folder_is_never_an_output(dumps, run_cli, output):
    r = run_cli("d", "--json", "-o", output)
    err = _one_line_error(r)
    assert f"output {Path(output)} would overwrite the input " in err and "-o" in err
    assert (dumps / "d" / "a.txt").read_bytes() == DUMP
    assert sorted(p.name for p in (dumps / "d").rglob("*")) == ["a.txt", "b.txt", "sub"]


def test_a_hard_link_to_an_input_is_never_an_output(dumps, run_cli):
    os.link(dumps / "d" / "sub" / "b.txt", dumps / "book.json")
    r = run_cli("d", "--json", "-o", "book.json")
    err = _one_line_error(r)
    assert "output book.json would overwrite the input d/sub/b.txt (a hard link to it)" in err
    assert (dumps / "book.json").read_bytes() == (dumps / "d" / "sub" / "b.txt").read_bytes()


def test_a_default_name_that_is_a_hard_link_to_an_input_is_refused(issue, run_cli):
    os.link(issue / "a.txt", issue / "a.json")
    err = _one_line_error(run_cli("a.txt", "--json"))
    assert "output a.json would overwrite the input a.txt (a hard link to it)" in err
    assert (issue / "a.json").read_bytes() == DUMP


def test_a_symlink_to_an_input_is_never_an_output(dumps, run_cli):
    (dumps / "book.json").symlink_to(dumps / "d" / "a.txt")
    err = _one_line_error(run_cli("d", "--json", "-o", "book.json"))
    assert "would overwrite the input d/a.txt" in err
    assert (dumps / "d" / "a.txt").read_bytes() == DUMP


# ---------------------------------------------------------------- -o FOLDER

def test_o_naming_a_folder_writes_the_default_names_there(issue, run_cli):
    (issue / "out").mkdir()
    r = run_cli("a.txt", "--epub", "--json", "-o", "out")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (issue / "out").iterdir()) == ["a.epub", "a.json"]
    assert "wrote out/a.epub (" in r.stderr


def test_o_naming_a_folder_with_several_inputs_takes_the_first_inputs_name(dumps, run_cli):
    (dumps / "out").mkdir()
    (dumps / "z.txt").write_bytes(DUMP.replace(b"12-03", b"12-04"))
    r = run_cli("z.txt", "d", "--json", "-o", "out/")
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (dumps / "out").iterdir()] == ["z.json"]
    r = run_cli("d", "z.txt", "--json", "-o", "out/")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (dumps / "out").iterdir()) == ["d.json", "z.json"]


def test_a_missing_path_ending_in_a_slash_is_a_folder_made(issue, run_cli):
    r = run_cli("a.txt", "--json", "-o", "new/sub/")
    assert r.returncode == 0, r.stderr
    assert (issue / "new" / "sub" / "a.json").is_file()


def test_o_naming_a_folder_refuses_stdin_as_a_usage_error(issue, run_cli):
    (issue / "out").mkdir()
    r = run_cli("-", "--json", "-o", "out", stdin=DUMP)
    assert r.returncode == 2 and "-o out is a folder" in r.stderr
    assert list((issue / "out").iterdir()) == []


def test_the_current_folder_as_input_names_the_output_for_it(dumps, run_cli):
    r = run_cli(".", "--json", cwd=dumps / "d")
    assert r.returncode == 0, r.stderr
    assert (dumps / "d.json").is_file()


# ---------------------------------------------------------------- default names: no links

@pytest.fixture
def victim(tmp_path) -> Path:
    (tmp_path / "elsewhere").mkdir()
    path = tmp_path / "elsewhere" / "victim"
    path.write_bytes(b"not yours")
    return path


def test_a_symlink_at_a_default_name_is_refused(issue, victim, run_cli):
    (issue / "a.json").symlink_to(victim)
    err = _one_line_error(run_cli("a.txt", "--json", "--html"))
    assert err.startswith("paper2book: error: a.json: cannot write: is a symbolic link") and "-o" in err
    assert victim.read_bytes() == b"not yours" and (issue / "a.json").is_symlink()
    assert not (issue / "a.html").exists() and _leftovers(issue) == []


def test_a_symlink_at_a_default_name_in_an_o_folder_is_refused(issue, victim, run_cli):
    (issue / "out").mkdir()
    (issue / "out" / "a.json").symlink_to(victim)
    err = _one_line_error(run_cli("a.txt", "--json", "-o", "out/"))
    assert "out/a.json: cannot write: is a symbolic link" in err
    assert victim.read_bytes() == b"not yours"


def test_a_dangling_symlink_at_a_default_name_makes_no_file_elsewhere(issue, tmp_path, run_cli):
    (issue / "a.json").symlink_to(tmp_path / "elsewhere" / "new")
    _one_line_error(run_cli("a.txt", "--json"))
    assert not (tmp_path / "elsewhere").exists()


def test_a_fifo_at_a_default_name_is_refused_without_blocking(issue, run_cli):
    os.mkfifo(issue / "a.json")
    err = _one_line_error(run_cli("a.txt", "--json", timeout=60))
    assert "a.json: cannot write: is a FIFO" in err


def test_o_naming_the_symlink_writes_through_it(issue, victim, run_cli):
    (issue / "a.json").symlink_to(victim)
    r = run_cli("a.txt", "--json", "-o", "a.json")
    assert r.returncode == 0, r.stderr
    assert (issue / "a.json").is_symlink() and victim.read_bytes().startswith(b"{")


def test_o_naming_a_fifo_writes_into_it(issue, run_cli):
    fifo = issue / "pipe.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run_cli("a.txt", "--json", "-o", "pipe.json", timeout=60)
    reader.join(10)
    assert r.returncode == 0, r.stderr
    assert got and got[0].startswith(b"{")
