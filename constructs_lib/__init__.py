"""Hardened cdk8s constructs for the services a team runs.

Importing this package is cheap and never starts Node.js: it points jsii at a supported
Node.js (``node_runtime``), and the constructs (which load cdk8s and start jsii) are
imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from constructs_lib.node_runtime import use_supported_node

use_supported_node()

if TYPE_CHECKING:
    from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
    from constructs_lib.errors import PropsError
    from constructs_lib.identity import ServiceAccountProps, WorkloadServiceAccount
    from constructs_lib.ingress import IngressProps, RateLimit, TlsIngress
    from constructs_lib.labels import AppIdentity
    from constructs_lib.namespace import HardenedNamespace, NamespaceProps
    from constructs_lib.network_policy import NamespacePeer, NetworkPolicyProps, WorkloadNetworkPolicy
    from constructs_lib.scaling import (
        Autoscaler,
        AutoscalerProps,
        DisruptionBudget,
        DisruptionBudgetProps,
        ScalingPolicy,
        ScalingRules,
    )
    from constructs_lib.service import ClusterService, ServicePort, ServiceProps
    from constructs_lib.web_service import (
        BlueGreen,
        IngressSettings,
        NetworkAccess,
        Release,
        WebService,
        WebServiceProps,
    )
    from constructs_lib.workload import (
        ConfigMapValue,
        ContainerPort,
        DeploymentProps,
        HardenedDeployment,
        HttpProbe,
        MetricsEndpoint,
        Resources,
    )

_EXPORTS = {
    "config_map": ("ConfigMapProps", "SettingsConfigMap"),
    "errors": ("PropsError",),
    "identity": ("ServiceAccountProps", "WorkloadServiceAccount"),
    "ingress": ("IngressProps", "RateLimit", "TlsIngress"),
    "labels": ("AppIdentity",),
    "namespace": ("HardenedNamespace", "NamespaceProps"),
    "network_policy": ("NamespacePeer", "NetworkPolicyProps", "WorkloadNetworkPolicy"),
    "scaling": ("Autoscaler", "AutoscalerProps", "DisruptionBudget", "DisruptionBudgetProps", "ScalingPolicy", "ScalingRules"),
    "service": ("ClusterService", "ServicePort", "ServiceProps"),
    "web_service": ("BlueGreen", "IngressSettings", "NetworkAccess", "Release", "WebService", "WebServiceProps"),
    "workload": ("ConfigMapValue", "ContainerPort", "DeploymentProps", "HardenedDeployment", "HttpProbe", "MetricsEndpoint", "Resources"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = [
    "AppIdentity",
    "Autoscaler",
    "AutoscalerProps",
    "BlueGreen",
    "ClusterService",
    "ConfigMapProps",
    "ConfigMapValue",
    "ContainerPort",
    "DeploymentProps",
    "DisruptionBudget",
    "DisruptionBudgetProps",
    "HardenedDeployment",
    "HardenedNamespace",
    "HttpProbe",
    "IngressProps",
    "IngressSettings",
    "MetricsEndpoint",
    "NamespacePeer",
    "NamespaceProps",
    "NetworkAccess",
    "NetworkPolicyProps",
    "PropsError",
    "RateLimit",
    "Release",
    "Resources",
    "ScalingPolicy",
    "ScalingRules",
    "ServiceAccountProps",
    "ServicePort",
    "ServiceProps",
    "SettingsConfigMap",
    "TlsIngress",
    "WebService",
    "WebServiceProps",
    "WorkloadNetworkPolicy",
    "WorkloadServiceAccount",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'constructs_lib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"constructs_lib.{module}"), name)
    globals()[name] = value
    return value
