"""The render pipeline: write into a staging folder, validate it, then swap it into the output folder.

What it promises:

* Nothing reaches the output folder unless every file passed the gate: the tree is written
  to a staging folder beside it, validated, then swapped in with two renames.
* It replaces only what it created. Every render carries ``MARKER``; an output folder that
  exists, is not empty and has no marker (the checkout, a home folder, someone's files) is
  refused, and so is an empty output path.
* One render at a time per output folder (an ``flock`` beside it); a second one is told so.
* A failed, interrupted or killed render leaves the previous output whole. A kill between
  the two renames leaves the previous render aside; the next run puts back the newest
  complete render (by its marker's time, not by name) and removes the other leftovers.
  ``cdk8s synth`` deletes the output folder before it runs the app: the last good render,
  kept in ``.cache/last-good-render/``, is put back before anything else can fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from constructs_lib.synth import RenderedObject, write_tree

MARKER = ".rendered-by-control-panel"
MARKER_TEXT = "This folder is written by the control-panel render (python main.py); every render replaces it whole.\n"
LAST_GOOD = Path(".cache") / "last-good-render"


class RenderError(RuntimeError):
    """The render was refused or failed; the message says why and lists every problem."""


def _is_render(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _marker_time(folder: Path) -> int:
    try:
        return (folder / MARKER).stat().st_mtime_ns
    except OSError:
        return -1


class OutputFolder:
    """The output folder of one render, locked for the duration of a ``with`` block.

    Entering checks that the folder may be replaced, takes the lock and recovers what a
    killed or interrupted render left behind, so that the folder is whole before the app
    reads its inputs. ``publish`` then swaps in a validated render.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not str(path).strip():
            raise RenderError("the output folder is an empty path (is CDK8S_OUTDIR set to nothing?); refusing to render into the current folder")
        self.path = Path(path).resolve()
        self._lock: IO[str] | None = None

    def _sibling(self, role: str) -> Path:
        return self.path.parent / f".{self.path.name}.{role}"

    @property
    def last_good(self) -> Path:
        return self.path.parent / LAST_GOOD / self.path.name

    def __enter__(self) -> OutputFolder:
        self._check_replaceable()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self._sibling("lock").open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise RenderError(f"another render into {self.path} is running ({holder}); wait for it to finish and run again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock = handle
        self._recover()
        return self

    def __exit__(self, *_: object) -> None:
        self._put_back()
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None

    def _check_replaceable(self) -> None:
        path = self.path
        if not path.exists():
            return
        if not path.is_dir():
            raise RenderError(f"the output folder {path} is a file, not a folder; refusing to replace it")
        if _is_render(path) or not any(path.iterdir()):
            return
        raise RenderError(
            f"the output folder {path} holds files that no render wrote (it has no {MARKER}); "
            "refusing to replace it: choose an empty or new folder, or a previous render"
        )

    def _leftovers(self) -> list[Path]:
        """Staging and set-aside folders of earlier runs (the lock says none is running)."""
        prefix = f".{self.path.name}."
        return sorted(p for p in self.path.parent.glob(prefix + "*-*") if p.is_dir() and p.name.split("-")[0] in (prefix + "staging", prefix + "previous"))

    def _recover(self) -> None:
        leftovers = self._leftovers()
        if not self.path.exists():
            complete = [p for p in leftovers if p.name.startswith(f".{self.path.name}.previous-") and _is_render(p)]
            newest = max(complete, key=_marker_time, default=None)
            snapshot = self.last_good if _is_render(self.last_good) else None
            if snapshot is not None and (newest is None or _marker_time(snapshot) > _marker_time(newest)):
                shutil.copytree(snapshot, self.path)
            elif newest is not None:
                newest.rename(self.path)
                leftovers.remove(newest)
        for leftover in leftovers:
            if _is_render(leftover) or leftover.name.startswith(f".{self.path.name}.staging-"):
                shutil.rmtree(leftover, ignore_errors=True)

    def _put_back(self) -> None:
        """After a failure between the two renames: the set-aside render goes back."""
        previous = self._sibling(f"previous-{os.getpid()}")
        if not self.path.exists() and _is_render(previous):
            previous.rename(self.path)
        shutil.rmtree(self._sibling(f"staging-{os.getpid()}"), ignore_errors=True)

    def publish(
        self,
        objects: Sequence[RenderedObject],
        gate: Callable[[Path], list[str]],
        *,
        header: str = "",
        construct_metadata: bool = False,
    ) -> None:
        """Write, validate and swap the render into the folder; ``RenderError`` listing every problem leaves it as it was."""
        if self._lock is None:
            raise RuntimeError("OutputFolder.publish needs the folder entered (`with OutputFolder(path) as out:`)")
        staging = self._sibling(f"staging-{os.getpid()}")
        previous = self._sibling(f"previous-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        write_tree(objects, staging, header=header, construct_metadata=construct_metadata)
        problems = gate(staging)
        if problems:
            raise RenderError(f"validation failed, {self.path} left unchanged:\n" + "\n".join(f"  - {p}" for p in problems))
        (staging / MARKER).touch()  # the marker's time orders complete renders
        if self.path.exists():
            self.path.rename(previous)
        staging.rename(self.path)
        shutil.rmtree(previous, ignore_errors=True)
        self._save_last_good()

    def _save_last_good(self) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(self.last_good, ignore_errors=True)
            shutil.copytree(self.path, self.last_good)
