"""The control-panel's environment settings: ``environments.yaml``, loaded into typed values.

Every field is checked on load; a bad file gets one error naming the file, the field, the
value and what is allowed, for every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from constructs_lib.gitops import GitOpsProps, GitOpsTarget, GitSource
from constructs_lib.web_service import BlueGreen, Release

ENVIRONMENTS_FILE = Path(__file__).resolve().parent / "environments.yaml"
GITOPS_KEY = "gitops"
"""The top-level section of environments.yaml that configures ArgoCD or Flux (not an environment)."""
_VERSION = re.compile(r"^1\.\d{2}$")


class ConfigError(ValueError):
    """environments.yaml is missing, unreadable or holds invalid values."""


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

    @property
    def pss_version(self) -> str:
        return f"v{self.kubernetes_version}"


_REQUIRED = {f.name for f in fields(Environment) if f.name not in ("name", "release", "blue_green")}
_INTS = {"min_replicas", "max_replicas", "pdb_min_available"}


def load(path: Path = ENVIRONMENTS_FILE) -> list[Environment]:
    """Read and check ``path``; raise ``ConfigError`` listing every problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    problems: list[str] = []
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{path}: expected a mapping of environment name to settings, found {type(raw).__name__}")
    envs = {name: body for name, body in raw.items() if name != GITOPS_KEY}
    environments = [env for name, body in envs.items() if (env := _environment(str(name), body, problems)) is not None]
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return environments


def _environment(name: str, body: Any, problems: list[str]) -> Environment | None:
    if not isinstance(body, dict):
        problems.append(f"{name}: expected a mapping of settings, found {body!r}")
        return None
    allowed = sorted(_REQUIRED | {"release", "blue_green"})
    for key in sorted(set(body) - set(allowed)):
        problems.append(f"{name}.{key}: unknown field (allowed: {', '.join(allowed)})")
    for key in sorted(_REQUIRED - set(body)):
        problems.append(f"{name}.{key}: missing")
    for key in sorted(_REQUIRED & set(body)):
        value = body[key]
        if key in _INTS:
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{name}.{key}={value!r}: must be an integer")
        elif not isinstance(value, str):
            problems.append(f'{name}.{key}={value!r}: must be a string (quote numbers such as "1.30")')
    version = body.get("kubernetes_version")
    if isinstance(version, str) and not _VERSION.match(version):
        problems.append(f'{name}.kubernetes_version={version!r}: must be a minor version such as "1.30"')
    release = _release(f"{name}.release", body["release"], problems) if "release" in body else None
    blue_green = _blue_green(f"{name}.blue_green", body["blue_green"], problems) if "blue_green" in body else None
    if ("release" in body) == ("blue_green" in body):
        problems.append(f"{name}: give exactly one of release (rolling updates) and blue_green")
    if any(p.startswith((f"{name}.", f"{name}:")) for p in problems):
        return None
    settings = {key: body[key] for key in _REQUIRED}
    return Environment(name=name, release=release, blue_green=blue_green, **settings)


def _release(where: str, body: Any, problems: list[str]) -> Release | None:
    if not isinstance(body, dict) or set(body) != {"image", "version"} or not all(isinstance(v, str) for v in body.values()):
        problems.append(f"{where}={body!r}: must be a mapping with string fields image and version")
        return None
    return Release(image=body["image"], version=body["version"])


def _blue_green(where: str, body: Any, problems: list[str]) -> BlueGreen | None:
    if not isinstance(body, dict) or set(body) != {"active", "slots"} or not isinstance(body.get("slots"), dict):
        problems.append(f"{where}: must be a mapping with fields active and slots (slot name -> release)")
        return None
    slots = {str(slot): _release(f"{where}.slots.{slot}", release, problems) for slot, release in body["slots"].items()}
    if any(r is None for r in slots.values()):
        return None
    return BlueGreen(active=str(body["active"]), slots={k: v for k, v in slots.items() if v is not None})


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


_GITOPS_FIELDS = {"tool", "repo_url", "revision", "path", "sync"}


def load_gitops(path: Path = ENVIRONMENTS_FILE) -> GitOps | None:
    """The ``gitops`` section of ``path``, checked against its environments; None when there is none."""
    environments = load(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if GITOPS_KEY not in raw:
        return None
    body, problems = raw[GITOPS_KEY], []
    if not isinstance(body, dict):
        raise ConfigError(f"{path}: {GITOPS_KEY}: expected a mapping with fields {', '.join(sorted(_GITOPS_FIELDS))}, found {body!r}")
    for key in sorted(set(body) - _GITOPS_FIELDS):
        problems.append(f"{GITOPS_KEY}.{key}: unknown field (allowed: {', '.join(sorted(_GITOPS_FIELDS))})")
    for key in sorted(_GITOPS_FIELDS - set(body)):
        problems.append(f"{GITOPS_KEY}.{key}: missing")
    for key in sorted((_GITOPS_FIELDS - {"sync"}) & set(body)):
        if not isinstance(body[key], str):
            problems.append(f"{GITOPS_KEY}.{key}={body[key]!r}: must be a string")
    sync = body.get("sync", {})
    names = [e.name for e in environments]
    if not isinstance(sync, dict) or not all(isinstance(v, str) for v in sync.values()):
        problems.append(f"{GITOPS_KEY}.sync={sync!r}: must map each environment to automated or manual")
    else:
        problems.extend(f"{GITOPS_KEY}.sync.{name}: missing (automated or manual)" for name in names if name not in sync)
        problems.extend(f"{GITOPS_KEY}.sync.{name}: no such environment (environments: {', '.join(names)})" for name in sync if name not in names)
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    gitops = GitOps(tool=body["tool"], repo_url=body["repo_url"], revision=body["revision"], path=body["path"], sync={str(k): v for k, v in sync.items()})
    props = gitops.props("check", environments)
    # Name the fields of environments.yaml, not the props they become.
    renames = {"source.folder": "path", "source.": "", **{f"targets[{i}].sync": f"sync.{t.name}" for i, t in enumerate(props.targets)}}
    for problem in props.problems():
        old = next((o for o in renames if problem.startswith(o)), "")
        problems.append(f"{GITOPS_KEY}.{renames.get(old, '')}{problem[len(old) :]}")
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return gitops
