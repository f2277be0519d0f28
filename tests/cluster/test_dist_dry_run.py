"""Every file of dist/ passes a server-side dry run on a real API server, without a warning.

The namespaces of dist/ (and argocd's, which ArgoCD's installation brings) are created for real
first, since a dry run creates nothing that later files could be put in. The CRDs a real cluster
would have are installed, pinned: ArgoCD's (github.com/argoproj/argo-cd/v3, manifests/crds) for
dist/argocd, the Prometheus Operator's for the monitoring objects (ServiceMonitor,
PrometheusRule), Gatekeeper's ConstraintTemplate CRD for dist/gatekeeper, and for each of its
ConstraintTemplates the CRD Gatekeeper's controller would make for its Constraints (printed by
the pinned constraint framework: .tools/bin/constraintcrd, `make gatekeeper-setup`).

Each folder is then applied with `kubectl apply --server-side --dry-run=server -f <folder>` (one
kubectl run per folder: dist/gatekeeper has 170 files): exit status 0, every object of every
file reported as applied, and nothing on stderr (where kubectl writes the server's warnings,
PodSecurity's "would violate" among them, and its errors, which name the file). A deliberately
insecure variant of a Deployment and of a Pod shows that the same check fails.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kube_cluster import ARGOCD_CRDS, CONSTRAINTCRD, GATEKEEPER_CRDS_GLOB, PROMETHEUS_OPERATOR_CRDS, ROOT, TOOLS, Cluster

DIST = ROOT / "dist"
# The folders of dist/ this test prepares the cluster for (all of them must be listed here).
FOLDERS = {"staging", "production", "argocd", "gatekeeper"}
FILES = sorted(p.relative_to(DIST) for p in DIST.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json"))
PRESENT = sorted({p.parts[0] for p in FILES if len(p.parts) > 1})


def dry_run(cluster: Cluster, path: Path) -> tuple[int, list[str], list[str]]:
    """Exit status, the lines of stdout, and the lines of stderr (warnings and errors)."""
    proc = cluster.kubectl("apply", "--server-side", "--dry-run=server", "--field-manager", "control-panel", "-f", str(path), timeout=300)
    return proc.returncode, proc.stdout.splitlines(), [line for line in proc.stderr.splitlines() if line.strip()]


def install_gatekeeper_crds(cluster: Cluster, tmp: Path) -> None:
    """Gatekeeper's ConstraintTemplate CRD, and the Constraint CRD of every template in dist/gatekeeper."""
    from manifest_lint.gatekeeper.generate import GATEKEEPER_VERSION

    folder = TOOLS / GATEKEEPER_CRDS_GLOB.replace("v*", GATEKEEPER_VERSION)
    assert folder.is_dir(), f"no {folder.relative_to(ROOT)}: run `make cluster-setup`"
    cluster.install_crds(folder)
    assert CONSTRAINTCRD.is_file(), f"no {CONSTRAINTCRD.relative_to(ROOT)}: run `make gatekeeper-setup`"
    templates = sorted(str(p) for p in (DIST / "gatekeeper").glob("*.yaml") if yaml.safe_load(p.read_text()).get("kind") == "ConstraintTemplate")
    proc = subprocess.run([str(CONSTRAINTCRD), *templates], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, f"constraintcrd failed: {proc.stderr}"
    crds = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(crds) == len(templates), f"constraintcrd made {len(crds)} CRDs for {len(templates)} templates"
    (tmp / "constraint-crds").mkdir()
    path = tmp / "constraint-crds" / "crds.yaml"
    path.write_text("\n---\n".join(yaml.safe_dump(crd) for crd in crds))
    cluster.install_crds(path.parent)


@pytest.fixture(scope="module")
def dist_cluster(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Cluster:
    for namespace in sorted(DIST.glob("*/namespace-*.yaml")):
        cluster.kubectl("apply", "--server-side", "--field-manager", "control-panel", "-f", str(namespace), check=True)
        # A Pod's dry run needs its ServiceAccount (the insecure Pod below uses the default one).
        cluster.ensure_service_account(yaml.safe_load(namespace.read_text())["metadata"]["name"])
    cluster.ensure_namespace("argocd")
    cluster.install_crds(ARGOCD_CRDS, PROMETHEUS_OPERATOR_CRDS)
    if (DIST / "gatekeeper").is_dir():
        install_gatekeeper_crds(cluster, tmp_path_factory.mktemp("gatekeeper"))
    return cluster


def test_dist_has_only_known_folders() -> None:
    assert set(PRESENT) <= FOLDERS, f"dist/ has folders {PRESENT}; this test prepares {sorted(FOLDERS)} (namespaces, CRDs): extend it"
    assert {"staging", "production", "argocd"} <= set(PRESENT), PRESENT
    assert all(len(p.parts) == 2 for p in FILES), "every manifest of dist/ is in an environment or GitOps folder"


@pytest.mark.parametrize("folder", PRESENT)
def test_dist_folder_server_side_dry_run_has_no_error_or_warning(dist_cluster: Cluster, folder: str) -> None:
    status, out, err = dry_run(dist_cluster, DIST / folder)
    assert status == 0 and not err, f"dist/{folder}: kubectl exited with {status}:\n" + "\n".join(err)
    files = [p for p in FILES if p.parts[0] == folder]
    documents = [d for p in files for d in yaml.safe_load_all((DIST / p).read_text()) if d]
    applied = [line for line in out if line.endswith("serverside-applied (server dry run)")]
    assert len(applied) == len(documents), f"dist/{folder}: {len(documents)} objects in {len(files)} files, kubectl reported {len(applied)}:\n" + "\n".join(out)


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


EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_service_shape_passes_a_server_side_dry_run(dist_cluster: Cluster, tmp_path: Path, example: Path) -> None:
    """The other construct shapes (worker, CronJob, StatefulSet, a gRPC API with sidecars) as the API server sees them:
    each example's objects are accepted, with PodSecurity admission on, without a warning."""
    done = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    documents = [d for d in yaml.safe_load_all(done.stdout) if d]
    for namespace in (d for d in documents if d["kind"] == "Namespace"):
        (tmp_path / "namespace.yaml").write_text(yaml.safe_dump(namespace))
        dist_cluster.kubectl("apply", "--server-side", "--field-manager", "control-panel", "-f", str(tmp_path / "namespace.yaml"), check=True)
    (tmp_path / "app.yaml").write_text(yaml.safe_dump_all([d for d in documents if d["kind"] != "Namespace"]))
    status, out, err = dry_run(dist_cluster, tmp_path / "app.yaml")
    assert status == 0 and not err, f"{example.name}: kubectl exited with {status}:\n" + "\n".join(err)
    applied = [line for line in out if line.endswith("serverside-applied (server dry run)")]
    assert len(applied) == len(documents) - sum(d["kind"] == "Namespace" for d in documents), "\n".join(out)
