"""A site's manifest entries are data, not orders: a damaged ``site`` section (an edited or
copied manifest) is dropped with one warning and the months made again, and no name in it
ever reaches a file outside the site."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from paper2book.site.entries import checked_months
from paper2book.site.files import SiteFolder, safe_name

from helpers.archive import make_archive
from helpers.cli import run_cli

MANIFEST = ".paper2book-manifest.json"
VICTIM = b"not the site's\n"


def contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*") if p.is_file() and p.name != MANIFEST}


def site_run(dumps: Path, site: Path):
    return run_cli(str(dumps), "--site", str(site), "--jobs", "1")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site of two months, built once; each test damages its own copy."""
    base = tmp_path_factory.mktemp("built")
    make_archive(base / "dumps", months=[(2025, 12), (2026, 1)], issues_per_month=2)
    r = site_run(base / "dumps", base / "site")
    assert r.returncode == 0, r.stderr
    return base / "dumps", base / "site"


def _first(site: dict) -> dict:
    return site["months"][sorted(site["months"])[0]]


def _files_leave(site: dict) -> None:
    _first(site)["files"].append("../../victim")


def _files_leave_a_remade_month(site: dict) -> None:
    """A month made again (its key no longer the dumps'): what its old entry listed and the
    new run does not make is removed, so the listed victim would go."""
    _first(site)["files"].append("../../victim")
    _first(site)["key"] = "0" * 64


def _volume_leaves(site: dict) -> None:
    vol = sorted(site["months"])[0]
    site["months"]["../../victim"] = site["months"].pop(vol)


def _meta_id(site: dict) -> None:
    _first(site)["meta"]["id"] = "../x"


def _meta_count(site: dict) -> None:
    _first(site)["meta"]["bsize"] = "1"


def _months_text(site: dict) -> None:
    site["months"] = "abc"


def _issue_dict(site: dict) -> None:
    issue = _first(site)["issues"][0]
    _first(site)["issues"][0] = {"date": issue[0], "pages": issue[2]}


def _issue_bool(site: dict) -> None:
    _first(site)["issues"][0][2] = True


def _issue_short(site: dict) -> None:
    del _first(site)["issues"][0][3]


DAMAGES: dict[str, Callable[[dict], None]] = {
    "files-leave-the-site": _files_leave, "files-leave-a-remade-month": _files_leave_a_remade_month,
    "volume-id-leaves": _volume_leaves,
    "meta-id": _meta_id, "meta-count-not-int": _meta_count, "months-not-a-dict": _months_text,
    "issue-is-a-dict": _issue_dict, "issue-count-bool": _issue_bool, "issue-too-short": _issue_short,
}


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_site_entry_is_made_again_and_never_reaches_outside(built, tmp_path, damage):
    dumps, original = built
    site = tmp_path / "out" / "site"
    shutil.copytree(original, site)
    victim = tmp_path / "victim"            # what "../../victim" names from the site's root
    victim.write_bytes(VICTIM)
    manifest = site / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    DAMAGES[damage](data["site"])
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    r = site_run(dumps, site)
    assert r.returncode == 0, r.stderr
    assert victim.read_bytes() == VICTIM
    assert contents(site) == contents(original)
    warnings = [line for line in r.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, r.stderr
    assert str(manifest) in warnings[0] and "made again" in warnings[0]
    repaired = json.loads(manifest.read_text(encoding="utf-8"))["site"]
    assert repaired == json.loads((original / MANIFEST).read_text(encoding="utf-8"))["site"]

    r = site_run(dumps, site)
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr
    assert "0 files written, 0 removed, 0 months made, 2 up to date" in r.stderr


@pytest.mark.slow
def test_a_listed_file_outside_the_site_is_not_removed(built, tmp_path):
    """The site's own file list (the calendars, the start page) is filtered name by name:
    the good names still go when the site no longer makes them."""
    dumps, original = built
    site = tmp_path / "out" / "site"
    shutil.copytree(original, site)
    victim = tmp_path / "victim"
    victim.write_bytes(VICTIM)
    (site / "old.html").write_bytes(b"a page of an earlier run\n")
    manifest = site / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["site"]["files"] += ["../../victim", "old.html", "/etc/passwd", ".hidden"]
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    r = site_run(dumps, site)
    assert r.returncode == 0, r.stderr
    assert "1 removed" in r.stderr
    assert victim.read_bytes() == VICTIM
    assert contents(site) == contents(original)


def test_checked_months_keeps_good_entries_and_counts_the_others():
    good = {"key": "k", "files": ["a/b.html"], "issues": [["2025-12-01", ["题"], 4, 20]],
            "meta": {"id": "0123abcd-2025-12", "nu": 1, "n": 20, "bsize": 900}}
    assert checked_months(None) == ({}, 0)
    assert checked_months("abc") == ({}, 1)
    assert checked_months({"0123abcd-2025-12": good}) == ({"0123abcd-2025-12": good}, 0)
    bad = {**good, "files": ["a/../../b"]}
    assert checked_months({"0123abcd-2025-12": good, "0123abcd-2026-01": bad}) == (
        {"0123abcd-2025-12": good}, 1)
    assert checked_months({"0123abcd-2026-01": good}) == ({}, 1)       # meta id not its volume's
    assert checked_months({"x": good}) == ({}, 1)
    assert checked_months({"0123abcd-2025-12": {**good, "meta": None}})[1] == 0


@pytest.mark.parametrize("name", ["index.html", "九江日报/2025/12-01.html", "_p2b/index/meta.js",
                                  "books/九江日报 2025-12-01.epub"])
def test_safe_name_accepts_names_below_the_root(name):
    assert safe_name(name)


@pytest.mark.parametrize("name", ["", "..", "../victim", "a/../../b", "/etc/passwd", "a//b", "a/",
                                  ".paper2book-manifest.json", "a/.hidden", "a\\..\\b", "a\0b",
                                  "a/" * 600 + "b", None, 3, ["a"], b"index.html"])
def test_safe_name_refuses_what_could_leave_the_root(name):
    assert not safe_name(name)


def test_site_folder_never_writes_or_removes_outside(tmp_path):
    from paper2book.errors import OutputError

    root = tmp_path / "site"
    root.mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(VICTIM)
    folder = SiteFolder(root)
    assert not folder.remove("../victim")
    with pytest.raises(OutputError):
        folder.write("../victim", b"overwritten")
    assert victim.read_bytes() == VICTIM
    assert folder.write("a/b.html", b"x") and folder.remove("a/b.html")
    assert not (root / "a").exists()


def test_a_stop_right_after_a_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """SIGINT raises in the main thread between any two steps: the moment after the
    temporary file exists is the worst one."""
    import os

    import paper2book.site.files as files

    real_open = os.open

    def open_then_stop(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).endswith(".part") and flags & os.O_CREAT:
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    site = SiteFolder(tmp_path)
    monkeypatch.setattr(files.os, "open", open_then_stop)
    with pytest.raises(KeyboardInterrupt):
        site.write("2025/index.html", b"<p>")
    monkeypatch.undo()
    assert [p.name for p in (tmp_path / "2025").iterdir()] == []
    assert site.write("2025/index.html", b"<p>") and (tmp_path / "2025/index.html").read_bytes() == b"<p>"
