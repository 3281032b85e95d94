"""What runs on a worker: read a book's inputs and write its outputs.

``make_book`` is a plain function of one picklable argument, the same on a
local process pool and on a Dask worker.  It reads its inputs from their
absolute paths and writes each output atomically beside its target
(output.atomic_path), so a book that fails leaves no partial file and an
older output intact.  It never raises for a bad input or a failing backend:
the error comes back in the result, naming the file, and the other books go on.

A volume's PDF is typeset in parts and merged inside this one step, one part
after the other, by the backend itself (jobs/volume.py says why).
"""

from __future__ import annotations

import contextlib
import os
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .logs import captured_logs
from .plan import Output, PlannedBook

if TYPE_CHECKING:       # imported where used: a worker starts before it needs them
    from ..config.options import RenderOptions
    from ..model import Book

# One book at a time in a process: a Dask worker may run tasks in several threads, and
# the PDF backend patches WeasyPrint for the length of a render, the environment holds
# SOURCE_DATE_EPOCH.  Processes (dask worker --nworkers) are what make books in parallel.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class BookTask:
    book: PlannedBook
    outputs: tuple[Output, ...]     # those to make (the others are up to date)
    punctuation: bool
    max_bytes: int
    epoch: str | None               # the job's SOURCE_DATE_EPOCH: a Dask worker has its own
    log_level: int


@dataclass(frozen=True)
class Made:
    output: Output
    size: int
    pages: int | None


@dataclass(frozen=True)
class BookResult:
    made: tuple[Made, ...]
    counts: tuple[int, int, int]    # issues, 版面, articles
    logs: tuple[tuple[int, str], ...]
    errors: tuple[str, ...] = ()    # one line each, naming the input or the output
    trace: str | None = None        # a bug's traceback, shown with -v


def make_book(task: BookTask) -> BookResult:
    from ..errors import Paper2BookError

    made: list[Made] = []
    errors: list[str] = []
    counts, trace = (0, 0, 0), None
    with _ONE_AT_A_TIME, captured_logs(task.log_level) as logs, epoch_set(task.epoch):
        try:
            book = _read(task)
            counts = (len(book.issues), sum(len(i.pages) for i in book.issues), len(book.articles))
            for out in task.outputs:
                try:
                    made.append(_write(book, out, task.book.options))
                except (Paper2BookError, OSError) as e:
                    errors.append(_naming(out, e))
        except (Paper2BookError, OSError) as e:
            errors.append(str(e))
        except Exception as e:      # a bug of ours: this book fails, the others go on
            errors.append(f"internal error: {type(e).__name__}: {e}")
            trace = traceback.format_exc()
    return BookResult(tuple(made), counts, tuple(logs), tuple(errors), trace)


def _read(task: BookTask) -> Book:
    """The book's issues from its inputs, sources named as the job names them."""
    from ..model import Article
    from ..model import Book as Model
    from ..reader import read_inputs
    from ..reader.files import display_name
    from .groups import Group

    book = task.book
    whole = read_inputs([s.path for s in book.sources], normalize_punctuation=task.punctuation,
                        max_bytes=task.max_bytes)
    group = book.group
    # A worker in another folder names the files otherwise: the model names them as the job does.
    named = {display_name(s.path): s.display for s in book.sources}

    def renamed(a: Article) -> Article:
        shown = named.get(a.source.file) if a.source else None
        if a.source is None or not shown or shown == a.source.file:
            return a
        return replace(a, source=replace(a.source, file=shown))

    issues = tuple(
        replace(i, pages=tuple(replace(p, articles=tuple(map(renamed, p.articles))) for p in i.pages))
        for i in whole.issues if Group.of(i.newspaper, i.date, group.kind) == group)
    return Model(title=book.title, issues=issues, language=whole.language)


def _write(book: Book, out: Output, options: RenderOptions) -> Made:
    from ..api import write_with_facts

    # The job's books are what runs in parallel: a volume's PDF is typeset part after part
    # here, by the backend's own write, not in a pool of its own inside this worker.
    # The job names its books, so a link or FIFO found under a book's name (a downloaded
    # folder's ``九江日报-2025-12-03.epub -> ~/.bashrc``) is refused, as for the single book.
    w = write_with_facts(book, out.format, out.path, options, plain=True)
    pages = w.facts.get("pages")
    return Made(out, w.size, pages if isinstance(pages, int) else None)


def _naming(out: Output, e: Exception) -> str:
    """The error as one line naming the output (an OutputError names it already)."""
    text = str(e).replace(out.path, out.shown)
    return text if out.shown in text else f"{out.shown}: {text}"


@contextlib.contextmanager
def epoch_set(value: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH as the job has it, for this book (the environment is the
    process's; a worker runs one job at a time)."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if value == old:
        yield
        return
    _set("SOURCE_DATE_EPOCH", value)
    try:
        yield
    finally:
        _set("SOURCE_DATE_EPOCH", old)


def _set(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
