"""Which facade methods call which API operation, read from the facade's source (nothing is imported).

The drift report (``openapi/CHANGES.md``) says what an API change means for this library: the
methods a user calls that reach a changed operation, and the operations the facade does not wrap.
The facade describes each operation once, in the operation table (``_operations.py``:
``NAME = Operation("...", "<operationId>", ...)``); its resources (``_async/*.py``) call
``_request(<table entry>, ...)``.  Both are read with :mod:`ast`, so the map is right even when the
regenerated client no longer imports.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from scripts.common import REPO_ROOT

PACKAGE = REPO_ROOT / "facade" / "elevenlabs_pvc"
#: The user's name for the root resource, as the README writes it.
ROOT_CLASS, ROOT_NAME = "AsyncPVCClient", "client"


def operation_table(package: Path = PACKAGE) -> dict[str, str]:
    """The operation table's entries: constant name -> operationId."""
    tree = ast.parse((package / "_operations.py").read_text(encoding="utf-8"))
    table = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "Operation"
            and len(node.value.args) >= 2
            and isinstance(node.value.args[1], ast.Constant)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    table[target.id] = str(node.value.args[1].value)
    return table


def _names_in(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr


def _self_calls(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and isinstance(child.func.value, ast.Name)
            and child.func.value.id == "self"
        ):
            yield child.func.attr


def _resource_of(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The class a ``@cached_property`` returns, or that ``__init__`` assigns (``self.x = Class(...)``)."""
    annotation = function.returns
    if isinstance(annotation, ast.Name):
        return annotation.id
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value
    return None


def facade_methods(package: Path = PACKAGE) -> dict[str, list[str]]:
    """The public facade methods that call each operation, by operationId (``client.samples.update``), sorted."""
    table = operation_table(package)
    methods: dict[str, dict[str, set[str]]] = {}  # class -> method -> operationIds (then closed over self calls)
    calls: dict[str, dict[str, set[str]]] = {}
    children: dict[str, dict[str, str]] = {}  # class -> attribute -> class
    for path in sorted((package / "_async").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            own, own_calls, own_children = {}, {}, {}
            for item in node.body:
                if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                decorators = {name for decorator in item.decorator_list for name in _names_in(decorator)}
                if "cached_property" in decorators or "property" in decorators:
                    resource = _resource_of(item)
                    if resource:
                        own_children[item.name] = resource
                    continue
                if item.name == "__init__":
                    for statement in ast.walk(item):
                        value = getattr(statement, "value", None)
                        target = getattr(statement, "target", None) or next(
                            iter(getattr(statement, "targets", [])), None
                        )
                        if (
                            isinstance(target, ast.Attribute)
                            and isinstance(value, ast.Call)
                            and isinstance(value.func, ast.Name)
                        ):
                            own_children[target.attr] = value.func.id
                    continue
                own[item.name] = {table[name] for name in _names_in(item) if name in table}
                own_calls[item.name] = set(_self_calls(item))
            methods[node.name], calls[node.name], children[node.name] = own, own_calls, own_children
    for cls, own in methods.items():  # a method that calls another of its class reaches what that one reaches
        changed = True
        while changed:
            changed = False
            for name, reached in own.items():
                for callee in calls[cls][name] & set(own):
                    if not own[callee] <= reached:
                        reached |= own[callee]
                        changed = True
    result: dict[str, set[str]] = {}
    seen: set[str] = set()
    queue = [(ROOT_CLASS, ROOT_NAME)]
    while queue:
        cls, prefix = queue.pop(0)
        if cls in seen or cls not in methods:
            continue
        seen.add(cls)
        for name, reached in methods[cls].items():
            if not name.startswith("_"):
                for operation_id in reached:
                    result.setdefault(operation_id, set()).add(f"{prefix}.{name}")
        for attribute, child in sorted(children[cls].items()):
            if not attribute.startswith("_") and not child.endswith("WithRawResponse"):
                queue.append((child, f"{prefix}.{attribute}"))
    return {operation_id: sorted(names) for operation_id, names in result.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print, as JSON, the facade methods that call each operationId.")
    parser.add_argument("--package", type=Path, default=PACKAGE, help="the facade package (default: %(default)s)")
    args = parser.parse_args(argv)
    print(json.dumps(facade_methods(args.package), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
