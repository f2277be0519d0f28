"""The one place that runs conftest.

``start_conftest`` starts one ``conftest test`` process and returns a ``ConftestRun`` whose
``results()`` waits for it and gives conftest's JSON results; ``run_conftest`` does both.
The lint, the render gate, the cdk8s plugin (through the ``manifest-lint`` command) and
the test harnesses all run conftest through it.

conftest is found through, in order: an explicit path (``--conftest``), ``$CONFTEST``, the
checkout's ``.tools/bin`` (``scripts/setup.sh`` installs the pinned version there), ``PATH``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from manifest_lint.package_data import CHECKOUT_TOOLS_BIN

CONFTEST_VERSION = "v0.69.0"
"""The conftest release the pack is written and tested for (scripts/setup.sh installs it)."""
CONFTEST_MODULE = "github.com/open-policy-agent/conftest"


class ConftestMissingError(RuntimeError):
    """conftest is not installed where we look; the message says how to install the pinned version."""


class ConftestError(RuntimeError):
    """conftest could not run, or its output could not be read."""


def _executable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def find_conftest(explicit: str | None = None) -> str:
    """The conftest binary: ``explicit``, then ``$CONFTEST``, then the checkout's tools folder, then PATH."""
    install = (
        f"install conftest {CONFTEST_VERSION} with `go install {CONFTEST_MODULE}@{CONFTEST_VERSION}` "
        "(in the checkout: `make setup`), then put it on PATH, set CONFTEST=/path/to/conftest or pass --conftest PATH"
    )
    for label, candidate in (("--conftest", explicit), ("$CONFTEST", os.environ.get("CONFTEST") or None)):
        if candidate is not None:
            if not _executable(candidate):
                raise ConftestMissingError(f"{label} {candidate}: not an executable file; {install}")
            return str(candidate)
    local = CHECKOUT_TOOLS_BIN / "conftest"
    if _executable(local):
        return str(local)
    found = shutil.which("conftest")
    if found:
        return found
    raise ConftestMissingError(f"conftest not found (not in $CONFTEST, {local} or PATH): {install}")


def conftest_version(binary: str) -> str:
    """What ``conftest --version`` says its version is (``0.69.0``), or why it could not tell."""
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    match = re.search(r"Conftest: v?(\S+)", done.stdout)
    if match and match.group(1) != "dev":
        return match.group(1)
    # `go install` builds say "dev"; the Go build information in the binary names the module version.
    try:
        built = re.search(rb"\nmod\t" + re.escape(CONFTEST_MODULE.encode()) + rb"\tv([0-9][^\t\n]*)\t", Path(binary).read_bytes())
    except OSError:
        built = None
    if built:
        return built.group(1).decode()
    return match.group(1) if match else f"unknown (exit {done.returncode})"


class ConftestRun:
    """One running ``conftest test`` process."""

    def __init__(self, label: str, process: subprocess.Popen[str]) -> None:
        self.label = label
        self.process = process
        self.started = time.perf_counter()
        self.seconds: float | None = None
        """Wall time from start to exit, once ``results()`` returned."""

    def results(self) -> list[dict[str, Any]]:
        """Wait for conftest and return its JSON results (one entry per input and namespace); ``ConftestError`` if it failed."""
        stdout, stderr = self.process.communicate()
        self.seconds = time.perf_counter() - self.started
        # orjson reads conftest's JSON (megabytes for a large input) four times as fast as json does.
        from manifest_lint.native import orjson  # noqa: PLC0415 - usually loaded by now

        try:
            results = orjson.loads(stdout)
        except orjson.JSONDecodeError:
            detail = (stderr or stdout).strip() or f"exit status {self.process.returncode}"
            raise ConftestError(f"conftest ({self.label}) failed: {detail}") from None
        if not isinstance(results, list):
            raise ConftestError(f"conftest ({self.label}) printed unexpected output")
        return cast("list[dict[str, Any]]", results)

    def stop(self) -> None:
        """End the process if it still runs (after an interrupt or an error elsewhere)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


GOGC = "off"
"""conftest's Go garbage collector does not run on heap growth (Go's default: at 100 %), only ..."""
HEAP_PER_INPUT_BYTE = 64
"""... when the heap reaches 64 times the input's size (GOMEMLIMIT): conftest holds about 35 bytes per
byte of JSON input live (its parse and OPA's copy), so the limit leaves it 1.8 times that. On the
10,000-document corpus the two processes took 5.9 s of CPU with GOGC 400 (the earlier setting) under the
same limit and 5.1 s with no collection before it, at peaks of 445 and 470 MB (bench/README: "Benchmarks").
A caller's environment that sets GOGC or GOMEMLIMIT is left as it is (GOGC off needs the limit)."""
HEAP_LIMIT_RANGE = (128 << 20, 4 << 30)


def conftest_environment(input_bytes: int) -> dict[str, str]:
    """The environment conftest runs in: the caller's, with the garbage-collector settings above unless it sets its own."""
    env = dict(os.environ)
    if "GOGC" not in env and "GOMEMLIMIT" not in env:
        low, high = HEAP_LIMIT_RANGE
        env["GOGC"] = GOGC
        env["GOMEMLIMIT"] = str(min(max(input_bytes * HEAP_PER_INPUT_BYTE, low), high))
    return env


def _size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # conftest will say what is wrong with it


def start_conftest(
    inputs: Sequence[Path | str],
    *,
    policies: Sequence[Path | str],
    namespaces: Sequence[str] = (),
    combine: bool = False,
    data: Path | None = None,
    cwd: Path | None = None,
    label: str = "conftest",
    conftest: str | None = None,
) -> ConftestRun:
    """Start ``conftest test --output json`` over ``inputs``; no ``namespaces`` means every namespace."""
    cmd = [find_conftest(conftest), "test", "--no-color", "--output", "json"]
    for policy in policies:
        cmd += ["--policy", str(policy)]
    if combine:
        cmd.append("--combine")
    if namespaces:
        for namespace in namespaces:
            cmd += ["--namespace", namespace]
    else:
        cmd.append("--all-namespaces")
    if data is not None:
        cmd += ["--data", str(data)]
    cmd += [str(p) for p in inputs]
    try:
        env = conftest_environment(sum(_size(Path(cwd or ".") / p) for p in inputs))
        process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
    except OSError as exc:
        raise ConftestError(f"conftest ({label}) could not start: {exc}") from None
    return ConftestRun(label, process)


def run_conftest(inputs: Sequence[Path | str], **options: Any) -> list[dict[str, Any]]:
    """``start_conftest(inputs, **options).results()``."""
    return start_conftest(inputs, **options).results()
