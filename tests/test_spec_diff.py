"""scripts/spec_diff.py: every kind of change, with its severity for a client of the API."""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import spec_diff
from tests.helpers import REPO_ROOT, SOURCES, SPEC_PATH

PATH = "/v1/things/{thing_id}"
OP = f"POST {PATH}"


def base() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            PATH: {
                "post": {
                    "operationId": "things_update",
                    "summary": "Update a thing",
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "verbose", "in": "query", "required": False, "schema": {"type": "boolean"}},
                    ],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingOut"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "ThingIn": {
                    "type": "object",
                    "properties": {
                        "size": {"type": "integer", "description": "Size in ms"},
                        "mode": {"type": "string", "enum": ["fast", "slow"], "default": "fast"},
                        "label": {"type": ["string", "null"]},
                        "ratio": {"type": "number"},
                    },
                    "required": ["size"],
                },
                "ThingOut": {
                    "type": "object",
                    "properties": {
                        "thing_id": {"type": "string"},
                        "status": {"type": "string", "enum": ["ok", "failed"]},
                        "score": {"type": "integer"},
                    },
                    "required": ["thing_id", "status"],
                },
            }
        },
    }


def thing_in(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]["ThingIn"]


def thing_out(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]["ThingOut"]


def operation(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"][PATH]["post"]


def changes_after(edit: Callable[[dict[str, Any]], object]) -> list[tuple[str, str]]:
    old = base()
    new = copy.deepcopy(old)
    edit(new)
    return [(change.kind, change.severity) for change in spec_diff.diff(old, new)]


def add_operation(spec: dict[str, Any]) -> None:
    spec["paths"]["/v1/things"] = {"get": {"operationId": "things_list", "responses": {"200": {"description": "OK"}}}}


def move_size_to_query(spec: dict[str, Any]) -> None:
    del thing_in(spec)["properties"]["size"]
    thing_in(spec)["required"] = []
    operation(spec)["parameters"].append({"name": "size", "in": "query", "schema": {"type": "integer"}})


def move_verbose_to_body(spec: dict[str, Any]) -> None:
    operation(spec)["parameters"].pop()
    thing_in(spec)["properties"]["verbose"] = {"type": "boolean"}


def rename_thing_out(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    schemas["ThingResult"] = schemas.pop("ThingOut")
    operation(spec)["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = (
        "#/components/schemas/ThingResult"
    )


CASES: list[tuple[str, Callable[[dict[str, Any]], object], tuple[str, str]]] = [
    ("operation added", add_operation, ("operation-added", "non-breaking")),
    ("operation removed", lambda s: s["paths"].pop(PATH), ("operation-removed", "breaking")),
    (
        "optional parameter added",
        lambda s: operation(s)["parameters"].append({"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}),
        ("parameter-added", "non-breaking"),
    ),
    (
        "required parameter added",
        lambda s: operation(s)["parameters"].append(
            {"name": "x-trace", "in": "header", "required": True, "schema": {"type": "string"}}
        ),
        ("parameter-added", "breaking"),
    ),
    ("parameter removed", lambda s: operation(s)["parameters"].pop(), ("parameter-removed", "breaking")),
    ("body field moved to the query", move_size_to_query, ("parameter-moved", "breaking")),
    ("query parameter moved to the body", move_verbose_to_body, ("parameter-moved", "breaking")),
    (
        "optional request field added",
        lambda s: thing_in(s)["properties"].update(note={"type": "string"}),
        ("request-field-added", "non-breaking"),
    ),
    (
        "required request field added",
        lambda s: (thing_in(s)["properties"].update(note={"type": "string"}), thing_in(s)["required"].append("note")),
        ("request-field-added", "breaking"),
    ),
    ("request field removed", lambda s: thing_in(s)["properties"].pop("label"), ("request-field-removed", "breaking")),
    (
        "response field added",
        lambda s: thing_out(s)["properties"].update(extra={"type": "string"}),
        ("response-field-added", "non-breaking"),
    ),
    (
        "response field removed",
        lambda s: thing_out(s)["properties"].pop("score"),
        ("response-field-removed", "breaking"),
    ),
    (
        "request type widened",
        lambda s: thing_in(s)["properties"]["size"].update(type="number"),
        ("type-changed", "non-breaking"),
    ),
    (
        "request type narrowed",
        lambda s: thing_in(s)["properties"]["ratio"].update(type="integer"),
        ("type-changed", "breaking"),
    ),
    (
        "response type widened",
        lambda s: thing_out(s)["properties"]["score"].update(type="number"),
        ("type-changed", "breaking"),
    ),
    (
        "response type changed entirely",
        lambda s: thing_out(s)["properties"]["thing_id"].update(type="integer"),
        ("type-changed", "breaking"),
    ),
    (
        "request field made nullable",
        lambda s: thing_in(s)["properties"]["size"].update(type=["integer", "null"]),
        ("nullability-changed", "non-breaking"),
    ),
    (
        "request field no longer nullable",
        lambda s: thing_in(s)["properties"]["label"].update(type="string"),
        ("nullability-changed", "breaking"),
    ),
    (
        "response field made nullable",
        lambda s: thing_out(s)["properties"]["score"].update(type=["integer", "null"]),
        ("nullability-changed", "breaking"),
    ),
    (
        "request enum value added",
        lambda s: thing_in(s)["properties"]["mode"]["enum"].append("eco"),
        ("enum-value-added", "non-breaking"),
    ),
    (
        "request enum value removed",
        lambda s: thing_in(s)["properties"]["mode"]["enum"].remove("slow"),
        ("enum-value-removed", "breaking"),
    ),
    (
        "response enum value removed",
        lambda s: thing_out(s)["properties"]["status"]["enum"].remove("failed"),
        ("enum-value-removed", "breaking"),
    ),
    (
        "response enum value added",
        lambda s: thing_out(s)["properties"]["status"]["enum"].append("pending"),
        ("enum-value-added", "breaking"),
    ),
    ("request field made required", lambda s: thing_in(s)["required"].append("mode"), ("required-changed", "breaking")),
    ("request field made optional", lambda s: thing_in(s).update(required=[]), ("required-changed", "non-breaking")),
    (
        "response field made optional",
        lambda s: thing_out(s).update(required=["thing_id"]),
        ("required-changed", "breaking"),
    ),
    (
        "response field made required",
        lambda s: thing_out(s)["required"].append("score"),
        ("required-changed", "non-breaking"),
    ),
    (
        "parameter made required",
        lambda s: operation(s)["parameters"][1].update(required=True),
        ("required-changed", "breaking"),
    ),
    ("schema renamed, same shape", rename_thing_out, ("schema-renamed", "non-breaking")),
    (
        "request default changed",
        lambda s: thing_in(s)["properties"]["mode"].update(default="slow"),
        ("default-changed", "breaking"),
    ),
    (
        "field description changed",
        lambda s: thing_in(s)["properties"]["size"].update(description="Size in milliseconds"),
        ("description-changed", "docs"),
    ),
    (
        "operation summary changed",
        lambda s: operation(s).update(summary="Update one thing"),
        ("summary-changed", "docs"),
    ),
]


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[case[0] for case in CASES])
def test_each_kind_of_change_and_its_severity(
    name: str, edit: Callable[[dict[str, Any]], object], expected: tuple[str, str]
):
    assert changes_after(edit) == [expected]


def test_identical_specs_have_no_changes():
    assert spec_diff.diff(base(), base()) == []


def test_a_rename_that_changes_the_shape_reports_the_field_changes():
    def rename_and_change(spec: dict[str, Any]) -> None:
        rename_thing_out(spec)
        spec["components"]["schemas"]["ThingResult"]["properties"].pop("score")

    assert changes_after(rename_and_change) == [("response-field-removed", "breaking")]


def test_changes_carry_operation_pointer_and_message():
    old, new = base(), base()
    thing_in(new)["properties"]["note"] = {"type": "string"}
    (change,) = spec_diff.diff(old, new)
    assert change.operation == OP
    assert change.pointer == "/components/schemas/ThingIn/properties/note"
    assert change.message == "request body field note added (optional)"


def test_output_is_sorted_and_the_same_whatever_the_key_order():
    old, new = base(), base()
    thing_in(new)["properties"].pop("label")
    thing_out(new)["properties"]["extra"] = {"type": "string"}
    operation(new)["summary"] = "Changed"
    expected = spec_diff.markdown(spec_diff.diff(old, new))
    for seed in range(5):
        shuffled = json.loads(json.dumps(new))
        items = list(shuffled["components"]["schemas"].items())
        random.Random(seed).shuffle(items)
        shuffled["components"]["schemas"] = dict(items)
        assert spec_diff.markdown(spec_diff.diff(old, shuffled)) == expected
    severities = [c.severity for c in spec_diff.diff(old, new)]
    assert severities == sorted(severities, key=spec_diff.SEVERITIES.index)


def test_markdown_groups_by_severity_then_operation():
    old, new = base(), base()
    thing_in(new)["properties"].pop("label")
    operation(new)["summary"] = "Changed"
    text = spec_diff.markdown(spec_diff.diff(old, new))
    assert text.index("### breaking") < text.index("### docs")
    assert f"- `{OP}`\n  - request body field label removed" in text


# --- a real page, two versions -------------------------------------------------------------------


def test_the_update_page_with_and_without_file_name(tmp_path: Path):
    page = (SOURCES / "update-pvc-voice-sample.md").read_text(encoding="utf-8")
    without = page.replace(
        "        file_name:\n"
        "          type:\n"
        "            - string\n"
        "            - 'null'\n"
        "          description: The name of the audio file to be used for PVC training.\n",
        "",
    ).replace("change\n        trim times or file name.", "change\n        trim times.")
    assert without != page
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "update-pvc-voice-sample.md").write_text(without, encoding="utf-8")
    (tmp_path / "new" / "update-pvc-voice-sample.md").write_text(page, encoding="utf-8")
    changes = spec_diff.diff(spec_diff.load_spec(str(tmp_path / "old")), spec_diff.load_spec(str(tmp_path / "new")))
    non_docs = [c for c in changes if c.severity != "docs"]
    assert [(c.kind, c.severity) for c in non_docs] == [("request-field-added", "non-breaking")]
    assert "file_name" in non_docs[0].message
    assert {c.severity for c in changes} == {"non-breaking", "docs"}


def test_the_committed_spec_matches_its_pages():
    assert spec_diff.diff(spec_diff.load_spec(str(SPEC_PATH)), spec_diff.load_spec(str(SOURCES))) == []


# --- the command line ----------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.spec_diff", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )


def write(path: Path, spec: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return str(path)


def test_exit_codes(tmp_path: Path):
    old, new = base(), base()
    thing_in(new)["properties"].pop("label")
    old_file, new_file = write(tmp_path / "old.yaml", old), write(tmp_path / "new.yaml", new)
    assert run(old_file, new_file).returncode == 0
    assert run(old_file, new_file, "--fail-on", "breaking").returncode == 1
    assert run(old_file, old_file, "--fail-on", "breaking").returncode == 0
    missing = run(old_file, str(tmp_path / "missing.yaml"))
    assert missing.returncode == 2
    assert "missing.yaml: no such file or folder" in missing.stderr
    invalid = run(old_file, write(tmp_path / "invalid.yaml", {"openapi": "3.1.0", "paths": 3}))
    assert invalid.returncode == 2
    assert "not a valid OpenAPI document" in invalid.stderr


def test_json_output(tmp_path: Path):
    old, new = base(), base()
    thing_in(new)["properties"].pop("label")
    result = run(write(tmp_path / "old.yaml", old), write(tmp_path / "new.yaml", new), "--format", "json")
    (entry,) = json.loads(result.stdout)
    assert set(entry) >= {"operation", "severity", "kind", "pointer", "message"}
    assert (entry["operation"], entry["severity"], entry["kind"]) == (OP, "breaking", "request-field-removed")


@pytest.mark.skipif(shutil.which("git") is None or not (REPO_ROOT / ".git").exists(), reason="needs the git checkout")
def test_a_git_revision_as_old():
    head = run("--git", "HEAD", str(SPEC_PATH))
    if "does not exist" in head.stderr or "exists on disk, but not in" in head.stderr:
        pytest.skip("the spec is not committed yet")
    assert head.returncode == 0, head.stderr
    assert run("--git", "no-such-revision-xyz").returncode == 2


# --- defects found on the real history (issue 15), one minimal pair each ------------------------------


def changes_with_pointers(edit: Callable[[dict[str, Any]], object]) -> list[tuple[str, str, str]]:
    old = base()
    new = copy.deepcopy(old)
    edit(new)
    return [(change.kind, change.severity, change.pointer) for change in spec_diff.diff(old, new)]


def drop_status_enum(spec: dict[str, Any]) -> None:
    del thing_out(spec)["properties"]["status"]["enum"]


def drop_mode_enum(spec: dict[str, Any]) -> None:
    del thing_in(spec)["properties"]["mode"]["enum"]


def test_a_response_enum_that_disappears_is_breaking_and_points_into_the_old_document():
    assert changes_with_pointers(drop_status_enum) == [
        ("enum-removed", "breaking", "/components/schemas/ThingOut/properties/status/enum")
    ]


def test_a_request_enum_that_disappears_only_widens():
    assert changes_with_pointers(drop_mode_enum) == [
        ("enum-removed", "non-breaking", "/components/schemas/ThingIn/properties/mode/enum")
    ]


def test_an_enum_that_appears_on_a_request_field_is_breaking():
    old, new = base(), base()
    drop_mode_enum(old)
    assert [(c.kind, c.severity) for c in spec_diff.diff(old, new)] == [("enum-added", "breaking")]


def test_an_operation_id_rename_is_reported():
    def rename(spec: dict[str, Any]) -> None:
        operation(spec)["operationId"] = "things_edit"

    assert changes_with_pointers(rename) == [
        ("operation-id-renamed", "breaking", f"/paths/{PATH.replace('/', '~1')}/post/operationId")
    ]


def encoded(style: str) -> dict[str, Any]:
    """The base API with its nullable fields written in one of the three encodings."""
    spec = base()
    label = thing_in(spec)["properties"]["label"]
    label.clear()
    out = thing_out(spec)["properties"]
    if style == "3.0 nullable":
        spec["openapi"] = "3.0.3"
        label.update({"type": "string", "nullable": True, "description": "A label"})
        out["score"] = {"type": "integer", "nullable": True}
    elif style == "3.1 type list":
        label.update({"type": ["string", "null"], "description": "A label"})
        out["score"] = {"type": ["integer", "null"]}
    else:  # anyOf with null
        label.update({"anyOf": [{"type": "string"}, {"type": "null"}], "description": "A label"})
        out["score"] = {"anyOf": [{"type": "integer", "description": None}, {"type": "null"}]}
        del out["score"]["anyOf"][0]["description"]
    return spec


STYLES = ["3.0 nullable", "3.1 type list", "anyOf with null"]


@pytest.mark.parametrize("old_style", STYLES)
@pytest.mark.parametrize("new_style", STYLES)
def test_re_encodings_of_nullability_are_silent(old_style: str, new_style: str):
    assert spec_diff.diff(encoded(old_style), encoded(new_style)) == []


def test_a_description_moved_into_the_non_null_branch_is_no_change():
    old, new = base(), base()
    thing_in(old)["properties"]["label"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "A label"}
    thing_in(new)["properties"]["label"] = {"anyOf": [{"type": "string", "description": "A label"}, {"type": "null"}]}
    assert spec_diff.diff(old, new) == []
    thing_in(new)["properties"]["label"]["anyOf"][0]["description"] = "Another label"
    assert [(c.kind, c.severity) for c in spec_diff.diff(old, new)] == [("description-changed", "docs")]


def test_a_3_2_document_is_refused_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    newer = {**base(), "openapi": "3.2.0"}
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(base()), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(newer), encoding="utf-8")
    assert spec_diff.main([str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]) == 2
    assert "OpenAPI 3.2.0 is not supported" in capsys.readouterr().err


def with_union_response(spec: dict[str, Any]) -> None:
    """The 200 answer as a oneOf of ThingOut and a second variant."""
    schemas = spec["components"]["schemas"]
    schemas["OtherOut"] = {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}}
    content = operation(spec)["responses"]["200"]["content"]["application/json"]
    content["schema"] = {
        "oneOf": [{"$ref": "#/components/schemas/ThingOut"}, {"$ref": "#/components/schemas/OtherOut"}]
    }


def test_an_enum_value_added_inside_a_oneof_response_is_breaking():
    old, new = base(), base()
    with_union_response(old)
    with_union_response(new)
    new["components"]["schemas"]["OtherOut"]["properties"]["kind"]["enum"].append("c")
    assert [(c.kind, c.severity, c.pointer) for c in spec_diff.diff(old, new)] == [
        ("enum-value-added", "breaking", "/components/schemas/OtherOut/properties/kind/enum")
    ]


def test_a_field_made_nullable_inside_a_oneof_item_is_breaking():
    old, new = base(), base()
    with_union_response(old)
    with_union_response(new)
    new["components"]["schemas"]["OtherOut"]["properties"]["kind"]["type"] = ["string", "null"]
    assert [(c.kind, c.severity, c.pointer) for c in spec_diff.diff(old, new)] == [
        ("nullability-changed", "breaking", "/components/schemas/OtherOut/properties/kind")
    ]


def test_a_key_enum_removed_from_a_response_map_is_breaking():
    old, new = base(), base()
    for spec in (old, new):
        thing_out(spec)["properties"]["usage"] = {
            "type": "object",
            "propertyNames": {"type": "string", "enum": ["a", "b"]},
            "additionalProperties": {"type": "integer"},
        }
    thing_out(new)["properties"]["usage"]["propertyNames"]["enum"] = ["a"]
    assert [(c.kind, c.severity, c.pointer) for c in spec_diff.diff(old, new)] == [
        ("enum-value-removed", "breaking", "/components/schemas/ThingOut/properties/usage/propertyNames/enum")
    ]


def test_a_ref_that_becomes_a_oneof_is_a_variant_added_not_fields_removed():
    old, new = base(), base()
    with_union_response(new)
    request = operation(new)["requestBody"]["content"]["application/json"]
    new["components"]["schemas"]["OtherIn"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    request["schema"] = {"oneOf": [{"$ref": "#/components/schemas/ThingIn"}, {"$ref": "#/components/schemas/OtherIn"}]}
    op = f"/paths/{PATH.replace('/', '~1')}/post"
    assert sorted((c.kind, c.severity, c.pointer) for c in spec_diff.diff(old, new)) == [
        ("variant-added", "breaking", f"{op}/responses/200/content/application~1json/schema/oneOf/1"),
        ("variant-added", "non-breaking", f"{op}/requestBody/content/application~1json/schema/oneOf/1"),
    ]


def test_a_value_added_to_a_response_map_of_enums_is_breaking():
    old, new = base(), base()
    for spec in (old, new):
        thing_out(spec)["properties"]["states"] = {
            "type": "object",
            "additionalProperties": {"type": "string", "enum": ["on"]},
        }
    thing_out(new)["properties"]["states"]["additionalProperties"]["enum"].append("off")
    assert [(c.kind, c.severity, c.pointer) for c in spec_diff.diff(old, new)] == [
        ("enum-value-added", "breaking", "/components/schemas/ThingOut/properties/states/additionalProperties/enum")
    ]


def test_removed_and_added_things_point_into_the_document_that_has_them():
    old, new = base(), base()
    del thing_out(new)["properties"]["score"]
    operation(new)["parameters"][1]["description"] = "Say more"
    operation(new)["parameters"].insert(0, {"name": "trace", "in": "header", "schema": {"type": "string"}})
    by_kind = {c.kind: c for c in spec_diff.diff(old, new)}
    op = f"/paths/{PATH.replace('/', '~1')}/post"
    assert by_kind["response-field-removed"].pointer == "/components/schemas/ThingOut/properties/score"
    assert spec_diff.pointer_document(by_kind["response-field-removed"]) == "old"
    assert by_kind["parameter-added"].pointer == f"{op}/parameters/0"
    assert spec_diff.pointer_document(by_kind["parameter-added"]) == "new"
    assert by_kind["description-changed"].pointer == f"{op}/parameters/1"  # the old parameter had no description
