"""scripts/demo.py: the project's main job."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from elevenlabs_pvc import PVCClient
from elevenlabs_pvc.testing import FakePVCAPI
from scripts import demo
from tests.helpers import REPO_ROOT


def test_the_demo_runs_the_whole_workflow_and_exits_0():
    result = subprocess.run(
        [sys.executable, "scripts/demo.py"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in (
        "Fake ElevenLabs PVC API on http://127.0.0.1:",
        "[1/8] create a PVC voice",
        "[2/8] add a synthetic two-speaker sample",
        "[##############################] 375 of 375 KiB",
        "12.0 s",
        "completed",
        "SPEAKER_0: 4.5 s of speech (0-3 s, 6.5-8 s)",
        "SPEAKER_1: 6 s of speech (3.5-6 s, 8.5-12 s)",
        "selected_speaker_ids = ['SPEAKER_1']",
        "[7/8] trim to their utterances: 3500 ms to 12000 ms",
        "status = ok",
        "Done:",
    ):
        assert expected in out


def test_live_without_a_key_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    assert demo.main(["--live"]) == 2
    assert "ELEVENLABS_API_KEY" in capsys.readouterr().err


def test_a_failing_step_exits_non_zero_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    fake = FakePVCAPI()

    @contextlib.contextmanager
    def wrong_key() -> Iterator[PVCClient]:
        http = httpx.Client(transport=fake.transport, base_url="https://api.elevenlabs.io")
        with PVCClient(api_key="not-the-key", http_client=http) as client:
            yield client

    monkeypatch.setattr(demo, "local_client", wrong_key)
    assert demo.main([]) == 1
    assert "demo failed: AuthenticationError: POST /v1/voices/pvc answered 401" in capsys.readouterr().err


def test_the_synthetic_sample_is_a_wav_of_the_scripted_length():
    import io
    import wave

    with wave.open(io.BytesIO(demo.synthesise())) as reader:
        assert reader.getnframes() / reader.getframerate() == sum(seconds for _, seconds in demo.SCRIPT)
