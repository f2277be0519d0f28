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
import json
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

import yaml

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


def build_parser(prog: str = "python -m constructs_lib lint") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Lint Kubernetes manifests with the policy pack.",
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return parser


def read_config(path: str) -> dict[str, Any]:
    """Read a lint config file: a mapping of settings, optionally under ``lint_config:``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(1024 * 1024 + 1)
    except OSError as exc:
        raise ValueError(f"--config {path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > 1024 * 1024:
        raise ValueError(f"--config {path}: over 1 MiB; a lint config is a short mapping")
    try:
        config = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"--config {path}: not valid YAML or JSON: {exc}") from None
    if isinstance(config, dict) and set(config) == {"lint_config"}:
        config = config["lint_config"]
    if not isinstance(config, dict) or not all(isinstance(k, str) for k in config):
        raise ValueError(f"--config {path}: must be a mapping of setting names to values")
    try:
        json.dumps(config)
    except (TypeError, ValueError):
        raise ValueError(f"--config {path}: holds values JSON cannot hold (quote dates and versions: kube_version: \"1.33\")") from None
    return config


def _kube_version(args: argparse.Namespace) -> str | None:
    """The --kube-version, normalised; ValueError when unusable."""
    kube_version: str | None = args.kube_version
    if kube_version is None:
        return None
    if not re.fullmatch(r"v?\d+\.\d+", kube_version):
        raise ValueError(f"--kube-version {kube_version!r} is not a version like 1.33")
    kube_version = kube_version.removeprefix("v")
    if args.profile == "all":
        supported = schema_module().SUPPORTED_VERSIONS
        if kube_version not in supported:
            raise ValueError(f"--kube-version {kube_version} has no bundled schemas (supported: {', '.join(supported)})")
    return kube_version


def run(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Lint as the parsed arguments say; return the exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        kube_version = _kube_version(args)
        lint_config = read_config(args.config) if args.config is not None else {}
    except ValueError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_ERROR
    try:
        catalog = load_catalog()
        loaded = load_paths(args.paths)
        for problem in loaded.problems:
            print(f"error: {problem}", file=err)
        result = lint_documents(loaded, catalog, profile=args.profile, kube_version=kube_version, lint_config=lint_config)
    except (CatalogError, ToolMissingError) as exc:
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
