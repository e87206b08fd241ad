"""The rule catalogue: every kind of change the report knows, by stable id, family and level.

A *rule* is a small function that looks at one pair of objects (two schemas, two operations...)
and yields :class:`Finding` s; the walk (``walk.py``) calls it where the pair is met and adds the
operation, the pointer base and the label.  The families that were written as rules from the
start live here (deprecation, constraints, ``const`` and enums); the structural ones (operations,
parameters, fields, types, variants) are methods of the walk, because they decide where it goes
next, but report under the ids listed in :data:`RULES` all the same.

Each :class:`Rule` is registered in :data:`RULES` with its *level* (the most severe it can be, a
:class:`Severity`) and its *direction* (:class:`Direction`: ``SPLIT`` rules are breaking in one
direction and not in the other).  The README's table of rules is written from the registry
(:func:`rules_table`) by ``make generate``, and ``make check`` fails when it differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Final, NamedTuple


class Severity(StrEnum):
    """How a change reaches a client generated from the old spec (a ``str``: JSON and comparisons read it so)."""

    #: The old client fails or silently misbehaves against the new API.
    BREAKING = "breaking"
    #: The old client can ignore it.
    NON_BREAKING = "non-breaking"
    #: Prose only.
    DOCS = "docs"


BREAKING, NON_BREAKING, DOCS = Severity.BREAKING, Severity.NON_BREAKING, Severity.DOCS
#: The order of the report's sections, the most severe first.
SEVERITIES: Final = (BREAKING, NON_BREAKING, DOCS)


class Direction(Enum):
    """Whether a rule's severity depends on where the change is met."""

    #: The same in a request and in a response.
    ANY = "any"
    #: Decided by the direction: what narrows a request widens a response, and the reverse breaks.
    SPLIT = "request/response"


@dataclass(frozen=True)
class Rule:
    """One kind of change: its id (``Change.kind``), family, the most severe it can be, and how that is decided."""

    id: str
    family: str
    #: The most severe this kind of change can be (a finding above it is a bug in the walk).
    level: Severity
    direction: Direction
    #: How the severity is decided, in words: the README's table shows it.
    explanation: str

    def check(self, severity: Severity) -> None:
        """Refuse a finding more severe than the rule allows."""
        if SEVERITIES.index(severity) < SEVERITIES.index(self.level):
            raise AssertionError(f"{self.id}: {severity.value} is above the rule's level ({self.level.value})")


#: Every kind of change the report can give, by id: the walk refuses any other, and any severity above its level.
# fmt: off
RULES: Final[dict[str, Rule]] = {
    rule.id: rule
    for rule in (
        Rule("operation-added", "operations", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("operation-removed", "operations", BREAKING, Direction.ANY, "breaking"),
        Rule(
            "operation-id-renamed",
            "operations",
            BREAKING,
            Direction.ANY,
            "breaking (the generated module and function are renamed)",
        ),
        Rule("operation-deprecated", "deprecation", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("operation-undeprecated", "deprecation", DOCS, Direction.ANY, "docs"),
        Rule("summary-changed", "docs", DOCS, Direction.ANY, "docs"),
        Rule("description-changed", "docs", DOCS, Direction.ANY, "docs"),
        Rule("parameter-added", "parameters", BREAKING, Direction.ANY, "breaking when required, else non-breaking"),
        Rule("parameter-removed", "parameters", BREAKING, Direction.ANY, "breaking"),
        Rule(
            "parameter-moved",
            "parameters",
            BREAKING,
            Direction.ANY,
            "breaking (between the body and the query, path or headers)",
        ),
        Rule("parameter-deprecated", "deprecation", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("parameter-undeprecated", "deprecation", DOCS, Direction.ANY, "docs"),
        Rule(
            "required-changed",
            "fields",
            BREAKING,
            Direction.ANY,
            "breaking when a request field becomes required or a response field optional",
        ),
        Rule("request-body-added", "bodies", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("request-body-removed", "bodies", BREAKING, Direction.ANY, "breaking"),
        Rule("response-added", "bodies", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("response-removed", "bodies", BREAKING, Direction.ANY, "breaking for a 2xx, else non-breaking"),
        Rule("request-field-added", "fields", BREAKING, Direction.ANY, "breaking when required, else non-breaking"),
        Rule("request-field-removed", "fields", BREAKING, Direction.ANY, "breaking"),
        Rule("response-field-added", "fields", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("response-field-removed", "fields", BREAKING, Direction.ANY, "breaking"),
        Rule("property-deprecated", "deprecation", NON_BREAKING, Direction.ANY, "non-breaking"),
        Rule("property-undeprecated", "deprecation", DOCS, Direction.ANY, "docs"),
        Rule(
            "schema-renamed",
            "types",
            NON_BREAKING,
            Direction.ANY,
            "non-breaking (same shape; the generated class is renamed)",
        ),
        Rule(
            "type-changed",
            "types",
            BREAKING,
            Direction.SPLIT,
            "request: breaking when narrowed; response: breaking when widened",
        ),
        Rule(
            "nullability-changed",
            "types",
            BREAKING,
            Direction.SPLIT,
            "request: breaking when no longer nullable; response: breaking when nullable",
        ),
        Rule("variant-added", "types", BREAKING, Direction.SPLIT, "request: non-breaking; response: breaking"),
        Rule("variant-removed", "types", BREAKING, Direction.SPLIT, "request: breaking; response: non-breaking"),
        Rule(
            "default-changed",
            "types",
            BREAKING,
            Direction.SPLIT,
            "request: breaking (callers that omit it get new behaviour)",
        ),
        Rule(
            "enum-value-added",
            "enums",
            BREAKING,
            Direction.SPLIT,
            "request: non-breaking; response: breaking unless nullable or a map's keys",
        ),
        Rule("enum-value-removed", "enums", BREAKING, Direction.ANY, "breaking"),
        Rule("enum-added", "enums", BREAKING, Direction.SPLIT, "request: breaking (narrowed); response: non-breaking"),
        Rule(
            "enum-removed",
            "enums",
            BREAKING,
            Direction.SPLIT,
            "request: non-breaking; response: breaking unless nullable or a map's keys",
        ),
        Rule(
            "constraint-added",
            "constraints",
            BREAKING,
            Direction.SPLIT,
            "request: breaking (narrowed); response: non-breaking (unchecked)",
        ),
        Rule(
            "constraint-removed",
            "constraints",
            BREAKING,
            Direction.SPLIT,
            "request: non-breaking (widened); response: breaking only for a checked format",
        ),
        Rule(
            "constraint-changed",
            "constraints",
            BREAKING,
            Direction.SPLIT,
            "request: breaking when narrowed; response: breaking only for a checked format",
        ),
    )
}
# fmt: on


def rules_table() -> str:
    """The README's table of rules, from :data:`RULES` (``make generate`` writes it; ``make check`` compares)."""
    rows = [f"| `{rule.id}` | {rule.family} | {rule.explanation} |" for rule in RULES.values()]
    return "\n".join(["| id | family | severity |", "|---|---|---|", *rows]) + "\n"


class Finding(NamedTuple):
    """What a rule found, before the walk places it: its id, severity, pointer suffix and message."""

    kind: str
    severity: Severity
    at: str  # appended to the pointer of the object the rule looked at ("" for the object itself)
    message: str
    new_document: bool = False  # the pointer is into the new document (something added)


# --- deprecation -----------------------------------------------------------------------------------


def deprecation(what: str, old: Any, new: Any, name: str) -> Iterator[Finding]:
    """``deprecated`` set or cleared on an operation, a parameter or a property (``what``)."""
    was, now = _deprecated(old), _deprecated(new)
    if now and not was:
        yield Finding(f"{what}-deprecated", NON_BREAKING, "/deprecated", f"{name}: deprecated", new_document=True)
    elif was and not now:
        yield Finding(f"{what}-undeprecated", DOCS, "/deprecated", f"{name}: no longer deprecated")


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
            severity = BREAKING if narrowed else NON_BREAKING
        else:
            severity = BREAKING if key == "format" and before in CHECKED_FORMATS else NON_BREAKING
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
            yield Finding("enum-removed", BREAKING if breaking else NON_BREAKING, f"/{old_key}", message)
        else:
            message = f"{name or 'value'}: now limited to an enum"
            yield Finding("enum-added", BREAKING if breaking else NON_BREAKING, f"/{new_key}", message, True)
        return
    if old_values is None or new_values is None:
        return
    added = sorted(set(map(str, new_values)) - set(map(str, old_values)))
    removed = sorted(set(map(str, old_values)) - set(map(str, new_values)))
    for value in added:
        severity = BREAKING if response_breaks else NON_BREAKING
        message = f"{name}: value {value!r} added{note}"
        yield Finding("enum-value-added", severity, f"/{new_key}", message, True)
    for value in removed:  # breaking both ways: code written for the value can no longer send or meet it
        yield Finding("enum-value-removed", BREAKING, f"/{old_key}", f"{name}: value {value!r} removed")
