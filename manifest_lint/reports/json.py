"""``--output json``: a list of findings, each with rule_id, severity, kind, namespace, name, container, file, message, waived."""

from __future__ import annotations

import json

from manifest_lint.findings import LintResult


def render(result: LintResult) -> str:
    return json.dumps([f.as_json() for f in result.findings], indent=2) + "\n"
