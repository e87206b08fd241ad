"""elevenlabs_pvc.testing.FakePVCAPI tested as a product, and the client's workflow against it."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    AsyncPVCClient,
    AuthenticationError,
    InvalidArgumentError,
    NotFoundError,
    PVCClient,
    SpeakerSelectionOverrideWarning,
    UnprocessableEntityError,
    trim_window,
)
from elevenlabs_pvc.testing import DEFAULT_API_KEY, FakePVCAPI, serve
from scripts.demo import synthesise
from tests.helpers import REPO_ROOT, free_port

HOST = "https://api.elevenlabs.io"


TWO_VOICES = synthesise([(180, 2), (0, 0.5), (600, 2), (0, 0.5), (180, 1.5)], rate=8000)


@pytest.fixture
def fake() -> FakePVCAPI:
    return FakePVCAPI()


@pytest.fixture
def raw(fake: FakePVCAPI) -> Iterator[httpx.Client]:
    """Plain httpx against the fake, with the right key."""
    with httpx.Client(transport=fake.transport, base_url=HOST, headers={"xi-api-key": DEFAULT_API_KEY}) as client:
        yield client


@pytest.fixture
def client(fake: FakePVCAPI) -> Iterator[PVCClient]:
    http = httpx.Client(transport=fake.transport, base_url=HOST)
    with PVCClient(api_key=DEFAULT_API_KEY, http_client=http) as pvc:
        yield pvc
    http.close()


def new_sample(client: PVCClient, audio: bytes = TWO_VOICES) -> tuple[str, str]:
    voice = client.create("Fake", "en").voice_id
    return voice, client.samples.create(voice, audio)[0].sample_id


# --- behaviour ----------------------------------------------------------------------------------


def test_samples_get_real_wav_durations(client: PVCClient, fake: FakePVCAPI):
    voice = client.create("Fake", "en").voice_id
    samples = client.samples.create(voice, [TWO_VOICES, ("clip.mp3", b"ID3" + b"\x00" * 16_000)])
    assert samples[0].duration_secs == 6.5
    assert samples[0].mime_type == "audio/wav"
    # Not WAV: the documented fallback estimates 128 kbit/s.
    assert samples[1].duration_secs == pytest.approx(16_003 / 16_000, abs=0.001)
    assert set(fake.voices[voice].samples) == {samples[0].sample_id, samples[1].sample_id}


def test_separation_goes_not_started_pending_completed(client: PVCClient, fake: FakePVCAPI):
    voice, sample = new_sample(client)
    assert client.samples.speakers.get(voice, sample).status == "not_started"
    client.samples.speakers.separate(voice, sample)
    assert [client.samples.speakers.get(voice, sample).status for _ in range(3)] == ["pending", "pending", "completed"]


def test_separation_finds_the_two_synthetic_speakers_with_their_utterances(client: PVCClient):
    voice, sample = new_sample(client)
    client.samples.speakers.separate(voice, sample)
    status = client.samples.speakers.wait(voice, sample, poll_interval=0.01)
    speakers = {
        speaker_id: [(u.start, u.end) for u in speaker.utterances] for speaker_id, speaker in status.speakers.items()
    }
    assert speakers == {"SPEAKER_0": [(0.0, 2.0), (5.0, 6.5)], "SPEAKER_1": [(2.5, 4.5)]}
    assert status.speakers["SPEAKER_1"].duration_secs == 2.0


def test_each_update_replaces_the_stored_selection_and_trims(client: PVCClient, fake: FakePVCAPI):
    voice, sample = new_sample(client)
    client.samples.speakers.separate(voice, sample)
    client.samples.speakers.wait(voice, sample, poll_interval=0.01)
    client.samples.update(voice, sample, selected_speaker_ids=["SPEAKER_0", "SPEAKER_1"], trim_start_time=500)
    with pytest.warns(SpeakerSelectionOverrideWarning):
        client.samples.update(voice, sample, selected_speaker_ids=["SPEAKER_1"], trim_end_time=6000)
    stored = fake.voices[voice].samples[sample]
    assert (stored.selected_speaker_ids, stored.trim_start, stored.trim_end) == (["SPEAKER_1"], 500, 6000)
    with pytest.warns(SpeakerSelectionOverrideWarning, match="None"):
        client.samples.update(voice, sample, trim_start_time=None, selected_speaker_ids=None)
    assert (stored.selected_speaker_ids, stored.trim_start, stored.trim_end) == (None, None, 6000)


def test_audio_preview_speaker_audio_and_waveform(client: PVCClient):
    voice, sample = new_sample(client)
    preview = client.samples.audio.get(voice, sample)
    with wave.open(io.BytesIO(preview.data)) as reader:
        assert reader.getnframes() / reader.getframerate() == 6.5
    client.samples.speakers.separate(voice, sample)
    client.samples.speakers.wait(voice, sample, poll_interval=0.01)
    assert client.samples.speakers.audio.get(voice, sample, "SPEAKER_1").duration_secs == 2.0
    waveform = client.samples.waveform.get(voice, sample).visual_waveform
    assert len(waveform) == 100
    assert max(waveform) == pytest.approx(0.35, abs=0.01)  # the synthesised level


def test_delete_train_verification_and_captcha(client: PVCClient, fake: FakePVCAPI):
    voice, sample = new_sample(client)
    assert client.train(voice).status == "ok"
    assert fake.voices[voice].training == "started"
    assert client.verification.request(voice, b"%PDF", extra_text="me").status == "ok"
    assert client.verification.captcha.get(voice).json()["text"]
    assert client.verification.captcha.verify(voice, TWO_VOICES).status == "ok"
    assert fake.voices[voice].verification == "verified"
    client.samples.delete(voice, sample)
    assert fake.voices[voice].samples == {}


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_401_without_the_right_key(fake: FakePVCAPI, key: str | None):
    headers = {"xi-api-key": key} if key else {}
    with httpx.Client(transport=fake.transport, base_url=HOST, headers=headers) as http:
        response = http.post("/v1/voices/pvc", json={"name": "x", "language": "en"})
    assert response.status_code == 401
    assert response.json()["detail"]["status"] == "invalid_api_key"


def test_the_client_sees_401_as_authentication_error(fake: FakePVCAPI):
    http = httpx.Client(transport=fake.transport, base_url=HOST)
    with pytest.raises(AuthenticationError, match="Invalid or missing API key"):
        PVCClient(api_key="not-the-key", http_client=http).create("x", "en")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/voices/pvc/nope/train"),
        ("GET", "/v1/voices/pvc/{voice}/samples/nope/audio"),
        ("GET", "/v1/voices/pvc/{voice}/samples/{sample}/speakers/nope/audio"),
        ("DELETE", "/v1/voices/pvc/{voice}/samples/nope"),
        ("GET", "/v1/voices/pvc/nope/captcha"),
    ],
)
def test_404_for_unknown_ids(client: PVCClient, raw: httpx.Client, method: str, path: str):
    voice, sample = new_sample(client)
    response = raw.request(method, path.format(voice=voice, sample=sample))
    assert response.status_code == 404
    assert response.json()["detail"]["status"].endswith("_not_found")


def test_the_client_sees_404_as_not_found(client: PVCClient):
    with pytest.raises(NotFoundError, match="Voice 'nope' was not found"):
        client.samples.speakers.separate("nope", "s")


BAD_INPUT = [
    ("POST", "/v1/voices/pvc", {"json": {"language": "en"}}, ["body", "name"], "missing"),
    ("POST", "/v1/voices/pvc", {"json": {"name": 3, "language": "en"}}, ["body", "name"], "type_error"),
    ("POST", "/v1/voices/pvc", {"json": {"name": "x" * 101, "language": "en"}}, ["body", "name"], "maxLength_error"),
    (
        "POST",
        "/v1/voices/pvc",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        ["body"],
        None,
    ),
    ("POST", "{sample_path}", {"json": {"trim_start_time": "10"}}, ["body", "trim_start_time"], "type_error"),
    (
        "POST",
        "{sample_path}",
        {"json": {"trim_start_time": 3000, "trim_end_time": 1000}},
        ["body", "trim_start_time"],
        None,
    ),
    ("POST", "{sample_path}", {"json": {"trim_end_time": 99_000}}, ["body", "trim_end_time"], None),
    (
        "POST",
        "{sample_path}",
        {"json": {"selected_speaker_ids": ["SPEAKER_0"]}},
        ["body", "selected_speaker_ids"],
        None,
    ),
    ("POST", "{sample_path}", {"json": {"selected_speaker_ids": "SPEAKER_0"}}, ["body", "selected_speaker_ids"], None),
    ("POST", "{sample_path}", {"json": {"remove_background_noise": "yes"}}, ["body", "remove_background_noise"], None),
    ("POST", "/v1/voices/pvc/{voice}/samples", {"files": {"other": ("a.wav", b"RIFF")}}, ["body", "files"], "missing"),
    (
        "POST",
        "/v1/voices/pvc/{voice}/samples",
        {"files": [("files", ("a.wav", TWO_VOICES)), ("remove_background_noise", (None, b"True"))]},
        ["body", "remove_background_noise"],
        None,
    ),
    (
        "POST",
        "/v1/voices/pvc/{voice}/captcha",
        {"files": {"other": ("a.wav", b"RIFF")}},
        ["body", "recording"],
        "missing",
    ),
    ("GET", "{sample_path}/audio?remove_background_noise=maybe", {}, ["query", "remove_background_noise"], None),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "location", "kind"), BAD_INPUT)
def test_bad_input_of_every_kind_gets_the_422_shape(
    client: PVCClient, raw: httpx.Client, method: str, path: str, kwargs: dict[str, Any], location: list[str], kind: Any
):
    voice, sample = new_sample(client)
    url = path.format(voice=voice, sample_path=f"/v1/voices/pvc/{voice}/samples/{sample}")
    response = raw.request(method, url, **kwargs)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    assert all(set(entry) == {"loc", "msg", "type"} for entry in detail)
    assert detail[0]["loc"][: len(location)] == location
    if kind:
        assert detail[0]["type"] == kind


def test_training_without_samples_is_a_422(client: PVCClient):
    voice = client.create("Empty", "en").voice_id
    with pytest.raises(UnprocessableEntityError, match="no samples"):
        client.train(voice)


def test_the_client_reads_the_fakes_422(client: PVCClient, raw: httpx.Client):
    voice, sample = new_sample(client)
    with pytest.raises(UnprocessableEntityError) as raised:
        client.samples.update(voice, sample, selected_speaker_ids=["SPEAKER_0"])
    assert "body.selected_speaker_ids: Speaker separation has not completed" in str(raised.value)


def test_every_response_is_checked_against_the_spec(fake: FakePVCAPI, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fake, "_create_voice", lambda received: (200, {"id": "wrong shape"}))
    http = httpx.Client(transport=fake.transport, base_url=HOST, headers={"xi-api-key": DEFAULT_API_KEY})
    with http, pytest.raises(AssertionError, match="response breaks the spec"):
        http.post("/v1/voices/pvc", json={"name": "x", "language": "en"})


# --- the workflow helpers against the fake, sync and async ---------------------------------------


def test_the_whole_workflow_sync(client: PVCClient, fake: FakePVCAPI):
    voice, sample = new_sample(client)
    client.samples.speakers.separate(voice, sample)
    progress: list[str] = []
    status = client.samples.speakers.wait(
        voice, sample, poll_interval=0.01, on_progress=lambda s: progress.append(s.status)
    )
    assert progress[-1] == "completed"
    assert client.samples.speakers.select(voice, sample, add=["SPEAKER_1"]) == ["SPEAKER_1"]
    assert client.samples.speakers.select(voice, sample, add=["SPEAKER_0"]) == ["SPEAKER_1", "SPEAKER_0"]
    assert client.samples.speakers.select(voice, sample, remove=["SPEAKER_0"]) == ["SPEAKER_1"]
    with pytest.raises(InvalidArgumentError, match="SPEAKER_9"):
        client.samples.speakers.select(voice, sample, add=["SPEAKER_9"])
    window = trim_window(status.speakers["SPEAKER_1"], padding_ms=100)
    client.samples.update(voice, sample, **window.as_update_kwargs())
    stored = fake.voices[voice].samples[sample]
    assert (stored.trim_start, stored.trim_end, stored.selected_speaker_ids) == (2400, 4600, ["SPEAKER_1"])
    # The duration came with the sample: a trim past its end never reaches the fake.
    before = len(fake.requests)
    with pytest.raises(InvalidArgumentError, match="6500 ms"):
        client.samples.update(voice, sample, trim_end_time=7000)
    assert len(fake.requests) == before
    assert client.train(voice).status == "ok"


def test_the_whole_workflow_async(fake: FakePVCAPI):
    async def main() -> list[str]:
        http = httpx.AsyncClient(transport=fake.transport, base_url=HOST)
        async with AsyncPVCClient(api_key=DEFAULT_API_KEY, http_client=http) as client:
            voice = (await client.create("Fake", "en")).voice_id
            sample = (await client.samples.create(voice, TWO_VOICES))[0].sample_id
            await client.samples.speakers.separate(voice, sample)
            await client.samples.speakers.wait(voice, sample, poll_interval=0.01)
            selection = await client.samples.speakers.select(voice, sample, only=["SPEAKER_0"])
            await client.train(voice)
        await http.aclose()
        return selection

    assert asyncio.run(main()) == ["SPEAKER_0"]


# --- served on loopback -------------------------------------------------------------------------


def test_served_on_a_loopback_port(fake: FakePVCAPI):
    with serve(fake) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with PVCClient(api_key=DEFAULT_API_KEY, base_url=server.url) as client:
            voice, sample = new_sample(client)
            client.samples.speakers.separate(voice, sample)
            assert client.samples.speakers.wait(voice, sample, poll_interval=0.01).status == "completed"
    assert len(fake.voices) == 1


def test_python_m_elevenlabs_pvc_testing_serves_until_stopped():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "elevenlabs_pvc.testing", "--port", str(port), "--any-key"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO_ROOT,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in banner
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/voices/pvc", json={"name": "x", "language": "en"}, headers={"xi-api-key": "k"}
        )
        assert response.status_code == 200
        assert json.loads(response.content)["voice_id"]
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode is not None


# --- the real error shapes (issue 22) ----------------------------------------------------------------


def test_error_answers_have_the_shape_production_sends(client: PVCClient):
    from elevenlabs_pvc import AuthenticationError, NotFoundError

    with pytest.raises(NotFoundError) as raised:
        client.train("voice_missing")
    error = raised.value
    assert error.code == "voice_not_found"
    assert error.request_id is not None
    assert error.request_id.startswith("trace_")
    assert error.headers["x-trace-id"] == error.request_id
    assert error.body["detail"]["status"] == error.body["detail"]["code"] == "voice_not_found"
    assert error.body["detail"]["request_id"] == error.request_id
    wrong_key = PVCClient(api_key="wrong-key-123456", http_client=client._http)
    with pytest.raises(AuthenticationError) as denied:
        wrong_key.train("voice_missing")
    assert denied.value.code == "invalid_api_key"
    assert denied.value.request_id is not None


def test_throttle_answers_429_with_the_concurrency_headers_then_recovers(fake: FakePVCAPI, client: PVCClient):
    from elevenlabs_pvc import RateLimitError

    voice = client.create("Narrator", "en").voice_id
    fake.throttle(1)
    assert client.update(voice, name="Again").voice_id == voice  # one 429, retried
    fake.throttle(5)
    with pytest.raises(RateLimitError) as raised:
        client.update(voice, name="Again")
    error = raised.value
    assert (error.code, error.limit, error.current, error.retry_after) == ("too_many_concurrent_requests", 2, 3, 0.0)
    assert error.request_id is not None


def test_the_sample_recording_command_writes_speakers_the_fake_tells_apart(tmp_path: Path):
    from elevenlabs_pvc.testing import audio as audio_module

    out = tmp_path / "two.wav"
    assert audio_module.main([str(out), "--speakers", "2", "--seconds", "20"]) == 0
    loaded = audio_module.load(out.read_bytes(), "audio/wav")
    assert round(loaded.duration_secs) == 20
    assert set(loaded.speakers()) == {"SPEAKER_0", "SPEAKER_1"}
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(SystemExit):
        audio_module.main([str(tmp_path / "bad.wav"), "--speakers", "9"])
    assert not (tmp_path / "bad.wav").exists()
