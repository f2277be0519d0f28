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
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain, check_host, check_path, check_range, check_type

NGINX = "nginx.ingress.kubernetes.io"


@dataclass(frozen=True, kw_only=True)
class RateLimit:
    """ingress-nginx rate limits, per client IP."""

    requests_per_second: int
    """``limit-rps``: requests per second, at least 1."""
    burst_multiplier: int = 5
    """``limit-burst-multiplier``: how many times ``requests_per_second`` a burst may reach, at least 1. Left out, 5
    (ingress-nginx's default).

    Default: `5`
    """
    connections: int | None = None
    """``limit-connections``: concurrent connections, at least 1. Left out, the annotation is not written and
    connections are not limited.

    Default: `None`
    """


@dataclass(frozen=True, kw_only=True)
class IngressProps:
    """Props of ``TlsIngress``."""

    name: str
    """The Ingress name (an RFC 1123 subdomain)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    host: str
    """The public host name, fully qualified and without a wildcard; the TLS certificate covers exactly this host."""
    service_name: str
    """The backend Service (an RFC 1123 label)."""
    service_port: str
    """The backend Service port, by name."""
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
    """More host names served the same way (and covered by the same certificate). Left out, only ``host``.

    Default: `()`
    """
    paths: tuple[str, ...] = ("/",)
    """The path prefixes routed to the Service, on every host. Left out, everything (``/``).

    Default: `('/',)`
    """
    extra_annotations: Mapping[str, str] = field(default_factory=dict)
    """More annotations for the ingress controller (e.g. ``nginx.ingress.kubernetes.io/proxy-body-size``); they may
    not replace the TLS-redirect annotations. Left out, none.

    Default: `{}`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        check_host(found, f"{prefix}host", self.host)
        if check_type(found, f"{prefix}additional_hosts", self.additional_hosts, tuple, item=str):
            for i, host in enumerate(self.additional_hosts):
                check_host(found, f"{prefix}additional_hosts[{i}]", host)
            hosts = self.hosts
            found.check(len(set(hosts)) == len(hosts), f"{prefix}additional_hosts", hosts, "distinct host names")
        if check_type(found, f"{prefix}paths", self.paths, tuple, item=str):
            found.check(len(self.paths) > 0, f"{prefix}paths", self.paths, "at least one path")
            for i, path in enumerate(self.paths):
                check_path(found, f"{prefix}paths[{i}]", path)
        if check_type(found, f"{prefix}extra_annotations", self.extra_annotations, Mapping):
            for key in self.extra_annotations:
                found.check(key not in (f"{NGINX}/ssl-redirect", f"{NGINX}/force-ssl-redirect"), f"{prefix}extra_annotations", key,
                            "an annotation other than the TLS redirects, which are always on")  # fmt: skip
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

    @property
    def hosts(self) -> list[str]:
        return [self.host, *self.additional_hosts]

    def annotations(self) -> dict[str, str]:
        annotations = {**self.extra_annotations, f"{NGINX}/ssl-redirect": "true", f"{NGINX}/force-ssl-redirect": "true"}
        if self.cluster_issuer is not None:
            annotations["cert-manager.io/cluster-issuer"] = self.cluster_issuer
        if self.rate_limit is not None:
            annotations[f"{NGINX}/limit-rps"] = str(self.rate_limit.requests_per_second)
            annotations[f"{NGINX}/limit-burst-multiplier"] = str(self.rate_limit.burst_multiplier)
            if self.rate_limit.connections is not None:
                annotations[f"{NGINX}/limit-connections"] = str(self.rate_limit.connections)
        return annotations


class TlsIngress(Construct):
    """An Ingress serving its hosts over TLS (one certificate), its path prefixes to one Service port."""

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
                tls=[k8s.IngressTls(hosts=props.hosts, secret_name=props.tls_secret)],
                rules=[
                    k8s.IngressRule(
                        host=host,
                        http=k8s.HttpIngressRuleValue(paths=[k8s.HttpIngressPath(path=path, path_type="Prefix", backend=backend) for path in props.paths]),
                    )
                    for host in props.hosts
                ],
            ),
        )  # fmt: skip
