"""``manifest-lint PATH... [--profile ...] [--output ...] [--kube-version X.Y] [--config FILE] [--exclude GLOB]``.

Exit status:

* 0: every document was read and no unwaived finding remains (waived ones may be listed);
* 1: every document was read and at least one unwaived finding remains;
* 2: the lint is incomplete or could not run: a path or file was bad (missing, unreadable,
  malformed, hostile, not a Kubernetes manifest), conftest is missing or failed, or the
  command line was wrong. The good files are still linted and reported; the problems go to stderr;
* 130 / 143: interrupted (SIGINT / SIGTERM); temporary files are removed and conftest is ended.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn, TextIO

from manifest_lint import __version__, schemas
from manifest_lint.catalog import CatalogError, load_catalog
from manifest_lint.config import read_config
from manifest_lint.conftest_driver import ConftestMissingError, conftest_version, find_conftest
from manifest_lint.crd_schemas import is_crd
from manifest_lint.lint import PROFILES, lint_documents
from manifest_lint.loader import load_paths
from manifest_lint.reports import FORMATS, render
from manifest_lint.reports.table import printable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_SIGINT = 130
EXIT_SIGTERM = 143
PROG = "manifest-lint"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Lint Kubernetes manifests with the policy pack (conftest) and strict schemas.",
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="manifest files or folders (walked for *.yaml, *.yml, *.json); - reads standard input")
    parser.add_argument("--version", action="store_true", help="print the version of manifest-lint and of the conftest it runs, and exit")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="all",
        help="baseline: Pod Security Standards Baseline rules; restricted: Baseline and Restricted; "
        "all (default): every rule, cross-resource checks and schema validation",
    )
    parser.add_argument("--output", "-o", choices=FORMATS, default="table", help="report format (default: table)")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="YAML or JSON mapping of rule settings passed as data.lint_config "
        "(allowed_registries, min_uid, max_resources, require_image_digest, ...); --kube-version wins over its kube_version",
    )
    parser.add_argument(
        "--kube-version",
        metavar="X.Y",
        help="target Kubernetes minor version (the rules' data.lint_config.kube_version; limits schema validation to it)",
    )
    parser.add_argument("--exclude", metavar="GLOB", action="append", default=[], help="leave out files and folders matching GLOB (repeatable)")
    parser.add_argument(
        "--crd", metavar="PATH", action="append", default=[],
        help="a file or folder of CustomResourceDefinitions (not linted) whose custom resources the input may hold (repeatable)",
    )  # fmt: skip
    parser.add_argument("--timings", action="store_true", help="print the seconds each phase took to stderr")
    parser.add_argument("--conftest", metavar="PATH", help="the conftest binary (default: $CONFTEST, the checkout's .tools/bin, then PATH)")
    return parser


def _kube_version(args: argparse.Namespace) -> str | None:
    """The --kube-version, normalised; ValueError when unusable."""
    kube_version: str | None = args.kube_version
    if kube_version is None:
        return None
    if not re.fullmatch(r"v?\d+\.\d+", kube_version):
        raise ValueError(f"--kube-version {kube_version!r} is not a version like 1.33")
    kube_version = kube_version.removeprefix("v")
    if args.profile == "all" and kube_version not in schemas.SUPPORTED_VERSIONS:
        raise ValueError(f"--kube-version {kube_version} has no bundled schemas (supported: {', '.join(schemas.SUPPORTED_VERSIONS)})")
    return kube_version


def version_text(conftest: str | None = None) -> str:
    try:
        binary = find_conftest(conftest)
    except ConftestMissingError as exc:
        return f"{PROG} {__version__}\nconftest: {exc}"
    return f"{PROG} {__version__}\nconftest {conftest_version(binary)} ({binary})"


def run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Lint as the parsed arguments say; return the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if args.version:
        out.write(version_text(args.conftest) + "\n")
        return EXIT_OK
    if not args.paths:
        print(f"{PROG}: error: no PATH given (a file, a folder, or - for standard input)", file=err)
        return EXIT_ERROR
    try:
        kube_version = _kube_version(args)
        lint_config = read_config(args.config) if args.config is not None else {}
        conftest = find_conftest(args.conftest)
        catalog = load_catalog()
    except (ValueError, ConftestMissingError, CatalogError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    started = time.perf_counter()
    loaded = load_paths(args.paths, exclude=args.exclude)
    parsed = time.perf_counter() - started
    definitions = load_paths(args.crd)
    loaded.problems.extend(definitions.problems)
    for problem in loaded.problems:
        print(f"error: {printable(str(problem))}", file=err)
    for note in loaded.skipped:
        print(f"note: {printable(str(note))}", file=err)
    result = lint_documents(
        loaded, catalog, profile=args.profile, kube_version=kube_version, lint_config=lint_config, conftest=conftest,
        extra_crds=[doc.content for doc in definitions.documents if is_crd(doc.content)],
    )  # fmt: skip
    for message in result.errors:
        print(f"error: {printable(message)}", file=err)
    started = time.perf_counter()
    out.write(render(args.output, result, loaded.problems, profile=args.profile))
    out.flush()
    if args.timings:
        phases = {"parse": parsed, **result.phases, "report": time.perf_counter() - started}
        for phase, seconds in phases.items():
            print(f"timing: {seconds:7.3f} s  {phase}", file=err)
    if loaded.problems or result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.failed else EXIT_OK


class _TerminatedError(Exception):
    """SIGTERM arrived: unwind (temporary files, conftest) and exit 143."""


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise _TerminatedError


def _interrupted(code: int, word: str) -> int:
    print(f"{PROG}: {word}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run(args)
    except KeyboardInterrupt:
        return _interrupted(EXIT_SIGINT, "interrupted")
    except _TerminatedError:
        return _interrupted(EXIT_SIGTERM, "terminated")
    finally:
        signal.signal(signal.SIGTERM, previous)


def command() -> NoReturn:
    """The ``manifest-lint`` command: ``main()`` as the process's exit status.

    ``main()`` has removed its temporary files and ended conftest and the workers, also after an
    interrupt; the process then exits at once, skipping the interpreter's teardown: freeing the
    schemas read (millions of small objects) took a fifth of a one-file lint, and after an
    interrupt the teardown would join helper threads of the worker pool and could wait forever.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away (`| head`): nothing more can be said to it
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    command()
