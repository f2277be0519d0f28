"""GitOps definitions for rendered manifests: ArgoCD Applications (app-of-apps) or Flux Kustomizations.

The rendered-manifests pattern commits one folder per environment (``dist/<environment>``);
the GitOps tool is pointed at those folders. ``GitOpsDefinitions`` renders, into a chart
(and so a folder) of its own, either

- ArgoCD: an ``AppProject`` that allows only this repository and the environments'
  namespaces, one ``Application`` per environment (automated sync with prune and self-heal,
  or manual), and a root ``Application`` over the folder itself (app-of-apps); or
- Flux: a ``GitRepository`` of this repository and one ``Kustomization`` per environment
  (``prune``, ``wait``; a manual environment depends on the automated ones).

``sync_wave_first`` puts the Namespace objects of an environment into an earlier ArgoCD sync
wave, so ArgoCD creates and waits for the Namespace before it applies the workloads.
With ``admission_folder`` (Gatekeeper's ConstraintTemplates and Constraints, ``dist/gatekeeper``)
that folder is applied before every environment: ArgoCD gets an AppProject allowing only those
kinds and an Application in an earlier sync wave; with Flux, every environment's Kustomization
depends on the folder's.
Every prop is checked before anything is created; all problems are reported together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cdk8s import ApiObject, ApiObjectMetadata, Chart, JsonPatch
from constructs import Construct

from constructs_lib.errors import Problems
from constructs_lib.prop_checks import check_dns_label

TOOLS = ("argocd", "flux")
SYNC_MODES = ("automated", "manual")
SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave"
ARGOCD_API_VERSION = "argoproj.io/v1alpha1"
FLUX_SOURCE_API_VERSION = "source.toolkit.fluxcd.io/v1"
FLUX_KUSTOMIZE_API_VERSION = "kustomize.toolkit.fluxcd.io/v1"
IN_CLUSTER = "https://kubernetes.default.svc"
GATEKEEPER_NAMESPACE = "gatekeeper-system"
"""The destination namespace of the admission Application (its objects are cluster-scoped; Gatekeeper runs there)."""

_REPO_URL = re.compile(r"^(https://[^\s/@]+/\S+|ssh://[^\s/]+/\S+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\S+)$")
# A branch or tag name as git allows it (check-ref-format, simplified), or a commit SHA.
_REVISION = re.compile(r"^(?!/)(?!.*(\.\.|//|@\{|\.lock$|/$|\.$))[A-Za-z0-9._/-]{1,255}$")
_FOLDER = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
_DURATION = re.compile(r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$")


@dataclass(frozen=True, kw_only=True)
class GitSource:
    """Where the rendered manifests are committed."""

    repo_url: str
    """The Git repository: ``https://host/path``, ``ssh://host/path`` or an SCP-like SSH URL (``git@host:path``)."""
    revision: str = "main"
    """The branch (or, with ArgoCD, tag or commit) the tool follows: letters, digits, '.', '_', '-' and '/', at most 255
    characters, no '..'. Flux writes it as ``ref.branch``, so with Flux it must be a branch. Left out, the ``main`` branch.

    Default: `'main'`
    """
    folder: str = "dist"
    """The folder of the rendered tree inside the repository: relative, without a leading '/' or a '..' segment.
    Left out, ``dist``.

    Default: `'dist'`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        found.check(isinstance(self.repo_url, str) and bool(_REPO_URL.match(self.repo_url)), f"{prefix}repo_url", self.repo_url,
                    "a Git URL such as 'https://github.com/org/repo.git' or 'git@github.com:org/repo.git'")  # fmt: skip
        found.check(isinstance(self.revision, str) and bool(_REVISION.match(self.revision)), f"{prefix}revision", self.revision,
                    "a branch, tag or commit such as 'main' (letters, digits, '.', '_', '-', '/'; no '..')")  # fmt: skip
        ok = isinstance(self.folder, str) and bool(_FOLDER.match(self.folder)) and ".." not in self.folder.split("/")
        found.check(ok, f"{prefix}folder", self.folder, "a relative folder such as 'dist' (no leading '/', no '..')")
        return found


@dataclass(frozen=True, kw_only=True)
class GitOpsTarget:
    """One environment: the folder ``<folder>/<name>`` synced into ``namespace``."""

    name: str
    """The environment, which is also its folder name: an RFC 1123 label, unique among the targets."""
    namespace: str
    """The namespace its objects live in (the rendered Namespace object); an RFC 1123 label."""
    sync: str = "automated"
    """``automated`` (apply every commit, prune, self-heal) or ``manual`` (ArgoCD syncs only on request; with Flux the
    environment waits for every automated one to be Ready). Left out, ``automated``.

    Default: `'automated'`
    """

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name)
        check_dns_label(found, f"{prefix}namespace", self.namespace)
        found.check(self.sync in SYNC_MODES, f"{prefix}sync", self.sync, f"one of {', '.join(SYNC_MODES)}")
        return found


@dataclass(frozen=True, kw_only=True)
class GitOpsProps:
    """Props of ``GitOpsDefinitions``."""

    name: str
    """The application's name; objects are named ``<name>`` and ``<name>-<environment>``. An RFC 1123 label of at most
    40 characters, which leaves room for ``-<environment>``."""
    tool: str
    """``argocd`` or ``flux``."""
    source: GitSource
    """Where the rendered manifests are committed."""
    targets: Sequence[GitOpsTarget]
    """The environments, at least one, each synced from ``<source.folder>/<target.name>``."""
    folder: str | None = None
    """The folder (chart) these definitions are rendered into, below ``source.folder``: an RFC 1123 label that is no
    environment's name. Left out, the tool's name (``dist/argocd``), so the root Application syncs it.

    Default: `None` (the ``tool``'s name)
    """
    tool_namespace: str | None = None
    """Where the tool's objects live (an RFC 1123 label). Left out, ``argocd`` for ArgoCD and ``flux-system`` for Flux.

    Default: `None` (``argocd`` or ``flux-system``, after the ``tool``)
    """
    destination_server: str = IN_CLUSTER
    """The API server URL ArgoCD deploys to (it must start with ``https://``; Flux ignores it). Left out, the cluster
    ArgoCD runs in.

    Default: `'https://kubernetes.default.svc'`
    """
    interval: str = "5m"
    """How often Flux checks the repository and re-applies: a Go duration such as ``5m`` or ``1h30m`` (ArgoCD ignores
    it). Left out, every five minutes.

    Default: `'5m'`
    """
    admission_folder: str | None = None
    """A folder below ``source.folder`` of admission policies (Gatekeeper ConstraintTemplates and Constraints), applied
    before every environment: an RFC 1123 label that is neither an environment's name nor ``folder``. Left out, none.

    Default: `None`
    """

    @property
    def chart_folder(self) -> str:
        return self.folder if self.folder is not None else self.tool

    @property
    def namespace(self) -> str:
        if self.tool_namespace is not None:
            return self.tool_namespace
        return "argocd" if self.tool == "argocd" else "flux-system"

    def problems(self, prefix: str = "") -> Problems:
        found = Problems()
        check_dns_label(found, f"{prefix}name", self.name, max_length=40)  # leaves room for "-<environment>"
        found.check(self.tool in TOOLS, f"{prefix}tool", self.tool, f"one of {', '.join(TOOLS)}")
        found.extend(self.source.problems(f"{prefix}source."))
        found.check(len(self.targets) > 0, f"{prefix}targets", list(self.targets), "at least one environment")
        names = [t.name for t in self.targets]
        for index, target in enumerate(self.targets):
            found.extend(target.problems(f"{prefix}targets[{index}]."))
            found.check(names.count(target.name) == 1, f"{prefix}targets[{index}].name", target.name, "unique among the targets")
        check_dns_label(found, f"{prefix}folder", self.chart_folder)
        found.check(self.chart_folder not in names, f"{prefix}folder", self.chart_folder, f"a folder that is no environment's ({', '.join(names)})")
        check_dns_label(found, f"{prefix}tool_namespace", self.namespace)
        found.check(self.destination_server.startswith("https://"), f"{prefix}destination_server", self.destination_server,
                    "the API server URL, such as 'https://kubernetes.default.svc'")  # fmt: skip
        found.check(bool(_DURATION.match(self.interval)), f"{prefix}interval", self.interval, "a Go duration such as '5m' or '1h30m'")
        if self.admission_folder is not None:
            check_dns_label(found, f"{prefix}admission_folder", self.admission_folder)
            found.check(self.admission_folder not in [*names, self.chart_folder], f"{prefix}admission_folder", self.admission_folder,
                        f"a folder that is no environment's ({', '.join(names)}) nor {self.chart_folder!r}")  # fmt: skip
        return found

    def path(self, folder: str) -> str:
        return f"{self.source.folder}/{folder}"


class GitOpsDefinitions(Construct):
    """The ArgoCD or Flux objects that deploy each environment's folder of this repository."""

    def __init__(self, scope: Construct, id: str, props: GitOpsProps) -> None:
        super().__init__(scope, id)
        props.problems().raise_if_any(f"GitOpsDefinitions {id!r}")
        self.props = props
        self.objects: list[ApiObject] = []
        if props.tool == "argocd":
            self._argocd()
        else:
            self._flux()

    def _object(self, id: str, api_version: str, kind: str, name: str, *, spec: dict[str, object], annotations: dict[str, str] | None = None) -> None:
        metadata = ApiObjectMetadata(name=name, namespace=self.props.namespace, labels=self._labels(), annotations=annotations)
        obj = ApiObject(self, id, api_version=api_version, kind=kind, metadata=metadata)
        obj.add_json_patch(JsonPatch.add("/spec", spec))
        self.objects.append(obj)

    def _labels(self) -> dict[str, str]:
        return {"app.kubernetes.io/name": self.props.name, "app.kubernetes.io/part-of": self.props.name, "app.kubernetes.io/managed-by": "cdk8s"}

    def _argocd(self) -> None:
        p = self.props
        project = p.name
        self._object(
            "Project", ARGOCD_API_VERSION, "AppProject", project,
            spec={
                "description": f"{p.name}: the rendered manifests of {p.source.repo_url}",
                "sourceRepos": [p.source.repo_url],
                "destinations": [{"server": p.destination_server, "namespace": t.namespace} for t in p.targets],
                # The environment folders render their Namespace; nothing else cluster-scoped.
                "clusterResourceWhitelist": [{"group": "", "kind": "Namespace"}],
            },
            # Before the Applications that refer to it.
            annotations={SYNC_WAVE_ANNOTATION: "-1"},
        )  # fmt: skip
        for target in p.targets:
            self._object("Application-" + target.name, ARGOCD_API_VERSION, "Application", f"{p.name}-{target.name}", spec={
                "project": project,
                "source": {"repoURL": p.source.repo_url, "targetRevision": p.source.revision, "path": p.path(target.name)},
                "destination": {"server": p.destination_server, "namespace": target.namespace},
                "syncPolicy": _argocd_sync_policy(target.sync),
            })  # fmt: skip
        if p.admission_folder is not None:
            self._argocd_admission(p.admission_folder)
        # app-of-apps: the root Application syncs this folder (itself, the project and the children).
        self._object("Root", ARGOCD_API_VERSION, "Application", p.name, spec={
            "project": "default",
            "source": {"repoURL": p.source.repo_url, "targetRevision": p.source.revision, "path": p.path(p.chart_folder)},
            "destination": {"server": p.destination_server, "namespace": p.namespace},
            "syncPolicy": {"automated": {"prune": True, "selfHeal": True}, "syncOptions": ["CreateNamespace=false"]},
        })  # fmt: skip

    def _argocd_admission(self, folder: str) -> None:
        """The admission folder's own AppProject (only Gatekeeper's cluster-scoped kinds) and Application, before the environments."""
        p = self.props
        name = f"{p.name}-{folder}"
        self._object(
            "AdmissionProject", ARGOCD_API_VERSION, "AppProject", name,
            spec={
                "description": f"{p.name}: the admission policies (Gatekeeper) of {p.source.repo_url}",
                "sourceRepos": [p.source.repo_url],
                "destinations": [{"server": p.destination_server, "namespace": GATEKEEPER_NAMESPACE}],
                "clusterResourceWhitelist": [
                    {"group": "templates.gatekeeper.sh", "kind": "ConstraintTemplate"}, {"group": "constraints.gatekeeper.sh", "kind": "*"},
                ],
                "namespaceResourceBlacklist": [{"group": "*", "kind": "*"}],
            },
            annotations={SYNC_WAVE_ANNOTATION: "-2"},
        )  # fmt: skip
        # Wave -1: the root Application applies it before the environments' (wave 0). The templates inside come first (their own
        # wave -1), then the Constraints, retried until Gatekeeper has created their kinds from the templates.
        self._object("Application-" + folder, ARGOCD_API_VERSION, "Application", name, spec={
            "project": name,
            "source": {"repoURL": p.source.repo_url, "targetRevision": p.source.revision, "path": p.path(folder)},
            "destination": {"server": p.destination_server, "namespace": GATEKEEPER_NAMESPACE},
            "syncPolicy": {
                "automated": {"prune": True, "selfHeal": True},
                "syncOptions": ["CreateNamespace=false"],
                "retry": {"limit": 10, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "3m"}},
            },
        }, annotations={SYNC_WAVE_ANNOTATION: "-1"})  # fmt: skip

    def _flux(self) -> None:
        p = self.props
        self._object("Source", FLUX_SOURCE_API_VERSION, "GitRepository", p.name, spec={
            "url": p.source.repo_url,
            "ref": {"branch": p.source.revision},
            "interval": p.interval,
        })  # fmt: skip
        automated = [f"{p.name}-{t.name}" for t in p.targets if t.sync == "automated"]
        admission = [f"{p.name}-{p.admission_folder}"] if p.admission_folder is not None else []
        if p.admission_folder is not None:
            # Constraints fail to apply until Gatekeeper has created their kinds from the templates: retried every minute.
            self._object("Kustomization-" + p.admission_folder, FLUX_KUSTOMIZE_API_VERSION, "Kustomization", admission[0], spec={
                "sourceRef": {"kind": "GitRepository", "name": p.name}, "path": f"./{p.path(p.admission_folder)}",
                "interval": p.interval, "retryInterval": "1m", "timeout": "5m", "prune": True, "wait": True,
            })  # fmt: skip
        for target in p.targets:
            spec: dict[str, object] = {
                "sourceRef": {"kind": "GitRepository", "name": p.name},
                "path": f"./{p.path(target.name)}",
                "interval": p.interval,
                "retryInterval": "1m",
                "timeout": "5m",
                "prune": True,
                # Ready only when every applied object is; Flux applies Namespaces first by itself.
                "wait": True,
            }
            # The admission policies are in force before any environment is applied.
            depends = list(admission)
            if target.sync == "manual" and automated:
                # Flux has no manual sync: the gate is that every automated environment is Ready.
                depends += automated
            if depends:
                spec["dependsOn"] = [{"name": name} for name in depends]
            self._object("Kustomization-" + target.name, FLUX_KUSTOMIZE_API_VERSION, "Kustomization", f"{p.name}-{target.name}", spec=spec)


def _argocd_sync_policy(sync: str) -> dict[str, object]:
    options = [
        "CreateNamespace=false",  # the environment folder renders its Namespace (with Pod Security labels)
        "PruneLast=true",  # remove objects dropped from Git only after the rest is synced and healthy
    ]
    if sync == "manual":
        return {"syncOptions": options}
    return {
        "automated": {"prune": True, "selfHeal": True},
        "syncOptions": options,
        "retry": {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "3m"}},
    }


def sync_wave_first(chart: Construct, wave: int = -1) -> list[ApiObject]:
    """Annotate every Namespace below ``chart`` with an ArgoCD sync wave before the default 0.

    ArgoCD already applies Namespaces first within a wave; an earlier wave also makes it
    wait until the Namespace exists before applying the objects in it. Returns the objects.
    """
    namespaces = [c for c in chart.node.find_all() if isinstance(c, ApiObject) and c.kind == "Namespace"]
    for namespace in namespaces:
        namespace.metadata.add_annotation(SYNC_WAVE_ANNOTATION, str(wave))
    return namespaces


def gitops_chart(scope: Construct, props: GitOpsProps) -> Chart:
    """A chart named for ``props.chart_folder`` (so rendered into ``dist/<folder>``) holding the definitions."""
    props.problems().raise_if_any("GitOpsDefinitions")
    chart = Chart(scope, props.chart_folder)
    GitOpsDefinitions(chart, props.name, props)
    return chart
