"""Where a job's steps run: here, in a pool of local processes, or on a Dask cluster.

A step is a plain function of one picklable argument, and of the results of
the steps it comes ``after`` (so a book can later be split into parts and a
step that merges them).  ``run`` yields each step with its result as it
finishes, in whatever order they finish; a step that raised yields the
exception, and so do the steps after it, which are not run.

The local pool uses the ``forkserver`` start method where there is one:
workers start from a small clean process, never as a fork of this one
(whose threads and loaded libraries, Pango's and cffi's among them, a fork
does not carry over safely), and faster than ``spawn``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..config.schema import DEFAULTS
from ..errors import Paper2BookError
from . import cluster
from .lifeline import Lifeline, watch

# Imported by the fork server once, so that each worker starts with them loaded.
PRELOAD = ["paper2book.jobs.task", "paper2book.jobs.scan"]


@dataclass(frozen=True)
class Step:
    key: str                                # unique in the job
    fn: Callable[..., Any]                  # fn(arg, *results of the steps in after)
    arg: Any
    after: tuple[str, ...] = ()


class DistributedMissing(Paper2BookError):
    pass


def cores() -> int:
    counted = getattr(os, "process_cpu_count", None) or os.cpu_count
    return counted() or 1


class InProcess:
    """Each step in this process, one after the other (``--jobs 1``)."""

    def run(self, steps: Iterable[Step]) -> Iterator[tuple[Step, Any]]:
        results: dict[str, Any] = {}
        for step in _ordered(list(steps)):
            result = _failure(step, results)
            if result is None:
                try:
                    result = step.fn(step.arg, *(results[k] for k in step.after))
                except Exception as e:
                    result = e
            results[step.key] = result
            yield step, result

    def close(self, abandon: bool = False) -> None:
        pass


class LocalPool:
    """A pool of ``workers`` processes on this machine."""

    def __init__(self, workers: int):
        # Imported here: a second run that makes nothing starts no pool, and is quicker without.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(PRELOAD)
        # The workers are the fork server's children: a pipe from here tells them this
        # process is gone, however it went (lifeline.py).
        self.lifeline = Lifeline(ctx)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=watch,
                                        initargs=(self.lifeline.reader,))

    def run(self, steps: Iterable[Step]) -> Iterator[tuple[Step, Any]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        waiting = _ordered(list(steps))
        results: dict[str, Any] = {}
        running: dict[Any, Step] = {}
        while waiting or running:
            for step in [s for s in waiting if all(k in results for k in s.after)]:
                waiting.remove(step)
                failed = _failure(step, results)
                if failed is not None:
                    results[step.key] = failed
                    yield step, failed
                    continue
                running[self.pool.submit(step.fn, step.arg, *(results[k] for k in step.after))] = step
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                step = running.pop(future)
                try:
                    results[step.key] = future.result()
                except Exception as e:          # the worker died, or the step raised
                    results[step.key] = e
                yield step, results[step.key]

    def close(self, abandon: bool = False) -> None:
        """``abandon``: the job stops (a signal, an error): the workers stop what they make."""
        if abandon:
            self.lifeline.cut()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.lifeline.close()


class DaskCluster:
    """The steps as tasks of a Dask cluster (``--scheduler tcp://HOST:PORT``); the workers
    need paper2book installed and the inputs and output folder at the same paths.  Every
    wait is bounded by ``timeout`` seconds (cluster.py)."""

    def __init__(self, address: str, timeout: float = DEFAULTS["dask_timeout"]):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise DistributedMissing(
                f"--scheduler {address}: Dask is not installed here; "
                "pip install 'paper2book[distributed]' (or 'dask[distributed]')") from None
        self.address, self.timeout = address, timeout
        self._quiet = contextlib.ExitStack()
        self._quiet.enter_context(cluster.dask_quiet())
        try:
            self.client = cluster.connect(address, timeout)
        except BaseException:
            self._quiet.close()
            raise
        self._futures: list[Any] = []

    def run(self, steps: Iterable[Step]) -> Iterator[tuple[Step, Any]]:
        futures: dict[str, Any] = {}
        by_future: dict[Any, Step] = {}
        ordered = _ordered(list(steps))
        for n, step in enumerate(ordered):
            # In the order given, as the local pool does: a volume's parts wait for those
            # before them (jobs/volume.py), which must not be left queued.
            future = self.client.submit(step.fn, step.arg, *(futures[k] for k in step.after),
                                        pure=False, priority=len(ordered) - n)
            futures[step.key] = future
            by_future[future] = step
        self._futures = list(by_future)
        for future, result in cluster.results(self.client, self._futures, self.address, self.timeout):
            yield by_future[future], result

    def close(self, abandon: bool = False) -> None:
        """``abandon``: the job stops; the tasks not yet run are cancelled."""
        try:
            if abandon and self._futures and self.client.status == "running":
                with contextlib.suppress(Exception):
                    self.client.cancel(self._futures)
            with contextlib.suppress(Exception):    # a scheduler that went away: nothing to close
                self.client.close(timeout=self.timeout)
        finally:
            self._quiet.close()


# Where a job's steps run.
Runner = InProcess | LocalPool | DaskCluster


def runner(jobs: int | None, scheduler: str | None, steps: int,
           dask_timeout: float = DEFAULTS["dask_timeout"]) -> InProcess | LocalPool | DaskCluster:
    """Where ``steps`` steps run: the cluster if given, else ``jobs`` processes (default: the
    machine's cores; no pool for one process or one step)."""
    if scheduler:
        return DaskCluster(scheduler, dask_timeout)
    workers = min(jobs or cores(), steps)
    return LocalPool(workers) if workers > 1 else InProcess()


def _failure(step: Step, results: dict[str, Any]) -> BaseException | None:
    """The exception of a step ``step`` comes after, if one failed."""
    return next((results[k] for k in step.after if isinstance(results[k], BaseException)), None)


def _ordered(steps: list[Step]) -> list[Step]:
    """The steps with each after those it needs (they are given so, or in any order)."""
    known = {s.key for s in steps}
    for s in steps:
        missing = [k for k in s.after if k not in known]
        if missing:
            raise ValueError(f"step {s.key!r} comes after unknown steps {missing}")
    out: list[Step] = []
    placed: set[str] = set()
    pending = list(steps)
    while pending:
        ready = [s for s in pending if all(k in placed for k in s.after)]
        if not ready:
            raise ValueError("steps wait on each other in a circle")
        for s in ready:
            out.append(s)
            placed.add(s.key)
            pending.remove(s)
    return out
