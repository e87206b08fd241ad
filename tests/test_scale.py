"""The pipeline beyond fourteen pages: the whole ElevenLabs API (208 pages) merges, generates, imports and diffs.

The pages are ``../shared/api-pages/2025-08-25/`` (every operation of the public OpenAPI document of
2025-08-25, in the layout of the PVC pages).  Everything is written to a temporary folder: ``openapi/``
and ``generated/`` are never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import generate, merge_spec, spec_diff
from tests.helpers import REPO_ROOT

API_PAGES = REPO_ROOT.parent / "shared" / "api-pages" / "2025-08-25"

pytestmark = pytest.mark.skipif(not API_PAGES.is_dir(), reason="../shared/api-pages is not beside this checkout")

IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import elevenlabs_pvc_api as package
assert package.__file__.startswith(sys.argv[1]), package.__file__
names = [module.name for module in pkgutil.walk_packages(package.__path__, "elevenlabs_pvc_api.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_the_whole_api_merges_generates_imports_and_compares_equal_to_itself(tmp_path: Path):
    committed = {
        path: path.stat().st_mtime_ns for path in [merge_spec.DEFAULT_OUTPUT, *generate.DEFAULT_OUTPUT.rglob("*.py")]
    }
    spec = merge_spec.merge_pages(merge_spec.source_pages(API_PAGES), notice=lambda _: None)
    operations = [
        item[method] for item in spec["paths"].values() for method in merge_spec.HTTP_METHODS if method in item
    ]
    assert len(operations) == 208
    assert len({operation["operationId"] for operation in operations}) == 208
    ids = {operation["operationId"] for operation in operations}
    assert {"samples_update", "samples_speakers_separate", "pvc_create", "api_samples_delete"} <= ids

    path = tmp_path / "api.yaml"
    path.write_text(merge_spec.render(spec), encoding="utf-8")
    generate.generate_tree(path, tmp_path / "generated")  # the project's config; no warning is allowed
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "generated")}
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(tmp_path / "generated")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) > 208  # every operation module, the models, the package

    assert spec_diff.diff(spec, spec) == []
    assert spec_diff.diff(spec_diff.load_spec(str(path)), spec) == []
    assert {path: path.stat().st_mtime_ns for path in committed} == committed
