"""An Ingress for ingress-nginx with TLS from cert-manager, HTTPS redirects and rate limits.

Only annotations that ingress-nginx reads are written: ``spec.ingressClassName`` replaces
the deprecated ``kubernetes.io/ingress.class`` annotation, and rate limiting uses
``limit-rps``/``limit-burst-multiplier``/``limit-connections``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain, check_host, check_range

NGINX = "nginx.ingress.kubernetes.io"


@dataclass(frozen=True, kw_only=True)
class RateLimit:
    """ingress-nginx rate limits, per client IP.

    Attributes:
        requests_per_second: ``limit-rps``.
        burst_multiplier: ``limit-burst-multiplier``; defaults to 5 (ingress-nginx's default).
        connections: ``limit-connections`` (concurrent), or ``None`` for no limit.
    """

    requests_per_second: int
    burst_multiplier: int = 5
    connections: int | None = None


@dataclass(frozen=True, kw_only=True)
class IngressProps:
    """Props of ``TlsIngress``.

    Attributes:
        name: The Ingress name.
        namespace: Its namespace.
        host: The public host name; the TLS certificate covers exactly this host.
        service_name: The backend Service.
        service_port: The backend Service port name.
        tls_secret: The Secret holding (or, with cert-manager, receiving) the certificate.
        class_name: ``spec.ingressClassName``; defaults to ``nginx``.
        cluster_issuer: cert-manager ClusterIssuer, or ``None`` to manage the Secret yourself.
        rate_limit: Per-client rate limits, or ``None``.
        labels: Labels for the object.
    """

    name: str
    namespace: str
    host: str
    service_name: str
    service_port: str
    tls_secret: str
    class_name: str = "nginx"
    cluster_issuer: str | None = None
    rate_limit: RateLimit | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        check_host(found, f"{prefix}host", self.host)
        check_dns_label(found, f"{prefix}service_name", self.service_name)
        check_dns_subdomain(found, f"{prefix}tls_secret", self.tls_secret)
        check_dns_subdomain(found, f"{prefix}class_name", self.class_name)
        if self.cluster_issuer is not None:
            check_dns_subdomain(found, f"{prefix}cluster_issuer", self.cluster_issuer)
        if self.rate_limit is not None:
            check_range(found, f"{prefix}rate_limit.requests_per_second", self.rate_limit.requests_per_second, 1)
            check_range(found, f"{prefix}rate_limit.burst_multiplier", self.rate_limit.burst_multiplier, 1)
            if self.rate_limit.connections is not None:
                check_range(found, f"{prefix}rate_limit.connections", self.rate_limit.connections, 1)
        return found

    def annotations(self) -> dict[str, str]:
        annotations = {f"{NGINX}/ssl-redirect": "true", f"{NGINX}/force-ssl-redirect": "true"}
        if self.cluster_issuer is not None:
            annotations["cert-manager.io/cluster-issuer"] = self.cluster_issuer
        if self.rate_limit is not None:
            annotations[f"{NGINX}/limit-rps"] = str(self.rate_limit.requests_per_second)
            annotations[f"{NGINX}/limit-burst-multiplier"] = str(self.rate_limit.burst_multiplier)
            if self.rate_limit.connections is not None:
                annotations[f"{NGINX}/limit-connections"] = str(self.rate_limit.connections)
        return annotations


class TlsIngress(Construct):
    """An Ingress serving one host over TLS, every path to one Service port."""

    def __init__(self, scope: Construct, id: str, props: IngressProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"TlsIngress {id!r}")
        self.props = props
        backend = k8s.IngressBackend(service=k8s.IngressServiceBackend(name=props.service_name, port=k8s.ServiceBackendPort(name=props.service_port)))
        self.resource = k8s.KubeIngress(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels), annotations=props.annotations()),
            spec=k8s.IngressSpec(
                ingress_class_name=props.class_name,
                tls=[k8s.IngressTls(hosts=[props.host], secret_name=props.tls_secret)],
                rules=[
                    k8s.IngressRule(
                        host=props.host,
                        http=k8s.HttpIngressRuleValue(paths=[k8s.HttpIngressPath(path="/", path_type="Prefix", backend=backend)]),
                    )
                ],
            ),
        )  # fmt: skip
