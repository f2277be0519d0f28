"""Validation of a rendered tree before it is published.

``validate_tree`` is what the render runs: the lint of ``python -m constructs_lib lint
--profile all`` (strict schemas of every supported Kubernetes version, the whole policy
pack and the checks across resources, each file parsed once), plus one requirement lint
does not make of arbitrary manifests: every object has a schema, since ArgoCD could not
apply a kind the cluster does not know either.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from constructs_lib import schemas
from constructs_lib.lint.catalog import load_catalog
from constructs_lib.lint.loader import LoadResult, load_paths
from constructs_lib.lint.runner import lint_documents


def schema_problems(root: Path, versions: tuple[str, ...] = schemas.SUPPORTED_VERSIONS) -> list[str]:
    """Strict schema validation alone (used when the cdk8s CLI's policy-pack plugin lints)."""
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


def _missing_schemas(loaded: LoadResult) -> list[str]:
    return [
        f"{doc.file}: {doc.content.get('apiVersion')} {doc.content.get('kind')} has no schema in Kubernetes {version}"
        for doc in loaded.documents
        for version in schemas.SUPPORTED_VERSIONS
        if not schemas.has_schema(doc.content, version)
    ]


def _lint(root: Path, *, require_schemas: bool) -> list[str]:
    loaded = load_paths([str(root)])
    result = lint_documents(loaded, load_catalog(), profile="all")
    problems = [str(p) for p in loaded.problems] + result.errors
    if require_schemas:
        problems += _missing_schemas(loaded)
    return problems + [f"{f.file}: {f.message}" for f in result.failed]


def policy_problems(root: Path) -> list[str]:
    """Every input problem and unwaived finding of ``lint --profile all`` on the YAML below ``root``."""
    return _lint(root, require_schemas=False)


def validate_tree(root: Path) -> list[str]:
    """Every problem of the rendered tree below ``root``; an empty list means it may be published."""
    return _lint(root, require_schemas=True)
