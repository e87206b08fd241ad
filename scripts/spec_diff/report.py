"""The changes found, grouped (one entry per change, with the operations it reaches) and rendered."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from scripts.markdown_safe import code, plain
from scripts.spec_diff.rules import SEVERITIES, Severity

#: A message names the field by schema and property, and is cut to this length.
MAX_MESSAGE = 200
#: The markdown names this many operations of a change, then "and N more".
FOLD_AFTER = 1


@dataclass(frozen=True, order=True)
class Change:
    """One difference between the specs, as a client of the API sees it.

    A change inside a shared schema is one entry, at its pointer, with every operation it reaches
    (``operations``, sorted; ``operation`` is the first of them).  The same place can give two entries
    when its severity differs between operations (breaking for those that read it, not for those
    that write it).
    """

    operation: str
    severity: Severity
    kind: str
    pointer: str
    message: str
    operations: tuple[str, ...] = ()


def group(found: Iterable[Change]) -> list[Change]:
    """One entry per ``(severity, kind, pointer)``, with the operations it reaches; sorted as the report lists them."""
    places: dict[tuple[Severity, str, str], tuple[set[str], Counter[str]]] = {}
    for change in found:
        operations, messages = places.setdefault((change.severity, change.kind, change.pointer), (set(), Counter()))
        operations.update(change.operations or (change.operation,))
        messages[change.message] += 1
    grouped = []
    for (severity, kind, pointer), (operations, messages) in places.items():
        message = min(messages, key=lambda text: (-messages[text], text))  # the most common wording
        ordered = tuple(sorted(operations))
        grouped.append(Change(ordered[0], severity, kind, pointer, message, ordered))
    return sorted(grouped, key=lambda c: (SEVERITIES.index(c.severity), c.operation, c.pointer, c.kind, c.message))


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
        "constraint-added",
        "operation-deprecated",
        "parameter-deprecated",
        "property-deprecated",
    }
)


def pointer_document(change: Change) -> str:
    """``"new"`` when ``change.pointer`` is into the new document (something added), else ``"old"``."""
    return "new" if change.kind in NEW_DOCUMENT_KINDS else "old"


def fold(operations: Sequence[str]) -> str:
    """``GET /v1/x`` and 41 more: the operations of a change, short."""
    shown = ", ".join(code(operation) for operation in operations[:FOLD_AFTER])
    rest = len(operations) - FOLD_AFTER
    return f"{shown} and {rest} more" if rest > 0 else shown


def markdown(changes: Sequence[Change], title: str = "API changes") -> str:
    """The changes as markdown for a pull request: a summary, then by severity, each change once.

    Every text that comes from the documents is inert (``scripts/markdown_safe.py``): operations and
    pointers in code spans, messages escaped.

    Within a severity the changes are listed under the operations they reach, folded
    (``GET /v1/x and 41 more``); changes that reach the same operations share one heading.
    """
    if not changes:
        return f"## {title}\n\nNo changes a client of the API can see.\n"
    counts = ", ".join(f"{sum(c.severity == s for c in changes)} {s}" for s in SEVERITIES)
    lines = [f"## {title}", "", f"{counts}.", ""]
    for severity in SEVERITIES:
        by_operations: dict[tuple[str, ...], list[Change]] = {}
        for change in changes:
            if change.severity == severity:
                by_operations.setdefault(change.operations or (change.operation,), []).append(change)
        if not by_operations:
            continue
        lines += [f"### {severity}", ""]
        for operations in sorted(by_operations):
            lines.append(f"- {fold(operations)}")
            lines += [f"  - {plain(c.message)} ({code(c.kind)}, {code(c.pointer)})" for c in by_operations[operations]]
        lines.append("")
    return "\n".join(lines)


def as_json(changes: Sequence[Change]) -> str:
    """The changes as a JSON list of objects."""
    return json.dumps([asdict(c) for c in changes], indent=2) + "\n"
