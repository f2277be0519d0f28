"""What a lint finds: ``Finding`` (one problem of one object) and ``LintResult`` (a whole run)."""

from __future__ import annotations

from typing import Any, NamedTuple

from manifest_lint.catalog import Rule
from manifest_lint.loader import Document


class Finding(NamedTuple):
    """One rule's finding about one object (and container); ``detail`` is the message without its subject."""

    rule_id: str
    severity: str
    kind: str | None
    namespace: str | None
    name: str | None
    container: str | None
    file: str | None
    message: str
    waived: bool
    line: int | None = None
    title: str = ""
    waiver_reason: str | None = None
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
            "container": self.container,
            "file": self.file,
            "message": self.message,
            "waived": self.waived,
        }


class LintResult:
    """A whole run: what it found, what stopped part of it, what it ran over and how long each phase took."""

    def __init__(self, *, findings: list[Finding] | None = None, rules: list[Rule] | None = None, documents: list[Document] | None = None) -> None:
        self.findings: list[Finding] = findings if findings is not None else []
        self.errors: list[str] = []
        """Problems that stopped part of the lint (conftest failures, schema loading)."""
        self.rules: list[Rule] = rules if rules is not None else []
        """Every rule the profile ran."""
        self.documents: list[Document] = documents if documents is not None else []
        self.phases: dict[str, float] = {}
        """Seconds spent per phase (``manifest-lint --timings`` prints them): writing inputs, schemas, each conftest process."""
        self.unchecked: dict[str, int] = {}
        """Kind -> how many objects of it no schema could check (only the generic rules saw them)."""

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]
