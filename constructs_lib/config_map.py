"""A ConfigMap holding a service's non-secret settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain

_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


@dataclass(frozen=True, kw_only=True)
class ConfigMapProps:
    """Props of ``SettingsConfigMap``."""

    name: str
    """The ConfigMap name (an RFC 1123 subdomain)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    data: Mapping[str, str]
    """The settings: string values under keys of letters, digits, '-', '_' or '.', at most 253 characters."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        for key, value in self.data.items():
            found.check(bool(_KEY.match(key)) and len(key) <= 253, f"{prefix}data key", key, "letters, digits, '-', '_' or '.', at most 253 characters")
            found.check(isinstance(value, str), f"{prefix}data[{key!r}]", value, "a string")
        return found


class SettingsConfigMap(Construct):
    """A ConfigMap whose keys are sorted, so renders are stable."""

    def __init__(self, scope: Construct, id: str, props: ConfigMapProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"SettingsConfigMap {id!r}")
        self.props = props
        self.resource = k8s.KubeConfigMap(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels)),
            data=dict(sorted(props.data.items())),
        )  # fmt: skip
