"""The smaller constructs used alone: defaults are safe, props reach the output, the main object is `Resource`."""

from __future__ import annotations

import cdk8s
import pytest
from cdk8s import ApiObject

from constructs_lib import (
    AppIdentity,
    ClusterService,
    ContainerPort,
    ContainerSpec,
    DeploymentProps,
    DisruptionBudget,
    DisruptionBudgetProps,
    HardenedDeployment,
    HardenedNamespace,
    HttpProbe,
    NamespaceProps,
    PropsError,
    ServicePort,
    ServiceProps,
)
from constructs_lib.scaling import pods_allowed_down

IDENTITY = AppIdentity(name="api", version="2.0.1")


def _deployment(container: dict | None = None, **changes) -> DeploymentProps:
    spec = {
        "name": "api", "image": "registry.example.com/api@sha256:" + "a" * 64, "ports": (ContainerPort(name="http", port=8080),),
        "liveness": HttpProbe(path="/live", port=8080), "readiness": HttpProbe(path="/ready", port=8080), **(container or {}),
    }  # fmt: skip
    base = {"name": "api", "namespace": "team", "identity": IDENTITY, "container": ContainerSpec(**spec), "service_account": "api"}
    return DeploymentProps(**{**base, **changes})


def test_deployment_defaults_are_restricted_and_complete():
    chart = cdk8s.Testing.chart()
    construct = HardenedDeployment(chart, "api", _deployment())
    assert ApiObject.of(construct.node.find_child("Resource")).kind == "Deployment"
    (manifest,) = cdk8s.Testing.synth(chart)
    pod = manifest["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["securityContext"]["runAsUser"] == 10001
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert container["resources"]["limits"] == {"cpu": "500m", "memory": "256Mi", "ephemeral-storage": "256Mi"}
    assert "sysctls" not in pod["securityContext"]  # 8080 needs no sysctl
    assert manifest["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    assert [v["name"] for v in pod["volumes"]] == ["tmp"]
    assert "replicas" not in manifest["spec"]


def test_deployment_escape_hatch_through_resource():
    chart = cdk8s.Testing.chart()
    construct = HardenedDeployment(chart, "api", _deployment(replicas=2))
    ApiObject.of(construct.node.find_child("Resource")).add_json_patch(cdk8s.JsonPatch.add("/spec/minReadySeconds", 10))
    (manifest,) = cdk8s.Testing.synth(chart)
    assert manifest["spec"]["minReadySeconds"] == 10
    assert manifest["spec"]["replicas"] == 2


def test_deployment_rejects_probe_on_undeclared_port():
    with pytest.raises(PropsError, match=r"liveness\.port=9090: one of the container ports \[8080\]"):
        HardenedDeployment(cdk8s.Testing.chart(), "api", _deployment({"liveness": HttpProbe(path="/live", port=9090)}))


def test_namespace_has_no_namespace_and_pins_the_version():
    chart = cdk8s.Testing.chart()
    HardenedNamespace(chart, "ns", NamespaceProps(name="team", pss_level="baseline", pss_version="v1.33"))
    (manifest,) = cdk8s.Testing.synth(chart)
    assert "namespace" not in manifest["metadata"]
    assert manifest["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "baseline"
    assert manifest["metadata"]["labels"]["pod-security.kubernetes.io/warn-version"] == "v1.33"
    with pytest.raises(PropsError, match="pss_level='strict'"):
        HardenedNamespace(cdk8s.Testing.chart(), "ns", NamespaceProps(name="team", pss_level="strict"))


def test_service_targets_named_ports():
    chart = cdk8s.Testing.chart()
    ClusterService(chart, "svc", ServiceProps(name="api", namespace="team", selector={"app": "api"}, ports=(ServicePort(name="http", port=80, target="web"),)))
    (manifest,) = cdk8s.Testing.synth(chart)
    assert manifest["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"}]
    with pytest.raises(PropsError, match="selector"):
        ClusterService(cdk8s.Testing.chart(), "svc", ServiceProps(name="api", namespace="team", selector={}, ports=(ServicePort(name="http", port=80),)))


def test_disruption_budget_defaults_to_one_unavailable():
    chart = cdk8s.Testing.chart()
    DisruptionBudget(chart, "pdb", DisruptionBudgetProps(name="api", namespace="team", selector={"app": "api"}))
    (manifest,) = cdk8s.Testing.synth(chart)
    assert manifest["spec"]["maxUnavailable"] == 1
    assert manifest["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    with pytest.raises(PropsError, match="only one of the two"):
        DisruptionBudget(cdk8s.Testing.chart(), "pdb", DisruptionBudgetProps(name="a", namespace="t", selector={"a": "b"}, min_available=1, max_unavailable=1))


@pytest.mark.parametrize(
    ("replicas", "min_available", "max_unavailable", "allowed"),
    [
        (3, 2, None, 1),
        (3, "50%", None, 1),
        (2, "50%", None, 1),
        (3, "67%", None, 0),
        (4, None, "25%", 1),
        (4, None, "10%", 1),
        (3, None, 1, 1),
        (1, 1, None, 0),
    ],
)
def test_pods_allowed_down_rounds_percentages_up(replicas, min_available, max_unavailable, allowed):
    assert pods_allowed_down(replicas, min_available, max_unavailable) == allowed
