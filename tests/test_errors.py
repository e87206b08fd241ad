"""What the client raises, sync and async: the typed error of every answer (the shapes production
sends), its message and attributes, pickling, and the API key kept out of all of it.
"""

from __future__ import annotations

import gzip
import logging
import pickle
import warnings
from typing import Any

import httpx
import pytest

import elevenlabs_pvc
from elevenlabs_pvc import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InvalidArgumentError,
    NotFoundError,
    OperationFailedError,
    PaymentRequiredError,
    PermissionDeniedError,
    PVCError,
    ResponseValidationError,
    ServerError,
    SpeakerSelectionOverrideWarning,
    UnprocessableEntityError,
    _operations,
)
from tests.factories import (
    BY_NAME,
    TRACE,
    Op,
    current,
    everything_shown,
    legacy,
    names,
    sample_json,
    separate,
    train,
    update,
)
from tests.mockapi import API_KEY, HOST, Harness, MockAPI


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


def operation_table() -> Any:

    return _operations.OPERATIONS


# status, body, headers, class, code, request id, (text in the message)
SHAPES = [
    (401, legacy("invalid_api_key", "Invalid API key"), TRACE, AuthenticationError, "invalid_api_key", "4f1c9a0e2b7d"),
    (401, legacy("missing_permissions", "The API key you used is missing the permission voices_write"), TRACE,
     AuthenticationError, "missing_permissions", "4f1c9a0e2b7d"),
    (401, legacy("quota_exceeded", "This request exceeds your quota of 10000."), TRACE, AuthenticationError,
     "quota_exceeded", "4f1c9a0e2b7d"),
    (401, legacy("detected_unusual_activity", "Unusual activity detected."), {}, AuthenticationError,
     "detected_unusual_activity", None),
    (400, legacy("voice_limit_reached", "You have reached your maximum amount of custom voices"), TRACE,
     BadRequestError, "voice_limit_reached", "4f1c9a0e2b7d"),
    (400, legacy("invalid_uid", "An invalid ID has been received: 'v1'."), TRACE, BadRequestError, "invalid_uid",
     "4f1c9a0e2b7d"),
    (404, legacy("voice_not_found", "A voice with the voice_id v1 was not found."), TRACE, NotFoundError,
     "voice_not_found", "4f1c9a0e2b7d"),
    (404, {"detail": "Not Found"}, {}, NotFoundError, None, None),
    (402, current("paid_plan_required", "Professional voice cloning needs a paid plan.", request_id="req_402"), {},
     PaymentRequiredError, "paid_plan_required", "req_402"),
    (500, legacy("something_went_wrong", "Something went wrong."), TRACE, ServerError, "something_went_wrong",
     "4f1c9a0e2b7d"),
    (500, {"status": "internal_server_error", "message": "Internal server error"}, {}, ServerError,
     "internal_server_error", None),
    (403, "<html><title>Attention Required! | Cloudflare</title></html>", {"cf-ray": "8a1b"},
     elevenlabs_pvc.PermissionDeniedError, None, None),
]  # fmt: skip


# --- status errors -----------------------------------------------------------------------------------


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
    ("status", "body", "headers", "kind", "code", "request_id"), SHAPES, ids=lambda v: v if isinstance(v, str) else None
)
def test_each_real_error_shape(
    harness: Harness, api: MockAPI, status: int, body: Any, headers: dict[str, str], kind: type, code: str | None,
    request_id: str | None,
):  # fmt: skip
    if isinstance(body, str):
        api.reply(httpx.Response(status, text=body, headers={"content-type": "text/html", **headers}), valid=False)
    else:
        api.json(status, body, headers, valid=False)
    with pytest.raises(APIStatusError) as raised:
        harness.call(train())
    error = raised.value
    assert type(error) is kind
    assert (error.status_code, error.code, error.request_id, error.body) == (status, code, request_id, body)
    assert len(api.requests) == 1  # 4xx and a 5xx of an operation that is not safe to repeat: never retried
    message = str(error)
    assert message.startswith(f"POST /v1/voices/pvc/v1/train answered {status}")
    if code:
        assert f"({code}" in message
    if request_id:
        assert f"(request id {request_id})" in message
    for name, value in headers.items():
        assert error.headers[name] == value
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == status
    assert API_KEY not in repr(error.response.request.headers)
    assert error.response.request.headers["xi-api-key"] == "[redacted]"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.request_id, str(copy)) == (code, request_id, message)


def test_the_newer_format_names_the_parameter(harness: Harness, api: MockAPI):
    body = current("invalid_parameter", "voice_id is not valid", param="voice_id", request_id="req_1")
    api.json(400, body, valid=False)
    with pytest.raises(BadRequestError) as raised:
        harness.call(train())
    assert raised.value.code == "invalid_parameter"
    assert "voice_id is not valid (invalid_parameter; param: voice_id)" in str(raised.value)
    assert raised.value.request_id == "req_1"


def test_a_request_id_header_wins_over_the_trace_id_and_the_body(harness: Harness, api: MockAPI):
    body = current("voice_not_found", "no voice", request_id="from-body")
    api.json(404, body, {"x-trace-id": "trace", "request-id": "header"}, valid=False)
    with pytest.raises(NotFoundError) as raised:
        harness.call(train())
    assert raised.value.request_id == "header"


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error"),
    [
        (403, b"<html><title>Attention Required! | Cloudflare</title></html>", "text/html", PermissionDeniedError),
        (500, b'{"detail": {"status": "something_went_wrong", "message": "Oops"}}', "application/json", ServerError),
    ],
)
def test_a_gzip_error_answer_gives_the_typed_error(harness: Harness, api: MockAPI, status, body, content_type, error):
    compressed = gzip.compress(body)
    headers = {"Content-Encoding": "gzip", "Content-Type": content_type, "Content-Length": str(len(compressed))}
    api.reply(httpx.Response(status, content=compressed, headers=headers))
    with pytest.raises(error) as raised:
        harness.call(lambda c: c.with_options(max_retries=0).samples.speakers.get("v1", "s1"))
    assert raised.value.status_code == status
    assert raised.value.response.content == body
    assert "content-encoding" not in raised.value.response.headers


@names
def test_every_error_status_names_the_operation(harness: Harness, api: MockAPI, op: Op):
    api.reply(httpx.Response(404, text="nope"))
    with pytest.raises(APIStatusError) as raised:
        harness.call(op.call)
    assert any(f"[{o.name}]" in str(raised.value) for o in operation_table())


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


def test_every_error_is_a_pvc_error():
    for name in elevenlabs_pvc.errors.__all__:
        kind = getattr(elevenlabs_pvc.errors, name)
        assert issubclass(kind, PVCError | elevenlabs_pvc.PVCWarning), name


# --- 2xx answers that break the spec -----------------------------------------------------------------


@names
def test_only_a_2xx_body_can_be_a_response_validation_error(harness: Harness, api: MockAPI, op: Op):
    if op.name == "verification.captcha.get":
        pytest.skip("the captcha has no schema: any body is its answer")
    api.reply(httpx.Response(200, text="<html>not json</html>"), valid=False)
    with pytest.raises(ResponseValidationError) as raised:
        harness.call(op.call)
    assert "does not match the spec" in str(raised.value)


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
    assert any(operation.name in str(raised.value) for operation in operation_table())


@pytest.mark.parametrize("answer", [{}, "", [], None], ids=["{}", "empty string", "[]", "null"])
def test_an_add_samples_answer_that_is_not_a_list_of_samples_is_refused(harness: Harness, api: MockAPI, answer: Any):
    api.json(200, answer, valid=False)
    with pytest.raises(ResponseValidationError, match="add samples to PVC voice"):
        harness.call(lambda c: c.samples.create("v1", b"ID3 audio"))


def test_fewer_samples_than_files_sent_is_refused(harness: Harness, api: MockAPI):
    api.json(200, [sample_json("s1")])
    with pytest.raises(ResponseValidationError, match="1 samples for 2 files"):
        harness.call(lambda c: c.samples.create("v1", [b"ID3 one", b"ID3 two"]))


# --- pickling ----------------------------------------------------------------------------------------


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


def test_status_errors_do_not_leak_the_key_through_the_response(harness: Harness, api: MockAPI):
    api.json(503, {"detail": {"status": "busy", "message": "busy"}}, valid=False)
    with pytest.raises(APIStatusError) as raised:
        harness.call(lambda c: c.train("v1"), harness.client(max_retries=0))
    assert API_KEY not in repr(vars(raised.value))


@pytest.mark.parametrize("key", ["k", "ab", "key1234"])
def test_a_short_key_is_scrubbed_only_as_a_whole_token(harness: Harness, api: MockAPI, key: str):
    text = "Speaker separation failed for voice_k1; key=" + key + " was rejected (" + key + ")"
    api.json(401, legacy("invalid_api_key", text), valid=False)
    with pytest.raises(AuthenticationError) as raised:
        harness.call(train(), harness.client(api_key=key))
    message = str(raised.value)
    assert "Speaker separation failed for voice_k1" in message
    assert f"key={key} " not in message
    assert f"({key})" not in message
    assert message.count("[redacted]") == 2


def test_a_real_length_key_is_scrubbed_everywhere(harness: Harness, api: MockAPI):
    api.json(401, legacy("invalid_api_key", f"bad key xx{API_KEY}yy echoed"), {"x-echo": API_KEY}, valid=False)
    with pytest.raises(AuthenticationError) as raised:
        harness.call(train())
    error = raised.value
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error.body)
    assert API_KEY not in repr(error.headers)
    assert error.headers["x-echo"] == "[redacted]"
    assert API_KEY not in repr(error.response.headers)


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
