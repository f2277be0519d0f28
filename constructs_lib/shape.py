"""What every service shape shares: ``WorkloadProps`` (the common props) and the pieces built from them.

``WebService``, ``Worker``, ``StatefulService``, ``BatchJob`` and ``ScheduledJob`` all take props
derived from ``WorkloadProps``, and build their Namespace, ServiceAccount, NetworkPolicy, main
container and waiver annotations here, so the shapes differ only in the workload object they
render and in what they expose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from constructs import Construct

from constructs_lib.container import ContainerPort, ContainerSpec, EnvFrom, EnvValue, Mount, Resources
from constructs_lib.errors import Problem, Problems
from constructs_lib.identity import ServiceAccountProps, WorkloadServiceAccount
from constructs_lib.labels import AppIdentity
from constructs_lib.namespace import HardenedNamespace, NamespaceProps
from constructs_lib.network_policy import NamespacePeer, NetworkPolicyProps, WorkloadNetworkPolicy
from constructs_lib.pod import PodSettings
from constructs_lib.probes import Probe
from constructs_lib.prop_checks import DNS_1035_LABEL, check_dns_label, check_type

WAIVER_PREFIX = "policy.omnitide.dev/waive-"
MAX_NAME = 40
"""Longest service name: derived names (``<name>-<slot>``, ``<name>-config``, pod names) must fit Kubernetes' limits."""


@dataclass(frozen=True, kw_only=True)
class Release:
    """What a Deployment runs: an image pinned by tag or digest, and its version label."""

    image: str
    """The image, pinned by a tag other than ``latest`` or by a sha256 digest, e.g. ``ghcr.io/org/app:1.2.3``."""
    version: str
    """The ``version`` and ``app.kubernetes.io/version`` labels (a non-empty label value), e.g. ``v1.0.0``."""


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
class WorkloadProps:
    """The props every service shape has (see the shapes for the rest)."""

    name: str
    """Names every object of the service; an RFC 1035 label (starting with a letter) of at most 40 characters, and
    ``<name>-<namespace>`` (the ``app.kubernetes.io/instance`` label) must fit 63 characters."""
    namespace: str
    """The namespace everything lives in (an RFC 1123 label)."""
    command: tuple[str, ...] | None = None
    """The container's entrypoint (no shell). Left out, the image's.

    Default: `None`
    """
    args: tuple[str, ...] | None = None
    """The container's arguments. Left out, the image's.

    Default: `None`
    """
    env_from: tuple[EnvFrom, ...] = ()
    """Whole ConfigMaps or Secrets as environment variables. Left out, none.

    Default: `()`
    """
    mounts: tuple[Mount, ...] = ()
    """Volumes of ``pod.volumes`` mounted into the container. Left out, none (besides ``writable_paths``).

    Default: `()`
    """
    resources: Resources = field(default_factory=Resources)
    """The container's requests and limits. Left out, the ``Resources`` defaults.

    Default: `Resources(cpu_request='100m', cpu_limit='500m', memory_request='128Mi', memory_limit='256Mi', ephemeral_storage_request='64Mi', ephemeral_storage_limit='256Mi')`
    """  # noqa: E501
    run_as_user: int = 10001
    """The non-root UID (and GID and fsGroup) of the container, from 1000 to 2147483647. Left out, 10001.

    Default: `10001`
    """
    writable_paths: tuple[str, ...] = ("/tmp",)
    """emptyDir mounts on the read-only root filesystem: absolute paths of letters, digits, '.', '_', '-' and '/',
    without a trailing '/', whose volume names (at most 63 characters) are distinct. Left out, only ``/tmp``.

    Default: `('/tmp',)`
    """
    pod: PodSettings = field(default_factory=PodSettings)
    """Sidecars, init containers, volumes, node selector, tolerations, affinity, pod annotations and image pull
    secrets. Left out, none of them.

    Default: `PodSettings(sidecars=(), init_containers=(), volumes=(), node_selector={}, tolerations=(), affinity=None, topology_spread=True, annotations={}, image_pull_secrets=(), termination_grace_period_seconds=None)`
    """  # noqa: E501
    network: NetworkAccess = field(default_factory=NetworkAccess)
    """The NetworkPolicy rules. Left out, nothing gets in and only DNS gets out.

    Default: `NetworkAccess(ingress_from=(), egress_to=(), allow_dns=True, allow_https=False)`
    """
    part_of: str | None = None
    """``app.kubernetes.io/part-of`` (a non-empty label value). Left out, the name.

    Default: `None` (the ``name``)
    """
    pss_level: str = "restricted"
    """The Pod Security Standard of the Namespace: ``baseline`` or ``restricted``; used only with
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

    service_account_annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations on the ServiceAccount, e.g. a cloud workload identity. Left out, none.

    Default: `{}`
    """

    def identity(self, version: str, component: str) -> AppIdentity:
        return AppIdentity(name=self.name, version=version, instance=f"{self.name}-{self.namespace}", component=component, part_of=self.part_of)

    def pod_selector(self) -> dict[str, str]:
        """The labels that select the service's pods (never the version: a selector is immutable)."""
        return {"app": self.name, "app.kubernetes.io/instance": f"{self.name}-{self.namespace}"}

    def waiver_annotations(self) -> dict[str, str]:
        return {f"{WAIVER_PREFIX}{rule}": reason for rule, reason in sorted(self.waivers.items())}

    def name_problems(self) -> Problems:
        """The checks of ``name`` and ``namespace`` every shape makes."""
        found = Problems()
        found.check(
            isinstance(self.name, str) and bool(DNS_1035_LABEL.match(self.name)) and len(self.name) <= MAX_NAME,
            "name", self.name, f"an RFC 1035 label (starting with a letter) of at most {MAX_NAME} characters",
        )  # fmt: skip
        check_dns_label(found, "namespace", self.namespace)
        instance = f"{self.name}-{self.namespace}"
        found.check(
            len(instance) <= 63, "name/namespace", instance,
            "an app.kubernetes.io/instance label '<name>-<namespace>' of at most 63 characters: shorten the name or the namespace",
        )  # fmt: skip
        check_type(found, "waivers", self.waivers, Mapping)
        check_type(found, "network", self.network, NetworkAccess)
        return found

    def part_problems(self) -> Problems:
        """The problems of the Namespace and NetworkPolicy these props make, under these props' names, so that a
        shape refuses them before it renders anything (the parts would raise only once the first were rendered)."""
        found = Problems()
        if isinstance(self.network, NetworkAccess):
            found.extend(p.renamed(f"network.{p.prop}") for p in self.network_policy_props({}).problems() if p.prop not in _DERIVED_PROPS)
        namespace = self.namespace_props()
        if namespace is not None:
            found.extend(p for p in namespace.problems() if p.prop not in _DERIVED_PROPS)
        return found

    def container(
        self,
        image: str,
        env: Mapping[str, EnvValue],
        *,
        ports: tuple[ContainerPort, ...] = (),
        liveness: Probe | None = None,
        readiness: Probe | None = None,
        startup: Probe | None = None,
    ) -> ContainerSpec:
        """The main container, named after the service."""
        return ContainerSpec(
            name=self.name, image=image, ports=ports, command=self.command, args=self.args, env=env, env_from=self.env_from,
            mounts=self.mounts, liveness=liveness, readiness=readiness, startup=startup, resources=self.resources,
            writable_paths=self.writable_paths,
        )  # fmt: skip

    def namespace_props(self) -> NamespaceProps | None:
        return NamespaceProps(name=self.namespace, pss_level=self.pss_level, pss_version=self.pss_version) if self.create_namespace else None

    def service_account_props(self, labels: Mapping[str, str]) -> ServiceAccountProps:
        return ServiceAccountProps(name=self.name, namespace=self.namespace, labels=labels, annotations=self.service_account_annotations)

    def network_policy_props(self, labels: Mapping[str, str], peer_ports: tuple[int, ...] = ()) -> NetworkPolicyProps:
        return NetworkPolicyProps(
            name=self.name, namespace=self.namespace, pod_selector=self.pod_selector(),
            ingress_from=self.network.ingress_from, egress_to=self.network.egress_to,
            allow_dns=self.network.allow_dns, allow_https=self.network.allow_https, peer_ports=peer_ports, labels=labels,
        )  # fmt: skip


_DERIVED_PROPS = frozenset({"name", "namespace", "service_account", "container.name", "identity.name", "identity.instance"})
"""Props of a shape's parts that are derived from ``name`` and ``namespace``, which ``name_problems`` reports once."""
_RENAMED_PROPS = {"container.image": "release.image", "identity.version": "release.version"}


def adopt(problems: Iterable[Problem], props: WorkloadProps) -> list[Problem]:
    """Problems of a shape's main container, pod and identity under the shape's own prop names.

    ``container.env['A']`` is the shape's ``env['A']``, ``container.image`` its ``release.image``,
    ``identity.component`` its ``component``; problems of names derived from ``name`` are left out
    (``part_of`` too when it is left out, since it is the name then).
    """
    adopted = []
    for problem in problems:
        if problem.prop in _DERIVED_PROPS or (problem.prop == "identity.part_of" and props.part_of is None):
            continue
        prop = _RENAMED_PROPS.get(problem.prop, problem.prop)
        for part in ("container.", "identity."):
            prop = prop.removeprefix(part)
        adopted.append(problem.renamed(prop))
    return adopted


@dataclass
class CommonParts:
    """The Namespace (when created), ServiceAccount and NetworkPolicy of a service, rendered in that order."""

    namespace: HardenedNamespace | None
    """The Namespace, when the props create it."""
    service_account: WorkloadServiceAccount
    """The ServiceAccount the pods run as."""
    network_policy: WorkloadNetworkPolicy
    """The default-deny NetworkPolicy of the pods."""


def render_common(scope: Construct, props: WorkloadProps, labels: Mapping[str, str], *, peer_ports: tuple[int, ...] = ()) -> CommonParts:
    """Render the parts every shape has under ``scope`` (children ``Namespace``, ``ServiceAccount``, ``NetworkPolicy``)."""
    namespace_props = props.namespace_props()
    namespace = HardenedNamespace(scope, "Namespace", namespace_props) if namespace_props is not None else None
    account = WorkloadServiceAccount(scope, "ServiceAccount", props.service_account_props(labels))
    return CommonParts(namespace, account, WorkloadNetworkPolicy(scope, "NetworkPolicy", props.network_policy_props(labels, peer_ports)))


SERVICE_KEY = "service_key"
"""The attribute each shape sets to its (namespace, name), so that a second service of that name is refused."""


def claim_name(construct: Construct, props: WorkloadProps) -> Problems:
    """A problem when another service of the same chart already has this name in this namespace; else claim it."""
    from cdk8s import Chart  # noqa: PLC0415 - jsii; every shape imports it anyway

    key = (str(props.namespace), str(props.name))
    found = Problems()
    other = next((c for c in Chart.of(construct).node.find_all() if c is not construct and getattr(c, SERVICE_KEY, None) == key), None)
    used_by = other.node.path if other is not None else ""
    found.check(other is None, "name", props.name, f"a name no other service of this chart uses in namespace {props.namespace!r} ({used_by} does)")
    setattr(construct, SERVICE_KEY, key)
    return found
