"""``--scheduler`` when the cluster is not what it should be: every wait is bounded
(``dask_timeout``) and ends in one line naming the scheduler; a scheduler lost mid-run
loses only the books still out, and the next run makes them.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers.archive import make_archive
from helpers.tools import under_ci

try:
    from distributed import LocalCluster
except ImportError:
    LocalCluster = None

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _dask():
    if LocalCluster is None:
        reason = "dask.distributed not installed (pip install 'paper2book[distributed]')"
        if under_ci():
            pytest.fail(f"{reason}; CI=true needs it", pytrace=False)
        pytest.skip(reason)


def _config(tmp_path: Path, seconds: float) -> str:
    (tmp_path / "wait.yaml").write_text(f"dask_timeout: {seconds}\n")
    return "wait.yaml"


def _one_error(stderr: str, address: str) -> str:
    assert "Traceback" not in stderr and "distributed." not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("paper2book: error:")]
    assert len(errors) == 1 and address in errors[0], stderr
    return errors[0]


def test_a_port_that_says_nothing_is_one_line_in_bounded_time(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=1)
    quiet = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(quiet.accept()[0])      # and never a word
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    address = f"tcp://127.0.0.1:{quiet.getsockname()[1]}"
    try:
        started = time.monotonic()
        r = run_cli("dumps", "--split", "issue", "--json", "-o", "out", "--scheduler", address,
                    "--config", _config(tmp_path, 2), timeout=60)
        took = time.monotonic() - started
    finally:
        quiet.close()
        for s in held:
            s.close()
    assert r.returncode == 1
    line = _one_error(r.stderr, address)
    assert line.endswith("cannot reach the Dask scheduler: no answer in 2 s")
    assert took < 15, took
    print(f"silent port: {took:.1f} s")


def test_a_scheduler_without_workers_is_one_line_in_bounded_time(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=1)
    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        started = time.monotonic()
        r = run_cli("dumps", "--split", "issue", "--json", "-o", "out", "--scheduler", address,
                    "--config", _config(tmp_path, 2), timeout=60)
        took = time.monotonic() - started
    assert r.returncode == 1
    line = _one_error(r.stderr, address)
    assert "no Dask worker joined in 2 s" in line
    assert took < 15, took
    books = tmp_path / "out"
    assert not books.exists() or [p.name for p in books.iterdir()] in ([], [".paper2book-manifest.json"])
    print(f"no workers: {took:.1f} s")


def _free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def _dask(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def test_a_scheduler_killed_mid_run_loses_only_the_books_still_out(tmp_path, run_cli):
    make_archive(tmp_path / "dumps", months=[(2025, 12)], issues_per_month=8)
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    worker = _dask("worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard")
    out = tmp_path / "out"
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "paper2book", "dumps", "--split", "issue", "--epub", "--json",
             "-o", "out", "--scheduler", address, "--config", _config(tmp_path, 5)],
            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        end = time.monotonic() + 60
        while not (out.is_dir() and list(out.glob("*.json"))) and time.monotonic() < end:
            time.sleep(0.05)
        os.killpg(scheduler.pid, signal.SIGKILL)
        started = time.monotonic()
        _, err = child.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        for p in (scheduler, worker):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    stderr = err.decode()
    print(f"scheduler killed: the command ended {took:.1f} s later")
    assert child.returncode == 1 and took < 20
    assert "Traceback" not in stderr and "FutureCancelledError" not in stderr, stderr
    summary = stderr.splitlines()[-1]
    m = re.match(r"paper2book: (\d+) books? written, 0 up to date, (\d+) failed", summary)
    assert m, stderr
    written, failed = int(m[1]), int(m[2])
    assert written + failed == 16 and written >= 1 and failed >= 1
    # Each book lost is named, once; each that landed is recorded.
    lost = [line for line in stderr.splitlines() if line.startswith("paper2book: error:")]
    assert len(lost) == failed
    assert all(f"the Dask scheduler {address} went away" in line for line in lost), lost
    manifest = json.loads((out / ".paper2book-manifest.json").read_text())
    landed = set(manifest["outputs"])
    assert len(landed) == written
    assert all((out / n).is_file() for n in landed)
    # The next run, here, makes the rest and sweeps what the lost worker left.
    r = run_cli("dumps", "--split", "issue", "--epub", "--json", "-o", "out", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert re.match(rf"paper2book: \d+ books? written, {written} up to date, 0 failed", r.stderr)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        ".paper2book-manifest.json"]
