"""Every file of dist/ passes a server-side dry run on a real API server, without a warning.

The namespaces of dist/ (and argocd's, which ArgoCD's installation brings) are created for real
first, since a dry run creates nothing that later files could be put in; the pinned ArgoCD CRDs
(github.com/argoproj/argo-cd/v3, manifests/crds) are installed for dist/argocd, and the pinned
Prometheus Operator CRDs for the monitoring objects (ServiceMonitor, PrometheusRule). Each file is then
applied with `kubectl apply --server-side --dry-run=server`: exit status 0, every object reported
as applied, and nothing on stderr (where kubectl writes the server's warnings, PodSecurity's
"would violate" among them). A deliberately insecure variant of a Deployment and of a Pod
shows that the same check fails.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from kube_cluster import ARGOCD_CRDS, PROMETHEUS_OPERATOR_CRDS, ROOT, Cluster

DIST = ROOT / "dist"
# The folders of dist/ and what they need beyond their own files (all of them must be listed here).
FOLDERS = {"staging", "production", "argocd"}
FILES = sorted(p.relative_to(DIST) for p in DIST.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json"))


def dry_run(cluster: Cluster, path: Path) -> tuple[int, list[str], list[str]]:
    """Exit status, the lines of stdout, and the lines of stderr (warnings and errors)."""
    proc = cluster.kubectl("apply", "--server-side", "--dry-run=server", "--field-manager", "control-panel", "-f", str(path))
    return proc.returncode, proc.stdout.splitlines(), [line for line in proc.stderr.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def dist_cluster(cluster: Cluster) -> Cluster:
    for namespace in sorted(DIST.glob("*/namespace-*.yaml")):
        cluster.kubectl("apply", "--server-side", "--field-manager", "control-panel", "-f", str(namespace), check=True)
        # A Pod's dry run needs its ServiceAccount (the insecure Pod below uses the default one).
        cluster.ensure_service_account(yaml.safe_load(namespace.read_text())["metadata"]["name"])
    cluster.ensure_namespace("argocd")
    cluster.install_crds(ARGOCD_CRDS, PROMETHEUS_OPERATOR_CRDS)
    return cluster


def test_dist_has_only_known_folders() -> None:
    folders = {p.parent.parts[0] for p in FILES if len(p.parts) > 1}
    assert folders == FOLDERS, f"dist/ has folders {sorted(folders)}; this test prepares {sorted(FOLDERS)} (namespaces, CRDs): extend it"
    assert all(len(p.parts) == 2 for p in FILES), "every manifest of dist/ is in an environment or GitOps folder"


@pytest.mark.parametrize("relative", FILES, ids=str)
def test_dist_file_server_side_dry_run_has_no_error_or_warning(dist_cluster: Cluster, relative: Path) -> None:
    status, out, err = dry_run(dist_cluster, DIST / relative)
    assert status == 0 and not err, f"dist/{relative}: kubectl exited with {status}:\n" + "\n".join(err)
    documents = [d for d in yaml.safe_load_all((DIST / relative).read_text()) if d]
    applied = [line for line in out if line.endswith("serverside-applied (server dry run)")]
    assert len(applied) == len(documents), f"dist/{relative}: {len(documents)} objects, kubectl reported {out}"


def _insecure_variants() -> dict[str, dict]:
    deployment = yaml.safe_load((DIST / "production" / "deployment-control-panel-blue.yaml").read_text())
    escalating = copy.deepcopy(deployment)
    escalating["metadata"]["name"] = "control-panel-escalating"
    escalating["spec"]["template"]["spec"]["containers"][0]["securityContext"]["allowPrivilegeEscalation"] = True
    template = deployment["spec"]["template"]
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "control-panel-privileged", "namespace": deployment["metadata"]["namespace"], "labels": {"test": "insecure"}},
        "spec": copy.deepcopy(template["spec"]),
    }
    # privileged: true with allowPrivilegeEscalation: false fails validation, before admission.
    pod["spec"]["containers"][0]["securityContext"].update(privileged=True, allowPrivilegeEscalation=True)
    del pod["spec"]["serviceAccountName"]
    return {"deployment-allow-privilege-escalation": escalating, "pod-privileged": pod}


@pytest.mark.parametrize("name", sorted(_insecure_variants()))
def test_an_insecure_variant_is_refused_or_warned(dist_cluster: Cluster, tmp_path: Path, name: str) -> None:
    variant = _insecure_variants()[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(variant))
    status, _, err = dry_run(dist_cluster, path)
    text = "\n".join(err)
    assert err, f"{name}: the server accepted it without a word"
    assert 'PodSecurity "restricted:' in text, text
    if variant["kind"] == "Pod":
        # enforce: the pod itself is refused
        assert status != 0 and "is forbidden: violates PodSecurity" in text, text
    else:
        # warn: a workload is admitted with a warning (its pods would be refused)
        assert text.startswith("Warning: would violate PodSecurity"), text
