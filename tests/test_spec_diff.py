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
    assert change.message == "ThingIn: request body field note added (optional)"  # schema, then field
    assert change.operations == (OP,)


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
    assert f"- `{OP}`\n  - ThingIn: request body field label removed" in text


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


# --- issue 20: one entry per change, deprecation, constraints, const, severities the generated client decides --


def entries(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(c.severity, c.kind, c.pointer, c.operations) for c in spec_diff.diff(old, new)]


GET_OP = f"GET {PATH}"
LIST_OP = "GET /v1/things"


def with_readers(spec: dict[str, Any]) -> dict[str, Any]:
    """ThingOut read by two more operations, and ThingIn also written by a PUT: shared schemas."""
    out = {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingOut"}}}}
    spec["paths"][PATH]["get"] = {"operationId": "things_get", "responses": {"200": out}}
    spec["paths"]["/v1/things"] = {"get": {"operationId": "things_list", "responses": {"200": out}}}
    return spec


def test_a_change_in_a_shared_schema_is_one_entry_with_every_operation_it_reaches():
    old = with_readers(base())
    new = copy.deepcopy(old)
    thing_out(new)["properties"]["extra"] = {"type": "string"}
    assert entries(old, new) == [
        ("non-breaking", "response-field-added", "/components/schemas/ThingOut/properties/extra",
         (LIST_OP, GET_OP, OP)),
    ]  # fmt: skip
    (change,) = spec_diff.diff(old, new)
    assert change.operation == LIST_OP
    assert change.message == "ThingOut: response field extra added"


def test_one_place_breaking_for_readers_and_not_for_writers_gives_two_entries():
    old = base()
    schemas = old["components"]["schemas"]
    schemas["Mode"] = {"type": "string", "enum": ["fast", "slow"]}
    thing_in(old)["properties"]["mode"] = {"$ref": "#/components/schemas/Mode"}
    thing_out(old)["properties"]["mode"] = {"$ref": "#/components/schemas/Mode"}
    with_readers(old)
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Mode"]["enum"].append("turbo")
    assert entries(old, new) == [
        ("breaking", "enum-value-added", "/components/schemas/Mode/enum", (LIST_OP, GET_OP, OP)),
        ("non-breaking", "enum-value-added", "/components/schemas/Mode/enum", (OP,)),
    ]
    assert spec_diff.diff(old, new)[0].message.startswith("Mode: value 'turbo' added")


def test_the_markdown_folds_the_operations_of_a_change():
    old = with_readers(base())
    new = copy.deepcopy(old)
    thing_out(new)["properties"]["extra"] = {"type": "string"}
    text = spec_diff.markdown(spec_diff.diff(old, new))
    assert f"- `{LIST_OP}` and 2 more\n  - ThingOut: response field extra added" in text


def test_a_recursive_union_gives_short_labels_once():
    old = base()
    old["components"]["schemas"]["Node"] = {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}]
    }
    thing_out(old)["properties"]["tree"] = {"$ref": "#/components/schemas/Node"}
    thing_out(old)["properties"]["other"] = {"$ref": "#/components/schemas/Node"}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["anyOf"].append({"$ref": "#/components/schemas/ThingIn"})
    changes = spec_diff.diff(old, new)
    assert [(c.severity, c.kind, c.pointer) for c in changes] == [
        ("breaking", "variant-added", "/components/schemas/Node/anyOf/2")
    ]
    assert changes[0].message.startswith("Node: variant ThingIn added")


@pytest.mark.parametrize("where", ["operation", "parameter", "property"])
def test_deprecation_is_its_own_kind(where: str):
    old, new = base(), base()
    target = {
        "operation": operation(new),
        "parameter": operation(new)["parameters"][1],
        "property": thing_in(new)["properties"]["ratio"],
    }[where]
    target["deprecated"] = True
    pointer = {
        "operation": "/paths/~1v1~1things~1{thing_id}/post/deprecated",
        "parameter": "/paths/~1v1~1things~1{thing_id}/post/parameters/1/deprecated",
        "property": "/components/schemas/ThingIn/properties/ratio/deprecated",
    }[where]
    assert entries(old, new) == [("non-breaking", f"{where}-deprecated", pointer, (OP,))]
    assert spec_diff.pointer_document(spec_diff.diff(old, new)[0]) == "new"
    assert entries(new, old) == [("docs", f"{where}-undeprecated", pointer, (OP,))]


# keyword, old value, new value, narrower?
CONSTRAINTS = [
    ("minimum", 1, 5, True),
    ("maximum", 20, 50, False),
    ("exclusiveMinimum", 0, 1, True),
    ("exclusiveMaximum", 10, 5, True),
    ("minLength", 1, 0, False),
    ("maxLength", 256, 8192, False),
    ("pattern", None, "^[a-z]+$", True),
    ("minItems", None, 1, True),
    ("maxItems", 10, None, False),
    ("uniqueItems", None, True, True),
    ("multipleOf", 2, 1, False),
    ("format", "date-time", None, False),
]


def _constrained(keyword: str, value: Any) -> dict[str, Any]:
    kind = {"pattern": "string", "minLength": "string", "maxLength": "string", "format": "string"}.get(keyword)
    schema: dict[str, Any] = {"type": kind or "integer"}
    if keyword in ("minItems", "maxItems", "uniqueItems"):
        schema = {"type": "array", "items": {"type": "string"}}
    if value is not None:
        schema[keyword] = value
    return schema


@pytest.mark.parametrize(("keyword", "before", "after", "narrower"), CONSTRAINTS)
@pytest.mark.parametrize("flip", [False, True], ids=["forward", "backward"])
def test_each_constraint_on_a_request_breaks_when_narrowed(
    keyword: str, before: Any, after: Any, narrower: bool, flip: bool
):
    if flip:
        before, after, narrower = after, before, not narrower
    old, new = base(), base()
    thing_in(old)["properties"]["c"] = _constrained(keyword, before)
    thing_in(new)["properties"]["c"] = _constrained(keyword, after)
    kind = "constraint-added" if before is None else "constraint-removed" if after is None else "constraint-changed"
    pointer = f"/components/schemas/ThingIn/properties/c/{keyword}"
    assert entries(old, new) == [("breaking" if narrower else "non-breaking", kind, pointer, (OP,))]
    (change,) = spec_diff.diff(old, new)
    assert change.message.startswith(f"ThingIn.c: {keyword}")
    assert spec_diff.pointer_document(change) == ("new" if kind == "constraint-added" else "old")


@pytest.mark.parametrize(("keyword", "before", "after", "narrower"), CONSTRAINTS)
def test_constraints_on_a_response_break_only_where_the_generated_client_checks_them(
    keyword: str, before: Any, after: Any, narrower: bool
):
    old, new = base(), base()
    thing_out(old)["properties"]["c"] = _constrained(keyword, before)
    thing_out(new)["properties"]["c"] = _constrained(keyword, after)
    # The generated parser checks no bound, length, count or pattern; it parses date-time, date and uuid.
    checked = keyword == "format" and before in ("date-time", "date", "uuid")
    assert [c.severity for c in spec_diff.diff(old, new)] == ["breaking" if checked else "non-breaking"]


def test_const_is_a_one_value_enum():
    old, new = base(), base()
    thing_in(old)["properties"]["reset"] = {"type": "string", "const": "no_update"}
    thing_in(new)["properties"]["reset"] = {"type": "string", "enum": ["clear", "no_update"]}
    assert entries(old, new) == [
        ("non-breaking", "enum-value-added", "/components/schemas/ThingIn/properties/reset/enum", (OP,))
    ]
    assert entries(new, old) == [
        ("breaking", "enum-value-removed", "/components/schemas/ThingIn/properties/reset/enum", (OP,))
    ]
    thing_in(new)["properties"]["reset"] = {"type": "string", "const": "clear"}
    assert sorted(entries(old, new)) == [
        ("breaking", "enum-value-removed", "/components/schemas/ThingIn/properties/reset/const", (OP,)),
        ("non-breaking", "enum-value-added", "/components/schemas/ThingIn/properties/reset/const", (OP,)),
    ]


def test_union_branches_that_become_any_value_in_a_response_are_breaking():
    old, new = base(), base()
    thing_out(old)["properties"]["value"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    thing_out(new)["properties"]["value"] = {"anyOf": [{}, {"type": "integer"}]}
    found = entries(old, new)
    assert ("breaking", "variant-added", "/components/schemas/ThingOut/properties/value/anyOf/0", (OP,)) in found
    assert not [entry for entry in found if entry[0] == "breaking" and entry[1] != "variant-added"]
    # In a request the same change only widens.
    old, new = base(), base()
    thing_in(old)["properties"]["value"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}
    thing_in(new)["properties"]["value"] = {"anyOf": [{}, {"type": "integer"}]}
    assert ("non-breaking", "variant-added", "/components/schemas/ThingIn/properties/value/anyOf/0", (OP,)) in entries(
        old, new
    )


def test_a_value_added_to_a_response_map_keys_enum_is_not_breaking():
    old, new = base(), base()
    for spec in (old, new):
        thing_out(spec)["properties"]["usage"] = {
            "type": "object",
            "propertyNames": {"type": "string", "enum": ["a", "b"]},
            "additionalProperties": {"type": "integer"},
        }
    thing_out(new)["properties"]["usage"]["propertyNames"]["enum"].append("c")
    assert entries(old, new) == [
        ("non-breaking", "enum-value-added", "/components/schemas/ThingOut/properties/usage/propertyNames/enum", (OP,))
    ]


@pytest.mark.parametrize("encoding", ["type-list", "anyOf-null"])
def test_a_value_added_to_a_nullable_response_enum_is_not_breaking(encoding: str):
    old = base()
    old["components"]["schemas"]["Status"] = {"type": "string", "enum": ["ok", "failed"]}
    if encoding == "type-list":
        thing_out(old)["properties"]["state"] = {"type": ["string", "null"], "enum": ["ok", "failed", None]}
        pointer = "/components/schemas/ThingOut/properties/state/enum"
    else:
        thing_out(old)["properties"]["state"] = {"anyOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]}
        pointer = "/components/schemas/Status/enum"
    new = copy.deepcopy(old)
    target = (
        thing_out(new)["properties"]["state"] if encoding == "type-list" else new["components"]["schemas"]["Status"]
    )
    target["enum"].insert(0, "retrying")
    assert entries(old, new) == [("non-breaking", "enum-value-added", pointer, (OP,))]
    assert "passes an unknown value through" in spec_diff.diff(old, new)[0].message


def test_every_kind_reported_is_in_the_rule_catalogue():
    from scripts.spec_diff.rules import RULES

    assert {"constraint-added", "operation-deprecated", "enum-value-added", "variant-added"} <= set(RULES)
    assert all(rule.level for rule in RULES.values())
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in readme]
    assert not missing, f"README's rule table lacks {missing}"


def test_json_entries_carry_their_operations(tmp_path: Path):
    old = with_readers(base())
    new = copy.deepcopy(old)
    thing_out(new)["properties"].pop("score")
    result = run(write(tmp_path / "old.yaml", old), write(tmp_path / "new.yaml", new), "--format", "json")
    (entry,) = json.loads(result.stdout)
    assert entry["operations"] == [LIST_OP, GET_OP, OP]
    assert entry["operation"] == LIST_OP


# --- the rule registry and the README's table written from it ---------------------------------------


def test_every_rule_is_registered_with_an_enum_level_and_a_direction():
    from scripts.spec_diff.rules import RULES, Direction, Severity

    assert len(RULES) == 36
    assert all(isinstance(rule.level, Severity) for rule in RULES.values())
    assert all(isinstance(rule.direction, Direction) for rule in RULES.values())
    assert all(rule.id == key and rule.explanation for key, rule in RULES.items())
    split = {key for key, rule in RULES.items() if rule.direction is Direction.SPLIT}
    assert {"type-changed", "enum-value-added", "constraint-added"} <= split


def test_a_finding_above_its_rules_level_is_refused():
    from scripts.spec_diff.rules import RULES, Severity

    with pytest.raises(AssertionError, match="operation-added: breaking is above the rule's level"):
        RULES["operation-added"].check(Severity.BREAKING)
    RULES["operation-removed"].check(Severity.NON_BREAKING)  # below the level: allowed


def test_the_readme_rules_table_is_written_from_the_registry(tmp_path: Path):
    from scripts import readme_rules
    from scripts.spec_diff.rules import rules_table

    readme = tmp_path / "README.md"
    committed = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_rules.differences(REPO_ROOT / "README.md") == []
    assert rules_table() in committed
    readme.write_text(committed.replace("| `operation-removed` | operations | breaking |", "| x |"), encoding="utf-8")
    assert any(line.startswith("+| x |") for line in readme_rules.differences(readme))
    readme.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(readme_rules.ReadmeError, match="markers"):
        readme_rules.differences(readme)
