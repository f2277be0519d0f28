"""The report formats of a lint run, one module each: table, json, sarif (2.1.0) and junit (XML)."""

from __future__ import annotations

from collections.abc import Sequence

from manifest_lint.findings import LintResult
from manifest_lint.loader import InputProblem
from manifest_lint.reports import json, junit, sarif, table

FORMATS = ("table", "json", "sarif", "junit")


def render(fmt: str, result: LintResult, problems: Sequence[InputProblem], *, profile: str) -> str:
    """The report of ``result`` in format ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return json.render(result)
    if fmt == "sarif":
        return sarif.render(result, problems)
    if fmt == "junit":
        return junit.render(result, problems, profile=profile)
    return table.render(result, problems)
