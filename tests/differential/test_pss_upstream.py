"""Differential test: our Pod Security Standards rules against the upstream implementation.

Each Hypothesis example is a batch of generated pods. The batch is judged twice, each with one
process run: upstream's evaluator (k8s.io/pod-security-admission, via .tools/bin/psa-eval) and
our policy pack (.tools/bin/conftest over the pods, each also wrapped in every workload kind).
Our Baseline verdict is "no failure from a package under policies/pss/baseline/"; our Restricted
verdict is "no failure from policies/pss/restricted/, nor from a Baseline package that upstream's
Restricted level does not replace (METADATA restricted_replaced_by)". Every document must give
upstream's verdict for its pod at both levels.

A batch is drawn item by item, so Hypothesis can shrink a failing batch to one pod with only
the fields that matter. Verdicts are cached by pod, so shrinking re-runs the
tools only for pods it has not seen.

Every pod is linted as a Pod and in each of the eight workload kinds, in one
`conftest test --combine` run per batch (one query per rule, whatever the number of documents);
PSS_DIFF_WRAPPERS=one lints each pod in a single kind drawn with it instead.

The third opinion is the real admission: a Kubernetes API server (tests/cluster/kube_cluster.py,
built by `make cluster-setup`) with the PodSecurity plugin, asked with a server-side dry-run
create of every generated pod (none is sampled out) in a namespace enforcing baseline and in one
enforcing restricted, at v1.37. Its verdict, admitted or forbidden by PodSecurity, must equal
upstream's, and so ours, at both levels.

The API's validation runs before admission, and it refuses most generated pods (HTTP 422: probes
on init containers, ephemeral containers on create, Linux fields on a Windows pod, ...), which
PodSecurity then never sees. Such a pod is told apart, counted ("API server: pods invalid as
generated") and left out of the comparison; in its place, its API-valid variant
(tests/cluster/api_valid_pods.py: the nearest pod the server accepts, changed only where its
validation causes point) is judged by all three: upstream's library, our pack (in every kind,
as above) and the API server. Pods still invalid after that are counted as excluded.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pss_differential_settings import DIFFERENTIAL_STATS, differential_profile, differential_settings
from pss_pods import pods

from manifest_lint.catalog import load_catalog
from manifest_lint.conftest_driver import ConftestError, run_conftest
from manifest_lint.lint import write_aggregate
from manifest_lint.package_data import POLICIES_DIR

ROOT = Path(__file__).resolve().parents[2]
# The test API server (tests/cluster): the third opinion. Imported by its own name, so the cluster
# tests and this one share one control plane in a session.
sys.path.insert(0, str(ROOT / "tests" / "cluster"))
kube_cluster = importlib.import_module("kube_cluster")
api_valid_pods = importlib.import_module("api_valid_pods")
PSA_EVAL = ROOT / ".tools" / "bin" / "psa-eval"
PSS = POLICIES_DIR / "pss"
LEVELS = ("baseline", "restricted")

# Pods per example. Hypothesis caps one example at 8,192 choices and a pod takes about 130.
MIN_BATCH = 16
MAX_BATCH = 40
# Pods that must be generated per profile (derandomized in ci, so the count is stable).
MIN_PODS = {"dev": 100, "ci": 2000}

WRAPPERS = {
    "Deployment": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "template": t}),
    "ReplicaSet": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "template": t}),
    "StatefulSet": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "serviceName": "pod", "template": t}),
    "DaemonSet": ("apps/v1", lambda t: {"selector": {"matchLabels": {"app": "pod"}}, "template": t}),
    "Job": ("batch/v1", lambda t: {"template": t}),
    "CronJob": ("batch/v1", lambda t: {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": t}}}),
    "ReplicationController": ("v1", lambda t: {"selector": {"app": "pod"}, "template": t}),
}


KINDS = ["Pod", *WRAPPERS, "PodTemplate"]
ALL_WRAPPERS = os.environ.get("PSS_DIFF_WRAPPERS", "all") == "all"


def documents(pod: dict) -> dict[str, dict]:
    """The pod as a Pod and wrapped in every workload kind, pod annotations on the template."""
    docs = {"Pod": {"apiVersion": "v1", "kind": "Pod", **copy.deepcopy(pod)}}
    template_metadata = {"labels": {"app": "pod"}, **copy.deepcopy(pod["metadata"])}
    template_metadata.pop("name", None)
    template = {"metadata": template_metadata, "spec": copy.deepcopy(pod["spec"])}
    for kind, (api_version, spec) in WRAPPERS.items():
        docs[kind] = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "pod"}, "spec": spec(template)}
    docs["PodTemplate"] = {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "pod"}, "template": template}
    return docs


def pss_namespaces() -> dict[str, str]:
    """Every rule package under policies/pss/<level>/, mapped to its level (by folder)."""
    namespaces = {}
    for level in LEVELS:
        for rego in sorted((PSS / level).rglob("*.rego")):
            for line in rego.read_text().splitlines():
                if line.startswith("package "):
                    package = line.split()[1]
                    if not package.endswith("_test"):
                        namespaces[package] = level
    return namespaces


def run_upstream(batch: list[dict]) -> list[dict]:
    proc = subprocess.run([str(PSA_EVAL)], input=json.dumps(batch), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(f"psa-eval failed ({proc.returncode}): {proc.stderr.strip()}")
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["index"] for r in results] == list(range(len(batch))), "psa-eval skipped pods"
    return results


def replaced_at_restricted() -> set[str]:
    """Baseline rule ids that upstream's Restricted level replaces by a stricter check
    (METADATA ``restricted_replaced_by``; upstream's ``OverrideCheckIDs``)."""
    replaced = set()
    for rego in (PSS / "baseline").rglob("*.rego"):
        text = rego.read_text()
        rule_id = re.search(r"^#   id: (\S+)$", text, re.MULTILINE)
        if rule_id and re.search(r"^#   restricted_replaced_by: \S+$", text, re.MULTILINE):
            replaced.add(rule_id.group(1))
    return replaced


REPLACED_AT_RESTRICTED = replaced_at_restricted()
AGGREGATE = "pss_differential"
PSS_RULES = [r for r in load_catalog().rules if r.pss is not None]


def run_ours(batch: list[tuple[dict, str]], namespaces: dict[str, str]) -> list[dict[str, dict[str, list[str]]]]:
    """For each (pod, kind), each document linted: the rule ids that failed it, per PSS level.

    One `conftest test --combine` process checks every document of the batch: the pack's
    lib.kubernetes walks the combined input, and each finding names its document.
    """
    with tempfile.TemporaryDirectory(prefix="pss-diff-") as tmp:
        files = {}
        ours: list[dict] = []
        for i, (pod, drawn_kind) in enumerate(batch):
            docs = documents(pod)
            kinds = KINDS if ALL_WRAPPERS else [drawn_kind]
            ours.append({k: {level: [] for level in LEVELS} for k in kinds})
            for kind in kinds:
                doc = docs[kind]
                # A unique name maps each finding back to its document.
                name = f"doc-{i:04d}-{kind.lower()}"
                doc["metadata"] = {**doc["metadata"], "name": name}
                path = Path(tmp) / f"{name}.json"
                path.write_text(json.dumps(doc))
                files[name] = (i, kind)
        # One package gathering every PSS rule: two queries per run instead of three per rule.
        rules = [r for r in PSS_RULES if r.package in namespaces]
        assert len(rules) == len(namespaces), "every PSS package is in the rule catalogue"
        write_aggregate(rules, Path(tmp) / "aggregate", AGGREGATE)
        level_of = {r.id: namespaces[r.package] for r in rules}
        paths = [f"{name}.json" for name in files]
        policies = [POLICIES_DIR / "lib", PSS, Path(tmp) / "aggregate"]
        try:
            results = run_conftest(paths, policies=policies, namespaces=[AGGREGATE], combine=True, cwd=Path(tmp))
        except ConftestError as error:
            pytest.fail(str(error)[:2000])
    assert {r["namespace"] for r in results} == {AGGREGATE}, "conftest did not run the PSS rules"
    for result in results:
        for failure in result.get("failures") or []:
            metadata = failure.get("metadata", {})
            i, kind = files[metadata["name"]]
            ours[i][kind][level_of[metadata["rule_id"]]].append(metadata["rule_id"])
    return ours


def our_verdict(failed: dict[str, list[str]], level: str) -> bool:
    if level == "baseline":
        return not failed["baseline"]
    # Upstream's Restricted level runs its own seccomp, capabilities, volume and procMount
    # checks in place of the Baseline ones (which is why a Windows pod can pass Restricted).
    return not [r for r in failed["baseline"] if r not in REPLACED_AT_RESTRICTED] and not failed["restricted"]


class Judge:
    """Upstream, our and the API server's verdicts for pods, cached by pod so shrinking stays cheap."""

    def __init__(self, namespaces: dict[str, str], dry_run_pods):
        self.namespaces = namespaces
        self.dry_run_pods = dry_run_pods
        self.cache: dict[str, tuple[dict, dict, dict]] = {}

    def judge(self, batch: list[tuple[dict, str]]) -> list[tuple[dict, dict, dict]]:
        keys = [json.dumps(item, sort_keys=True) for item in batch]
        new = {k: item for k, item in zip(keys, batch, strict=False) if k not in self.cache}
        if new:
            pending = list(new.values())
            upstream = run_upstream([pod for pod, _ in pending])
            ours = run_ours(pending, self.namespaces)
            servers = self.third_opinion(pending, upstream, ours)
            for key, up, our, server in zip(new, upstream, ours, servers, strict=True):
                self.cache[key] = (up, our, server)
        return [self.cache[k] for k in keys]

    def third_opinion(self, pending: list[tuple[dict, str]], upstream: list[dict], ours: list[dict]) -> list[dict]:
        """For each pod, the API server's verdicts on it, or on its API-valid variant (then with
        upstream's and our verdicts on the variant too); "pod" is None if there is none."""
        found = api_valid_pods.api_valid_variants([pod for pod, _ in pending], lambda pods: self.dry_run_pods(pods, "baseline"))
        judged = [i for i, (variant, _) in enumerate(found) if variant is not None]
        restricted = dict(zip(judged, self.dry_run_pods([found[i][0] for i in judged], "restricted"), strict=True))
        changed = [i for i in judged if found[i][0] != pending[i][0]]
        variant_upstream = dict(zip(changed, run_upstream([found[i][0] for i in changed]), strict=True)) if changed else {}
        variant_ours = dict(zip(changed, run_ours([(found[i][0], pending[i][1]) for i in changed], self.namespaces), strict=True)) if changed else {}
        opinions = []
        for i, (variant, baseline) in enumerate(found):
            opinion = {"pod": variant, "variant": i in changed, "last": baseline}
            if variant is not None:
                opinion["server"] = {"baseline": baseline, "restricted": restricted[i]}
                opinion["upstream"] = variant_upstream.get(i, upstream[i])
                opinion["ours"] = variant_ours.get(i, ours[i])
            opinions.append(opinion)
        return opinions


def disagreements(pod: dict, upstream: dict, ours: dict) -> list[str]:
    found = []
    for kind, failed in ours.items():
        for level in LEVELS:
            expected = upstream[level]["allowed"]
            if our_verdict(failed, level) != expected:
                found.append(
                    f"{kind} at {level}: upstream {'allows' if expected else 'forbids'}"
                    f" {upstream[level]['reasons'] or ''}; ours {'allows' if expected is False else 'forbids'}"
                    f" (failed rules: baseline={failed['baseline']}, restricted={failed['restricted']})"
                )
    return found


def server_disagreements(upstream: dict, server: dict) -> list[str]:
    """The levels at which the API server's admission differs from upstream's library (pods it
    judged; an invalid pod never reaches admission)."""
    return [
        f"API server at {level}: upstream {'allows' if upstream[level]['allowed'] else 'forbids'} {upstream[level]['reasons'] or ''};"
        f" the server {server[level].outcome} {server[level].message}"
        for level in LEVELS
        if (server[level].outcome == kube_cluster.ADMITTED) != upstream[level]["allowed"]
    ]


@pytest.fixture(scope="session")
def dry_run_pods():
    """dry_run_pods(pods, level): one kube_cluster.PodVerdict per pod (admitted, forbidden by
    PodSecurity, or invalid before admission), from a server-side dry-run create of each pod in a
    namespace labelled pod-security.kubernetes.io/enforce=<level> at v1.37 on the test API server."""
    with kube_cluster.session_cluster() as cluster:
        yield lambda pods, level: kube_cluster.dry_run_pods(cluster, pods, level)


@pytest.fixture(scope="module")
def judge(dry_run_pods) -> Judge:
    missing = [str(p) for p in (PSA_EVAL,) if not p.is_file()]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: build psa-eval with "
            "`cd tools/psa-eval && GOBIN=$PWD/../../.tools/bin go install .` and install conftest (make setup)"
        )
    namespaces = pss_namespaces()
    if not any(level == "baseline" for level in namespaces.values()):
        pytest.fail(f"no rule packages found under {PSS}/baseline")
    return Judge(namespaces, dry_run_pods)


_ITEM = st.tuples(pods(), st.sampled_from(KINDS))

# MIN_BATCH to MAX_BATCH (pod, kind) items of distinct pods: large batches spread each process
# start over many pods, and uniqueness keeps Hypothesis from filling them with the simplest pod.
# A failing batch still shrinks item by item, and the failure message names the pod that disagrees.
batches = st.lists(_ITEM, min_size=MIN_BATCH, max_size=MAX_BATCH, unique_by=lambda item: json.dumps(item[0], sort_keys=True))


def test_pss_verdicts_match_upstream(judge: Judge) -> None:
    stats = DIFFERENTIAL_STATS
    stats["profile"] = differential_profile()
    for key in ("API server: pods invalid as generated (excluded, their API-valid variant judged)", "API server: pods excluded, no API-valid variant found"):
        stats[key] += 0  # listed in the summary even when none
    stats["rule packages"] = len(judge.namespaces)

    @settings(differential_settings())
    @given(batch=batches)
    def check(batch: list[tuple[dict, str]]) -> None:
        verdicts = judge.judge(batch)
        stats["examples"] += 1
        stats["pods"] += len(batch)
        for (pod, _), (upstream, ours, server) in zip(batch, verdicts, strict=False):
            for kind in ours:
                stats[f"documents of kind {kind}"] += 1
            stats["documents"] += len(ours)
            stats[f"upstream baseline={upstream['baseline']['allowed']} restricted={upstream['restricted']['allowed']}"] += 1
            problems = disagreements(pod, upstream, ours)
            stats["documents agreeing"] += len(ours) - len({p.split(" at ")[0] for p in problems})
            if server["variant"] or server["pod"] is None:
                stats["API server: pods invalid as generated (excluded, their API-valid variant judged)"] += 1
            if server["pod"] is None:
                stats["API server: pods excluded, no API-valid variant found"] += 1
            else:
                verdicts_of_server = server["server"]
                # Validation does not depend on the namespace: a pod valid at one level is valid at both.
                assert verdicts_of_server["restricted"].outcome != kube_cluster.INVALID, verdicts_of_server
                stats["API server: pods judged by PodSecurity"] += 1
                stats[f"API server baseline={verdicts_of_server['baseline'].outcome} restricted={verdicts_of_server['restricted'].outcome}"] += 1
                third = server_disagreements(server["upstream"], verdicts_of_server)
                if server["variant"]:
                    third += disagreements(server["pod"], server["upstream"], server["ours"])
                    stats["documents of API-valid variants linted"] += len(server["ours"])
                if not third and not problems:
                    stats["API server: pods agreeing (upstream, API server, ours)"] += 1
                if third:
                    stats["pods disagreeing"] += 1
                    pytest.fail(
                        "the API server (or, for this API-valid variant, our pack) disagrees with upstream"
                        f" pod-security-admission for this {'API-valid variant of a pod' if server['variant'] else 'pod'}:\n"
                        + json.dumps(server["pod"], indent=2)
                        + "\n"
                        + "\n".join(third),
                        pytrace=False,
                    )
            if problems:
                stats["pods disagreeing"] += 1
                pytest.fail(
                    "our PSS rules disagree with upstream pod-security-admission for this pod:\n" + json.dumps(pod, indent=2) + "\n" + "\n".join(problems),
                    pytrace=False,
                )

    check()
    stats["distinct pods"] = len(judge.cache)
    excluded = stats["API server: pods excluded, no API-valid variant found"]
    assert excluded <= stats["pods"] // 10, f"{excluded} of {stats['pods']} pods have no API-valid variant: tests/cluster/api_valid_pods.py needs a rule"
    minimum = MIN_PODS[stats["profile"]]
    assert stats["pods"] >= minimum, f"only {stats['pods']} pods generated, want {minimum}: raise max_examples"
