"""Work split over forked worker processes, ended at once when the run is interrupted.

The loader (many files) and schema validation (many documents) use this one helper. Workers
are forked, so they inherit what the parent has loaded (schemas, the run's budget). They
ignore SIGINT (a terminal sends it to the whole group; the main process ends the run, without
a traceback from each worker) and take SIGTERM's default action. When the main process is
interrupted (KeyboardInterrupt, SIGTERM turned into an exception, any error) the workers are
killed before the exception goes on: no worker outlives the run, and nothing waits for one.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_count(requested: int | None) -> int:
    """``requested``, or one worker per CPU (at most 8)."""
    return requested if requested is not None else min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    """Whether this platform can fork workers (not Windows)."""
    import multiprocessing  # noqa: PLC0415 - imported when work is split (7 ms of every start otherwise)

    return "fork" in multiprocessing.get_all_start_methods()


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def fork_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """``[function(item) for item in items]`` in ``workers`` forked processes, results in order."""
    import multiprocessing  # noqa: PLC0415 - see can_fork

    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start)
    try:
        results = pool.map(function, items, chunksize=1)
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
    return results
