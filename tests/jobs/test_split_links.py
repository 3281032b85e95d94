"""``--split`` writes its books and manifest only as regular files: a link or FIFO found
under one of its names (a downloaded folder) is refused with one line, never written
through or blocked on, and the other books go on."""

from __future__ import annotations

import os

import pytest

from helpers.archive import make_archive

MANIFEST = ".paper2book-manifest.json"


@pytest.fixture
def dl(tmp_path):
    """A downloaded folder of two issues; the books go into it (no -o)."""
    root = tmp_path / "dl"
    make_archive(root, months=[(2025, 12)], issues_per_month=2)
    return root


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim"
    path.write_bytes(b"not yours")
    return path


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("paper2book: error:")]


def test_a_symlink_under_a_books_name_is_refused_and_the_other_books_go_on(dl, victim, run_cli):
    (dl / "九江日报-2025-12-01.epub").symlink_to(victim)
    r = run_cli(str(dl), "--split", "issue", "--epub")
    assert r.returncode == 1
    assert victim.read_bytes() == b"not yours"
    assert (dl / "九江日报-2025-12-01.epub").is_symlink()
    [error] = _errors(r.stderr)
    assert "九江日报-2025-12-01.epub" in error and "symbolic link" in error
    assert (dl / "九江日报-2025-12-02.epub").read_bytes()[:2] == b"PK"
    assert "Traceback" not in r.stderr
    # Run again: the link is not taken for a made book, and is refused again.
    again = run_cli(str(dl), "--split", "issue", "--epub")
    assert again.returncode == 1 and len(_errors(again.stderr)) == 1
    assert victim.read_bytes() == b"not yours"


def test_a_symlink_under_the_manifests_name_stops_the_job_before_any_work(dl, victim, run_cli):
    (dl / MANIFEST).symlink_to(victim)
    r = run_cli(str(dl), "--split", "issue", "--epub")
    assert r.returncode == 1
    assert victim.read_bytes() == b"not yours"
    [error] = _errors(r.stderr)
    assert MANIFEST in error and "symbolic link" in error
    assert not list(dl.glob("*.epub"))


def test_a_dangling_symlink_under_the_manifests_name_makes_no_file_elsewhere(dl, tmp_path, run_cli):
    (dl / MANIFEST).symlink_to(tmp_path / "elsewhere")
    r = run_cli(str(dl), "--split", "issue", "--json")
    assert r.returncode == 1 and len(_errors(r.stderr)) == 1
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("name", ["九江日报-2025-12-01.json", MANIFEST])
def test_a_fifo_under_a_name_is_refused_without_blocking(dl, run_cli, name):
    os.mkfifo(dl / name)
    r = run_cli(str(dl), "--split", "issue", "--json", timeout=60)
    assert r.returncode == 1
    [error] = _errors(r.stderr)
    assert name in error and "FIFO" in error


def test_the_books_folder_through_a_link_the_user_named_is_still_written(dl, tmp_path, run_cli):
    """Only names paper2book chose are refused: ``-o`` naming a link to a folder is the user's."""
    (tmp_path / "real").mkdir()
    (tmp_path / "books").symlink_to(tmp_path / "real")
    r = run_cli(str(dl), "--split", "issue", "--json", "-o", str(tmp_path / "books"))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == [
        MANIFEST, "九江日报-2025-12-01.json", "九江日报-2025-12-02.json"]
