"""The changes found, grouped (one entry per change, with the operations it reaches) and rendered."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

SEVERITIES = ("breaking", "non-breaking", "docs")


@dataclass(frozen=True, order=True)
class Change:
    """One difference between the specs, as a client of the API sees it."""

    operation: str
    severity: str
    kind: str
    pointer: str
    message: str


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


def pointer_document(change: Change) -> str:
    """``"new"`` when ``change.pointer`` is into the new document (something added), else ``"old"``."""
    return "new" if change.kind in NEW_DOCUMENT_KINDS else "old"


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
