"""A default-deny NetworkPolicy that opens only the listed namespaces and ports.

Namespaces are selected by ``kubernetes.io/metadata.name``, which the API server sets on
every namespace, rather than by a hand-set ``name`` label that may be missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string
from constructs_lib.prop_checks import check_dns_label, check_port

NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True, kw_only=True)
class NamespacePeer:
    """Traffic to or from every pod of ``namespace`` on TCP ``ports``."""

    namespace: str
    """The peer namespace (an RFC 1123 label), selected by its ``kubernetes.io/metadata.name`` label."""
    ports: tuple[int, ...]
    """The TCP ports allowed, at least one, each from 1 to 65535."""


@dataclass(frozen=True, kw_only=True)
class NetworkPolicyProps:
    """Props of ``WorkloadNetworkPolicy``."""

    name: str
    """The NetworkPolicy name (an RFC 1123 label)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    pod_selector: Mapping[str, str]
    """Labels of the pods it isolates; at least one (an empty selector would isolate every pod of the namespace)."""
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
    peer_ports: tuple[int, ...] = ()
    """Ports on which the selected pods reach each other (replication between StatefulSet members, say). Left out,
    they cannot.

    Default: `()`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.check(len(self.pod_selector) > 0, f"{prefix}pod_selector", dict(self.pod_selector), "at least one label")
        for direction, peers in (("ingress_from", self.ingress_from), ("egress_to", self.egress_to)):
            for i, peer in enumerate(peers):
                check_dns_label(found, f"{prefix}{direction}[{i}].namespace", peer.namespace)
                found.check(len(peer.ports) > 0, f"{prefix}{direction}[{i}].ports", peer.ports, "at least one port")
                for port in peer.ports:
                    check_port(found, f"{prefix}{direction}[{i}].ports", port)
        for port in self.peer_ports:
            check_port(found, f"{prefix}peer_ports", port)
        return found


def _tcp(port: int) -> k8s.NetworkPolicyPort:
    return k8s.NetworkPolicyPort(protocol="TCP", port=int_or_string(port))


def _from_namespace(namespace: str) -> k8s.NetworkPolicyPeer:
    return k8s.NetworkPolicyPeer(namespace_selector=k8s.LabelSelector(match_labels={NAMESPACE_NAME_LABEL: namespace}))


class WorkloadNetworkPolicy(Construct):
    """Isolates the selected pods in both directions, then allows only what the props list."""

    def __init__(self, scope: Construct, id: str, props: NetworkPolicyProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"WorkloadNetworkPolicy {id!r}")
        self.props = props
        ingress = [k8s.NetworkPolicyIngressRule(from_=[_from_namespace(p.namespace)], ports=[_tcp(port) for port in p.ports]) for p in props.ingress_from]
        egress = [k8s.NetworkPolicyEgressRule(to=[_from_namespace(p.namespace)], ports=[_tcp(port) for port in p.ports]) for p in props.egress_to]
        if props.peer_ports:
            peers = k8s.NetworkPolicyPeer(pod_selector=k8s.LabelSelector(match_labels=dict(props.pod_selector)))
            ingress.append(k8s.NetworkPolicyIngressRule(from_=[peers], ports=[_tcp(port) for port in props.peer_ports]))
            egress.append(k8s.NetworkPolicyEgressRule(to=[peers], ports=[_tcp(port) for port in props.peer_ports]))
        if props.allow_dns:
            dns = [k8s.NetworkPolicyPort(protocol=protocol, port=int_or_string(53)) for protocol in ("UDP", "TCP")]
            egress.append(k8s.NetworkPolicyEgressRule(ports=dns))
        if props.allow_https:
            egress.append(k8s.NetworkPolicyEgressRule(ports=[_tcp(443)]))
        self.resource = k8s.KubeNetworkPolicy(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
            spec=k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(match_labels=dict(props.pod_selector)),
                policy_types=["Ingress", "Egress"],
                ingress=ingress,
                egress=egress,
            ),
        )  # fmt: skip
