"""ArgoCD and Flux definitions: what they say, strict CRD schemas, the policy pack, bad props and configuration."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import environments
import main
from constructs_lib import synth
from constructs_lib.errors import PropsError
from constructs_lib.gitops import SYNC_WAVE_ANNOTATION, GitOpsDefinitions, GitOpsProps, GitOpsTarget, GitSource
from manifest_lint import schemas
from manifest_lint.gate import check_tree

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
CRDS = ROOT / "manifest_lint" / "schemas" / "crds"


def _dist(folder: str) -> dict[str, dict[str, Any]]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((DIST / folder).glob("*.yaml"))}


def _render(tmp_path: Path, gitops: environments.GitOps | None) -> Path:
    out = tmp_path / "out"
    synth.write_tree(synth.collect(main.build_app(environments.load(), gitops)), out)
    return out


@pytest.fixture(scope="module")
def gitops() -> environments.GitOps:
    found = environments.load_gitops()
    assert found is not None
    return found


@pytest.fixture(scope="module")
def flux_tree(tmp_path_factory, gitops) -> Path:
    flux = environments.GitOps(tool="flux", repo_url=gitops.repo_url, revision=gitops.revision, path=gitops.path, sync=gitops.sync)
    return _render(tmp_path_factory.mktemp("flux"), flux)


def test_the_configured_tool_is_rendered(gitops):
    assert gitops.tool == "argocd"
    assert (DIST / "argocd").is_dir()
    assert not (DIST / "flux").exists()


def test_argocd_app_of_apps(gitops):
    objects = _dist("argocd")
    assert sorted(objects) == [
        "application-control-panel-gatekeeper.yaml", "application-control-panel-production.yaml", "application-control-panel-staging.yaml",
        "application-control-panel.yaml", "appproject-control-panel-gatekeeper.yaml", "appproject-control-panel.yaml",
    ]  # fmt: skip
    root = objects["application-control-panel.yaml"]["spec"]
    assert root["source"] == {"repoURL": gitops.repo_url, "targetRevision": "main", "path": "dist/argocd"}
    assert root["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    envs = {e.name: e for e in environments.load()}
    for name, env in envs.items():
        app = objects[f"application-control-panel-{name}.yaml"]
        assert app["metadata"]["namespace"] == "argocd"
        spec = app["spec"]
        assert spec["project"] == "control-panel"
        assert spec["source"] == {"repoURL": gitops.repo_url, "targetRevision": gitops.revision, "path": f"dist/{name}"}
        assert spec["destination"] == {"server": "https://kubernetes.default.svc", "namespace": env.namespace}
        assert "CreateNamespace=false" in spec["syncPolicy"]["syncOptions"]  # dist/<env> renders its Namespace
        assert (DIST / name / f"namespace-{env.namespace}.yaml").is_file()
        assert "ServerSideApply=true" not in spec["syncPolicy"]["syncOptions"]
        assert "ignoreDifferences" not in spec
    assert objects["application-control-panel-staging.yaml"]["spec"]["syncPolicy"]["automated"] == {"prune": True, "selfHeal": True}
    assert "automated" not in objects["application-control-panel-production.yaml"]["spec"]["syncPolicy"]  # manual sync
    project = objects["appproject-control-panel.yaml"]
    assert project["spec"]["sourceRepos"] == [gitops.repo_url]
    assert {d["namespace"] for d in project["spec"]["destinations"]} == {e.namespace for e in envs.values()}
    assert project["spec"]["clusterResourceWhitelist"] == [{"group": "", "kind": "Namespace"}]
    assert project["metadata"]["annotations"][SYNC_WAVE_ANNOTATION] == "-1"


def test_namespaces_sync_before_the_workloads():
    for env in environments.load():
        for path in sorted((DIST / env.name).glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            wave = int(doc["metadata"].get("annotations", {}).get(SYNC_WAVE_ANNOTATION, "0"))
            assert wave == (-1 if doc["kind"] == "Namespace" else 0), path


_CANONICAL_QUANTITY = re.compile(r"^([1-9][0-9]*|0)(m|Ki|Mi|Gi|Ti)?$")


def _walk(node: Any, path: str = "") -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")
    yield path, node


def test_nothing_the_api_server_rewrites_so_argocd_stays_in_sync():
    """Values the API server would store differently make ArgoCD report OutOfSync forever."""
    for path in sorted(DIST.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, value in _walk(doc):
            assert value is not None, f"{path}: {where} is null (the API server drops it)"
            if re.search(r"\.resources\.(requests|limits)\.[a-z-]+$", where):
                assert isinstance(value, str), f"{path}: {where}={value!r}"
                assert _CANONICAL_QUANTITY.match(value), f"{path}: {where}={value!r} is not in the API server's canonical form"
                assert not value.endswith("000m"), f"{path}: {where}={value!r} (the API server stores whole cores)"
    for env in environments.load():
        hpa = yaml.safe_load((DIST / env.name / "horizontalpodautoscaler-control-panel.yaml").read_text(encoding="utf-8"))
        target = yaml.safe_load((DIST / env.name / f"deployment-{hpa['spec']['scaleTargetRef']['name']}.yaml").read_text(encoding="utf-8"))
        assert "replicas" not in target["spec"], "the HPA owns replicas; a rendered count would fight it on every sync"


@pytest.mark.parametrize("version", schemas.SUPPORTED_VERSIONS)
def test_gitops_objects_are_valid_against_the_pinned_crd_schemas(version):
    for name, doc in _dist("argocd").items():
        assert schemas.validate_document(doc, version, require_schema=True) == [], name


def test_gitops_objects_pass_the_policy_pack():
    assert check_tree(DIST / "argocd") == []


def test_flux_alternative(flux_tree, gitops):
    assert sorted(p.name for p in (flux_tree / "flux").glob("*.yaml")) == [
        "gitrepository-control-panel.yaml", "kustomization-control-panel-gatekeeper.yaml", "kustomization-control-panel-production.yaml",
        "kustomization-control-panel-staging.yaml",
    ]  # fmt: skip
    assert not (flux_tree / "argocd").exists()
    source = yaml.safe_load((flux_tree / "flux" / "gitrepository-control-panel.yaml").read_text(encoding="utf-8"))
    assert source["apiVersion"] == "source.toolkit.fluxcd.io/v1"
    assert source["spec"]["url"] == gitops.repo_url
    assert source["spec"]["ref"] == {"branch": gitops.revision}
    for env in ("staging", "production"):
        ks = yaml.safe_load((flux_tree / "flux" / f"kustomization-control-panel-{env}.yaml").read_text(encoding="utf-8"))
        assert ks["apiVersion"] == "kustomize.toolkit.fluxcd.io/v1"
        assert ks["metadata"]["namespace"] == "flux-system"
        assert ks["spec"]["path"] == f"./dist/{env}"
        assert ks["spec"]["prune"] is True
        assert ks["spec"]["wait"] is True
        assert ks["spec"]["sourceRef"] == {"kind": "GitRepository", "name": "control-panel"}
    production = yaml.safe_load((flux_tree / "flux" / "kustomization-control-panel-production.yaml").read_text(encoding="utf-8"))
    assert production["spec"]["dependsOn"] == [{"name": "control-panel-gatekeeper"}, {"name": "control-panel-staging"}]
    namespace = yaml.safe_load((flux_tree / "staging" / "namespace-staging.yaml").read_text(encoding="utf-8"))
    assert SYNC_WAVE_ANNOTATION not in namespace["metadata"].get("annotations", {})


def test_flux_render_passes_schemas_and_policy_pack(flux_tree):
    assert check_tree(flux_tree) == []


def test_no_gitops_section_renders_only_the_environments(tmp_path):
    out = _render(tmp_path, None)
    assert sorted(p.name for p in out.iterdir()) == ["production", "staging"]


def _doc(kind: str) -> dict[str, Any]:
    return yaml.safe_load((DIST / "argocd" / f"{kind}-control-panel-staging.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["spec"]["syncPolicy"].update(autoSync=True), "'autoSync' was unexpected"),
        (lambda d: d["spec"]["source"].update(repoUrl="x"), "'repoUrl' was unexpected"),
        (lambda d: d["metadata"].update(lables={}), "'lables' was unexpected"),
        (lambda d: d["spec"].pop("destination"), "'destination' is a required property"),
        (lambda d: d["spec"]["syncPolicy"]["retry"].update(limit="five"), "'five' is not of type 'integer'"),
        (lambda d: d.update(kind="Applicaton"), "no schema"),
        (lambda d: d.update(apiVersion="argoproj.io/v1beta1"), "no schema"),
    ],
)
def test_crd_schemas_are_strict(mutate, expected):
    doc = _doc("application")
    mutate(doc)
    problems = schemas.validate_document(doc, schemas.LATEST_VERSION, require_schema=True)
    assert any(expected in p for p in problems), problems


def test_crd_schemas_keep_what_the_crd_leaves_open():
    doc = _doc("application")
    doc["spec"]["source"]["helm"] = {"valuesObject": {"anything": {"goes": [1, 2]}}}  # x-kubernetes-preserve-unknown-fields
    doc["spec"]["syncPolicy"]["retry"]["backoff"]["duration"] = "10s"
    assert schemas.validate_document(doc, schemas.LATEST_VERSION) == []


def test_built_in_schemas_come_first_and_unknown_kinds_stay_unknown():
    service = yaml.safe_load((DIST / "staging" / "service-control-panel.yaml").read_text(encoding="utf-8"))
    assert schemas.validate_document(service, "1.30", require_schema=True) == []
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    assert schemas.validate_document(widget, "1.30") == []
    assert schemas.validate_document(widget, "1.30", require_schema=True) == ["no schema for example.com/v1 Widget in Kubernetes 1.30"]
    assert not schemas.has_schema(widget, "1.30")
    assert schemas.has_schema(_doc("application"), "1.30")


@pytest.mark.parametrize("api_version", ["../../etc/v1", "a/../../crds/x/v1", "argoproj.io/../v1"])
def test_crd_lookup_stays_in_the_schema_folder(api_version):
    doc = {"apiVersion": api_version, "kind": "Application", "metadata": {"name": "a"}}
    assert schemas.validate_document(doc, "1.30", require_schema=True) == [f"no schema for {api_version} Application in Kubernetes 1.30"]


def test_crd_schema_files_record_their_pinned_source():
    readme = (CRDS / "README.md").read_text(encoding="utf-8")
    files = sorted(CRDS.glob("*.json"))
    assert {
        "application_argoproj.io_v1alpha1.json", "appproject_argoproj.io_v1alpha1.json",
        "gitrepository_source.toolkit.fluxcd.io_v1.json", "kustomization_kustomize.toolkit.fluxcd.io_v1.json",
        "podmonitor_monitoring.coreos.com_v1.json", "prometheusrule_monitoring.coreos.com_v1.json", "servicemonitor_monitoring.coreos.com_v1.json",
    } <= {p.name for p in files}  # fmt: skip
    for path in files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        source = re.match(r"Generated by scripts/convert_crds.py from (\S+)@(v[\d.]+) (\S+);", schema["$comment"])
        assert source, path
        module, version, crd = source.groups()
        assert f"{module}@{version}" in readme, path
        assert crd in readme, path
        assert schema["additionalProperties"] is False
        assert schema["properties"]["metadata"] == {"$ref": schemas_object_meta()}


def schemas_object_meta() -> str:
    return "/api/_definitions.json#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


def _props(**changes: Any) -> GitOpsProps:
    base: dict[str, Any] = {
        "name": "shop", "tool": "argocd", "source": GitSource(repo_url="https://github.com/acme/shop-deploy.git"),
        "targets": (GitOpsTarget(name="staging", namespace="shop-staging"), GitOpsTarget(name="production", namespace="shop", sync="manual")),
    }  # fmt: skip
    return GitOpsProps(**{**base, **changes})


def test_bad_props_name_prop_value_and_what_is_allowed():
    import cdk8s

    props = _props(
        tool="spinnaker", source=GitSource(repo_url="github.com/acme", revision="a..b", folder="../dist"),
        targets=(
            GitOpsTarget(name="Staging", namespace="ok", sync="sometimes"), GitOpsTarget(name="dup", namespace="a"), GitOpsTarget(name="dup", namespace="b"),
        ),
        interval="5 minutes", destination_server="kubernetes.default.svc",
    )  # fmt: skip
    with pytest.raises(PropsError) as caught:
        GitOpsDefinitions(cdk8s.Chart(cdk8s.App(), "c"), "shop", props)
    text = str(caught.value)
    for expected in (
        "tool='spinnaker': one of argocd, flux",
        "source.repo_url='github.com/acme': a Git URL",
        "source.revision='a..b'",
        "source.folder='../dist'",
        "targets[0].name='Staging': an RFC 1123 label",
        "targets[0].sync='sometimes': one of automated, manual",
        "targets[2].name='dup': unique among the targets",
        "interval='5 minutes': a Go duration",
        "destination_server='kubernetes.default.svc'",
    ):
        assert expected in text, (expected, text)


def test_the_definitions_folder_may_not_be_an_environment():
    assert any("folder='staging'" in str(p) for p in _props(folder="staging").problems())
    assert not list(_props().problems())
    assert not list(_props(source=GitSource(repo_url="git@github.com:acme/shop-deploy.git", revision="release/2.x")).problems())


def test_environments_yaml_gitops_section_errors(tmp_path):
    text = (ROOT / "environments.yaml").read_text(encoding="utf-8")
    envs_only = text.split("\ngitops:")[0]
    (tmp_path / "none.yaml").write_text(envs_only, encoding="utf-8")
    assert environments.load_gitops(tmp_path / "none.yaml") is None
    assert [e.name for e in environments.load(tmp_path / "none.yaml")] == ["staging", "production"]
    bad = envs_only + "\ngitops:\n  tool: jenkins\n  repo_url: ftp://x\n  revision: main\n  path: dist\n"
    bad += "  sync: {staging: automated, qa: manual}\n  colour: red\n"
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(environments.ConfigError) as caught:
        environments.load_gitops(tmp_path / "bad.yaml")
    text = str(caught.value)
    assert "gitops.colour: unknown key" in text
    assert "gitops.sync.production: missing" in text
    assert "gitops.sync.qa: no such environment" in text
    assert "gitops.tool: 'jenkins': must be argocd or flux" in text
    # Values of the right shape that the GitOps construct refuses name the setting too.
    fixable = envs_only + "\ngitops:\n  tool: argocd\n  repo_url: ftp://x\n  revision: main\n  path: /dist\n  sync: {staging: automated, production: later}\n"
    (tmp_path / "fixable.yaml").write_text(fixable, encoding="utf-8")
    with pytest.raises(environments.ConfigError) as caught:
        environments.load_gitops(tmp_path / "fixable.yaml")
    assert "gitops.sync.production: 'later': must be automated or manual" in str(caught.value)
    (tmp_path / "fixable.yaml").write_text(fixable.replace("production: later", "production: manual"), encoding="utf-8")
    with pytest.raises(environments.ConfigError) as caught:
        environments.load_gitops(tmp_path / "fixable.yaml")
    text = str(caught.value)
    for expected in ("gitops.repo_url: 'ftp://x'", "gitops.path: '/dist'"):
        assert expected in text, text
    assert [e.name for e in environments.load(tmp_path / "fixable.yaml")] == ["staging", "production"]  # the environments load alone
