"""API-valid variants of generated pods, for comparing Pod Security verdicts with the real admission.

The API server validates a pod before its validating admission plugins run, so a pod it finds
invalid (HTTP 422) never reaches PodSecurity. Most pods of the differential generator are
invalid on purpose or by combination (probes on init containers, ephemeral containers on
create, Linux fields on a Windows pod, AppArmor annotations for a container that does not
exist, ...). ``api_valid_variants`` turns each such pod into the nearest pod the server accepts
for admission, guided by the server's own validation causes, changing only what it names:

- init containers that have probes or lifecycle hooks become sidecars (restartPolicy: Always);
- ephemeral containers (not allowed on create) become regular containers;
- `allowPrivilegeEscalation: false` is dropped where the container is privileged or adds
  CAP_SYS_ADMIN; hostProcess is dropped when the pod's containers disagree about it;
- an annotation that disagrees with its field is removed (the server fills an absent field
  from the annotation);
- a named field is removed; a volume, sysctl or port the server refuses is removed whole.

Pod Security evaluates every container kind alike and does not look at restartPolicy, so the
security settings drawn for a pod survive unless the server refused them. The variant is then
judged by all three (upstream's library, our pack, the API server), so the comparison stays
exact; a pod still invalid after MAX_ROUNDS is left out and counted.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

MAX_ROUNDS = 8
CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
_TOKEN = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_DROP = object()


def parse_path(field: str) -> list[str | int]:
    """`spec.containers[1].securityContext` -> ["spec", "containers", 1, "securityContext"];
    `metadata.annotations[a.b/c]` -> ["metadata", "annotations", "a.b/c"]."""
    parts: list[str | int] = []
    for name, index in _TOKEN.findall(field):
        if name:
            # Some causes name the Go field (spec.HostPID).
            parts.append(name[0].lower() + name[1:] if name[:1].isupper() and parts[-1:] == ["spec"] else name)
        else:
            parts.append(int(index) if index.isdigit() else index)
    return parts


def _lookup(obj: Any, path: list[str | int]) -> Any:
    for part in path:
        found = (isinstance(obj, dict) and isinstance(part, str) and part in obj) or (isinstance(obj, list) and isinstance(part, int) and part < len(obj))
        if not found:
            return None
        obj = obj[part]
    return obj


def _remove(pod: dict, path: list[str | int]) -> bool:
    """Remove the value at path (a list element is marked and dropped afterwards)."""
    if not path:
        return False
    parent = _lookup(pod, path[:-1])
    last = path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = _DROP
        return True
    return False


def _drop_marked(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _drop_marked(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_drop_marked(v) for v in obj if v is not _DROP]
    return obj


def _all_containers(spec: dict) -> list[dict]:
    return [c for key in CONTAINER_LISTS for c in spec.get(key) or []]


APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/"


def _remove_annotations(pod: dict, path: list[str | int], kind: str) -> None:
    """The AppArmor or seccomp annotations of the container at path (of the pod, at spec.securityContext)."""
    annotations = pod.get("metadata", {}).get("annotations") or {}
    container = _lookup(pod, path[:3]) if len(path) >= 3 and path[1] in CONTAINER_LISTS else None
    if isinstance(container, dict):
        keys = [(APPARMOR_CONTAINER if kind == "apparmor" else SECCOMP_CONTAINER) + container.get("name", "")]
    elif kind == "apparmor":
        keys = [k for k in annotations if k.startswith(APPARMOR_CONTAINER)]
    else:
        keys = [SECCOMP_POD]
    for key in keys:
        annotations.pop(key, None)


def repair(pod: dict, causes: list[tuple[str, str]]) -> dict:
    """One round: the pod changed as the server's validation causes (field, message) ask."""
    pod = copy.deepcopy(pod)
    spec = pod.setdefault("spec", {})
    for field, message in causes:
        path = parse_path(field)
        if field == "spec.ephemeralContainers" and "on create" in message:
            spec["containers"] = [*(spec.get("containers") or []), *spec.pop("ephemeralContainers", [])]
        elif "for init containers without restartPolicy=Always" in message:
            container = _lookup(pod, path[:-1])
            if isinstance(container, dict):
                container["restartPolicy"] = "Always"
        elif "allowPrivilegeEscalation" in message and ("privileged" in message or "CAP_SYS_ADMIN" in message):
            context = _lookup(pod, path)
            if isinstance(context, dict):
                context.pop("allowPrivilegeEscalation", None)
        elif "hostProcess" in message:
            for holder in [spec, *_all_containers(spec)]:
                options = (holder.get("securityContext") or {}).get("windowsOptions")
                if isinstance(options, dict):
                    options.pop("hostProcess", None)
        elif "in annotation and field must match" in message:
            # The server fills an absent field from the annotation: the annotation goes.
            _remove_annotations(pod, path, "apparmor" if "apparmor" in message else "seccomp")
        elif len(path) >= 3 and path[:2] == ["spec", "volumes"]:
            _remove(pod, path[:3])
        elif len(path) >= 4 and path[:3] == ["spec", "securityContext", "sysctls"]:
            _remove(pod, path[:4])
        elif len(path) >= 6 and path[0] == "spec" and path[1] in CONTAINER_LISTS and path[3] == "ports":
            # A duplicate host port (with hostNetwork, hostPort defaults to containerPort).
            _remove(pod, path[:5])
        else:
            _remove(pod, path)
    return _drop_marked(pod)


def api_valid_variants(pods: list[dict], validate: Callable[[list[dict]], list[Any]]) -> list[tuple[dict | None, Any]]:
    """For each pod: (the pod itself or its API-valid variant, the server's verdict for it), or
    (None, the last verdict) when no variant was found. ``validate`` is a dry run (one verdict
    per pod, with ``outcome`` "invalid" and ``details``, (field, message) pairs, for refused ones)."""
    current = [copy.deepcopy(p) for p in pods]
    verdicts = validate(current)
    for _ in range(MAX_ROUNDS):
        pending = [i for i, v in enumerate(verdicts) if v.outcome == "invalid"]
        if not pending:
            break
        for i in pending:
            current[i] = repair(current[i], list(verdicts[i].details))
        for i, verdict in zip(pending, validate([current[i] for i in pending]), strict=True):
            verdicts[i] = verdict
    return [(None if v.outcome == "invalid" else p, v) for p, v in zip(current, verdicts, strict=True)]
