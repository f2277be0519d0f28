# ruff: noqa: PLR0911 - compound name/label checks read as one rule each; one return per invalid case
"""Property-based tests of ``WebService``: every valid props renders valid, safe, consistent manifests.

``test_valid_props_render`` renders each generated example in a fresh chart and checks, in
process: strict schemas of every supported Kubernetes version, the selector/HPA/PDB/
NetworkPolicy invariants (computed here from the manifests), names and label values, and
byte-identical re-rendering. It also keeps every rendered example, one folder per example.
``test_policy_pack_on_every_rendered_example`` (run right after it) then runs the policy
pack over all of them with a handful of conftest processes and maps each finding back to
the props of its example. Examples are batched for ``--combine`` so that no two examples
of a batch share a namespace (the cross rules match objects by namespace only).

Example counts: the ``dev`` profile renders 25 valid and 25 invalid examples, ``ci`` 150
and 150 (``tests/conftest.py``).
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cdk8s
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from k8s_names import DNS_LABEL, check_labels, check_object_name
from policy_runner import Finding, combined, per_document
from ws_strategies import names, valid_props

from constructs_lib import synth as cdk8s_synth
from constructs_lib.container import ConfigMapValue, Resources
from constructs_lib.errors import PropsError
from constructs_lib.ingress import RateLimit
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.probes import HttpProbe
from constructs_lib.shape import Release
from constructs_lib.web_service import BlueGreen, IngressSettings, WebService, WebServiceProps
from manifest_lint import schemas

CLUSTER_SCOPED = {"Namespace"}
# Kinds whose names are DNS labels (63) or RFC 1035 labels; the others are DNS subdomains (253).


@dataclasses.dataclass
class Example:
    props: WebServiceProps
    manifests: list[dict[str, Any]]


@dataclasses.dataclass
class Accumulator:
    examples: list[Example] = dataclasses.field(default_factory=list)
    property_test_ran: bool = False

    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing example
        return f"Accumulator({len(self.examples)} examples)"


@pytest.fixture(scope="session")
def accumulator() -> Accumulator:
    return Accumulator()


def synth(props: WebServiceProps) -> list[dict[str, Any]]:
    """The manifests of one WebService in a fresh chart without a chart namespace."""
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "example")
    WebService(chart, props.name, props)
    return [dict(obj.manifest) for obj in cdk8s_synth.collect(app)]


def to_bytes(manifests: list[dict[str, Any]]) -> bytes:
    return "".join(cdk8s_synth.to_yaml(m) for m in manifests).encode()


# --- invariants, computed from the manifests ------------------------------------------------
def _by_kind(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests if m["kind"] == kind]


def _selects(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _pod_labels(deployment: Mapping[str, Any]) -> dict[str, str]:
    return dict(deployment["spec"]["template"]["metadata"]["labels"])


def pods_allowed_to_evict(pdb_spec: Mapping[str, Any], replicas: int) -> int:
    """Written from the disruption controller's rules, independently of constructs_lib.scaling."""

    def scaled(value: int | str) -> int:
        if isinstance(value, str):
            assert re.fullmatch(r"\d+%", value), value
            return math.ceil(int(value[:-1]) * replicas / 100)
        return value

    if pdb_spec.get("maxUnavailable") is not None:
        return min(scaled(pdb_spec["maxUnavailable"]), replicas)
    if pdb_spec.get("minAvailable") is not None:
        return max(replicas - scaled(pdb_spec["minAvailable"]), 0)
    return 0  # a PDB with neither field allows nothing useful to be reasoned about


def check_invariants(props: WebServiceProps, manifests: list[dict[str, Any]]) -> None:
    deployments = {d["metadata"]["name"]: d for d in _by_kind(manifests, "Deployment")}
    active = props.name if props.blue_green is None else f"{props.name}-{props.blue_green.active}"
    expected_deployments = {props.name} if props.blue_green is None else {f"{props.name}-{slot}" for slot in props.blue_green.slots}
    assert set(deployments) == expected_deployments
    assert active in deployments

    # Every object is in the namespace (the Namespace itself only when asked for).
    for m in manifests:
        if m["kind"] in CLUSTER_SCOPED:
            assert "namespace" not in m["metadata"]
        else:
            assert m["metadata"]["namespace"] == props.namespace, m["kind"]
    assert len(_by_kind(manifests, "Namespace")) == (1 if props.create_namespace else 0)

    # Each Deployment's selector selects its own pods and no other Deployment's.
    for name, d in deployments.items():
        selector = d["spec"]["selector"]["matchLabels"]
        assert _selects(selector, _pod_labels(d)), name
        for other_name, other in deployments.items():
            if other_name != name:
                assert not _selects(selector, _pod_labels(other)), (name, other_name)

    # Every Service selects the pods of exactly the active Deployment; its ports target declared container ports.
    services = _by_kind(manifests, "Service")
    assert len(services) == 1
    for service in services:
        selected = {n for n, d in deployments.items() if _selects(service["spec"]["selector"], _pod_labels(d))}
        assert selected == {active}, (service["spec"]["selector"], selected)
        container_ports = {p["name"] for p in deployments[active]["spec"]["template"]["spec"]["containers"][0]["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in container_ports

    # The Ingress routes to the Service by a port name it has.
    for ingress in _by_kind(manifests, "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] == services[0]["metadata"]["name"]
                assert backend["port"]["name"] in {p["name"] for p in services[0]["spec"]["ports"]}
        assert {h for t in ingress["spec"]["tls"] for h in t["hosts"]} >= {r["host"] for r in ingress["spec"]["rules"]}

    # The HPA scales the active Deployment, which leaves replicas to it; idle slots keep min_replicas.
    (hpa,) = _by_kind(manifests, "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": active}
    min_replicas = hpa["spec"].get("minReplicas", 1)
    assert 1 <= min_replicas <= hpa["spec"]["maxReplicas"]
    for name, d in deployments.items():
        if name == active:
            assert "replicas" not in d["spec"]
        else:
            assert d["spec"]["replicas"] == min_replicas

    # The PDB selects exactly the active Deployment's pods and allows one eviction at minReplicas.
    (pdb,) = _by_kind(manifests, "PodDisruptionBudget")
    selected = {n for n, d in deployments.items() if _selects(pdb["spec"]["selector"]["matchLabels"], _pod_labels(d))}
    assert selected == {active}
    assert pods_allowed_to_evict(pdb["spec"], min_replicas) >= 1, (pdb["spec"], min_replicas)

    # The NetworkPolicy isolates the pods of every Deployment (idle slots included).
    (netpol,) = _by_kind(manifests, "NetworkPolicy")
    assert netpol["spec"]["podSelector"]["matchLabels"]
    for name, d in deployments.items():
        assert _selects(netpol["spec"]["podSelector"]["matchLabels"], _pod_labels(d)), name
    assert set(netpol["spec"]["policyTypes"]) == {"Ingress", "Egress"}

    check_names_and_labels(manifests)


def check_names_and_labels(manifests: list[dict[str, Any]]) -> None:
    for m in manifests:
        name, kind = m["metadata"]["name"], m["kind"]
        check_object_name(kind, name)
        check_labels(m["metadata"].get("labels", {}), f"{kind}/{name}")
        if kind == "Deployment":
            # Pod names are <deployment>-<hash>-<suffix>; keep the Deployment a label so its pods' hostnames fit.
            assert len(name) <= 63, name
            template = m["spec"]["template"]
            check_labels(template["metadata"]["labels"], f"{kind}/{name} pod template")
            check_labels(m["spec"]["selector"]["matchLabels"], f"{kind}/{name} selector")
            spec = template["spec"]
            for container in spec["containers"]:
                assert len(container["name"]) <= 63 and DNS_LABEL.match(container["name"])
                for port in container["ports"]:
                    assert len(port["name"]) <= 15 and DNS_LABEL.match(port["name"])
            volume_names = [v["name"] for v in spec.get("volumes", [])]
            assert len(set(volume_names)) == len(volume_names), volume_names
            for volume in volume_names:
                assert len(volume) <= 63 and DNS_LABEL.match(volume), volume
        if kind in {"Service", "PodDisruptionBudget", "NetworkPolicy"}:
            selector = m["spec"].get("selector") or m["spec"].get("podSelector")
            check_labels(selector.get("matchLabels", selector), f"{kind}/{name} selector")


# --- the properties ----------------------------------------------------------------------------
@given(props=valid_props())
def test_valid_props_render(props: WebServiceProps, accumulator: Accumulator, property_stats: Counter[str]) -> None:
    accumulator.property_test_ran = True
    manifests = synth(props)
    assert to_bytes(manifests) == to_bytes(synth(props)), "rendering twice gave different bytes"
    for m in manifests:
        for version in schemas.SUPPORTED_VERSIONS:
            assert schemas.validate_document(m, version, require_schema=True) == [], (m["kind"], version)
    property_stats["schema validations"] += len(manifests) * len(schemas.SUPPORTED_VERSIONS)
    check_invariants(props, manifests)
    accumulator.examples.append(Example(props, manifests))
    property_stats["valid examples rendered"] += 1
    property_stats["documents rendered"] += len(manifests)


def _batches_with_distinct_namespaces(examples: list[Example]) -> list[list[int]]:
    """Greedy: put each example in the first batch that has no example of its namespace."""
    batches: list[tuple[set[str], list[int]]] = []
    for index, example in enumerate(examples):
        for used, members in batches:
            if example.props.namespace not in used and len(members) < 40:
                used.add(example.props.namespace)
                members.append(index)
                break
        else:
            batches.append(({example.props.namespace}, [index]))
    return [members for _, members in batches]


def policy_findings(examples: list[Example], root: Path) -> tuple[dict[int, list[Finding]], Counter[str]]:
    """Findings per example index. Each example is one folder holding one ``List`` of its objects.

    A ``List`` is the pack's documented input form (``lib.kubernetes.objects`` expands its items)
    and costs conftest one evaluation instead of one per object, about 7x faster here.
    """
    counts: Counter[str] = Counter()
    files = []
    for index, example in enumerate(examples):
        folder = root / f"example-{index:04d}"
        folder.mkdir()
        (folder / "objects.yaml").write_text(
            yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": example.manifests}, sort_keys=True, width=10_000), encoding="utf-8"
        )
        files.append(f"{folder.name}/objects.yaml")
    found: dict[int, list[Finding]] = {}
    doc_findings, processes = per_document(files, root)
    counts["conftest processes"] += processes
    for finding in doc_findings:
        found.setdefault(int(finding.filename.split("/")[0].removeprefix("example-")), []).append(finding)
    batches = _batches_with_distinct_namespaces(examples)
    cross_findings, processes = combined([[files[i] for i in batch] for batch in batches], root)
    counts["conftest processes"] += processes
    for finding in cross_findings:
        owners = [i for i, e in enumerate(examples) if e.props.namespace == finding.namespace]
        assert owners, f"cross finding outside every example's namespace: {finding.msg}"
        for i in owners:  # the batch is not in the message; attribute to every example of that namespace
            found.setdefault(i, []).append(finding)
    counts["policy examples checked"] += len(examples)
    counts["policy documents checked"] += sum(len(e.manifests) for e in examples)
    counts["policy findings"] += len(doc_findings) + len(cross_findings)
    return found, counts


def test_policy_pack_on_every_rendered_example(accumulator: Accumulator, property_stats: Counter[str], request: pytest.FixtureRequest) -> None:
    if not accumulator.property_test_ran:
        selected = any(item.name == "test_valid_props_render" for item in request.session.items)
        assert not selected, "test_valid_props_render ran but kept no example"
        pytest.skip("runs on the examples of test_valid_props_render, which was not selected")
    unique: dict[str, Example] = {}
    for example in accumulator.examples:  # Hypothesis replays some examples; identical props render identically
        unique.setdefault(repr(example.props), example)
    examples = list(unique.values())
    root = Path(tempfile.mkdtemp(prefix="webservice-properties-"))
    try:
        found, counts = policy_findings(examples, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    property_stats.update(counts)
    if found:
        report = []
        for index, findings in sorted(found.items())[:10]:
            report.append(f"example {index}: {examples[index].props!r}")
            report.extend(f"    {f.rule_id}: {f.msg}" for f in findings)
        pytest.fail(f"{len(found)} of {len(examples)} valid examples have policy findings:\n" + "\n".join(report))


# --- invalid props: one bad value, a PropsError naming it, nothing synthesized ---------------------
BASE = WebServiceProps(
    name="web", namespace="shop", release=Release(image="ghcr.io/acme/web:1.0.0", version="1.0.0"),
    readiness=HttpProbe(path="/ready", port=8080, period_seconds=5),
)  # fmt: skip


def _release(image: str = "ghcr.io/acme/web:1.0.0", version: str = "1.0.0") -> Release:
    return Release(image=image, version=version)


bad_names = st.one_of(
    st.from_regex(r"\A[a-z][a-z0-9]{40,60}\Z"),  # too long
    st.from_regex(r"\A[0-9][a-z0-9]{0,10}\Z"),  # starts with a digit
    st.from_regex(r"\A[a-z]{1,5}[A-Z_.][a-z]{1,5}\Z"),  # upper case, '_' or '.'
    st.from_regex(r"\A[a-z]{1,5}-\Z"),  # ends with '-'
    st.just(""),
)
bad_dns_labels = st.one_of(
    st.from_regex(r"\A[a-z0-9]{64,70}\Z"), st.from_regex(r"\A[a-z]{1,5}[A-Z_.][a-z]{1,5}\Z"), st.from_regex(r"\A-[a-z]{1,5}\Z"), st.just("")
)
bad_images = st.one_of(
    st.builds(lambda r: f"{r}:latest", st.sampled_from(["nginx", "ghcr.io/acme/web", "quay.io/a/b"])),
    st.sampled_from(["nginx", "ghcr.io/acme/web", "registry.example.com:5000/team/app"]),  # no tag, no digest
    st.sampled_from(["Nginx:1.0", "ghcr.io/acme/web:", "web@sha256:abc", "web:1.0 ", "web:-1"]),
)
bad_label_values = st.one_of(st.from_regex(r"\A[a-z]{64,70}\Z"), st.sampled_from(["-v1", "v1-", "v 1", "v1/2", "v1:2"]))
bad_hosts = st.sampled_from(["*.example.com", "Example.com", "10.0.0.1", "example.com:443", "localhost", "exa_mple.com", "example..com", ""])
bad_ports = st.one_of(st.integers(max_value=0), st.integers(min_value=65536))


@st.composite
def invalid_case(draw: st.DrawFn) -> tuple[WebServiceProps, str, object]:
    """(props with exactly one bad value, the prop that must be named, the bad value)."""
    case = draw(st.sampled_from([
        "name", "namespace", "image", "version", "cpu_limit", "memory_limit", "quantity", "probe_port", "probe_timeout",
        "surge", "pdb_min", "pdb_max", "pdb_max_pct", "hpa_min_max", "min_replicas", "host", "run_as_user", "utilization",
        "active_slot", "both_releases", "env_ref", "pss_level", "writable_path", "peer_namespace", "slot_name",
        "rate_limit",
    ]))  # fmt: skip
    replace = dataclasses.replace
    if case == "name":
        value = draw(bad_names)
        return replace(BASE, name=value), "name", value
    if case == "namespace":
        value = draw(bad_dns_labels)
        return replace(BASE, namespace=value), "namespace", value
    if case == "image":
        value = draw(bad_images)
        return replace(BASE, release=_release(image=value)), "release.image", value
    if case == "version":
        value = draw(bad_label_values)
        return replace(BASE, release=_release(version=value)), "release.version", value
    if case in ("cpu_limit", "memory_limit"):
        resource = case.removesuffix("_limit")
        request = draw(st.integers(2, 1000))
        limit = draw(st.integers(1, request - 1))
        unit = "m" if resource == "cpu" else "Mi"
        value = f"{limit}{unit}"
        res = Resources(**{f"{resource}_request": f"{request}{unit}", f"{resource}_limit": value})
        return replace(BASE, resources=res), f"resources.{resource}_limit", value
    if case == "quantity":
        value = draw(st.sampled_from(["", "0", "-1", "1.5.5", "abc", "10mi", "1 Gi", "0Mi"]))
        return replace(BASE, resources=Resources(memory_request=value)), "resources.memory_request", value
    if case == "probe_port":
        value = draw(st.integers(1, 65535).filter(lambda p: p != 8080))
        probe = draw(st.sampled_from(["liveness", "readiness"]))
        props = replace(BASE, **{probe: HttpProbe(path=f"/{probe}", port=value)})
        return props, f"{probe}.port", value
    if case == "probe_timeout":
        period = draw(st.integers(1, 60))
        value = draw(st.integers(period, 120))
        return replace(BASE, liveness=HttpProbe(path="/live", port=8080, period_seconds=period, timeout_seconds=value)), "liveness.timeout_seconds", value
    if case == "surge":
        return replace(BASE, max_surge=0, max_unavailable=0), "max_surge/max_unavailable", (0, 0)
    if case == "pdb_min":
        min_replicas = draw(st.integers(1, 10))
        value = draw(
            st.one_of(
                st.integers(min_replicas, 20), st.integers(0, 100).filter(lambda p: math.ceil(p * min_replicas / 100) >= min_replicas).map(lambda p: f"{p}%")
            )
        )
        return replace(BASE, min_replicas=min_replicas, max_replicas=20, pdb_min_available=value), "pdb_min_available", value
    if case == "pdb_max":
        value = draw(st.integers(max_value=0))
        return replace(BASE, pdb_max_unavailable=value), "pdb_max_unavailable", value
    if case == "pdb_max_pct":
        value = draw(st.sampled_from(["0%", "101%", "50", "5 %", "-5%", "1000%"]))
        return replace(BASE, pdb_max_unavailable=value), "pdb_max_unavailable", value
    if case == "hpa_min_max":
        low = draw(st.integers(1, 20))
        value = draw(st.integers(1, low - 1)) if low > 1 else 0
        return replace(BASE, min_replicas=low, max_replicas=value), "max_replicas", value
    if case == "min_replicas":
        value = draw(st.integers(max_value=0))
        return replace(BASE, min_replicas=value), "min_replicas", value
    if case == "host":
        value = draw(bad_hosts)
        return replace(BASE, ingress=IngressSettings(host=value, tls_secret="web-tls")), "ingress.host", value
    if case == "run_as_user":
        value = draw(st.one_of(st.integers(max_value=0), st.integers(min_value=2**31)))
        return replace(BASE, run_as_user=value), "run_as_user", value
    if case == "utilization":
        value = draw(st.one_of(st.integers(max_value=0), st.integers(min_value=101)))
        field = draw(st.sampled_from(["cpu_utilization", "memory_utilization"]))
        return replace(BASE, **{field: value}), field, value
    if case == "active_slot":
        value = draw(st.sampled_from(["red", "blue-", "Green"]))
        bg = BlueGreen(active=value, slots={"blue": _release(), "green": _release()})
        return replace(BASE, release=None, blue_green=bg), "blue_green.active", value
    if case == "both_releases":
        bg = BlueGreen(active="blue", slots={"blue": _release(), "green": _release()})
        return replace(BASE, blue_green=bg), "release/blue_green", (BASE.release, bg)
    if case == "env_ref":
        key = draw(st.from_regex(r"\A[a-z]{1,8}\Z"))
        value = ConfigMapValue(config_map="web-config", key=key)
        return replace(BASE, config={}, env={"SETTING": value}), "env['SETTING']", f"web-config/{key}"
    if case == "pss_level":
        value = draw(st.sampled_from(["Restricted", "strict", "", "none"]))
        return replace(BASE, pss_level=value), "pss_level", value
    if case == "writable_path":
        value = draw(st.sampled_from(["tmp", "", "var/run", "/tmp dir"]))
        return replace(BASE, writable_paths=(value,)), "writable_paths[0]", value
    if case == "peer_namespace":
        value = draw(bad_dns_labels)
        net = dataclasses.replace(BASE.network, ingress_from=(NamespacePeer(namespace=value, ports=(8080,)),))
        return replace(BASE, network=net), "network.ingress_from[0].namespace", value
    if case == "slot_name":
        value = draw(st.sampled_from(["Blue", "blue_", "-green", "b.g"]))
        bg = BlueGreen(active="green", slots={value: _release(), "green": _release()})
        return replace(BASE, release=None, blue_green=bg), f"blue_green.slots[{value!r}]", value
    if case == "tls_secret":
        value = draw(st.sampled_from(["Web-TLS", "web_tls", "", "-tls"]))
        return replace(BASE, ingress=IngressSettings(host="web.example.com", tls_secret=value)), "ingress.tls_secret", value
    value = draw(st.integers(max_value=0))
    return (
        replace(BASE, ingress=IngressSettings(host="web.example.com", tls_secret="web-tls", rate_limit=RateLimit(requests_per_second=value))),
        "ingress.rate_limit.requests_per_second",
        value,
    )


def assert_rejected(props: WebServiceProps, prop: str, value: object) -> None:
    chart = cdk8s.Testing.chart()
    with pytest.raises(PropsError) as raised:
        WebService(chart, "svc", props)
    assert raised.value.construct.startswith("WebService"), raised.value.construct
    expected = f"{prop}={value!r}"
    assert any(p.startswith(expected) for p in raised.value.problems), (expected, raised.value.problems)
    assert cdk8s.Testing.synth(chart) == []


@given(case=invalid_case())
def test_invalid_props_are_rejected_by_name_before_anything_is_created(case: tuple[WebServiceProps, str, object], property_stats: Counter[str]) -> None:
    props, prop, value = case
    assert_rejected(props, prop, value)
    property_stats["invalid examples rejected"] += 1


def test_base_of_invalid_cases_is_valid() -> None:
    """The invalid cases change one prop of BASE, so BASE itself must render."""
    assert synth(BASE)


# --- regressions: bugs these properties found, where WebService and its own checks or the pack disagreed ---
@given(name=names, extra=st.integers(0, 20))
def test_long_name_and_namespace_are_rejected_up_front(name: str, extra: int) -> None:
    namespace = ("n" * (63 - len(name) + extra))[:63]
    assert_rejected(WebServiceProps(name=name, namespace=namespace, release=_release()), "name/namespace", f"{name}-{namespace}")


def test_bad_tls_secret_is_rejected_up_front() -> None:
    assert_rejected(dataclasses.replace(BASE, ingress=IngressSettings(host="web.example.com", tls_secret="Web-TLS")), "ingress.tls_secret", "Web-TLS")


def test_bad_http_port_names_http_port() -> None:
    assert_rejected(dataclasses.replace(BASE, http_port=70000, readiness=None), "http_port", 70000)


@pytest.mark.parametrize(
    ("paths", "prop", "value"),
    [
        (("/tmp", "/tmp/"), "writable_paths[1]", "/tmp/"),
        (("/a@b",), "writable_paths[0]", "/a@b"),
        (("/" + "a" * 70,), "writable_paths[0]", "/" + "a" * 70),
        (("/var/run", "/var_run"), "writable_paths", ("/var/run", "/var_run")),
    ],
)
def test_writable_paths_with_bad_volume_names_are_rejected(paths: tuple[str, ...], prop: str, value: object) -> None:
    assert_rejected(dataclasses.replace(BASE, writable_paths=paths), prop, value)


@pytest.mark.parametrize("image", ["redis:7", "postgres:16", "node:20"])
def test_numeric_tag_on_bare_name(image: str) -> None:
    assert synth(dataclasses.replace(BASE, release=_release(image=image)))


@pytest.mark.parametrize("name", ["n", "y"])
def test_go_yaml_scalars_stay_strings(name: str) -> None:
    """Render with render.write_tree (the dist/ writer) and lint the files as written."""
    app = cdk8s.App()
    WebService(cdk8s.Chart(app, "env"), name, dataclasses.replace(BASE, name=name))
    root = Path(tempfile.mkdtemp(prefix="webservice-yaml-")) / "tree"
    try:
        cdk8s_synth.write_tree(cdk8s_synth.collect(app), root)
        findings, _ = per_document(sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml")), root)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
    assert [f.msg for f in findings] == []


def _findings_of(props: WebServiceProps) -> list[str]:
    root = Path(tempfile.mkdtemp(prefix="webservice-disagreement-"))
    try:
        found, _ = policy_findings([Example(props, synth(props))], root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return sorted({f.rule_id for findings in found.values() for f in findings})


DISAGREEMENTS = {
    "default readiness probe copies the liveness handler (probe-identical)": dataclasses.replace(BASE, readiness=None),
    "blue/green with min_replicas=1 gives the idle slot replicas: 1 (avail-replicas)": dataclasses.replace(
        BASE, release=None, min_replicas=1, blue_green=BlueGreen(active="blue", slots={"blue": _release(), "green": _release()})
    ),
    "empty version label accepted (meta-recommended-labels)": dataclasses.replace(BASE, release=_release(version="")),
    "run_as_user below 1000 accepted (sec-high-uid)": dataclasses.replace(BASE, run_as_user=999),
}


@pytest.mark.parametrize("what", sorted(DISAGREEMENTS))
def test_props_the_pack_would_reject_are_refused_or_render_clean(what: str) -> None:
    """Each case is now either refused at construction (naming the prop) or renders with no finding."""
    props = DISAGREEMENTS[what]
    chart = cdk8s.Testing.chart()
    try:
        WebService(chart, "svc", props)
    except PropsError:
        assert cdk8s.Testing.synth(chart) == [], what  # refused before anything was built
        return
    assert _findings_of(props) == [], what
