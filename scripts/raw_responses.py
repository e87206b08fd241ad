"""Write the typed ``client.with_raw_response`` tree (``_async/raw.py``) from the async client's source.

``with_raw_response`` is the client's own resources, bound to a copy of the client whose call
path returns a :class:`~elevenlabs_pvc.results.RawResponse` instead of the parsed result.
What this script writes only gives them types that say so: for every resource class reached
from ``AsyncPVCClient``, a ``...WithRawResponse`` class with

* each operation: a method whose last statement is ``return await self._client._request(...)``
  (or ``self._request``), so the helpers ``wait`` and ``select`` are left out;
* each sub-resource: ``self.name: Final = Class(client)`` in ``__init__``, or a
  ``cached_property`` that returns ``Class(self)``.

``scripts/unasync.py`` runs it (``make generate``; ``make check`` compares).
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scripts.common import REPO_ROOT

SOURCE = REPO_ROOT / "facade" / "elevenlabs_pvc" / "_async"
TARGET = SOURCE / "raw.py"
ROOT = "AsyncPVCClient"

HEADER = '''\
# Written by scripts/raw_responses.py from the resources in facade/elevenlabs_pvc/_async/: do not edit.
# Change a resource and run `make generate`; `make check` fails when this file differs.
"""``client.with_raw_response``: every operation, returning the HTTP answer as a :class:`RawResponse`.

Each class wraps one resource of a client whose call path returns a
:class:`~elevenlabs_pvc.results.RawResponse` (``Options.raw``): it only gives the
methods the types that say so.  ``raw.parse()`` returns what the plain call returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

from elevenlabs_pvc.results import RawResponse

if TYPE_CHECKING:
{imports}

P = ParamSpec("P")
R = TypeVar("R")


def _raw(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """``method`` of a raw client, typed as what it returns there."""
    return cast("Callable[P, Awaitable[RawResponse[R]]]", method)
'''


@dataclass
class Resource:
    """A resource class of the async client: where it is, its operations and its sub-resources."""

    name: str
    module: str
    operations: list[str] = field(default_factory=list)
    #: attribute -> resource class name
    children: dict[str, str] = field(default_factory=dict)


def _is_operation(method: ast.AsyncFunctionDef) -> bool:
    last = method.body[-1]
    return (
        isinstance(last, ast.Return)
        and isinstance(last.value, ast.Await)
        and isinstance(last.value.value, ast.Call)
        and isinstance(last.value.value.func, ast.Attribute)
        and last.value.value.func.attr == "_request"
    )


def _constructed(node: ast.expr | None) -> str | None:
    """``Class`` when ``node`` is ``Class(...)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _children(item: ast.stmt) -> dict[str, str]:
    children: dict[str, str] = {}
    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
        for statement in item.body:
            if isinstance(statement, ast.AnnAssign | ast.Assign):
                target = statement.target if isinstance(statement, ast.AnnAssign) else statement.targets[0]
                built = _constructed(statement.value)
                if isinstance(target, ast.Attribute) and built:
                    children[target.attr] = built
    elif isinstance(item, ast.FunctionDef) and any(
        isinstance(decorator, ast.Name) and decorator.id == "cached_property" for decorator in item.decorator_list
    ):
        last = item.body[-1]
        built = _constructed(last.value) if isinstance(last, ast.Return) else None
        if built:
            children[item.name] = built
    return children


def resources(source: Path = SOURCE) -> dict[str, Resource]:
    """Every class of the async client's modules, with its operations and sub-resources."""
    found: dict[str, Resource] = {}
    for path in sorted(source.glob("*.py")):
        if path.name == TARGET.name:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            resource = Resource(node.name, f"elevenlabs_pvc._async.{path.stem}")
            for item in node.body:
                if isinstance(item, ast.AsyncFunctionDef) and _is_operation(item):
                    resource.operations.append(item.name)
                resource.children.update(_children(item))
            found[node.name] = resource
    return found


def render(source: Path = SOURCE) -> str:
    """The text of ``_async/raw.py`` (before formatting)."""
    found = resources(source)
    classes: list[str] = []
    used: list[Resource] = []

    def visit(name: str, path: str) -> bool:
        """Write the class for resource ``name`` (children first); False when it has nothing to wrap."""
        resource = found[name]
        lines = [f"        self.{operation} = _raw(resource.{operation})" for operation in resource.operations]
        lines += [
            f"        self.{attribute} = {child}WithRawResponse(resource.{attribute})"
            for attribute, child in resource.children.items()
            if child in found and visit(child, f"{path}.{attribute}")
        ]
        if lines:
            used.append(resource)
            classes.append(
                f"\n\nclass {name}WithRawResponse:\n"
                f'    """``{path}``: its operations, each returning a :class:`RawResponse`."""\n\n'
                f"    def __init__(self, resource: {name}) -> None:\n" + "\n".join(lines) + "\n"
            )
        return bool(lines)

    visit(ROOT, "client.with_raw_response")
    imports = "\n".join(f"    from {resource.module} import {resource.name}" for resource in used)
    return HEADER.format(imports=imports) + "".join(classes)


if __name__ == "__main__":
    argparse.ArgumentParser(
        description="Print the with_raw_response module (scripts/unasync.py writes it)."
    ).parse_args()
    sys.stdout.write(render())
