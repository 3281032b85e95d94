"""Issue 22: archive folders as people keep them.  A ``.txt`` a folder brings that holds
no e-paper reader screen at all (notes, an empty or binary file) is skipped with one
warning naming it; the same file named on the command line is an error, as is any such
file with ``strict``; a damaged dump is never skipped."""

from __future__ import annotations

import logging
import shutil

import pytest

from paper2book import api
from paper2book.errors import InputError

from helpers import FIXTURES, ROOT

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
NOTES = "这个月缺了3号和17号的报纸，记得去图书馆补。\n"


@pytest.fixture
def month(tmp_path):
    folder = tmp_path / "2025-12"
    folder.mkdir()
    shutil.copy(SEED, folder / "03.txt")
    (folder / "备注.txt").write_text(NOTES, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"\n\n")
    return folder


def _warnings(stderr: str) -> list[str]:
    return [x for x in stderr.splitlines() if x.startswith("paper2book: warning:")]


@pytest.mark.allow_warnings
def test_a_notes_file_in_a_folder_is_skipped_with_a_warning(month, run_cli):
    r = run_cli(str(month), "--json", "-o", str(month.parent / "m.json"), cwd=month.parent)
    assert r.returncode == 0, r.stderr
    assert [w.split(":")[2].strip() for w in _warnings(r.stderr)] == ["2025-12/empty.txt", "2025-12/备注.txt"]
    assert all("skipped" in w for w in _warnings(r.stderr))
    assert "1 issue, 1 版面, 1 article" in r.stderr


def test_a_notes_file_named_is_an_error(month, run_cli):
    r = run_cli(str(month / "备注.txt"), "--json", "-o", "-", cwd=month.parent)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "paper2book: error: 2025-12/备注.txt: no article found: this is not a dump from an e-paper "
        "reader (no 电子报阅读机 header, 日期 or 版面 line)"]


@pytest.mark.allow_warnings
def test_a_split_month_with_notes_is_made_not_failed(month, run_cli):
    r = run_cli(str(month), "--split", "month", "--json", "-o", str(month.parent / "books"),
                cwd=month.parent)
    assert r.returncode == 0, r.stderr
    assert len(_warnings(r.stderr)) == 2
    assert "1 book written, 0 up to date, 0 failed" in r.stderr
    assert (month.parent / "books" / "九江日报-2025-12.json").exists()


def test_strict_makes_a_skip_an_error(month):
    with pytest.raises(InputError, match="empty.txt: empty file"):
        api.read(month, strict=True)


@pytest.mark.allow_warnings
def test_a_damaged_dump_in_a_folder_is_read_with_its_warnings(tmp_path, caplog):
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(FIXTURES / "parser" / "damaged.txt", folder / "damaged.txt")
    (folder / "备注.txt").write_text(NOTES, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="paper2book"):
        book = api.read(folder)
    assert book.articles
    messages = [r.getMessage() for r in caplog.records]
    assert any("damaged.txt:" in m for m in messages)
    assert sum("skipped" in m for m in messages) == 1


@pytest.mark.allow_warnings
def test_a_folder_of_notes_only_is_an_error(tmp_path):
    (tmp_path / "备注.txt").write_text(NOTES, encoding="utf-8")
    with pytest.raises(InputError, match="no file holds an e-paper reader's screens"):
        api.read(tmp_path)
