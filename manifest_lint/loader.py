"""Find and parse manifest files once, safely.

Every problem with an input (a missing path, a symlink loop, a binary or oversized file,
malformed YAML, an alias bomb, duplicate keys, deep nesting, a document that is not a
Kubernetes object) becomes an :class:`InputProblem` naming the file and, where there is
one, the line; the other files are still loaded. Nothing here raises on bad input.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import fnmatch
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from manifest_lint.parallel import can_fork, fork_map, worker_count

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Files above this size are refused (a manifest stream this big is an accident)."""
MAX_DEPTH = 100
"""Deepest nesting of mappings and sequences accepted in a document."""
MAX_NODES = 1_000_000
"""Most nodes one document may expand to once aliases are followed (alias bombs)."""
MAX_ALIASES = 10_000
"""Most alias references one file may use."""
# Limits per run (across every file), which keep a run under 1 GB of memory whatever the input
# (measured: 50,000 small objects, 3,000,000 nodes of dense objects, 32 MiB of long strings;
# bench/ has the 10,000-document corpus at about 400 MB). Split larger inputs into several runs.
MAX_RUN_ALIAS_NODES = 1_000_000
"""Most nodes that aliases may add (nodes reached again through an alias)."""
MAX_RUN_BYTES = 32 * 1024 * 1024
"""Most bytes of input."""
MAX_RUN_NODES = 3_000_000
"""Most mapping, sequence and scalar nodes, aliases not followed."""
MAX_RUN_OBJECTS = 50_000
"""Most Kubernetes objects (List items count one each)."""
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


class RunBudget:
    """What one run may still spend, shared by the worker processes that parse its files (fork).

    Alias expansion and input bytes are limits per run, not per document, so that many
    moderate alias expansions or many large files cannot add up to gigabytes either.
    """

    def __init__(self, *, shared: bool = False) -> None:
        """``shared``: counted in shared memory, for a run whose files forked workers parse (else in this process)."""
        self.limits = {"alias nodes": MAX_RUN_ALIAS_NODES, "bytes": MAX_RUN_BYTES, "nodes": MAX_RUN_NODES, "objects": MAX_RUN_OBJECTS}
        if shared:
            import multiprocessing  # noqa: PLC0415 - only runs with workers need it (7 ms of a one-file run's start)

            self._spent: dict[str, Any] = {name: multiprocessing.Value("q", 0) for name in self.limits}
        else:
            self._spent = {name: _Counter() for name in self.limits}

    def spend(self, what: str, amount: int) -> None:
        """Count ``amount`` against the run's limit for ``what``; ``_BadInputError`` once it is crossed."""
        counter = self._spent[what]
        with counter.get_lock():
            counter.value += amount
            total = counter.value
        if total > self.limits[what]:
            raise _BadInputError(
                f"the run's limit of {self.limits[what]:,} {what} (across all files) was crossed while reading this file; "
                + ("remove the alias expansion" if what == "alias nodes" else "lint fewer files per run (one run per folder, say)")
            )


class _Counter:
    """A count that one process keeps (the shape of a ``multiprocessing.Value``)."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()


_BUDGET: RunBudget | None = None
"""The budget of the run in progress (set by ``load_paths``, inherited by forked workers)."""


class InputProblem(NamedTuple):
    """A file (or path) that could not be linted, or only in part."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class Document:
    """One Kubernetes object read from a file (List items are separate documents)."""

    __slots__ = ("content", "file", "index", "item", "json_exact", "json_text", "line")

    def __init__(  # noqa: PLR0917 - positional as the dataclass it replaced (the loader's calls, pickling)
        self, file: str, index: int, line: int | None, content: dict[str, Any], json_text: str, item: int | None = None, json_exact: bool = False
    ) -> None:
        self.file = file
        self.index = index
        """Position of the document in its file's stream, from 0."""
        self.line = line
        """Line (from 1) where the document starts, when known."""
        self.content = content
        self.json_text = json_text
        """The document as JSON, serialised once."""
        self.item = item
        """Position inside a ``List`` document, for its items."""
        self.json_exact = json_exact
        """``json_text`` reads back as ``content`` exactly (no dates, binary or non-string keys in it)."""

    def _fields(self) -> tuple[Any, ...]:
        return (self.file, self.index, self.line, self.content, self.json_text, self.item, self.json_exact)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # its content is a dict

    def __repr__(self) -> str:
        return f"Document({self.file!r}, {self.index}, {self.line}, item={self.item})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (from the loader's worker processes) as its JSON text alone when that reads back as
        the content: reading JSON costs a third of unpickling the values."""
        if self.json_exact:
            return (_document_from_json, (self.file, self.index, self.line, self.json_text, self.item))
        return (Document, (self.file, self.index, self.line, self.content, self.json_text, self.item, False))


def _document_from_json(file: str, index: int, line: int | None, json_text: str, item: int | None) -> Document:
    from manifest_lint.native import orjson  # noqa: PLC0415 - only runs that fork loader workers read documents back

    try:
        content = orjson.loads(json_text)
    except orjson.JSONDecodeError:  # a lone surrogate: json reads it exactly
        content = json.loads(json_text)
    return Document(file, index, line, content, json_text, item, True)


class LoadResult:
    """What a load read: the documents, the files' problems, the files and what was deliberately skipped."""

    def __init__(
        self,
        *,
        documents: list[Document] | None = None,
        problems: list[InputProblem] | None = None,
        files: list[str] | None = None,
        skipped: list[InputProblem] | None = None,
    ) -> None:
        self.documents: list[Document] = documents if documents is not None else []
        self.problems: list[InputProblem] = problems if problems is not None else []
        self.files: list[str] = files if files is not None else []
        """Every manifest file read (whether or not it had problems)."""
        self.skipped: list[InputProblem] = skipped if skipped is not None else []
        """Files read and deliberately not linted (Kustomize files and patches), with why: notes, not problems."""


class _BadInputError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# --- YAML ------------------------------------------------------------------------------

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_JSON_SCALARS = (str, int, float, bool, type(None))
"""The scalar types a JSON reader gives back as they were (YAML also builds dates and bytes)."""
_INT64 = (-(2**63), 2**63 - 1)
"""orjson reads integers beyond 64 bits as floats."""
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_IMPLICIT: dict[str, list[Any]] = {
    first: resolvers + yaml.SafeLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}


# `=` alone is YAML 1.1's "value" key, which no safe constructor builds; kubectl and conftest
# (YAML 1.2 readers) read it as the string "=" (kube-prometheus' AlertmanagerConfig has `op: =`).
_VALUE_TAG = "tag:yaml.org,2002:value"
_IMPLICIT = {first: [(tag, regexp) for tag, regexp in resolvers if tag != _VALUE_TAG] for first, resolvers in _IMPLICIT.items()}


_PLAIN_TAGS: dict[str, str] = {}
"""Plain scalar text -> its implicit tag, for texts up to ``_PLAIN_TAG_MAX_LENGTH`` long (manifests
repeat their keys and many values); at most ``_PLAIN_TAGS_MAX`` of them, whatever the input."""
_PLAIN_TAG_MAX_LENGTH = 64
_PLAIN_TAGS_MAX = 50_000


def _implicit_tag(value: str) -> str:
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR


class _Loader(_Base):  # type: ignore[misc]
    """Safe loader (libyaml when available) that refuses duplicate mapping keys."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """``Resolver.resolve`` without path resolvers (unused here), for speed."""
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _implicit_tag(value)
                if len(value) <= _PLAIN_TAG_MAX_LENGTH and len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers here: libyaml calls this for every node."""

    def ascend_resolver(self) -> None:
        """No path resolvers here: libyaml calls this for every node."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:
                raise _BadInputError("mapping key is not a plain value", line) from None
            if first is not None:
                raise _BadInputError(f"duplicate key {key!r} (first at line {first})", line)
            seen[key] = line
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


class _Shared:
    """What ``_build`` saw of a document's aliases: the nodes its aliases point at (once per alias)
    and how many nodes it built, or ``whole`` when the safe constructor built parts of it (merge
    keys and other tags), whose aliases only a walk of the whole document finds."""

    __slots__ = ("built", "targets", "whole")

    def __init__(self, *, whole: bool = False) -> None:
        self.targets: list[yaml.Node] = []
        self.built = 0
        self.whole = whole


def _check_aliases(root: yaml.Node, shared: _Shared, aliases: list[int]) -> None:
    """Refuse a document whose aliases expand it past MAX_NODES nodes, number more than MAX_ALIASES
    in its file, or refer to themselves; count the nodes they add against the run's budget.

    A document expands to the nodes it has plus, for each alias, the expanded size of the node
    it points at, so only the subtrees that aliases point at are walked (sizes shared across them).
    """
    if shared.whole:
        _check_graph(root, aliases)
        return
    aliases[0] += len(shared.targets)
    if aliases[0] > MAX_ALIASES:
        raise _BadInputError(f"more than {MAX_ALIASES} alias references", shared.targets[-1].start_mark.line + 1)
    sizes: dict[int, int] = {}
    added = 0
    line = root.start_mark.line + 1
    for target in shared.targets:
        added += _check_graph(target, [0], sizes, line)
        if shared.built + added > MAX_NODES:
            raise _BadInputError(f"document expands to more than {MAX_NODES} nodes through aliases (alias bomb?)", line)
    if _BUDGET is not None:
        _BUDGET.spend("alias nodes", added)


def _check_graph(root: yaml.Node, aliases: list[int], sizes: dict[int, int] | None = None, line: int | None = None) -> int:
    """Refuse a document nested deeper than MAX_DEPTH or expanding past MAX_NODES nodes, and
    count the nodes its aliases add against the run's budget; returns its expanded size.

    ``sizes`` (node id -> expanded size) is shared by calls for parts of one document (``line``:
    the document's first line); with it, the caller counts the budget."""
    line = root.start_mark.line + 1 if line is None else line
    whole = sizes is None
    sizes = {} if sizes is None else sizes
    if id(root) in sizes:
        return sizes[id(root)]
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise _BadInputError(f"document expands to more than {MAX_NODES} nodes through aliases (alias bomb?)", line)
            continue
        if key in sizes:
            aliases[0] += 1
            if aliases[0] > MAX_ALIASES:
                raise _BadInputError(f"more than {MAX_ALIASES} alias references", node.start_mark.line + 1)
            continue
        if depth > MAX_DEPTH:
            raise _BadInputError(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        sizes[key] = 0  # visiting: a reference back here is a recursive alias
        children = _children(node)
        stack.append((node, depth, True))
        for child in children:
            if id(child) in sizes and sizes[id(child)] == 0:
                raise _BadInputError("recursive alias", child.start_mark.line + 1)
            stack.append((child, depth + 1, False))
    if whole and _BUDGET is not None:
        _BUDGET.spend("alias nodes", max(sizes.get(id(root), 1) - len(sizes), 0))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _parse_yaml(text: str) -> list[tuple[Any, int | None, bool]]:
    """Each document's value, first line and whether its JSON reads back as the value exactly."""
    loader = _Loader(text)
    docs: list[tuple[Any, int | None, bool]] = []
    aliases = [0]
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            line = node.start_mark.line + 1
            value, shared, exact = _build(loader, node)
            if shared is not None:  # aliases: refuse bombs before anything expands the shared values
                _check_aliases(node, shared, aliases)
            docs.append((value, line, exact))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise _BadInputError(f"invalid YAML: {problem or exc}{_hint(text, mark)}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise _BadInputError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _BadInputError(f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    return docs


def _hint(text: str, mark: yaml.Mark | None) -> str:
    """What a YAML error most likely means, for the two mistakes users make most."""
    if "{{" in text and "}}" in text:
        return " (this looks like an unrendered Helm template: render it first, e.g. `helm template . | manifest-lint -`)"
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return " (a tab character: YAML indentation must use spaces, never tabs)"
    return ""


def _build(loader: _Loader, root: yaml.Node) -> tuple[Any, _Shared | None, bool]:
    """Turn a composed document into Python values, iteratively and with the checks.

    Equivalent to ``SafeConstructor.construct_document`` for what manifests hold (plain
    mappings, sequences and scalars), but several times faster, refusing duplicate keys
    and nesting deeper than MAX_DEPTH; also says what aliases share (None: nothing) and whether
    the value is plain JSON (string keys, JSON scalars). Other tags (merge keys, sets, timestamps, ...) go
    to the safe constructor, which also refuses the unsafe ones.
    """
    built: dict[int, Any] = {}
    exact = [True]

    def scalar(node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        key = id(node)
        if key not in built:
            built[key] = value = loader.construct_object(node, deep=True)
            loader.constructed_objects.clear()
            if type(value) not in _JSON_SCALARS or (type(value) is int and not _INT64[0] <= value <= _INT64[1]):
                exact[0] = False
        return built[key]

    def plain(node: yaml.Node) -> bool:
        return (node.tag == _MAP and not any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)) or node.tag == _SEQ

    if isinstance(root, yaml.ScalarNode):
        return scalar(root), None, False
    if not plain(root):
        return loader.construct_object(root, deep=True), _Shared(whole=True), False
    shared = _Shared()
    top: Any = {} if isinstance(root, yaml.MappingNode) else []
    built[id(root)] = top
    stack: list[tuple[yaml.Node, Any, int]] = [(root, top, 1)]
    nodes = 1
    while stack:
        node, target, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _BadInputError(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        children: list[tuple[Any, yaml.Node]]
        if isinstance(node, yaml.MappingNode):
            children = []
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _BadInputError("mapping key is not a plain value", key_node.start_mark.line + 1)
                key = scalar(key_node)
                if type(key) is not str:
                    exact[0] = False
                if key in target:
                    first = next(k.start_mark.line + 1 for k, _ in node.value if k.tag == key_node.tag and scalar(k) == key)
                    raise _BadInputError(f"duplicate key {key!r} (first at line {first})", key_node.start_mark.line + 1)
                target[key] = None
                children.append((key, value_node))
        else:
            children = list(enumerate(node.value))
            target.extend([None] * len(children))
        nodes += len(children)
        for slot, child in children:
            if isinstance(child, yaml.ScalarNode):
                target[slot] = scalar(child)
            elif id(child) in built:
                target[slot] = built[id(child)]
                shared.targets.append(child)
            elif plain(child):
                value: Any = {} if isinstance(child, yaml.MappingNode) else []
                built[id(child)] = target[slot] = value
                stack.append((child, value, depth + 1))
            else:
                target[slot] = loader.construct_object(child, deep=True)
                shared.whole = True  # merge keys and other tags: let the graph check look
    if _BUDGET is not None:
        _BUDGET.spend("nodes", nodes)
    exact[0] = exact[0] and not shared.whole
    if not shared.targets and not shared.whole:
        return top, None, exact[0]
    shared.built = nodes - len(shared.targets)
    return top, shared, exact[0]


# --- JSON ------------------------------------------------------------------------------


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadInputError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _parse_json(text: str) -> list[tuple[Any, int | None, bool]]:
    try:
        value = json.loads(text, object_pairs_hook=_json_pairs)
    except _BadInputError as bad:
        key = bad.message.split("'", 2)[1] if "'" in bad.message else ""
        # The hook cannot see positions: point at the key's second spelling in the text.
        spots = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)] if key else []
        line = text.count("\n", 0, spots[1]) + 1 if len(spots) > 1 else None
        raise _BadInputError(bad.message, line) from None
    except json.JSONDecodeError as exc:
        raise _BadInputError(f"invalid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise _BadInputError(f"nesting deeper than {MAX_DEPTH} levels") from None
    if _depth(value) > MAX_DEPTH:
        raise _BadInputError(f"nesting deeper than {MAX_DEPTH} levels")
    # Not marked exact: orjson, which reads documents back from workers, would read a huge integer as a float.
    if isinstance(value, list):  # a JSON array of manifests is a stream, as conftest reads it
        return [(v, None, False) for v in value]
    return [(value, 1, False)]


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return deepest


# --- files -----------------------------------------------------------------------------


STDIN = "-"
"""The path that means standard input (``helm template . | manifest-lint -``)."""
STDIN_DISPLAY = "<stdin>"


def _read_text(path: Path) -> str:
    if str(path) == STDIN:
        try:
            return _decode(sys.stdin.buffer.read(MAX_FILE_BYTES + 1))
        except OSError as exc:
            raise _BadInputError(f"cannot read standard input: {exc.strerror or exc}") from None
    try:
        info = path.stat()
    except OSError as exc:
        raise _BadInputError(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _BadInputError("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _BadInputError(f"file is {info.st_size} bytes, over the {MAX_FILE_BYTES} byte limit")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _BadInputError(f"cannot read: {exc.strerror or exc}") from None
    return _decode(data)


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decode(data: bytes) -> str:
    if _BUDGET is not None:
        _BUDGET.spend("bytes", len(data))
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # UTF-16 and UTF-32 text (Windows editors write these) is text, not binary
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _BadInputError(f"starts with a {encoding.upper()} byte order mark but is not valid {encoding.upper()}: byte {exc.start}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _BadInputError(f"file is over the {MAX_FILE_BYTES} byte limit")
    if b"\0" in data:
        raise _BadInputError("binary file (contains NUL bytes), not a manifest")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _BadInputError(f"not UTF-8 text (binary file?): byte {exc.start}") from None
    return text


def read_yaml_file(path: Path) -> list[Any]:
    """The documents of a YAML (or JSON) settings file, read as carefully as manifests.

    Duplicate keys, alias bombs (within a budget of its own), deep nesting, binary or huge
    files are refused with ``InputProblem`` raised as ``InputError``, naming the file and line.
    """
    global _BUDGET  # noqa: PLW0603 - this read is a run of its own
    outer, _BUDGET = _BUDGET, RunBudget()
    try:
        text = _read_text(path)
        return [doc for doc, *_ in (_parse_json(text) if path.suffix == ".json" else _parse_yaml(text))]
    except _BadInputError as bad:
        raise InputError(InputProblem(str(path), bad.message, bad.line)) from None
    finally:
        _BUDGET = outer


class InputError(ValueError):
    """A settings file could not be read; ``problem`` names the file and line."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _kind_text(doc: dict[str, Any]) -> str | None:
    kind = doc.get("kind")
    return kind if isinstance(kind, str) and kind else None


def _is_json6902_patch(parsed: list[tuple[Any, int | None, bool]]) -> bool:
    """A JSON 6902 patch: a list of operations (a JSON array is read as a stream, so its items come one by one)."""
    values = [doc for doc, *_ in parsed if doc is not None]
    operations = [op for doc in values for op in (doc if isinstance(doc, list) else [doc])]
    return bool(operations) and all(isinstance(op, dict) and "op" in op and "path" in op and "kind" not in op for op in operations)


def load_file(path: Path, display: str, result: LoadResult, patch_of: str | None = None) -> None:
    """Parse one file into ``result``: its documents, or a problem naming it (or a note, for Kustomize files)."""
    result.files.append(display)
    if path.name in KUSTOMIZATION_FILES:
        result.skipped.append(InputProblem(display, "a Kustomize kustomization, skipped: lint what it builds, e.g. `kustomize build DIR | manifest-lint -`"))
        return
    if patch_of is not None:
        result.skipped.append(InputProblem(display, f"a Kustomize patch (listed in {patch_of}), skipped: it is not a whole object"))
        return
    try:
        text = _read_text(path)
        parsed = _parse_json(text) if path.suffix == ".json" else _parse_yaml(text)
    except _BadInputError as bad:
        result.problems.append(InputProblem(display, bad.message, bad.line))
        return
    if _is_json6902_patch(parsed):
        result.skipped.append(InputProblem(display, "a JSON 6902 patch (a list of op/path operations, as Kustomize uses), skipped"))
        return
    docs: list[Document] = []
    objects = 0
    """Documents that are Kubernetes objects (a List counts once)."""
    problems: list[InputProblem] = []
    for index, (doc, line, exact) in enumerate(parsed):
        if doc is None:
            continue  # an empty document (`---` twice, Helm's empty templates)
        if not isinstance(doc, dict):
            problems.append(InputProblem(display, f"document {index + 1} is a {_type_name(doc)}, not a mapping", line))
            continue
        if _kind_text(doc) is None or not isinstance(doc.get("apiVersion"), str):
            problems.append(InputProblem(display, f"document {index + 1} is not a Kubernetes object (needs apiVersion and kind)", line))
            continue
        if any(not isinstance(k, str) for k in doc):
            problems.append(InputProblem(display, f"document {index + 1} has a key that is not a string", line))
            continue
        try:
            doc_json = _to_json(doc)
        except ValueError as exc:
            problems.append(InputProblem(display, f"document {index + 1}: {exc}", line))
            continue
        objects += 1
        items = doc.get("items")
        if str(doc["kind"]).endswith("List") and isinstance(items, list):
            for item_index, item in enumerate(items):
                if isinstance(item, dict) and _kind_text(item) is not None:
                    docs.append(Document(display, index, line, item, _to_json(item), item_index, exact))
                else:
                    problems.append(InputProblem(display, f"document {index + 1}: item {item_index + 1} of the {doc['kind']} is not a Kubernetes object", line))
        else:
            docs.append(Document(display, index, line, doc, doc_json, json_exact=exact))
    if not objects and not problems:
        problems.append(InputProblem(display, "no manifests in this file (it is empty or holds only comments)"))
    result.problems.extend(problems)
    if _BUDGET is not None and docs:
        try:
            _BUDGET.spend("objects", len(docs))
        except _BadInputError as bad:
            result.problems.append(InputProblem(display, bad.message))
            return
    result.documents.extend(docs)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()  # YAML reads an unquoted 2024-01-01 as a date
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise ValueError(f"a {type(value).__name__} value cannot be written as JSON")


def _to_json(doc: Any) -> str:
    try:
        return json.dumps(doc, default=_json_default, allow_nan=False, separators=(",", ":"))
    except ValueError as exc:
        if "Out of range float" in str(exc):
            raise ValueError("holds NaN or Infinity, which JSON cannot hold") from None
        raise
    except TypeError as exc:
        raise ValueError(f"cannot be written as JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"nesting deeper than {MAX_DEPTH} levels") from None


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _display(path: Path, cwd: Path) -> str:
    """The path as the user will recognise it: relative to the current folder when below it, else as given."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _excluded(display: str, name: str, exclude: Sequence[str]) -> bool:
    """True when a path (as shown, or its last part) matches one of the ``--exclude`` globs."""
    return any(fnmatch.fnmatchcase(display, pattern) or fnmatch.fnmatchcase(name, pattern) for pattern in exclude)


def discover(paths: Iterable[str], result: LoadResult, exclude: Sequence[str] = ()) -> list[tuple[Path, str]]:
    """Expand paths (files, or folders walked recursively) to manifest files, in order, each file once."""
    cwd = Path.cwd()
    found: list[tuple[Path, str]] = []
    seen: set[tuple[int, int]] = set()
    for arg in paths:
        path = Path(arg)
        if arg == STDIN:
            if not any(display == STDIN_DISPLAY for _, display in found):
                found.append((path, STDIN_DISPLAY))
            continue
        try:
            info = path.stat()
        except OSError as exc:
            if path.is_symlink():
                result.problems.append(InputProblem(arg, f"broken symbolic link or symlink loop: {exc.strerror or exc}"))
            else:
                result.problems.append(InputProblem(arg, f"no such file or folder ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(info.st_mode):
            if not _walk(path, cwd, found, seen, result, exclude=exclude):
                result.problems.append(InputProblem(arg, f"no manifest files ({', '.join('*' + s for s in MANIFEST_SUFFIXES)}) in this folder"))
        else:
            key = (info.st_dev, info.st_ino)
            if key not in seen and not _excluded(_display(path, cwd), path.name, exclude):
                seen.add(key)
                found.append((path, _display(path, cwd)))
    return found


def _walk(root: Path, cwd: Path, found: list[tuple[Path, str]], seen: set[tuple[int, int]], result: LoadResult, *, exclude: Sequence[str]) -> int:
    """Add the manifest files below ``root`` to ``found``; return how many there are (already found ones included)."""
    visited: set[tuple[int, int]] = set()
    stack = [root]
    count = 0
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in visited:
                result.problems.append(InputProblem(_display(folder, cwd), "symlink loop: this folder was already walked, skipped"))
                continue
            visited.add(key)
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            result.problems.append(InputProblem(_display(folder, cwd), f"cannot read folder: {exc.strerror or exc}"))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            entry_path = Path(entry.path)
            display = _display(entry_path, cwd)
            if _excluded(display, entry.name, exclude):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                is_dir = is_file = False
                if entry.name.endswith(MANIFEST_SUFFIXES):
                    result.problems.append(InputProblem(display, f"cannot read: {exc.strerror or exc}"))
                    continue
            if is_dir:
                if not entry.name.startswith("."):
                    subfolders.append(entry_path)
            elif entry.name.endswith(MANIFEST_SUFFIXES):
                if not is_file:
                    problem = "broken symbolic link or symlink loop" if entry.is_symlink() else "not a regular file"
                    result.problems.append(InputProblem(display, problem))
                    continue
                count += 1
                st = entry.stat(follow_symlinks=True)
                file_key = (st.st_dev, st.st_ino)
                if file_key not in seen:
                    seen.add(file_key)
                    found.append((entry_path, display))
        stack.extend(reversed(subfolders))
    return count


PARALLEL_MIN_FILES = 8
"""Below this many files, parsing in worker processes costs more than it saves."""


def _load_chunk(chunk: list[tuple[Path, str, str | None]]) -> LoadResult:
    part = LoadResult()
    for path, display, patch_of in chunk:
        load_file(path, display, part, patch_of)
    return part


def _kustomize_patches(files: list[tuple[Path, str]]) -> dict[Path, str]:
    """The patch files that the kustomizations among ``files`` list: path -> the kustomization's display name."""
    patches: dict[Path, str] = {}
    for path, display in files:
        if path.name not in KUSTOMIZATION_FILES:
            continue
        try:
            parsed = _parse_yaml(_read_text(path))
        except _BadInputError:
            continue
        config = parsed[0][0] if parsed else None
        if not isinstance(config, dict):
            continue
        listed: list[Any] = list(config.get("patchesStrategicMerge") or [])
        listed += [entry.get("path") for key in ("patches", "patchesJson6902") for entry in config.get(key) or [] if isinstance(entry, dict)]
        for name in listed:
            if isinstance(name, str) and name.endswith(MANIFEST_SUFFIXES):
                patches[(path.parent / name).resolve()] = display
    return patches


def load_paths(paths: Iterable[str], *, exclude: Sequence[str] = (), workers: int | None = None) -> LoadResult:
    """Discover and parse every manifest under ``paths`` (less the ``exclude`` globs); problems never raise.

    Many files are parsed in worker processes (one per CPU), each file once; results keep
    the order of the files.
    """
    global _BUDGET  # noqa: PLW0603 - one budget per run, inherited by the forked workers
    result = LoadResult()
    found = discover(paths, result, exclude)
    patches = _kustomize_patches(found)
    files = [(path, display, patches.get(path.resolve()) if str(path) != STDIN else None) for path, display in found]
    count = worker_count(workers)
    parallel = count > 1 and len(files) >= PARALLEL_MIN_FILES and can_fork()
    _BUDGET = RunBudget(shared=parallel)
    try:
        if parallel:
            size = -(-len(files) // (count * 4))
            parts = fork_map(_load_chunk, [files[i : i + size] for i in range(0, len(files), size)], count)
        else:
            parts = [_load_chunk(files)]
    finally:
        _BUDGET = None
    for part in parts:
        result.documents.extend(part.documents)
        result.problems.extend(part.problems)
        result.files.extend(part.files)
        result.skipped.extend(part.skipped)
    return result
