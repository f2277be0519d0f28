"""manifest_lint.gatekeeper: which rules become templates, how, and the pinned Constraint schemas."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gatekeeper_harness import CONSTRAINTCRD, dump, require

from manifest_lint.catalog import load_catalog
from manifest_lint.config import SCHEMA as CONFIG_SCHEMA
from manifest_lint.crd_schemas import schema_for, strict
from manifest_lint.gatekeeper import CI_ONLY, GatekeeperError, Settings, ci_only, generate
from manifest_lint.gatekeeper.crd import MATCH_CRD, UNPINNED_REASON, pinned_only, schema_file, stale_schemas, unpinned
from manifest_lint.gatekeeper.generate import (
    CONSTRAINT_VERSION,
    CROSS_REASON,
    GATEKEEPER_MODULE,
    GATEKEEPER_VERSION,
    PACK_LIB,
    WORKLOAD_KINDS,
    constraint_for,
    parameters_of,
)
from manifest_lint.package_data import CRD_SCHEMA_DIR, POLICIES_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def admission():
    return generate(Settings())


def test_every_rule_is_enforced_at_admission_or_ci_only_with_a_reason(admission):
    catalog = load_catalog()
    assert sorted([r.id for r in admission.rules] + list(admission.ci_only)) == catalog.ids()
    assert not {r.id for r in admission.rules} & set(admission.ci_only)
    for rule in catalog.rules:
        if rule.combine:
            assert admission.ci_only[rule.id].startswith(CROSS_REASON), rule.id
    assert set(CI_ONLY) <= set(catalog.ids()), "CI_ONLY names a rule the pack no longer has"
    assert all(len(reason) > 40 for reason in admission.ci_only.values())
    assert len(admission.templates) == len(admission.constraints) == len(admission.rules) >= 80


def test_the_rule_is_in_the_template_unchanged_but_for_its_package_and_data_lint_config(admission):
    for rule, template in zip(admission.rules, admission.templates, strict=True):
        (target,) = template["spec"]["targets"]
        assert target["target"] == "admission.k8s.gatekeeper.sh"
        (code,) = target["code"]
        assert code["engine"] == "Rego"
        assert code["source"]["version"] == "v1"
        source = (POLICIES_DIR.parent / rule.path).read_text(encoding="utf-8")
        libs = code["source"]["libs"]
        packages = [re.search(r"^package (\S+)$", lib, re.MULTILINE).group(1) for lib in libs]
        # Gatekeeper: every lib is a package below data.lib (not data.lib itself).
        assert all(p.startswith("lib.") and p != "lib" for p in packages), packages
        moved = libs[packages.index(f"{PACK_LIB}.{rule.package}")]
        restored = moved.replace(f"package {PACK_LIB}.", "package ", 1).replace("data.lib.lint_config", "data.lint_config")
        restored = re.sub(r"\bdata\." + re.escape(PACK_LIB) + r"\.", "data.", restored)
        assert restored == source, rule.id
        for package, lib in zip(packages, libs, strict=True):
            if package.startswith(("lib.kubernetes", "lib.findings", "lib.selectors", "lib.catalog")):
                originals = [p.read_text(encoding="utf-8") for p in (POLICIES_DIR / "lib").rglob("*.rego") if not p.name.endswith("_test.rego")]
                assert lib in originals, package
        # Gatekeeper refuses data references other than data.lib and data.inventory.
        for text in [*libs, code["source"]["rego"]]:
            code_only = re.sub(r"#.*$", "", text, flags=re.MULTILINE)
            assert set(re.findall(r"\bdata\.(\w+)", code_only)) <= {"lib"}, rule.id
        assert template["metadata"]["name"] == template["spec"]["crd"]["spec"]["names"]["kind"].lower()
        assert re.search(r"^violation contains", code["source"]["rego"], re.MULTILINE)


def test_enforcement_action_follows_severity_and_is_configurable(admission):
    for rule, constraint in zip(admission.rules, admission.constraints, strict=True):
        expected = "deny" if rule.severity in ("critical", "high") else "warn"
        assert constraint["spec"]["enforcementAction"] == expected, rule.id
        assert constraint["metadata"]["name"] == rule.id
    medium = next(r for r in admission.rules if r.severity == "medium")
    high = next(r for r in admission.rules if r.severity == "high")
    custom = generate(Settings(deny_at="medium", actions={high.id: "dryrun"}))
    actions = {c["metadata"]["name"]: c["spec"]["enforcementAction"] for c in custom.constraints}
    assert actions[medium.id] == "deny"
    assert actions[high.id] == "dryrun"
    assert {c["spec"]["enforcementAction"] for c in generate(Settings(deny_at="never")).constraints} == {"warn"}


def test_bad_settings_are_named():
    with pytest.raises(GatekeeperError) as error:
        generate(
            Settings(lint_config={"min_uid": "x", "typo": 1}, deny_at="severe", actions={"nope": "deny", "cross-hpa-target": "block"}, namespaces=["Bad_NS"])
        )
    text = str(error.value)
    for expected in ("min_uid", "typo", "deny_at 'severe'", "no rule has the id 'nope'", "cross-hpa-target runs in CI only", "'block'", "Bad_NS"):
        assert expected in text, expected


def test_settings_become_parameters(admission):
    by_id = {rule.id: (template, constraint) for rule, template, constraint in zip(admission.rules, admission.templates, admission.constraints, strict=True)}
    template, constraint = by_id["img-allowed-registries"]
    assert parameters_of(template) == ["allowed_registries"]
    schema = template["spec"]["crd"]["spec"]["validation"]["openAPIV3Schema"]
    assert schema["properties"]["allowed_registries"]["items"] == {"type": "string", "minLength": 1}
    assert "parameters" not in constraint["spec"]
    configured = generate(Settings(lint_config={"allowed_registries": ["ghcr.io/"], "min_uid": 5000}))
    params = {c["metadata"]["name"]: c["spec"].get("parameters") for c in configured.constraints}
    assert params["img-allowed-registries"] == {"allowed_registries": ["ghcr.io/"]}
    assert params["sec-high-uid"] == {"min_uid": 5000}
    assert params["sec-security-context"] is None
    read = {key for t in admission.templates for key in parameters_of(t)}
    assert read <= set(CONFIG_SCHEMA["properties"])
    assert read == set(CONFIG_SCHEMA["properties"]) - {"kube_version"}  # kube_version: the CI-only apiversions rules


def test_match_kinds_and_namespaces(admission):
    by_id = {c["metadata"]["name"]: c["spec"]["match"] for c in admission.constraints}
    assert by_id["pss-privileged"]["kinds"] == [{"apiGroups": ["*"], "kinds": sorted(WORKLOAD_KINDS)}]
    assert by_id["namespace-pss-enforce"]["kinds"] == [{"apiGroups": ["*"], "kinds": ["Namespace"]}]
    assert by_id["waiver-valid"]["kinds"] == [{"apiGroups": ["*"], "kinds": ["*"]}]
    assert by_id["pss-privileged"]["excludedNamespaces"] == ["kube-system", "gatekeeper-system"]
    assert all("namespaces" not in m and "scope" not in m for m in by_id.values())
    scoped = {c["metadata"]["name"]: c["spec"]["match"] for c in generate(Settings(namespaces=["staging"])).constraints}
    assert scoped["pss-privileged"]["namespaces"] == ["staging"]
    assert scoped["pss-privileged"]["scope"] == "Namespaced"  # a ClusterRole belongs to no namespace
    assert "scope" not in scoped["namespace-pss-enforce"]  # the Namespace named staging


def test_workload_kinds_are_lib_kubernetes_ones():
    text = (POLICIES_DIR / "lib" / "kubernetes" / "kubernetes.rego").read_text(encoding="utf-8")
    block = text.split("template_paths := {", 1)[1].split("}", 1)[0]
    assert {*re.findall(r'"(\w+)":', block), "Pod"} == set(WORKLOAD_KINDS)


def test_templates_and_constraints_are_stable(admission):
    again = generate(Settings())
    assert json.dumps(admission.objects(), sort_keys=True) == json.dumps(again.objects(), sort_keys=True)
    assert admission.constraints[0] == constraint_for(admission.rules[0], Settings(), parameters_of(admission.templates[0]))


def test_every_constraint_kind_has_its_pinned_schema(admission):
    assert unpinned(admission) == [], "run `.venv/bin/python scripts/convert_crds.py` (it pins the Constraints' schemas)"
    assert stale_schemas(admission) == [], "run `.venv/bin/python scripts/convert_crds.py` (it removes the schemas no template needs)"
    match = None
    for rule, template in zip(admission.rules, admission.templates, strict=True):
        kind = template["spec"]["crd"]["spec"]["names"]["kind"]
        pinned = json.loads((CRD_SCHEMA_DIR / schema_file(kind)).read_text(encoding="utf-8"))
        assert pinned["x-kubernetes-group-version-kind"] == [{"group": "constraints.gatekeeper.sh", "kind": kind, "version": CONSTRAINT_VERSION}]
        assert f"{GATEKEEPER_MODULE}@{GATEKEEPER_VERSION} {MATCH_CRD}" in pinned["$comment"]
        assert rule.id in pinned["$comment"]
        spec = pinned["properties"]["spec"]["properties"]
        params = template["spec"]["crd"]["spec"].get("validation", {}).get("openAPIV3Schema")
        assert spec.get("parameters") == (strict(params) if params else None), rule.id
        match = match or spec["match"]
        assert spec["match"] == match  # one match schema, Gatekeeper's
    assert (CRD_SCHEMA_DIR / "constrainttemplate_templates.gatekeeper.sh_v1.json").is_file()


def test_pinned_only_leaves_out_unpinned_rules(admission, tmp_path):
    some = admission.constraints[:3]
    for constraint in some:
        (tmp_path / schema_file(constraint["kind"])).write_text("{}", encoding="utf-8")
    kept = pinned_only(admission, tmp_path)
    assert [c["kind"] for c in kept.constraints] == [c["kind"] for c in some]
    assert len(kept.templates) == 3
    assert kept.ci_only[admission.rules[5].id] == UNPINNED_REASON


def test_constraint_crds_are_what_gatekeeper_creates(admission, tmp_path):
    """The constraint framework (pinned module, .tools/bin/constraintcrd) makes the same CRD; the pinned schemas convert it."""
    require(CONSTRAINTCRD)
    admission = pinned_only(admission)  # an unpinned one is test_every_constraint_kind_has_its_pinned_schema's
    paths = []
    for template in admission.templates:
        path = tmp_path / f"{template['metadata']['name']}.yaml"
        path.write_text(dump(template), encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run([str(CONSTRAINTCRD), *paths], capture_output=True, text=True, timeout=300, check=True)
    crds = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(crds) == len(admission.templates)
    for rule, crd in zip(admission.rules, crds, strict=True):
        kind = crd["spec"]["names"]["kind"]
        (version,) = [v for v in crd["spec"]["versions"] if v["name"] == CONSTRAINT_VERSION]
        expected = schema_for(crd, version, f"{GATEKEEPER_MODULE}@{GATEKEEPER_VERSION} {MATCH_CRD}")
        pinned = json.loads((CRD_SCHEMA_DIR / schema_file(kind)).read_text(encoding="utf-8"))
        expected["$comment"] = pinned["$comment"]
        assert pinned == expected, rule.id
        assert crd["spec"]["scope"] == "Cluster"
        assert [v["name"] for v in crd["spec"]["versions"]] == ["v1beta1", "v1alpha1"]


def test_ci_only_reasons_cover_the_cross_rules():
    catalog = load_catalog()
    skipped = ci_only(catalog)
    assert {r.id for r in catalog.rules if r.package.startswith("cross.")} <= set(skipped)


def test_command_line(tmp_path):
    run = [sys.executable, "-m", "manifest_lint.gatekeeper"]
    listing = subprocess.run([*run, "--list"], capture_output=True, text=True, check=True, cwd=ROOT).stdout.splitlines()
    actions = dict(line.split("\t")[:2] for line in listing)
    assert actions["pss-privileged"] == "deny"
    assert actions["cross-hpa-target"] == "ci-only"
    config = tmp_path / "lint.yaml"
    config.write_text("allowed_registries: [ghcr.io/]\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [*run, "--out", str(out), "--config", str(config), "--namespace", "apps", "--action", "sec-tty-stdin=deny"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.iterdir())
    assert "constrainttemplate-manifestlintpssprivileged.yaml" in files
    assert "manifestlintpssprivileged-pss-privileged.yaml" in files
    registries = yaml.safe_load((out / "manifestlintimgallowedregistries-img-allowed-registries.yaml").read_text(encoding="utf-8"))
    assert registries["spec"]["parameters"] == {"allowed_registries": ["ghcr.io/"]}
    assert registries["spec"]["match"]["namespaces"] == ["apps"]
    tty = yaml.safe_load((out / "manifestlintsecttystdin-sec-tty-stdin.yaml").read_text(encoding="utf-8"))
    assert tty["spec"]["enforcementAction"] == "deny"
    stream = subprocess.run(run, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert len([d for d in yaml.safe_load_all(stream) if d]) == len(files)
    bad = subprocess.run([*run, "--action", "nope=deny"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode == 2
    assert "no rule has the id 'nope'" in bad.stderr


def test_adapters_are_formatted_as_conftest_fmt_leaves_them(admission, tmp_path):
    for template in admission.templates:
        (tmp_path / f"{template['metadata']['name']}.rego").write_text(template["spec"]["targets"][0]["code"][0]["source"]["rego"], encoding="utf-8")
    done = subprocess.run([str(ROOT / ".tools" / "bin" / "conftest"), "fmt", "--check", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
