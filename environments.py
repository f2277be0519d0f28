"""The control-panel's environment settings: ``environments.yaml``, loaded into typed values.

The file is read with the linter's hardened YAML loader (duplicate keys, alias bombs and
deep nesting are refused) and checked against ``SCHEMA``: every problem, at once, names
the file, the key path (``production.blue_green.slots.green.image``), the value and what is
allowed. Values that pass the schema but not a construct's checks are reported the same way
by ``main.py``, which knows which prop each setting becomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from constructs_lib.errors import Problem, value_text
from constructs_lib.gitops import GitOpsProps, GitOpsTarget, GitSource
from constructs_lib.mesh import Mesh
from constructs_lib.shape import Release
from constructs_lib.web_service import BlueGreen
from manifest_lint.loader import InputError, read_yaml_file

ENVIRONMENTS_FILE = Path(__file__).resolve().parent / "environments.yaml"
GITOPS_KEY = "gitops"
"""The top-level section of environments.yaml that configures ArgoCD or Flux (not an environment)."""


class ConfigError(ValueError):
    """environments.yaml is missing, unreadable or holds invalid values; the message lists every problem."""


def _text(description: str, **schema: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **schema}


_RELEASE = {
    "type": "object",
    "description": "a mapping with image and version",
    "required": ["image", "version"],
    "additionalProperties": False,
    "properties": {
        "image": _text("an image reference with an explicit tag or digest, e.g. ghcr.io/org/app:1.2.3", minLength=1),
        "version": _text("the version label of the release, e.g. v1.2.3", minLength=1),
    },
}
_DNS_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
_MESH = {
    "type": "object",
    "description": "a mapping with enabled (true or false) and, optionally, weights (slot name -> percent) and revision",
    "required": ["enabled"],
    "additionalProperties": False,
    "properties": {
        "enabled": {"type": "boolean", "description": "true (the cluster runs Istio 1.24+ with the CNI plugin) or false"},
        "weights": {
            "type": "object",
            "description": "blue/green slot name -> percent of the traffic; a slot left out gets the rest",
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 100, "description": "a percent, an integer from 0 to 100"},
        },
        "revision": _text("the Istio revision's label value, e.g. 1-24-2", minLength=1),
    },
}
_ENVIRONMENT = {
    "type": "object",
    "description": "a mapping of the environment's settings",
    "required": [
        "namespace", "host", "kubernetes_version", "cluster_issuer", "min_replicas", "max_replicas",
        "pdb_min_available", "backend_namespace", "api_base_url",
    ],
    "additionalProperties": False,
    "oneOf": [{"required": ["release"]}, {"required": ["blue_green"]}],
    "properties": {
        "namespace": _text("a namespace name: lower-case letters, digits and '-', at most 63 characters", pattern=_DNS_LABEL, maxLength=63),
        "host": _text("the public host name, e.g. control.example.com", minLength=1),
        "kubernetes_version": _text('the cluster\'s Kubernetes minor version as a quoted string, e.g. "1.30"', pattern=r"^1\.\d{2}$"),
        "cluster_issuer": _text("the cert-manager ClusterIssuer's name", minLength=1),
        "min_replicas": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "an integer from 1 to 1000"},
        "max_replicas": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "an integer from 1 to 1000"},
        "pdb_min_available": {"type": "integer", "minimum": 0, "maximum": 1000, "description": "an integer from 0 to 1000"},
        "backend_namespace": _text("the backend's namespace name", pattern=_DNS_LABEL, maxLength=63),
        "api_base_url": _text("the backend's URL, e.g. http://api.backend.svc.cluster.local:8080", pattern=r"^https?://"),
        "release": _RELEASE,
        "blue_green": {
            "type": "object",
            "description": "a mapping with active (a slot name) and slots (slot name -> release)",
            "required": ["active", "slots"],
            "additionalProperties": False,
            "properties": {
                "active": _text("the name of one of the slots", minLength=1),
                "slots": {"type": "object", "description": "slot name -> release", "minProperties": 2, "additionalProperties": _RELEASE},
            },
        },
        "mesh": _MESH,
    },
}  # fmt: skip
_GITOPS = {
    "type": "object",
    "description": "a mapping with tool, repo_url, revision, path and sync",
    "required": ["tool", "repo_url", "revision", "path", "sync"],
    "additionalProperties": False,
    "properties": {
        "tool": {"enum": ["argocd", "flux"], "description": "argocd or flux"},
        "repo_url": _text("the Git URL ArgoCD or Flux fetches", minLength=1),
        "revision": _text("the branch, tag or commit to deploy", minLength=1),
        "path": _text("the folder of the render inside the repository, e.g. dist", minLength=1),
        "sync": {
            "type": "object",
            "description": "environment name -> automated or manual",
            "additionalProperties": {"enum": ["automated", "manual"], "description": "automated or manual"},
        },
    },
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "description": "a mapping of environment name to its settings, and an optional gitops section",
    "minProperties": 1,
    "properties": {GITOPS_KEY: _GITOPS},
    "propertyNames": {"pattern": _DNS_LABEL, "description": "an environment name: lower-case letters, digits and '-'"},
    "additionalProperties": _ENVIRONMENT,
}
"""What environments.yaml may hold."""


@dataclass(frozen=True, kw_only=True)
class Environment:
    """One environment of the control-panel."""

    name: str
    namespace: str
    host: str
    kubernetes_version: str
    cluster_issuer: str
    min_replicas: int
    max_replicas: int
    pdb_min_available: int
    backend_namespace: str
    api_base_url: str
    release: Release | None = None
    blue_green: BlueGreen | None = None
    mesh: Mesh | None = None
    """The Istio mesh settings when ``mesh.enabled`` is true; None when it is false or there is no ``mesh``."""

    @property
    def pss_version(self) -> str:
        return f"v{self.kubernetes_version}"


@dataclass(frozen=True, kw_only=True)
class GitOps:
    """The ``gitops`` section: which tool deploys ``dist/<environment>``, from where, and how each syncs."""

    tool: str
    repo_url: str
    revision: str
    path: str
    sync: dict[str, str]

    def props(self, name: str, envs: list[Environment]) -> GitOpsProps:
        """The props of ``constructs_lib.gitops.GitOpsDefinitions`` for these environments."""
        targets = [GitOpsTarget(name=e.name, namespace=e.namespace, sync=self.sync[e.name]) for e in envs]
        return GitOpsProps(name=name, tool=self.tool, source=GitSource(repo_url=self.repo_url, revision=self.revision, folder=self.path), targets=targets)


def _key_path(parts: Iterable[Any]) -> str:
    return ".".join(str(p) for p in parts) or "(the file)"


def _schema_problem(error: jsonschema.ValidationError) -> str:
    where = _key_path(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        return f"{_key_path([*error.absolute_path, extra[0]]) if extra else where}: unknown key (allowed: {', '.join(allowed)})"
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else str(error.message)
        return f"{_key_path([*error.absolute_path, missing])}: missing (required)"
    if error.validator == "oneOf" and isinstance(error.instance, Mapping):
        return f"{where}: give exactly one of release (rolling updates) and blue_green"
    if error.validator == "propertyNames":
        return f"{value_text(error.instance)}: not a valid environment name ({schema.get('description', '')})"
    description = schema.get("description") or str(error.message)
    return f"{where}: {value_text(error.instance)}: must be {description}"


def _problems_text(path: Path, problems: list[str]) -> str:
    return f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems)


def read(path: Path = ENVIRONMENTS_FILE) -> dict[str, Any]:
    """The checked contents of ``path``; ``ConfigError`` naming the file, key path, value and what is allowed for every problem."""
    try:
        documents = read_yaml_file(path)
    except InputError as error:
        raise ConfigError(str(error)) from None
    if len(documents) != 1:
        raise ConfigError(f"{path}: holds {len(documents)} YAML documents; it must hold exactly one mapping")
    (raw,) = documents
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(raw), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    problems = list(dict.fromkeys(_schema_problem(e) for e in errors))
    if isinstance(raw, dict) and isinstance(raw.get(GITOPS_KEY), dict) and isinstance(raw[GITOPS_KEY].get("sync"), dict):
        names = [n for n in raw if n != GITOPS_KEY]
        sync = raw[GITOPS_KEY]["sync"]
        problems += [f"{GITOPS_KEY}.sync.{n}: missing (automated or manual)" for n in names if n not in sync]
        problems += [f"{GITOPS_KEY}.sync.{n}: no such environment (environments: {', '.join(names)})" for n in sync if n not in names]
    if problems:
        raise ConfigError(_problems_text(path, problems))
    return dict(raw)


def _release(body: Mapping[str, str]) -> Release:
    return Release(image=body["image"], version=body["version"])


def _mesh(body: Mapping[str, Any] | None) -> Mesh | None:
    if body is None or not body["enabled"]:
        return None
    return Mesh(weights={str(slot): weight for slot, weight in body.get("weights", {}).items()}, revision=body.get("revision"))


def load(path: Path = ENVIRONMENTS_FILE) -> list[Environment]:
    """Every environment of ``path``, checked; raise ``ConfigError`` listing every problem."""
    environments = []
    for name, body in read(path).items():
        if name == GITOPS_KEY:
            continue
        settings = {key: value for key, value in body.items() if key not in ("release", "blue_green", "mesh")}
        release = _release(body["release"]) if "release" in body else None
        blue_green = None
        if "blue_green" in body:
            slots = body["blue_green"]["slots"]
            blue_green = BlueGreen(active=body["blue_green"]["active"], slots={str(slot): _release(r) for slot, r in slots.items()})
        environments.append(Environment(name=name, release=release, blue_green=blue_green, mesh=_mesh(body.get("mesh")), **settings))
    return environments


def load_gitops(path: Path = ENVIRONMENTS_FILE) -> GitOps | None:
    """The ``gitops`` section of ``path``, checked against its environments; None when there is none."""
    raw = read(path)
    if GITOPS_KEY not in raw:
        return None
    body = raw[GITOPS_KEY]
    gitops = GitOps(tool=body["tool"], repo_url=body["repo_url"], revision=body["revision"], path=body["path"], sync=dict(body["sync"]))
    props = gitops.props("check", load(path))
    problems = [setting_problem(_GITOPS_PROPS, GITOPS_KEY, p) for p in props.problems()]
    if problems:
        raise ConfigError(_problems_text(path, problems))
    return gitops


# Which key of environments.yaml each GitOps prop comes from.
_GITOPS_PROPS = {"source.folder": "path", "source.repo_url": "repo_url", "source.revision": "revision", "tool": "tool"}


def setting_problem(settings_of: Mapping[str, str], section: str, problem: Problem) -> str:
    """A prop's problem as a problem of the setting it came from: ``production.host: 'X': a fully qualified ...``.

    ``settings_of`` maps prop paths to keys of ``section``; a prop it does not list is named
    as the prop of the code that composes it (a bug in main.py, not in the file).
    """
    key = settings_of.get(problem.prop)
    if key is None and problem.prop.startswith("targets["):
        key = f"sync ({problem.prop})"
    if key is None:
        return f"{section}: the prop {problem.prop} that main.py derives from it: {value_text(problem.value)}: {problem.allowed}"
    return f"{section}.{key}: {value_text(problem.value)}: {problem.allowed}"
