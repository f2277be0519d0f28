"""The control-panel, rendered for every environment of environments.yaml into dist/.

`python main.py` and `cdk8s synth` (which runs this file) give the same dist/: one folder
per environment, one file per object, validated against the Kubernetes schemas of every
supported version and by the policy pack before it replaces the previous render.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from pathlib import Path
from types import EllipsisType, FrameType

import constructs_lib  # noqa: F401 - selects the supported Node.js before cdk8s loads
import environments
from constructs_lib.container import ConfigMapValue, Resources
from constructs_lib.errors import PropsError
from constructs_lib.ingress import RateLimit
from constructs_lib.monitoring import AlertPolicy, DashboardSettings, MetricPanel, Monitoring
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.probes import HttpProbe
from constructs_lib.scaling import ScalingPolicy, ScalingRules
from constructs_lib.shape import NetworkAccess
from constructs_lib.synth import METADATA_FILE, SynthError, collect
from constructs_lib.web_service import IngressSettings, WebServiceProps
from manifest_lint.gate import check_tree
from manifest_lint.gatekeeper import Settings as AdmissionSettings
from manifest_lint.gatekeeper import generate as admission_policies
from manifest_lint.gatekeeper.crd import pinned_only
from publish import OutputFolder, RenderError

ROOT = Path(__file__).resolve().parent
HEADER = "# Rendered by `python main.py` (cdk8s) from environments.yaml. Do not edit: change the source and render.\n"
NAME = "control-panel"
HTTP_PORT = 80
METRICS_PORT = 9090
ADMISSION_FOLDER = "gatekeeper"
"""dist/gatekeeper: the policy pack at admission (Gatekeeper), applied before the environments."""
# The alerts' runbook_url: README.md's "Monitoring" section has a heading per alert.
RUNBOOKS = "https://github.com/omnitide/control-panel-deploy/blob/main/README.md"


def control_panel(env: environments.Environment) -> WebServiceProps:
    """The design's control-panel, with this environment's values."""
    return WebServiceProps(
        name=NAME,
        namespace=env.namespace,
        release=env.release,
        blue_green=env.blue_green,
        mesh=env.mesh,
        part_of="omnitide",
        http_port=HTTP_PORT,
        metrics_port=METRICS_PORT,
        metrics_path="/metrics",
        liveness=HttpProbe(path="/health", port=HTTP_PORT, initial_delay_seconds=30, period_seconds=10, timeout_seconds=5, failure_threshold=3),
        readiness=HttpProbe(path="/health", port=HTTP_PORT, initial_delay_seconds=5, period_seconds=5, timeout_seconds=3, failure_threshold=3),
        resources=Resources(cpu_request="100m", memory_request="256Mi", cpu_limit="500m", memory_limit="512Mi"),
        run_as_user=1001,
        # nginx writes its cache, pid file and temporary files; the root filesystem is read-only.
        writable_paths=("/tmp", "/var/cache/nginx", "/var/run"),
        config={"api-base-url": env.api_base_url},
        env={"NODE_ENV": "production", "API_BASE_URL": ConfigMapValue(config_map=f"{NAME}-config", key="api-base-url")},
        max_surge=1,
        max_unavailable=1,
        min_replicas=env.min_replicas,
        max_replicas=env.max_replicas,
        cpu_utilization=70,
        memory_utilization=80,
        scale_down=ScalingRules(stabilization_window_seconds=300, policies=(ScalingPolicy(type="Percent", value=10, period_seconds=60),)),
        scale_up=ScalingRules(
            stabilization_window_seconds=0,
            policies=(ScalingPolicy(type="Percent", value=100, period_seconds=15), ScalingPolicy(type="Pods", value=4, period_seconds=15)),
            select_policy="Max",
        ),
        pdb_min_available=env.pdb_min_available,
        ingress=IngressSettings(
            host=env.host, tls_secret=f"{NAME}-tls", class_name="nginx", cluster_issuer=env.cluster_issuer,
            rate_limit=RateLimit(requests_per_second=100),
        ),
        network=NetworkAccess(
            ingress_from=(NamespacePeer(namespace="ingress-nginx", ports=(HTTP_PORT,)), NamespacePeer(namespace="monitoring", ports=(METRICS_PORT,))),
            egress_to=(NamespacePeer(namespace=env.backend_namespace, ports=(8080,)),),
            allow_dns=True,
            allow_https=True,
        ),
        pss_version=env.pss_version,
        monitoring=Monitoring(
            # Staging pages nobody: its critical alerts route as warnings.
            alerts=AlertPolicy(runbook_base_url=RUNBOOKS, severities={} if env.name == "production" else {"critical": "warning"}),
            dashboard=DashboardSettings(title=f"Omnitide Control Panel ({env.name})", panels=(
                MetricPanel(title="WebSocket connections", metric="websocket_connections_active"),
                MetricPanel(title="WebGL frame rate", metric="webgl_frame_rate", aggregation="avg", unit="suffix: fps"),
            )),
        ),
        waivers={
            "probe-identical": "the design probes /health for both; liveness waits 30 s and fails after 30 s, "
            "so an unready pod leaves the Service long before it is restarted",
        },
    )  # fmt: skip


def build_app(
    envs: list[environments.Environment],
    gitops: environments.GitOps | EllipsisType | None = ...,
    environments_file: Path = environments.ENVIRONMENTS_FILE,
    admission: bool = True,
) -> object:
    """One chart per environment, each holding the control-panel's WebService, and the GitOps chart.

    ``gitops``: the ArgoCD/Flux settings (default: those of environments.yaml; None: no GitOps chart);
    ``admission``: with a GitOps chart, also the admission chart (``admission_chart``), which the GitOps tool applies first.
    A value of ``environments_file`` that a construct refuses is a ``ConfigError`` naming the
    environment and the key it came from.
    """
    import cdk8s  # noqa: PLC0415

    from constructs_lib.gitops import gitops_chart, sync_wave_first  # noqa: PLC0415
    from constructs_lib.web_service import WebService  # noqa: PLC0415

    gitops = environments.load_gitops() if isinstance(gitops, EllipsisType) else gitops
    app = cdk8s.App()
    problems: list[str] = []
    for env in envs:
        chart = cdk8s.Chart(app, env.name)  # no chart namespace: it would be stamped onto the Namespace too
        try:
            WebService(chart, NAME, control_panel(env))
        except PropsError as error:
            problems += [environments.setting_problem(settings_of(env), env.name, p) for p in error.details]
            continue
        if gitops is not None and gitops.tool == "argocd":
            sync_wave_first(chart)  # ArgoCD creates the Namespace before the objects in it
    if problems:
        raise environments.ConfigError(f"{environments_file}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    if gitops is not None:
        if admission:
            admission_chart(app, envs)  # dist/gatekeeper
        props = gitops.props(NAME, envs)
        gitops_chart(app, dataclasses.replace(props, admission_folder=ADMISSION_FOLDER) if admission else props)  # dist/argocd or dist/flux
    return app


def admission_chart(app: object, envs: list[environments.Environment]) -> None:
    """The policy pack at admission (dist/gatekeeper): a Gatekeeper ConstraintTemplate and Constraint per rule, in the environments' namespaces.

    The GitOps chart applies it before the environments (``GitOpsProps.admission_folder``).
    """
    import cdk8s  # noqa: PLC0415

    admission = admission_policies(AdmissionSettings(namespaces=tuple(env.namespace for env in envs)))
    pinned = pinned_only(admission)  # a rule new to the pack needs its Constraint's schema pinned first
    for rule_id in sorted(set(pinned.ci_only) - set(admission.ci_only)):
        print(f"render: {rule_id} is left out of dist/{ADMISSION_FOLDER}: {pinned.ci_only[rule_id]}", file=sys.stderr)
    chart = cdk8s.Chart(app, ADMISSION_FOLDER)  # type: ignore[arg-type]
    for obj in pinned.objects():
        meta = obj["metadata"]
        metadata = cdk8s.ApiObjectMetadata(name=meta["name"], labels=meta["labels"], annotations=meta["annotations"])
        api_object = cdk8s.ApiObject(chart, f"{obj['kind']}-{meta['name']}", api_version=obj["apiVersion"], kind=obj["kind"], metadata=metadata)
        api_object.add_json_patch(cdk8s.JsonPatch.add("/spec", obj["spec"]))

def settings_of(env: environments.Environment) -> dict[str, str]:
    """Which key of the environment's section in environments.yaml each prop of ``control_panel(env)`` comes from."""
    keys = {
        "namespace": "namespace",
        "ingress.host": "host",
        "ingress.cluster_issuer": "cluster_issuer",
        "min_replicas": "min_replicas",
        "max_replicas": "max_replicas",
        "pdb_min_available": "pdb_min_available",
        "pss_version": "kubernetes_version",
        "network.egress_to[0].namespace": "backend_namespace",
        "config['api-base-url']": "api_base_url",
        "release.image": "release.image",
        "release.version": "release.version",
        "blue_green.active": "blue_green.active",
        "blue_green.slots": "blue_green.slots",
        "mesh.weights": "mesh.weights",
        "mesh.revision": "mesh.revision",
    }
    for slot in env.blue_green.slots if env.blue_green else ():
        keys[f"blue_green.slots[{slot!r}]"] = f"blue_green.slots.{slot}"
        keys[f"blue_green.slots[{slot!r}].image"] = f"blue_green.slots.{slot}.image"
        keys[f"blue_green.slots[{slot!r}].version"] = f"blue_green.slots.{slot}.version"
        keys[f"mesh.weights[{slot!r}]"] = f"mesh.weights.{slot}"
    return keys


def policy_check_by_cdk8s_plugin() -> bool:
    """True under `cdk8s synth` with the policy-pack plugin (cdk8s.yaml): it runs the policy pack and names the constructs."""
    return os.environ.get("CONTROL_PANEL_POLICY_CHECK") == "cdk8s-plugin" and os.environ.get("CDK8S_RECORD_CONSTRUCT_METADATA") == "true"


def _gate(root: Path) -> list[str]:
    """manifest-lint's render gate; under `cdk8s synth` with the plugin, schemas only (the plugin runs the pack)."""
    return check_tree(root, policies=not policy_check_by_cdk8s_plugin(), exclude=(METADATA_FILE,))


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(143)  # unwinds: the staging folder goes, the previous render stays


def main() -> int:
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with OutputFolder(os.environ.get("CDK8S_OUTDIR", ROOT / "dist")) as out:
            envs_file = Path(os.environ.get("CONTROL_PANEL_ENVIRONMENTS", environments.ENVIRONMENTS_FILE))
            envs = environments.load(envs_file)
            objects = collect(build_app(envs, environments.load_gitops(envs_file), envs_file))
            out.publish(objects, _gate, header=HEADER, construct_metadata=os.environ.get("CDK8S_RECORD_CONSTRUCT_METADATA") == "true")
    except (environments.ConfigError, PropsError, SynthError, RenderError) as error:
        print(f"render failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("render interrupted; the previous render is unchanged", file=sys.stderr)
        return 130
    print(f"rendered {len(objects)} objects for {', '.join(e.name for e in envs)} into {out.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
