"""The gate a rendered tree passes before it is published.

``check_tree`` is ``manifest-lint --profile all`` over the tree (strict schemas of every
supported Kubernetes version, the whole policy pack and the checks across resources, each
file parsed once) plus one requirement the lint does not make of arbitrary manifests:
every object has a schema, since a GitOps tool could not apply a kind the cluster does not
know either.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from manifest_lint import schemas
from manifest_lint.catalog import CatalogError, load_catalog
from manifest_lint.crd_schemas import is_crd
from manifest_lint.lint import lint_documents
from manifest_lint.loader import LoadResult, load_paths


def _missing_schemas(loaded: LoadResult) -> list[str]:
    return [
        f"{doc.file}: {doc.content.get('apiVersion')} {doc.content.get('kind')} has no schema in Kubernetes {version}"
        for doc in loaded.documents
        for version in schemas.SUPPORTED_VERSIONS
        if not schemas.has_schema(doc.content, version)
    ]


def check_tree(root: Path, *, policies: bool = True, exclude: Sequence[str] = (), crds: Sequence[Path] = ()) -> list[str]:
    """Every problem of the manifests below ``root``; an empty list means they may be published.

    ``policies=False`` checks the schemas only (when the cdk8s CLI's policy-pack plugin runs
    the pack itself); ``exclude`` holds glob patterns of files to leave out; ``crds`` are files
    of CustomResourceDefinitions (installed in the cluster by someone else) whose custom
    resources the tree may hold: they are validated against them instead of being refused.
    """
    loaded = load_paths([str(root)], exclude=exclude)
    definitions = load_paths([str(p) for p in crds])
    extra = [doc.content for doc in definitions.documents if is_crd(doc.content)]
    problems = [str(p) for p in (*definitions.problems, *loaded.problems)]
    try:
        catalog = load_catalog()
    except CatalogError as exc:  # nothing could check the tree: that is its problem too
        return [*problems, f"the policy pack cannot run: {exc}"]
    result = lint_documents(loaded, catalog, profile="all", rules=None if policies else [], extra_crds=extra)
    problems += result.errors + _missing_schemas(loaded)
    return problems + [f"{f.file}: {f.message}" for f in result.failed]
