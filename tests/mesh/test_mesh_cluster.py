"""The mesh objects on a real API server (etcd + kube-apiserver, tests/cluster) with the pinned Istio CRDs.

The production render with the mesh on: its Namespace is created for real (Pod Security restricted,
istio-injection), then each mesh object passes `kubectl apply --server-side --dry-run=server` without an
error or a warning, and the CRDs' schemas refuse a broken one. Pod Security: a pod as Istio 1.24's
injector makes it from the blue Deployment with the Istio CNI plugin (init container istio-validation,
sidecar istio-proxy, UID 1337, every capability dropped) is admitted by the restricted namespace; the
same pod without the CNI plugin (istio-init with NET_ADMIN and NET_RAW, as root) is refused. The
injected containers are written here after Istio 1.24's injection template (no istiod runs).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from mesh_helpers import MESH_KINDS, production

PROXY_IMAGE = "docker.io/istio/proxyv2:1.24.2"


@pytest.fixture(scope="module")
def meshed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return production(tmp_path_factory.mktemp("mesh-cluster"), {"green": 10})


@pytest.fixture(scope="module")
def namespace(istio_cluster: Any, meshed: dict[str, dict[str, Any]]) -> str:
    ns = meshed["namespace-production.yaml"]
    istio_cluster.ensure_namespace(ns["metadata"]["name"], ns["metadata"]["labels"])
    return str(ns["metadata"]["name"])


def _dry_run(cluster: Any, path: Path, *, create: bool = False) -> tuple[int, list[str], list[str]]:
    verb = ("create",) if create else ("apply", "--server-side", "--field-manager", "control-panel")
    proc = cluster.kubectl(*verb, "--dry-run=server", "-f", str(path))
    return proc.returncode, proc.stdout.splitlines(), [line for line in proc.stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("kind", MESH_KINDS)
def test_mesh_object_passes_server_side_dry_run(istio_cluster: Any, namespace: str, meshed: dict[str, dict[str, Any]], tmp_path: Path, kind: str) -> None:
    doc = meshed[f"{kind.lower()}-control-panel.yaml"]
    assert doc["metadata"]["namespace"] == namespace
    path = tmp_path / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    status, out, err = _dry_run(istio_cluster, path)
    assert status == 0 and not err, f"{kind}: kubectl exited with {status}:\n" + "\n".join(err)
    assert out == [f"{kind.lower()}.{doc['apiVersion'].split('/')[0]}/control-panel serverside-applied (server dry run)"], out


BROKEN = {
    "PeerAuthentication": (lambda s: s["mtls"].update(mode="strict"), 'Unsupported value: "strict"'),
    "VirtualService": (lambda s: s["http"][0]["route"][0].update(weight="ninety"), "weight"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_the_crd_schema_refuses_a_broken_object(istio_cluster: Any, namespace: str, meshed: dict[str, dict[str, Any]], tmp_path: Path, kind: str) -> None:
    edit, message = BROKEN[kind]
    doc = copy.deepcopy(meshed[f"{kind.lower()}-control-panel.yaml"])
    edit(doc["spec"])
    path = tmp_path / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    status, _, err = _dry_run(istio_cluster, path)
    assert status != 0 and message in "\n".join(err), "\n".join(err)


def _injected(deployment: dict[str, Any], *, cni: bool) -> dict[str, Any]:
    """The blue Deployment's pod as Istio 1.24's sidecar injector makes it, with or without the Istio CNI plugin."""
    template = copy.deepcopy(deployment["spec"]["template"])
    spec = template["spec"]
    drop_all = {"drop": ["ALL"]}
    proxy_user = {"runAsUser": 1337, "runAsGroup": 1337, "runAsNonRoot": True}
    if cni:  # istio-validation only checks that the CNI plugin set up the redirection
        init = {"name": "istio-validation", "securityContext": {"capabilities": drop_all, "readOnlyRootFilesystem": True, **proxy_user}}
    else:  # istio-init writes the iptables rules itself
        capabilities = {"add": ["NET_ADMIN", "NET_RAW"], "drop": ["ALL"]}
        init = {"name": "istio-init", "securityContext": {"capabilities": capabilities, "runAsUser": 0, "runAsGroup": 0, "runAsNonRoot": False}}
    init["image"] = PROXY_IMAGE
    init["args"] = ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-b", "*", "-d", "15090,15021,15020"]
    init["securityContext"].update(allowPrivilegeEscalation=False, privileged=False)
    proxy = {
        "name": "istio-proxy", "image": PROXY_IMAGE, "args": ["proxy", "sidecar"],
        "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}],
        "securityContext": {"allowPrivilegeEscalation": False, "capabilities": drop_all, "privileged": False, "readOnlyRootFilesystem": True, **proxy_user},
        "volumeMounts": [{"name": "istio-envoy", "mountPath": "/etc/istio/proxy"}, {"name": "istio-data", "mountPath": "/var/lib/istio/data"},
                         {"name": "istio-podinfo", "mountPath": "/etc/istio/pod"}, {"name": "istiod-ca-cert", "mountPath": "/var/run/secrets/istio"}],
    }  # fmt: skip
    spec["initContainers"] = [init, *spec.get("initContainers", [])]
    spec["containers"] = [spec["containers"][0], proxy, *spec["containers"][1:]]
    spec["volumes"] = [
        *spec.get("volumes", []),
        {"name": "istio-envoy", "emptyDir": {"medium": "Memory"}}, {"name": "istio-data", "emptyDir": {}},
        {"name": "istio-podinfo", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
        {"name": "istiod-ca-cert", "configMap": {"name": "istio-ca-root-cert"}},
    ]  # fmt: skip
    spec.pop("serviceAccountName", None)  # the namespace's default ServiceAccount exists; the service's need not
    metadata = {"name": f"injected-{'cni' if cni else 'init'}", "namespace": deployment["metadata"]["namespace"], "labels": template["metadata"]["labels"]}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec}


def test_an_injected_pod_with_the_istio_cni_plugin_is_admitted_by_restricted(
    istio_cluster: Any, namespace: str, meshed: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    path = tmp_path / "pod.yaml"
    path.write_text(yaml.safe_dump(_injected(meshed["deployment-control-panel-blue.yaml"], cni=True)), encoding="utf-8")
    status, out, err = _dry_run(istio_cluster, path, create=True)
    assert status == 0 and not err, "\n".join(err)
    assert out == ["pod/injected-cni created (server dry run)"], out


def test_an_injected_pod_without_the_cni_plugin_is_refused(istio_cluster: Any, namespace: str, meshed: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "pod.yaml"
    path.write_text(yaml.safe_dump(_injected(meshed["deployment-control-panel-blue.yaml"], cni=False)), encoding="utf-8")
    status, _, err = _dry_run(istio_cluster, path, create=True)
    text = "\n".join(err)
    assert status != 0 and "violates PodSecurity" in text, text
    assert "restricted:v1.30" in text and "NET_ADMIN" in text and "runAsNonRoot != true" in text, text
