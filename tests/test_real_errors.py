"""What the real API answers (from public bug reports and the official SDKs) and what the client makes of it.

Each shape is answered by the spec-checked mock, sync and async: the error class, ``code``, ``request_id``,
``headers``, the message and how many requests were sent (the retries).
"""

from __future__ import annotations

import gzip
import pickle
from typing import Any

import httpx
import pytest

import elevenlabs_pvc
from elevenlabs_pvc import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from tests.mockapi import API_KEY, Harness, MockAPI


def train() -> Any:  # not safe to repeat: 5xx is never retried, 429 is
    return lambda client: client.train("v1")


def status() -> Any:  # safe to repeat: 408 and 5xx are retried too
    return lambda client: client.samples.speakers.get("v1", "s1")


def legacy(code: str, message: str) -> dict[str, Any]:
    return {"detail": {"status": code, "message": message}}


def current(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"detail": {"type": "authorization_error", "code": code, "message": message, "status": code, **extra}}


TRACE = {"x-trace-id": "4f1c9a0e2b7d"}

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


@pytest.mark.parametrize(("code", "headers"), [
    ("too_many_concurrent_requests", {"maximum-concurrent-requests": "5", "current-concurrent-requests": "6"}),
    ("system_busy", {}),
    ("rate_limit_exceeded", {"retry-after": "0"}),
    ("concurrent_limit_exceeded", {"maximum-concurrent-requests": "2", "current-concurrent-requests": "2"}),
])  # fmt: skip
def test_429_is_retried_then_says_the_limits(harness: Harness, api: MockAPI, code: str, headers: dict[str, str]):
    for _ in range(3):
        api.json(429, legacy(code, "Too many requests"), {**TRACE, **headers}, valid=False)
    with pytest.raises(RateLimitError) as raised:
        harness.call(train(), harness.client(max_retries=2))
    error = raised.value
    assert len(api.requests) == 3  # retried even for train: the request was refused before any work
    assert error.code == code
    assert error.request_id == "4f1c9a0e2b7d"
    limit, current_ = headers.get("maximum-concurrent-requests"), headers.get("current-concurrent-requests")
    assert (error.limit, error.current) == (int(limit) if limit else None, int(current_) if current_ else None)
    assert error.headers.get("maximum-concurrent-requests") == limit


def test_408_is_retried_for_an_operation_safe_to_repeat(harness: Harness, api: MockAPI):
    api.json(408, legacy("request_timeout", "Request timed out"), valid=False)
    api.json(200, {"voice_id": "v1", "sample_id": "s1", "status": "completed", "speakers": {}})
    harness.call(status())
    assert len(api.requests) == 2


def test_408_is_not_retried_for_an_operation_that_is_not(harness: Harness, api: MockAPI):
    api.json(408, legacy("request_timeout", "Request timed out"), valid=False)
    with pytest.raises(APIStatusError) as raised:
        harness.call(train())
    assert raised.value.status_code == 408
    assert len(api.requests) == 1


def test_5xx_is_retried_for_an_operation_safe_to_repeat(harness: Harness, api: MockAPI):
    for _ in range(3):
        api.json(500, legacy("something_went_wrong", "Something went wrong."), TRACE, valid=False)
    with pytest.raises(ServerError):
        harness.call(status(), harness.client(max_retries=2))
    assert len(api.requests) == 3


def test_402_is_never_retried_and_exported(harness: Harness, api: MockAPI):
    api.json(402, current("paid_plan_required", "Upgrade"), valid=False)
    with pytest.raises(PaymentRequiredError):
        harness.call(status(), harness.client(max_retries=5))
    assert len(api.requests) == 1
    assert "PaymentRequiredError" in elevenlabs_pvc.__all__
    assert issubclass(PaymentRequiredError, APIStatusError)


def test_a_closed_client_raises_its_own_error_before_any_request(harness: Harness, api: MockAPI):
    client = harness.client(http_client=None, base_url="http://127.0.0.1:9")
    if harness.is_async:
        import asyncio

        asyncio.run(client.aclose())
    else:
        client.close()
    with pytest.raises(ClientClosedError, match="the client is closed"):
        harness.call(train(), client)
    assert not isinstance(ClientClosedError("x"), elevenlabs_pvc.APIConnectionError)
    assert api.requests == []


def test_a_closed_http_client_of_the_callers_is_named_too(harness: Harness, api: MockAPI):
    if harness.is_async:
        import asyncio

        http = api.async_http_client(base_url="http://api.test")
        asyncio.run(http.aclose())
    else:
        http = api.http_client(base_url="http://api.test")
        http.close()
    with pytest.raises(ClientClosedError):
        harness.call(train(), harness.client(http_client=http))


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
