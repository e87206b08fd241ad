"""Every PVC operation through the facade, sync and async, against the spec-validating mock."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    APIConnectionError,
    APITimeoutError,
    Audio,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    OperationFailedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SpeakerSelectionOverrideWarning,
    SpeakerSeparationError,
    _operations,
)
from tests.factories import (
    AUDIO,
    AUDIO_B64,
    OK_SEPARATE,
    OPERATIONS,
    Op,
    multipart_parts,
    names,
    sample_json,
    separate,
    status_json,
    wav_bytes,
)
from tests.mockapi import HOST, Harness, MockAPI

# --- voices --------------------------------------------------------------------------------------


def test_create_voice(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v9"})
    created = harness.call(lambda c: c.create("Narrator", "en", description="Calm", labels={"accent": "british"}))
    assert created.voice_id == "v9"
    request = api.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/voices/pvc")
    assert json.loads(request.content) == {
        "name": "Narrator",
        "language": "en",
        "description": "Calm",
        "labels": {"accent": "british"},
    }


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": "", "language": "en"}, InvalidArgumentError),
        ({"name": "x" * 101, "language": "en"}, InvalidArgumentError),
        ({"name": "ok", "language": 3}, InvalidArgumentTypeError),
        ({"name": "ok", "language": "en", "labels": {"a": 1}}, InvalidArgumentTypeError),
        ({"name": "ok", "language": "en", "description": "d" * 501}, InvalidArgumentError),
    ],
)
def test_create_voice_checks_its_arguments(harness: Harness, api: MockAPI, kwargs: dict[str, Any], error: type):
    with pytest.raises(error):
        harness.call(lambda c: c.create(**kwargs))
    assert api.requests == []


def test_update_voice_sends_only_what_is_given(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    harness.call(lambda c: c.update("v1", name="Renamed", description=None))
    assert api.requests[0].url.path == "/v1/voices/pvc/v1"
    assert json.loads(api.requests[0].content) == {"name": "Renamed", "description": None}


def test_train(harness: Harness, api: MockAPI):
    api.json(200, {"status": "ok"})
    assert harness.call(lambda c: c.train("v1", model_id="eleven_multilingual_v2")).status == "ok"
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/train"
    assert json.loads(api.requests[0].content) == {"model_id": "eleven_multilingual_v2"}


def test_train_must_answer_ok(harness: Harness, api: MockAPI):
    api.json(200, {"status": "queue full"})
    with pytest.raises(OperationFailedError, match="queue full"):
        harness.call(lambda c: c.train("v1"))


def test_train_is_not_repeated_after_a_gateway_error(harness: Harness, api: MockAPI):
    api.json(502, {"detail": "bad gateway"})
    with pytest.raises(ServerError):
        harness.call(lambda c: c.train("v1"))
    assert len(api.requests) == 1


# --- samples: add (multipart) --------------------------------------------------------------------


def test_add_samples_from_paths_bytes_and_file_objects(harness: Harness, api: MockAPI, tmp_path: Path):
    path = tmp_path / "take one.wav"
    path.write_bytes(wav_bytes())
    api.json(200, [sample_json("s1"), sample_json("s2", None), sample_json("s3"), sample_json("s4")])
    with path.open("rb") as handle:
        samples = harness.call(
            lambda c: c.samples.create(
                "v1",
                [path, AUDIO, handle, ("custom.flac", b"fLaC...")],
                remove_background_noise=True,
            )
        )
    assert [sample.sample_id for sample in samples] == ["s1", "s2", "s3", "s4"]
    request = api.requests[0]
    assert request.url.path == "/v1/voices/pvc/v1/samples"
    assert "boundary=+++" not in request.headers["content-type"]
    parts = multipart_parts(request)
    assert [(name, file_name, kind) for name, file_name, kind, _ in parts] == [
        ("files", "take one.wav", "audio/wav"),
        ("files", "sample-2.mp3", "audio/mpeg"),
        ("files", "take one.wav", "audio/wav"),
        ("files", "custom.flac", "audio/flac"),
        ("remove_background_noise", None, "text/plain"),
    ]
    assert parts[0][3] == path.read_bytes()
    assert parts[1][3] == AUDIO
    assert parts[4][3] == b"true"


def test_add_a_single_sample(harness: Harness, api: MockAPI):
    api.json(200, [sample_json()])
    harness.call(lambda c: c.samples.create("v1", wav_bytes()))
    (part,) = multipart_parts(api.requests[0])
    assert part[:3] == ("files", "sample-1.wav", "audio/wav")


@pytest.mark.parametrize(
    ("files", "error", "fragment"),
    [
        ([], InvalidArgumentError, "at least one file"),
        ("/no/such/file.wav", InvalidArgumentError, "no such file"),
        (b"", InvalidArgumentError, "empty"),
        (io.StringIO("text"), InvalidArgumentTypeError, "binary mode"),
        ([3], InvalidArgumentTypeError, "files[0]"),
    ],
)
def test_add_samples_refuses_bad_files_before_sending(
    harness: Harness, api: MockAPI, files: Any, error: type, fragment: str
):
    with pytest.raises(error, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        harness.call(lambda c: c.samples.create("v1", files))
    assert api.requests == []


def test_add_samples_is_retried_with_every_part_after_a_429(harness: Harness, api: MockAPI):
    api.json(429, {"detail": "slow down"}, {"Retry-After": "1"})
    api.json(200, [sample_json("s1"), sample_json("s2")])
    harness.call(lambda c: c.samples.create("v1", [AUDIO, wav_bytes()], remove_background_noise=False))
    first, second = (multipart_parts(request) for request in api.requests)
    assert first == second
    assert len(first) == 3


def test_add_samples_is_retried_with_every_part_after_a_refused_connection(harness: Harness, api: MockAPI):
    api.reply(httpx.ConnectError("refused"), httpx.Response(200, json=[sample_json("s1"), sample_json("s2")]))
    harness.call(lambda c: c.samples.create("v1", [AUDIO, wav_bytes()]))
    assert len(api.requests) == 2
    assert multipart_parts(api.requests[0]) == multipart_parts(api.requests[1])


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (lambda: httpx.Response(503, json={"detail": "busy"}), ServerError),
        (lambda: httpx.Response(504, json={"detail": "timeout"}), ServerError),
        (lambda: httpx.ReadTimeout("slow"), APITimeoutError),
        (lambda: httpx.RemoteProtocolError("closed"), APIConnectionError),
    ],
)
def test_add_samples_is_never_repeated_once_it_may_have_arrived(
    harness: Harness, api: MockAPI, failure: Any, error: type
):
    api.reply(failure())
    with pytest.raises(error):
        harness.call(lambda c: c.samples.create("v1", AUDIO))
    assert len(api.requests) == 1


def test_durations_from_add_samples_bound_later_trims(harness: Harness, api: MockAPI):
    api.json(200, [sample_json("s1", duration=12.5)])
    client = harness.client()
    harness.call(lambda c: c.samples.create("v1", AUDIO), client)
    api.reset()
    with pytest.raises(InvalidArgumentError, match=r"trim_end_time \(13000 ms\).*12500 ms"):
        harness.call(lambda c: c.samples.update("v1", "s1", trim_end_time=13_000), client)
    with pytest.raises(InvalidArgumentError, match=r"trim_start_time \(12500 ms\)"):
        harness.call(lambda c: c.samples.update("v1", "s1", trim_start_time=12_500), client)
    assert api.requests == []
    api.json(200, {"voice_id": "v1"})
    harness.call(lambda c: c.samples.update("v1", "s1", trim_start_time=1_000, trim_end_time=12_500), client)
    assert len(api.requests) == 1


# --- samples: delete, audio, waveform ------------------------------------------------------------


def test_delete_sample(harness: Harness, api: MockAPI):
    api.json(200, {"status": "ok"})
    assert harness.call(lambda c: c.samples.delete("v1", "s1")).status == "ok"
    assert (api.requests[0].method, api.requests[0].url.path) == ("DELETE", "/v1/voices/pvc/v1/samples/s1")


def test_delete_must_answer_ok(harness: Harness, api: MockAPI):
    api.json(200, {"status": "locked"})
    with pytest.raises(OperationFailedError, match="locked"):
        harness.call(lambda c: c.samples.delete("v1", "s1"))


def test_sample_audio_is_decoded(harness: Harness, api: MockAPI, tmp_path: Path):
    api.json(
        200,
        {
            "audio_base_64": AUDIO_B64,
            "voice_id": "v1",
            "sample_id": "s1",
            "media_type": "audio/mpeg",
            "duration_secs": 8.0,
        },
    )
    audio = harness.call(lambda c: c.samples.audio.get("v1", "s1"))
    assert isinstance(audio, Audio)
    assert (audio.data, audio.media_type, audio.duration_secs, audio.size) == (AUDIO, "audio/mpeg", 8.0, len(AUDIO))
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/samples/s1/audio"
    assert api.requests[0].url.query == b""  # remove_background_noise only when given
    assert audio.save(tmp_path / "preview.mp3").read_bytes() == AUDIO
    assert "data" not in repr(audio)


def test_sample_audio_with_noise_removal(harness: Harness, api: MockAPI):
    api.json(200, {"audio_base_64": AUDIO_B64, "voice_id": "v1", "sample_id": "s1", "media_type": "audio/mpeg"})
    audio = harness.call(lambda c: c.samples.audio.get("v1", "s1", remove_background_noise=True))
    assert api.requests[0].url.params["remove_background_noise"] == "true"
    assert audio.duration_secs is None


def test_a_short_preview_tells_the_sample_duration(harness: Harness, api: MockAPI):
    body = {"audio_base_64": AUDIO_B64, "voice_id": "v1", "sample_id": "s1", "media_type": "audio/mpeg"}
    api.json(200, {**body, "duration_secs": 4.0})
    client = harness.client()
    harness.call(lambda c: c.samples.audio.get("v1", "s1"), client)
    with pytest.raises(InvalidArgumentError, match="4000 ms"):
        harness.call(lambda c: c.samples.update("v1", "s1", trim_end_time=4_001), client)
    # A 30-second preview is capped: it says nothing about the sample's length.
    api.reset().json(200, {**body, "sample_id": "s2", "duration_secs": 30.0})
    harness.call(lambda c: c.samples.audio.get("v1", "s2"), client)
    api.reset().json(200, {"voice_id": "v1"})
    harness.call(lambda c: c.samples.update("v1", "s2", trim_end_time=95_000), client)


def test_invalid_base64_audio_is_an_error(harness: Harness, api: MockAPI):
    api.json(200, {"audio_base_64": "***", "voice_id": "v1", "sample_id": "s1", "media_type": "audio/mpeg"})
    with pytest.raises(ResponseValidationError, match="base64"):
        harness.call(lambda c: c.samples.audio.get("v1", "s1"))


def test_waveform(harness: Harness, api: MockAPI):
    api.json(200, {"sample_id": "s1", "visual_waveform": [0.0, 0.5, 1.0]})
    waveform = harness.call(lambda c: c.samples.waveform.get("v1", "s1"))
    assert waveform.visual_waveform == [0.0, 0.5, 1.0]
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/samples/s1/waveform"


# --- speakers ------------------------------------------------------------------------------------


def test_separation_status(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a"]))
    status = harness.call(lambda c: c.samples.speakers.get("v1", "s1"))
    assert status.status == "completed"
    assert sorted(status.speakers) == ["spk_a", "spk_b"]
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/samples/s1/speakers"


def test_the_override_warning_uses_the_selection_the_status_reported(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a", "spk_b"]))
    client = harness.client()
    harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    api.reset().json(200, {"voice_id": "v1"})
    with pytest.warns(SpeakerSelectionOverrideWarning, match=r"deselects \['spk_a'\]"):
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=["spk_b"]), client)


def test_an_unknown_status_value_is_a_spec_violation(harness: Harness, api: MockAPI):
    api.json(200, {**status_json("pending"), "status": "exploded"}, valid=False)
    with pytest.raises(ResponseValidationError):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"))


def test_speaker_audio(harness: Harness, api: MockAPI):
    api.json(200, {"audio_base_64": AUDIO_B64, "media_type": "audio/mpeg", "duration_secs": 3.5})
    audio = harness.call(lambda c: c.samples.speakers.audio.get("v1", "s1", "spk_a"))
    assert (audio.data, audio.speaker_id, audio.duration_secs) == (AUDIO, "spk_a", 3.5)
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/samples/s1/speakers/spk_a/audio"


# --- verification --------------------------------------------------------------------------------


def test_request_verification(harness: Harness, api: MockAPI):
    api.json(200, {"status": "ok"})
    harness.call(lambda c: c.verification.request("v1", [("id.pdf", b"%PDF-1.4 ...")], extra_text="It is me"))
    request = api.requests[0]
    assert request.url.path == "/v1/voices/pvc/v1/verification"
    assert [(n, f, t, b) for n, f, t, b in multipart_parts(request)] == [
        ("files", "id.pdf", "application/pdf", b"%PDF-1.4 ..."),
        ("extra_text", None, "text/plain", b"It is me"),
    ]


def test_request_verification_refuses_a_null_text(harness: Harness, api: MockAPI):
    with pytest.raises(InvalidArgumentTypeError, match="extra_text"):
        harness.call(lambda c: c.verification.request("v1", b"data", extra_text=None))
    assert api.requests == []


def test_captcha_is_returned_raw(harness: Harness, api: MockAPI):
    api.json(200, {"text": "read this aloud"})
    captcha = harness.call(lambda c: c.verification.captcha.get("v1"))
    assert captcha.json() == {"text": "read this aloud"}
    assert captcha.content_type == "application/json"
    assert api.requests[0].url.path == "/v1/voices/pvc/v1/captcha"
    api.reset().reply(httpx.Response(200, content=b"\x89PNG...", headers={"content-type": "image/png"}))
    captcha = harness.call(lambda c: c.verification.captcha.get("v1"))
    assert (captcha.content, captcha.content_type) == (b"\x89PNG...", "image/png")


def test_verify_captcha(harness: Harness, api: MockAPI):
    api.json(200, {"status": "ok"})
    harness.call(lambda c: c.verification.captcha.verify("v1", wav_bytes()))
    (part,) = multipart_parts(api.requests[0])
    assert part[:3] == ("recording", "sample-1.wav", "audio/wav")


def test_rate_limit_error_reaches_the_caller_of_add_samples(harness: Harness, api: MockAPI):
    api.json(429, {"detail": "quota"}, {"Retry-After": "7200"})
    with pytest.raises(RateLimitError):
        harness.call(lambda c: c.samples.create("v1", AUDIO))
    assert HOST in str(api.requests[0].url)


# --- the mock's multipart check itself -------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("remove_background_noise", (None, b"true", "text/plain"))], r"\['body', 'files'\], 'msg': 'Field required'"),
        (
            [("files", ("a.wav", b"RIFF", "audio/wav")), ("remove_background_noise", (None, b"True", "text/plain"))],
            "is not of type 'boolean'",
        ),
    ],
)
def test_the_mock_refuses_multipart_bodies_that_break_the_spec(files: Any, message: str):
    from tests.mockapi import validate_request

    request = httpx.Request("POST", f"{HOST}/v1/voices/pvc/v1/samples", files=files)
    request.read()
    with pytest.raises(AssertionError, match=message):
        validate_request(request)


# --- speaker separation answers ----------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"status": "error: busy"}, {"status": "failed"}])
def test_separation_must_answer_ok(harness: Harness, api: MockAPI, body: dict[str, str]):
    api.json(200, body)
    with pytest.raises(SpeakerSeparationError, match=repr(body["status"])):
        harness.call(separate())


def test_separation_ok_is_returned(harness: Harness, api: MockAPI):
    api.json(200, OK_SEPARATE)
    assert harness.call(separate()).status == "ok"
    assert api.requests[0].content == b""


# --- the operation table (_operations.py) ------------------------------------------------------------


def test_the_table_describes_each_of_the_fourteen_operations_once():
    table = _operations.OPERATIONS
    assert len(table) == 14 == len({operation.module for operation in table}) == len(OPERATIONS)
    assert sorted(op.repeatable for op in OPERATIONS) == sorted(operation.repeatable for operation in table)
    for operation in table:
        assert callable(operation.module._get_kwargs)
        assert callable(operation.module._build_response)


@names
def test_every_operation_answers_through_the_table(harness: Harness, api: MockAPI, op: Op):
    api.json(200, op.answer)
    assert harness.call(op.call) is not None
    assert len(api.requests) == 1
