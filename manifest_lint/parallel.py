"""Work split over forked worker processes, ended at once when the run is interrupted; and work
done beside other processes at the lowest CPU priority (``Beside``).

The loader (many files) and schema validation (many documents) use this one helper. Workers
are forked, so they inherit what the parent has loaded (schemas, the run's budget). They
ignore SIGINT (a terminal sends it to the whole group; the main process ends the run, without
a traceback from each worker) and take SIGTERM's default action. When the main process is
interrupted (KeyboardInterrupt, SIGTERM turned into an exception, any error) the workers are
killed before the exception goes on: no worker outlives the run, and nothing waits for one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

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


LOWEST_PRIORITY = 19
"""The niceness of ``Beside``'s thread (Linux's lowest priority)."""


class Beside(Generic[Result]):
    """``function()`` in a thread of its own, on Linux at the lowest CPU priority (there a thread's niceness is
    its own, the process's other threads keep theirs), while the caller waits for processes that matter more.

    A small lint's two conftest processes keep both cores compiling; schema validation beside them at the
    same priority slowed both (a one-file lint's median 0.30 -> 0.28 s with it at the lowest, 14 runs in
    turn). With a core free it runs at full speed. Only for work that forks no workers (forking from a
    thread copies only that thread).
    """

    def __init__(self, function: Callable[[], Result]) -> None:
        self._function = function
        self._outcome: tuple[Result] | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="manifest-lint-beside", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError):  # a sandbox that forbids it: the work runs at the caller's priority
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)
        try:
            self._outcome = (self._function(),)
        except BaseException as exc:  # handed to the caller by result()
            self._outcome = exc

    def result(self) -> Result:
        """Wait for ``function()`` and return what it returned, or raise what it raised."""
        self._thread.join()
        outcome = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        assert outcome is not None  # noqa: S101 - _run sets it before the thread ends
        return outcome[0]
