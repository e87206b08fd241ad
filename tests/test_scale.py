"""The pipeline beyond fourteen pages: the whole ElevenLabs API merges, generates completely, imports and diffs.

The pages are ``api-pages/2025-08-25/`` (from ``tests/data/``) (208 operations) and ``2026-05-11/`` (296), every
operation of the public OpenAPI document of that day, in the layout of the PVC pages.  The 2026 pages
hold the constructs ``scripts/normalise.py`` rewrites for the generator (a recursive union, an object
default on a union); the models that use them parse real-shaped values.  Everything is written to a
temporary folder: ``openapi/`` and ``generated/`` are never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import common, generate, merge_spec, spec_diff
from tests.upstream import upstream

OPERATIONS = {"2025-08-25": 208, "2026-05-11": 296}

IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
import elevenlabs_pvc_api as package
assert package.__file__.startswith(sys.argv[1]), package.__file__
names = [module.name for module in pkgutil.walk_packages(package.__path__, "elevenlabs_pvc_api.")]
for name in names:
    importlib.import_module(name)
# The models that use a rewritten construct, with real-shaped values: parsed and written back unchanged.
for module, cls, value in json.loads(sys.argv[2]):
    model = getattr(importlib.import_module("elevenlabs_pvc_api.models." + module), cls)
    assert model.from_dict(value).to_dict() == value, (cls, model.from_dict(value).to_dict(), value)
print(len(names))
"""

#: A nested dynamic-variable list (the recursive union) and a tool schema whose items default was an object.
REWRITTEN_MODELS = {
    "2026-05-11": [
        (
            "dynamic_variables_config_input",
            "DynamicVariablesConfigInput",
            {"dynamic_variable_placeholders": {"user_name": "Ada", "ids": [1, [2, 3.5, ["deep", None]]], "vip": True}},
        ),
        (
            "array_json_schema_property_input",
            "ArrayJsonSchemaPropertyInput",
            {"type": "array", "description": "Ids to look up", "items": {"type": "string", "description": "An id"}},
        ),
        (
            "array_json_schema_property_output",
            "ArrayJsonSchemaPropertyOutput",
            {"type": "array", "items": {"type": "integer", "description": "A count"}},
        ),
    ],
}


@pytest.mark.parametrize("version", sorted(OPERATIONS))
def test_the_whole_api_merges_generates_completely_imports_and_compares_equal_to_itself(version: str, tmp_path: Path):
    committed = {
        path: path.stat().st_mtime_ns for path in [merge_spec.DEFAULT_OUTPUT, *generate.DEFAULT_OUTPUT.rglob("*.py")]
    }
    spec = merge_spec.merge_pages(merge_spec.source_pages(upstream("api-pages") / version), notice=lambda _: None)
    operations = [item[method] for item in spec["paths"].values() for method in common.HTTP_METHODS if method in item]
    assert len(operations) == OPERATIONS[version]
    assert len({operation["operationId"] for operation in operations}) == OPERATIONS[version]
    ids = {operation["operationId"] for operation in operations}
    assert {"samples_update", "samples_speakers_separate", "pvc_create", "api_samples_delete"} <= ids

    path = tmp_path / "api.yaml"
    path.write_text(merge_spec.render(spec), encoding="utf-8")
    # The project's config; no warning is allowed, and the completeness check runs inside.
    rewrites = generate.generate_tree(path, tmp_path / "generated")
    assert bool(rewrites) == (version in REWRITTEN_MODELS)
    assert generate.completeness_problems(spec, tmp_path / "generated") == []
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "generated")}
    models = json.dumps(REWRITTEN_MODELS.get(version, []))
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(tmp_path / "generated"), models],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) > OPERATIONS[version]  # every operation module, the models, the package

    assert spec_diff.diff(spec, spec) == []
    assert spec_diff.diff(spec_diff.load_spec(str(path)), spec) == []
    assert {path: path.stat().st_mtime_ns for path in committed} == committed
