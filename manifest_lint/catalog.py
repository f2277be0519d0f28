"""The rule catalogue: every rule package's METADATA, read from the Rego sources.

Each rule package under ``policies/`` (test files and ``policies/lib/`` excepted) carries
a package-scoped ``# METADATA`` comment block above its ``package`` line. This module
reads those blocks into :class:`Rule` records, and generates three files from them:

* ``docs/policies.md``: the rule reference, grouped by theme;
* ``policies/lib/catalog/catalog.rego``: ``data.lib.catalog.rule_ids``, the set of rule ids
  (the ``waiver-valid`` rule uses it to reject waivers naming unknown rules);
* ``catalog.json`` (beside this module): the catalogue itself, with a digest of the rule files
  it was read from. ``load_catalog`` uses it while the digest matches (reading the METADATA of
  120 files is a fifth of a one-file lint's start) and reads the sources otherwise.

Regenerate them with ``python -m manifest_lint.catalog --write``; ``--check``
exits 1 when one is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import yaml

from manifest_lint.package_data import CHECKOUT_ROOT, POLICIES_DIR

SEVERITIES = ("critical", "high", "medium", "low", "info")
PSS_LEVELS = ("baseline", "restricted")
REGENERATE = "python -m manifest_lint.catalog --write"
DOCS_PATH = CHECKOUT_ROOT / "docs" / "policies.md"
"""The rule reference; generated in the checkout (an installed copy has no docs folder to write)."""
CATALOG_REGO_PATH = POLICIES_DIR / "lib" / "catalog" / "catalog.rego"
CATALOG_INDEX_PATH = POLICIES_DIR.parent / "catalog.json"

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PACKAGE_RE = re.compile(r"^package\s+([A-Za-z_][\w.]*)\s*$")
# A package that produces conftest results (as opposed to a helper such as apiversions.table).
_RESULT_RULE_RE = re.compile(r"^(deny|warn|violation)(_\w+)?\s*(:=|=|contains|if|\[)", re.MULTILINE)


class CatalogError(ValueError):
    """The METADATA of a rule package is missing, malformed or duplicated."""


WORKLOAD_KINDS = frozenset({"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController", "PodTemplate"})
"""The kinds that hold a pod spec (``lib.kubernetes.workload_kinds``): what a rule's ``kinds: [workloads]`` means."""


class Rule(NamedTuple):
    """One rule package of the policy pack (a named tuple, as every record of the lint: ``dataclasses`` and
    the ``inspect`` it imports were 9 ms of every start)."""

    id: str
    title: str
    description: str
    severity: str
    kinds: tuple[str, ...]
    remediation: str
    package: str
    path: str  # the Rego file holding the METADATA, relative to the project root
    pss: str | None = None
    combine: bool = False

    def applies_to(self, kinds: AbstractSet[str]) -> bool:
        """Whether this rule can report on an input whose objects are of ``kinds``, by its METADATA ``kinds``.

        ``workloads`` are the kinds that hold a pod (``WORKLOAD_KINDS``); a description rather
        than kind names (``all``, ``built-in kinds``, ``any built-in kind with a removed version``)
        always applies. A rule's findings are about objects of its declared kinds only
        (tests/lint/test_lint_catalog.py checks that on every finding it sees).
        """
        for declared in self.kinds:
            if declared == "workloads":
                if kinds & WORKLOAD_KINDS:
                    return True
            elif not declared[:1].isupper() or declared in kinds:
                return True
        return False

    @property
    def theme(self) -> str:
        """The package's folder theme: ``pss.baseline`` for ``pss.baseline.privileged``."""
        head, _, _ = self.package.rpartition(".")
        return head or self.package


class Catalog(NamedTuple):
    """Every rule, in package order, and which files of the pack each file of it needs."""

    rules: tuple[Rule, ...]
    needs: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """Each file of the pack but its tests (``policies/...``: rules, lib/, helpers) -> the files of the packages it
    refers to (``data.x.y``, imported or named), read with the sources (``lint.policy_files``)."""

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def by_package(self) -> dict[str, Rule]:
        return {rule.package: rule for rule in self.rules}

    def ids(self) -> list[str]:
        return sorted(rule.id for rule in self.rules)


def _metadata_blocks(text: str) -> tuple[str | None, list[tuple[int, str]]]:
    """Return the package name and every ``# METADATA`` block (start line, YAML text)."""
    lines = text.splitlines()
    package: str | None = None
    blocks: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        match = _PACKAGE_RE.match(stripped)
        if match and package is None:
            package = match.group(1)
        if stripped == "# METADATA":
            start = i + 1
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].lstrip().startswith("#"):
                comment = lines[i].lstrip()[1:]
                body.append(comment[1:] if comment.startswith(" ") else comment)
                i += 1
            blocks.append((start, "\n".join(body)))
            continue
        i += 1
    return package, blocks


def rego_files(policies_dir: Path) -> list[tuple[str, str]]:
    """Every ``.rego`` file under ``policies_dir``: its path and its path relative to it (``/``-separated), in path order.

    os.walk and strings: pathlib's rglob and relative_to took 30 ms of every start for the pack's 250 files.
    """
    root = str(policies_dir)
    found: list[tuple[str, str]] = []
    for folder, _dirs, names in os.walk(root):
        prefix = folder[len(root) + 1 :].replace(os.sep, "/")
        found.extend((os.path.join(folder, name), f"{prefix}/{name}" if prefix else name) for name in names if name.endswith(".rego"))
    found.sort(key=lambda pair: pair[1].split("/"))
    return found


def _is_rule_file(rel: str) -> bool:
    return not rel.endswith("_test.rego") and rel.split("/", 1)[0] != "lib"


def _text(meta: Mapping[str, Any], key: str, where: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: METADATA needs a non-empty `{key}`")
    return value.strip()


def _rule_from_metadata(meta: Mapping[str, Any], package: str, where: str, rel_path: str) -> Rule:
    custom = meta.get("custom")
    if not isinstance(custom, Mapping):
        raise CatalogError(f"{where}: METADATA needs a `custom:` mapping (id, severity, kinds, remediation)")
    rule_id = _text(custom, "id", where)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rule_id):
        raise CatalogError(f"{where}: rule id {rule_id!r} must be lower-case letters, digits and dashes")
    severity = _text(custom, "severity", where)
    if severity not in SEVERITIES:
        raise CatalogError(f"{where}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    kinds = custom.get("kinds")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) and k for k in kinds):
        raise CatalogError(f"{where}: METADATA needs `kinds`, a non-empty list of kind names")
    pss = custom.get("pss")
    if pss is not None and pss not in PSS_LEVELS:
        raise CatalogError(f"{where}: pss {pss!r} is not one of {', '.join(PSS_LEVELS)}")
    if package.startswith("pss.") and pss is None:
        raise CatalogError(f"{where}: Pod Security Standards rules need `pss: baseline` or `pss: restricted`")
    combine = custom.get("combine", False)
    if not isinstance(combine, bool):
        raise CatalogError(f"{where}: `combine` must be true or false")
    if package.startswith("cross.") and not combine:
        raise CatalogError(f"{where}: rules under policies/cross/ check across resources and need `combine: true`")
    return Rule(
        id=rule_id,
        title=_text(meta, "title", where),
        description=_text(meta, "description", where),
        severity=severity,
        kinds=tuple(kinds),
        remediation=_text(custom, "remediation", where),
        package=package,
        path=rel_path,
        pss=pss,
        combine=combine,
    )


def _pack_sources(policies_dir: Path) -> list[tuple[str, bytes]]:
    """Each file of the pack but its tests: its path relative to ``policies_dir`` and its content."""
    return [(rel, Path(path).read_bytes()) for path, rel in rego_files(policies_dir) if not rel.endswith("_test.rego")]


def _rule_sources(policies_dir: Path) -> list[tuple[str, bytes]]:
    """Each rule file: its path relative to ``policies_dir`` and its content."""
    return [(rel, data) for rel, data in _pack_sources(policies_dir) if _is_rule_file(rel)]


def _digest(sources: Sequence[tuple[str, bytes]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for rel, data in sources:
        digest.update(rel.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def load_catalog(policies_dir: Path = POLICIES_DIR) -> Catalog:
    """Every rule package's METADATA (from ``catalog.json`` while it matches the sources); :class:`CatalogError` on any problem."""
    pack = _pack_sources(policies_dir)
    needs = _needs(policies_dir, pack)
    sources = [(rel, data) for rel, data in pack if _is_rule_file(rel)]
    if policies_dir == POLICIES_DIR:
        indexed = _indexed_catalog(sources, needs)
        if indexed is not None:
            return indexed
    return _read_catalog(policies_dir, sources, needs)


_PACKAGE_LINE = re.compile(rb"^package ([A-Za-z0-9_.]+)", re.MULTILINE)
_DATA_REF = re.compile(rb"data((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
"""A ``data.a.b.c`` reference (no leading ``\\b``: a literal start is four times as fast to find; ``_refs_in`` checks the character before)."""


def _needs(policies_dir: Path, pack: Sequence[tuple[str, bytes]]) -> Mapping[str, tuple[str, ...]]:
    """``Catalog.needs``: each ``data.a.b.c`` of a file (comments too: a file too many is only slower) names the
    package of the longest of ``a.b.c``, ``a.b``, ``a`` that the pack defines (tests/lint: checked against the AST)."""
    file_of = {match.group(1).decode(): f"{policies_dir.name}/{rel}" for rel, data in pack if (match := _PACKAGE_LINE.search(data))}
    needs: dict[str, tuple[str, ...]] = {}
    for rel, data in pack:
        path = f"{policies_dir.name}/{rel}"
        found: set[str] = set()
        for ref in _refs_in(data):
            parts = ref[1:].split(".")
            target = next((file_of[name] for n in range(len(parts), 0, -1) if (name := ".".join(parts[:n])) in file_of), None)
            if target is not None and target != path:
                found.add(target)
        needs[path] = tuple(sorted(found))
    return MappingProxyType(needs)


def _refs_in(data: bytes) -> set[str]:
    found = set()
    for match in _DATA_REF.finditer(data):
        before = data[match.start() - 1 : match.start()]
        if not (before.isalnum() or before == b"_"):
            found.add(match.group(1).decode())
    return found


def _indexed_catalog(sources: Sequence[tuple[str, bytes]], needs: Mapping[str, tuple[str, ...]]) -> Catalog | None:
    try:
        index = json.loads(CATALOG_INDEX_PATH.read_text(encoding="utf-8"))
        if index.get("digest") != _digest(sources):
            return None
        return Catalog(tuple(Rule(**{**rule, "kinds": tuple(rule["kinds"])}) for rule in index["rules"]), needs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing or not ours: read the sources


def render_catalog_index(catalog: Catalog, policies_dir: Path = POLICIES_DIR) -> str:
    """What ``catalog.json`` holds for ``catalog``, read from ``policies_dir``."""
    index = {
        "comment": _HEADER,
        "digest": _digest(_rule_sources(policies_dir)),
        "rules": [rule._asdict() for rule in catalog.rules],
    }
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


def _read_catalog(policies_dir: Path, sources: Sequence[tuple[str, bytes]], needs: Mapping[str, tuple[str, ...]]) -> Catalog:
    found: dict[str, Rule] = {}
    packages_seen: dict[str, str] = {}
    for rel, data in sources:
        rel_path = f"{policies_dir.name}/{rel}"
        text = data.decode("utf-8")
        package, blocks = _metadata_blocks(text)
        if package is None:
            raise CatalogError(f"{rel_path}: no `package` line")
        if _RESULT_RULE_RE.search(text):
            packages_seen.setdefault(package, rel_path)
        for line, body in blocks:
            where = f"{rel_path}:{line}"
            try:
                meta = yaml.load(body, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's when present)
            except yaml.YAMLError as exc:
                raise CatalogError(f"{where}: METADATA is not valid YAML: {exc}") from None
            if not isinstance(meta, Mapping):
                raise CatalogError(f"{where}: METADATA is not a YAML mapping")
            custom = meta.get("custom")
            if meta.get("scope", "package") not in ("package", "subpackages") or not isinstance(custom, Mapping) or "id" not in custom:
                continue  # a rule-level annotation, or the package's without an id (reported below)
            rule = _rule_from_metadata(meta, package, where, rel_path)
            if rule.id in found:
                other = found[rule.id]
                raise CatalogError(f"{where}: duplicate rule id {rule.id!r} (also in {other.path}, package {other.package})")
            if any(r.package == package for r in found.values()):
                raise CatalogError(f"{where}: package {package} has more than one METADATA block with a rule id")
            found[rule.id] = rule
    described = {rule.package for rule in found.values()}
    for package, rel_path in packages_seen.items():
        if package not in described:
            raise CatalogError(
                f"{rel_path}: package {package} defines deny/warn results but has no package-scoped METADATA block "
                "with title, description and custom.id, severity, kinds, remediation"
            )
    return Catalog(tuple(sorted(found.values(), key=lambda r: r.package)), needs)


# --- generated files -------------------------------------------------------------------

_HEADER = f"Code generated by `{REGENERATE}` from the rules' METADATA. DO NOT EDIT."


def render_catalog_rego(catalog: Catalog) -> str:
    """``policies/lib/catalog/catalog.rego``, formatted as ``conftest fmt`` leaves it."""
    lines = [
        f"# {_HEADER}",
        "# METADATA",
        "# title: Rule catalogue",
        "# description: The id of every rule in the policy pack.",
        "package lib.catalog",
        "",
    ]
    ids = catalog.ids()
    if ids:
        lines.append("rule_ids := {")
        lines.extend(f'\t"{rule_id}",' for rule_id in ids)
        lines.append("}")
    else:
        lines.append("rule_ids := set()")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _theme_title(theme: str) -> str:
    return {"pss.baseline": "Pod Security Standards: Baseline", "pss.restricted": "Pod Security Standards: Restricted"}.get(
        theme, theme.replace(".", " / ").replace("_", " ").capitalize()
    )


def render_docs(catalog: Catalog, extra: Iterable[Rule] = ()) -> str:
    """``docs/policies.md``: one table per theme."""
    out = [
        "# Policy reference",
        "",
        f"<!-- {_HEADER} -->",
        "",
        "Every rule of the policy pack in `policies/`, grouped by theme. Run them with",
        "`manifest-lint PATH... [--profile baseline|restricted|all]`:",
        "`baseline` runs the Pod Security Standards Baseline rules, `restricted` adds the",
        "Restricted ones, `all` (the default) runs every rule, the cross-resource checks and",
        "schema validation.",
        "",
        "A resource waives a rule with the annotation",
        '`policy.omnitide.dev/waive-<rule id>: "<reason>[; expires=YYYY-MM-DD][; container=a,b]"`;',
        "waived findings are reported but do not fail the lint. A waiver without a reason, with an",
        "unreadable or past expiry, or naming an unknown rule is itself a `waiver-valid` finding",
        "(that rule runs in every profile).",
        "",
        "## Running the lint",
        "",
        "```",
        "manifest-lint PATH... [--profile baseline|restricted|all] [--output table|json|sarif|junit]",
        "              [--kube-version X.Y] [--config lint.yaml] [--exclude GLOB] [--conftest PATH]",
        "```",
        "",
        "PATHs are files or folders, walked for `*.yaml`, `*.yml` and `*.json` (`-` reads standard input:",
        "`helm template . | manifest-lint -`): multi-document streams, `List` kinds, Helm and Kustomize output,",
        "UTF-8, UTF-16 or UTF-32 text. `kustomization.yaml` files, the patches they list and JSON 6902 patch files",
        "are skipped with a note on stderr (lint what `kustomize build` makes); `--exclude GLOB` leaves out more.",
        "A kind that no supported Kubernetes version, pinned CRD or CustomResourceDefinition of the input defines",
        "is an `unknown-kind` finding, an object without a name an `object-name` finding (both in every profile);",
        "custom resources whose CRD is in the input are validated against its schema. `--kube-version` sets",
        "`data.lint_config.kube_version` for the rules and limits schema validation to that version",
        "(otherwise every supported version is checked). `--config` reads a YAML mapping of rule",
        "settings (`allowed_registries`, `min_uid`, `max_resources`, ...) into `data.lint_config`; an unknown",
        "setting, a wrong type or a bad value is an error. One run reads at most 32 MiB, 50,000 objects,",
        "3,000,000 nodes and 1,000,000 alias-added nodes (which keeps it under 1 GB); lint more in several runs.",
        "",
        "| Exit status | Meaning |",
        "| --- | --- |",
        "| 0 | Every input was read; no unwaived finding. |",
        "| 1 | Every input was read; at least one unwaived finding. |",
        "| 2 | Some input was bad (missing path, unreadable, binary, too big, malformed YAML or JSON, duplicate keys, "
        "alias bomb, too deep, not a Kubernetes object, symlink loop, folder without manifests, over the run's limits), "
        "the config was bad, conftest was missing or failed, temporary files could not be written, or the command line "
        "was wrong. The good files are still linted and reported; problems go to stderr. |",
        "| 130, 143 | Interrupted by SIGINT or SIGTERM: conftest is ended and the temporary files removed. |",
        "",
        "Outputs: `table` (default, with a summary line), `json` (a list of findings with `rule_id`, `severity`,",
        "`kind`, `namespace`, `name`, `container`, `file`, `message`, `waived`), `sarif` (2.1.0, for GitHub code",
        "scanning; waived findings carry suppressions) and `junit` (a test suite per rule, a test case per rule",
        "per resource).",
        "",
    ]
    themes: dict[str, list[Rule]] = {}
    for rule in [*catalog.rules, *extra]:
        themes.setdefault(rule.theme, []).append(rule)
    for theme in sorted(themes):
        out += [f"## {_theme_title(theme)}", ""]
        if any(r.combine for r in themes[theme]):
            out += ["These rules look across resources and run once over all documents (`conftest test --combine`).", ""]
        out += ["| ID | Title | Severity | PSS | Kinds | Remediation |", "| --- | --- | --- | --- | --- | --- |"]
        for rule in sorted(themes[theme], key=lambda r: r.id):
            out.append(
                f"| `{rule.id}` | {_cell(rule.title)} | {rule.severity} | {rule.pss or '-'} | {_cell(', '.join(rule.kinds))} | {_cell(rule.remediation)} |"
            )
        out.append("")
    return "\n".join(out)


SCHEMA_RULE = Rule(
    id="schema-valid",
    title="Valid against the Kubernetes schema",
    description="The document validates strictly (unknown fields are errors) against the OpenAPI schema of each supported Kubernetes version.",
    severity="high",
    kinds=("all",),
    remediation="Fix the field the message names; remove fields the version does not know.",
    package="builtin.schema_valid",
    path="manifest_lint/schema_validation.py",
)
"""Schema validation, done in Python under ``--profile all``; reported like a rule."""

BUILTIN_RULES = (SCHEMA_RULE,)
"""The rules checked in Python rather than Rego."""


def generated_files(catalog: Catalog) -> dict[Path, str]:
    return {
        DOCS_PATH: render_docs(catalog, extra=BUILTIN_RULES),
        CATALOG_REGO_PATH: render_catalog_rego(catalog),
        CATALOG_INDEX_PATH: render_catalog_index(catalog),
    }


def stale_files(catalog: Catalog) -> list[Path]:
    """The generated files whose content differs from what the catalogue gives."""
    stale = []
    for path, content in generated_files(catalog).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            stale.append(path)
    return stale


def write_generated(catalog: Catalog) -> list[Path]:
    written = []
    for path, content in generated_files(catalog).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m manifest_lint.catalog", description=__doc__.splitlines()[0] if __doc__ else None)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="regenerate docs/policies.md, policies/lib/catalog/catalog.rego and catalog.json")
    group.add_argument("--check", action="store_true", help="exit 1 when a generated file is stale")
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.write:
        for path in write_generated(catalog):
            print(f"wrote {path.relative_to(CHECKOUT_ROOT)}")
        return 0
    if args.check:
        stale = stale_files(catalog)
        for path in stale:
            print(f"{path.relative_to(CHECKOUT_ROOT)} is stale: run `{REGENERATE}`", file=sys.stderr)
        return 1 if stale else 0
    for rule in catalog.rules:
        print(f"{rule.id}\t{rule.severity}\t{rule.pss or '-'}\t{rule.package}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
