"""Strict JSON-schema validation against the Kubernetes OpenAPI schemas.

The schemas come from the PyPI package ``kubernetes-validate``, which ships the
"-local-strict" JSON schemas of each Kubernetes minor version (unknown fields are
errors). Definitions are loaded once per version and validators are cached per
(version, apiVersion, kind), so validating many documents costs little more than
validating one.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from manifest_lint.crd_schemas import kinds_defined
from manifest_lint.package_data import CRD_SCHEMA_DIR

if TYPE_CHECKING:  # jsonschema and referencing are imported when a reference validator is first built (80 ms)
    import jsonschema
    from referencing import Registry

OLDEST_SUPPORTED = (1, 30)
_SCHEMA_DIR_RE = re.compile(r"^v(\d+)\.(\d+)\.\d+-local-strict$")


def _schema_root() -> Path:
    # Found without importing kubernetes_validate (its __init__ imports jsonschema: 70 ms of every start).
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("kubernetes-validate is not installed (its schemas are the Kubernetes ones)")
    return Path(next(iter(spec.submodule_search_locations))) / "kubernetes-json-schema"


def _discover_versions() -> tuple[str, ...]:
    found: list[tuple[int, int]] = []
    for entry in _schema_root().iterdir():
        match = _SCHEMA_DIR_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return tuple(f"{major}.{minor}" for major, minor in sorted(found) if (major, minor) >= OLDEST_SUPPORTED)


SUPPORTED_VERSIONS: tuple[str, ...] = _discover_versions()
"""Every Kubernetes minor version from 1.30 to the newest with bundled schemas."""

LATEST_VERSION: str = SUPPORTED_VERSIONS[-1]


class UnsupportedVersionError(ValueError):
    """A Kubernetes version outside ``SUPPORTED_VERSIONS`` was asked for."""


@cache
def version_dir(kube_version: str) -> Path:
    if kube_version not in SUPPORTED_VERSIONS:
        allowed = ", ".join(SUPPORTED_VERSIONS)
        raise UnsupportedVersionError(f"Kubernetes version {kube_version!r} has no schemas here (allowed: {allowed})")
    return next(p for p in _schema_root().iterdir() if p.name.startswith(f"v{kube_version}.") and p.name.endswith("-local-strict"))


DEFINITIONS_URI = "/api/_definitions.json"
_DEF_REF = "#/$defs/"


@cache
def _definitions_file(kube_version: str) -> dict[str, Any]:
    # orjson: half of json's time on these 2 MB files (8 of them for one document in every version).
    from manifest_lint.native import orjson  # noqa: PLC0415 - schemas are read once conftest runs

    loaded: dict[str, Any] = orjson.loads((version_dir(kube_version) / "_definitions.json").read_bytes())
    return loaded


def definitions(kube_version: str) -> dict[str, Any]:
    """The ``$defs`` of a version's ``_definitions.json`` (2 MB), parsed once."""
    found: dict[str, Any] = _definitions_file(kube_version).get("$defs", {})
    return found


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and _DEF_REF in ref:
                yield ref.partition(_DEF_REF)[2]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def per_object(cache: dict[Any, tuple[Any, Any]], key: Any, obj: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in ``cache`` under ``key`` (built from ``id(obj)``) beside ``obj`` itself, so an id
    reused by another object never finds it. For derived forms of the cached schemas, which are asked
    for again per version and kind but are not hashable."""
    seen = cache.get(key)
    if seen is None or seen[0] is not obj:
        seen = (obj, compute())
        cache[key] = seen
    return seen[1]


def _closure(kube_version: str, schema: Any) -> frozenset[str]:
    """The names of every definition ``schema`` reaches through ``$ref``, transitively."""
    closure: frozenset[str] = per_object(_CLOSURES, (kube_version, id(schema)), schema, lambda: _walk_closure(kube_version, schema))
    return closure


def _walk_closure(kube_version: str, schema: Any) -> frozenset[str]:
    defs = definitions(kube_version)
    return frozenset(_reachable(schema, lambda name: _definition_refs(kube_version, name) if name in defs else None))


def _reachable(schema: Any, refs_of: Callable[[str], Iterable[str] | None]) -> set[str]:
    """The names of every definition ``schema`` reaches through ``$ref``, transitively; ``refs_of(name)`` gives
    the names a definition refers to, or None when there is no such definition."""
    found: set[str] = set()
    pending = list(_refs(schema))
    while pending:
        name = pending.pop()
        if name in found or (refs := refs_of(name)) is None:
            continue
        found.add(name)
        pending.extend(refs)
    return found


_CLOSURES: dict[tuple[str, int], tuple[Any, frozenset[str]]] = {}
"""(version, id(schema)) -> (the schema, its closure): schemas are cached objects, asked for again per version and kind."""


@cache
def _definition_refs(kube_version: str, name: str) -> tuple[str, ...]:
    """The definitions one definition names directly (walked once per version: kinds share most of them)."""
    return tuple(_refs(definitions(kube_version)[name]))


def definitions_for(kube_version: str, schema: Any) -> dict[str, Any]:
    """The part of a version's ``_definitions.json`` that ``schema`` reaches: its ``$schema``, ``$id`` and those ``$defs``.

    The file's ``$id`` is kept: the kinds' schemas refer to it relative to their own ``$id``
    (https://kubernetes.io/api/...), at ``DEFINITIONS_URI``.
    """
    return _definitions_of(kube_version, _closure(kube_version, schema))


def _definitions_of(kube_version: str, names: frozenset[str]) -> dict[str, Any]:
    defs = definitions(kube_version)
    return _definitions_head(kube_version) | {"$defs": {name: defs[name] for name in sorted(names)}}


def _definitions_head(kube_version: str) -> dict[str, Any]:
    """A version's ``_definitions.json`` without its ``$defs``: its ``$schema`` and ``$id``."""
    whole = _definitions_file(kube_version)
    return {key: whole[key] for key in ("$schema", "$id") if key in whole}


@cache
def _registry_of(kube_version: str, names: frozenset[str]) -> Registry[Any]:
    from referencing import Registry, Resource  # noqa: PLC0415 - see TYPE_CHECKING above

    resource: Resource[Any] = Resource.from_contents(_definitions_of(kube_version, names))
    # Crawl once (an uncrawled registry crawls on every $ref lookup), and only what the kind reaches:
    # crawling all 2 MB of a version's definitions took 0.2 s per version.
    registry: Registry[Any] = Registry().with_resource(DEFINITIONS_URI, resource).crawl()
    return registry


def registry_for(kube_version: str, schema: Any) -> Registry[Any]:
    """A registry holding the definitions ``schema`` needs, from ``kube_version``."""
    return _registry_of(kube_version, _closure(kube_version, schema))


def schema_file_name(api_version: str, kind: str) -> str:
    """Name of the schema file for a kind: ``rbac.authorization.k8s.io/v1`` -> ``role-rbac-v1.json``."""
    group, _, version = api_version.rpartition("/")
    group_part = f"-{group.split('.')[0]}" if group else ""
    return f"{kind.lower()}{group_part}-{version}.json"


def crd_schema_path(api_version: str, kind: str) -> Path:
    """The pinned CRD schema of a kind: ``argoproj.io/v1alpha1`` ``Application`` -> ``manifest_lint/schemas/crds/application_argoproj.io_v1alpha1.json``."""
    group, _, version = api_version.rpartition("/")
    return CRD_SCHEMA_DIR / f"{kind.lower()}_{group}_{version}.json"


INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


@cache
def format_checker() -> jsonschema.FormatChecker:
    """The OpenAPI formats the API server enforces and JSON Schema leaves to the validator: int32 and int64."""
    import jsonschema  # noqa: PLC0415 - see TYPE_CHECKING above

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("int32")(_int32)
    checker.checks("int64")(_int64)
    return checker


def _int32(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or INT32[0] <= value <= INT32[1]


def _int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or INT64[0] <= value <= INT64[1]


def bounded(node: Any) -> Any:
    """A copy of a schema whose int32/int64 formats are minimum/maximum (what the reference's format checker
    enforces), without its descriptions (text, which validates nothing: versions that only reworded a field
    then compile to the same validator). What the compiled validators of ``schema_validation`` are built from."""
    if isinstance(node, list):
        return [bounded(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: bounded(value) for key, value in node.items() if not (key == "description" and isinstance(value, str))}
    bounds = {"int32": INT32, "int64": INT64}.get(node["format"]) if isinstance(node.get("format"), str) else None
    if bounds is not None:
        low, high = out.get("minimum"), out.get("maximum")
        out["minimum"] = max(low, bounds[0]) if isinstance(low, (int, float)) and not isinstance(low, bool) else bounds[0]
        out["maximum"] = min(high, bounds[1]) if isinstance(high, (int, float)) and not isinstance(high, bool) else bounds[1]
    return out


_BOUNDED: dict[int, tuple[Any, Any]] = {}
"""id(a cached schema or definition) -> (it, its ``bounded`` copy): kinds share most definitions, versions share CRD schemas."""


def bounded_once(schema: Any) -> Any:
    """``bounded(schema)`` of a cached schema, made once."""
    return per_object(_BOUNDED, id(schema), schema, lambda: bounded(schema))


BOUNDED_INDEX = CRD_SCHEMA_DIR.parent / "bounded-definitions.json"
"""Every supported version's definitions in their ``bounded`` form, each distinct one once with the versions
that have it and the definitions it names: written once (``python -m manifest_lint.schemas``), so that a
compiled validator needs neither eight 2 MB ``_definitions.json`` files read nor their closures walked
(0.1 s of CPU in a one-file lint). Used only while the installed schemas are the ones it was written from
(``_schema_sources``); else ``bounded_definitions_for`` derives the same from the schemas."""


def _schema_sources() -> dict[str, Any]:
    """What the bounded index was made from: the kubernetes-validate release (its dist-info folder) and each version's definitions file size."""
    root = _schema_root()
    installed = root.parents[1].glob("kubernetes_validate-*.dist-info")
    releases = sorted(path.name.removeprefix("kubernetes_validate-").removesuffix(".dist-info") for path in installed)
    sizes = {version: (version_dir(version) / "_definitions.json").stat().st_size for version in SUPPORTED_VERSIONS}
    return {"kubernetes-validate": releases, "sizes": sizes}


def bounded_index_text() -> str:
    """What ``BOUNDED_INDEX`` holds for the installed schemas: one line per definition name."""
    variants: dict[str, dict[bytes, tuple[list[str], Any]]] = {}
    heads: dict[str, dict[str, Any]] = {}
    for version in SUPPORTED_VERSIONS:
        heads[version] = _definitions_head(version)
        for name, value in definitions(version).items():
            shape = bounded(value)
            key = json.dumps(shape, sort_keys=True).encode()
            variants.setdefault(name, {}).setdefault(key, ([], shape))[0].append(version)
    lines = [
        json.dumps({"sources": _schema_sources(), "heads": heads}, sort_keys=True, separators=(",", ":")),
        *(
            json.dumps([name, [[served, sorted(set(_refs(shape))), shape] for served, shape in found.values()]], sort_keys=True, separators=(",", ":"))
            for name, found in sorted(variants.items())
        ),
    ]
    return "[\n" + ",\n".join(lines) + "\n]\n"


class _BoundedIndex:
    """``BOUNDED_INDEX`` read: its ``$schema``/``$id`` per version, and each definition's line, parsed when first asked for
    (a kind needs about a tenth of them: a one-file lint read all 0.9 MB in 12 ms)."""

    def __init__(self, heads: dict[str, dict[str, Any]], lines: dict[str, bytes]) -> None:
        self.heads = heads
        self._lines = lines
        self._parsed: dict[str, dict[str, tuple[list[str], Any]]] = {}

    def definition(self, kube_version: str, name: str) -> tuple[list[str], Any] | None:
        """(the names it refers to, its bounded form) of a definition in a version; None if the version has none of that name."""
        found = self._parsed.get(name)
        if found is None:
            line = self._lines.get(name)
            if line is None:
                return None
            from manifest_lint.native import orjson  # noqa: PLC0415 - see _definitions_file

            found = {version: (refs, shape) for served, refs, shape in orjson.loads(line)[1] for version in served}
            self._parsed[name] = found
        return found.get(kube_version)


_INDEX_NAME = re.compile(rb'\["([A-Za-z0-9_.-]+)",')


@cache
def _bounded_index() -> _BoundedIndex | None:
    """The bounded index; None when it is missing, not as ``bounded_index_text`` writes it, or stale."""
    from manifest_lint.native import orjson  # noqa: PLC0415 - see _definitions_file

    try:
        opening, head_line, *lines, closing, end = BOUNDED_INDEX.read_bytes().split(b"\n")
        head = orjson.loads(head_line.rstrip(b","))
    except (OSError, ValueError):
        return None
    if (opening, closing, end) != (b"[", b"]", b"") or not isinstance(head, dict) or head.get("sources") != _schema_sources():
        return None
    by_name: dict[str, bytes] = {}
    for line in lines:
        match = _INDEX_NAME.match(line)
        if match is None:
            return None
        by_name[match.group(1).decode()] = line.rstrip(b",")
    return _BoundedIndex(head["heads"], by_name)


def bounded_definitions_for(kube_version: str, schema: Any) -> dict[str, Any]:
    """``definitions_for(kube_version, schema)`` with every definition ``bounded``: from the index when it is current."""
    index = _bounded_index()
    if index is None:
        definitions = definitions_for(kube_version, schema)
        return {**definitions, "$defs": {name: bounded_once(value) for name, value in definitions["$defs"].items()}}
    found: dict[str, Any] = {}

    def refs_of(name: str) -> list[str] | None:
        definition = index.definition(kube_version, name)
        if definition is None:
            return None
        found[name] = definition[1]
        return definition[0]

    _reachable(schema, refs_of)
    return {**index.heads[kube_version], "$defs": dict(sorted(found.items()))}


class _NotCombinableError(Exception):
    """A kind's schemas that ``combined_bounded`` cannot join: a definition that reaches itself, or is missing."""


def combined_bounded(versions: Sequence[str], api_version: str, kind: str) -> tuple[dict[str, Any], list[list[str]]] | None:
    """One schema that holds a built-in kind's ``bounded`` schema in each of ``versions``, and which versions each entry serves.

    It is ``allOf`` each distinct version schema, in one document whose ``$defs`` hold each distinct
    definition closure once: a definition is shared by the versions in which it and everything it
    reaches are the same (``name@n``; a Deployment's 940 definitions in eight versions are 192), so a
    compiled validator is built from a fifth of the definitions eight were. None without a current
    index, for a kind that is not built in (or pinned) in every version, for recursive definitions, and
    when the kind's schemas and definitions are not all of one JSON Schema dialect (``$schema``).
    """
    index = _bounded_index()
    if index is None:
        return None
    shared = _SharedDefinitions(index)
    entries: dict[str, tuple[Any, list[str]]] = {}
    dialects = set()
    try:
        for version in versions:
            schema = _builtin_schema(version, api_version, kind)
            if schema is None:
                return None
            top = bounded_once(schema)
            dialects |= {index.heads[version].get("$schema"), top.get("$schema", index.heads[version].get("$schema"))}
            memo: dict[str, str] = {}
            names = {name: shared.key(version, name, memo, set()) for name in set(_refs(top))}
            entry = _with_refs({key: value for key, value in top.items() if key not in ("$id", "$schema")}, names)
            entries.setdefault(json.dumps(entry, sort_keys=True), (entry, []))[1].append(version)
    except _NotCombinableError:
        return None
    if len(dialects) != 1:
        return None
    combined = {"$schema": dialects.pop(), "allOf": [entry for entry, _ in entries.values()], "$defs": shared.defs}
    return combined, [served for _, served in entries.values()]


class _SharedDefinitions:
    """The ``$defs`` of ``combined_bounded``: a version's definition gets the key of every other version's in which
    it and its closure are the same (the index parses each distinct form of a definition once, so identity tells)."""

    def __init__(self, index: _BoundedIndex) -> None:
        self.index = index
        self.defs: dict[str, Any] = {}
        self._keys: dict[tuple[str, int, tuple[tuple[str, str], ...]], str] = {}

    def key(self, version: str, name: str, memo: dict[str, str], visiting: set[str]) -> str:
        """The key of ``name`` in ``version`` (``memo``: this version's keys so far; ``visiting``: the names being keyed)."""
        if name in memo:
            return memo[name]
        found = self.index.definition(version, name)
        if found is None or name in visiting:
            raise _NotCombinableError(name)
        refs, shape = found
        visiting.add(name)
        children = tuple(sorted((ref, self.key(version, ref, memo, visiting)) for ref in set(refs)))
        visiting.discard(name)
        node = (name, id(shape), children)
        key = self._keys.get(node)
        if key is None:
            key = self._keys[node] = f"{name}@{len(self.defs)}"
            self.defs[key] = _with_refs(shape, dict(children))
        memo[name] = key
        return key


def _with_refs(node: Any, keys: Mapping[str, str]) -> Any:
    """A copy of ``node`` whose ``$ref``s to definitions point at ``keys[name]`` in the same document."""
    if isinstance(node, list):
        return [_with_refs(item, keys) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _with_refs(value, keys) for key, value in node.items()}
    ref = node.get("$ref")
    if isinstance(ref, str):
        if _DEF_REF not in ref:
            raise _NotCombinableError(ref)
        out["$ref"] = _DEF_REF + keys[ref.partition(_DEF_REF)[2]]
    return out


class _InputCrds:
    """Kinds that CustomResourceDefinitions in the input define, for the run in progress."""

    generation = 0
    schemas: dict[tuple[str, str], dict[str, Any] | None] = {}  # noqa: RUF012 - one table per run, replaced whole
    validators: dict[tuple[str, str, str], jsonschema.protocols.Validator] = {}  # noqa: RUF012


def use_input_crds(crds: Iterable[Mapping[str, Any]]) -> None:
    """Validate custom resources against the CRDs of the input too (until the next call)."""
    _InputCrds.schemas = kinds_defined(crds)
    _InputCrds.validators = {}
    _InputCrds.generation += 1


def input_generation() -> int:
    """Changes whenever ``use_input_crds`` replaces the input's kinds (for caches keyed by kind)."""
    return _InputCrds.generation


def defined_by_input_crd(api_version: str, kind: str) -> bool:
    return (api_version, kind) in _InputCrds.schemas


def _make_validator(schema: dict[str, Any], kube_version: str) -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 - see TYPE_CHECKING above

    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    validator: jsonschema.protocols.Validator = validator_class(schema, registry=registry_for(kube_version, schema), format_checker=format_checker())
    return validator


def schema_for(kube_version: str, api_version: str, kind: str) -> dict[str, Any] | None:
    """The strict schema of a kind: built in, then the pinned CRD schemas, then the input's CRDs; None if none has it."""
    return _builtin_schema(kube_version, api_version, kind) or _InputCrds.schemas.get((api_version, kind))


def validator_for(kube_version: str, api_version: str, kind: str) -> jsonschema.protocols.Validator | None:
    """The reference validator (jsonschema) of ``schema_for``'s schema; None if there is none."""
    if _builtin_schema(kube_version, api_version, kind) is not None:
        return _builtin_validator(kube_version, api_version, kind)
    schema = _InputCrds.schemas.get((api_version, kind))
    if schema is None:
        return None
    key = (kube_version, api_version, kind)
    if key not in _InputCrds.validators:
        _InputCrds.validators[key] = _make_validator(schema, kube_version)
    return _InputCrds.validators[key]


@cache
def _builtin_validator(kube_version: str, api_version: str, kind: str) -> jsonschema.protocols.Validator:
    schema = _builtin_schema(kube_version, api_version, kind)
    assert schema is not None  # noqa: S101 - validator_for asks only for kinds that have one
    return _make_validator(schema, kube_version)


@cache
def _builtin_schema(kube_version: str, api_version: str, kind: str) -> dict[str, Any] | None:
    path = version_dir(kube_version) / schema_file_name(api_version, kind)
    if not path.is_file():
        path = crd_schema_path(api_version, kind)  # not built in: a custom resource with a pinned schema?
        if path.parent != CRD_SCHEMA_DIR or not path.is_file():
            return None
    from manifest_lint.native import orjson  # noqa: PLC0415 - see _definitions_file

    schema: dict[str, Any] = orjson.loads(path.read_bytes())
    # The bundled schemas accept any apiVersion spelling of the group; check the exact one.
    if "x-kubernetes-group-version-kind" in schema:
        gvks = schema["x-kubernetes-group-version-kind"]
        if not any(_gvk_api_version(g) == api_version and g.get("kind") == kind for g in gvks):
            return None
    return schema


KINDS_INDEX = CRD_SCHEMA_DIR.parent / "builtin-kinds.json"
"""Every (apiVersion, kind) that ``builtin_kinds`` finds, written once (reading eight versions' definitions takes 0.2 s)."""


def _scan_kinds() -> list[list[str]]:
    found: set[tuple[str, str]] = set()
    for kube_version in SUPPORTED_VERSIONS:
        definitions = json.loads((version_dir(kube_version) / "_definitions.json").read_text(encoding="utf-8")).get("$defs", {})
        for definition in definitions.values():
            for gvk in definition.get("x-kubernetes-group-version-kind") or []:
                found.add((_gvk_api_version(gvk), gvk["kind"]))
    for path in CRD_SCHEMA_DIR.glob("*.json"):
        for gvk in json.loads(path.read_text(encoding="utf-8")).get("x-kubernetes-group-version-kind") or []:
            found.add((_gvk_api_version(gvk), gvk["kind"]))
    return [list(pair) for pair in sorted(found)]


def kinds_index_text() -> str:
    """What ``KINDS_INDEX`` holds for the installed schemas (``python -m manifest_lint.schemas`` writes it)."""
    return json.dumps({"versions": list(SUPPORTED_VERSIONS), "kinds": _scan_kinds()}, indent=0) + "\n"


@cache
def builtin_kinds() -> frozenset[tuple[str, str]]:
    """Every (apiVersion, kind) with a schema in some supported Kubernetes version or among the pinned CRDs."""
    try:
        index = json.loads(KINDS_INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    kinds = index.get("kinds") if index.get("versions") == list(SUPPORTED_VERSIONS) else None
    return frozenset((api_version, kind) for api_version, kind in (kinds if kinds is not None else _scan_kinds()))


def has_any_schema(api_version: str, kind: str) -> bool:
    """Whether some supported version, a pinned CRD or a CRD of the input gives this kind a schema (cheap: no validator is built)."""
    return (api_version, kind) in builtin_kinds() or _InputCrds.schemas.get((api_version, kind)) is not None


def _gvk_api_version(gvk: Mapping[str, str]) -> str:
    group = gvk.get("group", "")
    return f"{group}/{gvk['version']}" if group else gvk["version"]


def has_schema(doc: Mapping[str, Any], kube_version: str) -> bool:
    """True when a schema (built in, pinned, or from a CRD of the input) describes this document's apiVersion and kind."""
    api_version, kind = doc.get("apiVersion"), doc.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return False
    return schema_for(kube_version, api_version, kind) is not None


def path_text(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def validate_document(doc: Mapping[str, Any], kube_version: str, *, require_schema: bool = False) -> list[str]:
    """Validate one manifest strictly against ``kube_version``'s schema.

    Returns the problems as messages (``field.path: what is wrong``); an empty list means
    valid. Kinds the Kubernetes schemas lack are checked against the pinned CRD schemas
    of ``CRD_SCHEMA_DIR`` (ArgoCD, Flux). A kind without any schema gives no problems,
    unless ``require_schema`` is set, in which case it is reported. Raises
    ``UnsupportedVersionError`` for a version outside ``SUPPORTED_VERSIONS``.
    """
    api_version, kind = doc.get("apiVersion"), doc.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return ["apiVersion and kind must be strings"]
    validator = validator_for(kube_version, api_version, kind)
    if validator is None:
        return [f"no schema for {api_version} {kind} in Kubernetes {kube_version}"] if require_schema else []
    errors = sorted(validator.iter_errors(dict(doc)), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [f"{path_text(e.absolute_path)}: {e.message}" for e in errors]


if __name__ == "__main__":
    for index, text in ((KINDS_INDEX, kinds_index_text()), (BOUNDED_INDEX, bounded_index_text())):
        index.write_text(text, encoding="utf-8")
        print(f"wrote {index}")
