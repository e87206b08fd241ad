"""Every script runs as a module (``python -m scripts.NAME``), and --help prints usage without doing any work.

The demo also runs as a file: ``make demo`` runs it so, with only the package installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

#: The scripts with a command line (``scripts/common.py`` is a library).
SCRIPTS = sorted(path.stem for path in (REPO_ROOT / "scripts").glob("*.py") if "__main__" in path.read_text())


@pytest.mark.parametrize("name", SCRIPTS)
def test_help_prints_usage_and_does_nothing(name: str, tmp_path: Path):
    as_module = [sys.executable, "-m", f"scripts.{name}", "--help"]
    as_file = [sys.executable, str(REPO_ROOT / "scripts" / f"{name}.py"), "--help"]
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for command in (as_module, as_file) if name == "demo" else (as_module,):
        before = sorted(path.name for path in tmp_path.iterdir())
        result = subprocess.run(
            command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60, check=False
        )
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
