"""spec_diff on the real history of the ElevenLabs OpenAPI document (``api-history``, from ``tests/data/``).

Eight published versions of August 2026; consecutive numbers are consecutive versions.  The
documents are read with ``json.loads`` here (the diff itself is what is tested; loading and
validating them is ``spec_diff.load_spec``'s job, timed by ``make bench``).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

import pytest

from scripts import spec_diff
from tests.upstream import upstream

PAIRS = [("223", "224"), ("229", "230"), ("230", "231"), ("231", "232"), ("235", "236")]


@cache
def document(version: str) -> Any:
    (path,) = upstream("api-history").glob(f"{version}_*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def resolves(doc: Any, pointer: str) -> bool:
    current = doc
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return False
    return True


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_every_pointer_resolves_in_the_document_it_is_about(old: str, new: str):
    changes = spec_diff.diff(document(old), document(new))
    assert changes
    for change in changes:
        target = document(new) if spec_diff.pointer_document(change) == "new" else document(old)
        assert resolves(target, change.pointer), change


#: Counts by severity per pair (a change here is a change of the report: look at it).  Each change is one
#: entry with the operations it reaches; before that (2026-11-22) the same pairs gave 108, 75, 2, 47 and 19
#: entries, one per operation.
EXPECTED_COUNTS = {
    ("223", "224"): {"breaking": 1, "non-breaking": 1},
    ("229", "230"): {"breaking": 3, "non-breaking": 10},
    ("230", "231"): {"breaking": 1, "non-breaking": 1},
    ("231", "232"): {"breaking": 1, "non-breaking": 1, "docs": 1},
    ("235", "236"): {"breaking": 1, "non-breaking": 6, "docs": 5},
}


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_each_change_is_one_entry_with_the_operations_it_reaches(old: str, new: str):
    changes = spec_diff.diff(document(old), document(new))
    places = [(c.severity, c.kind, c.pointer) for c in changes]
    assert len(places) == len(set(places))
    for change in changes:
        assert change.operations, change
        assert list(change.operations) == sorted(set(change.operations))
        assert change.operation == change.operations[0]
        assert len(change.message) <= 200


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_the_counts_by_severity_on_the_real_history(old: str, new: str):
    counts = Counter(change.severity for change in spec_diff.diff(document(old), document(new)))
    assert dict(counts) == EXPECTED_COUNTS[(old, new)]


# Checked by hand: each was looked up in the two JSON documents with a short Python session
# (is the property / enum value in the old schema, and in the new one?) before being written here.
NAMED = [
    # UserResponseModel.properties.xi_api_key: present in 230, absent in 231.
    (
        ("230", "231"),
        "breaking",
        "response-field-removed",
        "/components/schemas/UserResponseModel/properties/xi_api_key",
    ),
    # DirectPublishingReadResponseModel.properties.restricted_to_user_email_domains: absent in 230, present in 231.
    (
        ("230", "231"),
        "non-breaking",
        "response-field-added",
        "/components/schemas/DirectPublishingReadResponseModel/properties/restricted_to_user_email_domains",
    ),
    # ClientEvent.enum: "context_usage" absent in 231, present in 232 (responses of the agent endpoints).
    (("231", "232"), "breaking", "enum-value-added", "/components/schemas/ClientEvent/enum"),
    # LLM.enum: "gemini-3.7-flash" absent in 223, present in 224; reached through the keys of model_usage
    # (propertyNames), which the report did not read before.
    (("223", "224"), "breaking", "enum-value-added", "/components/schemas/LLM/enum"),
    # ConstantSchemaOverride.constant_value: an anyOf of six types in 229, the same plus null in 230.
    (
        ("229", "230"),
        "breaking",
        "nullability-changed",
        "/components/schemas/ConstantSchemaOverride/properties/constant_value",
    ),
    # AlertingSettings(Response).notifiers.items: a $ref to the webhook notifier in 235, a oneOf of it and the
    # new integration notifier in 236 (a discriminated union): wider for a request, a new variant in a response.
    (
        ("235", "236"),
        "breaking",
        "variant-added",
        "/components/schemas/AlertingSettingsResponse/properties/notifiers/items/oneOf/1",
    ),
    (
        ("235", "236"),
        "non-breaking",
        "variant-added",
        "/components/schemas/AlertingSettings/properties/notifiers/items/oneOf/1",
    ),
]


def test_a_ref_that_becomes_a_union_is_not_reported_as_fields_removed():
    changes = spec_diff.diff(document("235"), document("236"))
    assert not [c for c in changes if c.kind.endswith("field-removed") and "AlertingWebhookNotifier" in c.pointer]


@pytest.mark.parametrize(("pair", "severity", "kind", "pointer"), NAMED)
def test_changes_checked_by_hand_are_reported(pair: tuple[str, str], severity: str, kind: str, pointer: str):
    changes = spec_diff.diff(document(pair[0]), document(pair[1]))
    assert any((c.severity, c.kind, c.pointer) == (severity, kind, pointer) for c in changes)
