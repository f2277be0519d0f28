"""Write a hardened manifest corpus for measuring lint throughput.

    python bench/app_corpus.py /tmp/corpus 100 100   # 100 files x 100 documents
    time manifest-lint --profile baseline /tmp/corpus

The objects (Deployment, Service, PodDisruptionBudget, NetworkPolicy, ServiceAccount,
ConfigMap per app) pass every rule, as a well-kept repository's manifests would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

HARDENED_SECURITY_CONTEXT: dict[str, Any] = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
"""A container security context that passes Restricted Pod Security and the security rules."""


def _labels(name: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/version": "1.2.3",
        "app.kubernetes.io/component": "web",
        "app.kubernetes.io/part-of": "shop",
        "app.kubernetes.io/managed-by": "cdk8s",
    }


def app_objects(f: int, i: int) -> list[dict[str, Any]]:
    name, ns = f"app-{f}-{i}", f"ns{f}"
    selector = {"app.kubernetes.io/instance": name}
    container = {
        "name": "app",
        "image": "registry.example.com/app:1.2.3@sha256:" + "a" * 64,
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": 8080}],
        "resources": {
            "requests": {"cpu": "100m", "memory": "128Mi", "ephemeral-storage": "100Mi"},
            "limits": {"cpu": "500m", "memory": "128Mi", "ephemeral-storage": "200Mi"},
        },
        "livenessProbe": {"httpGet": {"path": "/live", "port": "http"}, "periodSeconds": 10, "timeoutSeconds": 2, "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5, "timeoutSeconds": 2, "failureThreshold": 3},
        "securityContext": dict(HARDENED_SECURITY_CONTEXT),
    }
    pod = {
        "serviceAccountName": name,
        "automountServiceAccountToken": False,
        "containers": [container],
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}, "fsGroup": 10001},
        "topologySpreadConstraints": [
            {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": selector}}
        ],
        "priorityClassName": "web",
    }

    def meta() -> dict[str, Any]:
        return {"name": name, "namespace": ns, "labels": _labels(name)}

    deployment_spec = {
        "replicas": 3,
        "revisionHistoryLimit": 5,
        "progressDeadlineSeconds": 600,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}},
        "selector": {"matchLabels": selector},
        "template": {"metadata": {"labels": _labels(name)}, "spec": pod},
    }
    return [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(), "spec": deployment_spec},
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta(),
            "spec": {"type": "ClusterIP", "selector": selector, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
        },
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta(), "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector}}},
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta(),
            "spec": {"podSelector": {"matchLabels": selector}, "policyTypes": ["Ingress", "Egress"], "ingress": [{"ports": [{"port": 8080}]}], "egress": []},
        },
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(), "automountServiceAccountToken": False},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(), "data": {"LOG_LEVEL": "info"}},
    ]


def write_corpus(out: Path, files: int, per_file: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        docs: list[dict[str, Any]] = []
        i = 0
        while len(docs) < per_file:
            docs.extend(app_objects(f, i))
            i += 1
        (out / f"f{f:04}.yaml").write_text(yaml.safe_dump_all(docs[:per_file], sort_keys=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write FILES files of PER_FILE hardened app objects each into FOLDER.")
    parser.add_argument("folder", type=Path, help="where to write them (created if missing)")
    parser.add_argument("files", type=int, help="how many files")
    parser.add_argument("per_file", type=int, help="objects per file")
    args = parser.parse_args(argv)
    write_corpus(args.folder, args.files, args.per_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
