"""Hardened cdk8s constructs for the services a team runs.

The shapes: ``WebService`` (Deployment(s), Service, Ingress, HPA, PDB), ``Worker`` (no
Service), ``StatefulService`` (StatefulSet, headless Service, volume claims), ``BatchJob`` and
``ScheduledJob`` (Job, CronJob); each also renders its ServiceAccount, a default-deny
NetworkPolicy and, optionally, its Namespace. They share one hardened pod (``pod.py``) and
container (``container.py``). Importing this package is cheap and never starts Node.js: it
points jsii at a supported Node.js (``node_runtime``), and the constructs (which load cdk8s
and start jsii) are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from constructs_lib.node_runtime import use_supported_node

use_supported_node()

if TYPE_CHECKING:
    from constructs_lib.config_map import ConfigMapProps, SettingsConfigMap
    from constructs_lib.container import ConfigMapValue, ContainerPort, ContainerSpec, EnvFrom, Mount, Resources, SecretValue
    from constructs_lib.errors import Problem, PropsError
    from constructs_lib.gitops import GitOpsDefinitions, GitOpsProps, GitOpsTarget, GitSource
    from constructs_lib.identity import ServiceAccountProps, WorkloadServiceAccount
    from constructs_lib.ingress import IngressProps, RateLimit, TlsIngress
    from constructs_lib.jobs import BatchJob, JobProps, ScheduledJob, ScheduledJobProps
    from constructs_lib.labels import AppIdentity
    from constructs_lib.mesh import (
        AuthorizationPolicyProps,
        DestinationRuleProps,
        Mesh,
        PeerAuthenticationProps,
        PeerAuthorizationPolicy,
        ServiceMesh,
        ServiceMeshProps,
        SlotDestinationRule,
        StrictPeerAuthentication,
        VirtualServiceProps,
        WeightedVirtualService,
    )
    from constructs_lib.namespace import HardenedNamespace, NamespaceProps
    from constructs_lib.network_policy import NamespacePeer, NetworkPolicyProps, WorkloadNetworkPolicy
    from constructs_lib.pod import ConfigMapVolume, EmptyDirVolume, PodSettings, ProjectedVolume, SecretVolume, Toleration
    from constructs_lib.probes import ExecProbe, GrpcProbe, HttpProbe, TcpProbe
    from constructs_lib.scaling import Autoscaler, AutoscalerProps, DisruptionBudget, DisruptionBudgetProps, ScalingPolicy, ScalingRules
    from constructs_lib.service import ClusterService, ServicePort, ServiceProps
    from constructs_lib.shape import NetworkAccess, Release, WorkloadProps
    from constructs_lib.stateful import StatefulService, StatefulServiceProps, VolumeClaim
    from constructs_lib.synth import RenderedObject, collect, write_tree
    from constructs_lib.web_service import BlueGreen, IngressSettings, WebService, WebServiceProps
    from constructs_lib.worker import Worker, WorkerAutoscaling, WorkerProps
    from constructs_lib.workload import DeploymentProps, HardenedDeployment, MetricsEndpoint

_EXPORTS = {
    "config_map": ("ConfigMapProps", "SettingsConfigMap"),
    "container": ("ConfigMapValue", "ContainerPort", "ContainerSpec", "EnvFrom", "Mount", "Resources", "SecretValue"),
    "errors": ("Problem", "PropsError"),
    "gitops": ("GitOpsDefinitions", "GitOpsProps", "GitOpsTarget", "GitSource"),
    "identity": ("ServiceAccountProps", "WorkloadServiceAccount"),
    "ingress": ("IngressProps", "RateLimit", "TlsIngress"),
    "jobs": ("BatchJob", "JobProps", "ScheduledJob", "ScheduledJobProps"),
    "labels": ("AppIdentity",),
    "mesh": (
        "AuthorizationPolicyProps",
        "DestinationRuleProps",
        "Mesh",
        "PeerAuthenticationProps",
        "PeerAuthorizationPolicy",
        "ServiceMesh",
        "ServiceMeshProps",
        "SlotDestinationRule",
        "StrictPeerAuthentication",
        "VirtualServiceProps",
        "WeightedVirtualService",
    ),
    "namespace": ("HardenedNamespace", "NamespaceProps"),
    "network_policy": ("NamespacePeer", "NetworkPolicyProps", "WorkloadNetworkPolicy"),
    "pod": ("ConfigMapVolume", "EmptyDirVolume", "PodSettings", "ProjectedVolume", "SecretVolume", "Toleration"),
    "probes": ("ExecProbe", "GrpcProbe", "HttpProbe", "TcpProbe"),
    "scaling": ("Autoscaler", "AutoscalerProps", "DisruptionBudget", "DisruptionBudgetProps", "ScalingPolicy", "ScalingRules"),
    "service": ("ClusterService", "ServicePort", "ServiceProps"),
    "shape": ("NetworkAccess", "Release", "WorkloadProps"),
    "stateful": ("StatefulService", "StatefulServiceProps", "VolumeClaim"),
    "synth": ("RenderedObject", "collect", "write_tree"),
    "web_service": ("BlueGreen", "IngressSettings", "WebService", "WebServiceProps"),
    "worker": ("Worker", "WorkerAutoscaling", "WorkerProps"),
    "workload": ("DeploymentProps", "HardenedDeployment", "MetricsEndpoint"),
}
"""Module -> the public names it defines (the names above are imported only for type checkers)."""
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = [
    "AppIdentity",
    "AuthorizationPolicyProps",
    "Autoscaler",
    "AutoscalerProps",
    "BatchJob",
    "BlueGreen",
    "ClusterService",
    "ConfigMapProps",
    "ConfigMapValue",
    "ConfigMapVolume",
    "ContainerPort",
    "ContainerSpec",
    "DeploymentProps",
    "DestinationRuleProps",
    "DisruptionBudget",
    "DisruptionBudgetProps",
    "EmptyDirVolume",
    "EnvFrom",
    "ExecProbe",
    "GitOpsDefinitions",
    "GitOpsProps",
    "GitOpsTarget",
    "GitSource",
    "GrpcProbe",
    "HardenedDeployment",
    "HardenedNamespace",
    "HttpProbe",
    "IngressProps",
    "IngressSettings",
    "JobProps",
    "Mesh",
    "MetricsEndpoint",
    "Mount",
    "NamespacePeer",
    "NamespaceProps",
    "NetworkAccess",
    "NetworkPolicyProps",
    "PeerAuthenticationProps",
    "PeerAuthorizationPolicy",
    "PodSettings",
    "Problem",
    "ProjectedVolume",
    "PropsError",
    "RateLimit",
    "Release",
    "RenderedObject",
    "Resources",
    "ScalingPolicy",
    "ScalingRules",
    "ScheduledJob",
    "ScheduledJobProps",
    "SecretValue",
    "SecretVolume",
    "ServiceAccountProps",
    "ServiceMesh",
    "ServiceMeshProps",
    "ServicePort",
    "ServiceProps",
    "SettingsConfigMap",
    "SlotDestinationRule",
    "StatefulService",
    "StatefulServiceProps",
    "StrictPeerAuthentication",
    "TcpProbe",
    "TlsIngress",
    "Toleration",
    "VirtualServiceProps",
    "VolumeClaim",
    "WebService",
    "WebServiceProps",
    "WeightedVirtualService",
    "Worker",
    "WorkerAutoscaling",
    "WorkerProps",
    "WorkloadNetworkPolicy",
    "WorkloadProps",
    "WorkloadServiceAccount",
    "collect",
    "write_tree",
]
"""The same names as ``_EXPORTS`` (a literal list, for linters; tests/constructs checks they agree)."""


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'constructs_lib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"constructs_lib.{module}"), name)
    globals()[name] = value
    return value
