"""Walking the two documents side by side: operations, parameters, bodies, responses, schemas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scripts import common, merge_spec
from scripts.spec_diff import rules
from scripts.spec_diff.report import MAX_MESSAGE, Change
from scripts.spec_diff.rules import BREAKING, DOCS, NON_BREAKING, Severity
from scripts.spec_diff.schema import (
    _any,
    _branch,
    _description_at,
    _ref_name,
    _resolve,
    _shape,
    _types,
    _union,
    _variants,
    _widened,
)

HTTP_METHODS = common.HTTP_METHODS
Spec = dict[str, Any]


class _Differ:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self._seen: set[tuple[str, tuple[str, str]]] = set()

    def add(self, operation: str, severity: Severity, kind: str, pointer: str, message: str) -> None:
        if kind not in rules.RULES:
            raise AssertionError(f"{kind!r} is not in the rule registry (rules.py)")
        rules.RULES[kind].check(severity)
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        self.changes.append(Change(operation, severity, kind, pointer, message))

    def found(self, operation: str, findings: Iterable[rules.Finding], pointers: tuple[str, str]) -> None:
        """Add what a rule found about the pair at ``pointers`` (old, new)."""
        for finding in findings:
            base = pointers[1] if finding.new_document else pointers[0]
            self.add(operation, finding.severity, finding.kind, base + finding.at, finding.message)

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
        field_label = label
        label = new_name or old_name or label  # what a change inside is named by: its schema, then the property
        renamed = old_name and new_name and old_name != new_name
        if renamed and _shape(self.old, old_resolved) == _shape(self.new, new_resolved):
            self.add(
                operation,
                NON_BREAKING,
                "schema-renamed",
                new_pointer,
                f"{label}: schema {old_name} renamed to {new_name}, same shape "
                "(nothing changes on the wire; the generated model class is renamed)",
            )
            return
        resolved_at = (old_pointer, new_pointer)
        if (old_name or new_name) and (_union(old_resolved)[0] is not None or _union(new_resolved)[0] is not None):
            # A named union: its variants are compared where it is defined, once for every place that uses it.
            self._types(operation, old, new, pointers[0], direction, field_label or label, nullability_only=True)
            self._unions(operation, (old_resolved, new_resolved), resolved_at, direction, label)
            return
        self._types(operation, old, new, pointers[0], direction, field_label or label)
        if not isinstance(old_resolved, dict) or not isinstance(new_resolved, dict):
            return
        if direction == "keys":
            lenient = "map keys: the generated model keeps them as str"
        elif "null" in _types(self.new, new) and "null" in _types(self.old, old):
            lenient = "nullable: the generated parser passes an unknown value through"
        else:
            lenient = ""
        plain = "response" if direction == "keys" else direction
        self.found(operation, rules.enums(old_resolved, new_resolved, plain, label, lenient), resolved_at)
        self.found(operation, rules.constraints(old_resolved, new_resolved, plain, label), resolved_at)
        if direction == "request" and old_resolved.get("default") != new_resolved.get("default"):
            where = f"{old_pointer}/default" if "default" in old_resolved else f"{new_pointer}/default"
            self.add(
                operation,
                BREAKING,
                "default-changed",
                where,
                f"{label}: default {old_resolved.get('default')!r} -> {new_resolved.get('default')!r} "
                "(callers that omit it get the new behaviour)",
            )
        old_description, old_description_at = _description_at(self.old, old, pointers[0])
        new_description, _ = _description_at(self.new, new, pointers[1])
        if old_description != new_description and (field_label or label):
            where = old_description_at if old_description is not None else pointers[0]
            self.add(operation, DOCS, "description-changed", where, f"{field_label or label}: description changed")
        self._properties(operation, old_resolved, new_resolved, (old_pointer, new_pointer), direction, label)
        for key in ("items", "additionalProperties", "propertyNames"):
            if isinstance(old_resolved.get(key), dict) and isinstance(new_resolved.get(key), dict):
                self.schema(
                    operation,
                    old_resolved[key],
                    new_resolved[key],
                    (f"{old_pointer}/{key}", f"{new_pointer}/{key}"),
                    "keys" if key == "propertyNames" and direction != "request" else direction,
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
        # The union as a whole: its nullability.  A type it gains or loses is a variant, reported below.
        self._types(operation, schemas[0], schemas[1], pointers[0], direction, label, nullability_only=True)
        # Null branches are nullability, which _types reports; the others are the variants.
        old_list, old_at = _variants(schemas[0], old_branches, old_key, pointers[0])
        new_list, new_at = _variants(schemas[1], new_branches, new_key, pointers[1])
        old_names = [_ref_name(branch) for branch in old_list]
        new_names = [_ref_name(branch) for branch in new_list]
        matched: list[tuple[int, int]] = []
        for i, name in enumerate(old_names):
            j = new_names.index(name) if name is not None and name in new_names else None
            if j is None and name is None and i < len(new_list) and new_names[i] is None and not _any(new_list[i]):
                j = i
            if j is not None and all(j != taken for _, taken in matched):
                matched.append((i, j))
        for i in sorted(set(range(len(old_list))) - {i for i, _ in matched}):
            severity = BREAKING if direction == "request" else NON_BREAKING
            name = old_names[i] or f"#{i}"
            self.add(operation, severity, "variant-removed", old_at[i], f"{label or 'body'}: variant {name} removed")
        for j in sorted(set(range(len(new_list))) - {j for _, j in matched}):
            severity = NON_BREAKING if direction == "request" else BREAKING
            note = "" if direction == "request" else " (clients generated from the old spec cannot parse it)"
            name = new_names[j] or ("{} (any value)" if _any(new_list[j]) else f"#{j}")
            self.add(operation, severity, "variant-added", new_at[j], f"{label or 'body'}: variant {name} added{note}")
        for i, j in matched:
            self.schema(operation, old_list[i], new_list[j], (old_at[i], new_at[j]), direction, label)
        return True

    def _types(
        self,
        operation: str,
        old: Any,
        new: Any,
        pointer: str,
        direction: str,
        label: str,
        *,
        nullability_only: bool = False,
    ) -> None:
        old_types, new_types = _types(self.old, old), _types(self.new, new)
        if not old_types or not new_types or old_types == new_types:
            return
        if ("null" in old_types) != ("null" in new_types):
            now = "nullable" if "null" in new_types else "not nullable"
            harmless = ("null" in new_types) == (direction == "request")
            self.add(
                operation,
                NON_BREAKING if harmless else BREAKING,
                "nullability-changed",
                pointer,
                f"{label}: now {now}",
            )
        old_core, new_core = old_types - {"null"}, new_types - {"null"}
        if old_core != new_core and not nullability_only:
            widened = _widened(old_core, new_core)
            narrowed = _widened(new_core, old_core)
            harmless = widened if direction == "request" else narrowed and not widened
            self.add(
                operation,
                NON_BREAKING if harmless else BREAKING,
                "type-changed",
                pointer,
                f"{label}: type {'/'.join(sorted(old_core))} -> {'/'.join(sorted(new_core))}",
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
        side = "response" if direction == "keys" else direction
        prefix = f"{label}: " if label else ""  # the schema (and property path) the fields belong to
        for name in sorted(set(old_props) | set(new_props)):
            field = f"{label}.{name}" if label else name
            token = merge_spec.pointer(name)
            old_field, new_field = f"{pointers[0]}/properties{token}", f"{pointers[1]}/properties{token}"
            if name not in new_props:
                self.add(
                    operation, BREAKING, f"{side}-field-removed", old_field, f"{prefix}{where} field {name} removed"
                )
            elif name not in old_props:
                if direction == "request":
                    required = name in new_required
                    self.add(
                        operation,
                        BREAKING if required else NON_BREAKING,
                        "request-field-added",
                        new_field,
                        f"{prefix}{where} field {name} added ({'required' if required else 'optional'})",
                    )
                else:
                    self.add(
                        operation,
                        NON_BREAKING,
                        "response-field-added",
                        new_field,
                        f"{prefix}{where} field {name} added",
                    )
            else:
                if (name in old_required) != (name in new_required):
                    now_required = name in new_required
                    harmless = not now_required if direction == "request" else now_required
                    self.add(
                        operation,
                        NON_BREAKING if harmless else BREAKING,
                        "required-changed",
                        old_field,
                        f"{prefix}{where} field {name} is now {'required' if now_required else 'optional'}",
                    )
                fields = (old_field, new_field)
                self.found(operation, rules.deprecation("property", old_props[name], new_props[name], field), fields)
                self.schema(operation, old_props[name], new_props[name], fields, direction, field)

    # operations ---------------------------------------------------------------

    def operations(self) -> None:
        old_ops = dict(_operations(self.old))
        new_ops = dict(_operations(self.new))
        for key in sorted(set(old_ops) | set(new_ops)):
            method, path = key
            operation = f"{method.upper()} {path}"
            pointer = merge_spec.pointer("paths", path, method)
            if key not in new_ops:
                self.add(operation, BREAKING, "operation-removed", pointer, "operation removed")
            elif key not in old_ops:
                self.add(operation, NON_BREAKING, "operation-added", pointer, "operation added")
            else:
                self.operation(operation, old_ops[key], new_ops[key], pointer)

    def operation(self, operation: str, old: dict[str, Any], new: dict[str, Any], pointer: str) -> None:
        if old.get("operationId") != new.get("operationId"):
            self.add(
                operation,
                BREAKING,
                "operation-id-renamed",
                f"{pointer}/operationId",
                f"operationId {old.get('operationId')!r} -> {new.get('operationId')!r} "
                "(the generated module and function are renamed)",
            )
        self.found(operation, rules.deprecation("operation", old, new, operation), (pointer, pointer))
        for key in ("summary", "description"):
            if old.get(key) != new.get(key):
                where = f"{pointer}/{key}" if key in old else pointer
                self.add(operation, DOCS, f"{key}-changed", where, f"operation {key} changed")
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
                self.add(operation, BREAKING, "parameter-moved", at, message)
                continue
            required = bool(parameter.get("required"))
            self.add(
                operation,
                BREAKING if required else NON_BREAKING,
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
                self.add(operation, BREAKING, "parameter-moved", field_at, message)
                continue
            self.add(operation, BREAKING, "parameter-removed", at, f"{place} parameter {name} removed")
        for shared in sorted(set(old_params) & set(new_params), key=str):
            (old_index, old_param), (new_index, new_param) = old_params[shared], new_params[shared]
            old_at, new_at = f"{pointer}/parameters/{old_index}", f"{pointer}/parameters/{new_index}"
            label = f"{shared[0]} parameter {shared[1]}"
            self.found(operation, rules.deprecation("parameter", old_param, new_param, label), (old_at, new_at))
            if bool(old_param.get("required")) != bool(new_param.get("required")):
                now = bool(new_param.get("required"))
                self.add(
                    operation,
                    BREAKING if now else NON_BREAKING,
                    "required-changed",
                    old_at,
                    f"{label} is now {'required' if now else 'optional'}",
                )
            if old_param.get("description") != new_param.get("description"):
                where = f"{old_at}/description" if "description" in old_param else old_at
                self.add(operation, DOCS, "description-changed", where, f"{label}: description changed")
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
            self.add(operation, NON_BREAKING, "request-body-added", f"{pointer}/requestBody", "request body added")
        elif old_body is not None and new_body is None:
            self.add(operation, BREAKING, "request-body-removed", f"{pointer}/requestBody", "request body removed")
        old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
        for status in sorted(set(old_responses) | set(new_responses)):
            status_pointer = f"{pointer}/responses/{merge_spec.pointer(status)[1:]}"
            if status not in new_responses:
                severity = BREAKING if str(status).startswith("2") else NON_BREAKING
                self.add(operation, severity, "response-removed", status_pointer, f"response {status} removed")
            elif status not in old_responses:
                self.add(operation, NON_BREAKING, "response-added", status_pointer, f"response {status} added")
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
