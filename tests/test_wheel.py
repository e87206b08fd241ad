"""The built wheel, installed in a fresh virtual environment, runs the README's workflow against its own fake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import readme_blocks
from scripts.demo import synthesise
from tests.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."]
    # (The README builds into dist/, which git ignores; the test builds into a folder of its own.)
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)
    (built,) = out.glob("elevenlabs_pvc-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel and what it declares it needs, nothing of this environment.

    The dependencies come from the wheelhouse ``make setup`` fills (``.wheelhouse/pyX.Y``, pinned by
    requirements/dev.txt) with ``--no-index``: no registry is reached, and a dependency the wheel
    does not declare is not there, so the workflow below fails without it.
    """
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    python = root / "bin" / "python"
    wheelhouse = REPO_ROOT / ".wheelhouse" / f"py{sys.version_info[0]}.{sys.version_info[1]}"
    assert wheelhouse.is_dir(), f"{wheelhouse}: run `make setup` (it fills the wheelhouse)"
    install = [python, "-m", "pip", "install", "-q", "--no-index", "--find-links", str(wheelhouse)]
    subprocess.run([*install, f"{wheel}[testing]"], check=True, capture_output=True)
    return python


def test_the_wheel_metadata_has_license_classifiers_and_urls(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode()
        assert any(n.endswith("licenses/LICENSE") for n in archive.namelist())
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    for version in ("3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
    assert "Project-URL: Changelog," in metadata
    description = metadata.split("\n\n", 1)[1]
    assert description.lstrip().startswith("# elevenlabs-pvc")
    assert "pip install elevenlabs-pvc" in description.split("```python")[0]
    assert "make demo" not in description


@pytest.fixture
def fake_from_the_wheel(venv: Path) -> Iterator[str]:
    """``python -m elevenlabs_pvc.testing`` from the wheel, on a free port; its URL."""
    process = subprocess.Popen(
        [venv, "-m", "elevenlabs_pvc.testing", "--port", "0", "--separation-polls", "0"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        assert match, line
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_the_readme_workflow_runs_from_the_wheel(venv: Path, fake_from_the_wheel: str, tmp_path: Path):
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    workflow = text.split("## The workflow in ten lines", 1)[1]
    block = readme_blocks._BLOCK.search(workflow)
    assert block is not None
    script = tmp_path / "workflow.py"
    script.write_text(
        "import elevenlabs_pvc\nassert '/site-packages/' in elevenlabs_pvc.__file__, elevenlabs_pvc.__file__\n"
        + block.group(1)
        + "with elevenlabs_pvc.PVCClient() as check:\n"
        + "    print('selected', check.samples.speakers.get(voice, sample).selected_speaker_ids, window)\n",
        encoding="utf-8",
    )
    # Two speakers; the selected one, SPEAKER_1, talks until the last sample: the padded window is clamped.
    (tmp_path / "interview.wav").write_bytes(synthesise())
    environment = {
        **os.environ,
        "ELEVENLABS_API_KEY": "fake-elevenlabs-key",
        "ELEVENLABS_BASE_URL": fake_from_the_wheel,
    }
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(
        [venv, str(script)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "selected ('SPEAKER_1',) TrimWindow(start_ms=3250, end_ms=12000)" in result.stdout


def test_a_newcomer_writes_a_sample_and_runs_the_usage_block_from_the_wheel(
    venv: Path, fake_from_the_wheel: str, tmp_path: Path
):
    environment = {
        **os.environ,
        "ELEVENLABS_API_KEY": "fake-elevenlabs-key",
        "ELEVENLABS_BASE_URL": fake_from_the_wheel,
    }
    environment.pop("PYTHONPATH", None)
    # Without the recording, the block stops before it creates a voice, and says how to make one.
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme_blocks._BLOCK.search(text.split("## Usage", 1)[1])
    assert usage is not None
    script = tmp_path / "usage.py"
    script.write_text(usage.group(1), encoding="utf-8")
    run = [venv, str(script)]
    missing = subprocess.run(
        run, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert missing.returncode == 1
    assert "interview.wav: no such file (python -m elevenlabs_pvc.testing.audio interview.wav)" in missing.stderr

    command = [
        venv,
        "-W",
        "error",
        "-m",
        "elevenlabs_pvc.testing.audio",
        "interview.wav",
        "--speakers",
        "2",
        "--seconds",
        "30",
    ]
    written = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert written.returncode == 0, written.stderr
    assert "wrote interview.wav: 2 speaker(s), 30 s" in written.stdout
    assert (tmp_path / "interview.wav").read_bytes()[:4] == b"RIFF"

    result = subprocess.run(
        run, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
