"""Validation of a rendered tree: strict Kubernetes schemas, then the policy pack with conftest.

Used by the render before it publishes anything. Every YAML file below the root is
checked against the schemas of every supported Kubernetes version (a kind without a
schema is an error here: ArgoCD could not apply it either), then the policy pack runs in
one conftest process over all files and once more per folder with ``--combine`` for the
checks across resources.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from constructs_lib import schemas
from constructs_lib._tools import POLICIES_DIR, tool


def schema_problems(root: Path, versions: tuple[str, ...] = schemas.SUPPORTED_VERSIONS) -> list[str]:
    problems: list[str] = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root)
        for index, doc in enumerate(yaml.safe_load_all(path.read_text(encoding="utf-8"))):
            if not isinstance(doc, dict):
                problems.append(f"{relative} document {index}: not a Kubernetes object")
                continue
            for version in versions:
                problems.extend(f"{relative}: Kubernetes {version}: {e}" for e in schemas.validate_document(doc, version, require_schema=True))
    return problems


def policy_problems(root: Path) -> list[str]:
    """Unwaived findings of the whole policy pack on every YAML file below ``root``.

    One ``conftest test --combine`` process checks every rule over every file: the pack's
    ``lib.kubernetes`` walks the combined input, so per-document rules and the checks
    across resources run in the same pass, with one query per rule.
    """
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml"))
    if not files:
        return []
    command = [tool("conftest"), "test", "--no-color", "--combine", "--all-namespaces", "-p", str(POLICIES_DIR), "-o", "json", *files]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    try:
        results: list[dict[str, Any]] = json.loads(completed.stdout)
    except json.JSONDecodeError:
        return [f"conftest failed (exit {completed.returncode}): {completed.stderr.strip() or completed.stdout.strip()}"]
    return [f"{f.get('metadata', {}).get('file') or r['filename']}: {f['msg']}" for r in results for f in r.get("failures") or []]


def validate_tree(root: Path) -> list[str]:
    """Every problem of the rendered tree below ``root``; an empty list means it may be published."""
    problems = schema_problems(root)
    return problems + policy_problems(root)
