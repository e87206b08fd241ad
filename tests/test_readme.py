"""The README's Python blocks run, in order and in one namespace, against the served fake API (with sybil)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

from elevenlabs_pvc.testing import FakePVCAPI, serve
from scripts.demo import synthesise
from tests.helpers import REPO_ROOT

README = REPO_ROOT / "README.md"


def test_every_python_block_of_the_readme_runs_against_the_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The two-speaker recording the blocks upload: the second speaker talks until the very end.
    (tmp_path / "interview.wav").write_bytes(synthesise())
    monkeypatch.chdir(tmp_path)
    fake = FakePVCAPI(separation_polls=1)
    with serve(fake) as server:
        monkeypatch.setenv("ELEVENLABS_API_KEY", fake.api_key or "")
        monkeypatch.setenv("ELEVENLABS_BASE_URL", server.url)
        document = Sybil([PythonCodeBlockParser()]).parse(README)
        examples = list(document)
        assert len(examples) >= 6
        for example in examples:
            example.evaluate()
    # The workflow block's voice: trimmed inside the sample, the speaker who talks to the end selected, training.
    workflow_voice = next(voice for voice in fake.voices.values() if voice.training == "started")
    (sample,) = workflow_voice.samples.values()
    assert sample.selected_speaker_ids == ["SPEAKER_1"]
    assert (sample.trim_start, sample.trim_end) == (3250, 12000)
