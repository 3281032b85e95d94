"""A split job from start to end: fingerprint the inputs, scan those not seen before,
plan the books, make those not up to date, keep the manifest.

Each phase runs its steps where the job says (runner.py): here, in local
processes or on a Dask cluster; nothing is started when nothing is to be made.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config.options import JobOptions, RenderOptions
from ..errors import Paper2BookError
from ..reader import NO_SCREEN
from ..reader.files import MAX_INPUT_BYTES, FoundInFolder, display_name, expand_inputs
from . import plan
from .inputs import scanned
from .lifeline import Stopped, signals_stop
from .logs import replay
from .manifest import NAME, Manifest, folder_locked
from .runner import Runner, Step, runner
from .scan import Scan
from .sweep import sweep
from .task import BookResult, BookTask, Made, make_book

log = logging.getLogger("paper2book")
SAVE_EVERY = 2.0        # seconds between manifest writes while books land


@dataclass
class JobSpec:
    inputs: list[str]                   # files and folders, as given
    formats: dict[str, str]             # backend name → extension
    folder: Path                        # where the books go (created if missing)
    options: RenderOptions              # every book's, before each gets its own series
    job: JobOptions                     # split set; jobs and scheduler: where books are made
    punctuation: bool = True
    title: str | None = None            # a template: {paper} {period} {date}
    force: bool = False
    max_bytes: int = MAX_INPUT_BYTES
    strict: bool = False                # a folder's file that is no dump fails instead of a skip


@dataclass
class Finished:
    """One book made (or not): what was made, what went in, what went wrong."""

    book: plan.PlannedBook | None              # None: an input that could not be scanned
    made: tuple[Made, ...] = ()
    counts: tuple[int, int, int] = (0, 0, 0)
    errors: tuple[str, ...] = ()
    trace: str | None = None
    failed: int = 0                     # outputs not made


@dataclass
class JobReport:
    written: int = 0
    up_to_date: int = 0
    failed: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    pages: int | None = None
    made: list[Made] = field(default_factory=list)

    def add(self, done: Finished) -> None:
        self.written += len(done.made)
        self.failed += done.failed
        self.counts = [a + b for a, b in zip(self.counts, done.counts, strict=True)]
        self.made += done.made
        pages = [m.pages for m in done.made if m.pages is not None]
        if pages:
            self.pages = (self.pages or 0) + sum(pages)


def run(spec: JobSpec, *, on_stage: Callable[[str], None] = lambda what: None,
        on_start: Callable[[int], None] = lambda total: None,
        on_done: Callable[[Finished, JobReport], None] = lambda done, report: None) -> JobReport:
    """``on_stage(what)`` before a step without a count, ``on_start(outputs to make)``
    once the plan stands, ``on_done`` after each book."""
    spec.folder.mkdir(parents=True, exist_ok=True)
    try:
        with signals_stop(), folder_locked(spec.folder):
            return _run(spec, on_stage, on_start, on_done)
    except Stopped as e:
        log.error("stopped by %s; the books written so far are kept", e.name)
        raise


OnStage = Callable[[str], None]
OnDone = Callable[[Finished, JobReport], None]


def _run(spec: JobSpec, on_stage: OnStage, on_start: Callable[[int], None],
         on_done: OnDone) -> JobReport:
    split = spec.job.split
    if split is None:
        raise ValueError("a job splits its inputs: JobOptions.split is issue, month or year")
    manifest = Manifest.load(spec.folder)
    report = JobReport()
    ours = {os.path.abspath(spec.folder / name) for name in manifest.outputs}
    files = [f for f in expand_inputs(spec.inputs) if os.path.abspath(f) not in ours]
    level = logging.getLogger("paper2book").getEffectiveLevel()
    where: list[Runner] = []            # the runner, started when there is work

    def start(steps: int) -> Runner:
        """The runner; the first phase with work starts it, sized for its ``steps``."""
        if not where:
            where.append(runner(spec.job.jobs, spec.job.scheduler, steps, spec.job.dask_timeout))
        return where[0]

    try:
        sources, scans = _scan(files, manifest, spec, start, report, on_stage, on_done)
        books = plan.books(sources, scans, split=split, formats=spec.formats,
                           folder=spec.folder, options=spec.options,
                           punctuation=spec.punctuation, title=spec.title)
        # Under the folder's lock: no run of ours writes here but this one, not yet.
        sweep(spec.folder, [NAME, *manifest.outputs, *(o.name for b in books for o in b.outputs)])
        tasks = []
        for book in books:
            todo = tuple(o for o in book.outputs
                         if spec.force or not manifest.is_current(o.name, o.key))
            report.up_to_date += len(book.outputs) - len(todo)
            if todo:
                tasks.append(BookTask(book, todo, spec.punctuation, spec.max_bytes,
                                      os.environ.get("SOURCE_DATE_EPOCH"), level))
        on_start(sum(len(t.outputs) for t in tasks))
        if tasks:
            from ..theme import load_theme

            load_theme(spec.options.theme, spec.options.templates)    # a bad theme stops here
            _make(tasks, start(len(tasks)), manifest, report, on_done)
    except BaseException:
        if where:
            where.pop().close(abandon=True)     # its workers stop what they were making
        raise
    finally:
        if where:
            where[0].close()
        manifest.save()
    return report


def _scan(files: list[str], manifest: Manifest, spec: JobSpec, start: Callable[[int], Runner],
          report: JobReport, on_stage: OnStage, on_done: OnDone) -> tuple[list[plan.Input], dict[str, Scan]]:
    hashed, scans = scanned(files, manifest, max_bytes=spec.max_bytes, force=spec.force,
                            workers=start, on_stage=on_stage,
                            on_error=lambda error: _failed_input(error, report, on_done))
    sources = []
    for h in hashed:
        f, sha = h.path, h.sha
        if sha not in scans:
            continue
        found = scans[sha]
        if not found.issues:                # no reader screen at all (reader.NotADumpError)
            what = f"{display_name(f)}: {NO_SCREEN}"
            if spec.strict or not isinstance(f, FoundInFolder):
                _failed_input(f"{what}: not a dump", report, on_done)
            else:
                log.warning("%s; skipped", what)
            continue
        key = sha if found.mtime_date is None else f"{sha}@{found.mtime_date}"
        scans.setdefault(key, found)
        sources.append(plan.Input(os.path.abspath(f), display_name(f), key))
    return sources, scans


def _failed_input(error: str, report: JobReport, on_done: OnDone) -> None:
    done = Finished(None, errors=(error,), failed=1)
    report.add(done)
    on_done(done, report)


def _make(tasks: list[BookTask], where: Runner, manifest: Manifest, report: JobReport,
          on_done: OnDone) -> None:
    # One step a book: a volume's PDF is typeset in parts inside it (backends/pdf/volume.py).
    steps = [Step(f"book{n}", make_book, task) for n, task in enumerate(tasks)]
    last = {step.key: task for step, task in zip(steps, tasks, strict=True)}
    saved = time.monotonic()
    started = time.time_ns()
    for step, result in where.run(steps):
        task = last.get(step.key)
        if task is None:
            continue
        if not isinstance(result, BookResult):      # the worker was lost, or a step raised
            result = _lost(task, result, started)
        replay(result.logs)
        for m in result.made:
            manifest.record(m.output.name, m.output.key)
        done = Finished(task.book, result.made, result.counts, result.errors, result.trace,
                        failed=len(task.outputs) - len(result.made))
        report.add(done)
        on_done(done, report)
        if time.monotonic() - saved > SAVE_EVERY:
            manifest.save()
            saved = time.monotonic()


def _lost(task: BookTask, error: object, started: int) -> BookResult:
    """A book whose result never came back (its worker or the Dask scheduler went away):
    the outputs that landed since the job started are made all the same (each lands
    whole or not at all); each other one is reported, once."""
    why = str(error) if isinstance(error, Paper2BookError) else repr(error)
    made: list[Made] = []
    errors: list[str] = []
    for out in task.outputs:
        try:
            st = os.lstat(out.path)
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_mtime_ns >= started:
            made.append(Made(out, st.st_size, None))
        else:
            errors.append(f"{out.shown}: {why}")
    return BookResult(tuple(made), (0, 0, 0), (), tuple(errors))
