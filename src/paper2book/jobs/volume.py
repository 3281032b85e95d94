"""Where one book's work runs: a volume's PDF typeset in parts on the job's workers.

This is the one place that decides what runs in parallel:

- the command's single book (no ``--split``): a PDF of several issues has its
  parts typeset side by side, on ``--jobs`` worker processes (default: the
  machine's cores) or on the Dask cluster of ``--scheduler``; every other
  output is written here, by its backend, as ``api.render`` does;
- a split job (job.py): the books run in parallel, a step each, and a
  volume's parts one after the other inside its book's step, through the
  backend's own ``write`` (task.py);
- the API (``paper2book.write``): everything in the caller's process;
  ``write`` here is the API's with workers.

The parts (backends/pdf/volume.py) are plain functions; here they become
steps (runner.Step): the front matter counted first, then every issue after
it, started in order (an issue waits for the page counts of those before
it), the front matter typeset once the issues before the last are.  Each
step runs with the job's log level and SOURCE_DATE_EPOCH and hands its log
records back (logs.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from ..api import edition
from ..api import render as render_here
from ..backends.pdf import volume
from ..backends.pdf.part import VolumePart
from ..config.options import RenderOptions
from ..config.schema import DEFAULTS
from ..model import Book
from ..output import atomic_path
from .logs import captured_logs, replay
from .runner import DaskCluster, InProcess, LocalPool, Step, cores, runner
from .task import epoch_set


def in_parts(book: Book, backend: str) -> bool:
    """Whether the output is a volume's PDF, whose parts the workers typeset."""
    return backend == "pdf" and len(book.issues) > 1


def render(book: Book, backend: str, path: str | PathLike[str], options: RenderOptions | None = None,
           *, jobs: int | None = None, scheduler: str | None = None,
           dask_timeout: float | None = None) -> dict[str, Any]:
    """``api.render``, a volume's PDF typeset on ``jobs`` worker processes (None: the
    machine's cores) or on the Dask cluster at ``scheduler`` (waited on for at most
    ``dask_timeout`` seconds at a time; None: the configuration's default)."""
    options = options or RenderOptions()
    if not in_parts(book, backend) or options.writing_mode == "vertical":   # one print
        return render_here(book, backend, path, options)
    book, options = edition(book, options)
    merged = typeset_volume(book, Path(path), options, jobs=jobs, scheduler=scheduler,
                            dask_timeout=dask_timeout)
    return {"pages": merged.pages, "blank_pages": merged.blanks}


def write(book: Book, backend: str, path: str | PathLike[str], options: RenderOptions | None = None,
          *, jobs: int | None = None, scheduler: str | None = None,
          dask_timeout: float | None = None) -> Path:
    """``api.write`` (atomically, into ``path``) with a volume's PDF typeset on workers.  As
    for any use of multiprocessing, a script calling it keeps its own work under
    ``if __name__ == "__main__":``."""
    target = Path(path)
    with atomic_path(target) as tmp:
        render(book, backend, tmp, options, jobs=jobs, scheduler=scheduler,
               dask_timeout=dask_timeout)
    return target


def typeset_volume(book: Book, path: Path, options: RenderOptions, *, jobs: int | None,
                   scheduler: str | None, dask_timeout: float | None = None) -> volume.Merged:
    """The volume's PDF at ``path``, its parts typeset on the workers; its pages and blanks."""
    from .. import reporting

    with volume.parts_folder(path) as folder:
        parts = volume.plan(book, options, folder)
        n = len(parts.issues)
        level = logging.getLogger("paper2book").getEffectiveLevel()
        epoch = os.environ.get("SOURCE_DATE_EPOCH")

        def step(key: str, fn: Callable[..., volume.Laid], part: VolumePart,
                 after: tuple[str, ...] = ()) -> Step:
            return Step(key, _caught, _Call(fn, part, level, epoch), after)

        steps = [step("count0", volume.count, parts.front),
                 *(step(f"part{k}", volume.typeset, part, ("count0",))
                   for k, part in enumerate(parts.issues, 1)),
                 step("part0", volume.typeset, parts.front,
                      ("count0", *(f"part{k}" for k in range(1, n))))]
        reporting.stage(f"PDF: typesetting {n} issues…")
        laid: dict[str, volume.Laid] = {}
        seen: set[tuple[int, str]] = set()
        typeset = 0
        where = _workers(jobs, scheduler, n, dask_timeout)
        try:
            for done, result in where.run(steps):
                if isinstance(result, BaseException):
                    raise result
                replay(tuple(r for r in result.logs if r not in seen))     # each warning once
                seen.update(result.logs)
                laid[done.key] = result.value
                if done.key.startswith("part"):
                    typeset += 1
                    reporting.stage(f"PDF: {typeset} of {n + 1} parts typeset…")
        except BaseException:
            where.close(abandon=True)       # a signal, a failed part: the others stop too
            raise
        where.close()
        return volume.finish(parts, [laid[f"part{k}"] for k in range(n + 1)], path)


def _workers(jobs: int | None, scheduler: str | None, parts: int,
             dask_timeout: float | None) -> InProcess | LocalPool | DaskCluster:
    """Worker processes even for ``jobs`` 1: this process, which merges, never holds a
    layout's memory too."""
    if scheduler or (jobs or cores()) > 1:
        return runner(jobs, scheduler, parts,
                      DEFAULTS["dask_timeout"] if dask_timeout is None else dask_timeout)
    return LocalPool(1)


@dataclass(frozen=True)
class _Call:
    fn: Callable[..., volume.Laid]
    part: VolumePart
    log_level: int
    epoch: str | None               # the job's SOURCE_DATE_EPOCH: a Dask worker has its own


@dataclass(frozen=True)
class _Caught:
    value: volume.Laid
    logs: tuple[tuple[int, str], ...]


def _caught(call: _Call, *before: _Caught) -> _Caught:
    """Run a part's step on a worker, its records caught to be logged again here."""
    with captured_logs(call.log_level) as logs, epoch_set(call.epoch):
        value = call.fn(call.part, *(b.value for b in before))
    return _Caught(value, tuple(logs))
