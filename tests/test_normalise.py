"""scripts/normalise.py and the completeness check: what the generator cannot express is rewritten, never dropped.

Each construct is a one-operation spec that the generator refused before (the message it gave is in
the test's name); after the rewrite it generates with no warning, and a real-shaped value goes
through ``from_dict`` and back through ``to_dict`` unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import common, generate, merge_spec, normalise

NESTED = "#/components/schemas/NestedValue"


def one_operation(schemas: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    schemas = {**schemas, "Body": {"title": "Body", "type": "object", "properties": body}}
    ref = {"$ref": "#/components/schemas/Body"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/things": {
                "post": {
                    "operationId": "things_create",
                    "tags": ["things"],
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": ref}}}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


#: 1. "Invalid property in union": DynamicVariableNestedValueType, as the API writes it.
RECURSIVE = one_operation(
    {
        "NestedValue": {
            "anyOf": [
                {"type": "string"},
                {"type": "integer"},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "array", "items": {"$ref": NESTED}},
                {"type": "null"},
            ]
        }
    },
    {"placeholders": {"type": "object", "additionalProperties": {"$ref": NESTED}}},
)
RECURSIVE_VALUE = {"placeholders": {"user": "ada", "ids": [1, 2, ["x", [True, None]]], "ratio": 0.5}}

#: 2. "ModelProperty cannot have a default value": ArrayJsonSchemaProperty.items.
LITERAL = {"type": "object", "properties": {"type": {"type": "string"}, "description": {"type": "string"}}}
OBJECT_DEFAULT = one_operation(
    {"Literal": LITERAL, "Other": {"type": "object", "properties": {"value": {"type": "integer"}}}},
    {
        "items": {
            "description": "Schema for array elements.",
            "default": {"type": "string", "description": "Array element"},
            "oneOf": [{"$ref": "#/components/schemas/Literal"}, {"$ref": "#/components/schemas/Other"}],
        }
    },
)
OBJECT_DEFAULT_VALUE = {"items": {"type": "string", "description": "a tool parameter"}}

#: 3. "Got {bool, str}": a music upload flag.
MIXED = one_operation({}, {"extract_plan": {"enum": [True, False, "music_v1"], "default": False}})
MIXED_VALUES = [{"extract_plan": True}, {"extract_plan": False}, {"extract_plan": "music_v1"}]

CASES = {"recursive-union": RECURSIVE, "object-default": OBJECT_DEFAULT, "mixed-enum": MIXED}


def write_spec(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "pointer", "reason"),
    [
        ("recursive-union", "/components/schemas/NestedValue/anyOf/4/items", normalise.RECURSIVE_UNION),
        ("object-default", "/components/schemas/Body/properties/items/default", normalise.OBJECT_DEFAULT),
        ("mixed-enum", "/components/schemas/Body/properties/extract_plan/enum", normalise.MIXED_ENUM),
    ],
)
def test_each_construct_is_rewritten_once_and_marked_where_it_was(name: str, pointer: str, reason: str):
    spec = CASES[name]
    before = yaml.safe_dump(spec)
    rewritten, rewrites = normalise.normalise(spec)
    assert [(r.pointer, r.reason) for r in rewrites] == [(pointer, reason)]
    assert yaml.safe_dump(spec) == before  # the API's own spec is not touched
    marked = [node for _, node in normalise._nodes(rewritten) if node.get(normalise.MARK) == reason]
    assert len(marked) == 1
    assert normalise.normalise(rewritten)[1] == []  # a second pass has nothing left to do


def test_the_mixed_enum_accepts_exactly_the_same_values():
    rewritten, _ = normalise.normalise(MIXED)
    flag = rewritten["components"]["schemas"]["Body"]["properties"]["extract_plan"]
    assert flag["anyOf"] == [{"type": "boolean", "enum": [True, False]}, {"type": "string", "enum": ["music_v1"]}]
    assert flag["default"] is False


def test_the_pvc_spec_needs_no_rewrite():
    document = yaml.load(merge_spec.DEFAULT_OUTPUT.read_text(encoding="utf-8"), Loader=common.YAML_LOADER)
    assert normalise.normalise(document)[1] == []


ROUND_TRIP = """
import json, sys
from elevenlabs_pvc_api.models.body import Body
for value in json.loads(sys.argv[1]):
    parsed = Body.from_dict(value)
    assert parsed.to_dict() == value, (parsed.to_dict(), value)
print("ok")
"""


@pytest.mark.parametrize(
    ("name", "values"),
    [("recursive-union", [RECURSIVE_VALUE]), ("object-default", [OBJECT_DEFAULT_VALUE]), ("mixed-enum", MIXED_VALUES)],
)
def test_each_construct_generates_without_a_warning_and_round_trips(name: str, values: list[Any], tmp_path: Path):
    import json

    spec = write_spec(tmp_path / "spec.yaml", CASES[name])
    rewrites = generate.generate_tree(spec, tmp_path / "out")  # any generator warning fails here
    assert len(rewrites) == 1
    assert (tmp_path / "out" / generate.PACKAGE / "api" / "things" / "things_create.py").is_file()
    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, json.dumps(values)],
        env={**os.environ, "PYTHONPATH": str(tmp_path / "out")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_dangling_model_import_fails_the_completeness_check_naming_the_module(tmp_path: Path):
    tree = tmp_path / "generated"
    shutil.copytree(generate.DEFAULT_OUTPUT, tree, ignore=shutil.ignore_patterns("__pycache__"))
    document = yaml.load(merge_spec.DEFAULT_OUTPUT.read_text(encoding="utf-8"), Loader=common.YAML_LOADER)
    assert generate.completeness_problems(document, tree) == []
    (tree / generate.PACKAGE / "models" / "speaker_separation_response_model.py").unlink()
    problems = generate.completeness_problems(document, tree)
    assert problems
    assert all("speaker_separation_response_model" in problem for problem in problems)
    assert any(
        problem.startswith("elevenlabs_pvc_api/models/__init__.py imports .speaker_separation_response_model")
        for problem in problems
    )


def test_a_missing_operation_module_fails_the_completeness_check(tmp_path: Path):
    tree = tmp_path / "generated"
    shutil.copytree(generate.DEFAULT_OUTPUT, tree, ignore=shutil.ignore_patterns("__pycache__"))
    document = yaml.load(merge_spec.DEFAULT_OUTPUT.read_text(encoding="utf-8"), Loader=common.YAML_LOADER)
    (tree / generate.PACKAGE / "api" / "samples" / "samples_update.py").unlink()
    assert generate.completeness_problems(document, tree) == [
        "POST /v1/voices/pvc/{voice_id}/samples/{sample_id}: no generated module "
        "elevenlabs_pvc_api/api/samples/samples_update.py"
    ]
