"""``--scheduler``: the same books made on a Dask cluster, byte for byte.

The cluster runs here, on 127.0.0.1 only: a scheduler and two worker processes.
Without Dask the test skips, except under CI (the test extra installs it).
"""

from __future__ import annotations

import os

import pytest

from helpers.archive import make_archive
from helpers.tools import under_ci

try:
    from distributed import LocalCluster
except ImportError:
    LocalCluster = None


@pytest.fixture(scope="module")
def cluster():
    if LocalCluster is None:
        reason = "dask.distributed not installed (pip install 'paper2book[distributed]')"
        if under_ci():
            pytest.fail(f"{reason}; CI=true needs it", pytrace=False)
        pytest.skip(reason)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as c:
        yield c


@pytest.mark.slow
def test_a_cluster_makes_the_same_books(cluster, tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12), (2026, 1)], issues_per_month=2)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764720000")
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    runs = {}
    for where, extra in (("here", ["--jobs", "1"]), ("dask", ["--scheduler", cluster.scheduler_address])):
        r = run_cli("dumps", "--split", "issue", "--epub", "--json", "-o", where, *extra, env=env)
        assert r.returncode == 0, r.stderr
        assert r.stderr.startswith("paper2book: 8 books written, 0 up to date, 0 failed: 4 issues")
        runs[where] = {p.name: p.read_bytes() for p in sorted((tmp_path / where).iterdir())
                       if not p.name.startswith(".")}
    assert len(runs["here"]) == 8 and runs["dask"] == runs["here"]
    # The client keeps the manifest: a second run on the cluster makes nothing.
    r = run_cli("dumps", "--split", "issue", "--epub", "--json", "-o", "dask",
                "--scheduler", cluster.scheduler_address, env=env)
    assert r.stderr.startswith("paper2book: 0 books written, 8 up to date")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(tmp_path, run_cli):
    if LocalCluster is None:
        pytest.skip("dask.distributed not installed")
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=1)
    r = run_cli("dumps", "--split", "issue", "--json", "-o", "out",
                "--scheduler", "tcp://127.0.0.1:9")
    assert r.returncode == 1
    assert "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_a_volumes_pdf_typeset_on_the_cluster_is_the_local_one(cluster, tmp_path, run_cli):
    """Without --split a month's PDF is typeset issue by issue: on the cluster, the parts
    go to its workers (beside the output, a folder they share) and the merge is the same."""
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=3,
                 pages=(2, 2), articles=(1, 2), paragraphs=(2, 4))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764720000")
    here = run_cli("dumps", "--pdf", "-o", "here.pdf", "--jobs", "1", env=env)
    dask = run_cli("dumps", "--pdf", "-o", "dask.pdf", "--scheduler", cluster.scheduler_address,
                   env=env)
    assert here.returncode == 0 and dask.returncode == 0, here.stderr + dask.stderr
    assert (tmp_path / "dask.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask.pdf", "dumps", "here.pdf"]
