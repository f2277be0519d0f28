"""Every value of the design (shared/design/deployment-guide.md) on the rendered control-panel."""

from __future__ import annotations

from typing import Any

import pytest

ENVIRONMENTS = ("staging", "production")
DESIGN_LABELS = {"app": "control-panel", "version": "v1.0.0"}
RECOMMENDED = ("name", "instance", "version", "component", "part-of", "managed-by")


def _deployments(manifests: dict[str, dict[str, Any]], env: str) -> list[dict[str, Any]]:
    return [m for path, m in manifests.items() if path.startswith(f"{env}/") and m["kind"] == "Deployment"]


def _one(manifests: dict[str, dict[str, Any]], env: str, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [m for path, m in manifests.items() if path.startswith(f"{env}/") and m["kind"] == kind and name in (None, m["metadata"]["name"])]
    assert len(found) == 1, f"{env}: expected one {kind}, found {len(found)}"
    return found[0]


def test_each_environment_has_every_resource_once(manifests):
    for env in ENVIRONMENTS:
        kinds = sorted(m["kind"] for p, m in manifests.items() if p.startswith(f"{env}/") and m["kind"] != "Deployment")
        workload = ["Namespace", "ServiceAccount", "ConfigMap", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"]
        monitoring = ["ServiceMonitor", "PrometheusRule", "ConfigMap"]  # scrape target, alerts, the Grafana dashboard
        assert kinds == sorted([*workload, *monitoring])
    assert [d["metadata"]["name"] for d in _deployments(manifests, "staging")] == ["control-panel"]
    assert sorted(d["metadata"]["name"] for d in _deployments(manifests, "production")) == ["control-panel-blue", "control-panel-green"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_namespace_enforces_restricted_pod_security(manifests, env):
    ns = _one(manifests, env, "Namespace")
    assert ns["metadata"]["name"] == env
    assert "namespace" not in ns["metadata"]  # cluster-scoped
    labels = ns["metadata"]["labels"]
    for mode in ("enforce", "audit", "warn"):
        assert labels[f"pod-security.kubernetes.io/{mode}"] == "restricted"
        assert labels[f"pod-security.kubernetes.io/{mode}-version"] == "v1.30"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_service_account_and_config_map(manifests, env):
    sa = _one(manifests, env, "ServiceAccount")
    assert sa["metadata"] == {**sa["metadata"], "name": "control-panel", "namespace": env}
    assert sa["automountServiceAccountToken"] is False
    cm = _one(manifests, env, "ConfigMap", "control-panel-config")
    assert cm["metadata"]["name"] == "control-panel-config"
    assert list(cm["data"]) == ["api-base-url"]
    assert cm["data"]["api-base-url"].startswith("http")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_deployment_matches_the_design(manifests, env):
    for deployment in _deployments(manifests, env):
        meta = deployment["metadata"]
        assert meta["namespace"] == env
        assert meta["labels"].items() >= DESIGN_LABELS.items()
        for key in RECOMMENDED:
            assert f"app.kubernetes.io/{key}" in meta["labels"]
        spec = deployment["spec"]
        assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}}
        template = spec["template"]
        assert template["metadata"]["labels"].items() >= DESIGN_LABELS.items()
        assert spec["selector"]["matchLabels"].items() <= template["metadata"]["labels"].items()
        assert template["metadata"]["annotations"] == {"prometheus.io/scrape": "true", "prometheus.io/port": "9090", "prometheus.io/path": "/metrics"}
        pod = template["spec"]
        assert pod["serviceAccountName"] == "control-panel"
        assert pod["automountServiceAccountToken"] is False
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        # Port 80 as UID 1001 with no capabilities: the namespaced, PSS-safe sysctl lowers the privileged range.
        assert pod["securityContext"]["sysctls"] == [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "80"}]
        (container,) = pod["containers"]
        assert container["name"] == "control-panel"
        assert container["image"].startswith("ghcr.io/omnitide/control-panel:")
        assert not container["image"].endswith(":latest")
        assert container["ports"] == [
            {"name": "http", "containerPort": 80, "protocol": "TCP"},
            {"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
        ]
        resources = container["resources"]
        assert (resources["requests"]["cpu"], resources["requests"]["memory"]) == ("100m", "256Mi")
        assert (resources["limits"]["cpu"], resources["limits"]["memory"]) == ("500m", "512Mi")
        assert container["livenessProbe"] == {
            "httpGet": {"path": "/health", "port": 80, "scheme": "HTTP"},
            "initialDelaySeconds": 30, "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3, "successThreshold": 1,
        }  # fmt: skip
        assert container["readinessProbe"] == {
            "httpGet": {"path": "/health", "port": 80, "scheme": "HTTP"},
            "initialDelaySeconds": 5, "periodSeconds": 5, "timeoutSeconds": 3, "failureThreshold": 3, "successThreshold": 1,
        }  # fmt: skip
        sc = container["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["runAsNonRoot"] is True
        assert sc["runAsUser"] == 1001
        assert sc["capabilities"] == {"drop": ["ALL"]}
        assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
        assert sc["readOnlyRootFilesystem"] is True
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert set(mounts) == {"/tmp", "/var/cache/nginx", "/var/run"}
        volumes = {v["name"]: v for v in pod["volumes"]}
        assert all("emptyDir" in volumes[name] for name in mounts.values())
        assert container["env"] == [
            {"name": "NODE_ENV", "value": "production"},
            {"name": "API_BASE_URL", "valueFrom": {"configMapKeyRef": {"name": "control-panel-config", "key": "api-base-url"}}},
        ]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_service(manifests, env):
    svc = _one(manifests, env, "Service")
    assert svc["metadata"]["name"] == "control-panel"
    assert svc["spec"]["type"] == "ClusterIP"
    assert [(p["name"], p["port"], p["targetPort"]) for p in svc["spec"]["ports"]] == [("http", 80, "http"), ("metrics", 9090, "metrics")]
    assert svc["spec"]["selector"]["app"] == "control-panel"


def test_ingress(manifests):
    hosts = {}
    for env in ENVIRONMENTS:
        ing = _one(manifests, env, "Ingress")
        spec = ing["spec"]
        assert spec["ingressClassName"] == "nginx"
        annotations = ing["metadata"]["annotations"]
        assert "kubernetes.io/ingress.class" not in annotations
        assert annotations["nginx.ingress.kubernetes.io/ssl-redirect"] == "true"
        assert annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
        assert annotations["nginx.ingress.kubernetes.io/limit-rps"] == "100"
        assert "nginx.ingress.kubernetes.io/rate-limit" not in annotations  # not an annotation ingress-nginx reads
        assert spec["tls"] == [{"hosts": [spec["rules"][0]["host"]], "secretName": "control-panel-tls"}]
        (path,) = spec["rules"][0]["http"]["paths"]
        assert path == {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "control-panel", "port": {"name": "http"}}}}
        hosts[env] = spec["rules"][0]["host"]
    assert hosts["production"] == "control.omnitide.dev"
    assert hosts["staging"] != hosts["production"]
    assert _one(manifests, "production", "Ingress")["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == "letsencrypt-prod"


def test_hpa_matches_the_design_exactly(manifests):
    hpa = _one(manifests, "production", "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    spec = hpa["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (3, 10)
    assert spec["metrics"] == [
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
        {"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 80}}},
    ]
    assert spec["behavior"] == {
        "scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]},
        "scaleUp": {
            "stabilizationWindowSeconds": 0,
            "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}, {"type": "Pods", "value": 4, "periodSeconds": 15}],
            "selectPolicy": "Max",
        },
    }


def test_pdb(manifests):
    pdb = _one(manifests, "production", "PodDisruptionBudget")
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["minAvailable"] == 2


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_network_policy(manifests, env):
    spec = _one(manifests, env, "NetworkPolicy")["spec"]
    assert spec["policyTypes"] == ["Ingress", "Egress"]
    assert spec["podSelector"]["matchLabels"]["app"] == "control-panel"

    def peers(rules, key):
        return [(rule.get(key, [{}])[0].get("namespaceSelector", {}).get("matchLabels"), [(p["protocol"], p["port"]) for p in rule["ports"]]) for rule in rules]

    assert peers(spec["ingress"], "from") == [
        ({"kubernetes.io/metadata.name": "ingress-nginx"}, [("TCP", 80)]),
        ({"kubernetes.io/metadata.name": "monitoring"}, [("TCP", 9090)]),
    ]
    backend = "backend" if env == "production" else "backend-staging"
    assert peers(spec["egress"], "to") == [
        ({"kubernetes.io/metadata.name": backend}, [("TCP", 8080)]),
        (None, [("UDP", 53), ("TCP", 53)]),
        (None, [("TCP", 443)]),
    ]


def test_blue_green_service_hpa_and_pdb_follow_the_active_slot(manifests):
    svc = _one(manifests, "production", "Service")
    hpa = _one(manifests, "production", "HorizontalPodAutoscaler")
    pdb = _one(manifests, "production", "PodDisruptionBudget")
    assert svc["spec"]["selector"]["slot"] == "blue"
    assert pdb["spec"]["selector"]["matchLabels"] == svc["spec"]["selector"]
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "control-panel-blue"}
    by_name = {d["metadata"]["name"]: d for d in _deployments(manifests, "production")}
    assert "replicas" not in by_name["control-panel-blue"]["spec"]  # the HPA owns it
    assert by_name["control-panel-green"]["spec"]["replicas"] == 3  # warm standby at minReplicas
    for slot, deployment in ((s, by_name[f"control-panel-{s}"]) for s in ("blue", "green")):
        assert deployment["spec"]["template"]["metadata"]["labels"]["slot"] == slot
        assert deployment["spec"]["selector"]["matchLabels"]["slot"] == slot


def test_staging_rolls_one_deployment(manifests):
    (deployment,) = _deployments(manifests, "staging")
    assert "slot" not in deployment["spec"]["selector"]["matchLabels"]
    assert "replicas" not in deployment["spec"]
    assert _one(manifests, "staging", "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]["name"] == "control-panel"
