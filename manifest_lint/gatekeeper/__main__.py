"""``python -m manifest_lint.gatekeeper``: write the policy pack's Gatekeeper templates and Constraints.

Without ``--out`` every object goes to standard output as one YAML stream (``| kubectl apply -f -``);
``--list`` says which rules are enforced at admission, with what action, and why the others run in CI only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from manifest_lint.catalog import SEVERITIES, CatalogError
from manifest_lint.config import read_config
from manifest_lint.gatekeeper.generate import DEFAULT_EXCLUDED_NAMESPACES, HEADER, Settings, generate


def file_name(obj: dict[str, Any]) -> str:
    """The file of an object, as the render names it: ``<kind>-<name>.yaml`` in lower case."""
    return f"{obj['kind'].lower()}-{obj['metadata']['name']}.yaml"


def to_yaml(obj: dict[str, Any]) -> str:
    return yaml.safe_dump(obj, sort_keys=True, default_flow_style=False, width=10_000, allow_unicode=True)


def _action(text: str) -> tuple[str, str]:
    rule_id, sep, action = text.partition("=")
    if not sep or not rule_id or not action:
        raise argparse.ArgumentTypeError(f"{text!r}: want RULE_ID=ACTION, such as sec-tty-stdin=deny")
    return rule_id, action


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manifest_lint.gatekeeper", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, help="write one file per object into this folder (created; files of the same names are replaced)")
    parser.add_argument("--config", help="rule settings (the YAML of manifest-lint --config), written as the Constraints' parameters")
    parser.add_argument("--deny-at", default="high", choices=(*SEVERITIES, "never"), help="lowest severity that denies; below it, warn (default: high)")
    parser.add_argument("--action", type=_action, action="append", default=[], metavar="RULE=ACTION", help="deny, warn or dryrun for one rule")
    parser.add_argument("--namespace", action="append", default=[], help="enforce only in these namespaces (repeat; default: every namespace)")
    parser.add_argument(
        "--exclude-namespace", action="append", default=None,
        help=f"never enforce in these namespaces (repeat; default: {', '.join(DEFAULT_EXCLUDED_NAMESPACES)})",
    )  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the rules: enforced at admission (and how), or CI-only (and why)")
    args = parser.parse_args(argv)
    try:
        settings = Settings(
            lint_config=read_config(args.config) if args.config else {},
            deny_at=args.deny_at,
            actions=dict(args.action),
            namespaces=tuple(args.namespace),
            excluded_namespaces=tuple(args.exclude_namespace) if args.exclude_namespace is not None else DEFAULT_EXCLUDED_NAMESPACES,
        )
        admission = generate(settings)
    except (ValueError, CatalogError) as error:  # GatekeeperError and read_config's errors are ValueErrors
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.list:
        for rule, constraint in zip(admission.rules, admission.constraints, strict=True):
            print(f"{rule.id}\t{constraint['spec']['enforcementAction']}\t{constraint['kind']}")
        for rule_id, reason in admission.ci_only.items():
            print(f"{rule_id}\tci-only\t{reason}")
        return 0
    header = f"# {HEADER}\n"
    if args.out is None:
        sys.stdout.write("".join(f"---\n{header}{to_yaml(obj)}" for obj in admission.objects()))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for obj in admission.objects():
        (args.out / file_name(obj)).write_text(header + to_yaml(obj), encoding="utf-8")
    print(f"wrote {len(admission.templates)} ConstraintTemplates and {len(admission.constraints)} Constraints into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
