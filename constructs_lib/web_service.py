"""``WebService``: a hardened web service composed from the smaller constructs of this library.

One construct renders the Namespace (Pod Security Admission labels), ServiceAccount,
ConfigMap, Deployment(s), Service, Ingress, HorizontalPodAutoscaler, PodDisruptionBudget
and NetworkPolicy, consistent with each other. Every prop is checked before anything is
created, and all problems are reported in one ``PropsError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from constructs import Construct

from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
from constructs_lib.errors import Problem, Problems
from constructs_lib.identity import ServiceAccountProps, WorkloadServiceAccount
from constructs_lib.ingress import IngressProps, RateLimit, TlsIngress
from constructs_lib.labels import AppIdentity
from constructs_lib.namespace import HardenedNamespace, NamespaceProps
from constructs_lib.network_policy import NamespacePeer, NetworkPolicyProps, WorkloadNetworkPolicy
from constructs_lib.prop_checks import DNS_1035_LABEL, check_dns_label, check_label_value, check_range
from constructs_lib.scaling import (
    Autoscaler,
    AutoscalerProps,
    DisruptionBudget,
    DisruptionBudgetProps,
    ScalingRules,
    pods_allowed_down,
)
from constructs_lib.service import ClusterService, ServicePort, ServiceProps
from constructs_lib.workload import (
    ConfigMapValue,
    ContainerPort,
    DeploymentProps,
    HardenedDeployment,
    HttpProbe,
    MetricsEndpoint,
    Resources,
)

SLOT_LABEL = "slot"
WAIVER_PREFIX = "policy.omnitide.dev/waive-"
IDLE_SLOT_PDB_WAIVER = (
    f"{WAIVER_PREFIX}cross-workload-pdb",
    "idle blue/green slot: a warm standby that serves no traffic; the PodDisruptionBudget follows the active slot",
)


@dataclass(frozen=True, kw_only=True)
class Release:
    """What a Deployment runs: an image pinned by tag or digest, and its version label."""

    image: str
    """The image, pinned by a tag other than ``latest`` or by a sha256 digest, e.g. ``ghcr.io/org/app:1.2.3``."""
    version: str
    """The ``version`` and ``app.kubernetes.io/version`` labels (a non-empty label value), e.g. ``v1.0.0``."""


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


@dataclass(frozen=True, kw_only=True)
class NetworkAccess:
    """Who may reach the pods and what they may reach; everything else is denied.

    The ingress controller's namespace is not implied: list it in ``ingress_from``.
    """

    ingress_from: tuple[NamespacePeer, ...] = ()
    """Namespaces allowed in, each on its ports; nothing else gets in. Left out, no traffic gets in.

    Default: `()`
    """
    egress_to: tuple[NamespacePeer, ...] = ()
    """Namespaces the pods may reach, each on its ports. Left out, only what ``allow_dns`` and ``allow_https`` open.

    Default: `()`
    """
    allow_dns: bool = True
    """Allow DNS (port 53 over UDP and TCP) to anywhere. Left out, allowed.

    Default: `True`
    """
    allow_https: bool = False
    """Allow TCP 443 to anywhere. Left out, not allowed.

    Default: `False`
    """


@dataclass(frozen=True, kw_only=True)
class WebServiceProps:
    """Props of ``WebService``. Give exactly one of ``release`` and ``blue_green``."""

    name: str
    """Names the Deployment, Service, Ingress, HPA, PDB, ServiceAccount and (with ``-config``) the ConfigMap; an
    RFC 1035 label (starting with a letter) of at most 40 characters so derived names fit Kubernetes' limits, and
    ``<name>-<namespace>`` (the ``app.kubernetes.io/instance`` label) must fit 63 characters."""
    namespace: str
    """The namespace everything lives in (an RFC 1123 label)."""
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
    liveness: HttpProbe | None = None
    """The liveness probe; its port must be ``http_port`` or ``metrics_port``. Left out, ``GET /healthz`` on
    ``http_port`` with the ``HttpProbe`` timings.

    Default: `None` (``GET /healthz`` on ``http_port``)
    """
    readiness: HttpProbe | None = None
    """The readiness probe; its port must be ``http_port`` or ``metrics_port``. Left out, ``GET /readyz`` every
    5 seconds on the liveness probe's port (a different check: a pod that cannot serve leaves the Service without a
    restart).

    Default: `None` (``GET /readyz`` on the liveness probe's port, every 5 seconds)
    """
    resources: Resources = field(default_factory=Resources)
    """The container's requests and limits. Left out, the ``Resources`` defaults.

    Default: `Resources(cpu_request='100m', cpu_limit='500m', memory_request='128Mi', memory_limit='256Mi', ephemeral_storage_request='64Mi', ephemeral_storage_limit='256Mi')`
    """  # noqa: E501
    env: Mapping[str, str | ConfigMapValue] = field(default_factory=dict)
    """Environment variables: literal strings, or ``ConfigMapValue`` references to a key of ``config`` in this
    service's ConfigMap ``<name>-config``. Names are not empty, have no '=' and do not start with a digit. Left out,
    none.

    Default: `{}`
    """
    config: Mapping[str, str] = field(default_factory=dict)
    """ConfigMap data (string values under keys of letters, digits, '-', '_' or '.', at most 253 characters); a
    ConfigMap ``<name>-config`` is rendered when it is not empty. Left out, no ConfigMap.

    Default: `{}`
    """
    run_as_user: int = 10001
    """The non-root UID (and GID and fsGroup) of the container, from 1000 to 2147483647. Left out, 10001.

    Default: `10001`
    """
    writable_paths: tuple[str, ...] = ("/tmp",)
    """emptyDir mounts on the read-only root filesystem: absolute paths of letters, digits, '.', '_', '-' and '/',
    without a trailing '/', whose volume names (at most 63 characters) are distinct. Left out, only ``/tmp``.

    Default: `('/tmp',)`
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
    network: NetworkAccess = field(default_factory=NetworkAccess)
    """The NetworkPolicy rules. Left out, nothing gets in and only DNS gets out.

    Default: `NetworkAccess(ingress_from=(), egress_to=(), allow_dns=True, allow_https=False)`
    """
    component: str = "web"
    """``app.kubernetes.io/component`` (a non-empty label value). Left out, ``web``.

    Default: `'web'`
    """
    part_of: str | None = None
    """``app.kubernetes.io/part-of`` (a non-empty label value). Left out, the name.

    Default: `None` (the ``name``)
    """
    pss_level: str = "restricted"
    """The Pod Security Standard of the Namespace: ``privileged``, ``baseline`` or ``restricted``; used only with
    ``create_namespace``. Left out, ``restricted``.

    Default: `'restricted'`
    """
    pss_version: str = "v1.30"
    """The pinned Pod Security version, ``latest`` or a minor version such as ``v1.30``; used only with
    ``create_namespace``. Left out, ``v1.30``.

    Default: `'v1.30'`
    """
    create_namespace: bool = True
    """Render the Namespace (with its Pod Security labels). Left out, rendered.

    Default: `True`
    """
    waivers: Mapping[str, str] = field(default_factory=dict)
    """Policy-pack rule id -> reason, written as waiver annotations on the Deployments
    (``policy.omnitide.dev/waive-<id>``). Left out, no waivers.

    Default: `{}`
    """

    @property
    def config_map_name(self) -> str:
        return f"{self.name}-config"

    @property
    def probes(self) -> tuple[HttpProbe, HttpProbe]:
        liveness = self.liveness or HttpProbe(path="/healthz", port=self.http_port)
        readiness = self.readiness or HttpProbe(path="/readyz", port=liveness.port, period_seconds=5)
        return liveness, readiness

    def releases(self) -> dict[str, Release]:
        """Deployment name -> release, in a stable order."""
        if self.blue_green is not None:
            return {f"{self.name}-{slot}": release for slot, release in sorted(self.blue_green.slots.items())}
        if self.release is not None:
            return {self.name: self.release}
        return {}

    def active_deployment(self) -> str:
        return f"{self.name}-{self.blue_green.active}" if self.blue_green is not None else self.name

    def active_release(self) -> Release | None:
        return self.releases().get(self.active_deployment())

    def identity(self, release: Release) -> AppIdentity:
        return AppIdentity(name=self.name, version=release.version, instance=f"{self.name}-{self.namespace}", component=self.component, part_of=self.part_of)

    def pod_selector(self, slot: str | None) -> dict[str, str]:
        labels = {"app": self.name, "app.kubernetes.io/instance": f"{self.name}-{self.namespace}"}
        return {**labels, SLOT_LABEL: slot} if slot is not None else labels


class WebService(Construct):
    """A hardened web service: everything a Deployment needs to run safely in production.

    Children (ids): ``Namespace``, ``ServiceAccount``, ``Config``, ``Deployment`` (or one
    ``Deployment-<slot>`` per blue/green slot), ``Service``, ``Ingress``, ``Autoscaler``,
    ``DisruptionBudget``, ``NetworkPolicy``; each holds its object under the id ``Resource``.
    """

    def __init__(self, scope: Construct, id: str, props: WebServiceProps) -> None:
        super().__init__(scope, id)
        self.props = props
        plan = _Plan(props)
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


# Child props derived from WebServiceProps.name/namespace: a bad name is reported once, as `name`.
_DERIVED_PROPS = (
    "name", "namespace", "service_account", "container_name", "target_deployment", "service_name", "selector", "pod_selector",
    "identity.name", "identity.instance", "identity.part_of",
)  # fmt: skip
# Child props that are WebService props under another name.
_RENAMED_PROPS = {"ports[0].port": "http_port", "ports[1].port": "metrics_port"}


def _adopt(problems: Problems, prefix: str) -> list[Problem]:
    """A child's problems under the WebService prop names, without those about derived names."""
    adopted = []
    for problem in problems:
        if problem.prop in _DERIVED_PROPS:
            continue
        prop = _RENAMED_PROPS.get(problem.prop, problem.prop)
        adopted.append(problem.renamed(prefix + prop.removeprefix("identity.")))
    return adopted


class _Plan:
    """The props of every child, derived from ``WebServiceProps`` and checked together."""

    def __init__(self, props: WebServiceProps) -> None:
        self.problems = found = Problems()
        found.check(
            isinstance(props.name, str) and bool(DNS_1035_LABEL.match(props.name)) and len(props.name) <= 40,
            "name", props.name, "an RFC 1035 label (starting with a letter) of at most 40 characters",
        )  # fmt: skip
        check_dns_label(found, "namespace", props.namespace)
        instance = f"{props.name}-{props.namespace}"
        found.check(
            len(instance) <= 63, "name/namespace", instance,
            "an app.kubernetes.io/instance label '<name>-<namespace>' of at most 63 characters: shorten the name or the namespace",
        )  # fmt: skip
        check_range(found, "min_replicas", props.min_replicas, 2)
        found.check(
            (props.release is None) != (props.blue_green is None),
            "release/blue_green", (props.release, props.blue_green), "exactly one of the two",
        )  # fmt: skip
        self._check_blue_green(props)
        active = props.active_release() or Release(image="invalid", version="invalid")
        labels = props.identity(active).labels()

        self.namespace = (
            NamespaceProps(name=props.namespace, pss_level=props.pss_level, pss_version=props.pss_version)
            if props.create_namespace else None
        )  # fmt: skip
        self.service_account = ServiceAccountProps(name=props.name, namespace=props.namespace, labels=labels)
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
            annotations = {f"{WAIVER_PREFIX}{rule}": reason for rule, reason in sorted(props.waivers.items())}
            if not is_active:
                annotations.update([IDLE_SLOT_PDB_WAIVER])
            deployment = DeploymentProps(
                name=deployment_name, namespace=props.namespace, identity=props.identity(release),
                image=release.image, ports=tuple(ports), liveness=liveness, readiness=readiness,
                service_account=props.name,
                # The HPA owns the active Deployment's replicas; the idle slot keeps a warm standby.
                replicas=None if is_active else props.min_replicas,
                max_surge=props.max_surge, max_unavailable=props.max_unavailable,
                resources=props.resources, env=props.env, run_as_user=props.run_as_user,
                writable_paths=props.writable_paths, metrics=metrics,
                extra_pod_labels={SLOT_LABEL: slot} if slot is not None else {},
                annotations=annotations,
                container_name=props.name,
            )  # fmt: skip
            prefix = f"blue_green.slots[{slot!r}]." if slot is not None else ""
            release_prop = f"blue_green.slots[{slot!r}]." if slot is not None else "release."
            found.extend(p.renamed(release_prop + p.prop) if p.prop in ("image", "version") else p for p in _adopt(deployment.problems(), ""))
            if prefix:
                found.check(len(deployment_name) <= 63, f"{prefix[:-1]}", deployment_name, "a Deployment name of at most 63 characters")
            self.deployments.append((slot, deployment))

        active_slot = props.blue_green.active if props.blue_green is not None else None
        selector = props.pod_selector(active_slot)
        service_ports = [ServicePort(name=p.name, port=p.port) for p in ports]
        self.service = ServiceProps(name=props.name, namespace=props.namespace, selector=selector, ports=tuple(service_ports), labels=labels)
        self.ingress = None
        if props.ingress is not None:
            ing = props.ingress
            self.ingress = IngressProps(
                name=props.name, namespace=props.namespace, host=ing.host, service_name=props.name, service_port="http",
                tls_secret=ing.tls_secret, class_name=ing.class_name, cluster_issuer=ing.cluster_issuer,
                rate_limit=ing.rate_limit, labels=labels,
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
        self.network_policy = NetworkPolicyProps(
            name=props.name, namespace=props.namespace, pod_selector=props.pod_selector(None),
            ingress_from=props.network.ingress_from, egress_to=props.network.egress_to,
            allow_dns=props.network.allow_dns, allow_https=props.network.allow_https, labels=labels,
        )  # fmt: skip
        found.extend(_adopt(self.network_policy.problems(), "network."))
        if self.namespace is not None:
            found.extend(_adopt(self.namespace.problems(), ""))

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
