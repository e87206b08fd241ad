"""Compare two versions of the PVC spec and classify each change for a client of the API.

    python -m scripts.spec_diff OLD NEW [--format markdown|json] [--fail-on breaking]
    python -m scripts.spec_diff --git REV [NEW]

OLD and NEW are each a merged spec file, a folder of documentation pages (merged on
the fly by ``scripts/merge_spec.py``), or ``git:REV`` for ``openapi/elevenlabs-pvc.yaml``
at a git revision (``--git REV`` is the same for OLD; NEW then defaults to the working
tree's spec).

Every change is reported per operation (``METHOD /path``) with a severity:

* ``breaking``: code written against OLD can fail against NEW: an operation, parameter
  or request field removed; a new required parameter or request field; a request type
  narrowed or a response type widened; a response field removed or made optional; an
  enum value removed from a request, or any enum change in a response (generated
  clients parse responses into enums); a parameter moved (a JSON body field that became a
  query parameter); a changed default of a request field (callers that omit it silently
  get new behaviour).
* ``non-breaking``: additions a client can ignore: a new operation, optional parameter
  or request field, a new response field; a request type widened, a response narrowed;
  a schema renamed with the same shape (the wire is unchanged; the generated class name
  changes).
* ``docs``: descriptions and summaries.

Exit codes: 0 normally; 1 with ``--fail-on breaking`` when a breaking change is found;
2 on bad input (a missing file, an invalid spec), with a message.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

if __package__ in (None, ""):  # run as `python scripts/NAME.py`: make the `scripts` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import merge_spec

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_IN_REPO = "openapi/elevenlabs-pvc.yaml"
SEVERITIES = ("breaking", "non-breaking", "docs")
HTTP_METHODS = merge_spec.HTTP_METHODS

Spec = dict[str, Any]


class SpecInputError(Exception):
    """An input cannot be read as a spec (missing, not valid OpenAPI, unknown revision)."""


@dataclass(frozen=True, order=True)
class Change:
    """One difference between the specs, as a client of the API sees it."""

    operation: str
    severity: str
    kind: str
    pointer: str
    message: str


# --- loading ---------------------------------------------------------------------------------------


def load_spec(source: str) -> Spec:
    """Read a spec from a file, a folder of documentation pages, or ``git:REV``.

    Raises:
        SpecInputError: the input is missing or not a valid OpenAPI document.

    """
    if source.startswith("git:"):
        revision = source[4:]
        result = subprocess.run(
            ["git", "show", f"{revision}:{SPEC_IN_REPO}"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SpecInputError(f"{source}: {result.stderr.strip() or 'git show failed'}")
        text, where = result.stdout, source
    else:
        path = Path(source)
        if path.is_dir():
            try:
                return merge_spec.merge_pages(merge_spec.source_pages(path), notice=lambda _: None)
            except merge_spec.MergeError as error:
                raise SpecInputError(f"{source}: {error}") from error
        if not path.is_file():
            raise SpecInputError(f"{source}: no such file or folder")
        text, where = path.read_text(encoding="utf-8"), source
    try:
        # JSON is read as JSON (YAML's parser would take ten times longer); YAML with libyaml when there.
        spec = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=merge_spec.YAML_LOADER)
    except (yaml.YAMLError, ValueError) as error:
        raise SpecInputError(f"{where}: not YAML: {error}") from error
    if not isinstance(spec, dict):
        raise SpecInputError(f"{where}: not an OpenAPI document")
    version = str(spec.get("openapi", ""))
    if not version.startswith(("3.0.", "3.1.")):
        raise SpecInputError(
            f"{where}: OpenAPI {version or '(no version)'} is not supported: compare 3.0 or 3.1 documents"
        )
    problem = _validation_problem(spec)
    if problem:
        raise SpecInputError(f"{where}: not a valid OpenAPI document: {problem}")
    return spec


def _validation_problem(spec: Spec) -> str | None:
    """What makes ``spec`` invalid OpenAPI, or None; each document is validated once.

    A 3.1 document is checked against the OpenAPI 3.1 JSON Schema with jsonschema-rs when it is
    installed (a whole-API document in milliseconds; openapi-spec-validator takes seconds), else,
    and for 3.0, with openapi-spec-validator.
    """
    if str(spec.get("openapi", "")).startswith("3.1"):
        validator = _oas31_validator()
        if validator is not None:
            error = next(iter(validator.iter_errors(spec)), None)
            return None if error is None else f"{error.message} (at /{'/'.join(map(str, error.instance_path))})"
    try:
        validate(spec)
    except OpenAPIValidationError as error:
        return str(error.message)
    return None


@cache
def _oas31_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    schema = resources.files("openapi_spec_validator") / "resources" / "schemas" / "v3.1" / "schema.json"
    return jsonschema_rs.validator_for(json.loads(schema.read_text(encoding="utf-8")))


# --- schema helpers --------------------------------------------------------------------------------


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


def as_openapi_31(document: Any) -> Any:
    """An OpenAPI 3.0 document's schemas written as 3.1 writes them: ``nullable: true`` as a ``null`` type.

    ``{type: string, nullable: true}`` becomes ``{type: [string, "null"]}``; a nullable ``$ref`` or
    composition becomes ``anyOf: [it, {type: "null"}]``; ``nullable: false`` is dropped.  The same
    API written either way then compares equal.
    """
    if isinstance(document, list):
        return [as_openapi_31(item) for item in document]
    if not isinstance(document, dict):
        return document
    converted = {key: as_openapi_31(value) for key, value in document.items() if key != "nullable"}
    if document.get("nullable") is not True:
        return converted
    kind = converted.get("type")
    if isinstance(kind, str):
        converted["type"] = [kind, "null"]
        return converted
    if isinstance(kind, list):
        converted["type"] = [*kind, *(["null"] if "null" not in kind else [])]
        return converted
    description = converted.pop("description", None)
    wrapped: dict[str, Any] = {"anyOf": [converted, {"type": "null"}]}
    if description is not None:
        wrapped["description"] = description
    return wrapped


def _widened(old: set[str], new: set[str]) -> bool:
    """True when every value of ``old`` types is also valid for ``new`` (integer fits in number)."""
    return all(kind in new or (kind == "integer" and "number" in new) for kind in old)


# --- the comparison --------------------------------------------------------------------------------


#: Kinds whose pointer is into the NEW document (what was added); every other kind points into the OLD one.
NEW_DOCUMENT_KINDS = frozenset(
    {
        "operation-added",
        "parameter-added",
        "parameter-moved",
        "request-body-added",
        "response-added",
        "request-field-added",
        "response-field-added",
        "enum-value-added",
        "enum-added",
        "schema-renamed",
        "variant-added",
    }
)


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


def pointer_document(change: Change) -> str:
    """``"new"`` when ``change.pointer`` is into the new document (something added), else ``"old"``."""
    return "new" if change.kind in NEW_DOCUMENT_KINDS else "old"


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


class _Differ:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self._seen: set[tuple[str, tuple[str, str]]] = set()

    def add(self, operation: str, severity: str, kind: str, pointer: str, message: str) -> None:
        self.changes.append(Change(operation, severity, kind, pointer, message))

    # schemas ------------------------------------------------------------------

    def schema(self, operation: str, old: Any, new: Any, pointers: tuple[str, str], direction: str, label: str) -> None:
        """Compare two schemas used in a request (``direction="request"``) or a response.

        ``pointers`` locate ``old`` in the old document and ``new`` in the new one.  A pair already
        compared for this operation (a recursive model) is not compared again.
        """
        if (operation, pointers) in self._seen:
            return
        self._seen.add((operation, pointers))
        old_branch, old_at = _branch(old, pointers[0])
        new_branch, new_at = _branch(new, pointers[1])
        if self._unions(operation, (old_branch, new_branch), (old_at, new_at), direction, label):
            return
        old_resolved, old_pointer, old_name = _resolve(self.old, old_branch, old_at)
        new_resolved, new_pointer, new_name = _resolve(self.new, new_branch, new_at)
        renamed = old_name and new_name and old_name != new_name
        if renamed and _shape(self.old, old_resolved) == _shape(self.new, new_resolved):
            self.add(
                operation,
                "non-breaking",
                "schema-renamed",
                new_pointer,
                f"{label}: schema {old_name} renamed to {new_name}, same shape "
                "(nothing changes on the wire; the generated model class is renamed)",
            )
            return
        self._types(operation, old, new, pointers[0], direction, label)
        if not isinstance(old_resolved, dict) or not isinstance(new_resolved, dict):
            return
        self._enum(operation, old_resolved, new_resolved, (old_pointer, new_pointer), direction, label)
        if direction == "request" and old_resolved.get("default") != new_resolved.get("default"):
            where = f"{old_pointer}/default" if "default" in old_resolved else f"{new_pointer}/default"
            self.add(
                operation,
                "breaking",
                "default-changed",
                where,
                f"{label}: default {old_resolved.get('default')!r} -> {new_resolved.get('default')!r} "
                "(callers that omit it get the new behaviour)",
            )
        old_description, old_description_at = _description_at(self.old, old, pointers[0])
        new_description, _ = _description_at(self.new, new, pointers[1])
        if old_description != new_description and label:
            where = old_description_at if old_description is not None else pointers[0]
            self.add(operation, "docs", "description-changed", where, f"{label}: description changed")
        self._properties(operation, old_resolved, new_resolved, (old_pointer, new_pointer), direction, label)
        for key in ("items", "additionalProperties", "propertyNames"):
            if isinstance(old_resolved.get(key), dict) and isinstance(new_resolved.get(key), dict):
                self.schema(
                    operation,
                    old_resolved[key],
                    new_resolved[key],
                    (f"{old_pointer}/{key}", f"{new_pointer}/{key}"),
                    direction,
                    {"items": f"{label}[]", "additionalProperties": f"{label}{{}}"}.get(key, f"{label}{{keys}}"),
                )

    def _unions(
        self, operation: str, schemas: tuple[Any, Any], pointers: tuple[str, str], direction: str, label: str
    ) -> bool:
        """Compare ``oneOf``/``anyOf`` unions branch by branch; True when handled here.

        Branches are matched by the schema they name (``$ref``), else by position.  A schema that
        becomes a union of itself and others (or the reverse) is a variant added (or removed): wider
        for a request, and for a response a value the old clients cannot parse.
        """
        old_branches, old_key = _union(schemas[0])
        new_branches, new_key = _union(schemas[1])
        if old_branches is None and new_branches is None:
            return False
        self._types(operation, schemas[0], schemas[1], pointers[0], direction, label)  # the union as a whole
        # Null branches are nullability, which _types reports; the others are the variants.
        old_list, old_at = _variants(schemas[0], old_branches, old_key, pointers[0])
        new_list, new_at = _variants(schemas[1], new_branches, new_key, pointers[1])
        old_names = [_ref_name(branch) for branch in old_list]
        new_names = [_ref_name(branch) for branch in new_list]
        matched: list[tuple[int, int]] = []
        for i, name in enumerate(old_names):
            j = new_names.index(name) if name is not None and name in new_names else None
            if j is None and name is None and i < len(new_list) and new_names[i] is None:
                j = i
            if j is not None and all(j != taken for _, taken in matched):
                matched.append((i, j))
        for i in sorted(set(range(len(old_list))) - {i for i, _ in matched}):
            severity = "breaking" if direction == "request" else "non-breaking"
            name = old_names[i] or f"#{i}"
            self.add(operation, severity, "variant-removed", old_at[i], f"{label or 'body'}: variant {name} removed")
        for j in sorted(set(range(len(new_list))) - {j for _, j in matched}):
            severity = "non-breaking" if direction == "request" else "breaking"
            note = "" if direction == "request" else " (clients generated from the old spec cannot parse it)"
            name = new_names[j] or f"#{j}"
            self.add(operation, severity, "variant-added", new_at[j], f"{label or 'body'}: variant {name} added{note}")
        for i, j in matched:
            self.schema(operation, old_list[i], new_list[j], (old_at[i], new_at[j]), direction, label)
        return True

    def _types(self, operation: str, old: Any, new: Any, pointer: str, direction: str, label: str) -> None:
        old_types, new_types = _types(self.old, old), _types(self.new, new)
        if not old_types or not new_types or old_types == new_types:
            return
        if ("null" in old_types) != ("null" in new_types):
            now = "nullable" if "null" in new_types else "not nullable"
            harmless = ("null" in new_types) == (direction == "request")
            self.add(
                operation,
                "non-breaking" if harmless else "breaking",
                "nullability-changed",
                pointer,
                f"{label}: now {now}",
            )
        old_core, new_core = old_types - {"null"}, new_types - {"null"}
        if old_core != new_core:
            widened = _widened(old_core, new_core)
            narrowed = _widened(new_core, old_core)
            harmless = widened if direction == "request" else narrowed and not widened
            self.add(
                operation,
                "non-breaking" if harmless else "breaking",
                "type-changed",
                pointer,
                f"{label}: type {'/'.join(sorted(old_core))} -> {'/'.join(sorted(new_core))}",
            )

    def _enum(
        self,
        operation: str,
        old: dict[str, Any],
        new: dict[str, Any],
        pointers: tuple[str, str],
        direction: str,
        label: str,
    ) -> None:
        old_values, new_values = old.get("enum"), new.get("enum")
        old_pointer, pointer = pointers
        if isinstance(old_values, list) != isinstance(new_values, list):
            # An enum that disappears lets any value through: a response value the old enum (and every
            # client parsing into it) rejects; one that appears narrows what a request may send.
            gone = isinstance(old_values, list)
            breaking = (direction == "response") == gone
            where = f"{old_pointer}/enum" if gone else f"{pointer}/enum"
            what = f"no longer limited to {sorted(map(str, old_values or []))}" if gone else "now limited to an enum"
            note = " (clients generated from the old spec parse it into the enum and reject other values)"
            message = f"{label or 'value'}: {what}" + (note if gone and direction == "response" else "")
            self.add(
                operation,
                "breaking" if breaking else "non-breaking",
                "enum-removed" if gone else "enum-added",
                where,
                message,
            )
            return
        if not isinstance(old_values, list) or not isinstance(new_values, list):
            return
        for value in sorted(set(map(str, new_values)) - set(map(str, old_values))):
            severity = "non-breaking" if direction == "request" else "breaking"
            note = "" if direction == "request" else " (clients generated from the old spec cannot parse it)"
            self.add(
                operation, severity, "enum-value-added", pointer + "/enum", f"{label}: enum value {value!r} added{note}"
            )
        for value in sorted(set(map(str, old_values)) - set(map(str, new_values))):
            self.add(
                operation, "breaking", "enum-value-removed", pointer + "/enum", f"{label}: enum value {value!r} removed"
            )

    def _properties(
        self,
        operation: str,
        old: dict[str, Any],
        new: dict[str, Any],
        pointers: tuple[str, str],
        direction: str,
        label: str,
    ) -> None:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        where = "request body" if direction == "request" else "response"
        prefix = f"{label}." if label else ""
        for name in sorted(set(old_props) | set(new_props)):
            field = f"{prefix}{name}"
            token = merge_spec.pointer(name)
            old_field, new_field = f"{pointers[0]}/properties{token}", f"{pointers[1]}/properties{token}"
            if name not in new_props:
                self.add(
                    operation, "breaking", f"{direction}-field-removed", old_field, f"{where} field {field} removed"
                )
            elif name not in old_props:
                if direction == "request":
                    required = name in new_required
                    self.add(
                        operation,
                        "breaking" if required else "non-breaking",
                        "request-field-added",
                        new_field,
                        f"{where} field {field} added ({'required' if required else 'optional'})",
                    )
                else:
                    self.add(
                        operation, "non-breaking", "response-field-added", new_field, f"{where} field {field} added"
                    )
            else:
                if (name in old_required) != (name in new_required):
                    now_required = name in new_required
                    harmless = not now_required if direction == "request" else now_required
                    self.add(
                        operation,
                        "non-breaking" if harmless else "breaking",
                        "required-changed",
                        old_field,
                        f"{where} field {field} is now {'required' if now_required else 'optional'}",
                    )
                self.schema(operation, old_props[name], new_props[name], (old_field, new_field), direction, field)

    # operations ---------------------------------------------------------------

    def operations(self) -> None:
        old_ops = dict(_operations(self.old))
        new_ops = dict(_operations(self.new))
        for key in sorted(set(old_ops) | set(new_ops)):
            method, path = key
            operation = f"{method.upper()} {path}"
            pointer = merge_spec.pointer("paths", path, method)
            if key not in new_ops:
                self.add(operation, "breaking", "operation-removed", pointer, "operation removed")
            elif key not in old_ops:
                self.add(operation, "non-breaking", "operation-added", pointer, "operation added")
            else:
                self.operation(operation, old_ops[key], new_ops[key], pointer)

    def operation(self, operation: str, old: dict[str, Any], new: dict[str, Any], pointer: str) -> None:
        if old.get("operationId") != new.get("operationId"):
            self.add(
                operation,
                "breaking",
                "operation-id-renamed",
                f"{pointer}/operationId",
                f"operationId {old.get('operationId')!r} -> {new.get('operationId')!r} "
                "(the generated module and function are renamed)",
            )
        for key in ("summary", "description"):
            if old.get(key) != new.get(key):
                where = f"{pointer}/{key}" if key in old else pointer
                self.add(operation, "docs", f"{key}-changed", where, f"operation {key} changed")
        old_params = {(p.get("in"), p.get("name")): (i, p) for i, p in enumerate(old.get("parameters") or [])}
        new_params = {(p.get("in"), p.get("name")): (i, p) for i, p in enumerate(new.get("parameters") or [])}
        old_body, old_body_at = _json_body(old, pointer)
        new_body, new_body_at = _json_body(new, pointer)
        old_resolved = _resolve(self.old, old_body, old_body_at)[0]
        new_resolved, new_resolved_at, _ = _resolve(self.new, new_body, new_body_at)
        old_fields = set((old_resolved.get("properties") or {}) if isinstance(old_resolved, dict) else {})
        new_fields = set((new_resolved.get("properties") or {}) if isinstance(new_resolved, dict) else {})
        moved: set[str] = set()
        for (place, name), (index, parameter) in sorted(new_params.items(), key=str):
            if (place, name) in old_params:
                continue
            at = f"{pointer}/parameters/{index}"
            if name in old_fields and name not in new_fields:
                moved.add(name)
                message = f"{name} moved from the request body to a {place} parameter"
                self.add(operation, "breaking", "parameter-moved", at, message)
                continue
            required = bool(parameter.get("required"))
            self.add(
                operation,
                "breaking" if required else "non-breaking",
                "parameter-added",
                at,
                f"{place} parameter {name} added ({'required' if required else 'optional'})",
            )
        for (place, name), (index, _parameter) in sorted(old_params.items(), key=str):
            if (place, name) in new_params:
                continue
            at = f"{pointer}/parameters/{index}"
            if name in new_fields and name not in old_fields:
                moved.add(name)
                message = f"{name} moved from a {place} parameter to the request body"
                field_at = f"{new_resolved_at}/properties{merge_spec.pointer(name)}"
                self.add(operation, "breaking", "parameter-moved", field_at, message)
                continue
            self.add(operation, "breaking", "parameter-removed", at, f"{place} parameter {name} removed")
        for shared in sorted(set(old_params) & set(new_params), key=str):
            (old_index, old_param), (new_index, new_param) = old_params[shared], new_params[shared]
            old_at, new_at = f"{pointer}/parameters/{old_index}", f"{pointer}/parameters/{new_index}"
            label = f"{shared[0]} parameter {shared[1]}"
            if bool(old_param.get("required")) != bool(new_param.get("required")):
                now = bool(new_param.get("required"))
                self.add(
                    operation,
                    "breaking" if now else "non-breaking",
                    "required-changed",
                    old_at,
                    f"{label} is now {'required' if now else 'optional'}",
                )
            if old_param.get("description") != new_param.get("description"):
                where = f"{old_at}/description" if "description" in old_param else old_at
                self.add(operation, "docs", "description-changed", where, f"{label}: description changed")
            self.schema(
                operation,
                old_param.get("schema"),
                new_param.get("schema"),
                (f"{old_at}/schema", f"{new_at}/schema"),
                "request",
                label,
            )
        if old_body is not None and new_body is not None:
            self._without_moved(operation, old_body, new_body, (old_body_at, new_body_at), moved)
        elif new_body is not None and old_body is None:
            self.add(operation, "non-breaking", "request-body-added", f"{pointer}/requestBody", "request body added")
        elif old_body is not None and new_body is None:
            self.add(operation, "breaking", "request-body-removed", f"{pointer}/requestBody", "request body removed")
        old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
        for status in sorted(set(old_responses) | set(new_responses)):
            status_pointer = f"{pointer}/responses/{merge_spec.pointer(status)[1:]}"
            if status not in new_responses:
                severity = "breaking" if str(status).startswith("2") else "non-breaking"
                self.add(operation, severity, "response-removed", status_pointer, f"response {status} removed")
            elif status not in old_responses:
                self.add(operation, "non-breaking", "response-added", status_pointer, f"response {status} added")
            else:
                old_schema, old_media = _json_schema(old_responses[status])
                new_schema, new_media = _json_schema(new_responses[status])
                if old_schema is not None and new_schema is not None:
                    pointers = (
                        f"{status_pointer}/content/{merge_spec.pointer(old_media)[1:]}/schema",
                        f"{status_pointer}/content/{merge_spec.pointer(new_media)[1:]}/schema",
                    )
                    self.schema(operation, old_schema, new_schema, pointers, "response", "")

    def _without_moved(self, operation: str, old: Any, new: Any, pointers: tuple[str, str], moved: set[str]) -> None:
        if moved:
            old, old_at, _ = _resolve(self.old, old, pointers[0])
            new, new_at, _ = _resolve(self.new, new, pointers[1])
            old = {**old, "properties": {k: v for k, v in (old.get("properties") or {}).items() if k not in moved}}
            new = {**new, "properties": {k: v for k, v in (new.get("properties") or {}).items() if k not in moved}}
            pointers = (old_at, new_at)
        self.schema(operation, old, new, pointers, "request", "")


def _operations(spec: Spec) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and method in item:
                yield (method, path), item[method]


def _json_schema(container: dict[str, Any]) -> tuple[Any, str]:
    """The JSON (or multipart) schema of a request body or response, and its media type."""
    content = container.get("content") or {}
    for media_type in ("application/json", "multipart/form-data"):
        if media_type in content:
            return content[media_type].get("schema"), media_type
    return None, ""


def _json_body(operation: dict[str, Any], pointer: str) -> tuple[Any, str]:
    """The request body's schema (unresolved) and the pointer to it."""
    body = operation.get("requestBody")
    if not isinstance(body, dict):
        return None, ""
    schema, media = _json_schema(body)
    return schema, f"{pointer}/requestBody/content/{merge_spec.pointer(media)[1:]}/schema"


def diff(old: Spec, new: Spec) -> list[Change]:
    """Every client-visible difference from ``old`` to ``new``, sorted (severity, operation, pointer).

    OpenAPI 3.0 documents are read as 3.1 (:func:`as_openapi_31`), so a re-encoding is no change.
    """
    old, new = (as_openapi_31(spec) if str(spec.get("openapi", "")).startswith("3.0") else spec for spec in (old, new))
    differ = _Differ(old, new)
    differ.operations()
    return sorted(
        set(differ.changes), key=lambda c: (SEVERITIES.index(c.severity), c.operation, c.pointer, c.kind, c.message)
    )


# --- output ----------------------------------------------------------------------------------------


def markdown(changes: Sequence[Change], title: str = "API changes") -> str:
    """The changes as markdown for a pull request: by severity, then operation."""
    if not changes:
        return f"## {title}\n\nNo changes a client of the API can see.\n"
    counts = ", ".join(f"{sum(c.severity == s for c in changes)} {s}" for s in SEVERITIES)
    lines = [f"## {title}", "", f"{counts}.", ""]
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if not group:
            continue
        lines += [f"### {severity}", ""]
        for operation in sorted({c.operation for c in group}):
            lines.append(f"- `{operation}`")
            lines += [f"  - {c.message} (`{c.kind}`, `{c.pointer}`)" for c in group if c.operation == operation]
        lines.append("")
    return "\n".join(lines)


def as_json(changes: Sequence[Change]) -> str:
    """The changes as a JSON list of objects."""
    return json.dumps([asdict(c) for c in changes], indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two PVC specs; classify each change for API clients.")
    parser.add_argument("old", nargs="?", help="spec file, folder of pages, or git:REV")
    parser.add_argument("new", nargs="?", help="spec file, folder of pages, or git:REV")
    parser.add_argument("--git", metavar="REV", help=f"OLD is {SPEC_IN_REPO} at REV (NEW defaults to the working tree)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--fail-on", choices=("breaking",), help="exit 1 when a change of this severity is found")
    args = parser.parse_args(argv)
    if args.git:
        old_source, new_source = f"git:{args.git}", args.old or str(REPO_ROOT / SPEC_IN_REPO)
    else:
        if not args.old or not args.new:
            print("spec_diff: error: give OLD and NEW, or --git REV [NEW]", file=sys.stderr)
            return 2
        old_source, new_source = args.old, args.new
    try:
        old, new = load_spec(old_source), load_spec(new_source)
    except SpecInputError as error:
        print(f"spec_diff: error: {error}", file=sys.stderr)
        return 2
    changes = diff(old, new)
    sys.stdout.write(as_json(changes) if args.format == "json" else markdown(changes))
    if args.fail_on == "breaking" and any(c.severity == "breaking" for c in changes):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
