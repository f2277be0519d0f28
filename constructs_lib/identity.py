"""The ServiceAccount a workload runs as, with no API token mounted by default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label, check_dns_subdomain


@dataclass(frozen=True, kw_only=True)
class ServiceAccountProps:
    """Props of ``WorkloadServiceAccount``."""

    name: str
    """The ServiceAccount name (an RFC 1123 subdomain)."""
    namespace: str
    """Its namespace (an RFC 1123 label)."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Labels for the object; left out, it has none.

    Default: `{}`
    """
    annotations: Mapping[str, str] = field(default_factory=dict)
    """Annotations, e.g. a cloud workload identity (``eks.amazonaws.com/role-arn``, ``iam.gke.io/gcp-service-account``,
    ``azure.workload.identity/client-id``). Left out, none.

    Default: `{}`
    """
    automount_token: bool = False
    """Whether pods get an API token by default (``automountServiceAccountToken``, always written). Left out, no
    token: a web service that does not call the Kubernetes API needs none.

    Default: `False`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        return found


class WorkloadServiceAccount(Construct):
    """A ServiceAccount; ``automountServiceAccountToken`` is always written explicitly."""

    def __init__(self, scope: Construct, id: str, props: ServiceAccountProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"WorkloadServiceAccount {id!r}")
        self.props = props
        self.resource = k8s.KubeServiceAccount(
            self, "Resource",
            metadata=k8s.ObjectMeta(name=props.name, namespace=props.namespace, labels=dict(props.labels), annotations=dict(props.annotations) or None),
            automount_service_account_token=props.automount_token,
        )  # fmt: skip
