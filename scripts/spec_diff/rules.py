"""The rule catalogue: every kind of change the report knows, by stable id, family and level.

A *rule* is a small function that looks at one pair of objects (two schemas, two operations...)
and yields :class:`Finding` s; the walk (``walk.py``) calls it where the pair is met and adds the
operation, the pointer base and the label.  The families that were written as rules from the
start live here (deprecation, constraints, ``const`` and enums); the structural ones (operations,
parameters, fields, types, variants) are methods of the walk, because they decide where it goes
next, but report under the ids listed in :data:`RULES` all the same.

The *level* says how severity is decided, as the README's table of rules repeats:
``request/response`` rules are breaking in one direction and not in the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Rule:
    """One kind of change: its id (``Change.kind``), family and how its severity is decided."""

    id: str
    family: str
    level: str


_CATALOGUE = """
operation-added          | operations  | non-breaking
operation-removed        | operations  | breaking
operation-id-renamed     | operations  | breaking (the generated module and function are renamed)
operation-deprecated     | deprecation | non-breaking
operation-undeprecated   | deprecation | docs
summary-changed          | docs        | docs
description-changed      | docs        | docs
parameter-added          | parameters  | breaking when required, else non-breaking
parameter-removed        | parameters  | breaking
parameter-moved          | parameters  | breaking (between the body and the query, path or headers)
parameter-deprecated     | deprecation | non-breaking
parameter-undeprecated   | deprecation | docs
required-changed         | fields      | breaking when a request field becomes required or a response field optional
request-body-added       | bodies      | non-breaking
request-body-removed     | bodies      | breaking
response-added           | bodies      | non-breaking
response-removed         | bodies      | breaking for a 2xx, else non-breaking
request-field-added      | fields      | breaking when required, else non-breaking
request-field-removed    | fields      | breaking
response-field-added     | fields      | non-breaking
response-field-removed   | fields      | breaking
property-deprecated      | deprecation | non-breaking
property-undeprecated    | deprecation | docs
schema-renamed           | types       | non-breaking (same shape; the generated class is renamed)
type-changed             | types       | request: breaking when narrowed; response: breaking when widened
nullability-changed      | types       | request: breaking when no longer nullable; response: breaking when nullable
variant-added            | types       | request: non-breaking; response: breaking
variant-removed          | types       | request: breaking; response: non-breaking
default-changed          | types       | request: breaking (callers that omit it get new behaviour)
enum-value-added         | enums       | request: non-breaking; response: breaking unless nullable or a map's keys
enum-value-removed       | enums       | breaking
enum-added               | enums       | request: breaking (narrowed); response: non-breaking
enum-removed             | enums       | request: non-breaking; response: breaking unless nullable or a map's keys
constraint-added         | constraints | request: breaking (narrowed); response: non-breaking (unchecked)
constraint-removed       | constraints | request: non-breaking (widened); response: breaking only for a checked format
constraint-changed       | constraints | request: breaking when narrowed; response: breaking only for a checked format
"""

#: Every kind the report can give, by id.
RULES: dict[str, Rule] = {
    rule_id: Rule(rule_id, family, level)
    for rule_id, family, level in (
        (part.strip() for part in line.split("|")) for line in _CATALOGUE.strip().splitlines()
    )
}


class Finding(NamedTuple):
    """What a rule found, before the walk places it: its id, severity, pointer suffix and message."""

    kind: str
    severity: str
    at: str  # appended to the pointer of the object the rule looked at ("" for the object itself)
    message: str
    new_document: bool = False  # the pointer is into the new document (something added)


# --- deprecation -----------------------------------------------------------------------------------


def deprecation(what: str, old: Any, new: Any, name: str) -> Iterator[Finding]:
    """``deprecated`` set or cleared on an operation, a parameter or a property (``what``)."""
    was, now = _deprecated(old), _deprecated(new)
    if now and not was:
        yield Finding(f"{what}-deprecated", "non-breaking", "/deprecated", f"{name}: deprecated", new_document=True)
    elif was and not now:
        yield Finding(f"{what}-undeprecated", "docs", "/deprecated", f"{name}: no longer deprecated")


def _deprecated(value: Any) -> bool:
    return isinstance(value, dict) and value.get("deprecated") is True


# --- constraints -----------------------------------------------------------------------------------

#: Lower bounds: a larger value (or one added) narrows.  Upper bounds: a smaller one narrows.
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
#: Formats the generated client parses (openapi-python-client: datetime, date, UUID): in a response,
#: a value of another shape fails there, so widening such a format breaks old clients.
CHECKED_FORMATS = frozenset({"date-time", "date", "uuid"})


def constraints(old: dict[str, Any], new: dict[str, Any], direction: str, name: str) -> Iterator[Finding]:
    """The validation keywords (bounds, lengths, counts, ``pattern``, ``multipleOf``, ``uniqueItems``, ``format``).

    Narrowed on a request is breaking, widened is not.  In a response the generated client checks
    none of them but ``format`` (for date-time, date and uuid), so only widening a checked format breaks.
    """
    for key in (*_LOWER, *_UPPER, "multipleOf", "pattern", "uniqueItems", "format"):
        before, after = old.get(key), new.get(key)
        if key == "uniqueItems":
            before, after = before or None, after or None  # false is the same as absent
        if before == after or (isinstance(before, dict | list) or isinstance(after, dict | list)):
            continue
        narrowed = _narrowed(key, before, after)
        if direction == "request":
            severity = "breaking" if narrowed else "non-breaking"
        else:
            severity = "breaking" if key == "format" and before in CHECKED_FORMATS else "non-breaking"
        how = "narrower" if narrowed else "wider"
        if before is None:
            yield Finding("constraint-added", severity, f"/{key}", f"{name}: {key} {after!r} added ({how})", True)
        elif after is None:
            yield Finding("constraint-removed", severity, f"/{key}", f"{name}: {key} {before!r} removed ({how})")
        else:
            yield Finding("constraint-changed", severity, f"/{key}", f"{name}: {key} {before!r} -> {after!r} ({how})")


def _narrowed(key: str, before: Any, after: Any) -> bool:
    """True when ``after`` accepts fewer values than ``before`` (or it cannot be told: treated as narrower)."""
    if after is None:
        return False
    if before is None:
        return True
    if key in _LOWER or key in _UPPER:
        if not isinstance(before, int | float) or not isinstance(after, int | float):
            return True
        return after > before if key in _LOWER else after < before
    if key == "multipleOf" and isinstance(before, int | float) and isinstance(after, int | float) and after:
        return not (before / after).is_integer()  # 2 -> 1 widens; 1 -> 2 narrows
    return True  # a pattern or format changed: treated as narrower


# --- enums (``const`` is a one-value enum) ---------------------------------------------------------


def enum_values(schema: dict[str, Any]) -> tuple[list[Any] | None, str]:
    """The values a schema is limited to and the keyword holding them: ``enum``, or ``const`` as one value."""
    if isinstance(schema.get("enum"), list):
        return schema["enum"], "enum"
    if "const" in schema:
        return [schema["const"]], "const"
    return None, "enum"


def enums(old: dict[str, Any], new: dict[str, Any], direction: str, name: str, lenient: str) -> Iterator[Finding]:
    """Enum (and ``const``) changes.  ``lenient`` is why a response change is harmless here ("" if it is not).

    The generated client parses a response enum into an ``Enum`` class, which refuses other values,
    except where the field is nullable (its union parser passes an unknown string through) or the
    enum types a map's keys (the model keeps them as ``str``).
    """
    old_values, old_key = enum_values(old)
    new_values, new_key = enum_values(new)
    response_breaks = direction == "response" and not lenient
    note = " (clients generated from the old spec cannot parse it)" if response_breaks else ""
    if direction == "response" and lenient:
        note = f" ({lenient})"
    if (old_values is None) != (new_values is None):
        gone = old_values is not None
        breaking = response_breaks if gone else direction == "request"
        if gone:
            listed = sorted(map(str, old_values or []))
            message = f"{name or 'value'}: no longer limited to {listed}"
            if response_breaks:
                message += " (clients generated from the old spec parse it into the enum and reject other values)"
            elif note:
                message += note
            yield Finding("enum-removed", "breaking" if breaking else "non-breaking", f"/{old_key}", message)
        else:
            message = f"{name or 'value'}: now limited to an enum"
            yield Finding("enum-added", "breaking" if breaking else "non-breaking", f"/{new_key}", message, True)
        return
    if old_values is None or new_values is None:
        return
    added = sorted(set(map(str, new_values)) - set(map(str, old_values)))
    removed = sorted(set(map(str, old_values)) - set(map(str, new_values)))
    for value in added:
        severity = "breaking" if response_breaks else "non-breaking"
        message = f"{name}: value {value!r} added{note}"
        yield Finding("enum-value-added", severity, f"/{new_key}", message, True)
    for value in removed:  # breaking both ways: code written for the value can no longer send or meet it
        yield Finding("enum-value-removed", "breaking", f"/{old_key}", f"{name}: value {value!r} removed")
