"""The attempt loop (``_async/_send.py``, ``_response.py``), sync and async: what is retried and how
long it waits, the retry budget, deadlines and timeouts, and answers read within their limits.
"""

from __future__ import annotations

import gzip
import logging
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

import elevenlabs_pvc
from elevenlabs_pvc import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    PaymentRequiredError,
    PVCError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from elevenlabs_pvc.retries import RetryPolicy, retry_after_seconds
from tests.factories import (
    OK_SEPARATE,
    OK_UPDATE,
    TRACE,
    Op,
    Stalling,
    current,
    legacy,
    names,
    sent_json,
    separate,
    status,
    train,
    update,
)
from tests.mockapi import API_KEY, Harness, MockAPI


def bomb(size: int) -> bytes:
    """A gzip body that inflates to ``size`` bytes of JSON-looking text (a few hundred kilobytes at most)."""
    return gzip.compress(b'{"voice_id": "' + b"v" * size + b'"}', compresslevel=9)


# --- what is retried ---------------------------------------------------------------------------------


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


# --- how long it waits -------------------------------------------------------------------------------


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


def test_a_retry_after_too_long_says_why_it_was_not_waited_out(harness: Harness, api: MockAPI):
    api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "3600"}, valid=False)
    with pytest.raises(RateLimitError, match=r"not retried: the API asked to wait 3600 s, longer than the 60 s"):
        harness.call(lambda c: c.train("v1"))
    assert len(api.requests) == 1


def test_backoff_grows_and_stays_within_bounds():
    policy = RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=4.0)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (6, 4.0)]:
        for _ in range(20):
            assert ceiling / 2 <= policy.backoff(attempt) <= ceiling


def test_backoff_never_overflows():
    policy = RetryPolicy(max_retries=1100)
    assert all(0 < policy.backoff(attempt) <= policy.max_delay for attempt in (1, 50, 1025, 1100, 10**6))


def test_many_retries_stop_at_the_sleep_budget(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.reply(*[httpx.Response(503) for _ in range(1101)])
    with pytest.raises(ServerError, match=r"not retried: waiting .* s more would pass the 120 s retry budget"):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"), harness.client(max_retries=1100))
    assert sum(sleeps) <= 120
    assert 10 < len(api.requests) < 1101


def test_retry_after_answers_share_one_budget(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(6):
        api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "60"}, valid=False)
    with pytest.raises(RateLimitError, match="retry budget"):
        harness.call(lambda c: c.train("v1"), harness.client(max_retries=5))
    assert sleeps == [60.0, 60.0]
    assert len(api.requests) == 3


# --- failures without an answer ----------------------------------------------------------------------


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


# --- deadlines ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("real_clock")
def test_with_options_deadline_bounds_a_whole_call(harness: Harness, stalling: Stalling):
    from elevenlabs_pvc import APITimeoutError

    client = harness.client(http_client=None, base_url=stalling.url, max_retries=5).with_options(deadline=0.5)
    with pytest.raises(APITimeoutError):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    assert stalling.requests == 1  # no retry started past the deadline


def test_a_deadline_stops_retry_pauses_that_would_pass_it(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(4):
        api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "2"}, valid=False)
    client = harness.client(max_retries=3).with_options(deadline=3)
    with pytest.raises(RateLimitError, match="not retried: waiting 2 s more would pass the deadline of the call"):
        harness.call(lambda c: c.train("v1"), client)
    assert sleeps == [2.0]


# --- bounded answers ---------------------------------------------------------------------------------


def test_a_gzip_bomb_in_a_json_answer_stops_at_the_limit(harness: Harness, api: MockAPI):
    body = bomb(40 * 1024 * 1024)
    assert len(body) < 200_000
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(200, content=body, headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match=r"larger than 16,777,216 bytes \(16 MiB"):
        harness.call(lambda c: c.update("v1", name="x"))
    assert len(api.requests) == 1  # not retried: the same answer would come again


def test_a_large_plain_json_answer_stops_at_the_limit(harness: Harness, api: MockAPI):
    body = b" " * (17 * 1024 * 1024)
    api.reply(httpx.Response(200, content=body, headers={"content-type": "application/json"}), valid=False)
    with pytest.raises(ResponseValidationError, match="16 MiB"):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"))


def test_a_chunked_answer_with_a_small_content_length_is_still_bounded(harness: Harness, api: MockAPI):
    """A Content-Length beside Transfer-Encoding frames nothing: the read stays bounded by the limit."""
    headers = {"content-type": "application/json", "content-length": "10", "transfer-encoding": "chunked"}
    api.reply(httpx.Response(200, content=b" " * (17 * 1024 * 1024), headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match="16 MiB"):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"))


def test_an_error_answer_is_bounded_too(harness: Harness, api: MockAPI):
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(401, content=bomb(20 * 1024 * 1024), headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match="16 MiB"):
        harness.call(lambda c: c.train("v1"))


def test_audio_answers_have_their_own_larger_limit(harness: Harness, api: MockAPI):
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(200, content=bomb(257 * 1024 * 1024), headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match=r"268,435,456 bytes \(256 MiB"):
        harness.call(lambda c: c.samples.audio.get("v1", "s1"))


# --- logs --------------------------------------------------------------------------------------------


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
