"""Istio service mesh (sidecar mode with the Istio CNI plugin): mTLS, authorization and weighted blue/green traffic.

The objects, in the v1 APIs of Istio 1.24 (``security.istio.io/v1``, ``networking.istio.io/v1``; their
CRDs are pinned in ``manifest_lint/schemas/crds`` from ``istio.io/api`` v1.24.2):

* ``StrictPeerAuthentication``: mTLS ``STRICT`` for the service's pods (no plain text gets in);
* ``PeerAuthorizationPolicy``: an ``ALLOW`` policy with one rule per allowed peer namespace and its
  ports, the same peers as the NetworkPolicy; a request that matches no rule is denied (with no
  peers, every request is);
* ``SlotDestinationRule``: ``ISTIO_MUTUAL`` to the service, and one subset per blue/green slot
  (pods labelled ``slot: <slot>``);
* ``WeightedVirtualService``: the HTTP port's traffic split between the slots' subsets by weight.

``Mesh`` is the ``mesh`` prop of ``WebServiceProps``, which renders all four (``WebService`` child
``Mesh``). Sidecar mode, not ambient: weighted subsets of a VirtualService are what sidecars route by
(ambient needs a waypoint proxy for any HTTP routing). The pods are injected through the namespace
label ``istio-injection: enabled`` (or ``istio.io/rev``): with ``create_namespace=False``, label the namespace
yourself (a pod label would enter the Deployments' immutable selectors).
The cluster must run Istio with the CNI plugin (``istio-cni``): without it, the injected ``istio-init``
container needs ``NET_ADMIN`` and ``NET_RAW`` and runs as root, which Pod Security refuses at
``baseline`` and ``restricted``; with it, the injected containers (``istio-validation`` and
``istio-proxy``) drop every capability and run as UID 1337, so a ``restricted`` namespace admits them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cdk8s import ApiObject, ApiObjectMetadata, JsonPatch
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.network_policy import NamespacePeer
from constructs_lib.prop_checks import check_dns_label, check_label_value, check_path, check_port, check_type

ISTIO_VERSION = "1.24.2"
"""The Istio release whose CRDs are pinned (``istio.io/api`` v1.24.2); the design runs Istio 1.24 or later."""
SECURITY_API = "security.istio.io/v1"
NETWORKING_API = "networking.istio.io/v1"
INJECTION_LABEL = "istio-injection"
"""The namespace label that turns on sidecar injection by the default Istio revision."""
REVISION_LABEL = "istio.io/rev"
"""The namespace (and pod) label that picks the injector of an Istio revision (a canary control-plane upgrade)."""
ISTIOD_XDS_PORT = 15012
"""istiod's port for configuration (xDS) and certificates over mTLS: the sidecars' one way to the control plane."""
SLOT_LABEL = "slot"
"""The pod label of a blue/green slot (as ``web_service.SLOT_LABEL``), which each subset selects."""
WEIGHT_TOTAL = 100
NGINX = "nginx.ingress.kubernetes.io"


def service_host(name: str, namespace: str, cluster_domain: str = "cluster.local") -> str:
    """The fully qualified name of a Service, as Istio's ``host`` fields take it."""
    return f"{name}.{namespace}.svc.{cluster_domain}"


# --- the ``mesh`` prop ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Mesh:
    """The ``mesh`` prop of ``WebServiceProps``: the service joins the Istio mesh (sidecars, Istio CNI plugin).

    With blue/green, ``weights`` decide which slot gets how much of the traffic (a VirtualService) and
    replace ``blue_green.active``: the Service selects the pods of every slot, and the HPA, the PDB and
    the ``version`` label follow the slot with the larger weight (``active`` only breaks a tie).
    """

    weights: Mapping[str, int] = field(default_factory=dict)
    """Blue/green slot -> percent of the HTTP traffic, each from 0 to 100. At most one slot may be left out: it
    gets the rest (so with two slots one value moves traffic: ``{'green': 10}`` sends 10 percent to green and 90 to
    blue); with every slot listed the percents add up to 100. Left out, all traffic to ``blue_green.active``. Only
    with ``blue_green``.

    Default: `{}`
    """
    revision: str | None = None
    """The Istio revision whose injector serves the pods (the namespace label ``istio.io/rev``, e.g. ``1-24-2``). Left
    out, the default revision (the namespace label ``istio-injection: enabled``).

    Default: `None`
    """
    control_plane_namespace: str = "istio-system"
    """The namespace of istiod, which the sidecars reach on TCP 15012 (the NetworkPolicy opens it). Left out,
    ``istio-system``.

    Default: `'istio-system'`
    """
    prometheus_certs: str = "/etc/prom-certs"
    """Where Prometheus reads its Istio certificate (``root-cert.pem``, ``cert-chain.pem``, ``key.pem``, written by
    its own istio-proxy with ``OUTPUT_CERTS``): the ServiceMonitor scrapes over mesh mTLS with them, since ``STRICT``
    refuses plain text on the metrics port too. Left out, ``/etc/prom-certs`` (Istio's documented place).

    Default: `'/etc/prom-certs'`
    """

    def problems(self, prefix: str, slots: tuple[str, ...] | None) -> Problems:
        """The problems of these settings for a service with these blue/green slots (``None``: no blue/green)."""
        found = Problems()
        if self.revision is not None:
            check_label_value(found, f"{prefix}revision", self.revision)
            found.check(self.revision != "", f"{prefix}revision", self.revision, "a non-empty label value")
        check_dns_label(found, f"{prefix}control_plane_namespace", self.control_plane_namespace)
        check_path(found, f"{prefix}prometheus_certs", self.prometheus_certs)
        if not check_type(found, f"{prefix}weights", self.weights, Mapping):
            return found
        if slots is None:
            found.check(not self.weights, f"{prefix}weights", dict(self.weights), "no weights: the service has no blue/green slots")
            return found
        for slot, weight in self.weights.items():
            found.check(slot in slots, f"{prefix}weights", slot, f"one of the slots {list(slots)}")
            found.check(
                isinstance(weight, int) and not isinstance(weight, bool) and 0 <= weight <= WEIGHT_TOTAL,
                f"{prefix}weights[{slot!r}]", weight, "a percent from 0 to 100",
            )  # fmt: skip
        if found:
            return found
        left_out = [s for s in slots if s not in self.weights]
        total = sum(self.weights.values())
        if not self.weights:
            return found
        if len(left_out) > 1:
            found.check(False, f"{prefix}weights", dict(self.weights), f"a weight for every slot but at most one (left out: {left_out})")
        elif left_out:
            found.check(total <= WEIGHT_TOTAL, f"{prefix}weights", dict(self.weights), f"at most 100 percent in all, the rest going to {left_out[0]!r}")
        else:
            found.check(total == WEIGHT_TOTAL, f"{prefix}weights", dict(self.weights), f"percents that add up to 100 (they add up to {total})")
        return found

    def traffic(self, slots: tuple[str, ...], active: str) -> dict[str, int]:
        """Slot -> percent, for every slot (in the order given), the left-out slot getting the rest."""
        if not self.weights:
            return {slot: WEIGHT_TOTAL if slot == active else 0 for slot in slots}
        rest = WEIGHT_TOTAL - sum(self.weights.values())
        return {slot: self.weights.get(slot, rest) for slot in slots}

    def primary(self, slots: tuple[str, ...], active: str) -> str:
        """The slot with the larger weight (at a tie ``active``, then the first): what the HPA and PDB follow.

        Weights that ``problems`` refuses give ``active``, so that a plan can be built before it is refused.
        """
        if self.problems("", slots) or not slots:
            return active
        traffic = self.traffic(slots, active)
        top = max(traffic.values())
        leaders = [slot for slot in slots if traffic[slot] == top]
        return active if active in leaders else leaders[0]

    def namespace_labels(self) -> dict[str, str]:
        return {REVISION_LABEL: self.revision} if self.revision else {INJECTION_LABEL: "enabled"}

    def control_plane_peer(self) -> NamespacePeer:
        """The egress the sidecars need: istiod's xDS and certificate port."""
        return NamespacePeer(namespace=self.control_plane_namespace, ports=(ISTIOD_XDS_PORT,))

    def ingress_annotations(self, host: str) -> dict[str, str]:
        """ingress-nginx (itself in the mesh) sends to the Service, not the pods, with the Service's host, so that
        its sidecar routes by the VirtualService (the weights) over mTLS."""
        return {f"{NGINX}/service-upstream": "true", f"{NGINX}/upstream-vhost": host}

    def scrape_tls(self) -> dict[str, Any]:
        """The ServiceMonitor endpoint's ``tlsConfig``: Istio's workload certificates carry a SPIFFE identity and no
        DNS name, so the server name is not verified; the client certificate is what the AuthorizationPolicy checks."""
        certs = self.prometheus_certs.rstrip("/")
        return {
            "caFile": f"{certs}/root-cert.pem", "certFile": f"{certs}/cert-chain.pem", "keyFile": f"{certs}/key.pem",
            "insecureSkipVerify": True,
        }  # fmt: skip


# --- the objects ----------------------------------------------------------------------------------


def _check_common(found: Problems, prefix: str, name: str, namespace: str, selector: Mapping[str, str] | None = None) -> None:
    check_dns_label(found, f"{prefix}name", name)
    check_dns_label(found, f"{prefix}namespace", namespace)
    if selector is not None:
        found.check(len(selector) > 0, f"{prefix}selector", dict(selector), "at least one label (an empty selector is the whole namespace)")


def _api_object(scope: Construct, api_version: str, kind: str, props: _MeshObjectProps) -> ApiObject:
    metadata = ApiObjectMetadata(name=props.name, namespace=props.namespace, labels=dict(props.labels))
    return ApiObject(scope, "Resource", api_version=api_version, kind=kind, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class PeerAuthenticationProps:
    """Props of ``StrictPeerAuthentication``."""

    name: str
    """The PeerAuthentication's name (an RFC 1123 label)."""
    namespace: str
    """Its namespace, the pods' (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of the pods it applies to; at least one."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object. Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        _check_common(found, prefix, self.name, self.namespace, self.selector)
        return found


class StrictPeerAuthentication(Construct):
    """A ``security.istio.io/v1`` PeerAuthentication: the selected pods accept mTLS only (``STRICT``)."""

    def __init__(self, scope: Construct, id: str, props: PeerAuthenticationProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"StrictPeerAuthentication {id!r}")
        self.props = props
        self.resource = _api_object(self, SECURITY_API, "PeerAuthentication", props)
        self.resource.add_json_patch(JsonPatch.add("/spec", {"selector": {"matchLabels": dict(props.selector)}, "mtls": {"mode": "STRICT"}}))


@dataclass(frozen=True, kw_only=True)
class AuthorizationPolicyProps:
    """Props of ``PeerAuthorizationPolicy``."""

    name: str
    """The AuthorizationPolicy's name (an RFC 1123 label)."""
    namespace: str
    """Its namespace, the pods' (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of the pods it applies to; at least one."""
    allow_from: tuple[NamespacePeer, ...] = ()
    """Namespaces whose workloads (by their mTLS identity) may call the pods, each on its ports. Left out, nothing
    is allowed: every request is denied.

    Default: `()`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object. Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        _check_common(found, prefix, self.name, self.namespace, self.selector)
        for i, peer in enumerate(self.allow_from):
            check_dns_label(found, f"{prefix}allow_from[{i}].namespace", peer.namespace)
            found.check(len(peer.ports) > 0, f"{prefix}allow_from[{i}].ports", peer.ports, "at least one port")
            for port in peer.ports:
                check_port(found, f"{prefix}allow_from[{i}].ports", port)
        return found

    def rules(self) -> list[dict[str, Any]]:
        return [
            {"from": [{"source": {"namespaces": [peer.namespace]}}], "to": [{"operation": {"ports": [str(p) for p in peer.ports]}}]} for peer in self.allow_from
        ]


class PeerAuthorizationPolicy(Construct):
    """A ``security.istio.io/v1`` AuthorizationPolicy that allows only the listed namespaces on their ports.

    An ``ALLOW`` policy denies every request that matches none of its rules; with no rules it denies all.
    The source namespace comes from the caller's mTLS certificate, so it needs the ``STRICT`` mTLS of
    ``StrictPeerAuthentication`` (a plain-text caller has no namespace and is denied).
    """

    def __init__(self, scope: Construct, id: str, props: AuthorizationPolicyProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"PeerAuthorizationPolicy {id!r}")
        self.props = props
        self.resource = _api_object(self, SECURITY_API, "AuthorizationPolicy", props)
        spec: dict[str, Any] = {"selector": {"matchLabels": dict(props.selector)}, "action": "ALLOW"}
        if props.allow_from:
            spec["rules"] = props.rules()
        self.resource.add_json_patch(JsonPatch.add("/spec", spec))


@dataclass(frozen=True, kw_only=True)
class DestinationRuleProps:
    """Props of ``SlotDestinationRule``."""

    name: str
    """The DestinationRule's name (an RFC 1123 label)."""
    namespace: str
    """Its namespace, the Service's (an RFC 1123 label)."""
    host: str
    """The Service's fully qualified name, ``<service>.<namespace>.svc.cluster.local``."""
    slots: tuple[str, ...] = ()
    """The blue/green slots, one subset each (selecting the pods labelled ``slot: <slot>``). Left out, no subsets.

    Default: `()`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object. Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        _check_common(found, prefix, self.name, self.namespace)
        found.check(isinstance(self.host, str) and self.host.endswith(f".{self.namespace}.svc.cluster.local"), f"{prefix}host", self.host,
                    f"a Service of namespace {self.namespace!r}, fully qualified: <service>.{self.namespace}.svc.cluster.local")  # fmt: skip
        found.check(len(set(self.slots)) == len(self.slots), f"{prefix}slots", self.slots, "distinct slots")
        for slot in self.slots:
            check_dns_label(found, f"{prefix}slots", slot)
        return found


class SlotDestinationRule(Construct):
    """A ``networking.istio.io/v1`` DestinationRule: mesh mTLS (``ISTIO_MUTUAL``) to the host, one subset per slot."""

    def __init__(self, scope: Construct, id: str, props: DestinationRuleProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"SlotDestinationRule {id!r}")
        self.props = props
        self.resource = _api_object(self, NETWORKING_API, "DestinationRule", props)
        spec: dict[str, Any] = {"host": props.host, "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}
        if props.slots:
            spec["subsets"] = [{"name": slot, "labels": {SLOT_LABEL: slot}} for slot in props.slots]
        self.resource.add_json_patch(JsonPatch.add("/spec", spec))


@dataclass(frozen=True, kw_only=True)
class VirtualServiceProps:
    """Props of ``WeightedVirtualService``."""

    name: str
    """The VirtualService's name (an RFC 1123 label)."""
    namespace: str
    """Its namespace, the Service's (an RFC 1123 label)."""
    host: str
    """The Service's fully qualified name; the subsets are those of its ``SlotDestinationRule``."""
    port: int
    """The Service port whose HTTP traffic is split (other ports are not routed by this object)."""
    weights: Mapping[str, int]
    """Subset (slot) -> percent, at least one, adding up to 100."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object. Left out, none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        _check_common(found, prefix, self.name, self.namespace)
        check_port(found, f"{prefix}port", self.port)
        found.check(len(self.weights) > 0, f"{prefix}weights", dict(self.weights), "at least one subset")
        for subset, weight in self.weights.items():
            check_dns_label(found, f"{prefix}weights", subset)
            found.check(isinstance(weight, int) and 0 <= weight <= WEIGHT_TOTAL, f"{prefix}weights[{subset!r}]", weight, "a percent from 0 to 100")
        found.check(sum(self.weights.values()) == WEIGHT_TOTAL, f"{prefix}weights", dict(self.weights), "percents that add up to 100")
        return found

    def route(self) -> list[dict[str, Any]]:
        return [
            {"destination": {"host": self.host, "subset": subset, "port": {"number": self.port}}, "weight": weight} for subset, weight in self.weights.items()
        ]


class WeightedVirtualService(Construct):
    """A ``networking.istio.io/v1`` VirtualService: the HTTP traffic to one port of the host, split by weight.

    It binds to the sidecars only (no ``gateways``: the ``mesh``), so every caller in the mesh, the
    ingress controller's sidecar included, routes by it. Every subset keeps its route, at weight 0 too,
    so moving traffic is changing numbers, never adding or removing routes.
    """

    def __init__(self, scope: Construct, id: str, props: VirtualServiceProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"WeightedVirtualService {id!r}")
        self.props = props
        self.resource = _api_object(self, NETWORKING_API, "VirtualService", props)
        http = [{"name": "slots", "match": [{"port": props.port}], "route": props.route()}]
        self.resource.add_json_patch(JsonPatch.add("/spec", {"hosts": [props.host], "http": http}))


_MeshObjectProps = PeerAuthenticationProps | AuthorizationPolicyProps | DestinationRuleProps | VirtualServiceProps


# --- the four together ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ServiceMeshProps:
    """Props of ``ServiceMesh``: the mesh objects of one service, all named after it."""

    name: str
    """The service's (and Service's) name (an RFC 1123 label)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of every pod of the service (every slot)."""
    port: int
    """The HTTP port (the Service's and the container's) whose traffic the weights split."""
    allow_from: tuple[NamespacePeer, ...] = ()
    """The peers allowed in, as the NetworkPolicy's. Left out, none.

    Default: `()`
    """
    weights: Mapping[str, int] | None = None
    """Blue/green slot -> percent (every slot, adding up to 100). Left out, no slots: no subsets and no VirtualService.

    Default: `None`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the objects. Left out, none.

    Default: `{}`
    """

    @property
    def host(self) -> str:
        return service_host(self.name, self.namespace)

    def peer_authentication(self) -> PeerAuthenticationProps:
        return PeerAuthenticationProps(name=self.name, namespace=self.namespace, selector=self.selector, labels=self.labels)

    def authorization_policy(self) -> AuthorizationPolicyProps:
        return AuthorizationPolicyProps(name=self.name, namespace=self.namespace, selector=self.selector, allow_from=self.allow_from, labels=self.labels)

    def destination_rule(self) -> DestinationRuleProps:
        slots = tuple(self.weights) if self.weights is not None else ()
        return DestinationRuleProps(name=self.name, namespace=self.namespace, host=self.host, slots=slots, labels=self.labels)

    def virtual_service(self) -> VirtualServiceProps | None:
        if self.weights is None:
            return None
        return VirtualServiceProps(name=self.name, namespace=self.namespace, host=self.host, port=self.port, weights=self.weights, labels=self.labels)

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        found.extend(self.peer_authentication().problems(prefix))
        found.extend(p for p in self.authorization_policy().problems(prefix) if p.prop.startswith(f"{prefix}allow_from"))
        found.extend(p for p in self.destination_rule().problems(prefix) if p.prop.startswith(f"{prefix}slots"))
        virtual_service = self.virtual_service()
        if virtual_service is not None:
            found.extend(p for p in virtual_service.problems(prefix) if p.prop.startswith((f"{prefix}port", f"{prefix}weights")))
        else:
            check_port(found, f"{prefix}port", self.port)
        return found


class ServiceMesh(Construct):
    """The mesh objects of one service: children ``PeerAuthentication``, ``AuthorizationPolicy``,
    ``DestinationRule`` and, with slots, ``VirtualService``."""

    def __init__(self, scope: Construct, id: str, props: ServiceMeshProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"ServiceMesh {id!r}")
        self.props = props
        self.peer_authentication = StrictPeerAuthentication(self, "PeerAuthentication", props.peer_authentication())
        self.authorization_policy = PeerAuthorizationPolicy(self, "AuthorizationPolicy", props.authorization_policy())
        self.destination_rule = SlotDestinationRule(self, "DestinationRule", props.destination_rule())
        virtual_service = props.virtual_service()
        self.virtual_service = WeightedVirtualService(self, "VirtualService", virtual_service) if virtual_service is not None else None


def scrape_over_mtls(service_monitor: ApiObject, mesh: Mesh) -> None:
    """Make a ServiceMonitor's endpoint scrape over the mesh's mTLS: ``https`` with Prometheus's Istio certificate."""
    service_monitor.add_json_patch(
        JsonPatch.add("/spec/endpoints/0/scheme", "https"),
        JsonPatch.add("/spec/endpoints/0/tlsConfig", mesh.scrape_tls()),
    )
