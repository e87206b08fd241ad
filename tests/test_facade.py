"""The facade (elevenlabs_pvc): every behaviour of the client, sync and async.

Each test that takes ``harness`` runs twice, with PVCClient and AsyncPVCClient;
every request is validated against the spec by the mock (tests/mockapi.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx
import yaml

import elevenlabs_pvc
from elevenlabs_pvc import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncPVCClient,
    AuthenticationError,
    ConfigurationError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    PermissionDeniedError,
    PVCClient,
    PVCError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    ShortTrimWindowWarning,
    SpeakerSelectionClearedWarning,
    SpeakerSelectionOverrideWarning,
    SpeakerSeparationError,
    UnprocessableEntityError,
)
from elevenlabs_pvc.retries import RetryPolicy, retry_after_seconds
from tests.helpers import SPEC_PATH
from tests.mockapi import API_KEY, HOST, Harness, MockAPI, validated

UPDATE_URL = f"{HOST}/v1/voices/pvc/v1/samples/s1"
SEPARATE_URL = f"{HOST}/v1/voices/pvc/v1/samples/s1/separate-speakers"
OK_UPDATE = {"voice_id": "v1"}
OK_SEPARATE = {"status": "ok"}


def update(**kwargs: Any) -> Any:
    return lambda client: client.samples.update("v1", "s1", **kwargs)


def separate(voice_id: str = "v1", sample_id: str = "s1") -> Any:
    return lambda client: client.samples.speakers.separate(voice_id, sample_id)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


# --- auth ----------------------------------------------------------------------------------------


def test_api_key_is_sent_as_xi_api_key(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update())
    assert api.requests[0].headers["xi-api-key"] == API_KEY


def test_api_key_is_read_from_the_environment_when_the_client_is_built(
    harness: Harness, api: MockAPI, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ELEVENLABS_API_KEY", "from-env")
    client = harness.client(api_key=None)
    monkeypatch.setenv("ELEVENLABS_API_KEY", "changed-later")
    api.json(200, OK_UPDATE)
    harness.call(update(), client)
    assert api.requests[0].headers["xi-api-key"] == "from-env"


@pytest.mark.parametrize("client_class", [PVCClient, AsyncPVCClient])
def test_a_missing_api_key_is_a_clear_error_at_construction(
    client_class: type[PVCClient], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="ELEVENLABS_API_KEY"):
        client_class()
    with pytest.raises(ConfigurationError, match="empty"):
        client_class(api_key="   ")


def test_an_api_key_that_cannot_be_a_header_is_refused_without_echoing_it():
    with pytest.raises(ConfigurationError) as raised:
        PVCClient(api_key="sk_abc\ndef")
    assert "sk_abc" not in str(raised.value)


def test_importing_does_not_read_the_environment(monkeypatch: pytest.MonkeyPatch):
    import importlib

    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    importlib.reload(elevenlabs_pvc)  # no error: the key is only needed by a client


# --- regions and base URLs -----------------------------------------------------------------------


def test_regions_are_the_spec_servers_in_order():
    servers = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["servers"]
    assert list(elevenlabs_pvc.REGIONS.values()) == [server["url"] for server in servers]
    assert list(elevenlabs_pvc.REGIONS) == ["default", "us", "eu", "in"]


@pytest.mark.parametrize("region", ["default", "us", "eu", "in"])
def test_each_region_sends_to_its_host(region: str, respx_mock: respx.MockRouter):
    url = f"{elevenlabs_pvc.REGIONS[region]}/v1/voices/pvc/v1/samples/s1/separate-speakers"
    route = respx_mock.post(url).mock(side_effect=validated(httpx.Response(200, json=OK_SEPARATE)))
    with PVCClient(api_key=API_KEY, region=region) as client:  # type: ignore[arg-type]
        client.samples.speakers.separate("v1", "s1")
        assert client.base_url == elevenlabs_pvc.REGIONS[region]
    assert route.call_count == 1


def test_async_client_uses_the_region_host(respx_mock: respx.MockRouter):
    url = f"{elevenlabs_pvc.REGIONS['eu']}/v1/voices/pvc/v1/samples/s1/separate-speakers"
    route = respx_mock.post(url).mock(side_effect=validated(httpx.Response(200, json=OK_SEPARATE)))

    async def main() -> None:
        async with AsyncPVCClient(api_key=API_KEY, region="eu") as client:
            await client.samples.speakers.separate("v1", "s1")

    asyncio.run(main())
    assert route.call_count == 1


def test_base_url_overrides_the_region(respx_mock: respx.MockRouter):
    url = "http://127.0.0.1:9/prefix/v1/voices/pvc/v1/samples/s1/separate-speakers"
    route = respx_mock.post(url).mock(side_effect=validated(httpx.Response(200, json=OK_SEPARATE), prefix="/prefix"))
    with PVCClient(api_key=API_KEY, region="eu", base_url="http://127.0.0.1:9/prefix/") as client:
        client.samples.speakers.separate("v1", "s1")
    assert route.call_count == 1


@pytest.mark.parametrize("region", ["EU", "moon", "", None, 3])
def test_an_unknown_region_is_a_clear_error(region: Any):
    with pytest.raises(ConfigurationError, match="unknown region") as raised:
        PVCClient(api_key=API_KEY, region=region)
    assert "'default', 'us', 'eu', 'in'" in str(raised.value)


@pytest.mark.parametrize("base_url", ["api.elevenlabs.io", "ftp://x", ""])
def test_a_base_url_without_scheme_is_refused(base_url: str):
    with pytest.raises(ConfigurationError, match="base_url"):
        PVCClient(api_key=API_KEY, base_url=base_url)


def test_the_http_clients_own_base_url_is_used_when_no_region_or_base_url_is_given(api: MockAPI):
    api.json(200, OK_SEPARATE)
    client = PVCClient(api_key=API_KEY, http_client=api.http_client(base_url="https://api.elevenlabs.io"))
    client.samples.speakers.separate("v1", "s1")
    assert str(api.requests[0].url) == SEPARATE_URL


def test_an_explicit_region_wins_over_the_http_clients_base_url(api: MockAPI):
    api.json(200, OK_SEPARATE)
    client = PVCClient(api_key=API_KEY, region="us", http_client=api.http_client(base_url="http://127.0.0.1:9"))
    client.samples.speakers.separate("v1", "s1")
    assert api.requests[0].url.host == "api.us.elevenlabs.io"


# --- the caller's own httpx client ---------------------------------------------------------------


def test_a_callers_http_client_is_used_as_given_and_not_closed(api: MockAPI):
    timeout = httpx.Timeout(3.0, read=7.0)
    own = api.http_client(base_url=HOST, timeout=timeout, headers={"X-Trace": "mine"})
    with PVCClient(api_key=API_KEY, http_client=own) as client:
        api.json(200, OK_UPDATE)
        client.samples.update("v1", "s1", trim_start_time=0)
    assert own.timeout == timeout
    assert api.requests[0].headers["x-trace"] == "mine"
    assert not own.is_closed
    own.close()


def test_a_callers_async_http_client_is_used_as_given_and_not_closed(api: MockAPI):
    own = api.async_http_client(base_url=HOST, timeout=4.0)

    async def main() -> None:
        async with AsyncPVCClient(api_key=API_KEY, http_client=own) as client:
            api.json(200, OK_SEPARATE)
            await client.samples.speakers.separate("v1", "s1")
        assert not own.is_closed
        await own.aclose()

    asyncio.run(main())
    assert own.timeout == httpx.Timeout(4.0)
    assert len(api.requests) == 1


def test_the_client_closes_the_http_client_it_created():
    client = PVCClient(api_key=API_KEY)
    with client:
        pass
    assert client._http.is_closed


def test_timeout_goes_to_the_created_http_client():
    with PVCClient(api_key=API_KEY, timeout=2.5) as client:
        assert client._http.timeout == httpx.Timeout(2.5)
    with PVCClient(api_key=API_KEY) as client:
        assert client._http.timeout == elevenlabs_pvc.DEFAULT_TIMEOUT


def test_timeout_with_an_own_http_client_is_refused(api: MockAPI):
    with pytest.raises(ConfigurationError, match="timeout"):
        PVCClient(api_key=API_KEY, timeout=5, http_client=api.http_client())


def test_an_http_client_of_the_wrong_kind_is_refused(api: MockAPI):
    with pytest.raises(ConfigurationError, match=r"httpx\.Client"):
        PVCClient(api_key=API_KEY, http_client=api.async_http_client())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"httpx\.AsyncClient"):
        AsyncPVCClient(api_key=API_KEY, http_client=api.http_client())  # type: ignore[arg-type]


@pytest.mark.parametrize("max_retries", [-1, 1.5, True, "2"])
def test_bad_max_retries_is_refused(max_retries: Any):
    with pytest.raises(ConfigurationError, match="max_retries"):
        PVCClient(api_key=API_KEY, max_retries=max_retries)


# --- only what the caller sets is sent -----------------------------------------------------------


def test_omitted_arguments_are_not_sent(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    result = harness.call(update())
    assert sent_json(api.requests[0]) == {}
    assert result.voice_id == "v1"


def test_explicit_none_sends_null(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update(trim_start_time=None, trim_end_time=None, selected_speaker_ids=None, file_name=None))
    assert sent_json(api.requests[0]) == {
        "trim_start_time": None,
        "trim_end_time": None,
        "selected_speaker_ids": None,
        "file_name": None,
    }


@pytest.mark.parametrize("value", [True, False])
def test_remove_background_noise_is_sent_only_when_given(harness: Harness, api: MockAPI, value: bool):
    api.json(200, OK_UPDATE)
    harness.call(update(remove_background_noise=value, file_name="take.wav"))
    assert sent_json(api.requests[0]) == {"remove_background_noise": value, "file_name": "take.wav"}


def test_every_field_together(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(
        update(
            trim_start_time=timedelta(seconds=1.5),
            trim_end_time=42_000,
            remove_background_noise=True,
            selected_speaker_ids=("spk_1", "spk_2"),
            file_name="interview.wav",
        )
    )
    assert sent_json(api.requests[0]) == {
        "trim_start_time": 1500,
        "trim_end_time": 42000,
        "remove_background_noise": True,
        "selected_speaker_ids": ["spk_1", "spk_2"],
        "file_name": "interview.wav",
    }


# --- trim validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "names"),
    [
        ({"trim_start_time": True}, InvalidArgumentTypeError, ["trim_start_time", "True"]),
        ({"trim_end_time": 1.5}, InvalidArgumentTypeError, ["trim_end_time", "1.5"]),
        ({"trim_end_time": 2000.0}, InvalidArgumentTypeError, ["trim_end_time", "2000.0"]),
        ({"trim_start_time": "100"}, InvalidArgumentTypeError, ["trim_start_time", "'100'"]),
        ({"trim_start_time": -1}, InvalidArgumentError, ["trim_start_time", "-1"]),
        ({"trim_end_time": timedelta(milliseconds=-5)}, InvalidArgumentError, ["trim_end_time"]),
        ({"trim_end_time": timedelta(microseconds=1500)}, InvalidArgumentError, ["trim_end_time", "whole"]),
        ({"trim_start_time": 5000, "trim_end_time": 5000}, InvalidArgumentError, ["trim_start_time", "5000"]),
        ({"trim_start_time": 9000, "trim_end_time": 2000}, InvalidArgumentError, ["9000 ms", "2000 ms"]),
    ],
)
def test_bad_trim_times_raise_before_any_request(
    harness: Harness, api: MockAPI, kwargs: dict[str, Any], error: type[Exception], names: list[str]
):
    with pytest.raises(error) as raised:
        harness.call(update(**kwargs))
    for name in names:
        assert name in str(raised.value)
    assert isinstance(raised.value, ValueError | TypeError)
    assert api.requests == []


def test_trim_errors_carry_the_parameter_and_value(harness: Harness):
    with pytest.raises(InvalidArgumentTypeError) as raised:
        harness.call(update(trim_start_time=2.5))
    assert (raised.value.parameter, raised.value.value) == ("trim_start_time", 2.5)


def test_a_window_under_one_second_warns(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with pytest.warns(ShortTrimWindowWarning, match="milliseconds"):
        harness.call(update(trim_start_time=2, trim_end_time=30))
    assert sent_json(api.requests[0]) == {"trim_start_time": 2, "trim_end_time": 30}


def test_an_end_under_one_second_warns_even_without_a_start(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with pytest.warns(ShortTrimWindowWarning):
        harness.call(update(trim_end_time=45))


def test_the_warning_points_at_the_callers_line(api: MockAPI):
    api.json(200, OK_UPDATE)
    client = PVCClient(api_key=API_KEY, http_client=api.http_client(base_url=HOST))
    with pytest.warns(ShortTrimWindowWarning) as record:
        client.samples.update("v1", "s1", trim_start_time=0, trim_end_time=10)
    assert record[0].filename == __file__


def test_the_async_warning_points_at_the_callers_line(api: MockAPI):
    api.json(200, OK_UPDATE)

    async def main() -> None:
        client = AsyncPVCClient(api_key=API_KEY, http_client=api.async_http_client(base_url=HOST))
        await client.samples.update("v1", "s1", trim_start_time=0, trim_end_time=10)

    with pytest.warns(ShortTrimWindowWarning) as record:
        asyncio.run(main())
    assert record[0].filename == __file__


def test_a_normal_window_does_not_warn(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        harness.call(update(trim_start_time=0, trim_end_time=1000))


# --- speaker selection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        ("spk_1", InvalidArgumentTypeError, "did you mean ['spk_1']"),
        ({"spk_1"}, InvalidArgumentTypeError, "list or tuple"),
        (["spk_1", 2], InvalidArgumentTypeError, "selected_speaker_ids[1]"),
        (["spk_1", ""], InvalidArgumentError, "selected_speaker_ids[1]"),
    ],
)
def test_bad_speaker_selections_raise_before_any_request(
    harness: Harness, api: MockAPI, value: Any, error: type[Exception], fragment: str
):
    with pytest.raises(error) as raised:
        harness.call(update(selected_speaker_ids=value))
    assert fragment in str(raised.value)
    assert api.requests == []


def test_duplicate_speaker_ids_are_dropped(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update(selected_speaker_ids=["b", "a", "b", "a"]))
    assert sent_json(api.requests[0]) == {"selected_speaker_ids": ["b", "a"]}


def test_replacing_a_selection_and_dropping_ids_warns_with_the_dropped_ids(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    harness.call(update(selected_speaker_ids=["a", "b", "c"]), client)
    with pytest.warns(SpeakerSelectionOverrideWarning, match=r"deselects \['a', 'c'\]"):
        harness.call(update(selected_speaker_ids=["b"]), client)


def test_extending_a_selection_does_not_warn(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    harness.call(update(selected_speaker_ids=["a"]), client)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        harness.call(update(selected_speaker_ids=["a", "b"]), client)
        # Another sample of the same voice has its own selection.
        harness.call(lambda c: c.samples.update("v1", "s2", selected_speaker_ids=["z"]), client)


def test_an_empty_selection_warns_that_it_clears(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    with pytest.warns(SpeakerSelectionClearedWarning, match="clears"):
        harness.call(update(selected_speaker_ids=[]), client)
    harness.call(update(selected_speaker_ids=["a"]), client)
    with pytest.warns(SpeakerSelectionClearedWarning, match=r"deselecting \['a'\]"):
        harness.call(update(selected_speaker_ids=[]), client)


def test_a_failed_update_does_not_count_as_a_sent_selection(harness: Harness, api: MockAPI):
    api.json(404, {"detail": {"status": "sample_not_found", "message": "not found"}})
    api.json(200, OK_UPDATE)
    client = harness.client()
    with pytest.raises(NotFoundError):
        harness.call(update(selected_speaker_ids=["a", "b"]), client)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        harness.call(update(selected_speaker_ids=["a"]), client)


def test_the_override_warning_is_a_user_warning():
    assert issubclass(SpeakerSelectionOverrideWarning, UserWarning)
    assert issubclass(SpeakerSelectionClearedWarning, SpeakerSelectionOverrideWarning)
    assert issubclass(ShortTrimWindowWarning, UserWarning)


# --- IDs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voice_id", "sample_id", "error"),
    [
        ("", "s1", InvalidArgumentError),
        ("v1", "  ", InvalidArgumentError),
        (None, "s1", InvalidArgumentTypeError),
        ("v1", 7, InvalidArgumentTypeError),
        ("v1", "..", InvalidArgumentError),
        (".", "s1", InvalidArgumentError),
    ],
)
def test_bad_ids_raise_before_any_request(harness: Harness, api: MockAPI, voice_id: Any, sample_id: Any, error: type):
    for operation in (
        lambda c: c.samples.update(voice_id, sample_id, file_name="x.wav"),
        lambda c: c.samples.speakers.separate(voice_id, sample_id),
    ):
        with pytest.raises(error, match=r"voice_id|sample_id"):
            harness.call(operation)
    assert api.requests == []


@pytest.mark.parametrize(
    ("sample_id", "encoded"),
    [("a/b", "a%2Fb"), ("../x", "..%2Fx"), ("s?1", "s%3F1"), ("s#1", "s%231"), ("s 1", "s%201")],
)
def test_path_parameters_are_percent_encoded(harness: Harness, api: MockAPI, sample_id: str, encoded: str):
    api.json(200, OK_SEPARATE)
    harness.call(separate("v1", sample_id))
    request = api.requests[0]
    assert request.url.raw_path == f"/v1/voices/pvc/v1/samples/{encoded}/separate-speakers".encode()
    assert request.url.query == b""


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, elevenlabs_pvc.BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, APIStatusError),  # 0.2: the non-2xx base class is APIStatusError (APIError is the root)
        (500, ServerError),
        (501, ServerError),
        (520, ServerError),
    ],
)
def test_non_2xx_answers_become_typed_errors(harness: Harness, api: MockAPI, status: int, error: type[APIError]):
    body = {"detail": {"status": "some_reason", "message": "Something is off"}}
    api.json(status, body, {"request-id": "req-123"})
    with pytest.raises(error) as raised:
        harness.call(separate())
    exc = raised.value
    assert type(exc) is error
    assert (exc.status_code, exc.body, exc.request_id) == (status, body, "req-123")
    assert str(exc).startswith(f"POST /v1/voices/pvc/v1/samples/s1/separate-speakers answered {status}")
    assert "Something is off (some_reason)" in str(exc)
    assert "(request id req-123)" in str(exc)
    assert len(api.requests) == 1


def test_a_422_carries_the_detail_list_and_a_readable_message(harness: Harness, api: MockAPI):
    detail = [
        {"loc": ["body", "trim_start_time"], "msg": "Input should be a valid integer", "type": "int_parsing"},
        {"loc": ["body", "file_name"], "msg": "Field required", "type": "missing"},
    ]
    api.json(422, {"detail": detail})
    with pytest.raises(UnprocessableEntityError) as raised:
        harness.call(update(trim_start_time=5))
    assert raised.value.detail == detail
    assert "body.trim_start_time: Input should be a valid integer; body.file_name: Field required" in str(raised.value)


def test_a_non_json_error_body_is_kept_as_text(harness: Harness, api: MockAPI):
    api.reply(httpx.Response(502, text="<html>Bad gateway</html>"))
    with pytest.raises(ServerError) as raised:
        harness.call(separate())
    assert raised.value.body == "<html>Bad gateway</html>"
    assert "Bad gateway" in str(raised.value)


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ConnectError("Name or service not known"), APIConnectionError),
        (httpx.ConnectTimeout("timed out"), APITimeoutError),
        (httpx.ReadTimeout("read timed out"), APITimeoutError),
        (httpx.RemoteProtocolError("peer closed connection"), APIConnectionError),
    ],
)
def test_transport_failures_become_pvc_errors_keeping_the_cause(
    harness: Harness, api: MockAPI, failure: Exception, error: type
):
    api.reply(failure)
    with pytest.raises(error) as raised:
        harness.call(update(file_name="x.wav"), harness.client(max_retries=0))
    assert raised.value.__cause__ is failure
    assert isinstance(raised.value, PVCError)
    assert "POST /v1/voices/pvc/v1/samples/s1 failed" in str(raised.value)


@pytest.mark.parametrize(
    "reply",
    [
        {"status_code": 200, "json": {}},
        {"status_code": 200, "json": {"voice_id": 42}},
        {"status_code": 200, "json": ["v1"]},
        {"status_code": 200, "text": "not json"},
        {"status_code": 204},
    ],
)
def test_a_2xx_that_breaks_the_spec_is_an_error_not_none(harness: Harness, api: MockAPI, reply: dict[str, Any]):
    api.reply(httpx.Response(**reply), valid=False)
    with pytest.raises(ResponseValidationError, match="does not match the spec"):
        harness.call(update(file_name="x.wav"))


@pytest.mark.parametrize("body", [{"status": "error: busy"}, {"status": "failed"}])
def test_separation_must_answer_ok(harness: Harness, api: MockAPI, body: dict[str, str]):
    api.json(200, body)
    with pytest.raises(SpeakerSeparationError, match=repr(body["status"])):
        harness.call(separate())


def test_separation_ok_is_returned(harness: Harness, api: MockAPI):
    api.json(200, OK_SEPARATE)
    assert harness.call(separate()).status == "ok"
    assert api.requests[0].content == b""


def test_every_error_is_a_pvc_error():
    for name in elevenlabs_pvc.errors.__all__:
        kind = getattr(elevenlabs_pvc.errors, name)
        assert issubclass(kind, PVCError | elevenlabs_pvc.PVCWarning), name


# --- retries -------------------------------------------------------------------------------------


def test_429_is_retried_honouring_retry_after_seconds(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.json(429, {"detail": "slow down"}, {"Retry-After": "3"})
    api.json(200, OK_SEPARATE)
    assert harness.call(separate()).status == "ok"
    assert len(api.requests) == 2
    assert sleeps == [3.0]


def test_retry_after_ms_wins(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.json(429, {"detail": "slow down"}, {"Retry-After": "3", "retry-after-ms": "250"})
    api.json(200, OK_UPDATE)
    harness.call(update(file_name="x.wav"))
    assert sleeps == [0.25]


def test_retry_after_as_an_http_date():
    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    header = format_datetime(datetime(2026, 11, 21, 12, 0, 5, tzinfo=UTC), usegmt=True)
    assert retry_after_seconds({"retry-after": header}, now=now.timestamp()) == 5.0
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({"retry-after": "-4"}) is None
    assert retry_after_seconds({}) is None


def test_a_retry_after_longer_than_allowed_fails_at_once(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.json(429, {"detail": "quota"}, {"Retry-After": "3600"})
    with pytest.raises(RateLimitError) as raised:
        harness.call(separate())
    assert raised.value.retry_after == 3600.0
    assert len(api.requests) == 1
    assert sleeps == []


def test_backoff_grows_and_stays_within_bounds():
    policy = RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=4.0)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (6, 4.0)]:
        for _ in range(20):
            assert ceiling / 2 <= policy.backoff(attempt) <= ceiling


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_for_update(harness: Harness, api: MockAPI, sleeps: list[float], status: int):
    api.json(status, {"detail": "busy"})
    api.json(200, OK_UPDATE)
    harness.call(update(trim_start_time=0, trim_end_time=5000))
    assert len(api.requests) == 2
    assert len(sleeps) == 1
    assert sent_json(api.requests[0]) == sent_json(api.requests[1])


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_not_retried_for_separate(harness: Harness, api: MockAPI, status: int):
    api.json(status, {"detail": "busy"})
    with pytest.raises(ServerError):
        harness.call(separate())
    assert len(api.requests) == 1


def test_connection_errors_are_retried_for_every_operation(harness: Harness, api: MockAPI):
    api.reply(httpx.ConnectError("refused"), httpx.Response(200, json=OK_SEPARATE))
    assert harness.call(separate()).status == "ok"
    assert len(api.requests) == 2


def test_read_timeouts_are_retried_only_when_safe(harness: Harness, api: MockAPI):
    api.reply(httpx.ReadTimeout("slow"), httpx.Response(200, json=OK_UPDATE))
    harness.call(update(file_name="x.wav"))
    assert len(api.requests) == 2
    api.reset().reply(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        harness.call(separate())
    assert len(api.requests) == 1


def test_retries_stop_after_max_retries_with_the_last_error(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.json(503, {"detail": "down"})
    with pytest.raises(ServerError):
        harness.call(update(file_name="x.wav"), harness.client(max_retries=3))
    assert len(api.requests) == 4
    assert len(sleeps) == 3


def test_max_retries_zero_disables_retries(harness: Harness, api: MockAPI):
    api.json(429, {"detail": "slow down"})
    with pytest.raises(RateLimitError):
        harness.call(separate(), harness.client(max_retries=0))
    assert len(api.requests) == 1


# --- secrets and logs ----------------------------------------------------------------------------


def test_the_key_is_not_in_repr(harness: Harness):
    client = harness.client()
    assert API_KEY not in repr(client)
    assert repr(client).startswith(("PVCClient(base_url=", "AsyncPVCClient(base_url="))


def test_the_key_is_not_in_exception_messages_even_when_the_api_echoes_it(harness: Harness, api: MockAPI):
    api.json(401, {"detail": {"status": "invalid_api_key", "message": f"Invalid API key: {API_KEY}"}})
    with pytest.raises(AuthenticationError) as raised:
        harness.call(separate())
    assert API_KEY not in str(raised.value)
    api.reset().reply(httpx.Response(500, text=f"key={API_KEY}"))
    with pytest.raises(ServerError) as raised_text:
        harness.call(separate(), harness.client(max_retries=0))
    assert API_KEY not in str(raised_text.value)
    assert API_KEY not in str(raised_text.value.body)


def test_one_debug_line_per_request_and_per_retry(harness: Harness, api: MockAPI, caplog: pytest.LogCaptureFixture):
    api.json(503, {"detail": "down"})
    api.json(200, OK_UPDATE)
    with caplog.at_level(logging.DEBUG, logger="elevenlabs_pvc"):
        harness.call(update(file_name="x.wav"))
    ours = [record for record in caplog.records if record.name == "elevenlabs_pvc"]
    messages = [record.getMessage() for record in ours]
    assert len(messages) == 3
    assert messages[0].startswith("POST /v1/voices/pvc/v1/samples/s1 -> 503 in ")
    assert messages[0].endswith("ms (attempt 1)")
    assert messages[1].startswith("retrying POST /v1/voices/pvc/v1/samples/s1 after 503 in ")
    assert messages[1].endswith("(attempt 2 of 3)")
    assert messages[2].startswith("POST /v1/voices/pvc/v1/samples/s1 -> 200 in ")
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in str(record.args)
