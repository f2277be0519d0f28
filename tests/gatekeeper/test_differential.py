"""gator's verdict equals conftest's, for every admission rule, object by object.

The objects: dist/'s environments, every insecure edit of tests/mutation/mutation_catalogue.py
applied to them, and pods of tests/differential/pss_pods.py's Hypothesis strategy, as a Pod and
wrapped in a workload kind. conftest runs the pack on each object alone (as manifest-lint's
per-document pass does); gator runs the generated templates and Constraints on the same object
(every namespace: the generator's defaults). Both must report the same findings, message for
message: the templates run the rule's own Rego.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from gatekeeper_harness import GATOR, STATS, conftest_verdicts, disagreements, gator_verdicts, indexed, require, write_policy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifest_lint.gatekeeper import Settings, generate

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT / "tests" / "mutation"))
sys.path.insert(0, str(ROOT / "tests" / "differential"))
from mutation_catalogue import CATALOGUE  # noqa: E402
from pss_pods import pods  # noqa: E402

ENVIRONMENTS = ("staging", "production")
WRAPPERS = {
    "Deployment": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "template": t}),
    "StatefulSet": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "serviceName": "pod", "template": t}),
    "DaemonSet": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "template": t}),
    "Job": ("batch/v1", lambda t: {"template": t}),
    "CronJob": ("batch/v1", lambda t: {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": t}}}),
    "PodTemplate": ("v1", None),
}
# Examples (batches of pods) per run: each costs one conftest and one gator process.
EXAMPLES = int(os.environ.get("GATEKEEPER_DIFF_EXAMPLES", "3"))


@pytest.fixture(scope="module")
def admission():
    return generate(Settings())


@pytest.fixture(scope="module")
def policy(admission, tmp_path_factory) -> Path:
    require(GATOR)
    return write_policy(admission, tmp_path_factory.mktemp("policy"))


def _load(relative: str) -> dict[str, Any]:
    return yaml.safe_load((DIST / relative).read_text(encoding="utf-8"))


def mutation_objects() -> list[dict[str, Any]]:
    """dist/'s environment objects, then every catalogued edit's objects (edited and added)."""
    objects = [_load(str(p.relative_to(DIST))) for env in ENVIRONMENTS for p in sorted((DIST / env).glob("*.yaml"))]
    for mutation in CATALOGUE:
        edited = mutation.edit(copy.deepcopy(_load(mutation.file)))
        for doc in [edited, *(doc for _, doc in mutation.new_files)]:
            if isinstance(doc, dict):
                objects.append(copy.deepcopy(doc))
    return objects


def _owned(obj: dict[str, Any]) -> bool:
    return any(ref.get("controller") is True for ref in obj.get("metadata", {}).get("ownerReferences") or [] if isinstance(ref, dict))


def compare(objects: list[dict[str, Any]], policy: Path, admission) -> None:
    objects = indexed(objects)
    ours = [[] if _owned(obj) else verdict for obj, verdict in zip(objects, conftest_verdicts(objects, admission.rules), strict=True)]
    theirs = gator_verdicts(objects, policy)
    STATS["objects"] = STATS.get("objects", 0) + len(objects)
    STATS["findings"] = STATS.get("findings", 0) + sum(map(len, ours))
    for verdict in ours:
        for rule_id, _ in verdict:
            STATS[f"rule:{rule_id}"] = 1
    problems = disagreements(objects, ours, theirs)
    assert not problems, "gator and conftest disagree:\n" + "\n".join(problems)


def test_mutation_fixtures(policy, admission):
    objects = mutation_objects()
    assert len(objects) > 100
    assert not any(map(_owned, objects))
    compare(objects, policy, admission)
    caught = {key.split(":", 1)[1] for key in STATS if key.startswith("rule:")}
    # The catalogue's edits make the admission rules they target fire, at admission too.
    targets = {m.rule_id for m in CATALOGUE} & {r.id for r in admission.rules}
    assert targets <= caught, sorted(targets - caught)


def _documents(pod: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The pod as a Pod, and in ``kind`` (pod annotations on the template)."""
    as_pod = {"apiVersion": "v1", "kind": "Pod", **copy.deepcopy(pod)}
    metadata = {"labels": {"app": "pod"}, **copy.deepcopy(pod["metadata"])}
    metadata.pop("name", None)
    template = {"metadata": metadata, "spec": copy.deepcopy(pod["spec"])}
    api_version, spec = WRAPPERS[kind]
    if spec is None:
        wrapped = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "pod"}, "template": template}
    else:
        wrapped = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "pod"}, "spec": spec(template)}
    return [as_pod, wrapped]


batches = st.lists(st.tuples(pods(), st.sampled_from(sorted(WRAPPERS))), min_size=30, max_size=40)


def test_generated_pods(policy, admission):
    seen = {"documents": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(batch=batches)
    def check(batch):
        documents = [doc for pod, kind in batch for doc in _documents(pod, kind)]
        seen["documents"] += len(documents)
        compare(documents, policy, admission)

    check()
    assert seen["documents"] >= 60 * min(EXAMPLES, 1)


def test_with_rule_settings(tmp_path):
    """Settings reach the rules as Constraint parameters exactly as data.lint_config does under conftest."""
    require(GATOR)
    config = {
        "allowed_registries": ["registry.k8s.io/"],
        "min_uid": 20000,
        "max_resources": {"cpu": "100m", "memory": "64Mi"},
        "recommended_labels": ["team"],
        "require_image_digest": True,
        "require_priority_class": True,
        "loadbalancer_intent_annotations": ["example.com/exposure"],
    }
    configured = generate(Settings(lint_config=config))
    assert any(c["spec"].get("parameters") for c in configured.constraints)
    objects = indexed(mutation_objects())
    ours = conftest_verdicts(objects, configured.rules, config)
    theirs = gator_verdicts(objects, write_policy(configured, tmp_path / "policy"))
    fired = {rule_id for verdict in ours for rule_id, _ in verdict}
    assert {"img-allowed-registries", "img-digest", "avail-priority-class", "sec-high-uid"} <= fired, "a setting changed no verdict"
    problems = disagreements(objects, ours, theirs)
    assert not problems, "gator and conftest disagree:\n" + "\n".join(problems)
