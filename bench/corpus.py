"""Generated inputs for the benchmark: WebService props for N services, and a lint corpus.

The lint corpus mixes rendered WebServices (the constructs' real output), the hardened app
objects of ``bench/app_corpus.py`` and hand-written Pods, Jobs, CronJobs,
StatefulSets, DaemonSets, Roles, RoleBindings, ClusterRoles, ConfigMaps and Secrets. Most
objects are clean; about one object in twelve carries a violation (a privileged or root
container, a mutable image tag, a wildcard Role, a Service or PDB selecting nothing, ...).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_corpus import HARDENED_SECURITY_CONTEXT, app_objects  # noqa: E402 - bench/app_corpus.py, beside this file

import constructs_lib  # noqa: E402, F401 - selects the supported Node.js before cdk8s loads

DIGEST = "@sha256:" + "b" * 64


def service_props(i: int) -> Any:
    """Props of generated service ``svc-<i>`` in namespace ``team-<i>``."""
    from constructs_lib import HttpProbe, IngressSettings, NamespacePeer, NetworkAccess, Release, WebServiceProps  # noqa: PLC0415

    return WebServiceProps(
        name=f"svc-{i}",
        namespace=f"team-{i}",
        release=Release(image=f"ghcr.io/acme/svc-{i}:1.{i % 7}.0", version=f"1.{i % 7}.0"),
        http_port=8080,
        liveness=HttpProbe(path="/healthz", port=8080),
        min_replicas=2 + i % 3,
        max_replicas=6 + i % 3,
        config={"log-level": "info", "shard": str(i)},
        ingress=IngressSettings(host=f"svc-{i}.example.com", tls_secret=f"svc-{i}-tls", cluster_issuer="letsencrypt-prod"),
        network=NetworkAccess(ingress_from=(NamespacePeer(namespace="ingress-nginx", ports=(8080,)),), allow_dns=True),
    )


def render_services(n: int, start: int = 0) -> list[Any]:
    """RenderedObjects of ``n`` services, each in its own cdk8s Chart and namespace."""
    from constructs_lib import synth  # noqa: PLC0415

    return synth.collect(build_services(n, start))


def build_services(n: int, start: int = 0) -> Any:
    """A cdk8s App with ``n`` services, each in its own Chart and namespace."""
    import cdk8s  # noqa: PLC0415

    from constructs_lib import WebService  # noqa: PLC0415

    app = cdk8s.App()
    for i in range(start, start + n):
        chart = cdk8s.Chart(app, f"team-{i}")
        WebService(chart, f"svc-{i}", service_props(i))
    return app


def _meta(name: str, ns: str, **extra: Any) -> dict[str, Any]:
    labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name, "app.kubernetes.io/part-of": "bench"}
    return {"name": name, "namespace": ns, "labels": labels, **extra}


def _container(name: str, bad: bool) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": name,
        "image": f"registry.example.com/{name}:2.0.1{DIGEST}",
        "imagePullPolicy": "IfNotPresent",
        "resources": {
            "requests": {"cpu": "50m", "memory": "64Mi", "ephemeral-storage": "50Mi"},
            "limits": {"cpu": "200m", "memory": "64Mi", "ephemeral-storage": "100Mi"},
        },
        "securityContext": dict(HARDENED_SECURITY_CONTEXT),
    }
    if bad:  # privileged root container with a mutable tag and no limits
        container["image"] = f"registry.example.com/{name}:latest"
        container["securityContext"] = {"privileged": True, "runAsUser": 0, "allowPrivilegeEscalation": True}
        del container["resources"]["limits"]
    return container


def _pod_spec(name: str, bad: bool, restart: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "serviceAccountName": name,
        "automountServiceAccountToken": False,
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}, "fsGroup": 10001},
        "containers": [_container("main", bad)],
    }
    if restart:
        spec["restartPolicy"] = restart
    if bad:
        spec["hostNetwork"] = True
    return spec


def misc_objects(g: int) -> list[dict[str, Any]]:
    """One group of assorted objects in namespace ``misc-<g // 10>``; every 12th object is bad."""
    ns = f"misc-{g // 10}"
    n = f"m{g}"
    bad = [(g * 13 + k) % 12 == 0 for k in range(12)]

    def tmpl(name: str, b: bool, restart: str | None = None) -> dict[str, Any]:
        return {"metadata": {"labels": {"app.kubernetes.io/instance": name}}, "spec": _pod_spec(name, b, restart)}

    sel = {"matchLabels": {"app.kubernetes.io/instance": f"{n}-sts"}}
    return [
        {"apiVersion": "v1", "kind": "Pod", "metadata": _meta(f"{n}-pod", ns), "spec": _pod_spec(f"{n}-pod", bad[0])},
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": _meta(f"{n}-job", ns),
            "spec": {"backoffLimit": 3, "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 3600, "template": tmpl(f"{n}-job", bad[1], "Never")},
        },
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": _meta(f"{n}-cron", ns),
            "spec": {
                "schedule": "*/15 * * * *",
                "concurrencyPolicy": "Forbid" if not bad[2] else "Allow",
                "startingDeadlineSeconds": 120,
                "jobTemplate": {"spec": {"backoffLimit": 2, "activeDeadlineSeconds": 300, "template": tmpl(f"{n}-cron", bad[2], "OnFailure")}},
            },
        },
        {
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "metadata": _meta(f"{n}-sts", ns),
            "spec": {"replicas": 3, "serviceName": f"{n}-sts", "selector": sel, "template": tmpl(f"{n}-sts", bad[3])},
        },
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": _meta(f"{n}-sts", ns),
            "spec": {"maxUnavailable": 1, "selector": sel if not bad[4] else {"matchLabels": {"app": "nothing"}}},
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": _meta(f"{n}-sts", ns),
            "spec": {"clusterIP": "None", "selector": sel["matchLabels"] if not bad[5] else {"app": "gone"}, "ports": [{"name": "tcp", "port": 5432}]},
        },
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": _meta(f"{n}-ds", ns),
            "spec": {"selector": {"matchLabels": {"app.kubernetes.io/instance": f"{n}-ds"}}, "template": tmpl(f"{n}-ds", bad[6])},
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": _meta(f"{n}-role", ns),
            "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
            if bad[7]
            else [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}],
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": _meta(f"{n}-role", ns),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": f"{n}-role"},
            "subjects": [{"kind": "ServiceAccount", "name": f"{n}-pod", "namespace": ns}],
        },
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(f"{n}-cfg", ns), "data": {"key": "value", "shard": str(g)}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(f"{n}-pod", ns), "automountServiceAccountToken": False},
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": _meta(f"{n}-default-deny", ns),
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
    ]


def write_corpus(out: Path, total: int = 10_000, per_file: int = 100, services: int = 100) -> dict[str, int]:
    """Write ``total`` documents into files of ``per_file`` documents; returns the count per kind."""
    docs: list[dict[str, Any]] = [dict(o.manifest) for o in render_services(min(services, total // 20))]
    target_apps = total * 4 // 10  # ~40% hardened app objects, the rest assorted kinds
    f = 0
    apps: list[dict[str, Any]] = []
    while len(apps) < target_apps:
        apps.extend(app_objects(f // 50, f % 50))
        f += 1
    docs.extend(apps[:target_apps])
    g = 0
    while len(docs) < total:
        docs.extend(misc_objects(g))
        g += 1
    docs = docs[:total]
    out.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(docs), per_file):
        chunk = docs[i : i + per_file]
        (out / f"f{i // per_file:04}.yaml").write_text(yaml.dump_all(chunk, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    kinds: dict[str, int] = {}
    for d in docs:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    return kinds


def _pod_spec_of(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj.get("spec") or {}
    if obj.get("kind") == "Pod":
        return spec
    if obj.get("kind") == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    return (spec.get("template") or {}).get("spec") or {}


def write_distinct_containers(source: Path, out: Path) -> int:
    """A copy of the corpus in ``source`` whose containers all differ (each gets an env value of its own);
    returns how many containers there are. The pack judges each distinct container once, and the corpus
    repeats its containers: this copy shows the lint where nothing repeats."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.glob("*.yaml")):
        docs = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        for doc in docs:
            for kind in ("containers", "initContainers"):
                for container in _pod_spec_of(doc).get(kind) or []:
                    count += 1
                    container.setdefault("env", []).append({"name": "BENCH_CONTAINER", "value": str(count)})
        (out / path.name).write_text(yaml.dump_all(docs, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the benchmark's lint corpus: TOTAL documents, 100 per file, into FOLDER.")
    parser.add_argument("folder", type=Path, help="where to write the corpus (created if missing)")
    parser.add_argument("total", type=int, nargs="?", default=10_000, help="how many documents (default: 10000)")
    args = parser.parse_args(argv)
    if args.total < 1:
        parser.error(f"total must be at least 1, not {args.total}")
    print(write_corpus(args.folder, args.total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
