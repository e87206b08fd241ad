"""Reading schemas the way the generated client does: through ``$ref``s, nullable unions, ``const``."""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]


def _resolve(spec: Spec, schema: Any, pointer: str) -> tuple[Any, str, str | None]:
    """Follow ``$ref``s: the schema, the pointer where it is defined, and the last schema name."""
    name = None
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        reference = schema["$ref"]
        name = reference.rsplit("/", 1)[-1]
        pointer = reference.removeprefix("#")
        schema = spec.get("components", {}).get("schemas", {}).get(name, {})
        seen += 1
    return schema, pointer, name


def _types(spec: Spec, schema: Any) -> set[str]:
    """The JSON types a schema allows (``null`` included), through refs and nullable unions."""
    schema, _, _ = _resolve(spec, schema, "")
    if not isinstance(schema, dict):
        return set()
    types: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        types.add(declared)
    elif isinstance(declared, list):
        types.update(str(kind) for kind in declared)
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            types.update(_types(spec, branch))
    if not types and ("properties" in schema or "additionalProperties" in schema):
        types.add("object")
    if "integer" in types and "number" in types:
        types.discard("integer")
    return types


def _shape(spec: Spec, schema: Any, depth: int = 0) -> Any:
    """A schema with refs inlined and prose dropped: equal shapes mean a rename changes nothing on the wire."""
    schema, _, _ = _resolve(spec, schema, "")
    if depth > 16 or not isinstance(schema, dict | list):
        return schema
    if isinstance(schema, list):
        return [_shape(spec, item, depth + 1) for item in schema]
    return {
        key: _shape(spec, value, depth + 1)
        for key, value in schema.items()
        if key not in ("description", "title", "example", "examples")
    }


def _widened(old: set[str], new: set[str]) -> bool:
    """True when every value of ``old`` types is also valid for ``new`` (integer fits in number)."""
    return all(kind in new or (kind == "integer" and "number" in new) for kind in old)


def _union(schema: Any) -> tuple[list[Any] | None, str]:
    """The non-null branches of a ``oneOf``/``anyOf`` with several of them (else None), and the keyword."""
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key) if isinstance(schema, dict) else None
        if isinstance(branches, list):
            others = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(others) > 1:
                return branches, key
    return None, ""


def _variants(schema: Any, branches: list[Any] | None, key: str, pointer: str) -> tuple[list[Any], list[str]]:
    """The non-null branches of a union with their pointers (or the schema itself, as the one variant)."""
    if branches is None:
        return [schema], [pointer]
    kept = [(i, b) for i, b in enumerate(branches) if not (isinstance(b, dict) and b.get("type") == "null")]
    return [b for _, b in kept], [f"{pointer}/{key}/{i}" for i, _ in kept]


def _ref_name(schema: Any) -> str | None:
    reference = schema.get("$ref") if isinstance(schema, dict) else None
    return reference.rsplit("/", 1)[-1] if isinstance(reference, str) else None


def _branch(schema: Any, pointer: str) -> tuple[Any, str]:
    """The one non-null branch of a nullable ``anyOf``/``oneOf``, with its pointer (else the schema itself)."""
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key) if isinstance(schema, dict) else None
        if isinstance(branches, list):
            others = [(i, b) for i, b in enumerate(branches) if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(others) == 1 and len(others) < len(branches):
                return others[0][1], f"{pointer}/{key}/{others[0][0]}"
    return schema, pointer


def _description_at(spec: Spec, schema: Any, pointer: str) -> tuple[Any, str]:
    """A schema's description and the pointer to it, wherever the encoding puts it."""
    if isinstance(schema, dict) and schema.get("description") is not None:
        return schema["description"], f"{pointer}/description"
    branch, at = _branch(schema, pointer)
    resolved, at, _ = _resolve(spec, branch, at)
    return (resolved.get("description") if isinstance(resolved, dict) else None), f"{at}/description"


#: Keywords that say nothing about which values a schema accepts.
_PROSE = frozenset({"description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly"})


def _any(schema: Any) -> bool:
    """True for a schema that accepts any value (``{}``, or only prose): the generated type is ``Any``."""
    return schema is True or (isinstance(schema, dict) and all(key in _PROSE or key.startswith("x-") for key in schema))
