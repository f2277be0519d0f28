"""A ClusterIP Service in front of a workload's pods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import int_or_string
from constructs_lib.prop_checks import DNS_1035_LABEL, check_dns_label, check_port, check_port_name, check_type


@dataclass(frozen=True, kw_only=True)
class ServicePort:
    """A Service port forwarding to a named container port."""

    name: str
    """The port's name: an IANA service name (at most 15 lower-case letters, digits and '-', with at least one letter)."""
    port: int
    """The port number the Service listens on, from 1 to 65535."""
    target: str | None = None
    """The container port (by name) the traffic goes to; left out, the container port named ``name``.

    Default: `None` (the port's ``name``)
    """


@dataclass(frozen=True, kw_only=True)
class ServiceProps:
    """Props of ``ClusterService``."""

    name: str
    """The Service name: an RFC 1035 label (lower-case letters, digits and '-', starting with a letter), at most 63 characters."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    selector: Mapping[str, str]
    """Labels of the pods it sends traffic to; at least one (an empty selector would select no pods)."""
    ports: tuple[ServicePort, ...]
    """Its ports, at least one, each forwarding to a named container port."""
    type: str = "ClusterIP"
    """``ClusterIP``, ``NodePort`` or ``LoadBalancer`` (give a LoadBalancer the annotations that say who may reach it).
    Left out, ``ClusterIP``: reachable inside the cluster only.

    Default: `'ClusterIP'`
    """
    headless: bool = False
    """No cluster IP (``clusterIP: None``): DNS gives each pod's address, as a StatefulSet's governing Service needs.
    Left out, a cluster IP.

    Default: `False`
    """
    annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations, e.g. a cloud load balancer's settings. Left out, none.

    Default: `{}`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        found.check(
            bool(DNS_1035_LABEL.match(self.name)) and len(self.name) <= 63,
            f"{prefix}name",
            self.name,
            "an RFC 1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters",
        )
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.check(len(self.selector) > 0, f"{prefix}selector", dict(self.selector), "at least one label (an empty selector would select no pods)")
        found.check(len(self.ports) > 0, f"{prefix}ports", self.ports, "at least one port")
        found.check(self.type in ("ClusterIP", "NodePort", "LoadBalancer"), f"{prefix}type", self.type, "ClusterIP, NodePort or LoadBalancer")
        found.check(not (self.headless and self.type != "ClusterIP"), f"{prefix}headless", self.headless, "only with type ClusterIP")
        check_type(found, f"{prefix}annotations", self.annotations, Mapping)
        for i, port in enumerate(self.ports):
            check_port_name(found, f"{prefix}ports[{i}].name", port.name)
            check_port(found, f"{prefix}ports[{i}].port", port.port)
        return found


class ClusterService(Construct):
    """A ClusterIP Service whose ports target container ports by name."""

    def __init__(self, scope: Construct, id: str, props: ServiceProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"ClusterService {id!r}")
        self.props = props
        self.resource = k8s.KubeService(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels), annotations=dict(props.annotations) or None),
            spec=k8s.ServiceSpec(
                type=props.type,
                cluster_ip="None" if props.headless else None,
                selector=dict(props.selector),
                ports=[
                    k8s.ServicePort(name=p.name, port=p.port, target_port=int_or_string(p.target or p.name), protocol="TCP")
                    for p in props.ports
                ],
            ),
        )  # fmt: skip
