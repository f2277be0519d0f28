"""The hardened container, shared by every workload shape: ports, environment, mounts, probes, resources.

Every container runs as a non-root UID with seccomp ``RuntimeDefault``, all capabilities
dropped, no privilege escalation and a read-only root filesystem; ``writable_paths`` become
emptyDir volumes. ``ContainerSpec.to_k8s`` is the one place that writes a container.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cdk8s_plus_30 import k8s

from constructs_lib.errors import Problems
from constructs_lib.k8s_values import quantity
from constructs_lib.probes import PROBE_TYPES, Probe, probe_port
from constructs_lib.prop_checks import (
    check_dns_label,
    check_dns_subdomain,
    check_image,
    check_path,
    check_port,
    check_port_name,
    check_quantity,
    check_type,
)

_WRITABLE_PATH = re.compile(r"^(/[A-Za-z0-9._-]+)+$")
_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]{1,253}$")


def _check_key(found: Problems, prop: str, key: object) -> None:
    """A ConfigMap or Secret key, as the API server checks it in a key reference."""
    if check_type(found, prop, key, str):
        found.check(isinstance(key, str) and bool(_CONFIG_KEY.match(key)), prop, key, "a key of letters, digits, '-', '_' and '.' (at most 253 characters)")


@dataclass(frozen=True, kw_only=True)
class ContainerPort:
    """A named TCP port the container listens on."""

    name: str
    """The port's name: an IANA service name (at most 15 lower-case letters, digits and '-', with at least one letter,
    no '--')."""
    port: int
    """The port number, from 1 to 65535."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_port_name(found, f"{prefix}.name", self.name)
        if isinstance(self.name, str) and "--" in self.name:  # IANA_SVC_NAME: the API server refuses consecutive hyphens
            found.add(f"{prefix}.name", self.name, "an IANA service name without '--'")
        check_port(found, f"{prefix}.port", self.port)
        return found


@dataclass(frozen=True, kw_only=True)
class Resources:
    """CPU, memory and ephemeral-storage requests and limits; each limit must be at least its request.

    The defaults suit a small web service; pass all values you care about (unlike
    cdk8s-plus, a value you leave out keeps its default here rather than disappearing).
    """

    cpu_request: str = "100m"
    """The CPU request: a positive quantity such as ``100m`` or ``0.5``. Left out, a tenth of a core.

    Default: `'100m'`
    """
    cpu_limit: str = "500m"
    """The CPU limit: a positive quantity, at least ``cpu_request``. Left out, half a core.

    Default: `'500m'`
    """
    memory_request: str = "128Mi"
    """The memory request: a positive quantity such as ``128Mi`` or ``1Gi``. Left out, 128 MiB.

    Default: `'128Mi'`
    """
    memory_limit: str = "256Mi"
    """The memory limit: a positive quantity, at least ``memory_request``. Left out, 256 MiB.

    Default: `'256Mi'`
    """
    ephemeral_storage_request: str = "64Mi"
    """The ephemeral-storage request: a positive quantity. Left out, 64 MiB.

    Default: `'64Mi'`
    """
    ephemeral_storage_limit: str = "256Mi"
    """The ephemeral-storage limit: a positive quantity, at least ``ephemeral_storage_request``. Left out, 256 MiB.

    Default: `'256Mi'`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        for resource in ("cpu", "memory", "ephemeral_storage"):
            request = check_quantity(found, f"{prefix}.{resource}_request", getattr(self, f"{resource}_request"))
            limit = check_quantity(found, f"{prefix}.{resource}_limit", getattr(self, f"{resource}_limit"))
            if request is not None and limit is not None:
                found.check(
                    limit >= request,
                    f"{prefix}.{resource}_limit",
                    getattr(self, f"{resource}_limit"),
                    f"at least {resource}_request ({getattr(self, f'{resource}_request')})",
                )
        return found

    def to_k8s(self) -> k8s.ResourceRequirements:
        def quantities(kind: str) -> dict[str, k8s.Quantity]:
            return {
                "cpu": quantity(getattr(self, f"cpu_{kind}")),
                "memory": quantity(getattr(self, f"memory_{kind}")),
                "ephemeral-storage": quantity(getattr(self, f"ephemeral_storage_{kind}")),
            }

        return k8s.ResourceRequirements(requests=quantities("request"), limits=quantities("limit"))


@dataclass(frozen=True, kw_only=True)
class ConfigMapValue:
    """An environment variable whose value comes from a ConfigMap key."""

    config_map: str
    """The ConfigMap's name."""
    key: str
    """The key whose value the variable gets."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}.config_map", self.config_map)
        _check_key(found, f"{prefix}.key", self.key)
        return found

    def to_k8s(self) -> k8s.EnvVarSource:
        return k8s.EnvVarSource(config_map_key_ref=k8s.ConfigMapKeySelector(name=self.config_map, key=self.key))


@dataclass(frozen=True, kw_only=True)
class SecretValue:
    """An environment variable whose value comes from a Secret key."""

    secret: str
    """The Secret's name."""
    key: str
    """The key whose value the variable gets."""

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_subdomain(found, f"{prefix}.secret", self.secret)
        _check_key(found, f"{prefix}.key", self.key)
        return found

    def to_k8s(self) -> k8s.EnvVarSource:
        return k8s.EnvVarSource(secret_key_ref=k8s.SecretKeySelector(name=self.secret, key=self.key))


EnvValue = str | ConfigMapValue | SecretValue
"""A variable's value: a literal string, or a key of a ConfigMap or Secret."""


@dataclass(frozen=True, kw_only=True)
class EnvFrom:
    """Every key of a ConfigMap or a Secret as environment variables (``envFrom``)."""

    config_map: str | None = None
    """The ConfigMap's name; exactly one of ``config_map`` and ``secret``.

    Default: `None`
    """
    secret: str | None = None
    """The Secret's name; exactly one of ``config_map`` and ``secret``.

    Default: `None`
    """
    prefix: str | None = None
    """A prefix added to every variable name: letters, digits, '-', '_' and '.', not starting with a digit. Left out,
    the keys are the names.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        found.check((self.config_map is None) != (self.secret is None), prefix, self, "exactly one of config_map and secret")
        for name in ("config_map", "secret"):
            value = getattr(self, name)
            if value is not None:
                check_dns_subdomain(found, f"{prefix}.{name}", value)
        if self.prefix is not None:
            found.check(isinstance(self.prefix, str) and bool(_ENV_NAME.match(self.prefix)), f"{prefix}.prefix", self.prefix,
                        "letters, digits, '-', '_' and '.', not starting with a digit")  # fmt: skip
        return found

    def to_k8s(self) -> k8s.EnvFromSource:
        return k8s.EnvFromSource(
            config_map_ref=k8s.ConfigMapEnvSource(name=self.config_map) if self.config_map else None,
            secret_ref=k8s.SecretEnvSource(name=self.secret) if self.secret else None,
            prefix=self.prefix,
        )


@dataclass(frozen=True, kw_only=True)
class Mount:
    """A volume of the pod (``PodSettings.volumes``) mounted into the container."""

    volume: str
    """The volume's name."""
    path: str
    """The absolute mount path."""
    read_only: bool = True
    """Whether the mount is read-only. Left out, it is.

    Default: `True`
    """
    sub_path: str | None = None
    """A path inside the volume to mount instead of its root: relative, without a '..' part. Left out, the whole
    volume.

    Default: `None`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}.volume", self.volume)
        check_path(found, f"{prefix}.path", self.path)
        check_type(found, f"{prefix}.read_only", self.read_only, bool)
        if self.sub_path is not None:
            found.check(
                isinstance(self.sub_path, str) and not self.sub_path.startswith("/") and ".." not in self.sub_path.split("/"),
                f"{prefix}.sub_path", self.sub_path, "a relative path inside the volume, without a '..' part",
            )  # fmt: skip
        return found

    def to_k8s(self) -> k8s.VolumeMount:
        return k8s.VolumeMount(name=self.volume, mount_path=self.path, read_only=self.read_only, sub_path=self.sub_path)


def volume_name(path: str) -> str:
    """A stable volume name for a writable path: ``/var/cache/nginx`` -> ``var-cache-nginx``."""
    return path.strip("/").replace("/", "-").replace("_", "-").replace(".", "-").lower() or "root"


@dataclass(frozen=True, kw_only=True)
class ContainerSpec:
    """One container of a hardened pod: the main container, a sidecar or an init container."""

    name: str
    """The container's name (an RFC 1123 label), unique in the pod."""
    image: str
    """The image, pinned by a tag other than ``latest`` or by a sha256 digest, e.g. ``ghcr.io/org/app:1.2.3``."""
    ports: tuple[ContainerPort, ...] = ()
    """The container's named ports, with distinct names and numbers. Left out, none (a worker, a job).

    Default: `()`
    """
    command: tuple[str, ...] | None = None
    """The entrypoint (no shell). Left out, the image's.

    Default: `None`
    """
    args: tuple[str, ...] | None = None
    """The arguments. Left out, the image's.

    Default: `None`
    """
    env: Mapping[str, EnvValue] = field(default_factory=dict)
    """Environment variables: literal strings, ``ConfigMapValue`` or ``SecretValue`` references, under names of
    letters, digits, '-', '_' and '.' that do not start with a digit. Left out, none.

    Default: `{}`
    """
    env_from: tuple[EnvFrom, ...] = ()
    """Whole ConfigMaps or Secrets as variables. Left out, none.

    Default: `()`
    """
    mounts: tuple[Mount, ...] = ()
    """Volumes of the pod mounted into the container, each at its own path (not one of ``writable_paths``). Left out,
    none (besides ``writable_paths``).

    Default: `()`
    """
    liveness: Probe | None = None
    """The liveness probe (HTTP, TCP, gRPC or exec); a port it probes must be one of ``ports``. Left out, none.

    Default: `None`
    """
    readiness: Probe | None = None
    """The readiness probe; a port it probes must be one of ``ports``. Left out, none.

    Default: `None`
    """
    startup: Probe | None = None
    """The startup probe, which holds off the other probes until the container has started. Left out, none.

    Default: `None`
    """
    resources: Resources = field(default_factory=Resources)
    """Requests and limits. Left out, the ``Resources`` defaults.

    Default: `Resources(cpu_request='100m', cpu_limit='500m', memory_request='128Mi', memory_limit='256Mi', ephemeral_storage_request='64Mi', ephemeral_storage_limit='256Mi')`
    """  # noqa: E501
    writable_paths: tuple[str, ...] = ("/tmp",)
    """Paths mounted as emptyDir volumes, because the root filesystem is read-only: absolute paths of letters,
    digits, '.', '_', '-' and '/', without a trailing '/'. Left out, only ``/tmp``.

    Default: `('/tmp',)`
    """
    restart_always: bool = False
    """For an init container only: ``restartPolicy: Always``, a native sidecar that starts before the main container
    and runs beside it. Left out, a plain init container that runs to completion first.

    Default: `False`
    """

    def problems(self, prefix: str) -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}.name", self.name)
        check_image(found, f"{prefix}.image", self.image)
        if check_type(found, f"{prefix}.ports", self.ports, tuple, item=ContainerPort):
            for i, container_port in enumerate(self.ports):
                found.extend(container_port.problems(f"{prefix}.ports[{i}]"))
            names = [p.name for p in self.ports]
            numbers = [p.port for p in self.ports]
            found.check(len(set(names)) == len(names), f"{prefix}.ports", names, "distinct port names")
            found.check(len(set(numbers)) == len(numbers), f"{prefix}.ports", numbers, "distinct port numbers")
        numbers = [p.port for p in self.ports] if isinstance(self.ports, tuple) else []
        for name in ("command", "args"):
            value = getattr(self, name)
            if value is not None:
                check_type(found, f"{prefix}.{name}", value, tuple, item=str)
        if check_type(found, f"{prefix}.env", self.env, Mapping):
            for env_name, value in self.env.items():
                found.check(isinstance(env_name, str) and bool(_ENV_NAME.match(env_name)), f"{prefix}.env", env_name,
                            "a variable name of letters, digits, '-', '_' and '.', not starting with a digit")  # fmt: skip
                if isinstance(value, (ConfigMapValue, SecretValue)):
                    found.extend(value.problems(f"{prefix}.env[{env_name!r}]"))
                else:
                    check_type(found, f"{prefix}.env[{env_name!r}]", value, (str, ConfigMapValue, SecretValue))
        if check_type(found, f"{prefix}.env_from", self.env_from, tuple, item=EnvFrom):
            for i, source in enumerate(self.env_from):
                found.extend(source.problems(f"{prefix}.env_from[{i}]"))
        if check_type(found, f"{prefix}.mounts", self.mounts, tuple, item=Mount):
            for i, mount in enumerate(self.mounts):
                found.extend(mount.problems(f"{prefix}.mounts[{i}]"))
        for probe_name in ("liveness", "readiness", "startup"):
            probe = getattr(self, probe_name)
            if probe is None:
                continue
            if check_type(found, f"{prefix}.{probe_name}", probe, PROBE_TYPES):
                found.extend(probe.problems(f"{prefix}.{probe_name}"))
                probed = probe_port(probe)
                if probed is not None:
                    found.check(probed in numbers, f"{prefix}.{probe_name}.port", probed, f"one of the container ports {numbers}")
        if check_type(found, f"{prefix}.resources", self.resources, Resources):
            found.extend(self.resources.problems(f"{prefix}.resources"))
        if check_type(found, f"{prefix}.writable_paths", self.writable_paths, tuple, item=str):
            for i, path in enumerate(self.writable_paths):
                found.check(
                    bool(_WRITABLE_PATH.match(path)) and len(volume_name(path)) <= 63, f"{prefix}.writable_paths[{i}]", path,
                    "an absolute path of letters, digits, '.', '_', '-' and '/', without a trailing '/', whose volume name fits 63 characters",
                )  # fmt: skip
            volume_names = [volume_name(p) for p in self.writable_paths]
            found.check(
                len(set(volume_names)) == len(volume_names), f"{prefix}.writable_paths", self.writable_paths,
                f"paths whose volume names {volume_names} are distinct",
            )  # fmt: skip
        if isinstance(self.mounts, tuple) and isinstance(self.writable_paths, tuple):  # the API server refuses two mounts at one path
            used = [p for p in self.writable_paths if isinstance(p, str)]
            for i, mount in enumerate(self.mounts):
                if isinstance(mount, Mount) and isinstance(mount.path, str):
                    found.check(mount.path not in used, f"{prefix}.mounts[{i}].path", mount.path, "a path no other mount or writable path uses")
                    used.append(mount.path)
        check_type(found, f"{prefix}.restart_always", self.restart_always, bool)
        return found

    def writable_volumes(self, volume_prefix: str = "") -> list[tuple[str, str]]:
        """(volume name, path) of each writable path; ``volume_prefix`` keeps the names of several containers apart."""
        return [(f"{volume_prefix}{volume_name(path)}", path) for path in self.writable_paths]

    def to_k8s(self, run_as_user: int, volume_prefix: str = "") -> k8s.Container:
        """The hardened container, running as ``run_as_user``."""
        env = [
            k8s.EnvVar(name=name, value=value) if isinstance(value, str) else k8s.EnvVar(name=name, value_from=value.to_k8s())
            for name, value in self.env.items()
        ]
        mounts = [k8s.VolumeMount(name=name, mount_path=path) for name, path in self.writable_volumes(volume_prefix)]
        mounts += [mount.to_k8s() for mount in self.mounts]
        return k8s.Container(
            name=self.name,
            image=self.image,
            image_pull_policy="IfNotPresent",
            command=list(self.command) if self.command is not None else None,
            args=list(self.args) if self.args is not None else None,
            ports=[k8s.ContainerPort(name=p.name, container_port=p.port, protocol="TCP") for p in self.ports] or None,
            env=env or None,
            env_from=[source.to_k8s() for source in self.env_from] or None,
            resources=self.resources.to_k8s(),
            liveness_probe=self.liveness.to_k8s() if self.liveness else None,
            readiness_probe=self.readiness.to_k8s() if self.readiness else None,
            startup_probe=self.startup.to_k8s() if self.startup else None,
            restart_policy="Always" if self.restart_always else None,
            security_context=k8s.SecurityContext(
                allow_privilege_escalation=False,
                privileged=False,
                read_only_root_filesystem=True,
                run_as_non_root=True,
                run_as_user=run_as_user,
                run_as_group=run_as_user,
                capabilities=k8s.Capabilities(drop=["ALL"]),
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            ),
            volume_mounts=mounts or None,
        )
