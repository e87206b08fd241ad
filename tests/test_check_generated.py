"""`make check`: regeneration is reproducible and hand edits are caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import check_generated, generate
from tests.helpers import REPO_ROOT, SOURCES, SPEC_PATH

GENERATED = REPO_ROOT / "generated"


def test_generating_twice_gives_identical_trees(tmp_path: Path):
    generate.generate_tree(SPEC_PATH, tmp_path / "one")
    generate.generate_tree(SPEC_PATH, tmp_path / "two")
    assert list(check_generated.tree_diff(tmp_path / "one", tmp_path / "two", "generated")) == []
    assert list(check_generated.tree_diff(tmp_path / "one", GENERATED, "generated")) == []


def test_check_reports_a_hand_edit_and_a_stray_file(tmp_path: Path):
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    client = copy / "elevenlabs_pvc_api" / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (copy / "elevenlabs_pvc_api" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    lines = check_generated.check(sources=SOURCES, spec=SPEC_PATH, generated=copy)
    text = "".join(lines)
    assert "+# hand edit" in text
    assert "extra file: generated/elevenlabs_pvc_api/extra.py" in text


def test_check_reports_a_stale_spec(tmp_path: Path):
    stale = tmp_path / "spec.yaml"
    stale.write_text(SPEC_PATH.read_text(encoding="utf-8").replace("Start Speaker Separation", "Old"), encoding="utf-8")
    lines = check_generated.check(sources=SOURCES, spec=stale, generated=GENERATED)
    assert any(line.startswith("+      summary: Old") for line in lines)


def test_generate_replaces_the_output_only_when_complete(tmp_path: Path):
    output = tmp_path / "generated"
    output.mkdir()
    (output / "keep.txt").write_text("old tree\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(generate.GenerationError, match="no such spec"):
        generate.generate(missing, output)
    assert (output / "keep.txt").read_text(encoding="utf-8") == "old tree\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]
