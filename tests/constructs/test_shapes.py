"""The service shapes and their extension points: what each renders, hardened the same way, and bad props named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cdk8s
import pytest
from cdk8s import ApiObject, JsonPatch
from cdk8s_plus_30 import k8s

from constructs_lib import (
    BatchJob,
    ConfigMapVolume,
    ContainerPort,
    ContainerSpec,
    EmptyDirVolume,
    ExecProbe,
    GrpcProbe,
    JobProps,
    Mount,
    PodSettings,
    ProjectedVolume,
    PropsError,
    Release,
    ScheduledJob,
    ScheduledJobProps,
    SecretVolume,
    StatefulService,
    StatefulServiceProps,
    TcpProbe,
    Toleration,
    VolumeClaim,
    WebService,
    WebServiceProps,
    Worker,
    WorkerProps,
    synth,
)
from manifest_lint.gate import check_tree

RELEASE = Release(image="ghcr.io/acme/app:1.0.0", version="1.0.0")


def _synth(build: Any) -> dict[str, dict[str, Any]]:
    chart = cdk8s.Testing.chart()
    build(chart)
    return {f"{m['kind']}/{m['metadata']['name']}": m for m in cdk8s.Testing.synth(chart)}


def _pod(manifest: dict[str, Any]) -> dict[str, Any]:
    spec = manifest["spec"]
    if manifest["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def _assert_hardened(pod: dict[str, Any]) -> None:
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    for container in pod["containers"] + pod.get("initContainers", []):
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True and context["allowPrivilegeEscalation"] is False
        assert context["capabilities"] == {"drop": ["ALL"]}
        assert set(container["resources"]["limits"]) == {"cpu", "memory", "ephemeral-storage"}


def test_worker_has_no_service_and_any_probe_kind() -> None:
    objects = _synth(lambda chart: Worker(chart, "w", WorkerProps(
        name="worker", namespace="jobs", release=RELEASE, replicas=3,
        liveness=ExecProbe(command=("/bin/check",)), readiness=TcpProbe(port=8081), startup=GrpcProbe(port=8081),
        ports=(ContainerPort(name="admin", port=8081),),
    )))  # fmt: skip
    assert {k.split("/")[0] for k in objects} == {"Namespace", "ServiceAccount", "NetworkPolicy", "Deployment", "PodDisruptionBudget"}
    deployment = objects["Deployment/worker"]
    assert deployment["spec"]["replicas"] == 3
    (container,) = _pod(deployment)["containers"]
    assert container["livenessProbe"]["exec"] == {"command": ["/bin/check"]}
    assert container["readinessProbe"]["tcpSocket"] == {"port": 8081}
    assert container["startupProbe"]["grpc"] == {"port": 8081}
    _assert_hardened(_pod(deployment))


def test_worker_without_ports_or_probes_and_one_replica_has_no_pdb() -> None:
    objects = _synth(lambda chart: Worker(chart, "w", WorkerProps(name="worker", namespace="jobs", release=RELEASE, replicas=1)))
    assert "PodDisruptionBudget/worker" not in objects
    (container,) = _pod(objects["Deployment/worker"])["containers"]
    assert "ports" not in container and "livenessProbe" not in container


def test_jobs_run_to_completion_and_are_cleaned_up() -> None:
    def build(chart: cdk8s.Chart) -> None:
        BatchJob(chart, "migrate", JobProps(name="migrate", namespace="db", release=RELEASE, command=("/app/migrate",)))
        ScheduledJob(chart, "nightly", ScheduledJobProps(name="nightly", namespace="db", release=RELEASE, schedule="0 3 * * *"))

    objects = _synth(build)
    job, cron = objects["Job/migrate"], objects["CronJob/nightly"]
    assert job["spec"]["ttlSecondsAfterFinished"] == 86400 and job["spec"]["backoffLimit"] == 3
    assert _pod(job)["restartPolicy"] == "OnFailure"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid" and cron["spec"]["startingDeadlineSeconds"] == 600
    assert "ttlSecondsAfterFinished" not in cron["spec"]["jobTemplate"]["spec"]  # the history limits clean up
    for manifest in (job, cron):
        _assert_hardened(_pod(manifest))


def test_stateful_service_has_its_headless_service_and_claims() -> None:
    objects = _synth(lambda chart: StatefulService(chart, "db", StatefulServiceProps(
        name="db", namespace="data", release=RELEASE, ports=(ContainerPort(name="pg", port=5432),),
        claims=(VolumeClaim(name="data", size="20Gi", mount_path="/var/lib/data", storage_class="fast"),), peer_ports=(5432,),
    )))  # fmt: skip
    service, stateful_set = objects["Service/db"], objects["StatefulSet/db"]
    assert service["spec"]["clusterIP"] == "None"
    assert stateful_set["spec"]["serviceName"] == "db"
    (claim,) = stateful_set["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "20Gi" and claim["spec"]["storageClassName"] == "fast"
    (container,) = _pod(stateful_set)["containers"]
    assert {"name": "data", "mountPath": "/var/lib/data", "readOnly": False} in container["volumeMounts"]
    policy = objects["NetworkPolicy/db"]["spec"]
    assert any(rule.get("from", [{}])[0].get("podSelector") for rule in policy["ingress"])
    _assert_hardened(_pod(stateful_set))


def test_pod_extension_points_reach_the_pod() -> None:
    pod_settings = PodSettings(
        sidecars=(ContainerSpec(name="proxy", image="ghcr.io/acme/proxy:1.0.0", ports=(ContainerPort(name="proxy", port=15001),)),),
        init_containers=(
            ContainerSpec(name="setup", image="ghcr.io/acme/setup:1.0.0", command=("/setup",)),
            ContainerSpec(name="agent", image="ghcr.io/acme/agent:1.0.0", restart_always=True),
        ),
        volumes=(
            EmptyDirVolume(name="cache", size_limit="1Gi"), ConfigMapVolume(name="conf", config_map="app-conf"),
            SecretVolume(name="certs", secret="app-certs"), ProjectedVolume(name="identity", token_audience="sts.amazonaws.com"),
        ),
        node_selector={"pool": "web"}, tolerations=(Toleration(key="dedicated", value="web", effect="NoSchedule"),),
        affinity=k8s.Affinity(node_affinity=k8s.NodeAffinity(required_during_scheduling_ignored_during_execution=k8s.NodeSelector(
            node_selector_terms=[k8s.NodeSelectorTerm(match_expressions=[k8s.NodeSelectorRequirement(key="arch", operator="In", values=["arm64"])])],
        ))),
        annotations={"example.com/log": "json"}, image_pull_secrets=("registry",), termination_grace_period_seconds=45,
    )  # fmt: skip
    objects = _synth(lambda chart: WebService(chart, "web", WebServiceProps(
        name="web", namespace="web", release=RELEASE, pod=pod_settings, mounts=(Mount(volume="conf", path="/etc/app"),),
        service_type="LoadBalancer", service_annotations={"service.beta.kubernetes.io/aws-load-balancer-internal": "true"},
        service_account_annotations={"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/web"},
    )))  # fmt: skip
    pod = _pod(objects["Deployment/web"])
    assert [c["name"] for c in pod["containers"]] == ["web", "proxy"]
    assert [c["name"] for c in pod["initContainers"]] == ["setup", "agent"]
    assert "restartPolicy" not in pod["initContainers"][0] and pod["initContainers"][1]["restartPolicy"] == "Always"
    assert {v["name"] for v in pod["volumes"]} >= {"tmp", "proxy-tmp", "setup-tmp", "agent-tmp", "cache", "conf", "certs", "identity"}
    assert pod["nodeSelector"] == {"pool": "web"} and pod["tolerations"][0]["key"] == "dedicated"
    required = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    assert required["nodeSelectorTerms"][0]["matchExpressions"][0]["values"] == ["arm64"]
    assert pod["imagePullSecrets"] == [{"name": "registry"}] and pod["terminationGracePeriodSeconds"] == 45
    assert objects["Deployment/web"]["spec"]["template"]["metadata"]["annotations"] == {"example.com/log": "json"}
    assert {"name": "conf", "mountPath": "/etc/app", "readOnly": True} in pod["containers"][0]["volumeMounts"]
    assert objects["Service/web"]["spec"]["type"] == "LoadBalancer"
    assert objects["Service/web"]["metadata"]["annotations"] == {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"}
    assert objects["ServiceAccount/web"]["metadata"]["annotations"] == {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/web"}
    _assert_hardened(pod)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"writable_paths": "/tmp"}, "writable_paths='/tmp': a tuple of a string"),
        ({"env": {"A": {"nested": 1}}}, "env['A']={'nested': 1}: a string or a ConfigMapValue or a SecretValue"),
        ({"command": "/bin/app --flag"}, "command='/bin/app --flag': a tuple of a string"),
        ({"pod": PodSettings(sidecars="proxy")}, "sidecars='proxy': a tuple of a ContainerSpec"),  # type: ignore[arg-type]
        ({"pod": PodSettings(tolerations=(Toleration(operator="Sometimes"),))}, "tolerations[0].operator='Sometimes': Equal or Exists"),
        ({"mounts": (Mount(volume="missing", path="/x"),)}, "mounts[0].volume='missing': one of the pod's volumes []"),
    ],
)
def test_wrong_types_and_values_are_named_once(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(PropsError) as raised:
        WebService(cdk8s.Testing.chart(), "web", WebServiceProps(name="web", namespace="web", release=RELEASE, **changes))
    assert any(p == expected or p.startswith(expected) for p in raised.value.problems), raised.value.problems
    assert len(raised.value.problems) <= 3, raised.value.problems  # one problem per mistake, not one per character


def test_two_services_of_one_name_in_a_chart_are_refused() -> None:
    chart = cdk8s.Testing.chart()
    WebService(chart, "a", WebServiceProps(name="shop", namespace="shop", release=RELEASE))
    with pytest.raises(PropsError, match=r"name='shop': a name no other service of this chart uses in namespace 'shop'"):
        Worker(chart, "b", WorkerProps(name="shop", namespace="shop", release=RELEASE))
    Worker(chart, "c", WorkerProps(name="shop", namespace="other", release=RELEASE))  # another namespace is fine


def test_the_escape_hatch_needs_quantity_and_int_or_string_objects() -> None:
    """What the README shows: reach the L1 object through ``Resource`` and patch it with typed values."""
    chart = cdk8s.Testing.chart()
    service = WebService(chart, "web", WebServiceProps(name="web", namespace="web", release=RELEASE))
    deployment = ApiObject.of(service.deployments["web"].node.find_child("Resource"))
    deployment.add_json_patch(JsonPatch.add("/spec/minReadySeconds", 10))
    deployment.add_json_patch(JsonPatch.replace("/spec/template/spec/containers/0/resources/limits/cpu", k8s.Quantity.from_string("2")))
    deployment.add_json_patch(JsonPatch.replace("/spec/strategy/rollingUpdate/maxSurge", k8s.IntOrString.from_string("25%")))
    manifest = next(m for m in cdk8s.Testing.synth(chart) if m["kind"] == "Deployment")
    assert manifest["spec"]["minReadySeconds"] == 10
    assert manifest["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] == "2"
    assert manifest["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == "25%"


def test_the_render_gate_accepts_extra_crd_schemas(tmp_path: Path) -> None:
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"},
        "spec": {"group": "example.com", "names": {"kind": "Widget", "plural": "widgets"}, "scope": "Namespaced", "versions": [
            {"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object"}}}}},
        ]},
    }  # fmt: skip
    (tmp_path / "crds").mkdir()
    (tmp_path / "crds" / "widget.json").write_text(json.dumps(crd), encoding="utf-8")
    chart = cdk8s.Testing.chart()
    ApiObject(chart, "w", api_version="example.com/v1", kind="Widget", metadata=cdk8s.ApiObjectMetadata(name="w", namespace="web"))
    objects = synth.collect(chart.node.root)
    synth.write_tree(objects, tmp_path / "out")
    assert any("Widget has no schema" in p for p in check_tree(tmp_path / "out"))
    assert check_tree(tmp_path / "out", crds=[tmp_path / "crds"]) == []
