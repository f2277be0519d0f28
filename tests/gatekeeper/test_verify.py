"""A `gator verify` suite per template, generated from the rule's own conftest tests.

rule_cases.py takes every object (and rule settings) the rule's ``*_test.rego`` evaluates the
rule with; conftest's verdict on each is the expectation (how many findings, and each message),
and ``gator verify`` checks that the template and its Constraint give exactly that. Settings
become the Constraint's parameters. An object a controller owns expects nothing (the adapter
leaves it to its owner). One suite also checks AdmissionReview requests: a deletion and a
controller-owned object are not judged.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from gatekeeper_harness import GATOR, STATS, conftest_verdicts, dump, require
from rule_cases import cases

from manifest_lint.config import SCHEMA as CONFIG_SCHEMA
from manifest_lint.gatekeeper import Settings, generate
from manifest_lint.gatekeeper.generate import constraint_for, parameters_of

_GO_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$])")


def _go_regexp(text: str) -> str:
    """A Go regular expression matching exactly ``text``."""
    return "^" + _GO_SPECIAL.sub(r"\\\1", text) + "$"


def _owned(obj: dict[str, Any]) -> bool:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return any(isinstance(r, dict) and r.get("controller") is True for r in (metadata.get("ownerReferences") or []) if isinstance(metadata, dict))


@pytest.fixture(scope="module")
def admission():
    return generate(Settings())


@pytest.fixture(scope="module")
def suites(admission, tmp_path_factory) -> tuple[Path, Counter[str]]:
    """Writes one suite per template; returns the folder and counts."""
    require(GATOR)
    found = cases(admission.rules)
    counts: Counter[str] = Counter()
    valid = jsonschema.Draft202012Validator(CONFIG_SCHEMA)
    usable = []
    for case in found:
        if list(valid.iter_errors(case.config)):
            counts["skipped: settings the schema refuses"] += 1
        else:
            usable.append(case)
    # conftest's verdicts, one process per distinct setting.
    by_config: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(usable):
        by_config[json.dumps(case.config, sort_keys=True)].append(i)
    expected: list[list[tuple[str, str]]] = [[] for _ in usable]
    for config, indexes in by_config.items():
        verdicts = conftest_verdicts([usable[i].input for i in indexes], admission.rules, json.loads(config))
        for i, verdict in zip(indexes, verdicts, strict=True):
            expected[i] = [] if _owned(usable[i].input) else [f for f in verdict if f[0] == usable[i].rule_id]
    root = tmp_path_factory.mktemp("suites")
    rules = {rule.id: (rule, template) for rule, template in zip(admission.rules, admission.templates, strict=True)}
    per_rule: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(usable):
        per_rule[case.rule_id].append(i)
    for rule_id, indexes in per_rule.items():
        rule, template = rules[rule_id]
        folder = root / rule_id
        (folder / "cases").mkdir(parents=True)
        (folder / "template.yaml").write_text(dump(template), encoding="utf-8")
        tests = []
        configs = sorted({json.dumps(usable[i].config, sort_keys=True) for i in indexes})
        for k, config in enumerate(configs):
            constraint = constraint_for(rule, Settings(lint_config=json.loads(config)), parameters_of(template))
            (folder / f"constraint-{k}.yaml").write_text(dump(constraint), encoding="utf-8")
            suite_cases = []
            for i in indexes:
                if json.dumps(usable[i].config, sort_keys=True) != config:
                    continue
                (folder / "cases" / f"{i}.yaml").write_text(dump(usable[i].input), encoding="utf-8")
                assertions: list[dict[str, Any]] = [{"violations": len(expected[i])}]
                for message, times in sorted(Counter(msg for _, msg in expected[i]).items()):
                    assertions.append({"message": _go_regexp(message), "violations": times})
                suite_cases.append({"name": f"{usable[i].test}-{i}", "object": f"cases/{i}.yaml", "assertions": assertions})
                counts["cases"] += 1
                counts["cases with findings" if expected[i] else "cases without findings"] += 1
            tests.append({"name": f"{rule_id}-settings-{k}", "template": "template.yaml", "constraint": f"constraint-{k}.yaml", "cases": suite_cases})
        suite = {"apiVersion": "test.gatekeeper.sh/v1alpha1", "kind": "Suite", "metadata": {"name": rule_id}, "tests": tests}
        (folder / "suite.yaml").write_text(dump(suite), encoding="utf-8")
        counts["suites"] += 1
    counts["rules whose tests find something"] = len({usable[i].rule_id for i in range(len(usable)) if expected[i]})
    STATS.update({f"verify:{key}": value for key, value in counts.items()})
    return root, counts


def test_every_template_has_a_suite_from_its_rules_tests(admission, suites):
    _, counts = suites
    assert counts["suites"] == len(admission.templates), counts
    assert counts["cases with findings"] > 200
    assert counts["cases without findings"] > 100
    # Opt-in rules whose tests set the option run with it as parameters; a few rules' tests only ever pass.
    assert counts["rules whose tests find something"] >= len(admission.templates) - 3, counts


def test_gator_verify_passes_every_suite(suites):
    root, counts = suites
    done = subprocess.run([str(GATOR), "verify", f"{root}/..."], capture_output=True, text=True, timeout=900, check=False)
    failed = [line for line in done.stdout.splitlines() if "FAIL" in line or "Error" in line or "error" in line]
    assert done.returncode == 0, f"gator verify failed ({counts}):\n" + "\n".join(failed[:60]) + done.stderr[-3000:]


def _review(operation: str, obj: dict[str, Any], old: dict[str, Any] | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"operation": operation, "uid": "1", "userInfo": {"username": "alice"}}
    request["kind"] = {"group": "", "version": "v1", "kind": obj["kind"]}
    if operation == "DELETE":
        request["oldObject"] = obj
    else:
        request["object"] = obj
        if old is not None:
            request["oldObject"] = old
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


def test_admission_reviews_deletions_and_owned_objects(admission, tmp_path):
    """A request that creates or updates is judged; a deletion, or an object a controller owns, is not."""
    require(GATOR)
    (index,) = [i for i, rule in enumerate(admission.rules) if rule.id == "pss-privileged"]
    pod = {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "apps"},
        "spec": {"containers": [{"name": "app", "image": "ghcr.io/a/b:1", "securityContext": {"privileged": True}}]},
    }  # fmt: skip
    owned = json.loads(json.dumps(pod))
    owned["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u", "controller": True}]
    referenced = json.loads(json.dumps(pod))
    referenced["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "ConfigMap", "name": "c", "uid": "u"}]
    waived = json.loads(json.dumps(pod))
    waived["metadata"]["annotations"] = {"policy.omnitide.dev/waive-pss-privileged": "the node agent needs it; container=app"}
    objects = {
        "create": (_review("CREATE", pod), 1),
        "update": (_review("UPDATE", pod, pod), 1),
        "delete": (_review("DELETE", pod), 0),
        "owned-by-a-controller": (_review("CREATE", owned), 0),
        "owner-not-a-controller": (_review("CREATE", referenced), 1),
        "waived": (_review("CREATE", waived), 0),
        "plain-object": (pod, 1),
    }
    (tmp_path / "template.yaml").write_text(dump(admission.templates[index]), encoding="utf-8")
    (tmp_path / "constraint.yaml").write_text(dump(admission.constraints[index]), encoding="utf-8")
    suite_cases = []
    for name, (obj, violations) in objects.items():
        (tmp_path / f"{name}.yaml").write_text(dump(obj), encoding="utf-8")
        suite_cases.append({"name": name, "object": f"{name}.yaml", "assertions": [{"violations": violations}]})
    suite = {
        "apiVersion": "test.gatekeeper.sh/v1alpha1",
        "kind": "Suite",
        "tests": [{"name": "reviews", "template": "template.yaml", "constraint": "constraint.yaml", "cases": suite_cases}],
    }
    (tmp_path / "suite.yaml").write_text(dump(suite), encoding="utf-8")
    done = subprocess.run([str(GATOR), "verify", "-v", str(tmp_path / "suite.yaml")], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
