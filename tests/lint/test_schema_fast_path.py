"""The compiled schema validator (jsonschema-rs) against the reference (jsonschema).

Findings are the reference's; the compiled validator only decides which documents the
reference need not see. So it must never accept what the reference refuses. Checked here on
the render (dist/), the real-world projects of tests/realworld (with their own CRDs), and
mutations of each document (wrong types, unknown fields, int32/int64 overflow, numbers
beyond 64 bits), in every supported version.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from manifest_lint import schema_validation, schemas
from manifest_lint.crd_schemas import is_crd
from manifest_lint.loader import load_paths

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / ".tools" / "realworld" / "index.json"
MUTANTS = (
    "not a number",
    2**31,
    -(2**31) - 1,
    2**63,
    2**70,
    1.5,
    True,
    None,
    {"surprise": 1},
    ["x"],
)
"""What a mutation puts in place of a value (or adds as an unknown field's value)."""
STATS: Counter[str] = Counter()
"""Printed in the terminal summary by tests/lint/conftest.py."""


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _mutations(content: dict[str, Any], rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    paths = [p for p in _paths(content) if p[0] not in ("apiVersion", "kind")]
    for path in rng.sample(paths, min(count, len(paths))):
        mutant = copy.deepcopy(content)
        parent = mutant
        for part in path[:-1]:
            parent = parent[part]
        value = rng.choice(MUTANTS)
        if isinstance(parent, dict) and rng.random() < 0.2:
            parent["zzUnknownField"] = value
        else:
            parent[path[-1]] = value
        yield mutant


def _judge(content: dict[str, Any], version: str, tally: Counter[str], wrong: list[str]) -> None:
    reference = schemas.validate_document(content, version)
    fast = schema_validation._surely_valid(content, version)
    tally[f"reference {'invalid' if reference else 'valid'}, compiled {'accepts' if fast else 'does not accept'}"] += 1
    if fast and reference:
        wrong.append(f"{version} {content.get('kind')} {json.dumps(content)[:300]}: the reference says {reference[:2]}")


def _judge_together(content: dict[str, Any], tally: Counter[str], wrong: list[str]) -> None:
    """The versions the lint's validators of a kind refuse, asked all at once (one validator for every version where
    the kind is built in), are exactly those that each version's own compiled validator refuses."""
    api_version, kind = content.get("apiVersion"), content.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return
    versions = list(schemas.SUPPORTED_VERSIONS)
    together = schema_validation._unsure_versions(content, versions, schema_validation._kind_validators(api_version, kind, versions))
    alone = [version for version in versions if not schema_validation._surely_valid(content, version)]
    tally[f"every version at once: {'as' if together == alone else 'NOT as'} each alone"] += 1
    if together != alone:
        wrong.append(f"{kind} {json.dumps(content)[:300]}: refused by {together} at once, by {alone} one by one")


def _check(folder_runs: list[list[str]], label: str, mutations: int) -> None:
    tally: Counter[str] = Counter()
    wrong: list[str] = []
    rng = random.Random(20261201)  # noqa: S311 - a reproducible choice of mutations, not a secret
    for run in folder_runs:
        loaded = load_paths(run)
        schemas.use_input_crds([d.content for d in loaded.documents if is_crd(d.content)])
        try:
            for doc in loaded.documents:
                for version in schemas.SUPPORTED_VERSIONS:
                    _judge(doc.content, version, tally, wrong)
                _judge_together(doc.content, tally, wrong)
                for mutant in _mutations(doc.content, rng, mutations):
                    _judge(mutant, rng.choice(schemas.SUPPORTED_VERSIONS), tally, wrong)
                    _judge_together(mutant, tally, wrong)
        finally:
            schemas.use_input_crds([])
    for line, count in tally.items():
        STATS[f"{label}: {line}"] += count
    assert tally, f"{label}: no documents"
    assert not wrong, f"the compiled validators got {len(wrong)} documents wrong:\n" + "\n".join(wrong[:20])


def test_never_more_lenient_on_the_render() -> None:
    _check([[str(ROOT / "dist")]], "dist/", mutations=6)


def test_never_more_lenient_on_real_projects() -> None:
    if not INDEX.is_file():
        pytest.fail(f"{INDEX.relative_to(ROOT)} is missing: run `make test-setup`", pytrace=False)
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    runs = [run for project in index.values() for run in project["runs"]]
    _check(runs, "real-world projects", mutations=2)


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("replicas", 3, True),
        ("replicas", 2**31 - 1, True),
        ("replicas", 2**31, False),  # format int32: the reference refuses it, so must the compiled one
        ("replicas", 2**80, False),  # beyond 64 bits: the compiled validator cannot read it, the reference decides
        ("replicas", "3", False),
        ("replicaz", 3, False),
    ],
)
def test_what_the_compiled_validator_accepts(field: str, value: Any, accepted: bool) -> None:
    deployment: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "web:1"}]}},
        },
        field: value,
    }
    if field.startswith("replica"):
        deployment["spec"][field] = deployment.pop(field)
    assert schema_validation._surely_valid(deployment, "1.37") is accepted
    assert (schemas.validate_document(deployment, "1.37") == []) is accepted


def test_the_bounded_index_gives_what_the_schemas_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the compiled validators are built from is the same whether it comes from the bounded index or is
    derived from the installed schemas (as it is when the index is stale): for every kind in every version."""
    from manifest_lint.native import orjson

    def text(kube_version: str, schema: Any) -> bytes:
        return bytes(orjson.dumps(schemas.bounded_definitions_for(kube_version, schema), option=orjson.OPT_SORT_KEYS))

    kinds = [(version, api_version, kind) for version in schemas.SUPPORTED_VERSIONS for api_version, kind in sorted(schemas.builtin_kinds())]
    found = {key: schema for key in kinds if (schema := schemas.schema_for(*key)) is not None}
    schemas._bounded_index.cache_clear()
    assert schemas._bounded_index() is not None, "the index is stale: python -m manifest_lint.schemas"
    from_index = {key: text(key[0], schema) for key, schema in found.items()}
    monkeypatch.setattr(schemas, "_schema_sources", lambda: {"kubernetes-validate": ["another release"]})
    schemas._bounded_index.cache_clear()
    try:
        assert schemas._bounded_index() is None
        derived = {key: text(key[0], schema) for key, schema in found.items()}
    finally:
        schemas._bounded_index.cache_clear()
    assert len(found) > 500
    assert [key for key in found if from_index[key] != derived[key]] == []


def test_one_validator_serves_every_version_of_a_built_in_kind() -> None:
    """A built-in kind's versions share one compiled validator, built from each distinct definition once; a kind
    whose definitions refer to themselves (CustomResourceDefinition's JSONSchemaProps) is compiled per version."""
    versions = list(schemas.SUPPORTED_VERSIONS)
    made = schemas.combined_bounded(versions, "apps/v1", "Deployment")
    assert made is not None
    combined, served = made
    assert sorted(version for entry in served for version in entry) == versions
    per_version = sum(len(schemas.bounded_definitions_for(version, schemas.schema_for(version, "apps/v1", "Deployment"))["$defs"]) for version in versions)
    assert len(combined["$defs"]) * 3 < per_version
    [(validator, all_versions)] = schema_validation._kind_validators("apps/v1", "Deployment", versions)
    assert isinstance(validator, schema_validation._Combined)
    assert all_versions == versions
    assert schemas.combined_bounded(versions, "apiextensions.k8s.io/v1", "CustomResourceDefinition") is None
    assert len(schema_validation._kind_validators("apiextensions.k8s.io/v1", "CustomResourceDefinition", versions)) >= 1


def test_schemas_of_another_dialect_are_not_combined(monkeypatch: pytest.MonkeyPatch) -> None:
    """``$ref`` beside other keywords means something else in draft-07 than in 2020-12: a kind whose schema says another
    dialect than the definitions keeps one validator per version."""
    builtin = schemas._builtin_schema

    def draft7(kube_version: str, api_version: str, kind: str) -> Any:
        found = builtin(kube_version, api_version, kind)
        return None if found is None else {**found, "$schema": "http://json-schema.org/draft-07/schema#"}

    monkeypatch.setattr(schemas, "_builtin_schema", draft7)
    assert schemas.combined_bounded(list(schemas.SUPPORTED_VERSIONS), "apps/v1", "Deployment") is None
