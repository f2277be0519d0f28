"""``python -m constructs_lib lint PATH... [--profile ...] [--output ...] [--kube-version X.Y]``.

Exit status:

* 0: every document was read and no unwaived finding remains (waived ones may be listed);
* 1: every document was read and at least one unwaived finding remains;
* 2: the lint is incomplete or could not run: a path or file was bad (missing, unreadable,
  malformed, hostile, not a Kubernetes manifest), conftest failed, or the command line was
  wrong. The good files are still linted and reported; the problems go to stderr.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from constructs_lib._tools import ToolMissingError
from constructs_lib.lint.catalog import CatalogError, load_catalog
from constructs_lib.lint.loader import load_paths
from constructs_lib.lint.report import FORMATS, render
from constructs_lib.lint.runner import PROFILES, lint_documents, schema_module

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files or folders (walked for *.yaml, *.yml, *.json)")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="all",
        help="baseline: Pod Security Standards Baseline rules; restricted: Baseline and Restricted; "
        "all (default): every rule, cross-resource checks and schema validation",
    )
    parser.add_argument("--output", "-o", choices=FORMATS, default="table", help="report format (default: table)")
    parser.add_argument(
        "--kube-version",
        metavar="X.Y",
        help="target Kubernetes minor version (the rules' data.lint_config.kube_version; limits schema validation to it)",
    )


def build_parser(prog: str = "python -m constructs_lib lint") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Lint Kubernetes manifests with the policy pack.",
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return parser


def run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Lint as the parsed arguments say; return the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    kube_version: str | None = args.kube_version
    if kube_version is not None:
        if not re.fullmatch(r"v?\d+\.\d+", kube_version):
            print(f"error: --kube-version {kube_version!r} is not a version like 1.33", file=err)
            return EXIT_ERROR
        kube_version = kube_version.removeprefix("v")
        if args.profile == "all":
            supported = schema_module().SUPPORTED_VERSIONS
            if kube_version not in supported:
                print(f"error: --kube-version {kube_version} has no bundled schemas (supported: {', '.join(supported)})", file=err)
                return EXIT_ERROR
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        print(f"error: policy pack: {exc}", file=err)
        return EXIT_ERROR
    loaded = load_paths(args.paths)
    for problem in loaded.problems:
        print(f"error: {problem}", file=err)
    try:
        result = lint_documents(loaded, catalog, profile=args.profile, kube_version=kube_version)
    except ToolMissingError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    for message in result.errors:
        print(f"error: {message}", file=err)
    out.write(render(args.output, result, loaded.problems, profile=args.profile))
    out.flush()
    if loaded.problems or result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
