"""``--output sarif``: SARIF 2.1.0 for GitHub code scanning; waived findings carry suppressions."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from manifest_lint import __version__
from manifest_lint.catalog import Rule
from manifest_lint.findings import LintResult
from manifest_lint.loader import InputProblem

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def _uri(path: str) -> str:
    rel = os.path.relpath(os.path.abspath(path))
    return rel.replace(os.sep, "/")


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.description.split())},
        "help": {"text": rule.remediation, "markdown": f"**Remediation:** {rule.remediation}"},
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule.severity, "warning")},
        "properties": {"severity": rule.severity, "tags": [t for t in ("security", rule.pss and f"pss-{rule.pss}") if t], "kinds": list(rule.kinds)},
    }


def render(result: LintResult, problems: Sequence[InputProblem]) -> str:
    rules = sorted(result.rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        entry: dict[str, Any] = {
            "ruleId": f.rule_id,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "properties": {"severity": f.severity, "kind": f.kind, "namespace": f.namespace, "name": f.name, "container": f.container},
        }
        if f.rule_id in index:
            entry["ruleIndex"] = index[f.rule_id]
        if f.file:
            location: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.file), "uriBaseId": "%SRCROOT%"}}
            location["region"] = {"startLine": f.line or 1}
            entry["locations"] = [{"physicalLocation": location}]
            entry["partialFingerprints"] = {"resource/v1": f"{f.rule_id}|{f.kind}|{f.namespace}|{f.name}|{f.container}"}
        if f.waived:
            entry["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": f.waiver_reason or "waived by annotation"}]
        results.append(entry)
    notifications = [
        {
            "level": "error",
            "message": {"text": p.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(p.path)}, **({"region": {"startLine": p.line}} if p.line else {})}}],
        }
        for p in problems
    ] + [{"level": "error", "message": {"text": e}} for e in result.errors]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "constructs-lib-lint",
                        "version": __version__,
                        "informationUri": "https://github.com/open-policy-agent/conftest",
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "invocations": [{"executionSuccessful": not problems and not result.errors, "toolExecutionNotifications": notifications}],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _cwd_uri()}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _cwd_uri() -> str:
    path = os.getcwd().replace(os.sep, "/")
    return "file://" + (path if path.startswith("/") else "/" + path) + "/"
