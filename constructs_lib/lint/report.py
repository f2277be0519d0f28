"""Output formats for lint results: table, json, sarif (2.1.0) and junit (XML)."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import Any

from constructs_lib.lint.catalog import SEVERITIES, Rule
from constructs_lib.lint.loader import InputProblem
from constructs_lib.lint.runner import Finding, LintResult

FORMATS = ("table", "json", "sarif", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def render(fmt: str, result: LintResult, problems: Sequence[InputProblem], *, profile: str, tool_version: str = "0.1.0") -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "sarif":
        return render_sarif(result, problems, tool_version=tool_version)
    if fmt == "junit":
        return render_junit(result, problems, profile=profile)
    return render_table(result, problems)


def render_json(result: LintResult) -> str:
    return json.dumps([f.as_json() for f in result.findings], indent=2) + "\n"


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def render_table(result: LintResult, problems: Sequence[InputProblem]) -> str:
    rows = [("SEVERITY", "RULE", "RESOURCE", "FILE", "MESSAGE")]
    ordered = sorted(result.findings, key=lambda f: (f.waived, _severity_rank(f.severity), f.file or "", f.line or 0, f.rule_id))
    for f in ordered:
        resource = f"{f.kind or '?'}/{f.namespace or '-'}/{f.name or ''}" + (f"[{f.container}]" if f.container else "")
        where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "-")
        subject = f"{f.kind or '?'}/{f.namespace or '-'}/{f.name or ''}" + (f' container "{f.container}"' if f.container else "")
        at = f.message.find(subject + ": ")
        detail = f.message[at + len(subject) + 2 :] if at >= 0 else f.message
        severity = "waived" if f.waived else f.severity
        rows.append((severity, f.rule_id, resource, where, detail))
    lines: list[str] = []
    if len(rows) > 1:
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
        lines.append("")
    failed = Counter(f.severity for f in result.findings if not f.waived)
    by_severity = ", ".join(f"{failed[s]} {s}" for s in SEVERITIES if failed[s])
    waived = sum(1 for f in result.findings if f.waived)
    files = len({d.file for d in result.documents})
    summary = (
        f"{len(result.documents)} objects in {files} files, {len(result.rules)} rules: "
        f"{sum(failed.values())} failed" + (f" ({by_severity})" if by_severity else "") + f", {waived} waived"
    )
    if problems or result.errors:
        summary += f", {len(problems) + len(result.errors)} input/tool problems (see stderr)"
    lines.append(summary)
    return "\n".join(lines) + "\n"


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


def render_sarif(result: LintResult, problems: Sequence[InputProblem], *, tool_version: str = "0.1.0") -> str:
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
                        "version": tool_version,
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


def render_junit(result: LintResult, problems: Sequence[InputProblem], *, profile: str) -> str:
    """One testsuite per rule, one testcase per rule per resource."""
    by_case: dict[tuple[str, str], list[Finding]] = {}
    for f in result.findings:
        by_case.setdefault((f.rule_id, _resource(f.kind, f.namespace, f.name, f.file)), []).append(f)
    resources: dict[str, None] = {}
    for doc in result.documents:
        meta = doc.content.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        resources.setdefault(_resource(doc.content.get("kind"), meta.get("namespace"), meta.get("name"), doc.file), None)
    root = ET.Element("testsuites", name=f"constructs-lib lint ({profile})")
    totals = Counter[str]()
    for rule in sorted(result.rules, key=lambda r: r.id):
        suite = ET.SubElement(root, "testsuite", name=rule.id)
        counts = Counter[str]()
        names = dict(resources)
        for rule_id, resource in by_case:
            if rule_id == rule.id:
                names.setdefault(resource, None)
        for resource in names:
            case = ET.SubElement(suite, "testcase", classname=rule.id, name=resource)
            counts["tests"] += 1
            found = by_case.get((rule.id, resource), [])
            failing = [f for f in found if not f.waived]
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(case, "failure", message=_xml_safe(failing[0].message), type=failing[0].severity)
                failure.text = _xml_safe("\n".join(f.message for f in failing))
            elif found:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=_xml_safe("; ".join(f.message for f in found)))
        for key in ("tests", "failures", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
        suite.set("errors", "0")
    if problems or result.errors:
        bad = str(len(problems) + len(result.errors))
        suite = ET.SubElement(root, "testsuite", name="input", tests=bad, failures="0", errors=bad, skipped="0")
        for p in problems:
            case = ET.SubElement(suite, "testcase", classname="input", name=_xml_safe(p.path))
            ET.SubElement(case, "error", message=_xml_safe(str(p)), type="input")
        for e in result.errors:
            case = ET.SubElement(suite, "testcase", classname="input", name="lint")
            ET.SubElement(case, "error", message=_xml_safe(e), type="tool")
        totals["tests"] += len(problems) + len(result.errors)
        totals["errors"] += len(problems) + len(result.errors)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(totals[key]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _resource(kind: Any, namespace: Any, name: Any, file: str | None) -> str:
    return _xml_safe(f"{kind or '?'}/{namespace or '-'}/{name or ''} ({file or '-'})")


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters from hostile input)."""
    return _XML_INVALID.sub("\ufffd", text)
