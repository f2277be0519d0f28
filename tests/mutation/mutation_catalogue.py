"""Insecure or broken edits of dist/, each with the policy-pack rule (or ``schema``) that must catch it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Doc = dict[str, Any]
DEP = "staging/deployment-control-panel.yaml"
BLUE = "production/deployment-control-panel-blue.yaml"
SVC = "staging/service-control-panel.yaml"
ING = "staging/ingress-control-panel.yaml"
HPA = "staging/horizontalpodautoscaler-control-panel.yaml"
PDB = "staging/poddisruptionbudget-control-panel.yaml"
NETPOL = "staging/networkpolicy-control-panel.yaml"
SA = "staging/serviceaccount-control-panel.yaml"
PROD_PDB = "production/poddisruptionbudget-control-panel.yaml"
PROD_SVC = "production/service-control-panel.yaml"


@dataclass(frozen=True)
class Mutation:
    id: str
    description: str
    file: str  # the dist/ file it edits (relative to dist/); None-like "" for removals handled by `remove`
    edit: Callable[[Doc], Doc | None]  # returns the new document, or None to delete the file
    rule_id: str
    new_files: tuple[tuple[str, Doc], ...] = ()


def pod(d: Doc) -> Doc:
    return d["spec"]["template"]["spec"]


def ctr(d: Doc) -> Doc:
    return pod(d)["containers"][0]


def csc(d: Doc) -> Doc:
    return ctr(d)["securityContext"]


def _set(fn: Callable[[Doc], None]) -> Callable[[Doc], Doc]:
    def edit(d: Doc) -> Doc:
        fn(d)
        return d

    return edit


def _rbac(kind: str, body: Doc) -> Doc:
    meta = {"name": "mutant", "labels": {"app": "control-panel"}}
    if not kind.startswith("Cluster"):
        meta["namespace"] = "staging"
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta, **body}


SUBJECTS = [{"kind": "ServiceAccount", "name": "control-panel", "namespace": "staging"}]

M = Mutation
CATALOGUE: list[Mutation] = [
    M("privileged", "container privileged: true", DEP, _set(lambda d: csc(d).update(privileged=True)), "pss-privileged"),
    M("host-network", "pod hostNetwork: true", DEP, _set(lambda d: pod(d).update(hostNetwork=True)), "pss-host-namespaces"),
    M("host-pid", "pod hostPID: true", DEP, _set(lambda d: pod(d).update(hostPID=True)), "pss-host-namespaces"),
    M("host-ipc", "pod hostIPC: true", DEP, _set(lambda d: pod(d).update(hostIPC=True)), "pss-host-namespaces"),
    M("cap-sys-admin", "adds SYS_ADMIN", DEP, _set(lambda d: csc(d)["capabilities"].update(add=["SYS_ADMIN"])), "sec-dangerous-capabilities"),
    M("cap-net-admin", "adds NET_ADMIN", DEP, _set(lambda d: csc(d)["capabilities"].update(add=["NET_ADMIN"])), "sec-dangerous-capabilities"),
    M("cap-net-raw", "adds NET_RAW", DEP, _set(lambda d: csc(d)["capabilities"].update(add=["NET_RAW"])), "pss-capabilities-baseline"),
    M("cap-chown", "adds CHOWN (beyond NET_BIND_SERVICE)", DEP, _set(lambda d: csc(d)["capabilities"].update(add=["CHOWN"])), "pss-capabilities-restricted"),
    M("cap-no-drop", "capabilities no longer dropped", DEP, _set(lambda d: csc(d).pop("capabilities")), "pss-capabilities-restricted"),
    M("cap-drop-other", "drops only KILL, not ALL", BLUE, _set(lambda d: csc(d).update(capabilities={"drop": ["KILL"]})), "sec-drop-net-raw"),
    M(
        "seccomp-pod-unconfined",
        "pod seccomp Unconfined",
        DEP,
        _set(lambda d: pod(d)["securityContext"].update(seccompProfile={"type": "Unconfined"})),
        "pss-seccomp-baseline",
    ),
    M(
        "seccomp-ctr-unconfined",
        "container seccomp Unconfined",
        DEP,
        _set(lambda d: csc(d).update(seccompProfile={"type": "Unconfined"})),
        "pss-seccomp-baseline",
    ),
    M(
        "seccomp-missing",
        "seccomp removed from pod and container",
        DEP,
        _set(lambda d: (pod(d)["securityContext"].pop("seccompProfile"), csc(d).pop("seccompProfile"))),
        "pss-seccomp-restricted",
    ),
    M("run-as-root", "container runAsUser 0", DEP, _set(lambda d: csc(d).update(runAsUser=0)), "pss-run-as-user"),
    M("run-as-non-root-false", "runAsNonRoot false", DEP, _set(lambda d: csc(d).update(runAsNonRoot=False)), "pss-run-as-non-root"),
    M("privilege-escalation", "allowPrivilegeEscalation true", DEP, _set(lambda d: csc(d).update(allowPrivilegeEscalation=True)), "pss-privilege-escalation"),
    M(
        "host-path",
        "hostPath volume /etc",
        DEP,
        _set(lambda d: pod(d)["volumes"].append({"name": "host", "hostPath": {"path": "/etc"}})),
        "pss-host-path-volumes",
    ),
    M(
        "docker-socket",
        "mounts the container runtime socket",
        DEP,
        _set(
            lambda d: (
                pod(d)["volumes"].append({"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}),
                ctr(d)["volumeMounts"].append({"name": "sock", "mountPath": "/var/run/docker.sock"}),
            )
        ),
        "sec-runtime-socket",
    ),
    M("host-port", "hostPort 80", DEP, _set(lambda d: ctr(d)["ports"][0].update(hostPort=80)), "pss-host-ports"),
    M("latest-tag", "image tag latest", DEP, _set(lambda d: ctr(d).update(image="ghcr.io/omnitide/control-panel:latest")), "img-latest-tag"),
    M("untagged", "image without tag", DEP, _set(lambda d: ctr(d).update(image="ghcr.io/omnitide/control-panel")), "img-latest-tag"),
    M("gcr-frozen", "image from k8s.gcr.io", DEP, _set(lambda d: ctr(d).update(image="k8s.gcr.io/pause:3.9")), "img-frozen-registry"),
    M("pull-policy", "imagePullPolicy removed", DEP, _set(lambda d: ctr(d).pop("imagePullPolicy")), "img-pull-policy"),
    M("no-cpu-limit", "no CPU limit", DEP, _set(lambda d: ctr(d)["resources"]["limits"].pop("cpu")), "res-cpu-limit"),
    M("no-memory-limit", "no memory limit", DEP, _set(lambda d: ctr(d)["resources"]["limits"].pop("memory")), "res-memory-limit"),
    M("no-cpu-request", "no CPU request", DEP, _set(lambda d: ctr(d)["resources"]["requests"].pop("cpu")), "res-cpu-request"),
    M("no-memory-request", "no memory request", DEP, _set(lambda d: ctr(d)["resources"]["requests"].pop("memory")), "res-memory-request"),
    M(
        "no-ephemeral",
        "no ephemeral-storage request/limit",
        DEP,
        _set(lambda d: (ctr(d)["resources"]["requests"].pop("ephemeral-storage"), ctr(d)["resources"]["limits"].pop("ephemeral-storage"))),
        "res-ephemeral-storage",
    ),
    M("limit-below-request", "memory limit below request", DEP, _set(lambda d: ctr(d)["resources"]["limits"].update(memory="64Mi")), "res-limit-below-request"),
    M("no-liveness", "liveness probe removed", DEP, _set(lambda d: ctr(d).pop("livenessProbe")), "probe-liveness"),
    M("no-readiness", "readiness probe removed", DEP, _set(lambda d: ctr(d).pop("readinessProbe")), "probe-readiness"),
    M(
        "probe-undeclared-port",
        "liveness probe on undeclared port 8081",
        DEP,
        _set(lambda d: ctr(d)["livenessProbe"]["httpGet"].update(port=8081)),
        "probe-port-declared",
    ),
    M("probe-timeout", "readiness timeout >= period", DEP, _set(lambda d: ctr(d)["readinessProbe"].update(timeoutSeconds=5, periodSeconds=5)), "probe-timings"),
    M("probe-identical-unwaived", "waiver for identical probes removed", DEP, _set(lambda d: d["metadata"].pop("annotations")), "probe-identical"),
    M("rw-root-fs", "readOnlyRootFilesystem false", DEP, _set(lambda d: csc(d).update(readOnlyRootFilesystem=False)), "sec-read-only-root-fs"),
    M(
        "automount-pod",
        "pod automountServiceAccountToken true",
        DEP,
        _set(lambda d: pod(d).update(automountServiceAccountToken=True)),
        "sec-automount-sa-token",
    ),
    M("automount-sa", "ServiceAccount automount true", SA, _set(lambda d: d.update(automountServiceAccountToken=True)), "sec-automount-sa-token"),
    M("default-sa", "pod uses the default service account", DEP, _set(lambda d: pod(d).pop("serviceAccountName")), "sec-default-service-account"),
    M(
        "deprecated-sa-field",
        "deprecated serviceAccount field",
        DEP,
        _set(lambda d: pod(d).update(serviceAccount="control-panel")),
        "sec-deprecated-service-account-field",
    ),
    M("root-group", "pod fsGroup 0", DEP, _set(lambda d: pod(d)["securityContext"].update(fsGroup=0)), "sec-root-group"),
    M("low-uid", "runAsUser 100", DEP, _set(lambda d: (csc(d).update(runAsUser=100), pod(d)["securityContext"].update(runAsUser=100))), "sec-high-uid"),
    M("netpol-removed", "NetworkPolicy deleted", NETPOL, lambda d: None, "cross-workload-netpol"),
    M(
        "netpol-selects-nothing",
        "NetworkPolicy selects other pods",
        NETPOL,
        _set(lambda d: d["spec"]["podSelector"].update(matchLabels={"app": "other"})),
        "cross-workload-netpol",
    ),
    M("netpol-no-types", "NetworkPolicy policyTypes removed", NETPOL, _set(lambda d: d["spec"].pop("policyTypes")), "net-netpol-policy-types"),
    M("pdb-impossible", "PDB minAvailable = HPA minReplicas", PDB, _set(lambda d: d["spec"].update(minAvailable=2)), "cross-pdb-allows-disruption"),
    M("pdb-impossible-pct", "PDB minAvailable 100%", PROD_PDB, _set(lambda d: d["spec"].update(minAvailable="100%")), "cross-pdb-allows-disruption"),
    M(
        "pdb-selects-nothing",
        "PDB selector matches no pods",
        PDB,
        _set(lambda d: d["spec"]["selector"].update(matchLabels={"app": "nothing"})),
        "cross-pdb-selects",
    ),
    M("pdb-removed", "PDB deleted", PDB, lambda d: None, "cross-workload-pdb"),
    M(
        "service-selects-nothing",
        "Service selector matches no pods",
        SVC,
        _set(lambda d: d["spec"].update(selector={"app": "nothing"})),
        "cross-service-selector",
    ),
    M("service-idle-slot-typo", "Service selects slot 'bleu'", PROD_SVC, _set(lambda d: d["spec"]["selector"].update(slot="bleu")), "cross-service-selector"),
    M("ingress-no-tls", "Ingress TLS removed", ING, _set(lambda d: d["spec"].pop("tls")), "net-ingress-tls"),
    M(
        "ingress-missing-service",
        "Ingress backend to a missing Service",
        ING,
        _set(lambda d: d["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"].update(name="missing")),
        "cross-ingress-backend",
    ),
    M(
        "ingress-missing-port",
        "Ingress backend to a missing port",
        ING,
        _set(lambda d: d["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"].update(port={"name": "grpc"})),
        "cross-ingress-backend",
    ),
    M(
        "ingress-wildcard",
        "wildcard Ingress host",
        ING,
        _set(lambda d: (d["spec"]["rules"][0].update(host="*.omnitide.dev"), d["spec"]["tls"][0].update(hosts=["*.omnitide.dev"]))),
        "net-ingress-host",
    ),
    M(
        "ingress-class-annotation",
        "deprecated kubernetes.io/ingress.class annotation",
        ING,
        _set(lambda d: (d["spec"].pop("ingressClassName"), d["metadata"]["annotations"].update({"kubernetes.io/ingress.class": "nginx"}))),
        "net-ingress-class",
    ),
    M(
        "nginx-snippet",
        "configuration-snippet annotation",
        ING,
        _set(lambda d: d["metadata"]["annotations"].update({"nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'X: y';"})),
        "net-nginx-snippet",
    ),
    M("hpa-target-missing", "HPA targets a missing Deployment", HPA, _set(lambda d: d["spec"]["scaleTargetRef"].update(name="missing")), "cross-hpa-target"),
    M("hpa-min-above-max", "HPA minReplicas above maxReplicas", HPA, _set(lambda d: d["spec"].update(minReplicas=9, maxReplicas=3)), "avail-hpa-min-max"),
    M("replicas-1", "idle slot replicas 1", BLUE.replace("blue", "green"), _set(lambda d: d["spec"].update(replicas=1)), "avail-replicas"),
    M("recreate", "strategy Recreate", DEP, _set(lambda d: d["spec"].update(strategy={"type": "Recreate"})), "avail-rolling-update"),
    M(
        "rollout-stuck",
        "maxSurge and maxUnavailable 0",
        DEP,
        _set(lambda d: d["spec"]["strategy"]["rollingUpdate"].update(maxSurge=0, maxUnavailable=0)),
        "avail-rollout-progress",
    ),
    M("no-spread", "topologySpreadConstraints removed", DEP, _set(lambda d: pod(d).pop("topologySpreadConstraints")), "avail-anti-affinity"),
    M(
        "selector-mismatch",
        "Deployment selector does not match template",
        DEP,
        _set(lambda d: d["spec"]["selector"]["matchLabels"].update(app="other")),
        "avail-selector-match",
    ),
    M("ingress-v1beta1", "Ingress extensions/v1beta1", ING, _set(lambda d: d.update(apiVersion="extensions/v1beta1")), "api-removed-version"),
    M("pdb-v1beta1", "PDB policy/v1beta1", PDB, _set(lambda d: d.update(apiVersion="policy/v1beta1")), "api-removed-version"),
    M("hpa-v2beta2", "HPA autoscaling/v2beta2", HPA, _set(lambda d: d.update(apiVersion="autoscaling/v2beta2")), "api-removed-version"),
    M("nodeport", "Service type NodePort", SVC, _set(lambda d: d["spec"].update(type="NodePort")), "net-nodeport"),
    M("external-ips", "Service externalIPs", SVC, _set(lambda d: d["spec"].update(externalIPs=["203.0.113.10"])), "net-external-ips"),
    M("loadbalancer", "Service type LoadBalancer without intent", SVC, _set(lambda d: d["spec"].update(type="LoadBalancer")), "net-loadbalancer-intent"),
    M("ssh-port", "container port 22", DEP, _set(lambda d: ctr(d)["ports"].append({"name": "ssh", "containerPort": 22, "protocol": "TCP"})), "sec-ssh-port"),
    M(
        "unsafe-sysctl",
        "unsafe sysctl kernel.msgmax",
        DEP,
        _set(lambda d: pod(d)["securityContext"]["sysctls"].append({"name": "kernel.msgmax", "value": "65536"})),
        "pss-sysctls",
    ),
    M("selinux-user", "SELinux user set", DEP, _set(lambda d: csc(d).update(seLinuxOptions={"user": "system_u"})), "pss-selinux"),
    M("apparmor-unconfined", "AppArmor Unconfined", DEP, _set(lambda d: csc(d).update(appArmorProfile={"type": "Unconfined"})), "pss-apparmor"),
    M("proc-mount", "procMount Unmasked", DEP, _set(lambda d: csc(d).update(procMount="Unmasked")), "pss-proc-mount"),
    M("host-process", "Windows hostProcess", DEP, _set(lambda d: csc(d).update(windowsOptions={"hostProcess": True})), "pss-host-process"),
    M("host-probe", "probe to another host", DEP, _set(lambda d: ctr(d)["livenessProbe"]["httpGet"].update(host="10.0.0.1")), "pss-host-probes"),
    M(
        "volume-type",
        "nfs volume",
        DEP,
        _set(lambda d: pod(d)["volumes"].append({"name": "nfs", "nfs": {"server": "nfs.local", "path": "/"}})),
        "pss-volume-types",
    ),
    M(
        "env-secret",
        "literal DB_PASSWORD in env",
        DEP,
        _set(lambda d: ctr(d)["env"].append({"name": "DB_PASSWORD", "value": "hunter2"})),
        "sec-env-secret-literal",
    ),
    M("duplicate-env", "NODE_ENV twice", DEP, _set(lambda d: ctr(d)["env"].append({"name": "NODE_ENV", "value": "dev"})), "avail-duplicate-env"),
    M("tty", "tty and stdin", DEP, _set(lambda d: ctr(d).update(tty=True, stdin=True)), "sec-tty-stdin"),
    M("missing-labels", "recommended labels removed", DEP, _set(lambda d: d["metadata"]["labels"].pop("app.kubernetes.io/part-of")), "meta-recommended-labels"),
    M("bad-label-value", "label value with a space", SVC, _set(lambda d: d["metadata"]["labels"].update(version="v 1")), "meta-label-values"),
    M("default-namespace", "Service in the default namespace", SVC, _set(lambda d: d["metadata"].update(namespace="default")), "meta-default-namespace"),
    M(
        "no-namespace",
        "ConfigMap without namespace",
        "staging/configmap-control-panel-config.yaml",
        _set(lambda d: d["metadata"].pop("namespace")),
        "meta-namespace-set",
    ),
    M("security-context-missing", "container securityContext removed", DEP, _set(lambda d: ctr(d).pop("securityContext")), "sec-security-context"),
    M(
        "naked-pod",
        "a bare Pod added",
        SA,
        _set(lambda d: d),
        "avail-naked-pod",
        (
            (
                "staging/pod-naked.yaml",
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {"name": "naked", "namespace": "staging"},
                    "spec": {"containers": [{"name": "c", "image": "ghcr.io/a/b:1"}]},
                },
            ),
        ),
    ),
    M(
        "rbac-cluster-admin",
        "cluster-admin ClusterRoleBinding",
        SA,
        _set(lambda d: d),
        "rbac-cluster-admin",
        (
            (
                "staging/clusterrolebinding-mutant.yaml",
                _rbac(
                    "ClusterRoleBinding",
                    {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": SUBJECTS},
                ),
            ),
        ),
    ),
    M(
        "rbac-wildcard",
        "Role with wildcard verbs",
        SA,
        _set(lambda d: d),
        "rbac-wildcard",
        (("staging/role-mutant.yaml", _rbac("Role", {"rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}]})),),
    ),
    M(
        "rbac-secrets",
        "Role reading Secrets",
        SA,
        _set(lambda d: d),
        "rbac-read-secrets",
        (("staging/role-mutant.yaml", _rbac("Role", {"rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]})),),
    ),
    M(
        "rbac-exec",
        "Role allowing pods/exec",
        SA,
        _set(lambda d: d),
        "rbac-pod-exec",
        (("staging/role-mutant.yaml", _rbac("Role", {"rules": [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]})),),
    ),
    M(
        "rbac-anonymous",
        "RoleBinding to system:anonymous",
        SA,
        _set(lambda d: d),
        "rbac-anonymous-subject",
        (
            (
                "staging/rolebinding-mutant.yaml",
                _rbac(
                    "RoleBinding",
                    {
                        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "view"},
                        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "system:anonymous"}],
                    },
                ),
            ),
        ),
    ),
    M("unknown-field", "unknown field spec.template.spec.containers[0].imagePolicy", DEP, _set(lambda d: ctr(d).update(imagePolicy="Always")), "schema"),
    M("schema-wrong-type", "replicas as a string", BLUE.replace("blue", "green"), _set(lambda d: d["spec"].update(replicas="three")), "schema"),
]
