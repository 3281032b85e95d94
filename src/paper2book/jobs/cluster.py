"""Waiting on a Dask cluster, always for a bounded time (``dask_timeout``, config/schema.py).

A port where something listens but no scheduler answers held ``Client``
without a word for minutes, and so did a scheduler with no worker; a
scheduler that went away mid-run cancelled every future and printed the
client's reconnection traceback.  Here:

- ``connect`` asks the address who it is (the scheduler's ``identity``)
  within the timeout before a client is made, then waits as long for a
  worker to join; each failure is one line naming the address;
- ``results`` yields each future as it finishes, its result or the
  exception to report; a scheduler lost mid-run ends every pending future
  with ``Lost`` (the job then counts the books that landed all the same,
  job.py), and so does a cluster left with no worker for the timeout;
- Dask's own loggers are quiet while the client lives (-vv shows them):
  what went wrong is said once, by the job.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..errors import Paper2BookError

if TYPE_CHECKING:
    from distributed import Client, Future

POLL = 0.1              # seconds between looks at the futures
HEALTH = 1.0            # seconds between asking the scheduler for its workers, when nothing ends


class Lost(Paper2BookError):
    """A step's result that cannot come back: the scheduler or every worker is gone."""


def connect(address: str, timeout: float) -> Client:
    """A client of the scheduler at ``address`` with a worker on it, or one line why not."""
    from distributed import Client

    try:
        who = asyncio.run(_identity(address, timeout))
    except (TimeoutError, OSError) as e:
        reason = f"no answer in {timeout:g} s" if isinstance(e, TimeoutError) else str(e)
        raise Paper2BookError(f"--scheduler {address}: cannot reach the Dask scheduler: {reason}") \
            from None
    if not isinstance(who, dict) or who.get("type") != "Scheduler":
        raise Paper2BookError(f"--scheduler {address}: not a Dask scheduler (it answered "
                              f"{str(who)[:60]!r})")
    try:
        client = Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (TimeoutError, OSError) as e:
        raise Paper2BookError(f"--scheduler {address}: cannot reach the Dask scheduler: {e}") \
            from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        client.close()
        raise Paper2BookError(f"--scheduler {address}: no Dask worker joined in {timeout:g} s "
                              f"(start one: dask worker {address}; config dask_timeout: "
                              "seconds to wait)") from None
    return client


async def _identity(address: str, timeout: float) -> object:
    from distributed.comm import connect as comm_to

    comm = await asyncio.wait_for(comm_to(address, timeout=timeout), timeout)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await asyncio.wait_for(comm.read(), timeout)
    finally:
        comm.abort()


def results(client: Client, futures: list[Future], address: str,
            timeout: float) -> Iterator[tuple[Future, Any]]:
    """Each future as it ends, with its result or the exception it ended with."""
    pending = list(futures)
    last_news = time.monotonic()            # a future ended, or the scheduler had a worker
    asked = 0.0
    while pending:
        done = [f for f in pending if f.done()]
        if done:
            last_news = time.monotonic()
        lost = _lost(client, address)
        for future in done:
            pending.remove(future)
            yield future, _outcome(future, lost)
        if done:
            continue
        if lost is not None:
            for future in pending:
                yield future, lost
            return
        now = time.monotonic()
        if now - asked > HEALTH:
            asked = now
            if _workers(client) != 0:
                last_news = now
            elif now - last_news > timeout:
                gone = Lost(f"no Dask worker on the scheduler {address} for {timeout:g} s")
                for future in pending:
                    yield future, gone
                return
        time.sleep(POLL)


def _lost(client: Client, address: str) -> Lost | None:
    if client.status in ("running", "newly-created"):
        return None
    return Lost(f"the Dask scheduler {address} went away before this book came back")


def _outcome(future: Future, lost: Lost | None) -> Any:
    if future.status == "cancelled":        # what the scheduler's loss does to a future
        return lost or Lost("its Dask task was cancelled")
    try:
        return future.result()
    except Exception as e:                  # the task raised, or a worker was lost
        return e


def _workers(client: Client) -> int | None:
    """How many workers the scheduler has (None: it did not say)."""
    try:
        info = client.scheduler_info(n_workers=1)
    except Exception:                       # any failure is "no news"
        return None
    n = info.get("n_workers")
    return n if isinstance(n, int) else len(info.get("workers", {}))


@contextlib.contextmanager
def dask_quiet() -> Iterator[None]:
    """Dask's loggers say nothing below CRITICAL while the block runs, unless -vv asked."""
    ours = logging.getLogger("paper2book")
    if ours.getEffectiveLevel() <= logging.DEBUG:
        yield
        return
    # Each of Dask's loggers: some have a level of their own (its config sets them).
    names = ["distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for n, level in saved.items():
            logging.getLogger(n).setLevel(level)
