"""The rule catalogue and the files generated from it."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from lint_fixtures import APP, CLEAN_BASELINE, write

from manifest_lint import catalog as catalog_module
from manifest_lint import lint as lint_module
from manifest_lint.catalog import REGENERATE, WORKLOAD_KINDS, Catalog, CatalogError, Rule, load_catalog, render_catalog_rego, stale_files
from manifest_lint.conftest_driver import find_conftest
from manifest_lint.lint import WITH_CROSS_RESOURCE_RULES, compile_halves, lint_documents
from manifest_lint.loader import load_paths
from manifest_lint.package_data import CHECKOUT_TOOLS_BIN, POLICIES_DIR

ROOT = Path(__file__).resolve().parents[2]

RULE = """\
# METADATA
# title: Example
# description: An example rule.
# scope: package
# custom:
#   id: {id}
#   severity: high
#   kinds: [workloads]
#   remediation: Fix it.
package {package}

deny := set()
"""


def test_catalog_reads_every_rule() -> None:
    catalog = load_catalog()
    ids = [r.id for r in catalog.rules]
    assert len(ids) == len(set(ids))
    by_id = catalog.by_id()
    assert by_id["pss-privileged"].pss == "baseline"
    assert by_id["pss-privileged"].package == "pss.baseline.privileged"
    assert by_id["waiver-valid"].path == "policies/waivers/waiver_valid/waiver_valid.rego"
    assert all(r.combine for r in catalog.rules if r.package.startswith("cross."))
    assert not any(r.package.startswith("lib.") for r in catalog.rules)


def test_generated_files_are_current() -> None:
    stale = stale_files(load_catalog())
    assert not stale, f"{', '.join(str(p) for p in stale)} out of date: run `{REGENERATE}`"


def test_catalog_rego_is_conftest_fmt_clean(tmp_path: Path) -> None:
    path = tmp_path / "catalog.rego"
    path.write_text(render_catalog_rego(load_catalog()), encoding="utf-8")
    done = subprocess.run([find_conftest(), "fmt", "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_waiver_rule_rego_tests_pass() -> None:
    done = subprocess.run(
        [find_conftest(), "verify", "--no-color", "-p", str(POLICIES_DIR / "lib"), "-p", str(POLICIES_DIR / "waivers")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _pack(tmp_path: Path, rules: dict[str, str]) -> Path:
    policies = tmp_path / "policies"
    for rel, text in rules.items():
        (policies / rel).parent.mkdir(parents=True, exist_ok=True)
        (policies / rel).write_text(text, encoding="utf-8")
    (policies / "lib").mkdir(exist_ok=True)
    return policies


def test_duplicate_id_fails_naming_both_files(tmp_path: Path) -> None:
    policies = _pack(tmp_path, {"a/one/one.rego": RULE.format(id="dup", package="a.one"), "a/two/two.rego": RULE.format(id="dup", package="a.two")})
    with pytest.raises(CatalogError, match=r"policies/a/two/two.rego:1: duplicate rule id 'dup' \(also in policies/a/one/one.rego"):
        load_catalog(policies)


def test_missing_field_fails(tmp_path: Path) -> None:
    text = RULE.format(id="x", package="a.x").replace("#   remediation: Fix it.\n", "")
    with pytest.raises(CatalogError, match=r"policies/a/x/x.rego:1: METADATA needs a non-empty `remediation`"):
        load_catalog(_pack(tmp_path, {"a/x/x.rego": text}))


def test_rule_package_without_metadata_fails(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"package a\.y defines deny/warn results but has no package-scoped METADATA"):
        load_catalog(_pack(tmp_path, {"a/y/y.rego": "package a.y\n\ndeny := set()\n"}))


def test_helpers_tests_and_lib_are_skipped(tmp_path: Path) -> None:
    policies = _pack(
        tmp_path,
        {
            "a/x/x.rego": RULE.format(id="x", package="a.x"),
            "a/x/x_test.rego": "package a.x_test\n\ntest_x if true\n",
            "a/table/table.rego": "package a.table\n\nrows := []\n",
            "lib/helpers.rego": "package lib.helpers\n\ndeny := set()\n",
        },
    )
    assert [r.id for r in load_catalog(policies).rules] == ["x"]


def test_write_regenerates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, rego = tmp_path / "policies.md", tmp_path / "catalog.rego"
    shutil.copy(catalog_module.DOCS_PATH, docs)
    monkeypatch.setattr(catalog_module, "DOCS_PATH", docs)
    monkeypatch.setattr(catalog_module, "CATALOG_REGO_PATH", rego)
    catalog = load_catalog()
    assert stale_files(catalog) == [rego]
    assert catalog_module.write_generated(catalog) == [rego]
    assert stale_files(catalog) == []
    assert "waiver-valid" in docs.read_text(encoding="utf-8")


def test_peer_coverage_table_is_current() -> None:
    """docs/coverage/README.md is what scripts/coverage_table.py makes of peers.yaml and the rules (and names only real rule ids)."""
    root = POLICIES_DIR.parents[1]
    done = subprocess.run([sys.executable, str(root / "scripts" / "coverage_table.py"), "--check"], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_builtin_kinds_index_is_current() -> None:
    """manifest_lint/schemas/builtin-kinds.json lists what the installed schemas define (`python -m manifest_lint.schemas` rewrites it)."""
    from manifest_lint import schemas

    assert schemas.KINDS_INDEX.read_text(encoding="utf-8") == schemas.kinds_index_text()


def test_bounded_definitions_index_is_current() -> None:
    """manifest_lint/schemas/bounded-definitions.json is what the installed schemas give (`python -m manifest_lint.schemas` rewrites it)."""
    from manifest_lint import schemas

    assert schemas.BOUNDED_INDEX.read_text(encoding="utf-8") == schemas.bounded_index_text()


def _declared_kinds_cover(rule_id: str, kind: str | None, rules: dict[str, Rule]) -> bool:
    return kind is None or rules[rule_id].applies_to({kind})


def test_findings_are_about_the_kinds_their_rule_declares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule is not compiled when no object of its METADATA kinds is in the input, so every finding must be of those kinds.

    Checked on each reviewed finding of the real-world projects and on a lint of dist/ and the lint fixtures
    with every rule compiled (the selection by kind turned off, so that it cannot hide what it would skip).
    """
    rules = {rule.id: rule for rule in load_catalog().rules}
    wrong: set[tuple[str, str]] = set()
    for expected in sorted((ROOT / "tests" / "realworld" / "expected").glob("*.json")):
        for findings in json.loads(expected.read_text(encoding="utf-8"))["files"].values():
            wrong |= {(rule_id, kind) for rule_id, kind, *_ in findings if rule_id in rules and not _declared_kinds_cover(rule_id, kind, rules)}
    write(tmp_path, {"app.yaml": APP, "settings.yaml": CLEAN_BASELINE})
    loaded = load_paths([str(ROOT / "dist"), str(tmp_path)])
    monkeypatch.setattr(Rule, "applies_to", lambda _rule, _kinds: True)
    seen = lint_documents(loaded, load_catalog(), profile="all", validate_schemas=False).findings
    assert {f.rule_id for f in seen}, "the lint found nothing to check against"
    wrong |= {(f.rule_id, str(f.kind)) for f in seen if f.rule_id in rules and not _declared_kinds_cover(f.rule_id, f.kind, rules)}
    assert not wrong, f"findings of kinds their rule does not declare in METADATA `kinds` (add the kind there): {sorted(wrong)}"


def test_workload_kinds_are_those_of_lib_kubernetes() -> None:
    text = (POLICIES_DIR / "lib" / "kubernetes" / "kubernetes.rego").read_text(encoding="utf-8")
    block = text.split("template_paths := {", 1)[1].split("}", 1)[0]
    assert {*re.findall(r'"([A-Za-z]+)":', block), "Pod"} == WORKLOAD_KINDS


def test_catalog_index_is_read_while_it_matches_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs = catalog_module._needs(POLICIES_DIR, catalog_module._pack_sources(POLICIES_DIR))
    from_sources = catalog_module._read_catalog(POLICIES_DIR, catalog_module._rule_sources(POLICIES_DIR), needs)
    assert load_catalog() == from_sources
    index = json.loads(catalog_module.CATALOG_INDEX_PATH.read_text(encoding="utf-8"))
    index["rules"] = index["rules"][:1]  # the right digest, a wrong catalogue: shows which one is read
    tampered = tmp_path / "catalog.json"
    tampered.write_text(json.dumps(index), encoding="utf-8")
    monkeypatch.setattr(catalog_module, "CATALOG_INDEX_PATH", tampered)
    assert len(load_catalog().rules) == 1
    index["digest"] = "0" * 32  # sources changed since the index was written: they are read
    tampered.write_text(json.dumps(index), encoding="utf-8")
    assert load_catalog() == from_sources
    tampered.write_text("not json", encoding="utf-8")
    assert load_catalog() == from_sources


def test_rules_moved_to_the_cross_resource_process_are_per_document_rules_of_the_pack() -> None:
    """WITH_CROSS_RESOURCE_RULES only balances the two processes: it names rules that exist and need no --combine."""
    by_id = load_catalog().by_id()
    assert set(WITH_CROSS_RESOURCE_RULES) <= set(by_id)
    assert not [rule_id for rule_id in WITH_CROSS_RESOURCE_RULES if by_id[rule_id].combine]


REGAL = CHECKOUT_TOOLS_BIN / "regal"


def _compiled_bytes(rules: Sequence[Rule], catalog: Catalog) -> int:
    return sum(Path(path).stat().st_size for path in lint_module.policy_files(rules, catalog))


def test_compile_halves_split_every_rule_once_by_compile_cost() -> None:
    """A small input's rules run in two conftest processes of about equal compile cost: every rule in exactly one,
    and the rules that need lib.selectors together, so that one process compiles it (a Deployment's rules)."""
    catalog = load_catalog()
    for rules in (list(catalog.rules), [rule for rule in catalog.rules if rule.applies_to({"Deployment"})]):
        halves = compile_halves(rules, catalog)
        assert len(halves) == 2
        assert sorted(rule.id for half in halves for rule in half) == sorted(rule.id for rule in rules)
        costs = [_compiled_bytes(half, catalog) for half in halves]
        assert abs(costs[0] - costs[1]) <= max(_compiled_bytes([rule], catalog) for rule in rules)
        with_selectors = [half for half in halves if any(path.endswith("/lib/selectors/selectors.rego") for path in lint_module.policy_files(half, catalog))]
        assert len(with_selectors) == 1
    assert compile_halves(catalog.rules[:1], catalog) == [list(catalog.rules[:1])]
    assert compile_halves([], catalog) == []


def test_catalog_needs_hold_every_package_a_file_refers_to() -> None:
    """conftest compiles each rule with the files ``Catalog.needs`` names (a scan of the text, lint.policy_files): Regal's
    parse of every file of the pack must find no reference to one of its packages beyond them. A reference missed
    would leave a rule's helpers undefined, so that it silently finds nothing."""
    if not REGAL.is_file():
        pytest.fail(f"{REGAL} is missing: run `make setup`")
    catalog = load_catalog()
    sources = sorted(path for path in POLICIES_DIR.rglob("*.rego") if not path.name.endswith("_test.rego"))
    files = [(str(path), f"{POLICIES_DIR.name}/{path.relative_to(POLICIES_DIR).as_posix()}") for path in sources]
    assert sorted(rel for _, rel in files) == sorted(catalog.needs)
    file_of = {}
    for path, rel in files:
        match = re.search(r"^package ([\w.]+)", Path(path).read_text(encoding="utf-8"), re.MULTILINE)
        assert match, path
        file_of[match.group(1)] = rel
    for path, rel in files:
        refs: list[list[dict[str, Any]]] = []

        def collect(node: dict[str, Any], refs: list[list[dict[str, Any]]] = refs) -> dict[str, Any]:
            if node.get("type") == "ref":
                refs.append(node["value"])
            return node

        json.loads(subprocess.run([str(REGAL), "parse", path], capture_output=True, text=True, check=True, timeout=60).stdout, object_hook=collect)
        referred = set()
        for ref in refs:
            if (ref[0].get("type"), ref[0].get("value")) != ("var", "data"):
                continue
            names = list(itertools.takewhile(lambda name: isinstance(name, str), (term["value"] if term.get("type") == "string" else None for term in ref[1:])))
            referred |= {file_of[package] for n in range(len(names), 0, -1) if (package := ".".join(names[:n])) in file_of}
        referred.discard(rel)
        assert referred <= set(catalog.needs[rel]), (rel, referred - set(catalog.needs[rel]))
    assert any("policies/lib/selectors/selectors.rego" in needs for needs in catalog.needs.values())


def test_a_small_input_finds_the_same_in_two_processes_as_in_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """compile halves: the rules split over two conftest processes (two CPUs) report exactly what one process with all of them does."""
    write(tmp_path, {"app.yaml": APP, "settings.yaml": CLEAN_BASELINE})
    loaded = load_paths([str(ROOT / "dist" / "staging"), str(tmp_path)])
    assert len(loaded.documents) <= lint_module.SMALL_INPUT_MAX_DOCUMENTS
    catalog = load_catalog()
    found = {}
    for cpus in (1, 2):
        monkeypatch.setattr(lint_module, "worker_count", lambda _requested, cpus=cpus: cpus)
        result = lint_documents(loaded, catalog, profile="all")
        assert not result.errors
        found[cpus] = result.findings
        labels = [phase for phase in result.phases if phase.startswith("conftest:")]
        assert len(labels) == cpus, labels
    assert found[1], "the lint found nothing to compare"
    assert found[1] == found[2]
