"""Worker processes end with the command, however it ends.

SIGINT from a terminal reaches the whole process group; SIGTERM, SIGHUP and
SIGKILL sent to the command reach the command alone, and its workers,
children of the fork server, went on for minutes after it (the fork server
and the resource tracker with them: each waits for the workers to close its
pipe).  So:

- each worker holds the read end of a pipe whose write end only the command
  holds (``Lifeline``); a thread of the worker waits on it, and at end of
  file, whatever ended the command, the worker stops as the command would on
  SIGTERM: the output it is writing unwinds (output.transaction removes its
  temporary file, a volume its parts' folder), then it exits, by force
  after ``GRACE`` seconds (a worker that was idle ends at once);
- while a job runs, SIGTERM and SIGHUP in the command raise ``Stopped`` (a
  SystemExit of 128 + the signal), which unwinds the job as SIGINT's
  KeyboardInterrupt does: the pool is abandoned (the pipe closed first, so
  the workers stop rather than finish their books), what landed stays
  recorded in the manifest.

What no one could remove (the command and its workers killed at once) the
next run on the folder sweeps (sweep.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from types import FrameType

GRACE = 3.0         # seconds a worker has to remove what it was writing
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(SystemExit):
    """SIGTERM or SIGHUP reached the command while a job ran."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.name = signal.Signals(signum).name


class Lifeline:
    """The command's end of the pipe: the workers' ``watch`` sees its end of file."""

    def __init__(self, ctx: BaseContext):
        self.reader, self._writer = ctx.Pipe(duplex=False)

    def cut(self) -> None:
        """The workers stop now (the command's own end: they see it as its death)."""
        self._writer.close()

    def close(self) -> None:
        self.cut()
        self.reader.close()


def watch(reader: Connection) -> None:
    """A worker's initializer: end this process when the command's end of ``reader`` closes."""
    threading.Thread(target=_watch, args=(reader,), name="paper2book-lifeline", daemon=True).start()


def _watch(reader: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        while True:
            reader.recv_bytes()         # nothing is ever sent: this waits for the end
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE)
    os._exit(128 + signal.SIGTERM)


@contextlib.contextmanager
def signals_stop() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stopped`` in the main thread while the block runs; handlers
    someone else set, and signals ignored (nohup), are left alone.  After the first, both
    are ignored: the unwinding (workers stopped, the manifest kept) is short and should
    not itself be cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in SIGNALS}
    ours = [s for s, old in saved.items() if old is signal.SIG_DFL]

    def stop(signum: int, frame: FrameType | None) -> None:
        for s in ours:
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    for s in ours:
        signal.signal(s, stop)
    try:
        yield
    finally:
        for s in ours:
            signal.signal(s, saved[s])
