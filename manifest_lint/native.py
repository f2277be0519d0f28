"""Loading native (Rust) libraries safely while SIGINT or SIGTERM may arrive.

orjson and jsonschema-rs run Python code (imports) while their modules initialise and do not
survive an exception there: a signal handler that raises (``KeyboardInterrupt``, the linter's
SIGTERM exception, the render's ``SystemExit``) during ``import orjson`` crashes the process with
SIGSEGV, and during ``import jsonschema_rs`` makes pyo3 panic. So orjson is imported here, under
``signals_held()``, which delivers such a signal once the import is done; modules take it from here
(``from manifest_lint.native import orjson``, where it is used: loading it is 10 ms of a start), and
schema_validation imports jsonschema-rs under ``signals_held()`` too.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["HELD", "orjson", "signals_held"]

HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """Record SIGINT and SIGTERM inside the block; afterwards raise them again, to the handlers then in force."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only: nothing can interrupt this one
        return
    received: list[int] = []

    def record(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    # A handler set outside Python (getsignal() is None) could not be put back: left alone.
    previous = {sig: signal.signal(sig, record) for sig in HELD if signal.getsignal(sig) is not None}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in received:
            signal.raise_signal(signum)


with signals_held():
    import orjson
