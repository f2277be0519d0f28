"""``--config FILE``: the rule settings passed to the pack as ``data.lint_config``, read and checked.

The file is a YAML or JSON mapping (optionally under a top-level ``lint_config:``), read with
the hardened loader and checked against ``SCHEMA``: an unknown key (a typo), a wrong type or
a bad value is an error naming the file, the key, the value and what is allowed, never a rule
silently switched off.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from manifest_lint.loader import InputError, read_yaml_file

_NAMES = {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "a list of non-empty strings"}
_QUANTITY = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", "description": 'a quantity string such as "4" or "8Gi"'}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "allowed_registries": {**_NAMES, "description": "a list of registry prefixes, e.g. [ghcr.io/acme/, registry.example.com/]"},
        "kube_version": {
            "type": "string",
            "pattern": r"^v?1\.\d+$",
            "description": 'a quoted minor version such as "1.30" (unquoted, YAML reads 1.30 as the number 1.3)',
        },
        "loadbalancer_intent_annotations": {**_NAMES, "description": "a list of annotation names"},
        "max_resources": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"cpu": _QUANTITY, "memory": _QUANTITY, "ephemeral-storage": _QUANTITY},
            "description": "a mapping of cpu, memory and ephemeral-storage to quantity strings",
        },
        "min_uid": {"type": "integer", "minimum": 0, "maximum": 2147483647, "description": "an integer from 0 to 2147483647"},
        "recommended_labels": {**_NAMES, "description": "a list of label keys"},
        "require_image_digest": {"type": "boolean", "description": "true or false"},
        "require_priority_class": {"type": "boolean", "description": "true or false"},
    },
}
"""Every setting a rule reads, with what it allows."""


def read_config(path: str) -> dict[str, Any]:
    """The checked settings of ``path``; ``ValueError`` listing every problem."""
    try:
        documents = read_yaml_file(Path(path))
    except InputError as error:
        raise ValueError(f"--config {error}") from None
    config = documents[0] if len(documents) == 1 else None
    if isinstance(config, dict) and set(config) == {"lint_config"}:
        config = config["lint_config"]
    if not isinstance(config, dict):
        raise ValueError(f"--config {path}: must be one mapping of setting names to values (allowed: {', '.join(sorted(SCHEMA['properties']))})")
    problems = []
    import jsonschema  # noqa: PLC0415 - only when a --config is read (80 ms of every run's start otherwise)

    for invalid in sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(config), key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(str(p) for p in invalid.absolute_path)
        schema = invalid.schema if isinstance(invalid.schema, Mapping) else {}
        if invalid.validator == "additionalProperties" and isinstance(invalid.instance, Mapping):
            known = sorted(schema.get("properties", {}))
            for key in sorted(set(invalid.instance) - set(known)):
                problems.append(f"{where + '.' if where else ''}{key}: unknown setting (allowed: {', '.join(known)})")
        else:
            problems.append(f"{where}: {invalid.instance!r}: must be {schema.get('description') or invalid.message}")
    if problems:
        raise ValueError(f"--config {path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return config
