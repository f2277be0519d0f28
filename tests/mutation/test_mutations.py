"""Mutation testing of dist/: every catalogued insecure or broken edit must be caught by its rule.

Each mutation edits a copy of one environment folder of dist/ (one folder per mutation).
Namespaces of each copy are renamed ``<env>-m<NNN>`` so that ONE ``conftest --combine``
pass can hold every copy (the cross rules match objects by namespace only) and cross
findings map back to their mutation by namespace. The per-document pass runs only the
files a mutation changed or added: the untouched files are byte-identical to the baseline,
which is checked separately (zero findings, unrenamed, exactly like the render validates).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from mutation_catalogue import CATALOGUE, Mutation

from constructs_lib import synth
from manifest_lint import schemas
from manifest_lint.catalog import load_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "properties"))
from policy_runner import combined, per_document

DIST = Path(__file__).resolve().parents[2] / "dist"
STATS: Counter[str] = Counter()


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_catalogue_is_well_formed() -> None:
    assert len(CATALOGUE) >= 50
    assert len({m.id for m in CATALOGUE}) == len(CATALOGUE)
    rule_ids = {rule.id for rule in load_catalog().rules}
    for m in CATALOGUE:
        assert (DIST / m.file).is_file(), m.file
        assert m.rule_id == "schema" or m.rule_id in rule_ids, (m.id, m.rule_id)


def test_unmutated_dist_has_no_findings() -> None:
    files = sorted(str(p.relative_to(DIST)) for p in DIST.rglob("*.yaml"))
    findings, _ = per_document(files, DIST)
    cross, _ = combined([[f for f in files if f.startswith(f"{env}/")] for env in ("staging", "production")], DIST)
    assert [f.msg for f in findings + cross] == []
    for f in files:
        for version in schemas.SUPPORTED_VERSIONS:
            assert schemas.validate_document(_load(DIST / f), version, require_schema=True) == []


def _rename(doc: dict[str, Any], env: str, new: str) -> dict[str, Any]:
    meta = doc.get("metadata", {})
    if meta.get("namespace") == env:
        meta["namespace"] = new
    if doc.get("kind") == "Namespace" and meta.get("name") == env:
        meta["name"] = new
    return doc


def _apply(index: int, mutation: Mutation, root: Path) -> tuple[str, list[str], list[str]]:
    """Write the mutated copy; return (its namespace, changed files, schema problems)."""
    env = mutation.file.split("/")[0]
    folder = f"m{index:03d}"
    namespace = f"{env}-{folder}"
    target = root / folder / env
    shutil.copytree(DIST / env, target)
    changed: list[str] = []
    problems: list[str] = []
    edited = mutation.edit(_load(DIST / mutation.file))
    outputs = [(mutation.file, edited), *mutation.new_files]
    for rel, doc in outputs:
        path = root / folder / rel
        if doc is None:
            path.unlink()
            continue
        path.write_text(synth.to_yaml(doc), encoding="utf-8")
        for version in schemas.SUPPORTED_VERSIONS:
            problems.extend(schemas.validate_document(doc, version, require_schema=True))
        if (DIST / rel).is_file() and doc == _load(DIST / rel):
            continue  # unchanged carrier file of an added object
        changed.append(f"{folder}/{rel}")
    for path in (root / folder / env).glob("*.yaml"):
        path.write_text(synth.to_yaml(_rename(_load(path), env, namespace)), encoding="utf-8")
    return namespace, changed, problems


def test_every_mutation_is_caught_by_its_rule() -> None:
    root = Path(tempfile.mkdtemp(prefix="dist-mutations-"))
    try:
        caught_by: dict[int, set[str]] = defaultdict(set)
        namespaces: dict[str, int] = {}
        changed_files: list[str] = []
        folders: list[list[str]] = []
        for i, mutation in enumerate(CATALOGUE):
            namespace, changed, problems = _apply(i, mutation, root)
            namespaces[namespace] = i
            changed_files.extend(changed)
            if problems:
                caught_by[i].add("schema")
            folders.append(sorted(str(p.relative_to(root)) for p in (root / f"m{i:03d}").rglob("*.yaml")))
        findings, p1 = per_document(changed_files, root)
        for f in findings:
            caught_by[int(f.filename.split("/")[0][1:])].add(f.rule_id)
        half = len(folders) // 2
        cross, p2 = combined([[f for fs in folders[:half] for f in fs], [f for fs in folders[half:] for f in fs]], root)
        for f in cross:
            if f.namespace in namespaces:
                caught_by[namespaces[f.namespace]].add(f.rule_id)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    misses = [
        f"{m.id} ({m.description}): expected {m.rule_id}, got {sorted(caught_by[i]) or 'nothing'}"
        for i, m in enumerate(CATALOGUE)
        if m.rule_id not in caught_by[i]
    ]
    caught = len(CATALOGUE) - len(misses)
    STATS.update({"mutations applied": len(CATALOGUE), "mutations caught": caught, "conftest processes": p1 + p2})
    print(f"\nmutation detection rate: {caught}/{len(CATALOGUE)} ({100 * caught / len(CATALOGUE):.1f}%)")
    for miss in misses:
        print(f"  MISSED {miss}")
    assert not misses, f"detection rate {caught}/{len(CATALOGUE)}; missed:\n" + "\n".join(misses)
