"""The generated client (elevenlabs_pvc_api) sends correct requests for the seed operations."""

from __future__ import annotations

import json

import httpx
import pytest
from elevenlabs_pvc_api import Client
from elevenlabs_pvc_api.api.samples import samples_update
from elevenlabs_pvc_api.api.samples_speakers import samples_speakers_separate
from elevenlabs_pvc_api.models import (
    AddVoiceResponseModel,
    HTTPValidationError,
    StartSpeakerSeparationResponseModel,
    UpdateSampleBody,
)
from elevenlabs_pvc_api.types import UNSET

BASE_URL = "https://api.elevenlabs.io"


class Recorder:
    """An httpx transport that records requests and answers with a fixed response."""

    def __init__(self, status: int, body: object) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)


def client_for(recorder: Recorder) -> Client:
    return Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(recorder)})


def test_update_sends_only_the_fields_that_are_set_and_null_for_explicit_none():
    recorder = Recorder(200, {"voice_id": "v1"})
    body = UpdateSampleBody(
        remove_background_noise=UNSET,  # the model defaults to False; UNSET leaves it out
        selected_speaker_ids=None,
        trim_start_time=1000,
        file_name=None,
    )
    parsed = samples_update.sync("v1", "s1", client=client_for(recorder), body=body, xi_api_key="key")
    assert isinstance(parsed, AddVoiceResponseModel)
    assert parsed.voice_id == "v1"
    (request,) = recorder.requests
    assert request.method == "POST"
    assert request.url == f"{BASE_URL}/v1/voices/pvc/v1/samples/s1"
    assert request.headers["xi-api-key"] == "key"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"selected_speaker_ids": None, "trim_start_time": 1000, "file_name": None}


def test_update_model_default_sends_remove_background_noise_false():
    # Documented behaviour of the generated layer that the facade must work around.
    assert UpdateSampleBody().to_dict() == {"remove_background_noise": False}


def test_update_with_every_field():
    recorder = Recorder(200, {"voice_id": "v1"})
    body = UpdateSampleBody(
        remove_background_noise=True,
        selected_speaker_ids=["spk_a", "spk_b"],
        trim_start_time=0,
        trim_end_time=2500,
        file_name="take-1.wav",
    )
    samples_update.sync("v1", "s1", client=client_for(recorder), body=body)
    assert json.loads(recorder.requests[0].content) == {
        "remove_background_noise": True,
        "selected_speaker_ids": ["spk_a", "spk_b"],
        "trim_start_time": 0,
        "trim_end_time": 2500,
        "file_name": "take-1.wav",
    }
    assert "xi-api-key" not in recorder.requests[0].headers


def test_update_parses_a_422():
    detail = [{"loc": ["body", "trim_start_time"], "msg": "Input should be a valid integer", "type": "int_parsing"}]
    recorder = Recorder(422, {"detail": detail})
    response = samples_update.sync_detailed("v1", "s1", client=client_for(recorder), body=UpdateSampleBody())
    assert response.status_code == 422
    assert isinstance(response.parsed, HTTPValidationError)
    assert response.parsed.detail[0].msg == "Input should be a valid integer"


def test_separate_sends_a_bodyless_post_and_parses_the_status():
    recorder = Recorder(200, {"status": "ok"})
    parsed = samples_speakers_separate.sync("v 1", "s/1", client=client_for(recorder), xi_api_key="key")
    assert isinstance(parsed, StartSpeakerSeparationResponseModel)
    assert parsed.status == "ok"
    (request,) = recorder.requests
    assert request.method == "POST"
    assert request.url.raw_path == b"/v1/voices/pvc/v%201/samples/s%2F1/separate-speakers"
    assert request.content == b""


@pytest.mark.anyio
async def test_async_update_sends_the_same_request():
    recorder = Recorder(200, {"voice_id": "v1"})
    client = Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(recorder)})
    parsed = await samples_update.asyncio("v1", "s1", client=client, body=UpdateSampleBody(trim_end_time=None))
    assert isinstance(parsed, AddVoiceResponseModel)
    body = json.loads(recorder.requests[0].content)
    assert body == {"remove_background_noise": False, "trim_end_time": None}
