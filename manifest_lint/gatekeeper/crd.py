"""The CustomResourceDefinition Gatekeeper creates for a ConstraintTemplate's Constraints.

Gatekeeper makes it when the template is applied (the constraint framework's ``CreateSchema``
and ``CreateCRD``): ``spec.match`` from Gatekeeper's match schema, ``spec.parameters`` from the
template's ``openAPIV3Schema``, ``spec.enforcementAction`` and ``spec.scopedEnforcementActions``.
``scripts/convert_crds.py`` pins the strict schema of each (``manifest_lint/schemas/crds/``), so
the render gate and ``manifest-lint`` validate the Constraints like any other custom resource;
tests/gatekeeper compares these CRDs with what the pinned Gatekeeper module makes
(``.tools/bin/constraintcrd``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from manifest_lint.crd_schemas import file_name, schema_for
from manifest_lint.gatekeeper.generate import (
    CONSTRAINT_GROUP,
    CONSTRAINT_VERSION,
    GATEKEEPER_MODULE,
    GATEKEEPER_VERSION,
    KIND_PREFIX,
    Admission,
    generate,
)
from manifest_lint.package_data import CRD_SCHEMA_DIR

CONSTRAINT_TEMPLATE_CRD = "config/crd/bases/constrainttemplate-customresourcedefinition.yaml"
"""The file of the Gatekeeper module with the ConstraintTemplate CRD."""
MATCH_CRD = "config/crd/bases/match.gatekeeper.sh_matchcrd.yaml"
"""The file of the Gatekeeper module whose ``embeddedMatch`` is the schema of every Constraint's ``spec.match``."""
VERSIONS = (CONSTRAINT_VERSION, "v1alpha1")
"""The versions of a constraint CRD; the first is stored."""


def match_schema(gatekeeper_module: Path) -> dict[str, Any]:
    """``spec.match``'s schema, from the Gatekeeper module's source folder."""
    crd = yaml.safe_load((gatekeeper_module / MATCH_CRD).read_text(encoding="utf-8"))
    (version,) = crd["spec"]["versions"]
    schema: dict[str, Any] = version["schema"]["openAPIV3Schema"]["properties"]["embeddedMatch"]
    return schema


def template_schemas(gatekeeper_module: Path) -> dict[str, dict[str, Any]]:
    """File name -> strict schema of every served version of ConstraintTemplate, from the Gatekeeper module's source folder.

    (``CONSTRAINT_TEMPLATE_CRD`` also holds the externaldata Provider CRD, which is left out.)
    """
    text = (gatekeeper_module / CONSTRAINT_TEMPLATE_CRD).read_text(encoding="utf-8")
    (crd,) = [d for d in yaml.safe_load_all(text) if isinstance(d, dict) and d.get("spec", {}).get("names", {}).get("kind") == "ConstraintTemplate"]
    source = f"{GATEKEEPER_MODULE}@{GATEKEEPER_VERSION} {CONSTRAINT_TEMPLATE_CRD}"
    return {
        file_name(crd["spec"]["group"], version["name"], "ConstraintTemplate"): schema_for(crd, version, source)
        for version in crd["spec"]["versions"]
        if version.get("served")
    }


def _scoped_actions() -> dict[str, Any]:
    point = {"type": "object", "properties": {"name": {"type": "string"}}}
    action = {"type": "object", "properties": {"action": {"type": "string"}, "enforcementPoints": {"type": "array", "items": point}}}
    return {"type": "array", "items": action}


def constraint_crd(template: Mapping[str, Any], match: Mapping[str, Any]) -> dict[str, Any]:
    """The apiextensions.k8s.io/v1 CRD of ``template``'s Constraints, with ``match`` as ``spec.match``'s schema."""
    names = template["spec"]["crd"]["spec"]["names"]
    kind = names["kind"]
    spec_properties: dict[str, Any] = {
        "enforcementAction": {"type": "string", "default": "deny"},
        "match": copy.deepcopy(dict(match)),
        "scopedEnforcementActions": _scoped_actions(),
    }
    parameters = template["spec"]["crd"]["spec"].get("validation", {}).get("openAPIV3Schema")
    if parameters is not None:
        spec_properties["parameters"] = copy.deepcopy(parameters)
    schema = {
        "type": "object",
        "properties": {
            "metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 63}}},
            "spec": {"type": "object", "properties": spec_properties},
            "status": {"x-kubernetes-preserve-unknown-fields": True},
        },
    }
    columns = [
        {"name": "enforcement-action", "type": "string", "description": "Type of enforcement action", "jsonPath": ".spec.enforcementAction"},
        {"name": "total-violations", "type": "integer", "description": "Total number of violations", "jsonPath": ".status.totalViolations"},
    ]
    versions = [
        {
            "name": name,
            "served": True,
            "storage": name == VERSIONS[0],
            "schema": {"openAPIV3Schema": copy.deepcopy(schema)},
            "subresources": {"status": {}},
            "additionalPrinterColumns": copy.deepcopy(columns),
        }
        for name in VERSIONS
    ]
    plural = kind.lower()
    labels = {**template.get("metadata", {}).get("labels", {}), "gatekeeper.sh/constraint": "yes"}
    spec_names: dict[str, Any] = {"plural": plural, "singular": plural, "kind": kind, "listKind": f"{kind}List", "categories": ["constraint", "constraints"]}
    if names.get("shortNames"):
        spec_names["shortNames"] = list(names["shortNames"])
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{CONSTRAINT_GROUP}", "labels": labels},
        "spec": {"group": CONSTRAINT_GROUP, "names": spec_names, "scope": "Cluster", "versions": versions, "conversion": {"strategy": "None"}},
    }


def schema_file(kind: str) -> str:
    """The pinned schema of a constraint kind in ``manifest_lint/schemas/crds/``."""
    return file_name(CONSTRAINT_GROUP, CONSTRAINT_VERSION, kind)


def constraint_schemas(gatekeeper_module: Path, admission: Admission | None = None) -> dict[str, dict[str, Any]]:
    """File name -> strict schema of the ``CONSTRAINT_VERSION`` Constraints of every template (scripts/convert_crds.py writes them)."""
    admission = admission or generate()
    match = match_schema(gatekeeper_module)
    found = {}
    for rule, template in zip(admission.rules, admission.templates, strict=True):
        crd = constraint_crd(template, match)
        (version,) = [v for v in crd["spec"]["versions"] if v["name"] == CONSTRAINT_VERSION]
        schema = schema_for(crd, version, f"{GATEKEEPER_MODULE}@{GATEKEEPER_VERSION} {MATCH_CRD}")
        schema["$comment"] = (
            f"Generated by scripts/convert_crds.py from {GATEKEEPER_MODULE}@{GATEKEEPER_VERSION} {MATCH_CRD}; the CRD Gatekeeper creates for "
            f"the Constraints of the ConstraintTemplate {template['metadata']['name']} (manifest_lint.gatekeeper, rule {rule.id}); do not edit."
        )
        found[schema_file(crd["spec"]["names"]["kind"])] = schema
    return found


def unpinned(admission: Admission, folder: Path = CRD_SCHEMA_DIR) -> list[str]:
    """The constraint kinds of ``admission`` without a pinned schema in ``folder``."""
    return [c["kind"] for c in admission.constraints if not (folder / schema_file(c["kind"])).is_file()]


def stale_schemas(admission: Admission, folder: Path = CRD_SCHEMA_DIR) -> list[Path]:
    """Pinned constraint schemas of ``folder`` that no template of ``admission`` needs any more."""
    wanted = {schema_file(c["kind"]) for c in admission.constraints}
    return sorted(p for p in folder.glob(f"{KIND_PREFIX.lower()}*_{CONSTRAINT_GROUP}_*.json") if p.name not in wanted)


def pinned_only(admission: Admission, folder: Path = CRD_SCHEMA_DIR) -> Admission:
    """``admission`` less the rules whose Constraints have no pinned schema yet (listed as CI-only, saying so).

    A render validates every object against a schema; a rule added to the pack reaches dist/gatekeeper once
    ``scripts/convert_crds.py`` has pinned its Constraint's schema (tests/gatekeeper fails until then).
    """
    missing = set(unpinned(admission, folder))
    keep = [i for i, c in enumerate(admission.constraints) if c["kind"] not in missing]
    later = {rule.id: UNPINNED_REASON for rule, c in zip(admission.rules, admission.constraints, strict=True) if c["kind"] in missing}
    return Admission(
        templates=[admission.templates[i] for i in keep],
        constraints=[admission.constraints[i] for i in keep],
        ci_only=dict(sorted({**admission.ci_only, **later}.items())),
        rules=[admission.rules[i] for i in keep],
    )


UNPINNED_REASON = "its Constraint's schema is not pinned yet: run `.venv/bin/python scripts/convert_crds.py`"
