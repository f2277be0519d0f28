"""``--output junit``: JUnit XML, one test suite per rule and one test case per rule per resource."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import Any

from manifest_lint.findings import Finding, LintResult
from manifest_lint.loader import InputProblem


def render(result: LintResult, problems: Sequence[InputProblem], *, profile: str) -> str:
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
