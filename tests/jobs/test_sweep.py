"""The next run sweeps what a killed run left in its output folder: only names of the
shapes we leave, for names the job knows, never through a link, never outside the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paper2book import output
from paper2book.backends.pdf import volume
from paper2book.jobs.sweep import leftover, sweep

from helpers.archive import make_archive

BOOK = "九江日报-2025-12-01.epub"


def real_leftovers(folder: Path, name: str) -> dict[str, str]:
    """The names output.py and the volume's parts really leave for ``name``, by kind."""
    tx = output.Transaction()
    part = tx.path_for(folder / name)
    (folder / name).write_bytes(b"old")
    tx._outputs[-1].old = os.stat(folder / name)
    tx._outputs[-1].keep_old()
    old = tx._outputs[-1].backup
    assert old is not None
    with volume.parts_folder(part) as parts:
        kept = parts.name
    (folder / kept).mkdir()
    (folder / kept / "count-1").write_text("3")
    (folder / name).unlink()
    return {"part": part.name, "old": old.name, "parts": kept}


def test_the_shapes_are_those_output_and_the_volume_leave(tmp_path):
    names = real_leftovers(tmp_path, BOOK)
    for kind, name in names.items():
        assert leftover(name, {BOOK}) == kind, name
        assert leftover(name, {"九江日报-2025-12-02.epub"}) is None      # not a name of ours
    assert sweep(tmp_path, {BOOK}) == 3
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", [
    BOOK, ".notes.part", f".{BOOK}.part", f".{BOOK}.abcdefg.part", f".{BOOK}.ABCDEFGH.part",
    f".{BOOK}.abcdefgh.part.bak", f".{BOOK}.1.old", f".{BOOK}.x.1.old", f"..{BOOK}.parts-abc",
    f".{BOOK}.abcdefgh.part.parts-abcdefghi", f"x.{BOOK}.abcdefgh.part"])
def test_names_of_other_shapes_are_not_ours(name):
    assert leftover(name, {BOOK}) is None


def test_links_and_other_kinds_are_left_alone(tmp_path):
    folder, outside = tmp_path / "books", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "victim").write_text("keep")
    names = real_leftovers(folder, BOOK)
    for n in names.values():        # each replaced by a link to something outside
        path = folder / n
        if path.is_dir():
            for f in path.iterdir():
                f.unlink()
            path.rmdir()
        else:
            path.unlink()
    os.symlink(outside / "victim", folder / names["part"])
    os.symlink(outside / "victim", folder / names["old"])
    os.symlink(outside, folder / names["parts"])
    (folder / f".{BOOK}.abcdefgh.part").mkdir()             # a folder of a file's shape
    (folder / "sub").mkdir()
    (folder / "sub" / f".{BOOK}.abcdefgh.part").write_text("in a subfolder")
    assert sweep(folder, {BOOK}) == 0
    assert (outside / "victim").read_text() == "keep"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*names.values(), f".{BOOK}.abcdefgh.part", "sub"])
    assert (folder / "sub" / f".{BOOK}.abcdefgh.part").exists()


def test_a_parts_folder_is_removed_without_following_links_inside(tmp_path):
    folder, outside = tmp_path / "books", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "victim").write_text("keep")
    parts = folder / f"..{BOOK}.abcdefgh.part.parts-ijklmnop"
    parts.mkdir()
    os.symlink(outside, parts / "linked")
    os.symlink(outside / "victim", parts / "count-1")
    assert sweep(folder, {BOOK}) == 1
    assert not parts.exists() and (outside / "victim").read_text() == "keep"


@pytest.mark.slow
def test_the_next_run_sweeps_its_folder(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=2)
    r = run_cli("dumps", "--split", "issue", "--epub", "-o", "books", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    books = tmp_path / "books"
    made = sorted(p.name for p in books.iterdir())
    book = next(n for n in made if n.endswith(".epub"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    planted = {n: real_leftovers(scratch, n) for n in (book, "九江日报-2025-12-31.epub")}
    for n in scratch.iterdir():
        n.rename(books / n.name)
    kept = planted["九江日报-2025-12-31.epub"].values()       # of a book no run makes
    (books / "..paper2book-manifest.json.abcd1234.part").write_text("{")    # the manifest's
    (books / "notes.txt").write_text("mine")
    r = run_cli("dumps", "--split", "issue", "--epub", "-o", "books", "--jobs", "1", "-v")
    assert r.returncode == 0, r.stderr
    assert "removed 4 temporary files an interrupted run left" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("paper2book: 0 books written, 2 up to date")
    assert sorted(p.name for p in books.iterdir()) == sorted([*made, *kept, "notes.txt"])
