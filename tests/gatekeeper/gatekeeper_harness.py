"""Runs the same objects through conftest (the pack) and gator (the generated templates), for tests/gatekeeper.

A verdict is, per object, the sorted list of (rule id, message) of the unwaived findings of the
admission rules: conftest's ``deny`` results of those rule packages, and gator's violations of
their Constraints (whose messages are the rule's own). One conftest process and one gator
process judge a whole list of objects.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from manifest_lint.catalog import Rule
from manifest_lint.conftest_driver import ConftestError, run_conftest
from manifest_lint.gatekeeper import Admission
from manifest_lint.package_data import POLICIES_DIR

ROOT = Path(__file__).resolve().parents[2]
GATOR = ROOT / ".tools" / "bin" / "gator"
CONSTRAINTCRD = ROOT / ".tools" / "bin" / "constraintcrd"
INDEX = "gatekeeper-differential.test/index"
"""An annotation that names an object in gator's output (no rule reads it)."""
AGGREGATE = "gk_differential"

Verdict = list[tuple[str, str]]
STATS: dict[str, int] = {}
"""Counts of the differential run, for the terminal summary (conftest.py)."""


def require(tool: Path) -> Path:
    if not tool.is_file():
        pytest.fail(f"{tool} is missing: run `make gatekeeper-setup` (scripts/setup-gatekeeper.sh builds it from tools/gator/go.mod)")
    return tool


def dump(obj: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(obj), sort_keys=True, width=10_000)


def write_policy(admission: Admission, folder: Path) -> Path:
    """Every template and Constraint of ``admission`` as files below ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for obj in admission.objects():
        (folder / f"{obj['kind'].lower()}-{obj['metadata']['name']}.yaml").write_text(dump(obj), encoding="utf-8")
    return folder


def indexed(objects: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Copies of ``objects``, each annotated with its position."""
    out = []
    for i, obj in enumerate(objects):
        copy = json.loads(json.dumps(obj))
        copy.setdefault("metadata", {}).setdefault("annotations", {})[INDEX] = str(i)
        out.append(copy)
    return out


def conftest_verdicts(objects: Sequence[Mapping[str, Any]], rules: Sequence[Rule], lint_config: Mapping[str, Any] | None = None) -> list[Verdict]:
    """Per object, the unwaived findings (``deny``) of ``rules`` when conftest runs the pack on it alone."""
    with tempfile.TemporaryDirectory(prefix="gk-conftest-") as tmp:
        folder = Path(tmp)
        pack = [p for p in sorted(POLICIES_DIR.rglob("*.rego")) if not p.name.endswith("_test.rego")]
        lines = [f"package {AGGREGATE}", ""]
        lines += [f'deny contains object.union(f, {{"rule_id": "{rule.id}"}}) if some f in data.{rule.package}.deny' for rule in rules]
        (folder / "aggregate.rego").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "data.json").write_text(json.dumps({"lint_config": dict(lint_config or {})}), encoding="utf-8")
        files = []
        for i, obj in enumerate(objects):
            path = folder / "objects" / f"{i}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(obj), encoding="utf-8")
            files.append(str(path))
        try:
            results = run_conftest(files, policies=[*pack, folder / "aggregate.rego"], namespaces=[AGGREGATE], data=folder / "data.json")
        except ConftestError as error:
            pytest.fail(str(error)[:3000])
        verdicts: list[Verdict] = [[] for _ in objects]
        for result in results:
            i = int(Path(result["filename"]).stem)
            for failure in result.get("failures") or []:
                verdicts[i].append((str((failure.get("metadata") or {}).get("rule_id")), failure["msg"]))
        return [sorted(v) for v in verdicts]


def gator_test(objects: Sequence[Mapping[str, Any]], policy: Path) -> list[dict[str, Any]]:
    """gator test's JSON results for ``objects`` (one file each) against the templates and Constraints of ``policy``."""
    with tempfile.TemporaryDirectory(prefix="gk-gator-") as tmp:
        for i, obj in enumerate(objects):
            (Path(tmp) / f"{i}.json").write_text(json.dumps(obj), encoding="utf-8")
        done = subprocess.run(
            [str(require(GATOR)), "test", "-f", tmp, "-f", str(policy), "-o", "json"], capture_output=True, text=True, timeout=600, check=False
        )
    try:
        results = json.loads(done.stdout or "null")
    except json.JSONDecodeError:
        pytest.fail(f"gator test failed ({done.returncode}): {done.stderr.strip()[:3000]} {done.stdout[:2000]}")
    if done.returncode not in (0, 1) or (done.returncode == 1 and not results):
        pytest.fail(f"gator test failed ({done.returncode}): {done.stderr.strip()[:3000]}")
    return list(results or [])


def gator_verdicts(objects: Sequence[Mapping[str, Any]], policy: Path) -> list[Verdict]:
    """Per object of ``indexed(...)``, gator's violations: (the Constraint's name, which is the rule id, message)."""
    verdicts: list[Verdict] = [[] for _ in objects]
    for result in gator_test(objects, policy):
        i = int(result["violatingObject"]["metadata"]["annotations"][INDEX])
        verdicts[i].append((result["constraint"]["metadata"]["name"], result["msg"]))
    return [sorted(v) for v in verdicts]


def disagreements(objects: Sequence[Mapping[str, Any]], ours: Sequence[Verdict], theirs: Sequence[Verdict], limit: int = 5) -> list[str]:
    """The objects whose verdicts differ, described (at most ``limit``)."""
    found = []
    for obj, a, b in zip(objects, ours, theirs, strict=True):
        if a != b:
            only_conftest = sorted(set(a) - set(b))
            only_gator = sorted(set(b) - set(a))
            found.append(f"{json.dumps(obj, sort_keys=True)[:1500]}\n  conftest only: {only_conftest}\n  gator only: {only_gator}")
    return found[:limit]
