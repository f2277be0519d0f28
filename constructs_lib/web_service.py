"""``WebService``: a hardened web service composed from the smaller constructs of this library.

One construct renders the Namespace (Pod Security Admission labels), ServiceAccount,
ConfigMap, Deployment(s), Service, Ingress, HorizontalPodAutoscaler, PodDisruptionBudget
and NetworkPolicy, consistent with each other. Every prop is checked before anything is
created, and all problems are reported in one ``PropsError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from constructs import Construct

from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
from constructs_lib.container import ConfigMapValue, ContainerPort, EnvValue
from constructs_lib.errors import Problem, Problems
from constructs_lib.identity import WorkloadServiceAccount
from constructs_lib.ingress import IngressProps, RateLimit, TlsIngress
from constructs_lib.mesh import Mesh, ServiceMesh, ServiceMeshProps, scrape_over_mtls, service_host
from constructs_lib.monitoring import (
    AlertPolicy,
    Monitoring,
    ServiceAlerts,
    ServiceAlertsProps,
    ServiceDashboard,
    ServiceDashboardProps,
    ServiceMonitor,
    ServiceMonitorProps,
)
from constructs_lib.namespace import HardenedNamespace
from constructs_lib.network_policy import WorkloadNetworkPolicy
from constructs_lib.probes import HttpProbe, Probe
from constructs_lib.prop_checks import check_dns_label, check_label_value, check_range, check_type
from constructs_lib.scaling import (
    Autoscaler,
    AutoscalerProps,
    DisruptionBudget,
    DisruptionBudgetProps,
    ScalingRules,
    pods_allowed_down,
)
from constructs_lib.service import ClusterService, ServicePort, ServiceProps
from constructs_lib.shape import WAIVER_PREFIX, NetworkAccess, Release, WorkloadProps, claim_name
from constructs_lib.workload import DeploymentProps, HardenedDeployment, MetricsEndpoint

SLOT_LABEL = "slot"
IDLE_SLOT_PDB_WAIVER = (
    f"{WAIVER_PREFIX}cross-workload-pdb",
    "idle blue/green slot: a warm standby that serves no traffic; the PodDisruptionBudget follows the active slot",
)
MESH_SECONDARY_PDB_WAIVER = (
    f"{WAIVER_PREFIX}cross-workload-pdb",
    "blue/green slot with the smaller mesh weight: the PodDisruptionBudget follows the slot with the larger weight",
)


@dataclass(frozen=True, kw_only=True)
class BlueGreen:
    """Blue/green slots: one Deployment per slot; the Service, HPA and PDB follow ``active``.

    Switching or rolling back is changing ``active`` and rendering again. The idle slot
    keeps ``min_replicas`` pods as a warm standby so a switch never lands on zero pods.
    """

    active: str
    """The slot that serves traffic; one of ``slots``."""
    slots: Mapping[str, Release]
    """Slot name -> release, at least two (e.g. ``blue`` and ``green``). Each name is an RFC 1123 label and a label
    value, and ``<name>-<slot>`` names its Deployment (at most 63 characters)."""


@dataclass(frozen=True, kw_only=True)
class IngressSettings:
    """Public exposure through ingress-nginx with TLS; see ``IngressProps``."""

    host: str
    """The public host name, fully qualified and without a wildcard; the TLS certificate covers exactly this host."""
    tls_secret: str
    """The Secret holding (or, with cert-manager, receiving) the certificate (an RFC 1123 subdomain)."""
    class_name: str = "nginx"
    """``spec.ingressClassName`` (an RFC 1123 subdomain). Left out, ``nginx``.

    Default: `'nginx'`
    """
    cluster_issuer: str | None = None
    """The cert-manager ClusterIssuer (an RFC 1123 subdomain) that issues the certificate into ``tls_secret``. Left out,
    no ``cert-manager.io/cluster-issuer`` annotation is written and you manage the Secret yourself.

    Default: `None`
    """
    rate_limit: RateLimit | None = None
    """Per-client rate limits. Left out, no rate-limit annotations are written.

    Default: `None`
    """
    additional_hosts: tuple[str, ...] = ()
    """More public host names, served the same way and covered by the same certificate. Left out, only ``host``.

    Default: `()`
    """
    paths: tuple[str, ...] = ("/",)
    """The path prefixes routed to the service, on every host. Left out, everything (``/``).

    Default: `('/',)`
    """
    annotations: Mapping[str, str] = field(default_factory=dict)
    """More ingress-nginx annotations (the TLS redirects are always on). Left out, none.

    Default: `{}`
    """


@dataclass(frozen=True, kw_only=True)
class WebServiceProps(WorkloadProps):
    """Props of ``WebService``. Give exactly one of ``release`` and ``blue_green``."""

    name: str
    """Names the Deployment, Service, Ingress, HPA, PDB, ServiceAccount and (with ``-config``) the ConfigMap; an
    RFC 1035 label (starting with a letter) of at most 40 characters so derived names fit Kubernetes' limits, and
    ``<name>-<namespace>`` (the ``app.kubernetes.io/instance`` label) must fit 63 characters."""
    release: Release | None = None
    """A single Deployment ``<name>`` with rolling updates; its release also gives the ``version`` label. Left out,
    ``blue_green`` is required.

    Default: `None`
    """
    blue_green: BlueGreen | None = None
    """Blue/green Deployments ``<name>-<slot>``; the active slot's release gives the ``version`` label. Left out,
    ``release`` is required.

    Default: `None`
    """
    http_port: int = 8080
    """The container's HTTP port (named ``http``, the Service and Ingress target), from 1 to 65535. Ports below 1024
    work for the non-root user through a safe sysctl. Left out, 8080.

    Default: `8080`
    """
    metrics_port: int | None = None
    """The Prometheus port (named ``metrics``), from 1 to 65535 and not ``http_port``; the pods get ``prometheus.io/*``
    annotations. Left out, no metrics port and no scrape annotations.

    Default: `None`
    """
    metrics_path: str = "/metrics"
    """The Prometheus path (absolute, without spaces); used only with ``metrics_port``. Left out, ``/metrics``.

    Default: `'/metrics'`
    """
    liveness: Probe | None = None
    """The liveness probe (HTTP, TCP, gRPC or exec); its port must be ``http_port`` or ``metrics_port``. Left out, ``GET /healthz`` on
    ``http_port`` with the ``HttpProbe`` timings.

    Default: `None` (``GET /healthz`` on ``http_port``)
    """
    readiness: Probe | None = None
    """The readiness probe (HTTP, TCP, gRPC or exec); its port must be ``http_port`` or ``metrics_port``. Left out, ``GET /readyz`` every
    5 seconds on the liveness probe's port (a different check: a pod that cannot serve leaves the Service without a
    restart).

    Default: `None` (``GET /readyz`` on the liveness probe's port, every 5 seconds)
    """
    env: Mapping[str, EnvValue] = field(default_factory=dict)
    """Environment variables: literal strings, or ``ConfigMapValue`` references to a key of ``config`` in this
    service's ConfigMap ``<name>-config``. Names are not empty, have no '=' and do not start with a digit. Left out,
    none.

    Default: `{}`
    """
    startup: Probe | None = None
    """A startup probe, for a slow start: the other probes wait until it passes. Left out, none.

    Default: `None`
    """
    service_monitor: bool | None = None
    """Render a Prometheus Operator ServiceMonitor for the ``metrics`` port: ``True`` needs ``metrics_port``, ``False``
    renders none (the pods still carry the ``prometheus.io/*`` scrape annotations). Left out, one when ``metrics_port``
    is given.

    Default: `None` (a ServiceMonitor when ``metrics_port`` is given)
    """
    monitoring: Monitoring | None = field(default_factory=Monitoring)
    """With ``metrics_port``: a PrometheusRule ``<name>`` (recording rules and alerts) and a Grafana dashboard in the
    ConfigMap ``<name>-dashboard``; see ``constructs_lib.monitoring``. ``None``: neither. Left out, both with the
    ``Monitoring`` defaults.

    Default: `Monitoring(alerts=AlertPolicy(error_ratio=0.05, latency_p95_seconds=0.5, restarts=3, restart_window='15m', rate_window='5m', alerts={}, severities={}, runbook_base_url=None, labels={}), dashboard=DashboardSettings(title=None, panels=(), folder=None), http=HttpMetrics(requests_total='http_requests_total', duration_seconds='http_request_duration_seconds', status_label='status_code', error_status='5..'), job=None)`
    """  # noqa: E501
    service_type: str = "ClusterIP"
    """The Service's type: ``ClusterIP``, ``NodePort`` or ``LoadBalancer``. Left out, ``ClusterIP`` (the Ingress is the
    way in).

    Default: `'ClusterIP'`
    """
    service_annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations on the Service (e.g. a cloud load balancer's settings). Left out, none.

    Default: `{}`
    """
    config: Mapping[str, str] = field(default_factory=dict)
    """ConfigMap data (string values under keys of letters, digits, '-', '_' or '.', at most 253 characters); a
    ConfigMap ``<name>-config`` is rendered when it is not empty. Left out, no ConfigMap.

    Default: `{}`
    """
    min_replicas: int = 2
    """The HPA lower bound, and the idle blue/green slot's fixed replicas; at least 2 (one pod is no service during a
    rollout or a node drain). Left out, 2.

    Default: `2`
    """
    max_replicas: int = 4
    """The HPA upper bound, at least ``min_replicas``. Left out, 4.

    Default: `4`
    """
    cpu_utilization: int | None = 70
    """The HPA CPU target in percent of the requests, from 1 to 100, or ``None`` for none; at least one of
    ``cpu_utilization`` and ``memory_utilization`` is required. Left out, 70 percent.

    Default: `70`
    """
    memory_utilization: int | None = None
    """The HPA memory target in percent of the requests, from 1 to 100. Left out, no memory target.

    Default: `None`
    """
    scale_up: ScalingRules | None = None
    """The HPA scale-up behaviour. Left out, Kubernetes' default.

    Default: `None`
    """
    scale_down: ScalingRules | None = None
    """The HPA scale-down behaviour. Left out, Kubernetes' default.

    Default: `None`
    """
    pdb_min_available: int | str | None = None
    """The PDB minAvailable: pods (at least 0) or a percentage (``"0%"`` to ``"100%"``); not together with
    ``pdb_max_unavailable``. It must still allow one eviction at ``min_replicas``. Left out, ``pdb_max_unavailable``
    applies.

    Default: `None`
    """
    pdb_max_unavailable: int | str | None = None
    """The PDB maxUnavailable: pods (at least 1) or a percentage (``"0%"`` to ``"100%"``); not together with
    ``pdb_min_available``. It must still allow one eviction at ``min_replicas``. Left out, 1 when
    ``pdb_min_available`` is left out too.

    Default: `None` (1, unless ``pdb_min_available`` is given)
    """
    max_surge: int = 1
    """Rolling update maxSurge, in pods, at least 0; not 0 together with ``max_unavailable``. Left out, one extra pod.

    Default: `1`
    """
    max_unavailable: int = 0
    """Rolling update maxUnavailable, in pods, at least 0; not 0 together with ``max_surge``. Left out, no pod is
    taken down before its replacement is ready.

    Default: `0`
    """
    ingress: IngressSettings | None = None
    """Public exposure through an Ingress. Left out, no Ingress: an internal service.

    Default: `None`
    """
    component: str = "web"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``web``.

    Default: `'web'`
    """
    mesh: Mesh | None = None
    """Join the Istio mesh (sidecars; the cluster runs Istio with the CNI plugin): mTLS ``STRICT``, an
    AuthorizationPolicy allowing the ``network.ingress_from`` peers on their ports, a DestinationRule and, with
    ``blue_green``, a VirtualService splitting the HTTP traffic between the slots by ``mesh.weights``, which then
    replace ``blue_green.active`` (see ``constructs_lib.mesh``). Left out, no mesh objects.

    Default: `None`
    """

    @property
    def config_map_name(self) -> str:
        return f"{self.name}-config"

    @property
    def probes(self) -> tuple[Probe, Probe]:
        liveness = self.liveness or HttpProbe(path="/healthz", port=self.http_port)
        readiness = self.readiness or HttpProbe(path="/readyz", port=getattr(liveness, "port", self.http_port), period_seconds=5)
        return liveness, readiness

    def releases(self) -> dict[str, Release]:
        """Deployment name -> release, in a stable order."""
        if self.blue_green is not None:
            return {f"{self.name}-{slot}": release for slot, release in sorted(self.blue_green.slots.items())}
        if self.release is not None:
            return {self.name: self.release}
        return {}

    def primary_slot(self) -> str | None:
        """The slot the HPA, PDB and version label follow: ``blue_green.active``, or with ``mesh`` the slot with the
        larger weight (``active`` at a tie). None without blue/green."""
        if self.blue_green is None:
            return None
        if isinstance(self.mesh, Mesh) and isinstance(self.blue_green.slots, Mapping):
            return self.mesh.primary(tuple(sorted(self.blue_green.slots)), self.blue_green.active)
        return self.blue_green.active

    def active_deployment(self) -> str:
        return f"{self.name}-{self.primary_slot()}" if self.blue_green is not None else self.name

    def active_release(self) -> Release | None:
        return self.releases().get(self.active_deployment())

    def slot_selector(self, slot: str | None) -> dict[str, str]:
        """The pods of one blue/green slot (or, with None, of every slot)."""
        return {**self.pod_selector(), SLOT_LABEL: slot} if slot is not None else self.pod_selector()


class WebService(Construct):
    """A hardened web service: everything a Deployment needs to run safely in production.

    Children (ids): ``Namespace``, ``ServiceAccount``, ``Config``, ``Deployment`` (or one
    ``Deployment-<slot>`` per blue/green slot), ``Service``, ``Ingress``, ``Autoscaler``,
    ``DisruptionBudget``, ``NetworkPolicy`` and, with a metrics port, ``ServiceMonitor``, ``Alerts`` (a PrometheusRule)
    and ``Dashboard`` (a ConfigMap); each holds its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: WebServiceProps) -> None:
        super().__init__(scope, id)
        self.props = props
        plan = _Plan(props)
        plan.problems.extend(claim_name(self, props))
        plan.problems.raise_if_any(f"WebService {props.name!r}")

        if plan.namespace is not None:
            self.namespace = HardenedNamespace(self, "Namespace", plan.namespace)
        self.service_account = WorkloadServiceAccount(self, "ServiceAccount", plan.service_account)
        if plan.config_map is not None:
            self.config_map = SettingsConfigMap(self, "Config", plan.config_map)
        self.deployments = {
            deployment.name: HardenedDeployment(self, "Deployment" if len(plan.deployments) == 1 else f"Deployment-{slot}", deployment)
            for slot, deployment in plan.deployments
        }
        self.service = ClusterService(self, "Service", plan.service)
        if plan.ingress is not None:
            self.ingress = TlsIngress(self, "Ingress", plan.ingress)
        self.autoscaler = Autoscaler(self, "Autoscaler", plan.autoscaler)
        self.disruption_budget = DisruptionBudget(self, "DisruptionBudget", plan.disruption_budget)
        self.network_policy = WorkloadNetworkPolicy(self, "NetworkPolicy", plan.network_policy)
        if plan.service_monitor is not None:
            self.service_monitor = ServiceMonitor(self, "ServiceMonitor", plan.service_monitor)
        if plan.mesh is not None and plan.mesh_settings is not None:
            self.mesh = ServiceMesh(self, "Mesh", plan.mesh)
            if plan.service_monitor is not None:
                scrape_over_mtls(self.service_monitor.resource, plan.mesh_settings)
        if plan.alerts is not None:
            self.alerts = ServiceAlerts(self, "Alerts", plan.alerts)
        if plan.dashboard is not None:
            self.dashboard = ServiceDashboard(self, "Dashboard", plan.dashboard)


# Child props derived from WebServiceProps.name/namespace: a bad name is reported once, as `name`.
_DERIVED_PROPS = (
    "name", "namespace", "service_account", "container.name", "target_deployment", "service_name", "selector", "pod_selector",
    "identity.name", "identity.instance", "identity.part_of",
)  # fmt: skip
# Child props that are WebService props under another name.
_RENAMED_PROPS = {"container.ports[0].port": "http_port", "container.ports[1].port": "metrics_port", "container.image": "image"}


def _adopt(problems: Problems, prefix: str) -> list[Problem]:
    """A child's problems under the WebService prop names, without those about derived names."""
    adopted = []
    for problem in problems:
        if problem.prop in _DERIVED_PROPS:
            continue
        prop = _RENAMED_PROPS.get(problem.prop, problem.prop)
        adopted.append(problem.renamed(prefix + prop.removeprefix("identity.").removeprefix("container.")))
    return adopted


class _Plan:
    """The props of every child, derived from ``WebServiceProps`` and checked together."""

    def __init__(self, props: WebServiceProps) -> None:
        self.problems = found = Problems()
        found.extend(props.name_problems())
        check_range(found, "min_replicas", props.min_replicas, 2)
        found.check(
            (props.release is None) != (props.blue_green is None),
            "release/blue_green", (props.release, props.blue_green), "exactly one of the two",
        )  # fmt: skip
        self._check_blue_green(props)
        mesh = props.mesh if props.mesh is None or check_type(found, "mesh", props.mesh, Mesh) else None
        active = props.active_release() or Release(image="invalid", version="invalid")
        labels = props.identity(active.version, props.component).labels()

        self.namespace = props.namespace_props()
        if self.namespace is not None and mesh is not None:
            self.namespace = replace(self.namespace, labels={**self.namespace.labels, **mesh.namespace_labels()})
        self.service_account = props.service_account_props(labels)
        self.config_map = ConfigMapProps(name=props.config_map_name, namespace=props.namespace, data=props.config, labels=labels) if props.config else None
        for env_name, value in props.env.items():
            if isinstance(value, ConfigMapValue):
                found.check(
                    value.config_map == props.config_map_name and value.key in props.config,
                    f"env[{env_name!r}]", f"{value.config_map}/{value.key}",
                    f"a key of this service's ConfigMap {props.config_map_name!r}: {sorted(props.config)}",
                )  # fmt: skip

        ports = [ContainerPort(name="http", port=props.http_port)]
        if props.metrics_port is not None:
            ports.append(ContainerPort(name="metrics", port=props.metrics_port))
        liveness, readiness = props.probes
        metrics = MetricsEndpoint(port=props.metrics_port, path=props.metrics_path) if props.metrics_port is not None else None
        self.deployments: list[tuple[str | None, DeploymentProps]] = []
        for deployment_name, release in props.releases().items():
            slot = deployment_name.removeprefix(f"{props.name}-") if props.blue_green is not None else None
            is_active = deployment_name == props.active_deployment()
            annotations = props.waiver_annotations()
            if not is_active:
                annotations.update([IDLE_SLOT_PDB_WAIVER if mesh is None else MESH_SECONDARY_PDB_WAIVER])
            container = props.container(release.image, props.env, ports=tuple(ports), liveness=liveness, readiness=readiness, startup=props.startup)
            deployment = DeploymentProps(
                name=deployment_name, namespace=props.namespace, identity=props.identity(release.version, props.component),
                container=container, pod=props.pod, service_account=props.name,
                # The HPA owns the active Deployment's replicas; the idle slot keeps a warm standby.
                replicas=None if is_active else props.min_replicas,
                max_surge=props.max_surge, max_unavailable=props.max_unavailable,
                run_as_user=props.run_as_user, metrics=metrics,
                extra_pod_labels={SLOT_LABEL: slot} if slot is not None else {},
                annotations=annotations,
            )  # fmt: skip
            prefix = f"blue_green.slots[{slot!r}]." if slot is not None else ""
            release_prop = f"blue_green.slots[{slot!r}]." if slot is not None else "release."
            found.extend(p.renamed(release_prop + p.prop) if p.prop in ("image", "version") else p for p in _adopt(deployment.problems(), ""))
            if prefix:
                found.check(len(deployment_name) <= 63, f"{prefix[:-1]}", deployment_name, "a Deployment name of at most 63 characters")
            self.deployments.append((slot, deployment))

        active_slot = props.primary_slot()
        selector = props.slot_selector(active_slot)
        # In the mesh the Service selects every slot's pods: the VirtualService's weights choose between them.
        service_selector = props.pod_selector() if mesh is not None else selector
        service_ports = [ServicePort(name=p.name, port=p.port) for p in ports]
        self.service = ServiceProps(
            name=props.name, namespace=props.namespace, selector=service_selector, ports=tuple(service_ports), labels=labels,
            type=props.service_type, annotations=props.service_annotations,
        )  # fmt: skip
        found.extend(p for p in _adopt(self.service.problems(), "service_") if p.prop in ("service_type", "service_annotations"))
        self.ingress = None
        if props.ingress is not None:
            ing = props.ingress
            self.ingress = IngressProps(
                name=props.name, namespace=props.namespace, host=ing.host, service_name=props.name, service_port="http",
                tls_secret=ing.tls_secret, class_name=ing.class_name, cluster_issuer=ing.cluster_issuer,
                rate_limit=ing.rate_limit, additional_hosts=ing.additional_hosts, paths=ing.paths,
                extra_annotations={**ing.annotations, **(mesh.ingress_annotations(service_host(props.name, props.namespace)) if mesh is not None else {})},
                labels=labels,
            )  # fmt: skip
            found.extend(_adopt(self.ingress.problems(), "ingress."))
        self.autoscaler = AutoscalerProps(
            name=props.name, namespace=props.namespace, target_deployment=props.active_deployment(),
            min_replicas=props.min_replicas, max_replicas=props.max_replicas,
            cpu_utilization=props.cpu_utilization, memory_utilization=props.memory_utilization,
            scale_up=props.scale_up, scale_down=props.scale_down, labels=labels,
        )  # fmt: skip
        found.extend(_adopt(self.autoscaler.problems(), ""))
        self.disruption_budget = DisruptionBudgetProps(
            name=props.name, namespace=props.namespace, selector=selector,
            min_available=props.pdb_min_available, max_unavailable=props.pdb_max_unavailable, labels=labels,
        )  # fmt: skip
        pdb_problems = _adopt(self.disruption_budget.problems(), "pdb_")
        found.extend(pdb_problems)
        if not pdb_problems and isinstance(props.min_replicas, int) and props.min_replicas >= 1:
            allowed_down = pods_allowed_down(props.min_replicas, props.pdb_min_available, self.disruption_budget.effective_max_unavailable)
            found.check(
                allowed_down >= 1,
                "pdb_min_available" if props.pdb_min_available is not None else "pdb_max_unavailable",
                props.pdb_min_available if props.pdb_min_available is not None else props.pdb_max_unavailable,
                f"a budget that still allows one voluntary disruption at min_replicas={props.min_replicas} "
                f"(it allows {allowed_down}); lower it or raise min_replicas",
            )  # fmt: skip
        self.network_policy = props.network_policy_props(labels)
        if mesh is not None:  # the sidecars' way to istiod
            self.network_policy = replace(self.network_policy, egress_to=(*self.network_policy.egress_to, mesh.control_plane_peer()))
        self._plan_mesh(props, mesh, labels, tuple(service_ports))
        self._plan_monitoring(props, labels)
        found.extend(_adopt(self.network_policy.problems(), "network."))
        if self.namespace is not None:
            found.extend(_adopt(self.namespace.problems(), ""))

    def _plan_monitoring(self, props: WebServiceProps, labels: Mapping[str, str]) -> None:
        """The ServiceMonitor, PrometheusRule and dashboard: by default all three when there is a metrics port."""
        found = self.problems
        self.service_monitor: ServiceMonitorProps | None = None
        self.alerts: ServiceAlertsProps | None = None
        self.dashboard: ServiceDashboardProps | None = None
        scrape = props.service_monitor if props.service_monitor is not None else props.metrics_port is not None
        if scrape:
            found.check(props.metrics_port is not None, "service_monitor", True, "a metrics_port to scrape")
            self.service_monitor = ServiceMonitorProps(
                name=props.name, namespace=props.namespace, selector=props.pod_selector(), path=props.metrics_path, labels=labels,
            )  # fmt: skip
        monitoring = props.monitoring
        if monitoring is None or props.metrics_port is None or not check_type(found, "monitoring", monitoring, Monitoring):
            return
        monitoring_problems = monitoring.problems("monitoring.")
        found.extend(monitoring_problems)
        if monitoring_problems:
            return
        job = monitoring.job or props.name
        deployments = tuple(props.releases())
        if monitoring.alerts is not None:
            self.alerts = ServiceAlertsProps(
                name=props.name, namespace=props.namespace, job=job, container=props.name,
                deployment=props.active_deployment(), deployments=deployments,
                autoscaler=props.name, disruption_budget=props.name, http=monitoring.http, policy=monitoring.alerts, labels=labels,
            )  # fmt: skip
        if monitoring.dashboard is not None:
            settings = monitoring.dashboard
            self.dashboard = ServiceDashboardProps(
                name=f"{props.name}-dashboard", namespace=props.namespace, job=job, container=props.name, deployments=deployments,
                title=settings.title or f"{props.name} ({props.namespace})", autoscaler=props.name, http=monitoring.http,
                policy=monitoring.alerts or AlertPolicy(), panels=settings.panels, folder=settings.folder, labels=labels,
            )  # fmt: skip

    def _plan_mesh(self, props: WebServiceProps, mesh: Mesh | None, labels: Mapping[str, str], ports: tuple[ServicePort, ...]) -> None:
        """The PeerAuthentication, AuthorizationPolicy, DestinationRule and VirtualService, with the mesh."""
        self.mesh: ServiceMeshProps | None = None
        self.mesh_settings = mesh
        if mesh is None:
            return
        bg = props.blue_green
        slots = tuple(sorted(bg.slots)) if bg is not None and isinstance(bg.slots, Mapping) else None
        mesh_problems = mesh.problems("mesh.", slots)
        self.problems.extend(mesh_problems)
        weights = None
        if bg is not None and slots:
            weights = mesh.traffic(slots, bg.active) if not mesh_problems else {slot: 100 if i == 0 else 0 for i, slot in enumerate(slots)}
        self.mesh = ServiceMeshProps(
            name=props.name, namespace=props.namespace, selector=props.pod_selector(), port=ports[0].port,
            allow_from=props.network.ingress_from if isinstance(props.network, NetworkAccess) else (), weights=weights, labels=labels,
        )  # fmt: skip
        self.problems.extend(p for p in _adopt(self.mesh.problems(), "mesh.") if not p.prop.startswith(("mesh.port", "mesh.allow_from")))

    def _check_blue_green(self, props: WebServiceProps) -> None:
        bg = props.blue_green
        if bg is None:
            return
        slots = sorted(bg.slots)
        self.problems.check(len(slots) >= 2, "blue_green.slots", slots, "at least two slots, e.g. blue and green")
        self.problems.check(bg.active in bg.slots, "blue_green.active", bg.active, f"one of the slots {slots}")
        for slot in slots:
            check_label_value(self.problems, f"blue_green.slots[{slot!r}]", slot)
            check_dns_label(self.problems, f"blue_green.slots[{slot!r}]", slot)
