"""The inputs of a rule's own conftest tests, for gator verify suites.

Each ``test_*`` rule of ``<rule>_test.rego`` evaluates the rule ``with input as <term>`` (and
sometimes ``with data.lint_config[.<key>] as <term>``). Regal's parser (``regal parse``) finds
those terms; the ones that use only the test package's own rules and functions, its imports and
variables the test assigns once (``doc := ...``) are evaluated by conftest, in the test package,
as the ``deny`` results of a generated module. That gives, per rule, the objects and settings
its tests use. (Terms over a variable of ``some``, ``every`` or a comprehension are left out.)
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from manifest_lint.catalog import Rule
from manifest_lint.conftest_driver import ConftestError, run_conftest
from manifest_lint.package_data import POLICIES_DIR

ROOT = Path(__file__).resolve().parents[2]
REGAL = ROOT / ".tools" / "bin" / "regal"
PACKAGE = "gk_rule_cases"


@dataclass(frozen=True)
class Case:
    rule_id: str
    test: str
    """The test rule it comes from."""
    input: Any
    config: dict[str, Any]


@dataclass(frozen=True)
class _Term:
    test: str
    input: str
    config: str
    setup: tuple[str, ...]
    """Assignments of the test's body the terms use (``doc := ...``), in order."""


def _text(lines: list[str], location: str) -> str:
    row, col, end_row, end_col = (int(x) for x in location.split(":"))
    if row == end_row:
        return lines[row - 1][col - 1 : end_col - 1]
    parts = [lines[row - 1][col - 1 :], *lines[row : end_row - 1], lines[end_row - 1][: end_col - 1]]
    return "\n".join(parts)


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _free_vars(term: Any) -> set[str]:
    """The variables a term uses as values (a call's function name is not one)."""
    found: set[str] = set()
    callees: set[int] = set()
    for node in _walk(term):
        if isinstance(node, dict) and node.get("type") == "call":
            callees.add(id(node["value"][0]))
    for node in _walk(term):
        if not isinstance(node, dict) or id(node) in callees:
            continue
        if node.get("type") == "var":
            found.add(node["value"])
        elif node.get("type") == "ref":
            head = node["value"][0]
            if head.get("type") == "var":
                found.add(head["value"])
    return found


def _head_name(rule: dict[str, Any]) -> str:
    head = rule["head"]
    if "name" in head:
        return str(head["name"])
    return str(head["ref"][0]["value"])


def _ref_text(term: dict[str, Any]) -> str:
    return ".".join(str(t["value"]) for t in term.get("value", []) if isinstance(t, dict))


def terms_of(test_file: Path) -> tuple[str, list[str], list[_Term]]:
    """(package, import lines, every closed `with input as` term and its lint_config term) of a test file."""
    parsed = subprocess.run([str(REGAL), "parse", str(test_file)], capture_output=True, text=True, check=True, timeout=60)
    ast = json.loads(parsed.stdout)
    lines = test_file.read_text(encoding="utf-8").splitlines()
    package = ".".join(str(t["value"]) for t in ast["package"]["path"][1:])
    imports = [lines[int(i["location"].split(":")[0]) - 1].strip() for i in ast.get("imports", [])]
    aliases = {line.split(" as ")[1].strip() if " as " in line else line.split()[-1].split(".")[-1] for line in imports}
    known = {_head_name(r) for r in ast.get("rules", [])} | aliases | {"input", "data"}
    found = []
    for rule in ast.get("rules", []):
        name = _head_name(rule)
        if not name.startswith("test_"):
            continue
        # Local variables bound once in the test's body by `x := <term>`, which the terms may use.
        assigned: dict[str, tuple[str, set[str]]] = {}
        for expr in rule.get("body", []):
            terms = expr.get("terms")
            if isinstance(terms, list) and len(terms) == 3 and _ref_text(terms[0]) == "assign" and terms[1].get("type") == "var":
                assigned.setdefault(terms[1]["value"], (_text(lines, expr["location"]), _free_vars(terms[2])))
        for node in _walk(rule.get("body", [])):
            if not isinstance(node, dict) or "with" not in node or not isinstance(node["with"], list):
                continue
            targets = {_ref_text(w["target"]): w["value"] for w in node["with"]}
            if "input" not in targets:
                continue
            settings = {key: value for key, value in targets.items() if key.startswith("data.lint_config")}
            setup = _setup([targets["input"], *settings.values()], known, assigned)
            if setup is None:
                continue
            if "data.lint_config" in settings:
                config = _text(lines, settings["data.lint_config"]["location"])
            else:
                config = "{" + ", ".join(f"{json.dumps(key.split('.', 2)[2])}: {_text(lines, v['location'])}" for key, v in settings.items()) + "}"
            found.append(_Term(name, _text(lines, targets["input"]["location"]), config, setup))
    return package, imports, found


def _setup(terms: list[Any], known: set[str], assigned: dict[str, tuple[str, set[str]]]) -> tuple[str, ...] | None:
    """The assignments that bind the free variables of ``terms`` (None when one is bound otherwise, e.g. by `some`)."""
    needed: list[str] = []
    pending = set().union(*(_free_vars(t) for t in terms)) - known
    while pending:
        var = pending.pop()
        if var not in assigned:
            return None
        if var not in needed:
            needed.append(var)
            pending |= assigned[var][1] - known - set(needed)
    order = list(assigned)
    return tuple(assigned[var][0] for var in sorted(needed, key=order.index))


def cases(rules: Sequence[Rule]) -> list[Case]:
    """Every closed input (and settings) the tests of ``rules`` use, as conftest evaluates it; List items one by one."""
    if not REGAL.is_file():
        pytest.fail(f"{REGAL} is missing: run `make setup`")
    modules: list[str] = []
    namespaces: list[str] = []
    index: dict[tuple[str, int], tuple[Rule, str]] = {}
    for rule in rules:
        test_file = (POLICIES_DIR.parent / rule.path).with_name(Path(rule.path).stem + "_test.rego")
        if not test_file.is_file():
            continue
        package, imports, terms = terms_of(test_file)
        if not terms:
            continue
        lines = [f"package {package}", "", *imports, ""]
        for i, term in enumerate(terms):
            body = "".join(f"\t{line}\n" for line in term.setup) or "\ttrue\n"
            lines.append(f'deny_{PACKAGE} contains {{"msg": "case", "i": {i}, "input": {term.input}, "config": {term.config}}} if {{\n{body}}}\n')
            index[package, i] = (rule, term.test)
        modules.append("\n".join(lines) + "\n")
        namespaces.append(package)
    with tempfile.TemporaryDirectory(prefix="gk-cases-") as tmp:
        folder = Path(tmp)
        for i, text in enumerate(modules):
            (folder / f"cases_{i}.rego").write_text(text, encoding="utf-8")
        (folder / "empty.json").write_text("{}", encoding="utf-8")
        try:
            results = run_conftest([folder / "empty.json"], policies=[POLICIES_DIR, folder], namespaces=namespaces)
        except ConftestError as error:
            pytest.fail(str(error)[:3000])
    found = []
    for result in results:
        for failure in result.get("failures") or []:
            meta = failure["metadata"]
            rule, test = index[result["namespace"], meta["i"]]
            value, config = meta["input"], meta["config"]
            items = (
                value["items"] if isinstance(value, dict) and str(value.get("kind", "")).endswith("List") and isinstance(value.get("items"), list) else [value]
            )
            found += [Case(rule.id, test, item, config) for item in items if isinstance(item, dict) and isinstance(item.get("kind"), str)]
    return found
