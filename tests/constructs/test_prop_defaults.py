"""Every dataclass field of ``constructs_lib`` documents itself, and every default is the one written down.

The fields are found with ``ast`` (the attribute docstring is the string statement right
below a field); the defaults are the real ones, from ``dataclasses.fields`` of the imported
class, so a changed default with a stale ``Default: `...``` line fails.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import constructs_lib  # selects the supported Node.js before a module loads cdk8s

PACKAGE = Path(constructs_lib.__file__).parent
# The docstring's last line: Default: `<repr>`, optionally followed by a note in parentheses.
DEFAULT_LINE = re.compile(r"^Default: `(?P<repr>[^`]+)`(?: \(.+\))?$")


def _is_dataclass(node: ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Name) and target.id == "dataclass") or (isinstance(target, ast.Attribute) and target.attr == "dataclass"):
            return True
    return False


def _documented_fields(node: ast.ClassDef) -> Iterator[tuple[str, str | None]]:
    """(field name, its attribute docstring or None) for every annotated field of a class body."""
    body = node.body
    for i, statement in enumerate(body):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            following = body[i + 1] if i + 1 < len(body) else None
            doc = None
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) and isinstance(following.value.value, str):
                doc = inspect.cleandoc(following.value.value)
            yield statement.target.id, doc


def _default(f: dataclasses.Field[Any]) -> tuple[bool, Any]:
    if f.default is not dataclasses.MISSING:
        return True, f.default
    if f.default_factory is not dataclasses.MISSING:
        return True, f.default_factory()
    return False, None


def field_problems(tree: ast.Module, lookup: Callable[[str], type], where: str) -> list[str]:
    """Every undocumented field, missing or stale ``Default:`` line of the dataclasses in ``tree``."""
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and _is_dataclass(node)):
            continue
        cls = lookup(node.name)
        own = inspect.get_annotations(cls)  # inherited fields are documented on their own class
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name in own}
        documented = dict(_documented_fields(node))
        if set(documented) != set(fields):
            problems.append(f"{where}.{node.name}: the AST has fields {sorted(documented)}, the dataclass {sorted(fields)}")
        for name, doc in documented.items():
            qualified = f"{where}.{node.name}.{name}"
            if name not in fields:
                continue
            has_default, default = _default(fields[name])
            if not doc:
                problems.append(f"{qualified}: no attribute docstring")
                continue
            last = doc.splitlines()[-1]
            match = DEFAULT_LINE.match(last)
            if not has_default:
                if match or "Default:" in doc:
                    problems.append(f"{qualified}: required, but its docstring gives a default")
            elif match is None:
                problems.append(f"{qualified}: the docstring does not end with a line 'Default: `{default!r}`'")
            elif match["repr"] != repr(default):
                problems.append(f"{qualified}: the docstring says Default: `{match['repr']}`, the default is `{default!r}`")
    return problems


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def test_every_dataclass_field_documents_its_default():
    problems = []
    classes = []
    for path in _modules():
        module_name = f"constructs_lib.{path.stem}"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        classes += [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and _is_dataclass(n)]
        if any(isinstance(n, ast.ClassDef) and _is_dataclass(n) for n in ast.walk(tree)):
            module = importlib.import_module(module_name)
            problems += field_problems(tree, lambda name, module=module: getattr(module, name), path.stem)
    # Not vacuous: the walk finds the props classes.
    assert {"WebServiceProps", "DeploymentProps", "HttpProbe", "Resources", "GitOpsProps", "RateLimit"} <= set(classes)
    assert not problems, f"{len(problems)} dataclass fields are undocumented or document a wrong default:\n" + "\n".join(problems)


_STALE = '''
from dataclasses import dataclass, field

@dataclass(frozen=True, kw_only=True)
class Props:
    name: str
    """The name."""
    port: int = 8080
    """The port.

    Default: `80`
    """
    labels: dict[str, str] = field(default_factory=dict)
    """Labels.

    Default: `{}`
    """
    path: str = "/"
    """The path."""
    host: str = "a"
    tags: tuple[str, ...]
    """Tags.

    Default: `()`
    """
'''


def test_the_check_reports_every_stale_or_missing_default_at_once():
    namespace: dict[str, Any] = {}
    exec(compile(_STALE, "<stale>", "exec"), namespace)  # noqa: S102 - a fixed snippet of this file
    problems = field_problems(ast.parse(_STALE), namespace.__getitem__, "stale")
    assert problems == [
        "stale.Props.port: the docstring says Default: `80`, the default is `8080`",
        "stale.Props.path: the docstring does not end with a line 'Default: `'/'`'",
        "stale.Props.host: no attribute docstring",
        "stale.Props.tags: required, but its docstring gives a default",
    ]
