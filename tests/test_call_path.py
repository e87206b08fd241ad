"""The one call path: every operation, sync and async, through the same table and send loop.

Each test here runs over all fourteen operations (``OPERATIONS`` below), with
``PVCClient`` and ``AsyncPVCClient`` (the ``harness`` fixture).
"""

from __future__ import annotations

import pickle
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import elevenlabs_pvc
from elevenlabs_pvc import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    InvalidArgumentError,
    PVCError,
    RawResponse,
    ResponseValidationError,
    ServerError,
    SpeakerSelectionOverrideWarning,
    _operations,
)
from tests.mockapi import HOST, Harness, MockAPI
from tests.test_operations import AUDIO_B64, sample_json, status_json, wav_bytes

OP_WAV = wav_bytes()


@dataclass(frozen=True)
class Op:
    """One operation: how to call it on a client (or on ``client.with_raw_response``), and a valid answer."""

    name: str
    call: Callable[[Any], Any]
    answer: Any
    repeatable: bool
    #: The path ID arguments, by name, and a call that takes one of them replaced.
    ids: tuple[str, ...] = ("voice_id",)


def _call(path: str, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
    def call(root: Any, *, overrides: dict[str, Any] | None = None) -> Any:
        target = root
        for name in path.split("."):
            target = getattr(target, name)
        values = list(args)
        for index, name in enumerate(("voice_id", "sample_id", "speaker_id")):
            if overrides and name in overrides and index < len(values):
                values[index] = overrides[name]
        return target(*values, **kwargs)

    return call


AUDIO_ANSWER = {"audio_base_64": AUDIO_B64, "voice_id": "v1", "sample_id": "s1", "media_type": "audio/mpeg"}
OPERATIONS = [
    Op("create", _call("create", "Narrator", "en"), {"voice_id": "v1"}, False, ()),
    Op("update", _call("update", "v1", name="Renamed"), {"voice_id": "v1"}, True),
    Op("train", _call("train", "v1"), {"status": "ok"}, False),
    Op("samples.create", _call("samples.create", "v1", OP_WAV), [sample_json()], False),
    Op(
        "samples.update",
        _call("samples.update", "v1", "s1", file_name="x.wav"),
        {"voice_id": "v1"},
        True,
        ("voice_id", "sample_id"),
    ),
    Op("samples.delete", _call("samples.delete", "v1", "s1"), {"status": "ok"}, False, ("voice_id", "sample_id")),
    Op("samples.audio.get", _call("samples.audio.get", "v1", "s1"), AUDIO_ANSWER, True, ("voice_id", "sample_id")),
    Op(
        "samples.waveform.get",
        _call("samples.waveform.get", "v1", "s1"),
        {"sample_id": "s1", "visual_waveform": [0.0, 0.5]},
        True,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.get",
        _call("samples.speakers.get", "v1", "s1"),
        status_json(),
        True,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.separate",
        _call("samples.speakers.separate", "v1", "s1"),
        {"status": "ok"},
        False,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.audio.get",
        _call("samples.speakers.audio.get", "v1", "s1", "spk_a"),
        {"audio_base_64": AUDIO_B64, "media_type": "audio/mpeg", "duration_secs": 3.5},
        True,
        ("voice_id", "sample_id", "speaker_id"),
    ),
    Op("verification.request", _call("verification.request", "v1", OP_WAV), {"status": "ok"}, False),
    Op("verification.captcha.get", _call("verification.captcha.get", "v1"), {"text": "read this"}, True),
    Op("verification.captcha.verify", _call("verification.captcha.verify", "v1", OP_WAV), {"status": "ok"}, False),
]
BY_NAME = {op.name: op for op in OPERATIONS}
names = pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])


# --- the table -----------------------------------------------------------------------------------


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


# --- errors that say what happened ---------------------------------------------------------------


@names
@pytest.mark.parametrize(
    "failure",
    [
        ValueError("the caller's transport broke"),
        httpx.DecodingError("corrupt gzip body"),
        httpx.TooManyRedirects("redirected 21 times"),
        httpx.InvalidURL("bad url"),
        httpx.RemoteProtocolError("peer closed"),
        UnicodeEncodeError("ascii", "é", 0, 1, "cannot encode"),
    ],
    ids=lambda failure: type(failure).__name__,
)
def test_a_failure_without_an_answer_is_a_connection_error_keeping_its_cause(
    harness: Harness, api: MockAPI, op: Op, failure: Exception
):
    api.reply(failure)
    with pytest.raises(APIConnectionError) as raised:
        harness.call(op.call, harness.client(max_retries=0))
    assert raised.value.__cause__ is failure
    assert not isinstance(raised.value, ResponseValidationError)
    assert type(failure).__name__ in str(raised.value)
    assert isinstance(raised.value, APIError)


@names
def test_a_timeout_is_an_api_timeout_error(harness: Harness, api: MockAPI, op: Op):
    api.reply(httpx.WriteTimeout("slow"))
    with pytest.raises(APITimeoutError) as raised:
        harness.call(op.call, harness.client(max_retries=0))
    assert isinstance(raised.value.__cause__, httpx.WriteTimeout)


@names
@pytest.mark.parametrize("bad", ["s\udc80", "x" * 70_000], ids=["lone-surrogate", "70k-chars"])
def test_an_id_that_cannot_go_into_a_url_is_refused_before_sending(harness: Harness, api: MockAPI, op: Op, bad: str):
    for parameter in op.ids:
        with pytest.raises(InvalidArgumentError) as raised:
            harness.call(lambda client, parameter=parameter: op.call(client, overrides={parameter: bad}))
        assert raised.value.parameter == parameter
        assert parameter in str(raised.value)
    assert api.requests == []


@names
def test_only_a_2xx_body_can_be_a_response_validation_error(harness: Harness, api: MockAPI, op: Op):
    if op.name == "verification.captcha.get":
        pytest.skip("the captcha has no schema: any body is its answer")
    api.reply(httpx.Response(200, text="<html>not json</html>"), valid=False)
    with pytest.raises(ResponseValidationError) as raised:
        harness.call(op.call)
    assert "does not match the spec" in str(raised.value)


def _instances() -> list[BaseException]:
    common = {"method": "POST", "path": "/v1/voices/pvc/v1", "body": {"detail": "x"}, "request_id": "r1"}
    return [
        PVCError("base"),
        elevenlabs_pvc.ConfigurationError("no key"),
        InvalidArgumentError("sample_id", "..", "sample_id is a dot segment"),
        elevenlabs_pvc.InvalidArgumentTypeError("files", 3, "files takes paths"),
        APIError("failed", method="GET", path="/x"),
        APIConnectionError("GET", "/x", "ConnectError: refused"),
        APITimeoutError("GET", "/x", "ReadTimeout: slow"),
        APIStatusError("409", status_code=409, **common),
        elevenlabs_pvc.BadRequestError("400", status_code=400, **common),
        elevenlabs_pvc.AuthenticationError("401", status_code=401, **common),
        elevenlabs_pvc.PaymentRequiredError("402", status_code=402, code="paid_plan_required", **common),
        elevenlabs_pvc.ClientClosedError("closed"),
        elevenlabs_pvc.PermissionDeniedError("403", status_code=403, **common),
        elevenlabs_pvc.NotFoundError("404", status_code=404, **common),
        elevenlabs_pvc.UnprocessableEntityError(
            "422", detail=[{"loc": ["body"], "msg": "m"}], status_code=422, **common
        ),
        elevenlabs_pvc.RateLimitError("429", retry_after=3.0, status_code=429, **common),
        ServerError("500", status_code=500, **common),
        ResponseValidationError("bad body", method="GET", path="/x"),
        elevenlabs_pvc.OperationFailedError("not ok"),
        elevenlabs_pvc.SpeakerSeparationError("not started"),
        elevenlabs_pvc.SpeakerSeparationFailedError("failed", {"status": "failed"}),
        elevenlabs_pvc.SpeakerSeparationTimeoutError("still pending", {"status": "pending"}),
        elevenlabs_pvc.PVCWarning("w"),
        elevenlabs_pvc.ShortTrimWindowWarning("short"),
        SpeakerSelectionOverrideWarning("dropped"),
        elevenlabs_pvc.SpeakerSelectionClearedWarning("cleared"),
    ]


def test_every_error_and_warning_class_is_covered_by_the_pickle_test():
    covered = {type(instance) for instance in _instances()}
    exported = {getattr(elevenlabs_pvc.errors, name) for name in elevenlabs_pvc.errors.__all__}
    assert exported == covered


@pytest.mark.parametrize("error", _instances(), ids=lambda error: type(error).__name__)
def test_every_error_and_warning_survives_pickle(error: BaseException):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_an_error_raised_by_the_client_survives_pickle(harness: Harness, api: MockAPI):
    api.json(404, {"detail": {"status": "voice_not_found", "message": "no such voice"}}, {"request-id": "r9"})
    with pytest.raises(elevenlabs_pvc.NotFoundError) as raised:
        harness.call(BY_NAME["train"].call)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert (copy.status_code, copy.request_id, copy.body, str(copy)) == (
        404,
        "r9",
        raised.value.body,
        str(raised.value),
    )


# --- retries ---------------------------------------------------------------------------------------


@names
def test_a_500_is_retried_only_for_operations_safe_to_repeat(harness: Harness, api: MockAPI, op: Op):
    api.json(500, {"detail": "internal"})
    api.json(200, op.answer)
    if op.repeatable:
        harness.call(op.call)
        assert len(api.requests) == 2
    else:
        with pytest.raises(ServerError):
            harness.call(op.call)
        assert len(api.requests) == 1


# --- per-call options ------------------------------------------------------------------------------


def test_default_headers_go_with_every_request(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    client = harness.client(default_headers={"X-Team": "voices"})
    harness.call(BY_NAME["update"].call, client)
    harness.call(BY_NAME["samples.update"].call, client)
    assert [request.headers["x-team"] for request in api.requests] == ["voices", "voices"]


def test_with_options_changes_only_what_it_is_given(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    client = harness.client(default_headers={"X-Team": "voices"}, max_retries=3)
    derived = client.with_options(timeout=7.5, extra_headers={"X-Trace": "t1"})
    harness.call(BY_NAME["update"].call, derived)
    harness.call(BY_NAME["update"].call, client)
    with_extra, plain = api.requests
    assert (with_extra.headers["x-team"], with_extra.headers["x-trace"]) == ("voices", "t1")
    assert "x-trace" not in plain.headers
    assert with_extra.extensions["timeout"]["read"] == 7.5
    assert plain.extensions["timeout"]["read"] != 7.5
    assert (derived.max_retries, client.max_retries) == (3, 3)
    assert client.with_options(max_retries=0).max_retries == 0


def test_with_options_max_retries_applies_per_call(harness: Harness, api: MockAPI):
    api.json(503, {"detail": "busy"})
    client = harness.client(max_retries=2)
    with pytest.raises(ServerError):
        harness.call(BY_NAME["update"].call, client.with_options(max_retries=0))
    assert len(api.requests) == 1


def test_with_options_shares_the_pool_and_what_the_client_knows(harness: Harness, api: MockAPI):
    client = harness.client()
    derived = client.with_options(timeout=30)
    assert derived._http is client._http
    api.json(200, status_json("completed", ["spk_a", "spk_b"]))
    harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    api.reset().json(200, {"voice_id": "v1"})
    with pytest.warns(SpeakerSelectionOverrideWarning, match="spk_b"):
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=["spk_a"]), derived)


def test_closing_a_derived_client_leaves_the_pool_open(harness: Harness):
    client = harness.client(http_client=None, base_url=HOST)
    harness.call(
        lambda c: c.with_options(timeout=1).aclose() if harness.is_async else c.with_options(timeout=1).close(), client
    )
    assert not client._http.is_closed
    harness.call(lambda c: c.aclose() if harness.is_async else c.close(), client)
    assert client._http.is_closed


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": -1},
        {"timeout": "10"},
        {"max_retries": -1},
        {"max_retries": True},
        {"extra_headers": {"xi-api-key": "other"}},
        {"extra_headers": {"Content-Type": "text/plain"}},
        {"extra_headers": {"X-Bad": 3}},
        {"extra_headers": {"X-Bad": "line\nbreak"}},
    ],
)
def test_with_options_refuses_bad_settings(harness: Harness, kwargs: dict[str, Any]):
    with pytest.raises(ConfigurationError):
        harness.client().with_options(**kwargs)


def test_default_headers_may_not_replace_the_key(harness: Harness):
    with pytest.raises(ConfigurationError, match=r"(?i)xi-api-key"):
        harness.client(default_headers={"XI-API-KEY": "other"})


# --- raw responses ---------------------------------------------------------------------------------


@names
def test_with_raw_response_gives_the_answer_and_the_same_parsed_result(harness: Harness, api: MockAPI, op: Op):
    api.json(200, op.answer, {"request-id": "req-42", "x-extra": "1"})
    client = harness.client()
    raw = harness.call(op.call, client.with_raw_response)
    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.request_id, raw.headers["x-extra"]) == (200, "req-42", "1")
    parsed = raw.parse()
    assert raw.parse() is parsed
    plain = harness.call(op.call, client)
    assert type(parsed) is type(plain)
    if op.name != "verification.captcha.get":
        assert parsed == plain


def test_a_raw_response_raises_the_same_errors(harness: Harness, api: MockAPI):
    api.json(404, {"detail": "no such sample"})
    with pytest.raises(elevenlabs_pvc.NotFoundError):
        harness.call(BY_NAME["samples.delete"].call, harness.client().with_raw_response)
    api.reset().reply(httpx.Response(200, json={"voice_id": 3}), valid=False)
    raw = harness.call(BY_NAME["samples.update"].call, harness.client().with_raw_response)
    assert raw.status_code == 200
    with pytest.raises(ResponseValidationError):
        raw.parse()


def test_raw_parse_keeps_the_clients_bookkeeping(harness: Harness, api: MockAPI):
    client = harness.client()
    api.json(200, status_json("completed", ["spk_a", "spk_b"]))
    harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client.with_raw_response).parse()
    api.reset().json(200, {"voice_id": "v1"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=["spk_a"]), client)
    assert [type(warning.message) for warning in caught] == [SpeakerSelectionOverrideWarning]
