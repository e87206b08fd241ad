"""Trust at the edges: the key stays home, hostile answers get typed errors, concurrent callers lose nothing."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import traceback
import warnings
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    APIStatusError,
    AsyncPVCClient,
    ConfigurationError,
    OperationFailedError,
    PVCClient,
    PVCError,
    ResponseValidationError,
    UnprocessableEntityError,
)
from elevenlabs_pvc.testing import FakePVCAPI
from scripts.demo import synthesise
from tests.mockapi import API_KEY, HOST, Harness, MockAPI
from tests.test_call_path import Op, names
from tests.test_operations import sample_json


def everything_shown(error: BaseException) -> str:
    """All the text an error can show: message, repr and attributes of it and of every exception behind it."""
    texts, link = [], error
    seen: set[int] = set()
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        texts += ["".join(traceback.format_exception_only(link)), repr(link), repr(vars(link))]
        link = link.__cause__ or link.__context__
    return "\n".join(texts)


# --- the key stays home ------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_not_followed_even_by_a_client_that_follows_redirects(
    harness: Harness, api: MockAPI
):
    api.reply(httpx.Response(307, headers={"location": "https://evil.example/steal?x=1"}))
    kind = httpx.AsyncClient if harness.is_async else httpx.Client
    transport = api.async_http_client()._transport if harness.is_async else api.http_client()._transport
    client = harness.client(http_client=kind(transport=transport, base_url=HOST, follow_redirects=True))
    with pytest.raises(APIStatusError, match=r"redirect to https://evil\.example, not followed") as raised:
        harness.call(lambda c: c.samples.update("v1", "s1", file_name="a.wav"), client)
    assert raised.value.status_code == 307
    assert [request.url.host for request in api.requests] == ["api.elevenlabs.io"]


def test_a_json_error_body_that_echoes_the_key_keeps_it_out_of_the_error(harness: Harness, api: MockAPI):
    api.json(400, {"detail": {"message": "bad", "request_headers": {"xi-api-key": API_KEY}}, API_KEY: [API_KEY]})
    with pytest.raises(APIStatusError) as raised:
        harness.call(lambda c: c.samples.update("v1", "s1", file_name="a.wav"))
    assert API_KEY not in everything_shown(raised.value)
    assert raised.value.body["detail"]["request_headers"]["xi-api-key"] == "[redacted]"


@pytest.mark.parametrize(
    ("call", "body", "error"),
    [
        (lambda c: c.train("v1"), {"status": f"refused for {API_KEY}"}, OperationFailedError),
        (
            lambda c: c.samples.update("v1", "s1", file_name="a"),
            {"voice_id": {"key": API_KEY}},
            ResponseValidationError,
        ),
        (lambda c: c.samples.speakers.get("v1", "s1"), {"status": API_KEY}, ResponseValidationError),
    ],
)
def test_a_2xx_body_that_echoes_the_key_keeps_it_out_of_the_error(
    harness: Harness, api: MockAPI, call: Any, body: Any, error: type
):
    api.json(200, body, valid=False)
    with pytest.raises(error) as raised:
        harness.call(call)
    assert API_KEY not in everything_shown(raised.value)


def test_a_transport_error_that_shows_the_key_is_cut_from_the_chain(harness: Harness, api: MockAPI):
    api.reply(ValueError(f"proxy refused header xi-api-key={API_KEY}"))
    with pytest.raises(PVCError) as raised:
        harness.call(lambda c: c.samples.update("v1", "s1", file_name="a"), harness.client(max_retries=0))
    assert API_KEY not in everything_shown(raised.value)


def test_no_object_the_client_holds_shows_the_key(harness: Harness, api: MockAPI):
    client = harness.client()
    api.json(200, {"voice_id": "v1"})
    raw = harness.call(lambda c: c.with_raw_response.samples.update("v1", "s1", file_name="a"), client)
    held = [client, client._options, client._state, client.samples, client.with_options(timeout=3), raw]
    for thing in held:
        assert API_KEY not in repr(thing)
        assert API_KEY not in repr(vars(thing))


def test_logs_and_warnings_never_show_the_key(harness: Harness, api: MockAPI, caplog: pytest.LogCaptureFixture):
    api.json(503, {"detail": f"down {API_KEY}"})
    api.json(200, {"voice_id": "v1"})
    with caplog.at_level(logging.DEBUG), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=[]))
    assert caught
    for text in [record.getMessage() for record in caplog.records] + [str(w.message) for w in caught]:
        assert API_KEY not in text


# --- hostile answers -------------------------------------------------------------------------------

#: Answers to give as 200 (fresh for every test: an httpx.Response is read once).
HOSTILE_2XX: list[dict[str, Any]] = [
    {"json": {}},
    {"text": ""},
    {"json": ""},
    {"json": None},
    {"json": 7},
    {"json": [{}]},
    {"json": {"status": None, "voice_id": None, "audio_base_64": 5}},
    {"content": b"\xff\xfe not utf-8"},
    {"content": b"[" * 100_000},
    {"text": "<html>gateway</html>", "headers": {"content-type": "text/html"}},
]


@names
@pytest.mark.parametrize("reply", HOSTILE_2XX, ids=range(len(HOSTILE_2XX)))
def test_every_odd_2xx_answer_is_a_typed_error_naming_the_operation(
    harness: Harness, api: MockAPI, op: Op, reply: dict[str, Any]
):
    api.reply(lambda _: httpx.Response(200, **reply), valid=False)
    if op.name == "verification.captcha.get":  # the captcha has no schema: it takes any answer
        harness.call(op.call)
        return
    with pytest.raises((ResponseValidationError, OperationFailedError)) as raised:
        harness.call(op.call)
    assert any(operation.name in str(raised.value) for operation in _operations())


def _operations() -> Any:
    from elevenlabs_pvc import _operations

    return _operations.OPERATIONS


@pytest.mark.parametrize(
    "body",
    [
        {"detail": [{"loc": "body", "msg": "bad"}]},
        {"detail": [{"loc": 5, "msg": None}]},
        {"detail": [{"loc": None}]},
        {"detail": ["text", 3, None]},
        {"detail": "plain"},
        {"detail": {"message": {"nested": True}}},
        [1, 2],
    ],
)
def test_an_odd_422_is_an_unprocessable_entity_error(harness: Harness, api: MockAPI, body: Any):
    api.json(422, body, valid=False)
    with pytest.raises(UnprocessableEntityError, match=r"\[update PVC sample\]"):
        harness.call(lambda c: c.samples.update("v1", "s1", file_name="a"))


@names
def test_every_error_status_names_the_operation(harness: Harness, api: MockAPI, op: Op):
    api.reply(httpx.Response(404, text="nope"))
    with pytest.raises(APIStatusError) as raised:
        harness.call(op.call)
    assert any(f"[{o.name}]" in str(raised.value) for o in _operations())


@pytest.mark.parametrize("answer", [{}, "", [], None], ids=["{}", "empty string", "[]", "null"])
def test_an_add_samples_answer_that_is_not_a_list_of_samples_is_refused(harness: Harness, api: MockAPI, answer: Any):
    api.json(200, answer, valid=False)
    with pytest.raises(ResponseValidationError, match="add samples to PVC voice"):
        harness.call(lambda c: c.samples.create("v1", b"ID3 audio"))


def test_fewer_samples_than_files_sent_is_refused(harness: Harness, api: MockAPI):
    api.json(200, [sample_json("s1")])
    with pytest.raises(ResponseValidationError, match="1 samples for 2 files"):
        harness.call(lambda c: c.samples.create("v1", [b"ID3 one", b"ID3 two"]))


# --- base_url ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://",
        "https:///v1",
        "http://a b.example",
        "http://api.example/?region=eu",
        "http://api.example/#top",
        "ftp://api.example",
        "http://api.example/\n",
        "api.example",
    ],
)
def test_a_malformed_base_url_is_refused_at_construction(base_url: str):
    for kind in (PVCClient, AsyncPVCClient):
        with pytest.raises(ConfigurationError, match="base_url"):
            kind(api_key=API_KEY, base_url=base_url)


def test_credentials_in_a_base_url_are_refused_without_showing_them():
    for kind in (PVCClient, AsyncPVCClient):
        with pytest.raises(ConfigurationError, match="credentials") as raised:
            kind(api_key=API_KEY, base_url="https://user:hunter2@api.example")
        assert "hunter2" not in everything_shown(raised.value)
    with pytest.raises(ConfigurationError, match=r"http_client\.base_url"):
        PVCClient(api_key=API_KEY, http_client=httpx.Client(base_url="https://user:hunter2@api.example"))


# --- concurrent callers ------------------------------------------------------------------------------


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
