"""Hypothesis strategies for pods that exercise every Pod Security Standards control.

Every field is drawn from a list whose first entry is "absent" (ABSENT), so shrinking removes
fields that do not matter. A pod is drawn in one of five modes:

- ``wild``: every field from its full list of values, valid or violating;
- ``clean``: every field from the values that pass Restricted (Baseline too, then);
- ``light`` / ``heavy``: clean, except that each field is drawn from its full list with
  probability 1/40 or 1/8, giving pods with one or a few violations;
- ``baseline``: every field from the values that pass Baseline (often failing Restricted).

``wild`` comes first so that a shrunk pod is a plain pod with only the fields that matter.
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis import strategies as st

ABSENT = object()

APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"

BASELINE_CAPABILITIES = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
]
OTHER_CAPABILITIES = ["NET_RAW", "SYS_ADMIN", "ALL", "CAP_SYS_ADMIN", "net_bind_service", "BPF", "SYS_PTRACE"]

SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle",
    "net.ipv4.tcp_notsent_lowat",
]
UNSAFE_SYSCTLS = ["kernel.msgmax", "net.core.somaxconn", "vm.swappiness", "net.ipv4.ip_forward", "kernel.shm_rmid"]

# One minimal, decodable source per volume type (restricted-allowed ones first).
ALLOWED_VOLUMES = {
    "configMap": {"name": "cm"},
    "csi": {"driver": "csi.example.com"},
    "downwardAPI": {},
    "emptyDir": {},
    "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}},
    "image": {"reference": "registry.example/data:1"},
    "persistentVolumeClaim": {"claimName": "pvc"},
    "projected": {"sources": []},
    "secret": {"secretName": "s"},
}
FORBIDDEN_VOLUMES = {
    "hostPath": {"path": "/var/run"},
    "gcePersistentDisk": {"pdName": "d"},
    "awsElasticBlockStore": {"volumeID": "v"},
    "gitRepo": {"repository": "https://example.com/r.git"},
    "nfs": {"server": "nfs.example", "path": "/"},
    "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:t", "lun": 0},
    "glusterfs": {"endpoints": "e", "path": "p"},
    "rbd": {"monitors": ["m"], "image": "i"},
    "flexVolume": {"driver": "d"},
    "cinder": {"volumeID": "v"},
    "cephfs": {"monitors": ["m"]},
    "flocker": {"datasetName": "d"},
    "fc": {"wwids": ["w"]},
    "azureFile": {"secretName": "s", "shareName": "s"},
    "vsphereVolume": {"volumePath": "p"},
    "quobyte": {"registry": "r", "volume": "v"},
    "azureDisk": {"diskName": "d", "diskURI": "u"},
    "photonPersistentDisk": {"pdID": "p"},
    "portworxVolume": {"volumeID": "v"},
    "scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "n"}},
    "storageos": {"volumeName": "v"},
    None: None,  # a volume with no source at all (upstream: "unknown" type)
}


def _values(*values):
    return st.sampled_from(values)


def _profile(t):
    if t == "Localhost":
        return {"type": "Localhost", "localhostProfile": "profiles/app.json"}
    return {"type": t}


def _selinux(types, users, roles):
    return st.fixed_dictionaries(
        {},
        optional={"type": _values(*types), "user": _values(*users), "role": _values(*roles), "level": _values("s0:c1,c2", "")},
    )


_SELINUX_OK_TYPES = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]
_SELINUX_ANY = st.one_of(st.just(ABSENT), _selinux([*_SELINUX_OK_TYPES, "spc_t", "unconfined_t"], ["", "system_u"], ["", "system_r"]))
_SELINUX_OK = st.one_of(st.just(ABSENT), _selinux(_SELINUX_OK_TYPES, [""], [""]))


def _handlers(hosts):
    host = _values(*hosts)
    port = st.builds(lambda h: {"port": 8080} if h is ABSENT else {"port": 8080, "host": h}, host)
    return st.one_of(
        st.just(ABSENT),
        port.map(lambda a: {"httpGet": a}),
        port.map(lambda a: {"tcpSocket": a}),
        st.just({"exec": {"command": ["true"]}}),
    )


_HANDLER_ANY = _handlers([ABSENT, "", "10.0.0.1", "example.com"])
_HANDLER_OK = _handlers([ABSENT, ""])


def _field(full, baseline_ok, restricted_ok=None):
    """A field: its full value list, the values Baseline allows, the values Restricted allows."""
    return (full, baseline_ok, baseline_ok if restricted_ok is None else restricted_ok)


_ANY_BOOL = _values(ABSENT, False, True)
_NOT_TRUE = _values(ABSENT, False)
_PROFILE_ANY = _values(ABSENT, *map(_profile, ["RuntimeDefault", "Localhost", "Unconfined"]))
_PROFILE_OK = _values(ABSENT, *map(_profile, ["RuntimeDefault", "Localhost"]))

F = {
    # container securityContext
    "privileged": _field(_ANY_BOOL, _NOT_TRUE),
    "allowPrivilegeEscalation": _field(_ANY_BOOL, _ANY_BOOL, _values(False)),
    "drop": _field(
        st.one_of(st.just(ABSENT), st.lists(_values("ALL", "NET_RAW", "all", "CHOWN"), max_size=2)),
        st.one_of(st.just(ABSENT), st.lists(_values("ALL", "NET_RAW", "all", "CHOWN"), max_size=2)),
        _values(["ALL"], ["ALL", "NET_RAW"], ["NET_RAW", "ALL"]),
    ),
    "add": _field(
        st.one_of(st.just(ABSENT), st.lists(_values(*BASELINE_CAPABILITIES, *OTHER_CAPABILITIES), max_size=3)),
        st.one_of(st.just(ABSENT), st.lists(_values(*BASELINE_CAPABILITIES), max_size=3)),
        _values(ABSENT, [], ["NET_BIND_SERVICE"]),
    ),
    "emptyCapabilities": _field(_values(ABSENT, {}), _values(ABSENT, {}), _values(ABSENT)),
    "procMount": _field(_values(ABSENT, "Default", "Unmasked"), _values(ABSENT, "Default")),
    "seLinuxOptions": _field(_SELINUX_ANY, _SELINUX_OK),
    "seccompProfile": _field(_PROFILE_ANY, _PROFILE_OK),
    "appArmorProfile": _field(_PROFILE_ANY, _PROFILE_OK),
    "runAsNonRoot": _field(_ANY_BOOL, _ANY_BOOL, _values(ABSENT, True)),
    "runAsUser": _field(_values(ABSENT, 0, 1000), _values(ABSENT, 0, 1000), _values(ABSENT, 1000)),
    "windowsOptions": _field(
        _values(ABSENT, {"hostProcess": False}, {"hostProcess": True}, {"runAsUserName": "app"}),
        _values(ABSENT, {"hostProcess": False}, {"runAsUserName": "app"}),
    ),
    "ports": _field(
        _values(
            ABSENT,
            [{"containerPort": 8080}],
            [{"containerPort": 8080, "hostPort": 0}],
            [{"containerPort": 8080, "hostPort": 8080}],
            [{"containerPort": 53, "hostPort": 53, "protocol": "UDP"}],
        ),
        _values(ABSENT, [{"containerPort": 8080}], [{"containerPort": 8080, "hostPort": 0}]),
    ),
    "handler": _field(_HANDLER_ANY, _HANDLER_OK),
    # pod
    "hostNamespace": _field(_ANY_BOOL, _NOT_TRUE),
    "podRunAsNonRoot": _field(_ANY_BOOL, _ANY_BOOL, _values(True)),
    "podSeccompProfile": _field(_PROFILE_ANY, _PROFILE_OK, _values(*map(_profile, ["RuntimeDefault", "Localhost"]))),
    "sysctls": _field(
        st.one_of(st.just(ABSENT), st.lists(_values(*SAFE_SYSCTLS, *UNSAFE_SYSCTLS), min_size=1, max_size=3)),
        st.one_of(st.just(ABSENT), st.lists(_values(*SAFE_SYSCTLS), max_size=3)),
    ),
    "podWindowsOptions": _field(_values(ABSENT, {"hostProcess": False}, {"hostProcess": True}), _values(ABSENT, {"hostProcess": False})),
    "volumes": _field(
        st.lists(_values(*ALLOWED_VOLUMES, *FORBIDDEN_VOLUMES), max_size=3),
        st.lists(_values(*ALLOWED_VOLUMES, *(v for v in FORBIDDEN_VOLUMES if v != "hostPath")), max_size=3),
        st.lists(_values(*ALLOWED_VOLUMES), max_size=2),
    ),
    "apparmorAnnotation": _field(
        _values(ABSENT, "runtime/default", "localhost/app", "", "unconfined", "docker/default"),
        _values(ABSENT, "runtime/default", "localhost/app", ""),
    ),
}

MODES = ["wild", "clean", "light", "heavy", "baseline"]


class _Fields:
    """Draws each field according to the pod's mode.

    wild: full list; clean: Restricted-safe values; light/heavy: Restricted-safe values with,
    per field, a 1/40 or 1/8 chance of the full list; baseline: Baseline-safe values.
    """

    _ODDS: ClassVar[dict[str, st.SearchStrategy[int]]] = {"light": st.integers(0, 39), "heavy": st.integers(0, 7)}

    def __init__(self, draw, mode: str):
        self.draw = draw
        self.mode = mode

    def __call__(self, name: str):
        full, baseline_ok, restricted_ok = F[name]
        if self.mode == "wild":
            return self.draw(full)
        if self.mode == "baseline":
            return self.draw(baseline_ok)
        if self.mode in self._ODDS and self.draw(self._ODDS[self.mode]) == 0:
            return self.draw(full)
        return self.draw(restricted_ok)


def _with(d: dict, key: str, value) -> dict:
    if value is not ABSENT:
        d[key] = value
    return d


_BOOLS = st.booleans()
_READ_ONLY = _values(ABSENT, True, False)


def _container(f: _Fields, name: str) -> dict:
    sc: dict = {}
    for key in ("privileged", "allowPrivilegeEscalation"):
        _with(sc, key, f(key))
    caps: dict = {}
    _with(caps, "drop", f("drop"))
    _with(caps, "add", f("add"))
    _with(sc, "capabilities", caps or f("emptyCapabilities"))
    for key in ("procMount", "seLinuxOptions", "seccompProfile", "appArmorProfile", "runAsNonRoot", "runAsUser", "windowsOptions"):
        _with(sc, key, f(key))
    _with(sc, "readOnlyRootFilesystem", f.draw(_READ_ONLY))
    c: dict = {"name": name, "image": "registry.example/app:1"}
    if sc or f.draw(_BOOLS):
        c["securityContext"] = sc
    _with(c, "ports", f("ports"))
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _with(c, probe, f("handler"))
    lifecycle: dict = {}
    for hook in ("postStart", "preStop"):
        _with(lifecycle, hook, f("handler"))
    _with(c, "lifecycle", lifecycle or ABSENT)
    return c


_MODE = _values(*MODES)
_N_CONTAINERS = st.integers(1, 2)
_N_INIT = st.integers(0, 2)
_N_EPHEMERAL = st.integers(0, 1)
_OS = _values(ABSENT, {"name": "linux"}, {"name": "windows"})
_HOST_USERS = _values(ABSENT, True, False)
_SECCOMP_POD_ANNOTATION = _values(ABSENT, "unconfined", "runtime/default")
_SECCOMP_CONTAINER_ANNOTATION = _values(ABSENT, "unconfined")


@st.composite
def pods(draw) -> dict:
    """One pod as {"metadata": ..., "spec": ...}."""
    f = _Fields(draw, draw(_MODE))
    spec: dict = {"containers": [_container(f, f"app{i}") for i in range(draw(_N_CONTAINERS))]}
    for key, count, prefix in (("initContainers", _N_INIT, "init"), ("ephemeralContainers", _N_EPHEMERAL, "debug")):
        n = draw(count)
        if n:
            spec[key] = [_container(f, f"{prefix}{i}") for i in range(n)]
    names = [c["name"] for t in ("containers", "initContainers", "ephemeralContainers") for c in spec.get(t, [])]

    _with(spec, "os", draw(_OS))
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        _with(spec, key, f("hostNamespace"))
    _with(spec, "hostUsers", draw(_HOST_USERS))

    psc: dict = {}
    _with(psc, "runAsNonRoot", f("podRunAsNonRoot"))
    _with(psc, "runAsUser", f("runAsUser"))
    _with(psc, "seccompProfile", f("podSeccompProfile"))
    _with(psc, "seLinuxOptions", f("seLinuxOptions"))
    _with(psc, "appArmorProfile", f("appArmorProfile"))
    sysctls = f("sysctls")
    if sysctls is not ABSENT:
        psc["sysctls"] = [{"name": n, "value": "1"} for n in sysctls]
    _with(psc, "windowsOptions", f("podWindowsOptions"))
    if psc or draw(_BOOLS):
        spec["securityContext"] = psc

    volumes = []
    for i, kind in enumerate(f("volumes")):
        volume = {"name": f"vol{i}"}
        if kind is not None:
            volume[kind] = {**ALLOWED_VOLUMES, **FORBIDDEN_VOLUMES}[kind]
        volumes.append(volume)
    _with(spec, "volumes", volumes or ABSENT)

    annotations: dict = {}
    for target in [*names, "ghost"]:
        _with(annotations, APPARMOR_PREFIX + target, f("apparmorAnnotation"))
    # The latest policy version ignores the old seccomp annotations: ours must too.
    _with(annotations, SECCOMP_POD_ANNOTATION, draw(_SECCOMP_POD_ANNOTATION))
    _with(annotations, SECCOMP_CONTAINER_PREFIX + names[0], draw(_SECCOMP_CONTAINER_ANNOTATION))
    metadata: dict = {"name": "pod"}
    _with(metadata, "annotations", annotations or ABSENT)
    return {"metadata": metadata, "spec": spec}
