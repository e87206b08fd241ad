"""Every script runs as a file and as a module, and --help prints usage without doing any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

SCRIPTS = sorted(path.stem for path in (REPO_ROOT / "scripts").glob("*.py") if path.stem != "__init__")


@pytest.mark.parametrize("name", SCRIPTS)
def test_help_both_ways_prints_usage_and_does_nothing(name: str, tmp_path: Path):
    as_file = [sys.executable, str(REPO_ROOT / "scripts" / f"{name}.py"), "--help"]
    as_module = [sys.executable, "-m", f"scripts.{name}", "--help"]
    for command, cwd in ((as_file, tmp_path), (as_module, REPO_ROOT)):
        before = sorted(path.name for path in tmp_path.iterdir())
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage:"), result.stdout
        assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_the_fake_cli_help_is_plain_text():
    result = subprocess.run(
        [sys.executable, "-m", "elevenlabs_pvc.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "``" not in result.stdout
    assert "--port" in result.stdout
