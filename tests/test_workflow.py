"""The workflow helpers: speakers.wait, speakers.select and trim windows from utterances."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import warnings
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    AsyncPVCClient,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    PVCClient,
    SpeakerSeparationError,
    SpeakerSeparationFailedError,
    SpeakerSeparationTimeoutError,
    TrimWindow,
    seconds_to_ms,
    trim_window,
)
from elevenlabs_pvc.testing import FakePVCAPI
from scripts.demo import synthesise
from tests.conftest import FakeClock
from tests.factories import Stalling, status_json
from tests.mockapi import HOST, Harness, MockAPI

# --- wait ----------------------------------------------------------------------------------------


def test_wait_polls_until_completed_with_growing_pauses(harness: Harness, api: MockAPI, clock: FakeClock):
    for status in ("not_started", "pending", "pending", "completed"):
        api.json(200, status_json(status))
    seen: list[str] = []
    final = harness.call(
        lambda c: c.samples.speakers.wait("v1", "s1", poll_interval=2.0, on_progress=lambda s: seen.append(s.status))
    )
    assert final.status == "completed"
    assert seen == ["not_started", "pending", "pending", "completed"]
    assert clock.sleeps == [2.0, 3.0, 4.5]
    assert len(api.requests) == 4


def test_wait_raises_when_separation_failed(harness: Harness, api: MockAPI):
    api.json(200, status_json("pending"))
    api.json(200, status_json("failed"))
    with pytest.raises(SpeakerSeparationFailedError, match="failed") as raised:
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1"))
    assert raised.value.status.status == "failed"


def test_wait_times_out(harness: Harness, api: MockAPI, clock: FakeClock):
    api.json(200, status_json("pending"))
    with pytest.raises(SpeakerSeparationTimeoutError, match=r"still 'pending' after 10 s") as raised:
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", timeout=10, poll_interval=3))
    assert isinstance(raised.value, TimeoutError)
    assert sum(clock.sleeps) == pytest.approx(10.0)
    assert len(api.requests) == len(clock.sleeps) + 1


@pytest.mark.parametrize(("kwargs", "name"), [({"timeout": -1}, "timeout"), ({"poll_interval": 0}, "poll_interval")])
def test_wait_checks_its_arguments(harness: Harness, api: MockAPI, kwargs: dict[str, Any], name: str):
    with pytest.raises(InvalidArgumentError, match=name):
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", **kwargs))
    assert api.requests == []


# --- select --------------------------------------------------------------------------------------


def selection_sent(api: MockAPI) -> list[str]:
    (update,) = [request for request in api.requests if request.method == "POST"]
    body = json.loads(update.content)
    assert list(body) == ["selected_speaker_ids"]
    return body["selected_speaker_ids"]


def test_select_add_keeps_the_current_selection(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a"])).json(200, {"voice_id": "v1"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert harness.call(lambda c: c.samples.speakers.select("v1", "s1", add=["spk_b"])) == ["spk_a", "spk_b"]
    assert selection_sent(api) == ["spk_a", "spk_b"]


def test_select_remove_drops_only_what_is_named_without_warning(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a", "spk_b"])).json(200, {"voice_id": "v1"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert harness.call(lambda c: c.samples.speakers.select("v1", "s1", remove=["spk_a"])) == ["spk_b"]
    assert selection_sent(api) == ["spk_b"]


def test_select_only_sets_exactly(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a"])).json(200, {"voice_id": "v1"})
    assert harness.call(lambda c: c.samples.speakers.select("v1", "s1", only=["spk_b"])) == ["spk_b"]
    assert selection_sent(api) == ["spk_b"]


def test_select_writes_nothing_when_nothing_changes(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", ["spk_a"]))
    assert harness.call(lambda c: c.samples.speakers.select("v1", "s1", add=["spk_a"])) == ["spk_a"]
    assert [request.method for request in api.requests] == ["GET"]


def test_select_refuses_unknown_ids_listing_the_known_ones(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed", []))
    with pytest.raises(InvalidArgumentError, match=r"unknown speaker IDs \['spk_z'\].*\['spk_a', 'spk_b'\]"):
        harness.call(lambda c: c.samples.speakers.select("v1", "s1", add=["spk_a", "spk_z"]))
    assert [request.method for request in api.requests] == ["GET"]


@pytest.mark.parametrize("status", ["not_started", "pending", "failed"])
def test_select_needs_a_completed_separation(harness: Harness, api: MockAPI, status: str):
    api.json(200, status_json(status))
    with pytest.raises(SpeakerSeparationError, match=f"'{status}', not 'completed'"):
        harness.call(lambda c: c.samples.speakers.select("v1", "s1", only=["spk_a"]))
    assert [request.method for request in api.requests] == ["GET"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, InvalidArgumentError),
        ({"only": ["spk_a"], "add": ["spk_b"]}, InvalidArgumentError),
        ({"add": "spk_a"}, InvalidArgumentTypeError),
    ],
)
def test_select_checks_its_arguments_before_writing(harness: Harness, api: MockAPI, kwargs: dict, error: type):
    api.json(200, status_json("completed"))
    with pytest.raises(error):
        harness.call(lambda c: c.samples.speakers.select("v1", "s1", **kwargs))
    assert all(request.method == "GET" for request in api.requests)


def test_select_add_and_remove_the_same_id_is_an_error(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed"))
    with pytest.raises(InvalidArgumentError, match="both added and removed"):
        harness.call(lambda c: c.samples.speakers.select("v1", "s1", add=["spk_a"], remove=["spk_a"]))


# --- trim windows from utterances ----------------------------------------------------------------


def utterance(start: float, end: float) -> SimpleNamespace:
    return SimpleNamespace(start=start, end=end)


def test_trim_window_spans_the_speakers_utterances_in_milliseconds():
    speaker = SimpleNamespace(utterances=[utterance(2.5, 4.0), utterance(0.5004, 1.25), utterance(6.0, 7.0011)])
    window = trim_window(speaker)
    assert window == TrimWindow(500, 7002)
    assert window.duration_ms == 6502
    assert window.as_update_kwargs() == {"trim_start_time": 500, "trim_end_time": 7002}


def test_trim_window_padding_stays_inside_the_sample():
    window = trim_window([utterance(0.1, 9.9)], padding_ms=250, duration_secs=10.0)
    assert window == TrimWindow(0, 10_000)


def test_trim_window_needs_utterances():
    with pytest.raises(InvalidArgumentError, match="no utterances"):
        trim_window(SimpleNamespace(utterances=None))
    with pytest.raises(InvalidArgumentError, match="padding_ms"):
        trim_window([utterance(0, 1)], padding_ms=-1)


def test_trim_window_from_a_real_status_goes_straight_into_update(harness: Harness, api: MockAPI):
    api.json(200, status_json("completed")).json(200, {"voice_id": "v1"})
    client = harness.client()
    status = harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    window = trim_window(status.speakers["spk_b"])
    harness.call(lambda c: c.samples.update("v1", "s1", **window.as_update_kwargs()), client)
    assert json.loads(api.requests[1].content) == {"trim_start_time": 2500, "trim_end_time": 5000}


def test_seconds_to_ms_rounds_to_the_nearest_millisecond():
    assert seconds_to_ms(1.2345) == 1234
    assert seconds_to_ms(1.2346) == 1235
    assert seconds_to_ms(42) == 42_000


class SlowStatus:
    """Wraps the fake: the answer to a status read arrives a while after it was read, so two select() calls overlap."""

    def __init__(self, fake: FakePVCAPI) -> None:
        self.fake = fake

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = self.fake.handle(request)
        if request.method == "GET" and request.url.path.endswith("/speakers"):
            time.sleep(0.2)
        return response

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = self.fake.handle(request)
        if request.method == "GET" and request.url.path.endswith("/speakers"):
            await asyncio.sleep(0.2)
        return response


def separated_sample(fake: FakePVCAPI) -> tuple[str, str]:
    with PVCClient(api_key=fake.api_key, http_client=httpx.Client(transport=fake.transport, base_url=HOST)) as client:
        voice = client.create("Two speakers", "en").voice_id
        (sample,) = client.samples.create(voice, ("two.wav", synthesise()))
        client.samples.speakers.separate(voice, sample.sample_id)
        client.samples.speakers.wait(voice, sample.sample_id)
    return voice, sample.sample_id


# --- wait(timeout=) keeps its word against a server that stalls or drips -----------------------------


@pytest.mark.usefixtures("real_clock")
def test_wait_is_a_deadline_against_a_server_that_stalls_or_drips(harness: Harness, stalling: Stalling):
    client = harness.client(http_client=None, base_url=stalling.url, max_retries=5)
    with pytest.raises(SpeakerSeparationTimeoutError, match=r"after 0.5 s") as raised:
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", timeout=0.5, poll_interval=0.1), client)
    # The poll in flight got the time left; no retry, and no second poll, started past the deadline.
    assert stalling.requests == 1
    assert isinstance(raised.value, TimeoutError)
    assert raised.value.status is None  # no report arrived


def test_a_pause_between_polls_never_ends_past_the_deadline(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(10):
        api.json(200, status_json("pending"))
    with pytest.raises(SpeakerSeparationTimeoutError):
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", timeout=5.0, poll_interval=2.0))
    assert sum(sleeps) <= 5.0


# --- concurrent callers ------------------------------------------------------------------------------


def test_two_threads_adding_speakers_to_one_sample_lose_neither():
    fake = FakePVCAPI(separation_polls=0)
    voice, sample = separated_sample(fake)
    slow = SlowStatus(fake)
    client = PVCClient(
        api_key=fake.api_key, http_client=httpx.Client(transport=httpx.MockTransport(slow.handle), base_url=HOST)
    )
    threads = [
        threading.Thread(target=client.samples.speakers.select, args=(voice, sample), kwargs={"add": [speaker]})
        for speaker in ("SPEAKER_0", "SPEAKER_1")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(fake.voices[voice].samples[sample].selected_speaker_ids or []) == ["SPEAKER_0", "SPEAKER_1"]


def test_two_tasks_adding_speakers_to_one_sample_lose_neither():
    fake = FakePVCAPI(separation_polls=0)
    voice, sample = separated_sample(fake)
    slow = SlowStatus(fake)

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(slow.handle_async), base_url=HOST)
        async with AsyncPVCClient(api_key=fake.api_key, http_client=http) as client:
            await asyncio.gather(
                client.samples.speakers.select(voice, sample, add=["SPEAKER_0"]),
                client.with_options(timeout=30).samples.speakers.select(voice, sample, add=["SPEAKER_1"]),
            )

    asyncio.run(main())
    assert sorted(fake.voices[voice].samples[sample].selected_speaker_ids or []) == ["SPEAKER_0", "SPEAKER_1"]
