"""A Namespace that enforces a Pod Security Standard through Pod Security Admission labels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label

PSS_LEVELS = ("baseline", "restricted")
"""Levels a namespace may enforce: a privileged namespace admits any pod (the policy pack's namespace-pss-enforce refuses it)."""
_VERSION = re.compile(r"^(latest|v1\.\d{1,2})$")


@dataclass(frozen=True, kw_only=True)
class NamespaceProps:
    """Props of ``HardenedNamespace``."""

    name: str
    """The namespace name (an RFC 1123 label)."""
    pss_level: str = "restricted"
    """The Pod Security Standard enforced, audited and warned about: ``baseline`` or ``restricted`` (never
    ``privileged``, which admits any pod).
    Left out, ``restricted``.

    Default: `'restricted'`
    """
    pss_version: str = "v1.30"
    """The policy version the labels pin: ``latest`` or a minor version such as ``v1.30``; pinning keeps a cluster
    upgrade from changing what is admitted. Left out, ``v1.30``, the oldest Kubernetes version this library renders for.

    Default: `'v1.30'`
    """
    labels: Mapping[str, str] = field(default_factory=dict)
    """Extra labels; the Pod Security labels always win. Left out, only the Pod Security labels.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        found.check(self.pss_level in PSS_LEVELS, f"{prefix}pss_level", self.pss_level, f"one of {', '.join(PSS_LEVELS)}")
        found.check(bool(_VERSION.match(self.pss_version)), f"{prefix}pss_version", self.pss_version, "'latest' or a minor version such as 'v1.30'")
        return found

    def pod_security_labels(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for mode in ("enforce", "audit", "warn"):
            labels[f"pod-security.kubernetes.io/{mode}"] = self.pss_level
            labels[f"pod-security.kubernetes.io/{mode}-version"] = self.pss_version
        return labels


class HardenedNamespace(Construct):
    """A Namespace labelled for Pod Security Admission (enforce, audit and warn).

    The object is cluster-scoped, so it carries no ``metadata.namespace`` (do not give the
    chart a namespace: cdk8s would stamp it onto this object too).
    """

    def __init__(self, scope: Construct, id: str, props: NamespaceProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"HardenedNamespace {id!r}")
        self.props = props
        self.resource = k8s.KubeNamespace(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, labels={**props.labels, **props.pod_security_labels()}),
        )  # fmt: skip
