"""Run the policy pack over loaded documents: one conftest process per pass.

* The per-document pass checks every document in ONE ``conftest test`` process. The
  documents are written as a few ``List`` files (each object's kind, namespace and name
  unique within its file), because conftest queries each rule once per input file: a
  10,000-document run then costs one query per rule, not 10,000. ``lib.kubernetes``
  expands List items, so rules see each object as they would alone.
* Under ``--profile all`` the cross-resource rules run in one ``conftest test --combine``
  process over every file, and schema validation runs in Python meanwhile.

Findings go back to their source file through the batch file and the object's identity.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from constructs_lib._tools import POLICIES_DIR, tool
from constructs_lib.lint.catalog import SCHEMA_RULE, Catalog, Rule
from constructs_lib.lint.loader import Document, LoadResult

PROFILES = ("baseline", "restricted", "all")
ALWAYS_RULES = ("waiver-valid",)
"""Rules every profile runs: a malformed waiver is reported whatever the profile."""


@dataclass(frozen=True)
class Finding:
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


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Problems that stopped part of the lint (bad input, conftest failures)."""
    rules: list[Rule] = field(default_factory=list)
    """Every rule the profile ran."""
    documents: list[Document] = field(default_factory=list)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.waived]


class ConftestError(RuntimeError):
    """conftest could not run, or its output could not be read."""


def select_rules(catalog: Catalog, profile: str) -> list[Rule]:
    """The rule packages a profile runs."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    levels = {"baseline": {"baseline"}, "restricted": {"baseline", "restricted"}}.get(profile)
    return [r for r in catalog.rules if levels is None or r.pss in levels or r.id in ALWAYS_RULES]


def _identity(obj: Mapping[str, Any]) -> str:
    meta = obj.get("metadata")
    meta = meta if isinstance(meta, Mapping) else {}
    return _identity_of(obj.get("kind"), meta.get("namespace"), meta.get("name"))


def _identity_of(kind: Any, namespace: Any, name: Any) -> str:
    return json.dumps([kind, namespace or None, name or None], sort_keys=True)


@dataclass
class _Batches:
    paths: list[Path]
    where: list[dict[str, Document]]
    """For each batch file: object identity -> the document it came from."""


def _write_batches(documents: Sequence[Document], folder: Path) -> _Batches:
    contents: list[list[str]] = []
    where: list[dict[str, Document]] = []
    occurrences: dict[str, int] = {}
    for doc in documents:
        key = _identity(doc.content)
        n = occurrences.get(key, 0)
        occurrences[key] = n + 1
        if n == len(contents):
            contents.append([])
            where.append({})
        contents[n].append(doc.json_text)
        where[n][key] = doc
    paths = []
    for i, texts in enumerate(contents):
        path = folder / f"batch-{i}.json"
        path.write_text('{"apiVersion":"v1","kind":"List","items":[' + ",".join(texts) + "]}", encoding="utf-8")
        paths.append(path)
    return _Batches(paths, where)


def _write_combined(raw: Mapping[str, list[str]], folder: Path) -> dict[str, str]:
    """One JSON stream per source file; returns temp path -> source file."""
    mapping: dict[str, str] = {}
    for i, (source, texts) in enumerate(raw.items()):
        path = folder / f"file-{i}.json"
        path.write_text("[" + ",".join(texts) + "]", encoding="utf-8")
        mapping[str(path)] = source
    return mapping


AGGREGATE_PACKAGE = "lint_run"


def write_aggregate(rules: Sequence[Rule], folder: Path, package: str, *, one_query: bool = False) -> Path:
    """A package whose deny/warn are the union of the rules' deny/warn.

    conftest converts the whole input once per query and queries each namespace's deny
    and warn separately, and each query repeats lib.kubernetes' walk of the input: with
    80 rules over 10,000 documents that is 160 conversions and walks. Querying one
    package that gathers every rule's results costs one of each per result type.
    """
    if one_query:
        return _write_one_query_aggregate(rules, folder, package)
    lines = [f"package {package}", ""]
    for rule in rules:
        for result in ("deny", "warn"):
            lines.append(f'{result} contains _tag(f, "{rule.id}") if some f in data.{rule.package}.{result}')
    lines += [
        "",
        "_tag(f, _) := f if is_object(f)",
        "",
        '_tag(f, rule_id) := {"msg": f, "rule_id": rule_id} if not is_object(f)',
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package}.rego"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def policy_pack_without_tests(folder: Path) -> Path:
    """A copy of the policy pack without its ``*_test.rego`` files, below ``folder``.

    conftest compiles every .rego file under ``--policy``; the tests are as many files as
    the rules, and skipping them halves each conftest process's start (about 0.2 s).
    """
    pack = folder / "policies"
    for source in sorted(POLICIES_DIR.rglob("*")):
        if source.is_file() and not source.name.endswith("_test.rego"):
            target = pack / source.relative_to(POLICIES_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return pack


def _write_one_query_aggregate(rules: Sequence[Rule], folder: Path, package: str) -> Path:
    """Like ``write_aggregate``, with every rule's deny AND warn results in ``deny``.

    conftest runs deny and warn as two queries, which share nothing: each rule's violations
    were computed twice. In one query they are computed once. Each result keeps whether it
    was waived (lib.findings sets ``waived``; bare results get it from where they came from).
    """
    lines = [f"package {package}", ""]
    for rule in rules:
        lines.append(f'deny contains _tag(f, "{rule.id}", false) if some f in data.{rule.package}.deny')
        lines.append(f'deny contains _tag(f, "{rule.id}", true) if some f in data.{rule.package}.warn')
    lines += [
        "",
        '_tag(f, _, waived) := object.union({"waived": waived}, f) if is_object(f)',
        "",
        '_tag(f, rule_id, waived) := {"msg": f, "rule_id": rule_id, "waived": waived} if not is_object(f)',
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package}.rego"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _conftest_command(
    namespace: str, policy_dir: Path, data_file: Path | None, inputs: Sequence[Path], *, combine: bool, pack: Path = POLICIES_DIR
) -> list[str]:
    cmd = [tool("conftest"), "test", "--no-color", "--output", "json", "--policy", str(pack), "--policy", str(policy_dir)]
    if combine:
        cmd.append("--combine")
    cmd += ["--namespace", namespace]
    if data_file is not None:
        cmd += ["--data", str(data_file)]
    cmd += [str(p) for p in inputs]
    return cmd


def _read_results(proc: subprocess.Popen[str], label: str) -> list[dict[str, Any]]:
    stdout, stderr = proc.communicate()
    try:
        results = json.loads(stdout)
    except json.JSONDecodeError:
        detail = (stderr or stdout).strip() or f"exit status {proc.returncode}"
        raise ConftestError(f"conftest ({label}) failed: {detail}") from None
    if not isinstance(results, list):
        raise ConftestError(f"conftest ({label}) printed unexpected output")
    return cast("list[dict[str, Any]]", results)


def _findings(
    results: list[dict[str, Any]],
    catalog: Catalog,
    locate: Callable[[str, Mapping[str, Any]], Document | None],
    file_of: Callable[[str, Mapping[str, Any]], str | None],
) -> list[Finding]:
    by_id = catalog.by_id()
    found: list[Finding] = []
    for result in results:
        filename = str(result.get("filename", ""))
        for bucket, waived in (("failures", False), ("warnings", True)):
            for item in result.get(bucket) or []:
                meta = item.get("metadata") or {}
                rule = by_id.get(str(meta.get("rule_id")))
                doc = locate(filename, meta)
                rule_id = meta.get("rule_id") or "unknown"
                found.append(
                    Finding(
                        rule_id=str(rule_id),
                        severity=str(meta.get("severity") or (rule.severity if rule else "medium")),
                        kind=meta.get("kind"),
                        namespace=meta.get("namespace"),
                        name=meta.get("name"),
                        container=meta.get("container"),
                        file=doc.file if doc else file_of(filename, meta),
                        message=str(item.get("msg", "")),
                        waived=bool(meta.get("waived", waived)),
                        line=doc.line if doc else None,
                        title=str(meta.get("title") or (rule.title if rule else "")),
                        waiver_reason=meta.get("waiver_reason"),
                    )
                )
    return found


class _SchemaModule(Protocol):
    SUPPORTED_VERSIONS: tuple[str, ...]

    def validate_document(self, doc: Mapping[str, Any], kube_version: str) -> list[str]: ...

    def _validator(self, kube_version: str, api_version: str, kind: str) -> Any: ...

    def _path_text(self, path: Any) -> str: ...

    def _version_dir(self, kube_version: str) -> Path: ...


_MEMO_VALIDATORS: dict[tuple[str, str, str], Any] = {}
_MEMO: dict[tuple[str, str], Any] = {}
"""(schema content hash, value digest) -> what validating the value against it gave."""
_DEFS: dict[str, dict[str, Any]] = {}
_DEF_HASH: dict[tuple[str, str], str] = {}
_DEF_REF = "#/$defs/"


class _CycleError(Exception):
    """A definition refers back to itself."""


def _definitions(schemas: _SchemaModule, kube_version: str) -> dict[str, Any]:
    if kube_version not in _DEFS:
        path = schemas._version_dir(kube_version) / "_definitions.json"
        _DEFS[kube_version] = json.loads(path.read_text(encoding="utf-8")).get("$defs", {})
    return _DEFS[kube_version]


def _content_hash(schemas: _SchemaModule, kube_version: str, node: Any, stack: frozenset[str] = frozenset()) -> str:
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
                    out[k] = _ref_hash(schemas, kube_version, v, stack)
                else:
                    out[k] = strip(v)
            return out
        if isinstance(n, list):
            return [strip(x) for x in n]
        return n

    text = json.dumps(strip(node), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.blake2b(text, digest_size=16).hexdigest()


_REF_HASH: dict[tuple[str, str], str] = {}


def _ref_hash(schemas: _SchemaModule, kube_version: str, ref: str, stack: frozenset[str] = frozenset()) -> str:
    """The content digest of the definition a $ref names (unique per version for anything else)."""
    found = _REF_HASH.get((kube_version, ref))
    if found is not None:
        return found
    name = ref.partition(_DEF_REF)[2] if _DEF_REF in ref else ""
    definitions = _definitions(schemas, kube_version)
    if not name or name not in definitions:
        return f"{kube_version} {ref}"
    key = (kube_version, name)
    if key not in _DEF_HASH:
        if name in stack:
            raise _CycleError
        try:
            _DEF_HASH[key] = _content_hash(schemas, kube_version, definitions[name], stack | {name})
        except _CycleError:
            if stack:
                raise
            _DEF_HASH[key] = f"{kube_version} {ref}"  # recursive definitions are not shared
    if not stack:
        _REF_HASH[kube_version, ref] = _DEF_HASH[key]
    return _DEF_HASH[key]
    if key not in _DEF_HASH:
        if name in stack:
            raise _CycleError
        try:
            _DEF_HASH[key] = _content_hash(schemas, kube_version, definitions[name], stack | {name})
        except _CycleError:
            if stack:
                raise
            _DEF_HASH[key] = f"{kube_version} {ref}"  # recursive definitions are not shared
    return _DEF_HASH[key]


_DIGESTS: dict[int, tuple[Any, str | None]] = {}
"""id(value) -> (value, digest) for the values of the document being validated (cleared per document)."""


def _digest(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        seen = _DIGESTS.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        digest = _text_digest(value)
        _DIGESTS[id(value)] = (value, digest)
        return digest
    return _text_digest(value)


def _text_digest(value: Any) -> str | None:
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def _memo_validator(schemas: _SchemaModule, kube_version: str, api_version: str, kind: str) -> Any:
    """``schemas._validator``'s validator, with each ``$ref`` checked once per distinct value.

    What a $ref finds in a value depends only on the value and on the definition it names.
    Documents repeat much (containers, probes, security contexts, metadata shapes) and most
    definitions are the same in several Kubernetes versions, so the errors of each
    (definition content, value) are kept and copied. Messages and paths are those of the
    plain validator.
    """
    key = (kube_version, api_version, kind)
    if key not in _MEMO_VALIDATORS:
        plain = schemas._validator(kube_version, api_version, kind)
        if plain is None:
            _MEMO_VALIDATORS[key] = None
        else:
            top = _content_hash(schemas, kube_version, plain.schema)
            validator = _memo_class(schemas, kube_version, type(plain))(plain.schema, registry=plain._registry)
            _MEMO_VALIDATORS[key] = (top, validator)
    return _MEMO_VALIDATORS[key]


_MEMO_CLASSES: dict[tuple[str, type], Any] = {}


def _memo_class(schemas: _SchemaModule, kube_version: str, base: type) -> Any:
    import copy  # noqa: PLC0415
    from collections import deque  # noqa: PLC0415

    import jsonschema  # noqa: PLC0415

    if (kube_version, base) in _MEMO_CLASSES:
        return _MEMO_CLASSES[kube_version, base]

    def ref(validator: Any, ref: str, instance: Any, _schema: Any) -> Any:
        digest = _digest(instance)
        if digest is None:
            yield from validator._validate_reference(ref=ref, instance=instance)
            return
        key = (_ref_hash(schemas, kube_version, ref), digest)
        found = _MEMO.get(key)
        if found is None:
            found = [(e, tuple(e.relative_path), tuple(e.relative_schema_path)) for e in validator._validate_reference(ref=ref, instance=instance)]
            _MEMO[key] = found
        for error, path, schema_path in found:
            fresh = copy.copy(error)
            fresh.path = fresh.relative_path = deque(path)
            fresh.schema_path = fresh.relative_schema_path = deque(schema_path)
            yield fresh

    cls = jsonschema.validators.extend(base, {"$ref": ref})  # type: ignore[no-untyped-call]
    _MEMO_CLASSES[kube_version, base] = cls
    return cls


def _validate(schemas: _SchemaModule, doc: Mapping[str, Any], kube_version: str, digest: str | None = None) -> list[str]:
    """``schemas.validate_document(doc, kube_version)``, through the memoizing validator."""
    api_version, kind = doc.get("apiVersion"), doc.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str) or not hasattr(schemas, "_validator"):
        return schemas.validate_document(doc, kube_version)
    found = _memo_validator(schemas, kube_version, api_version, kind)
    if found is None:
        return []
    top, validator = found
    digest = digest or _digest(dict(doc))
    key = ("document " + top, digest or "")
    if digest is not None and key in _MEMO:
        return list(_MEMO[key])
    errors = sorted(validator.iter_errors(dict(doc)), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    messages = [f"{schemas._path_text(e.absolute_path)}: {e.message}" for e in errors]
    if digest is not None:
        _MEMO[key] = messages
    return list(messages)


def schema_module() -> _SchemaModule:
    return cast("_SchemaModule", importlib.import_module("constructs_lib.schemas"))


PARALLEL_SCHEMA_MIN_DOCS = 200
"""From this many documents, schema validation runs in worker processes."""


def schema_findings(documents: Sequence[Document], kube_version: str | None, *, workers: int | None = None) -> list[Finding]:
    """Validate every document against each supported version (or only ``kube_version``).

    Large inputs are validated in worker processes, one per CPU (validators are cached
    per process, so each worker pays once per version for loading the schemas).
    """
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count > 1 and len(documents) >= PARALLEL_SCHEMA_MIN_DOCS and "fork" in multiprocessing.get_all_start_methods():
        size = -(-len(documents) // count)
        chunks = [(list(documents[i : i + size]), kube_version) for i in range(0, len(documents), size)]
        with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork")) as pool:
            return [f for part in pool.map(_schema_chunk, chunks) for f in part]
    return _schema_findings(documents, kube_version)


def _schema_chunk(args: tuple[list[Document], str | None]) -> list[Finding]:
    return _schema_findings(*args)


def _schema_findings(documents: Sequence[Document], kube_version: str | None) -> list[Finding]:
    schemas = schema_module()
    versions = [kube_version] if kube_version else list(schemas.SUPPORTED_VERSIONS)
    found: list[Finding] = []
    by_content: dict[str, dict[str, list[str]]] = {}
    """Identical documents (same JSON text) are validated once; their findings are the same."""
    for doc in documents:
        meta = doc.content.get("metadata")
        meta = meta if isinstance(meta, Mapping) else {}
        kind, namespace, name = doc.content.get("kind"), meta.get("namespace") or None, meta.get("name") or None
        by_message = by_content.get(doc.json_text)
        if by_message is None:
            by_message = {}
            _DIGESTS.clear()  # a value's digest is reused across versions, within one document
            doc_digest = hashlib.blake2b(doc.json_text.encode(), digest_size=16).hexdigest()
            for version in versions:
                for message in _validate(schemas, doc.content, version, doc_digest):
                    by_message.setdefault(message, []).append(version)
            by_content[doc.json_text] = by_message
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
                    waived=False,
                    line=doc.line,
                    title=SCHEMA_RULE.title,
                )
            )
    return found


def _contiguous(found: list[str], versions: list[str]) -> bool:
    start = versions.index(found[0])
    return versions[start : start + len(found)] == found


def lint_documents(
    loaded: LoadResult,
    catalog: Catalog,
    *,
    profile: str = "all",
    kube_version: str | None = None,
    lint_config: Mapping[str, Any] | None = None,
) -> LintResult:
    """Run the profile's rules (and, for ``all``, schema validation) over loaded documents."""
    rules = select_rules(catalog, profile)
    per_doc = [r for r in rules if not r.combine]
    cross = [r for r in rules if r.combine]
    result = LintResult(rules=rules + ([SCHEMA_RULE] if profile == "all" else []), documents=list(loaded.documents))
    config = dict(lint_config or {})
    if kube_version:
        config["kube_version"] = kube_version
    if not loaded.documents:
        return result
    with tempfile.TemporaryDirectory(prefix="lint-") as tmp:
        folder = Path(tmp)
        data_file = None
        if config:
            data_file = folder / "lint_config.json"
            data_file.write_text(json.dumps({"lint_config": config}), encoding="utf-8")
        (folder / "docs").mkdir()
        batches = _write_batches(loaded.documents, folder / "docs")
        batch_index = {str(p): i for i, p in enumerate(batches.paths)}
        pack = policy_pack_without_tests(folder)
        procs: list[tuple[str, subprocess.Popen[str], Callable[[list[dict[str, Any]]], list[Finding]]]] = []

        def locate_batch(filename: str, meta: Mapping[str, Any]) -> Document | None:
            i = batch_index.get(filename)
            if i is None:
                return None
            return batches.where[i].get(_identity_of(meta.get("kind"), meta.get("namespace"), meta.get("name")))

        if per_doc:
            write_aggregate(per_doc, folder / "policy", AGGREGATE_PACKAGE, one_query=True)
            cmd = _conftest_command(AGGREGATE_PACKAGE, folder / "policy", data_file, batches.paths, combine=False, pack=pack)
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            procs.append(("per-document rules", proc, lambda res: _findings(res, catalog, locate_batch, lambda _f, _m: None)))
        if cross and loaded.raw:
            (folder / "files").mkdir()
            combined = _write_combined(loaded.raw, folder / "files")
            everywhere: dict[str, Document] = {}
            for doc in loaded.documents:
                everywhere.setdefault(_identity(doc.content), doc)

            def locate_any(_filename: str, meta: Mapping[str, Any]) -> Document | None:
                doc = everywhere.get(_identity_of(meta.get("kind"), meta.get("namespace"), meta.get("name")))
                source = combined.get(str(meta.get("file")))
                if doc is not None and (source is None or doc.file == source):
                    return doc
                return None

            def file_of(_filename: str, meta: Mapping[str, Any]) -> str | None:
                return combined.get(str(meta.get("file")))

            write_aggregate(cross, folder / "policy", AGGREGATE_PACKAGE + "_cross", one_query=True)
            cmd = _conftest_command(AGGREGATE_PACKAGE + "_cross", folder / "policy", data_file, [Path(p) for p in combined], combine=True, pack=pack)
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            procs.append(("cross-resource rules", proc, lambda res: _findings(res, catalog, locate_any, file_of)))
        if profile == "all":
            try:
                result.findings.extend(schema_findings(loaded.documents, kube_version))
            except ImportError as exc:
                result.errors.append(f"schema validation unavailable: {exc}")
            except ValueError as exc:
                result.errors.append(f"schema validation: {exc}")
        for label, proc, convert in procs:
            try:
                result.findings.extend(convert(_read_results(proc, label)))
            except ConftestError as exc:
                result.errors.append(str(exc))
    result.findings.sort(key=_sort_key)
    return result


def _sort_key(f: Finding) -> tuple[str, int, str, str, str, str, str]:
    return (f.file or "", f.line or 0, f.kind or "", f.namespace or "", f.name or "", f.rule_id, f.message)
