"""The report formats of a lint run, one module each: table, json, sarif (2.1.0) and junit (XML)."""

from __future__ import annotations

from collections.abc import Sequence

from manifest_lint.findings import LintResult
from manifest_lint.loader import InputProblem

FORMATS = ("table", "json", "sarif", "junit")


def render(fmt: str, result: LintResult, problems: Sequence[InputProblem], *, profile: str) -> str:
    """The report of ``result`` in format ``fmt`` (one of ``FORMATS``); only that format's module is imported (junit's XML: 10 ms)."""
    if fmt == "json":
        from manifest_lint.reports import json  # noqa: PLC0415

        return json.render(result)
    if fmt == "sarif":
        from manifest_lint.reports import sarif  # noqa: PLC0415

        return sarif.render(result, problems)
    if fmt == "junit":
        from manifest_lint.reports import junit  # noqa: PLC0415

        return junit.render(result, problems, profile=profile)
    from manifest_lint.reports import table  # noqa: PLC0415

    return table.render(result, problems)
