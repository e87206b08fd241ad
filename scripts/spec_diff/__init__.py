"""Compare two versions of the spec and classify each change for a client of the API (the drift report).

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

from collections.abc import Sequence

from scripts.common import REPO_ROOT
from scripts.spec_diff.load import SPEC_IN_REPO, Spec, SpecInputError, as_openapi_31, load_spec
from scripts.spec_diff.report import Change, as_json, group, markdown, pointer_document
from scripts.spec_diff.rules import RULES, SEVERITIES, Rule, Severity
from scripts.spec_diff.walk import _Differ

__all__ = [
    "REPO_ROOT",
    "RULES",
    "SEVERITIES",
    "SPEC_IN_REPO",
    "Change",
    "Rule",
    "Severity",
    "Spec",
    "SpecInputError",
    "as_json",
    "as_openapi_31",
    "diff",
    "load_spec",
    "main",
    "markdown",
    "pointer_document",
]


def diff(old: Spec, new: Spec) -> list[Change]:
    """Every client-visible difference from ``old`` to ``new``: once each, with the operations it reaches.

    Sorted by severity, first operation, pointer.

    OpenAPI 3.0 documents are read as 3.1 (:func:`as_openapi_31`), so a re-encoding is no change.
    """
    old, new = (as_openapi_31(spec) if str(spec.get("openapi", "")).startswith("3.0") else spec for spec in (old, new))
    differ = _Differ(old, new)
    differ.operations()
    return group(differ.changes)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; see the module docstring."""
    from scripts.spec_diff.cli import run

    return run(argv)
