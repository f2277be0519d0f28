"""Run the policy pack (and schema validation) over loaded documents: one conftest process per pass.

Both passes read ONE ``List`` of every document (``write_whole_run``), each object tagged with its
position in the run (``DOCUMENT_FIELD``), so a finding names exactly the document it is about;
conftest queries each rule once per input file, so a 10,000-document run costs one query per rule.
The List is annotated ``WHOLE_RUN_ANNOTATION``, which tells ``lib.kubernetes`` that it is the whole
run, as a ``conftest test --combine`` array would (--combine converts its input through a JSON
round trip, a tenth of a process's time).

* The per-document rules run in one ``conftest test`` process;
* the cross-resource rules in another, in parallel, with the per-object metadata rules
  (``WITH_CROSS_RESOURCE_RULES``: it balances the two processes), and schema validation runs
  in Python meanwhile.
* A small input (up to ``SMALL_INPUT_MAX_DOCUMENTS``) is checked by every rule over the whole run
  instead, the rules split in two halves of about equal compile cost (``compile_halves``), one
  process each, in parallel when there are two CPUs: starting conftest (compiling the rules)
  is most of a small run's time, and it compiles on one core. Its schema validation runs beside
  them in a thread at the lowest CPU priority (``parallel.Beside``), so that they keep both cores.

Both passes query one generated package that gathers every rule's results, waived or not
(``write_aggregate``), so each rule's violations are computed once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from manifest_lint import schemas
from manifest_lint.catalog import SCHEMA_RULE, Catalog, Rule
from manifest_lint.conftest_driver import ConftestError, ConftestMissingError, ConftestRun, start_conftest
from manifest_lint.crd_schemas import is_crd
from manifest_lint.findings import Finding, LintResult
from manifest_lint.loader import Document, LoadResult
from manifest_lint.package_data import POLICIES_DIR
from manifest_lint.parallel import Beside, worker_count

PROFILES = ("baseline", "restricted", "all")
ALWAYS_RULES = ("waiver-valid", "unknown-kind", "object-name")
"""Rules every profile runs: a malformed waiver, a kind nothing can check and a nameless object are reported whatever the profile."""
AGGREGATE_PACKAGE = "lint_run"
TEMP_PREFIX = "manifest-lint-"
SMALL_INPUT_MAX_DOCUMENTS = 200
"""Up to this many documents, every rule runs over the whole run (``compile_halves``; see ``lint_documents``)."""
WITH_CROSS_RESOURCE_RULES = (
    "api-deprecated-version", "api-removed-version", "meta-default-namespace", "meta-label-values",
    "meta-namespace-set", "meta-recommended-labels", "object-name", "unknown-kind", "waiver-valid",
)  # fmt: skip
"""Per-document rules that run in the cross-resource process all the same: rules on every object's
metadata and apiVersion, which need none of the pod walk. With them the two processes take about as
long as each other: 2.5 s and 3.1 s of CPU on the 10,000-document corpus (3.4 s and 1.9 s without
them), and 3.9 s and 3.4 s on a copy of it whose containers all differ, which the per-document pass
cannot judge once per distinct container (without the two label rules, 2.9 s and 2.5 s, but 4.3 s and
3.0 s)."""


def select_rules(catalog: Catalog, profile: str) -> list[Rule]:
    """The rule packages a profile runs."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    levels = {"baseline": {"baseline"}, "restricted": {"baseline", "restricted"}}.get(profile)
    return [r for r in catalog.rules if levels is None or r.pss in levels or r.id in ALWAYS_RULES]


DOCUMENT_FIELD = "manifest-lint.omnitide.dev/document"
"""A top-level field added to each object of the whole-run pass's input: its position in the run, so that
a cross-resource finding names exactly the document it is about (kind, namespace and name need not be
unique). It is spliced into the document's JSON text (an object's text ends with its closing brace): the
document is not serialised again, and its metadata is what the rules see in the file."""


def _tagged(doc: Document, index: int) -> str:
    return f'{doc.json_text[:-1]},"{DOCUMENT_FIELD}":"{index}"}}'


WHOLE_RUN_ANNOTATION = "manifest-lint.omnitide.dev/whole-run"
"""Set to "true" on the whole-run pass's ``List``: the rules read it as every document of the run (``lib.kubernetes.whole_run_list``)."""


KINDS_FIELD = "manifest-lint.omnitide.dev/kinds"
"""A top-level field of the whole-run pass's ``List``: kind -> [start, end) of its objects among the items,
which are grouped by kind (``lib.kubernetes.objects_by_kind`` slices them rather than group 10,000 objects)."""


def write_whole_run(documents: Sequence[Document], path: Path) -> None:
    """One ``List`` of every document, grouped by kind, each object tagged with its index in ``documents``."""
    # An object has a string kind (lib.kubernetes.objects_in); the other documents go last.
    kinds = [doc.content.get("kind") for doc in documents]
    order = sorted(range(len(documents)), key=lambda i: (0, kinds[i]) if isinstance(kinds[i], str) else (1, ""))
    ranges: dict[str, list[int]] = {}
    for position, index in enumerate(order):
        kind = kinds[index]
        if isinstance(kind, str):
            ranges.setdefault(kind, [position, position])[1] = position + 1
    texts = [_tagged(documents[index], index) for index in order]
    head = json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {"annotations": {WHOLE_RUN_ANNOTATION: "true"}}, KINDS_FIELD: ranges})
    path.write_text(head[:-1] + ',"items":[' + ",".join(texts) + "]}", encoding="utf-8")


def write_aggregate(rules: Sequence[Rule], folder: Path, package: str) -> Path:
    """A package whose ``deny`` is every finding of ``rules``, waived or not (each says which: ``waived``).

    conftest converts the whole input once per query and queries each namespace's deny and
    warn separately, each query repeating lib.kubernetes' walk of the input and sharing
    nothing: with 80 rules that is 160 walks. One package with one result type costs one, and
    reading each rule's ``results`` (lib.findings: its deny and warn together) makes each
    finding once.
    """
    lines = [f"package {package}", ""]
    lines += [f"deny contains f if some f in data.{rule.package}.results" for rule in rules]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package}.rego"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def policy_files(rules: Sequence[Rule], catalog: Catalog) -> list[str]:
    """The pack's files that ``rules`` need: their own files and those of the packages they refer to, transitively
    (``Catalog.needs``: lib/ helpers, the deprecated-API table, other rules).

    Compiling the pack is most of a conftest start (about 2.5 ms a file, whether its rules are
    queried or not; lib.selectors alone 15 ms), so a run that checks fewer rules, or fewer kinds, starts faster.
    The ``*_test.rego`` files are never among them (as many as the rules: they doubled every start), and each
    file is a ``--policy`` of its own, so nothing is copied.
    """
    root = str(POLICIES_DIR.parent)
    return [os.path.join(root, path) for path in sorted(needed_files(rules, catalog), key=lambda path: path.split("/"))]


def needed_files(rules: Sequence[Rule], catalog: Catalog) -> set[str]:
    """``Rule.path``-style paths of the files ``rules`` need (see ``policy_files``)."""
    wanted = {rule.path for rule in rules}
    pending = list(wanted)
    while pending:
        for path in catalog.needs.get(pending.pop(), ()):
            if path not in wanted:
                wanted.add(path)
                pending.append(path)
    return wanted


def compile_halves(rules: Sequence[Rule], catalog: Catalog) -> list[list[Rule]]:
    """``rules`` in two groups of about equal compile cost: the size of the files each group's conftest compiles.

    Rules that need the same files beyond their own and those all of them need (lib.selectors, 15 ms of a start;
    the deprecated-API table) go into one group together, so that only one process compiles those; then, largest
    first, each rule or bundle goes into the smaller group. A one-file lint's conftest spends about 0.2 s compiling
    some 80 rules on one core; two processes with half each end in about 0.15 s together on two (tests/lint:
    "compile halves").
    """
    root = str(POLICIES_DIR.parent)
    sizes: dict[str, int] = {}

    def size(paths: Iterable[str]) -> int:
        return sum(sizes.get(path) or sizes.setdefault(path, os.path.getsize(os.path.join(root, path))) for path in paths)

    needs = {rule.path: needed_files([rule], catalog) - {rule.path} for rule in rules}
    common = set.intersection(*needs.values()) if needs else set()
    bundles: dict[frozenset[str], list[Rule]] = {}
    for rule in rules:
        bundles.setdefault(frozenset(needs[rule.path] - common), []).append(rule)
    items = [([rule], size([rule.path])) for rule in bundles.pop(frozenset(), [])]
    items += [(bundle, size(shared) + size(rule.path for rule in bundle)) for shared, bundle in bundles.items()]
    groups: tuple[list[Rule], list[Rule]] = ([], [])
    costs = [0, 0]
    for bundle, cost in sorted(items, key=lambda item: (-item[1], item[0][0].id)):
        smaller = 0 if costs[0] <= costs[1] else 1
        groups[smaller].extend(bundle)
        costs[smaller] += cost
    return [group for group in groups if group]


def _text(value: Any) -> str | None:
    """A finding's kind, namespace, name or container as text: hostile input may give numbers or booleans there."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def _findings(
    results: list[dict[str, Any]],
    catalog: Catalog,
    locate: Callable[[Mapping[str, Any]], Document | None],
) -> list[Finding]:
    by_id = catalog.by_id()
    found: list[Finding] = []
    for result in results:
        for bucket, waived in (("failures", False), ("warnings", True)):
            for item in result.get(bucket) or []:
                meta = item.get("metadata") or {}
                rule = by_id.get(str(meta.get("rule_id")))
                doc = locate(meta)
                message = str(item.get("msg", ""))
                found.append(
                    Finding(
                        rule_id=str(meta.get("rule_id") or "unknown"),
                        severity=str(meta.get("severity") or (rule.severity if rule else "medium")),
                        kind=_text(meta.get("kind")),
                        namespace=_text(meta.get("namespace")),
                        name=_text(meta.get("name")),
                        container=_text(meta.get("container")),
                        file=doc.file if doc else None,
                        message=message,
                        waived=bool(meta.get("waived", waived)),
                        line=doc.line if doc else None,
                        title=str(meta.get("title") or (rule.title if rule else "")),
                        waiver_reason=meta.get("waiver_reason"),
                        detail=str(meta.get("detail") or message),
                    )
                )
    return found


def _api_kind(doc: Document) -> tuple[str, str]:
    return str(doc.content.get("apiVersion", "")), str(doc.content.get("kind", ""))


def _kubernetes_group(group: str) -> bool:
    """The core group, the dotless built-in groups (apps, batch, ...) and the *.k8s.io groups; the rest are custom resources'."""
    return "." not in group or group.endswith(".k8s.io")


def unknown_kinds(documents: Sequence[Document]) -> dict[str, str]:
    """``"apiVersion kind"`` -> a hint, for every kind of the input that no schema, pinned CRD or CRD of the input defines.

    Needs ``schemas.use_input_crds`` called for these documents first.
    """
    known = schemas.builtin_kinds()
    by_kind: dict[str, list[str]] = {}
    for api_version, kind in known:
        by_kind.setdefault(kind, []).append(api_version)
    found: dict[str, str] = {}
    for doc in documents:
        api_version, kind = _api_kind(doc)
        if (api_version, kind) in known or schemas.defined_by_input_crd(api_version, kind):
            continue
        if kind in by_kind:
            hint = f" (Kubernetes serves {kind} as {', '.join(sorted(by_kind[kind]))})"
        elif not _kubernetes_group(api_version.rpartition("/")[0]):
            hint = " (a custom resource: lint its CustomResourceDefinition with it, or name the CRD file with --crd)"
        else:
            import difflib  # noqa: PLC0415 - only for a kind nothing defines (1 ms of every start otherwise)

            close = difflib.get_close_matches(kind, list(by_kind), n=1, cutoff=0.8)
            hint = f" (did you mean {' or '.join(f'{v} {close[0]}' for v in sorted(by_kind[close[0]]))}?)" if close else ""
        found[f"{api_version} {kind}"] = hint
    return found


def _unchecked_kinds(documents: Sequence[Document]) -> dict[str, int]:
    """Kind -> how many objects of it no schema (built in, pinned or from the input's CRDs) could check."""
    counts: dict[str, int] = {}
    for doc in documents:
        api_version, kind = _api_kind(doc)
        if not schemas.has_any_schema(api_version, kind):
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _remove_stale_temp_folders() -> None:
    """Remove the temporary folders of lint runs that were killed (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*-*"):
        pid_text = folder.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue  # another user's live process


def lint_documents(
    loaded: LoadResult,
    catalog: Catalog,
    *,
    profile: str = "all",
    kube_version: str | None = None,
    lint_config: Mapping[str, Any] | None = None,
    rules: Sequence[Rule] | None = None,
    validate_schemas: bool | None = None,
    conftest: str | None = None,
    extra_crds: Sequence[Mapping[str, Any]] = (),
) -> LintResult:
    """Run the profile's rules (and, for ``all``, schema validation) over loaded documents.

    ``rules`` replaces the profile's rules (an empty list: schemas only); ``validate_schemas``
    overrides whether schema validation runs; ``conftest`` is an explicit conftest binary;
    ``extra_crds`` are CustomResourceDefinitions (not linted) whose kinds the documents may use.
    """
    chosen = list(rules) if rules is not None else select_rules(catalog, profile)
    with_schemas = profile == "all" if validate_schemas is None else validate_schemas
    present = {kind for doc in loaded.documents if isinstance(kind := doc.content.get("kind"), str)}
    applicable = [r for r in chosen if r.applies_to(present)]
    """Rules that can report on no kind of the input are not compiled, nor queried."""
    per_doc = [r for r in applicable if not r.combine and r.id not in WITH_CROSS_RESOURCE_RULES]
    cross = [r for r in applicable if r.combine or r.id in WITH_CROSS_RESOURCE_RULES]
    result = LintResult(rules=chosen + ([SCHEMA_RULE] if with_schemas else []), documents=list(loaded.documents))
    config = dict(lint_config or {})
    if kube_version:
        config["kube_version"] = kube_version
    if not loaded.documents:
        return result
    schemas.use_input_crds([*(doc.content for doc in loaded.documents if is_crd(doc.content)), *extra_crds])
    facts = {"unknown_kinds": unknown_kinds(loaded.documents)}
    result.unchecked = _unchecked_kinds(loaded.documents)
    _remove_stale_temp_folders()
    started = time.perf_counter()
    runs: list[ConftestRun] = []
    try:
        with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
            try:
                folder = Path(tmp)
                data_file = folder / "lint_data.json"
                data_file.write_text(json.dumps({"lint_config": config, "lint_facts": facts}), encoding="utf-8")
                whole = folder / "whole.json"
                write_whole_run(loaded.documents, whole)

                def locate(meta: Mapping[str, Any]) -> Document | None:
                    index = meta.get("document")
                    if isinstance(index, str) and index.isdigit() and int(index) < len(loaded.documents):
                        return loaded.documents[int(index)]
                    return None

                # Two processes in parallel: a small input's rules in halves of equal compile cost (compiling
                # is most of its time), a large input's per-document and cross-resource rules.
                small = len(loaded.documents) <= SMALL_INPUT_MAX_DOCUMENTS
                if not small:
                    passes = [(AGGREGATE_PACKAGE, per_doc, "per-document rules"), (AGGREGATE_PACKAGE + "_cross", cross, "cross-resource rules")]
                elif worker_count(None) > 1:
                    passes = [(f"{AGGREGATE_PACKAGE}_{i}", half, f"rules, half {i}") for i, half in enumerate(compile_halves([*per_doc, *cross], catalog), 1)]
                else:
                    passes = [(AGGREGATE_PACKAGE, [*per_doc, *cross], "all rules")]
                for package, pass_rules, label in passes:
                    if not pass_rules:
                        continue
                    pack = policy_files(pass_rules, catalog)
                    write_aggregate(pass_rules, folder / package, package)
                    run = start_conftest([whole], policies=[*pack, folder / package], namespaces=[package], data=data_file, label=label, conftest=conftest)
                    runs.append(run)
                result.phases["write conftest inputs, start conftest"] = time.perf_counter() - started
                schemas_beside: Beside[tuple[list[Finding], float]] | None = None
                if with_schemas:
                    # Imported once conftest runs (jsonschema-rs and the validators: 20 ms of a start).
                    from manifest_lint.schema_validation import schema_findings  # noqa: PLC0415

                    def validate() -> tuple[list[Finding], float]:
                        begun = time.perf_counter()
                        found = schema_findings(loaded.documents, kube_version, workers=1 if small else None)
                        return found, time.perf_counter() - begun

                    # A small input's schemas run beside its conftest halves at the lowest priority (parallel.Beside);
                    # a large input's in this thread meanwhile, in worker processes when there are many.
                    schemas_beside = Beside(validate) if small else None
                    if schemas_beside is None:
                        _add_schema_findings(result, validate)
                for run in runs:
                    try:
                        result.findings.extend(_findings(run.results(), catalog, locate))
                    except ConftestError as exc:
                        result.errors.append(str(exc))
                    result.phases[f"conftest: {run.label} (wall, from its start)"] = run.seconds or 0.0
                if schemas_beside is not None:
                    _add_schema_findings(result, schemas_beside.result)
            finally:
                for run in runs:
                    with contextlib.suppress(OSError):
                        run.stop()
    except OSError as exc:  # a full temporary disk, an unwritable temporary folder
        result.errors.append(f"cannot write temporary files for conftest: {exc.strerror or exc}")
    except ConftestMissingError as exc:
        result.errors.append(f"the policy pack cannot run: {exc}")
    result.findings.sort(key=_sort_key)
    return result


def _add_schema_findings(result: LintResult, validate: Callable[[], tuple[list[Finding], float]]) -> None:
    try:
        found, seconds = validate()
    except ValueError as exc:
        result.errors.append(f"schema validation: {exc}")
        return
    result.findings.extend(found)
    result.phases["schemas (in parallel with conftest)"] = seconds


def _sort_key(f: Finding) -> tuple[str, int, str, str, str, str, str]:
    return (f.file or "", f.line or 0, f.kind or "", f.namespace or "", f.name or "", f.rule_id, f.message)
