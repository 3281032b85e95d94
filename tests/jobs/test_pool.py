"""Books made in a pool of processes are the books made one after the other, and one
book that fails stops no other."""

from __future__ import annotations

import os

import pytest

from helpers.archive import make_archive

EPOCH = {"SOURCE_DATE_EPOCH": "1764720000"}


def _books(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.mark.slow
def test_one_process_or_two_give_the_same_bytes(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=3, pages=(1, 2))
    env = dict(os.environ, **EPOCH)
    made = {}
    for jobs in ("1", "2"):
        r = run_cli("dumps", "--split", "issue", "--epub", "--pdf", "--html", "--json",
                    "--jobs", jobs, "-o", f"jobs{jobs}", env=env)
        assert r.returncode == 0, r.stderr
        assert r.stderr.startswith("paper2book: 12 books written, 0 up to date, 0 failed: 3 issues")
        made[jobs] = _books(tmp_path / f"jobs{jobs}")
    assert len(made["1"]) == 12
    assert made["1"] == made["2"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_input_fails_alone(tmp_path, run_cli, jobs):
    paths = make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=3)
    bad = paths[1]
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = run_cli("dumps", "--split", "issue", "--epub", "--jobs", jobs, "-o", "books")
    assert r.returncode == 1
    assert sorted(p.name for p in (tmp_path / "books").glob("*.epub")) == [
        "九江日报-2025-12-01.epub", "九江日报-2025-12-03.epub"]
    shown = os.path.relpath(bad, tmp_path)
    assert f"paper2book: error: {shown}: binary data" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("paper2book: 2 books written, 0 up to date, 1 failed")
    # Mended, it is made; the others are up to date.
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=3)
    r = run_cli("dumps", "--split", "issue", "--epub", "--jobs", jobs, "-o", "books")
    assert r.returncode == 0 and r.stderr.startswith("paper2book: 1 book written, 2 up to date")
