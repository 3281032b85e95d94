"""Books made in a pool of processes are the books made one after the other, and one
book that fails stops no other."""

from __future__ import annotations

import json
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
    bad.write_bytes(bad.read_bytes() + b"\n\xff\xff\n")        # a dump, damaged: not a notes file
    r = run_cli("dumps", "--split", "issue", "--epub", "--jobs", jobs, "-o", "books")
    assert r.returncode == 1
    assert sorted(p.name for p in (tmp_path / "books").glob("*.epub")) == [
        "九江日报-2025-12-01.epub", "九江日报-2025-12-03.epub"]
    shown = os.path.relpath(bad, tmp_path)
    assert f"paper2book: error: {shown}: line " in r.stderr and "not UTF-8 or GB18030" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("paper2book: 2 books written, 0 up to date, 1 failed")
    # Mended, it is made; the others are up to date.
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=3)
    r = run_cli("dumps", "--split", "issue", "--epub", "--jobs", jobs, "-o", "books")
    assert r.returncode == 0 and r.stderr.startswith("paper2book: 1 book written, 2 up to date")


def test_inputs_scanned_on_workers_as_here(tmp_path, monkeypatch):
    """Many inputs are scanned on the workers (here: any number), as they would be here."""
    from paper2book import jobs
    from paper2book.config.options import JobOptions, RenderOptions
    from paper2book.jobs import inputs

    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=4)
    manifests = []
    for workers, at_least in ((1, inputs.SCANS_FOR_WORKERS), (2, 1)):
        monkeypatch.setattr(inputs, "SCANS_FOR_WORKERS", at_least)
        out = tmp_path / f"out{workers}"
        report = jobs.run(jobs.JobSpec(inputs=[str(tmp_path / "dumps")], formats={"json": ".json"},
                                       folder=out, options=RenderOptions(),
                                       job=JobOptions(split="month", jobs=workers)))
        assert (report.written, report.failed, report.counts[0]) == (1, 0, 4)
        manifests.append(json.loads((out / ".paper2book-manifest.json").read_text(encoding="utf-8")))
    assert manifests[0]["inputs"] == manifests[1]["inputs"] and len(manifests[0]["inputs"]) == 4
