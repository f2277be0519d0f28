"""Strict schema validation of loaded documents, as lint findings (rule ``schema-valid``).

Two validators, one verdict. A compiled validator (jsonschema-rs, built from the very schemas
``manifest_lint.schemas`` serves) checks each document first; it may only ever be stricter
than the reference, never more lenient (``schemas.bounded``: the int32/int64 formats become
minimum/maximum, no other format is checked; anything it cannot read is "not accepted").
Where it does not accept a document, the reference validator (``jsonschema``) decides and
gives the messages, so findings are exactly the reference's. tests/lint/test_schema_fast_path.py
checks the two agree.

The reference validation is memoized: what a ``$ref`` finds in a value depends only on the value and on the
definition it names, documents repeat much (containers, probes, security contexts, metadata
shapes) and most definitions are the same in several Kubernetes versions, so the errors of
each (definition content, value) are computed once and copied. Messages and paths are those
of the plain validator in ``manifest_lint.schemas``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from manifest_lint import schemas
from manifest_lint.catalog import SCHEMA_RULE
from manifest_lint.findings import Finding
from manifest_lint.loader import Document
from manifest_lint.native import orjson, signals_held
from manifest_lint.parallel import can_fork, fork_map, worker_count

with signals_held():  # see manifest_lint.native
    import jsonschema_rs

_MEMO_VALIDATORS: dict[tuple[str, str, str, int], Any] = {}
_MEMO: dict[tuple[str, str], Any] = {}
"""(schema content hash, value digest) -> what validating the value against it gave."""
_DEF_HASH: dict[tuple[str, str], str] = {}
_DEF_REF = "#/$defs/"


class _CycleError(Exception):
    """A definition refers back to itself."""


def _definitions(kube_version: str) -> dict[str, Any]:
    return schemas.definitions(kube_version)


def _content_hash(kube_version: str, node: Any, stack: frozenset[str] = frozenset()) -> str:
    """A digest of what a schema checks: its text without descriptions, each $ref replaced by
    the digest of the definition it names. Equal digests validate every value alike, so
    versions that did not change a definition share its results."""

    def strip(n: Any) -> Any:
        if isinstance(n, dict):
            out = {}
            for k, v in n.items():
                if k == "description":
                    continue
                if k == "$ref" and isinstance(v, str):
                    out[k] = _ref_hash(kube_version, v, stack)
                else:
                    out[k] = strip(v)
            return out
        if isinstance(n, list):
            return [strip(x) for x in n]
        return n

    return _json_digest(strip(node)) or f"{kube_version} {id(node)}"  # unwritable: shared with nothing


_REF_HASH: dict[tuple[str, str], str] = {}


def _ref_hash(kube_version: str, ref: str, stack: frozenset[str] = frozenset()) -> str:
    """The content digest of the definition a $ref names (unique per version for anything else)."""
    found = _REF_HASH.get((kube_version, ref))
    if found is not None:
        return found
    name = ref.partition(_DEF_REF)[2] if _DEF_REF in ref else ""
    definitions = _definitions(kube_version)
    if not name or name not in definitions:
        return f"{kube_version} {ref}"
    key = (kube_version, name)
    if key not in _DEF_HASH:
        if name in stack:
            raise _CycleError
        try:
            _DEF_HASH[key] = _content_hash(kube_version, definitions[name], stack | {name})
        except _CycleError:
            if stack:
                raise
            _DEF_HASH[key] = f"{kube_version} {ref}"  # recursive definitions are not shared
    if not stack:
        _REF_HASH[kube_version, ref] = _DEF_HASH[key]
    return _DEF_HASH[key]


_DIGESTS: dict[int, tuple[Any, str | None]] = {}
"""id(value) -> (value, digest) for the values of the document being validated (cleared per document)."""


def _digest(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        digest: str | None = schemas.per_object(_DIGESTS, id(value), value, lambda: _json_digest(value))
        return digest
    return _json_digest(value)


def _json_digest(value: Any) -> str | None:
    """A digest of a JSON value, its keys sorted (None when it cannot be written as JSON)."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        try:  # integers beyond 64 bits, keys that are no strings: json writes those
            text = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
        except (TypeError, ValueError):
            return None
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _memo_validator(kube_version: str, api_version: str, kind: str) -> Any:
    """``schemas.validator_for``'s validator, with each ``$ref`` checked once per distinct value.

    What a $ref finds in a value depends only on the value and on the definition it names.
    Documents repeat much (containers, probes, security contexts, metadata shapes) and most
    definitions are the same in several Kubernetes versions, so the errors of each
    (definition content, value) are kept and copied. Messages and paths are those of the
    plain validator.
    """
    key = (kube_version, api_version, kind, schemas.input_generation())
    if key not in _MEMO_VALIDATORS:
        plain = schemas.validator_for(kube_version, api_version, kind)
        if plain is None:
            _MEMO_VALIDATORS[key] = None
        else:
            top = _content_hash(kube_version, plain.schema)
            registry = schemas.registry_for(kube_version, plain.schema)
            validator = _memo_class(kube_version, type(plain))(plain.schema, registry=registry, format_checker=schemas.format_checker())
            _MEMO_VALIDATORS[key] = (top, validator)
    return _MEMO_VALIDATORS[key]


_MEMO_CLASSES: dict[tuple[str, type], Any] = {}


def _memo_class(kube_version: str, base: type) -> Any:
    if (kube_version, base) in _MEMO_CLASSES:
        return _MEMO_CLASSES[kube_version, base]

    def ref(validator: Any, ref: str, instance: Any, _schema: Any) -> Any:
        digest = _digest(instance)
        if digest is None:
            yield from validator._validate_reference(ref=ref, instance=instance)
            return
        key = (_ref_hash(kube_version, ref), digest)
        found = _MEMO.get(key)
        if found is None:
            found = [(e, tuple(e.relative_path), tuple(e.relative_schema_path)) for e in validator._validate_reference(ref=ref, instance=instance)]
            _MEMO[key] = found
        for error, path, schema_path in found:
            fresh = copy.copy(error)
            fresh.path = fresh.relative_path = deque(path)
            fresh.schema_path = fresh.relative_schema_path = deque(schema_path)
            yield fresh

    import jsonschema  # noqa: PLC0415 - the reference validator, imported only when a document needs it (80 ms)

    cls = jsonschema.validators.extend(base, {"$ref": ref})  # type: ignore[no-untyped-call]
    _MEMO_CLASSES[kube_version, base] = cls
    return cls


def _validate(doc: Mapping[str, Any], kube_version: str, digest: str | None = None) -> list[str]:
    """``schemas.validate_document(doc, kube_version)``, through the memoizing validator."""
    api_version, kind = doc.get("apiVersion"), doc.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return schemas.validate_document(doc, kube_version)
    found = _memo_validator(kube_version, api_version, kind)
    if found is None:
        return []
    top, validator = found
    digest = digest or _digest(dict(doc))
    key = ("document " + top, digest or "")
    if digest is not None and key in _MEMO:
        return list(_MEMO[key])
    errors = sorted(validator.iter_errors(dict(doc)), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    messages = [f"{schemas.path_text(e.absolute_path)}: {e.message}" for e in errors]
    if digest is not None:
        _MEMO[key] = messages
    return list(messages)


_COMPILED: dict[tuple[str, str, str, int], Any] = {}
_BY_CONTENT: dict[str, Any] = {}
"""Digest of what a validator is compiled from -> the validator: Kubernetes versions that did not change a
kind's schema share one, and a document is checked once for all of them (``_kind_validators``)."""


def _compiled(kube_version: str, api_version: str, kind: str) -> Any:
    """The compiled validator of a kind in a version (None: no schema, or it does not compile: the reference decides)."""
    key = (kube_version, api_version, kind, schemas.input_generation())
    if key not in _COMPILED:
        schema = schemas.schema_for(kube_version, api_version, kind)
        compiled = None
        if schema is not None:
            bounded = schemas.bounded_definitions_for(kube_version, schema)
            where = str(bounded.get("$id", "https://kubernetes.io" + schemas.DEFINITIONS_URI))
            # Pinned and input CRD schemas have no $id and refer to the definitions as /api/_definitions.json.
            base = None if "$id" in schema else "https://kubernetes.io/api/custom-resource"
            try:
                digest = _json_digest([where, base, schemas.bounded_once(schema), bounded])
                compiled = _BY_CONTENT.get(digest) if digest else None
                if compiled is None:
                    registry = jsonschema_rs.Registry([(where, bounded)])
                    compiled = jsonschema_rs.validator_for(schemas.bounded_once(schema), registry=registry, validate_formats=False, base_uri=base)
                    if digest:
                        _BY_CONTENT[digest] = compiled
            except (ValueError, jsonschema_rs.ReferencingError, jsonschema_rs.ValidationError):
                compiled = None
        _COMPILED[key] = compiled
    return _COMPILED[key]


class _Combined:
    """One compiled validator of a kind in several versions (``schemas.combined_bounded``): it accepts a document
    that every version's schema accepts, and says which versions refuse one it does not."""

    def __init__(self, validator: Any, served: list[list[str]]) -> None:
        self.validator = validator
        self.served = served
        """The versions of each ``allOf`` entry."""

    def is_valid(self, content: Any) -> bool:
        return bool(self.validator.is_valid(content))

    def refusing(self, content: Any) -> list[str]:
        """The versions whose schema does not accept ``content`` (every version, when that cannot be told)."""
        try:
            details = self.validator.evaluate(content).list()["details"]
        except (ValueError, TypeError, OverflowError, KeyError):
            details = None
        entries = (_ALL_OF_ENTRY.fullmatch(str(item.get("evaluationPath"))) for item in details or () if not item.get("valid"))
        failed = {int(match.group(1)) for match in entries if match}
        return [version for i, served in enumerate(self.served) if i in failed or not failed for version in served]


_ALL_OF_ENTRY = re.compile(r"/allOf/(\d+)")
_COMBINED: dict[tuple[str, str, tuple[str, ...], int], _Combined | None] = {}


def _combined(api_version: str, kind: str, versions: Sequence[str]) -> _Combined | None:
    """The kind's ``_Combined`` validator for ``versions``; None when ``schemas.combined_bounded`` cannot make one, or it does not compile."""
    key = (api_version, kind, tuple(versions), schemas.input_generation())
    if key not in _COMBINED:
        made = schemas.combined_bounded(versions, api_version, kind)
        combined = None
        if made is not None:
            schema, served = made
            try:
                combined = _Combined(jsonschema_rs.validator_for(schema, validate_formats=False), served)
            except (ValueError, jsonschema_rs.ReferencingError, jsonschema_rs.ValidationError):
                combined = None
        _COMBINED[key] = combined
    return _COMBINED[key]


def _surely_valid(content: Mapping[str, Any], kube_version: str) -> bool:
    """True only when the compiled validator accepts the document; False means: ask the reference validator."""
    api_version, kind = content.get("apiVersion"), content.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return False
    return not _unsure_versions(content, [kube_version], _kind_validators(api_version, kind, [kube_version]))


def _kind_validators(api_version: str, kind: str, versions: Sequence[str]) -> list[tuple[Any, list[str]]]:
    """The distinct compiled validators of a kind across ``versions``, each with the versions it serves
    (None: the versions the reference validator must decide): one for them all where the kind is built in
    (``_Combined``: each distinct definition compiled once), else one per version, versions that did not
    change the kind's schema sharing one (``_BY_CONTENT``), so a document is checked once for all of them."""
    if len(versions) > 1 and (combined := _combined(api_version, kind, versions)) is not None:
        return [(combined, list(versions))]
    by_validator: dict[int, tuple[Any, list[str]]] = {}
    for version in versions:
        compiled = _compiled(version, api_version, kind)
        by_validator.setdefault(id(compiled), (compiled, []))[1].append(version)
    return list(by_validator.values())


def _unsure_versions(content: Mapping[str, Any], versions: Sequence[str], validators: list[tuple[Any, list[str]]]) -> list[str]:
    """The versions (in order) whose compiled validator (of ``_kind_validators``) does not accept the document, or that have none."""
    unsure: set[str] = set()
    for compiled, served in validators:
        try:
            accepted = compiled is not None and bool(compiled.is_valid(content))
        except (ValueError, TypeError, OverflowError):
            accepted = False  # a value it cannot convert (an integer beyond 64 bits, say)
        if not accepted:
            unsure.update(compiled.refusing(content) if isinstance(compiled, _Combined) else served)
    return [version for version in versions if version in unsure]


COMPILE_MIN_DOCUMENTS = 8
"""A kind is worth compiling (about 1 ms and a copy of its definitions per version) from this many documents of it."""
COMPILE_ALL_MAX_KINDS = 3
"""An input of at most this many kinds has every kind compiled, however few its documents: the reference
validator's first use costs more (importing jsonschema and crawling its registries: 0.2 s of a one-file lint)."""
PARALLEL_SCHEMA_MIN_DOCS = 200
"""From this many documents that the compiled validators did not accept, the reference validator runs in worker processes."""


def schema_findings(documents: Sequence[Document], kube_version: str | None, *, workers: int | None = None) -> list[Finding]:
    """Validate every document against each supported version (or only ``kube_version``).

    Each distinct document (same JSON text) of a kind the input has at least
    ``COMPILE_MIN_DOCUMENTS`` of (of every kind, in an input of at most ``COMPILE_ALL_MAX_KINDS``
    kinds) is checked once per version by the compiled validator
    (``_unsure_versions``); only where it does not accept, and for rarer kinds, is the reference
    validator (``jsonschema``, memoized) run, and its messages are the findings. Many such
    documents are validated in worker processes, one per CPU.
    """
    versions = [kube_version] if kube_version else list(schemas.SUPPORTED_VERSIONS)
    per_kind: dict[tuple[Any, Any], int] = {}
    for doc in documents:
        key = (doc.content.get("apiVersion"), doc.content.get("kind"))
        per_kind[key] = per_kind.get(key, 0) + 1
    doubtful: dict[str, tuple[Mapping[str, Any], list[str]]] = {}
    """JSON text -> (the document, the versions whose compiled validator did not accept it)."""
    accepted: set[str] = set()
    validators: dict[tuple[Any, Any], list[tuple[Any, list[str]]]] = {}
    """(apiVersion, kind) -> its distinct compiled validators, each with the versions it serves."""
    for doc in documents:
        if doc.json_text in doubtful or doc.json_text in accepted:
            continue
        api_kind = (doc.content.get("apiVersion"), doc.content.get("kind"))
        compile_kind = len(per_kind) <= COMPILE_ALL_MAX_KINDS or per_kind[api_kind] >= COMPILE_MIN_DOCUMENTS
        if not compile_kind or not isinstance(api_kind[0], str) or not isinstance(api_kind[1], str):
            unsure = list(versions)
        else:
            if api_kind not in validators:
                validators[api_kind] = _kind_validators(api_kind[0], api_kind[1], versions)
            unsure = _unsure_versions(doc.content, versions, validators[api_kind])
        if unsure:
            doubtful[doc.json_text] = (doc.content, unsure)
        else:
            accepted.add(doc.json_text)
    work = list(doubtful.items())
    count = worker_count(workers)
    if count > 1 and len(work) >= PARALLEL_SCHEMA_MIN_DOCS and can_fork():
        size = -(-len(work) // count)
        parts = fork_map(_reference_messages, [work[i : i + size] for i in range(0, len(work), size)], count)
        by_content = {text: found for part in parts for text, found in part.items()}
    else:
        by_content = _reference_messages(work)
    return _as_findings(documents, by_content, versions)


def _reference_messages(work: list[tuple[str, tuple[Mapping[str, Any], list[str]]]]) -> dict[str, dict[str, list[str]]]:
    """JSON text -> message -> the versions (in order) whose reference validator gave it."""
    by_content: dict[str, dict[str, list[str]]] = {}
    for text, (content, versions) in work:
        by_message: dict[str, list[str]] = {}
        _DIGESTS.clear()  # a value's digest is reused across versions, within one document
        doc_digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        for version in versions:
            for message in _validate(content, version, doc_digest):
                by_message.setdefault(message, []).append(version)
        by_content[text] = by_message
    return by_content


def _as_findings(documents: Sequence[Document], by_content: Mapping[str, dict[str, list[str]]], versions: list[str]) -> list[Finding]:
    found: list[Finding] = []
    for doc in documents:
        by_message = by_content.get(doc.json_text)
        if not by_message:
            continue
        meta = doc.content.get("metadata")
        meta = meta if isinstance(meta, Mapping) else {}
        kind, namespace, name = doc.content.get("kind"), meta.get("namespace") or None, meta.get("name") or None
        for message, where in by_message.items():
            versions_text = where[0] if len(where) == 1 else (f"{where[0]}..{where[-1]}" if _contiguous(where, versions) else ", ".join(where))
            subject = f"{kind}/{namespace or '-'}/{name or ''}"
            found.append(
                Finding(
                    rule_id=SCHEMA_RULE.id,
                    severity=SCHEMA_RULE.severity,
                    kind=kind if isinstance(kind, str) else None,
                    namespace=namespace if isinstance(namespace, str) else None,
                    name=name if isinstance(name, str) else None,
                    container=None,
                    file=doc.file,
                    message=f"{SCHEMA_RULE.id}: {subject}: Kubernetes {versions_text}: {message}",
                    detail=f"Kubernetes {versions_text}: {message}",
                    waived=False,
                    line=doc.line,
                    title=SCHEMA_RULE.title,
                )
            )
    return found


def _contiguous(found: list[str], versions: list[str]) -> bool:
    start = versions.index(found[0])
    return versions[start : start + len(found)] == found
