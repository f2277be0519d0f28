# ruff: noqa: PLR0911 - one return per invalid case
"""Property-based tests of ``Worker``, ``BatchJob``, ``ScheduledJob`` and ``StatefulService``.

Each example is a whole app (``shape_strategies.ShapeApp``): one service of a shape, with every
pod extension point drawn, and the ConfigMaps its pods refer to. ``test_<shape>_renders``
renders it in a fresh chart and checks, in process: strict schemas of the oldest and newest
supported Kubernetes version (so that Hypothesis shrinks a failure), byte-identical
re-rendering (``synth.to_yaml``) and the invariants below, computed here from the
manifests; it keeps every example. ``test_policy_pack_on_every_rendered_example`` (run
after them) writes all of them with ``synth.write_tree``, one folder per example, and runs
what the render gate (``manifest_lint.gate.check_tree``) runs, ``--profile all``, in two
halves: the per-document rules and the strict schemas of every supported version once over
all examples, and the cross-resource rules once per batch of examples with distinct
namespaces (they match objects by namespace, so each example is judged alone). Every
finding is mapped back to its example; there must be none.

Invariants: every container and init container is hardened (non-root UID, read-only root
filesystem, no privilege escalation, every capability dropped, seccomp ``RuntimeDefault``,
requests and limits with limit >= request) and the pod takes no API token; the
NetworkPolicy selects the pods and isolates both directions; a PodDisruptionBudget exists
exactly when two or more pods run, selects them and allows one eviction; every mount
references a volume of the pod (or a claim template), mount paths are distinct within a
container, volume names are distinct DNS labels; plain init containers carry no probes
(the API server refuses them) and native sidecars restart ``Always``; tolerations, node
selectors, env names, key references and envFrom prefixes are what the API server accepts;
the StatefulSet's ``serviceName`` is its headless Service, which selects its pods on the
container ports; an HPA exists exactly with ``autoscale`` and then owns the replicas; Jobs
and CronJobs keep their run settings; every ConfigMap the pods need is rendered with its
keys; object names and labels are well-formed.

Invalid props: ``test_invalid_props_are_refused_by_name`` changes one prop of a valid base
per shape (wrong types, out-of-range numbers, bad names, mounts of missing volumes or at a
writable path, a native sidecar in ``sidecars``, probes on a plain init container, bad cron
schedules, ...) and expects a ``PropsError`` from that shape naming the prop as the user
writes it, with nothing synthesized; ``REGRESSIONS`` are the bugs these properties found.

Counts are printed at the end ("Shape properties"). Each shape draws half the profile's
examples: ``dev`` 12 per shape, ``ci`` 75 (``tests/conftest.py``); the invalid cases the
profile's 25 or 150, plus the regressions.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import cdk8s
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from k8s_names import DNS_LABEL, check_label, check_labels, check_object_name
from shape_strategies import (
    SHAPE_PROPS,
    ShapeApp,
    apps,
    batch_job_props,
    config_map_references,
    rfc1123,
    scheduled_job_props,
    stateful_service_props,
    worker_props,
)

from constructs_lib import synth as cdk8s_synth
from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
from constructs_lib.container import ConfigMapValue, ContainerPort, ContainerSpec, EnvFrom, Mount, Resources, SecretValue
from constructs_lib.errors import PropsError
from constructs_lib.jobs import BatchJob, JobProps, ScheduledJob, ScheduledJobProps
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.pod import EmptyDirVolume, PodSettings, Toleration
from constructs_lib.probes import ExecProbe, HttpProbe, TcpProbe
from constructs_lib.shape import NetworkAccess, Release, WorkloadProps
from constructs_lib.stateful import StatefulService, StatefulServiceProps, VolumeClaim
from constructs_lib.worker import Worker, WorkerAutoscaling, WorkerProps
from constructs_lib.workload import MetricsEndpoint
from manifest_lint import schemas
from manifest_lint.catalog import Rule, load_catalog
from manifest_lint.lint import lint_documents, select_rules
from manifest_lint.loader import LoadResult, load_paths

SHAPES: dict[str, Callable[..., Any]] = {"Worker": Worker, "BatchJob": BatchJob, "ScheduledJob": ScheduledJob, "StatefulService": StatefulService}
STATS: Counter[str] = Counter()

ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")


# --- counts in the terminal summary ---------------------------------------------------------------
class _Summary:
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not STATS:
            return
        terminalreporter.section("Shape properties")
        for key, value in sorted(STATS.items()):
            terminalreporter.write_line(f"{key}: {value}")


@pytest.fixture(scope="module", autouse=True)
def _print_counts(request: pytest.FixtureRequest) -> None:
    if not request.config.pluginmanager.has_plugin("shape-properties-summary"):
        request.config.pluginmanager.register(_Summary(), "shape-properties-summary")


# --- rendering ----------------------------------------------------------------------------------
@dataclasses.dataclass
class Example:
    shape: str
    app: ShapeApp
    objects: list[cdk8s_synth.RenderedObject]

    @property
    def props(self) -> WorkloadProps:
        return self.app.props


EXAMPLES: list[Example] = []
RAN: set[str] = set()
IN_PROCESS_VERSIONS = (schemas.SUPPORTED_VERSIONS[0], schemas.SUPPORTED_VERSIONS[-1])
# Each shape draws half the profile's examples (dev 12, ci 75), which keeps the ci run of the suite within about 90 s.
PER_SHAPE = settings(max_examples=max(5, settings.default.max_examples // 2))


def render(shape: str, example_app: ShapeApp) -> list[cdk8s_synth.RenderedObject]:
    """The objects of one service of ``shape`` and its ConfigMaps, in a fresh chart (id ``example``) without a chart namespace."""
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "example")
    props = example_app.props
    SHAPES[shape](chart, props.name, props)
    for i, (name, data) in enumerate(sorted(example_app.config_maps.items())):
        SettingsConfigMap(chart, f"ConfigMap-{i}", ConfigMapProps(name=name, namespace=props.namespace, data=data))
    return cdk8s_synth.collect(app)


def to_bytes(objects: list[cdk8s_synth.RenderedObject]) -> bytes:
    return "".join(cdk8s_synth.to_yaml(o.manifest) for o in objects).encode()


def check_valid(shape: str, app: ShapeApp) -> None:
    RAN.add(shape)
    props = app.props
    objects = render(shape, app)
    assert to_bytes(objects) == to_bytes(render(shape, app)), "rendering twice gave different bytes"
    manifests = [dict(o.manifest) for o in objects]
    for m in manifests:  # the oldest and newest version here, so that Hypothesis shrinks a failure; the gate checks all
        for version in IN_PROCESS_VERSIONS:
            assert schemas.validate_document(m, version, require_schema=True) == [], (m["kind"], version)
    STATS["schema validations in process"] += len(manifests) * len(IN_PROCESS_VERSIONS)
    check_invariants(shape, props, manifests)
    check_references(app, manifests)
    EXAMPLES.append(Example(shape, app, objects))
    STATS[f"valid examples rendered: {shape}"] += 1
    STATS["documents rendered"] += len(manifests)


# --- invariants, computed from the manifests ------------------------------------------------------
def _kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests if m["kind"] == kind]


def _one(manifests: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = _kind(manifests, kind)
    assert len(found) == 1, (kind, len(found))
    return found[0]


def _selects(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _template(workload: Mapping[str, Any]) -> dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return dict(spec["template"])


_UNITS = {
    "": Decimal(1), "m": Decimal("0.001"), "k": Decimal(10**3), "M": Decimal(10**6), "G": Decimal(10**9), "T": Decimal(10**12),
    "Ki": Decimal(2**10), "Mi": Decimal(2**20), "Gi": Decimal(2**30), "Ti": Decimal(2**40),
}  # fmt: skip


def quantity(value: str) -> Decimal:
    """A quantity's value, parsed here (independently of constructs_lib)."""
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)", str(value))
    assert match and match.group(2) in _UNITS, value
    return Decimal(match.group(1)) * _UNITS[match.group(2)]


def check_container(container: Mapping[str, Any], uid: int, where: str) -> None:
    context = container["securityContext"]
    assert context["runAsNonRoot"] is True and context["runAsUser"] == uid >= 1000, where
    assert context["readOnlyRootFilesystem"] is True, where
    assert context["allowPrivilegeEscalation"] is False and context.get("privileged") is not True, where
    assert context["capabilities"] == {"drop": ["ALL"]}, where
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where
    requests, limits = container["resources"]["requests"], container["resources"]["limits"]
    for resource in CONTAINER_RESOURCES:
        assert quantity(limits[resource]) >= quantity(requests[resource]) > 0, (where, resource)
    assert DNS_LABEL.match(container["name"]) and len(container["name"]) <= 63, where
    port_names = [p["name"] for p in container.get("ports", [])]
    assert len(set(port_names)) == len(port_names) and all(len(n) <= 15 and DNS_LABEL.match(n) for n in port_names), (where, port_names)
    mount_paths = [m["mountPath"] for m in container.get("volumeMounts", [])]
    assert len(set(mount_paths)) == len(mount_paths), (where, "mountPath must be unique", mount_paths)
    for mount in container.get("volumeMounts", []):
        sub_path = mount.get("subPath")
        assert sub_path is None or (not sub_path.startswith("/") and ".." not in sub_path.split("/")), (where, sub_path)
    for env in container.get("env", []):
        assert ENV_NAME.match(env["name"]), (where, env["name"])
        for ref in ("configMapKeyRef", "secretKeyRef"):
            if ref in env.get("valueFrom", {}):
                key = env["valueFrom"][ref]["key"]
                assert len(key) <= 253 and CONFIG_KEY.match(key), (where, env["name"], key)
    for source in container.get("envFrom", []):
        assert "prefix" not in source or ENV_NAME.match(source["prefix"]), (where, source)


def check_pod(workload: Mapping[str, Any], props: WorkloadProps, claims: set[str]) -> None:
    """The hardened pod, and what the API server checks of it that the OpenAPI schemas do not."""
    where = f"{workload['kind']}/{workload['metadata']['name']}"
    template = _template(workload)
    pod = template["spec"]
    assert pod["automountServiceAccountToken"] is False and pod["serviceAccountName"] == props.name, where
    assert not any(pod.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")), where
    context = pod["securityContext"]
    assert context["runAsNonRoot"] is True and context["runAsUser"] == props.run_as_user, where
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where
    containers, inits = pod["containers"], pod.get("initContainers", [])
    assert containers[0]["name"] == props.name, where
    for container in containers + inits:
        check_container(container, props.run_as_user, f"{where} container {container['name']}")
    for init in inits:
        if init.get("restartPolicy") != "Always":  # a plain init container runs to completion: no probes
            assert not {"livenessProbe", "readinessProbe", "startupProbe", "lifecycle"} & set(init), (where, init["name"])
    assert [c["name"] for c in inits if c.get("restartPolicy") == "Always"] == [c.name for c in props.pod.init_containers if c.restart_always]
    names = [c["name"] for c in containers + inits]
    assert len(set(names)) == len(names), (where, names)
    numbers = [p["containerPort"] for c in containers + inits for p in c.get("ports", [])]
    assert len(set(numbers)) == len(numbers), (where, numbers)
    volumes = [v["name"] for v in pod.get("volumes", [])]
    assert len(set(volumes)) == len(volumes) and not set(volumes) & claims, (where, volumes)
    for name in volumes:
        assert len(name) <= 63 and DNS_LABEL.match(name), (where, "volume name", name)
    for container in containers + inits:
        for mount in container.get("volumeMounts", []):
            assert mount["name"] in set(volumes) | claims, (where, container["name"], mount["name"])
    for toleration in pod.get("tolerations", []):
        assert "tolerationSeconds" not in toleration or toleration.get("effect") == "NoExecute", (where, toleration)
        assert toleration.get("operator") != "Exists" or not toleration.get("value"), (where, toleration)
        assert toleration.get("key") or toleration.get("operator") == "Exists", (where, toleration)
    for key, value in pod.get("nodeSelector", {}).items():
        check_label(key, value, f"{where} nodeSelector")
    assert pod.get("restartPolicy") == getattr(props, "restart_policy", None), where
    assert _selects(dict(props.pod_selector()), template["metadata"]["labels"]), where


def check_names_and_labels(manifests: list[dict[str, Any]]) -> None:
    for m in manifests:
        name, kind = m["metadata"]["name"], m["kind"]
        check_object_name(kind, name)
        check_labels(m["metadata"].get("labels", {}), f"{kind}/{name}")
        if kind in {"Deployment", "StatefulSet", "Job", "CronJob"}:
            check_labels(_template(m)["metadata"]["labels"], f"{kind}/{name} pod template")
        for key, value in m["metadata"].get("annotations", {}).items():
            assert isinstance(value, str), (kind, name, key)


def pods_allowed_to_evict(pdb_spec: Mapping[str, Any], pods: int) -> int:
    def scaled(value: int | str) -> int:
        return math.ceil(int(value[:-1]) * pods / 100) if isinstance(value, str) else value

    if pdb_spec.get("maxUnavailable") is not None:
        return min(scaled(pdb_spec["maxUnavailable"]), pods)
    if pdb_spec.get("minAvailable") is not None:
        return max(pods - scaled(pdb_spec["minAvailable"]), 0)
    return 0


def check_invariants(shape: str, props: WorkloadProps, manifests: list[dict[str, Any]]) -> None:
    kinds = Counter(m["kind"] for m in manifests)
    for m in manifests:
        if m["kind"] == "Namespace":
            assert m["metadata"]["name"] == props.namespace and "namespace" not in m["metadata"]
        else:
            assert m["metadata"]["namespace"] == props.namespace, m["kind"]
    assert kinds["Namespace"] == (1 if props.create_namespace else 0)
    account = _one(manifests, "ServiceAccount")
    assert account["metadata"]["name"] == props.name

    workload_kind = {"Worker": "Deployment", "BatchJob": "Job", "ScheduledJob": "CronJob", "StatefulService": "StatefulSet"}[shape]
    workload = _one(manifests, workload_kind)
    assert workload["metadata"]["name"] == props.name
    pod_labels = _template(workload)["metadata"]["labels"]
    claims: set[str] = set()
    if isinstance(props, StatefulServiceProps):
        claims = {t["metadata"]["name"] for t in workload["spec"]["volumeClaimTemplates"]}
        assert claims == {c.name for c in props.claims}
    check_pod(workload, props, claims)

    # The NetworkPolicy isolates exactly the service's pods, both ways.
    netpol = _one(manifests, "NetworkPolicy")
    assert _selects(netpol["spec"]["podSelector"]["matchLabels"], pod_labels)
    assert set(netpol["spec"]["policyTypes"]) == {"Ingress", "Egress"}

    # Workload selectors select their own pods; a PDB exists exactly when two or more pods run.
    lowest = 0
    if workload_kind in ("Deployment", "StatefulSet"):
        assert _selects(workload["spec"]["selector"]["matchLabels"], pod_labels)
        assert isinstance(props, WorkerProps | StatefulServiceProps)
        lowest = props.lowest_replicas if isinstance(props, WorkerProps) else props.replicas
        assert kinds["PodDisruptionBudget"] == (1 if lowest >= 2 else 0), (lowest, kinds)
        for pdb in _kind(manifests, "PodDisruptionBudget"):
            assert _selects(pdb["spec"]["selector"]["matchLabels"], pod_labels)
            assert pods_allowed_to_evict(pdb["spec"], lowest) >= 1
    else:
        assert kinds["PodDisruptionBudget"] == 0

    if isinstance(props, WorkerProps):
        assert set(kinds) <= {"Namespace", "ServiceAccount", "NetworkPolicy", "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap"}
        assert kinds["HorizontalPodAutoscaler"] == (1 if props.autoscale else 0)
        if props.autoscale is not None:
            hpa = _one(manifests, "HorizontalPodAutoscaler")
            assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": props.name}
            assert hpa["spec"]["minReplicas"] == props.autoscale.min_replicas <= hpa["spec"]["maxReplicas"] == props.autoscale.max_replicas
            assert "replicas" not in workload["spec"]
        else:
            assert workload["spec"]["replicas"] == props.replicas
    if isinstance(props, StatefulServiceProps):
        assert set(kinds) <= {"Namespace", "ServiceAccount", "NetworkPolicy", "Service", "StatefulSet", "PodDisruptionBudget", "ConfigMap"}
        service = _one(manifests, "Service")
        assert workload["spec"]["serviceName"] == service["metadata"]["name"] == props.name
        assert service["spec"]["clusterIP"] == "None"
        assert _selects(service["spec"]["selector"], pod_labels)
        main = _template(workload)["spec"]["containers"][0]
        container_ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        for port in service["spec"]["ports"]:  # each Service port targets the container port of its number, by name
            assert container_ports[port["targetPort"]] == port["port"], (port, container_ports)
        assert len(service["spec"]["ports"]) == len(container_ports)
        assert workload["spec"]["replicas"] == props.replicas
        mounted = {(m["name"], m["mountPath"]) for m in main["volumeMounts"]}
        assert {(c.name, c.mount_path) for c in props.claims} <= mounted
        if props.peer_ports:
            peer_rules = [r for r in netpol["spec"]["ingress"] if any(_selects(p.get("podSelector", {}).get("matchLabels", {}), pod_labels) for p in r["from"])]
            assert {p["port"] for r in peer_rules for p in r["ports"]} == set(props.peer_ports)
    if isinstance(props, JobProps):
        assert set(kinds) <= {"Namespace", "ServiceAccount", "NetworkPolicy", "Job", "CronJob", "ConfigMap"}
        job_spec = workload["spec"]["jobTemplate"]["spec"] if workload_kind == "CronJob" else workload["spec"]
        assert job_spec["backoffLimit"] == props.backoff_limit and job_spec["activeDeadlineSeconds"] == props.active_deadline_seconds
        if isinstance(props, ScheduledJobProps):
            spec = workload["spec"]
            assert "ttlSecondsAfterFinished" not in job_spec  # the history limits clean up
            assert (spec["schedule"], spec["timeZone"], spec["concurrencyPolicy"]) == (props.schedule, props.time_zone, props.concurrency_policy)
            assert spec["successfulJobsHistoryLimit"] == spec["failedJobsHistoryLimit"] == props.history
        else:
            assert job_spec["ttlSecondsAfterFinished"] == props.ttl_seconds_after_finished
    main_env = [e["name"] for e in _template(workload)["spec"]["containers"][0].get("env", [])]
    assert main_env == list(getattr(props, "env", {})), main_env
    check_names_and_labels(manifests)


def check_references(app: ShapeApp, manifests: list[dict[str, Any]]) -> None:
    """Every ConfigMap the pods refer to is rendered in their namespace, with the keys they need."""
    config_maps = {m["metadata"]["name"]: m.get("data", {}) for m in _kind(manifests, "ConfigMap")}
    assert all(m["metadata"]["namespace"] == app.props.namespace for m in _kind(manifests, "ConfigMap"))
    for name, keys in config_map_references(app.props).items():
        assert name in config_maps and keys <= set(config_maps[name]), (name, keys)


# --- the valid properties ----------------------------------------------------------------------
@PER_SHAPE
@given(app=apps(worker_props()))
def test_worker_renders(app: ShapeApp) -> None:
    check_valid("Worker", app)


@PER_SHAPE
@given(app=apps(batch_job_props()))
def test_batch_job_renders(app: ShapeApp) -> None:
    check_valid("BatchJob", app)


@PER_SHAPE
@given(app=apps(scheduled_job_props()))
def test_scheduled_job_renders(app: ShapeApp) -> None:
    check_valid("ScheduledJob", app)


@PER_SHAPE
@given(app=apps(stateful_service_props()))
def test_stateful_service_renders(app: ShapeApp) -> None:
    check_valid("StatefulService", app)


# --- invalid props: one bad value, a PropsError naming it, nothing synthesized ------------------------
RELEASE = Release(image="ghcr.io/acme/app:1.0.0", version="1.0.0")
EXEC_LIVE, EXEC_READY = ExecProbe(command=("/bin/live",)), ExecProbe(command=("/bin/ready",))
POD = PodSettings(volumes=(EmptyDirVolume(name="cache"),))
BASES: dict[str, WorkloadProps] = {
    "Worker": WorkerProps(name="worker", namespace="queue", release=RELEASE, liveness=EXEC_LIVE, readiness=EXEC_READY, pod=POD,
                          ports=(ContainerPort(name="admin", port=8081),), mounts=(Mount(volume="cache", path="/cache"),)),
    "BatchJob": JobProps(name="migrate", namespace="db", release=RELEASE, pod=POD),
    "ScheduledJob": ScheduledJobProps(name="nightly", namespace="reports", release=RELEASE, schedule="0 3 * * *", pod=POD),
    "StatefulService": StatefulServiceProps(
        name="store", namespace="data", release=RELEASE, ports=(ContainerPort(name="client", port=6379),), pod=POD,
        claims=(VolumeClaim(name="data", size="1Gi", mount_path="/data"),), liveness=TcpProbe(port=6379), readiness=EXEC_READY,
    ),
}  # fmt: skip
SIDECAR = ContainerSpec(name="proxy", image="ghcr.io/acme/proxy:1.0.0", liveness=EXEC_LIVE, readiness=EXEC_READY)

bad_names = st.one_of(
    st.from_regex(r"\A[a-z][a-z0-9]{40,60}\Z"), st.from_regex(r"\A[0-9][a-z0-9]{0,10}\Z"),
    st.from_regex(r"\A[a-z]{1,5}[A-Z_.][a-z]{1,5}\Z"), st.from_regex(r"\A[a-z]{1,5}-\Z"), st.just(""),
)  # fmt: skip
bad_dns_labels = st.one_of(
    st.from_regex(r"\A[a-z0-9]{64,70}\Z"), st.from_regex(r"\A[a-z]{1,5}[A-Z_.][a-z]{1,5}\Z"), st.from_regex(r"\A-[a-z]{1,5}\Z"), st.just("")
)
bad_images = st.sampled_from(["nginx", "ghcr.io/acme/app:latest", "Nginx:1.0", "ghcr.io/acme/web:", "web@sha256:abc", "web:1.0 "])
bad_label_values = st.one_of(st.from_regex(r"\A[a-z]{64,70}\Z"), st.sampled_from(["-v1", "v1-", "v 1", "v1/2", "v1:2"]))
bad_schedules = st.sampled_from([
    "", "0 3 * *", "0 3 * * * *", "every night", "61 * * * *", "* 24 * * *", "0 0 0 * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8",
    "*/0 * * * *", "5-1 * * * *", "0 3 * * MON-", "@sometimes", "TZ=UTC 0 3 * *", "0 3 * * *x",
])  # fmt: skip
COMMON_CASES = [
    "name", "name_dict", "namespace", "image", "version", "command_str", "args_str", "writable_str", "env_dict", "env_from_str", "mounts_str",
    "sidecars_str", "run_as_user", "cpu_limit", "quantity", "missing_volume", "sidecar_missing_volume", "native_in_sidecars", "toleration_operator",
    "toleration_seconds", "init_probe", "mount_on_writable", "long_sidecar_volume", "volume_name", "pull_secret", "node_selector_value",
    "node_selector_key", "grace", "sidecar_probe_timeout", "peer_namespace", "pss_level", "component", "part_of", "env_key", "env_from_prefix",
    "sub_path", "sidecar_name_dict", "toleration_key", "toleration_value", "mounts_item", "duplicate_mount",
]  # fmt: skip
SHAPE_CASES = {
    "Worker": ["replicas", "autoscale_max", "autoscale_cpu", "metrics_port", "ports_str", "probe_port", "probe_timeout", "port_name"],
    "BatchJob": ["restart_policy", "backoff_limit", "deadline", "ttl"],
    "ScheduledJob": ["restart_policy", "schedule", "concurrency", "starting_deadline", "history", "time_zone_dict", "suspend_str"],
    "StatefulService": [
        "replicas",
        "no_claims",
        "claim_size",
        "claim_name",
        "claim_mode",
        "no_ports",
        "peer_port",
        "probe_port",
        "claims_str",
        "ports_str",
        "claim_path",
    ],
}


@st.composite
def invalid_case(draw: st.DrawFn) -> tuple[str, WorkloadProps, str, object]:
    """(shape, props with exactly one bad value, the prop that must be named, the bad value)."""
    shape = draw(st.sampled_from(sorted(SHAPES)))
    base = BASES[shape]
    case = draw(st.sampled_from(COMMON_CASES + SHAPE_CASES[shape]))
    props, prop, value = _one_wrong(draw, shape, base, case)
    return shape, props, prop, value


def _pod(base: WorkloadProps, **changes: Any) -> WorkloadProps:
    return dataclasses.replace(base, pod=dataclasses.replace(base.pod, **changes))


def _one_wrong(draw: st.DrawFn, shape: str, base: WorkloadProps, case: str) -> tuple[WorkloadProps, str, object]:
    replace = dataclasses.replace
    value: Any
    if case == "name":
        value = draw(bad_names)
        return replace(base, name=value), "name", value
    if case == "name_dict":
        value = {"name": "worker"}
        return replace(base, name=value), "name", value
    if case == "namespace":
        value = draw(bad_dns_labels)
        return replace(base, namespace=value), "namespace", value
    if case == "image":
        value = draw(bad_images)
        return replace(base, release=Release(image=value, version="1.0.0")), "release.image", value
    if case == "version":
        value = draw(bad_label_values)
        return replace(base, release=Release(image=RELEASE.image, version=value)), "release.version", value
    if case in ("command_str", "args_str"):
        field = case.removesuffix("_str")
        value = draw(st.sampled_from(["/bin/app --flag", "--verbose", ""]))
        return replace(base, **{field: value}), field, value
    if case == "writable_str":
        value = draw(st.sampled_from(["/tmp", "/var/cache"]))
        return replace(base, writable_paths=value), "writable_paths", value
    if case == "env_dict":
        value = {"nested": 1}
        return replace(base, env={"SETTING": value}), "env['SETTING']", value
    if case == "env_from_str":
        value = "settings"
        return replace(base, env_from=value), "env_from", value
    if case == "mounts_str":
        value = "cache"
        return replace(base, mounts=value), "mounts", value
    if case == "sidecars_str":
        value = "proxy"
        return _pod(base, sidecars=value), "sidecars", value
    if case == "sidecar_name_dict":
        value = {"name": "proxy"}
        return _pod(base, sidecars=(replace(SIDECAR, name=value),)), "sidecars[0].name", value
    if case == "run_as_user":
        value = draw(st.one_of(st.integers(max_value=999), st.integers(min_value=2**31)))
        return replace(base, run_as_user=value), "run_as_user", value
    if case == "cpu_limit":
        request = draw(st.integers(2, 1000))
        value = f"{draw(st.integers(1, request - 1))}m"
        return replace(base, resources=Resources(cpu_request=f"{request}m", cpu_limit=value)), "resources.cpu_limit", value
    if case == "quantity":
        value = draw(st.sampled_from(["", "0", "-1", "1.5.5", "abc", "10mi", "1 Gi", "0Mi"]))
        return replace(base, resources=Resources(memory_request=value)), "resources.memory_request", value
    if case == "missing_volume":
        value = draw(rfc1123(20).filter(lambda v: v != "cache"))
        return replace(base, mounts=(Mount(volume=value, path="/missing"),)), "mounts[0].volume", value
    if case == "sidecar_missing_volume":
        value = draw(rfc1123(20).filter(lambda v: v != "cache"))
        sidecar = replace(SIDECAR, mounts=(Mount(volume=value, path="/missing"),))
        return _pod(base, sidecars=(sidecar,)), "sidecars[0].mounts[0].volume", value
    if case == "native_in_sidecars":
        return _pod(base, sidecars=(replace(SIDECAR, restart_always=True),)), "sidecars[0].restart_always", True
    if case == "toleration_operator":
        value = draw(st.sampled_from(["Sometimes", "equal", "", "In"]))
        return _pod(base, tolerations=(Toleration(key="dedicated", operator=value),)), "tolerations[0].operator", value
    if case == "toleration_seconds":
        effect = draw(st.sampled_from([None, "NoSchedule", "PreferNoSchedule"]))
        value = draw(st.integers(0, 3600))
        toleration = Toleration(key="dedicated", value="jobs", effect=effect, toleration_seconds=value)
        return _pod(base, tolerations=(toleration,)), "tolerations[0].toleration_seconds", value
    if case == "init_probe":
        probe = draw(st.sampled_from(["liveness", "readiness", "startup"]))
        init = ContainerSpec(name="setup", image="ghcr.io/acme/setup:1.0.0", **{probe: EXEC_LIVE})
        return _pod(base, init_containers=(init,)), f"init_containers[0].{probe}", EXEC_LIVE
    if case == "mount_on_writable":
        value = draw(st.sampled_from(base.writable_paths))
        props = replace(base, mounts=(Mount(volume="cache", path=value),))
        return props, "mounts[0].path", value
    if case == "long_sidecar_volume":
        name = draw(st.from_regex(r"\A[a-z][a-z0-9]{59,62}\Z"))
        return _pod(base, sidecars=(replace(SIDECAR, name=name),)), "sidecars[0].writable_paths[0]", "/tmp"
    if case == "volume_name":
        value = draw(bad_dns_labels)
        return replace(_pod(base, volumes=(EmptyDirVolume(name=value),)), mounts=()), "volumes[0].name", value
    if case == "pull_secret":
        value = draw(st.sampled_from(["Bad_Secret", "", "-registry", "a b"]))
        return _pod(base, image_pull_secrets=(value,)), "image_pull_secrets[0]", value
    if case == "node_selector_value":
        value = draw(bad_label_values)
        return _pod(base, node_selector={"pool": value}), "node_selector['pool']", value
    if case == "node_selector_key":
        value = draw(st.sampled_from(["bad key", "-pool", "a/b/c", "Example.com/pool", "x" * 64, ""]))
        return _pod(base, node_selector={value: "web"}), "node_selector", value
    if case == "grace":
        value = draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=3601)))
        return _pod(base, termination_grace_period_seconds=value), "termination_grace_period_seconds", value
    if case == "sidecar_probe_timeout":
        period = draw(st.integers(1, 60))
        value = draw(st.integers(period, 120))
        sidecar = replace(SIDECAR, liveness=ExecProbe(command=("/bin/live",), period_seconds=period, timeout_seconds=value))
        return _pod(base, sidecars=(sidecar,)), "sidecars[0].liveness.timeout_seconds", value
    if case == "peer_namespace":
        value = draw(bad_dns_labels)
        network = NetworkAccess(ingress_from=(NamespacePeer(namespace=value, ports=(8080,)),))
        return replace(base, network=network), "network.ingress_from[0].namespace", value
    if case == "pss_level":
        value = draw(st.sampled_from(["Restricted", "strict", "", "none"]))
        return replace(base, pss_level=value), "pss_level", value
    if case in ("component", "part_of"):
        value = draw(bad_label_values)
        return replace(base, **{case: value}), case, value
    if case == "env_key":
        value = draw(st.sampled_from(["bad key", "a/b", "", "k=v"]))
        ref = draw(st.sampled_from([SecretValue, ConfigMapValue]))
        source = ref(secret="creds", key=value) if ref is SecretValue else ref(config_map="settings", key=value)
        return replace(base, env={"SETTING": source}), "env['SETTING'].key", value
    if case == "env_from_prefix":
        value = draw(st.sampled_from(["1APP_", "APP=", "A B", "$X"]))
        return replace(base, env_from=(EnvFrom(config_map="settings", prefix=value),)), "env_from[0].prefix", value
    if case == "toleration_key":
        value = draw(st.sampled_from(["bad key", "-dedicated", "a/b/c", "Example.com/pool", "x" * 64]))
        return _pod(base, tolerations=(Toleration(key=value, operator="Exists"),)), "tolerations[0].key", value
    if case == "toleration_value":
        value = draw(bad_label_values)
        return _pod(base, tolerations=(Toleration(key="dedicated", value=value),)), "tolerations[0].value", value
    if case == "mounts_item":
        value = "cache"
        return replace(base, mounts=(value,)), "mounts[0]", value
    if case == "duplicate_mount":
        value = draw(st.sampled_from(["/cache", "/etc/app"]))
        return replace(base, mounts=(Mount(volume="cache", path=value), Mount(volume="cache", path=value, sub_path="x"))), "mounts[1].path", value
    if case == "sub_path":
        value = draw(st.sampled_from(["/etc/passwd", "../secrets", "a/../../b", ".."]))
        return replace(base, mounts=(Mount(volume="cache", path="/cache", sub_path=value),)), "mounts[0].sub_path", value
    return _shape_case(draw, shape, base, case)


def _shape_case(draw: st.DrawFn, shape: str, base: WorkloadProps, case: str) -> tuple[WorkloadProps, str, object]:
    replace = dataclasses.replace
    value: Any
    if case == "replicas":
        value = draw(st.integers(max_value=0))
        return replace(base, replicas=value), "replicas", value
    if case == "autoscale_max":
        low = draw(st.integers(2, 20))
        value = draw(st.integers(1, low - 1))
        return replace(base, autoscale=WorkerAutoscaling(min_replicas=low, max_replicas=value)), "autoscale.max_replicas", value
    if case == "autoscale_cpu":
        value = draw(st.one_of(st.integers(max_value=0), st.integers(min_value=101)))
        return replace(base, autoscale=WorkerAutoscaling(cpu_utilization=value)), "autoscale.cpu_utilization", value
    if case == "metrics_port":
        value = draw(st.integers(1, 65535).filter(lambda p: p != 8081))
        return replace(base, metrics=MetricsEndpoint(port=value)), "metrics.port", value
    if case == "ports_str":
        value = "admin"
        return replace(base, ports=value, liveness=EXEC_LIVE), "ports", value
    if case == "port_name":
        value = draw(st.sampled_from(["my--port", "a--b", "http_", "8080", "-http", "averyveryverylongname"]))
        return replace(base, ports=(ContainerPort(name=value, port=8081),)), "ports[0].name", value
    if case == "claim_path":
        value = draw(st.sampled_from(base.writable_paths))
        return replace(base, claims=(VolumeClaim(name="data", size="1Gi", mount_path=value),)), "claims[0].mount_path", value
    if case == "probe_port":
        ports = {p.port for p in base.ports}  # type: ignore[attr-defined]
        value = draw(st.integers(1, 65535).filter(lambda p: p not in ports))
        return replace(base, liveness=TcpProbe(port=value)), "liveness.port", value
    if case == "probe_timeout":
        period = draw(st.integers(1, 60))
        value = draw(st.integers(period, 120))
        return replace(base, readiness=HttpProbe(path="/ready", port=8081, period_seconds=period, timeout_seconds=value)), "readiness.timeout_seconds", value
    if case == "restart_policy":
        value = draw(st.sampled_from(["Always", "never", ""]))
        return replace(base, restart_policy=value), "restart_policy", value
    if case == "backoff_limit":
        value = draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=101)))
        return replace(base, backoff_limit=value), "backoff_limit", value
    if case == "deadline":
        value = draw(st.integers(max_value=0))
        return replace(base, active_deadline_seconds=value), "active_deadline_seconds", value
    if case == "ttl":
        value = draw(st.integers(max_value=-1))
        return replace(base, ttl_seconds_after_finished=value), "ttl_seconds_after_finished", value
    if case == "schedule":
        value = draw(bad_schedules)
        return replace(base, schedule=value), "schedule", value
    if case == "concurrency":
        value = draw(st.sampled_from(["forbid", "Never", ""]))
        return replace(base, concurrency_policy=value), "concurrency_policy", value
    if case == "starting_deadline":
        value = draw(st.integers(max_value=0))
        return replace(base, starting_deadline_seconds=value), "starting_deadline_seconds", value
    if case == "history":
        value = draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=101)))
        return replace(base, history=value), "history", value
    if case == "time_zone_dict":
        value = {"zone": "Europe/Berlin"}
        return replace(base, time_zone=value), "time_zone", value
    if case == "suspend_str":
        value = "yes"
        return replace(base, suspend=value), "suspend", value
    if case == "no_claims":
        return replace(base, claims=()), "claims", ()
    if case == "claims_str":
        value = "data"
        return replace(base, claims=value), "claims", value
    if case == "claim_size":
        value = draw(st.sampled_from(["", "0", "10 Gi", "ten", "-1Gi"]))
        return replace(base, claims=(VolumeClaim(name="data", size=value, mount_path="/data"),)), "claims[0].size", value
    if case == "claim_name":
        value = draw(bad_dns_labels)
        return replace(base, claims=(VolumeClaim(name=value, size="1Gi", mount_path="/data"),)), "claims[0].name", value
    if case == "claim_mode":
        value = draw(st.sampled_from(["RWO", "ReadWriteMany ", ""]))
        return replace(base, claims=(VolumeClaim(name="data", size="1Gi", mount_path="/data", access_mode=value),)), "claims[0].access_mode", value
    if case == "no_ports":
        return replace(base, ports=(), liveness=EXEC_LIVE), "ports", ()
    assert case == "peer_port", case
    value = draw(st.one_of(st.integers(max_value=0), st.integers(min_value=65536)))
    return replace(base, peer_ports=(value,)), "peer_ports", value


def assert_refused(shape: str, props: WorkloadProps, prop: str, value: object) -> None:
    chart = cdk8s.Testing.chart()
    with pytest.raises(PropsError) as raised:
        SHAPES[shape](chart, "svc", props)
    assert raised.value.construct.startswith(shape), raised.value.construct
    expected = f"{prop}={value!r}"
    assert any(p.startswith(expected) for p in raised.value.problems), (expected, raised.value.problems)
    assert cdk8s.Testing.synth(chart) == []


def _regression(shape: str, prop: str, value: object, **changes: Any) -> tuple[str, WorkloadProps, str, object]:
    pod = changes.pop("pod", {})
    props = dataclasses.replace(BASES[shape], **changes)
    return shape, _pod(props, **pod) if pod else props, prop, value


LONG_NAME = "s" * 60
# Bugs these properties found (each was accepted, named after a part instead of the prop, refused after a part was
# rendered, or crashed); see the commit that fixed each.
REGRESSIONS = [
    _regression("Worker", "env['SETTING']", {"nested": 1}, env={"SETTING": {"nested": 1}}),  # was container.env[...]
    _regression("StatefulService", "release.image", "nginx", release=Release(image="nginx", version="1")),  # was container.image
    _regression("Worker", "release.version", "v 1", release=Release(image=RELEASE.image, version="v 1")),  # was identity.version
    _regression("BatchJob", "release.version", "v 1", release=Release(image=RELEASE.image, version="v 1")),  # was accepted
    _regression("StatefulService", "component", "db/main", component="db/main"),  # was accepted
    _regression(
        "Worker",
        "network.ingress_from[0].namespace",
        "Bad_NS",  # was refused by the NetworkPolicy after 2 objects
        network=NetworkAccess(ingress_from=(NamespacePeer(namespace="Bad_NS", ports=(80,)),)),
    ),
    _regression("StatefulService", "peer_ports", 0, peer_ports=(0,)),  # likewise
    _regression("ScheduledJob", "pss_level", "strict", pss_level="strict"),  # was refused by HardenedNamespace
    _regression("ScheduledJob", "schedule", "61 * * * *", schedule="61 * * * *"),  # five fields were enough
    _regression(
        "BatchJob", "tolerations[0].toleration_seconds", 60, pod={"tolerations": (Toleration(key="spot", effect="NoSchedule", toleration_seconds=60),)}
    ),
    _regression(
        "Worker", "init_containers[0].liveness", EXEC_LIVE, pod={"init_containers": (ContainerSpec(name="setup", image=RELEASE.image, liveness=EXEC_LIVE),)}
    ),
    _regression("Worker", "mounts[0].path", "/tmp", mounts=(Mount(volume="cache", path="/tmp"),)),
    _regression("BatchJob", "sidecars[0].writable_paths[0]", "/tmp", pod={"sidecars": (dataclasses.replace(SIDECAR, name=LONG_NAME),)}),
    _regression("Worker", "node_selector", "bad key", pod={"node_selector": {"bad key": "web"}}),
    _regression("ScheduledJob", "tolerations[0].key", "bad key", pod={"tolerations": (Toleration(key="bad key", operator="Exists"),)}),
    _regression("StatefulService", "env['A'].key", "a/b", env={"A": SecretValue(secret="creds", key="a/b")}),
    _regression("BatchJob", "env_from[0].prefix", "1APP_", env_from=(EnvFrom(config_map="settings", prefix="1APP_"),)),
    _regression("Worker", "mounts[0].sub_path", "../etc", mounts=(Mount(volume="cache", path="/cache", sub_path="../etc"),)),
    _regression("Worker", "ports", "admin", ports="admin"),  # was an AttributeError
    _regression("BatchJob", "name", {"name": "x"}, name={"name": "x"}),  # was a TypeError (unhashable)
    _regression("StatefulService", "mounts", "cache", mounts="cache"),  # was an AttributeError
    _regression("StatefulService", "claims[0].mount_path", "/tmp", claims=(VolumeClaim(name="data", size="1Gi", mount_path="/tmp"),)),
    _regression("StatefulService", "ports[0].name", "if27--rowqo", ports=(ContainerPort(name="if27--rowqo", port=6379),)),  # the gate found it
]


def _with_regressions(test: Callable[..., None]) -> Callable[..., None]:
    for case in REGRESSIONS:
        test = example(case=case)(test)
    return test


@_with_regressions
@given(case=invalid_case())
def test_invalid_props_are_refused_by_name(case: tuple[str, WorkloadProps, str, object]) -> None:
    shape, props, prop, value = case
    assert_refused(shape, props, prop, value)
    STATS["invalid examples refused"] += 1


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_bases_of_the_invalid_cases_are_valid(shape: str) -> None:
    """The invalid cases change one prop of a base, so each base must render."""
    check_valid(shape, ShapeApp(BASES[shape], {}))


def test_every_shape_has_a_strategy() -> None:
    assert set(SHAPE_PROPS) == set(SHAPES)


# --- the policy pack over every kept example ---------------------------------------------------
BATCH_SIZE = 150
CATALOG = load_catalog()


def batches_with_distinct_namespaces(examples: list[Example]) -> list[list[int]]:
    """Greedy: each example goes to the first batch that has no example of its namespace."""
    batches: list[tuple[set[str], list[int]]] = []
    for index, ex in enumerate(examples):
        for used, members in batches:
            if ex.props.namespace not in used and len(members) < BATCH_SIZE:
                used.add(ex.props.namespace)
                members.append(index)
                break
        else:
            batches.append(({ex.props.namespace}, [index]))
    return [members for _, members in batches]


def _example_of(path: str) -> int:
    match = re.search(r"example-(\d{4})", path)
    assert match, f"a problem outside every example: {path}"
    return int(match.group(1))


def _lint(loaded: LoadResult, rules: list[Rule], *, with_schemas: bool) -> list[str]:
    """``manifest-lint --profile all`` with ``rules`` over loaded documents (the render gate's check, in two halves)."""
    result = lint_documents(loaded, CATALOG, profile="all", rules=rules, validate_schemas=with_schemas)
    problems = result.errors + [f"{f.file}: {f.message}" for f in result.failed]
    if with_schemas:  # what the gate adds: every object has a schema in every supported version
        problems += [
            f"{doc.file}: {doc.content.get('kind')} has no schema in Kubernetes {version}"
            for doc in loaded.documents for version in schemas.SUPPORTED_VERSIONS if not schemas.has_schema(doc.content, version)
        ]  # fmt: skip
    return problems


def gate_findings(examples: list[Example], root: Path) -> dict[int, list[str]]:
    """The render gate's problems per example index; each example is written to its own folder, and read once.

    The per-document rules and the strict schemas of every supported version run once over every example (they judge
    each object alone); the cross-resource rules run once per batch of examples with distinct namespaces.
    """
    for index, ex in enumerate(examples):
        cdk8s_synth.write_tree(ex.objects, root / f"example-{index:04d}")
    loaded = load_paths([str(root)])
    problems = [str(p) for p in loaded.problems]
    rules = select_rules(CATALOG, "all")
    problems += _lint(loaded, [r for r in rules if not r.combine], with_schemas=True)
    STATS["lint runs: per-document rules and schemas, all examples"] += 1
    for batch in map(set, batches_with_distinct_namespaces(examples)):
        part = LoadResult(documents=[d for d in loaded.documents if _example_of(d.file) in batch])
        problems += _lint(part, [r for r in rules if r.combine], with_schemas=False)
        STATS["lint runs: cross-resource rules, one batch of distinct namespaces"] += 1
    found: dict[int, list[str]] = {}
    for problem in problems:
        found.setdefault(_example_of(problem), []).append(problem)
    STATS["policy examples checked"] += len(examples)
    STATS["policy documents checked"] += len(loaded.documents)
    STATS["policy findings"] += len(problems)
    return found


def test_policy_pack_on_every_rendered_example(request: pytest.FixtureRequest) -> None:
    if not RAN:
        selected = any(item.name.endswith("_renders") for item in request.session.items)
        assert not selected, "a rendering property ran but kept no example"
        pytest.skip("runs on the examples of the test_*_renders properties, which were not selected")
    unique: dict[str, Example] = {}
    for ex in EXAMPLES:  # Hypothesis replays some examples; identical props render identically
        unique.setdefault(to_bytes(ex.objects).decode(), ex)
    examples = list(unique.values())
    root = Path(tempfile.mkdtemp(prefix="shape-properties-"))
    try:
        found = gate_findings(examples, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if found:
        report = []
        for index, problems in sorted(found.items())[:10]:
            report.append(f"example {index} ({examples[index].shape}): {examples[index].app!r}")
            report.extend(f"    {p}" for p in problems[:20])
        rules = Counter(m.group(1) for problems in found.values() for p in problems if (m := re.search(r": ([a-z][-a-z]+)(?: \(waived|:)", p)))
        pytest.fail(f"{len(found)} of {len(examples)} valid examples fail the render gate ({dict(rules)}):\n" + "\n".join(report))
