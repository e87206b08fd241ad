"""Rewrite the constructs openapi-python-client cannot express, in the generator's input only.

The spec under ``openapi/`` stays the API's own; ``scripts/generate.py`` hands the generator a
normalised copy.  Each rewrite is the smallest one that keeps the wire format, is marked where it
was made (``x-normalised: "<reason>"``) and is listed in ``make generate``'s output.  None applies
to the PVC pages today; the whole API has all three (measured on the pages of 2026):

1. **A self-referencing union** (``DynamicVariableNestedValueType``: ``anyOf`` of scalars, ``null``
   and an array *of itself*): the generator refuses it ("Invalid property in union") and drops
   every model and operation that reaches it.  The reference back to the union is replaced by
   ``{}`` (any value): the array branch stays an array, its items are typed ``Any``.
2. **An object ``default`` on a union** (``ArrayJsonSchemaProperty.items``: a ``oneOf`` of models
   with a default object): "ModelProperty cannot have a default value".  The default is dropped
   (the API applies it when the field is left out, so the request on the wire is the same); object
   defaults elsewhere, which the generator holds, are kept.
3. **A mixed-type enum** (``[true, false, "music_v1"]``): "Got {bool, str}".  It becomes an
   ``anyOf`` of one enum per JSON type (``{type: boolean, enum: [true, false]}``,
   ``{type: string, enum: ["music_v1"]}``), which accepts exactly the same values.

Generator warnings stay fatal (``scripts/generate.py``): a rewrite is not an allow-list entry.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MARK = "x-normalised"

RECURSIVE_UNION = "recursive union: the reference back to the union is typed as any value"
OBJECT_DEFAULT = "object default dropped: the generator cannot hold it; the API applies it when omitted"
MIXED_ENUM = "mixed-type enum: one enum per JSON type, in an anyOf"

_UNION_KEYS = ("anyOf", "oneOf")
_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"))


@dataclass(frozen=True)
class Rewrite:
    """One rewrite: where (a JSON pointer into the spec) and why."""

    pointer: str
    reason: str

    def __str__(self) -> str:
        return f"{self.pointer}: {self.reason}"


def _token(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _nodes(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every object in ``value`` with its pointer, parents first."""
    if isinstance(value, dict):
        yield pointer, value
        for key, item in value.items():
            if not str(key).startswith("x-"):
                yield from _nodes(item, f"{pointer}/{_token(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, f"{pointer}/{index}")


def normalise(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Rewrite]]:
    """A copy of ``spec`` the generator accepts, and the rewrites made (empty when none was needed)."""
    result = copy.deepcopy(spec)
    rewrites = [*_recursive_unions(result), *_object_defaults(result), *_mixed_enums(result)]
    return result, sorted(rewrites, key=lambda rewrite: (rewrite.pointer, rewrite.reason))


# --- 1. self-referencing unions ------------------------------------------------------------------


def _recursive_unions(spec: dict[str, Any]) -> Iterator[Rewrite]:
    schemas = (spec.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or not any(isinstance(schema.get(key), list) for key in _UNION_KEYS):
            continue
        target = f"#/components/schemas/{name}"
        for key in _UNION_KEYS:
            for index, branch in enumerate(schema.get(key) or []):
                yield from _cut(branch, target, f"/components/schemas/{_token(name)}/{key}/{index}")


def _cut(branch: Any, target: str, pointer: str) -> Iterator[Rewrite]:
    """Replace each reference to ``target`` reached through arrays, maps and unions (not models) by ``{}``."""
    if not isinstance(branch, dict) or "properties" in branch:
        return  # a model: the generator resolves recursion through its properties itself
    for key in ("items", "additionalProperties"):
        child = branch.get(key)
        if isinstance(child, dict) and child.get("$ref") == target:
            branch[key] = {MARK: RECURSIVE_UNION}
            yield Rewrite(f"{pointer}/{key}", RECURSIVE_UNION)
        else:
            yield from _cut(child, target, f"{pointer}/{key}")
    for key in _UNION_KEYS:
        for index, item in enumerate(branch.get(key) or []):
            if isinstance(item, dict) and item.get("$ref") == target:
                branch[key][index] = {MARK: RECURSIVE_UNION}
                yield Rewrite(f"{pointer}/{key}/{index}", RECURSIVE_UNION)
            else:
                yield from _cut(item, target, f"{pointer}/{key}/{index}")


# --- 2. object defaults --------------------------------------------------------------------------


def _object_defaults(spec: dict[str, Any]) -> Iterator[Rewrite]:
    for pointer, node in list(_nodes(spec.get("components") or {}, "/components")) + list(
        _nodes(spec.get("paths") or {}, "/paths")
    ):
        if isinstance(node.get("default"), dict) and any(isinstance(node.get(key), list) for key in _UNION_KEYS):
            del node["default"]
            node[MARK] = OBJECT_DEFAULT
            yield Rewrite(f"{pointer}/default", OBJECT_DEFAULT)


# --- 3. mixed-type enums -------------------------------------------------------------------------


def _json_type(value: Any) -> str | None:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), None)


def _mixed_enums(spec: dict[str, Any]) -> Iterator[Rewrite]:
    for pointer, node in list(_nodes(spec)):
        values = node.get("enum")
        if not isinstance(values, list):
            continue
        kinds: dict[str, list[Any]] = {}
        for value in values:
            kind = _json_type(value)
            if kind is not None:
                kinds.setdefault(kind, []).append(value)
        if len(kinds) < 2:
            continue
        branches: list[dict[str, Any]] = [{"type": kind, "enum": listed} for kind, listed in kinds.items()]
        if None in values or "null" in (node.get("type") or []):
            branches.append({"type": "null"})
        del node["enum"]
        node.pop("type", None)
        node["anyOf"] = branches
        node[MARK] = MIXED_ENUM
        yield Rewrite(f"{pointer}/enum", MIXED_ENUM)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the rewrites the generator's input of a spec needs.")
    parser.add_argument("spec", type=Path, help="the merged spec (YAML or JSON)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the normalised spec there")
    args = parser.parse_args(argv)
    document = yaml.load(args.spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    normalised, rewrites = normalise(document)
    for rewrite in rewrites:
        print(rewrite)
    if not rewrites:
        print("no rewrite needed", file=sys.stderr)
    if args.write:
        args.write.write_text(yaml.safe_dump(normalised, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
