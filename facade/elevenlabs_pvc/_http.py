"""What the async and the sync send loops decide alike: retries, errors and log lines.

After each attempt the loop (``_async/_client.py``) asks :func:`after_attempt` how long
to wait before the next one; it raises the
:class:`~elevenlabs_pvc.errors.PVCError` to give up with, so no httpx exception reaches
the caller.  Retried: a connection that could not be made and 429, for every operation;
timeouts, dropped connections and 500/502/503/504 only for operations safe to repeat.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Final

import httpx

from elevenlabs_pvc.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    PVCError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from elevenlabs_pvc.retries import (
    RETRYABLE_STATUSES,
    RETRYABLE_WHATEVER_THE_OPERATION,
    RetryPolicy,
    retry_after_seconds,
)

logger: Final = logging.getLogger("elevenlabs_pvc")

_STATUS_ERRORS: Final[dict[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}
_REQUEST_ID_HEADERS: Final = ("request-id", "x-request-id", "xi-request-id")
_MAX_TEXT: Final = 500
#: Failures that happen before the request leaves this machine: repeating them is always safe.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures after which the server may have received the request.
_MAYBE_SENT: Final = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True, repr=False)
class Call:
    """One operation call, as the send loop sees it."""

    #: The operation's name, in every message (``"update PVC sample"``).
    operation: str
    method: str
    #: The path without the base URL, as the messages and log lines show it.
    path: str
    repeatable: bool
    retries: RetryPolicy
    secret: str
    #: The streaming upload parts of the body (``uploads.py``), which say whether it can be sent again.
    parts: tuple[Any, ...] = ()

    def replay_problem(self) -> str | None:
        """Why the request cannot be sent again (a stream already read), or None."""
        return next((problem for part in self.parts if (problem := part.replay_problem())), None)

    def __repr__(self) -> str:
        return f"Call({self.method} {self.path}, repeatable={self.repeatable})"


def scrub(error: BaseException, secret: str) -> BaseException:
    """``error`` without the key: in its message and attributes, and its chain of causes cut where one shows it."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(secret, "[redacted]")
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return type(value)(clean(item) for item in value) if isinstance(value, list | tuple) else value

    error.args = clean(error.args)
    for name, value in list(vars(error).items()):
        setattr(error, name, clean(value))
    link = error
    while (behind := link.__cause__ or link.__context__) is not None:
        if secret in str(behind) or secret in repr(behind):
            link.__cause__ = link.__context__ = None
            link.__suppress_context__ = True
            break
        link = behind
    return error


def request_id(headers: httpx.Headers) -> str | None:
    """The request id the API put in the response headers, if any."""
    return next((headers[name] for name in _REQUEST_ID_HEADERS if name in headers), None)


def _parse_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, RecursionError):
        return response.text


def _validation_messages(detail: list[Any]) -> str:
    parts = []
    for entry in detail:
        if isinstance(entry, dict):
            loc = entry.get("loc")
            location = ".".join(str(part) for part in loc) if isinstance(loc, list | tuple) else str(loc or "")
            message = str(entry.get("msg", ""))
            parts.append(f"{location}: {message}" if location else message)
        else:
            parts.append(str(entry))
    return "; ".join(parts)


def _summary(body: Any) -> str:
    """A one-line reading of an error body: the validation messages, the API's message, or the text."""
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, list):
            return _validation_messages(detail)
        if isinstance(detail, dict) and "message" in detail:
            status = detail.get("status")
            return f"{detail['message']} ({status})" if status else str(detail["message"])
        if isinstance(detail, str):
            return detail
        return json.dumps(body)[:_MAX_TEXT]
    if body is None:
        return "(empty body)"
    return str(body)[:_MAX_TEXT]


def _connection_error(call: Call, error: Exception, note: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    failure = kind(
        call.method, call.path, f"{type(error).__name__}: {str(error) or type(error).__name__}{note} [{call.operation}]"
    )
    failure.__cause__ = error
    return failure


def _redirect(response: httpx.Response) -> str:
    try:
        target = response.url.join(response.headers.get("location", ""))
        where = f"{target.scheme}://{target.netloc.decode()}"
    except (httpx.InvalidURL, ValueError, UnicodeError):
        where = "an address that is not a URL"
    return f"a redirect to {where}, not followed: the API key is only sent to the client's base URL"


def _status_error(call: Call, response: httpx.Response, note: str) -> APIStatusError:
    status = response.status_code
    body = _parse_body(response)
    identifier = request_id(response.headers)
    summary = _redirect(response) if response.is_redirect else _summary(body)
    message = f"{call.method} {call.path} answered {status} {response.reason_phrase}: {summary}".replace(" :", ":")
    if identifier:
        message += f" (request id {identifier})"
    message += f"{note} [{call.operation}]"
    common: dict[str, Any] = {"status_code": status, "body": body, "request_id": identifier}
    common.update(method=call.method, path=call.path)
    if status == 422:
        detail = body.get("detail") if isinstance(body, dict) else None
        return UnprocessableEntityError(message, detail=detail if isinstance(detail, list) else [], **common)
    if status == 429:
        return RateLimitError(message, retry_after=retry_after_seconds(response.headers), **common)
    if status >= 500:
        return ServerError(message, **common)
    return _STATUS_ERRORS.get(status, APIStatusError)(message, **common)


def _log_attempt(call: Call, outcome: object, started: float, attempt: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("%s %s -> %s in %.1f ms (attempt %d)", call.method, call.path, outcome, elapsed, attempt)


def _log_retry(call: Call, reason: object, delay: float, attempt: int) -> None:
    total = call.retries.max_retries + 1
    message = "retrying %s %s after %s in %.2f s (attempt %d of %d)"
    logger.debug(message, call.method, call.path, reason, delay, attempt + 1, total)


def _unless_unrepeatable(call: Call, delay: float | None) -> tuple[float | None, str]:
    """No retry (and why, for the message) when the body cannot be sent again."""
    problem = call.replay_problem() if delay is not None else None
    return (None, f" (not retried: {problem})") if problem else (delay, "")


def after_attempt(call: Call, outcome: httpx.Response | Exception, started: float, attempt: int) -> float | None:
    """Log an attempt; None for a 2xx, else how long to wait before the next one, or raise the PVCError."""
    if isinstance(outcome, Exception):
        return _after_error(call, outcome, started, attempt)
    return _after_response(call, outcome, started, attempt)


def _after_error(call: Call, error: Exception, started: float, attempt: int) -> float:
    """Log a failed attempt; return how long to wait before the next one, or raise the PVCError.

    ``error`` is anything the httpx client raised: an ``httpx.HTTPError``, ``httpx.InvalidURL``,
    or whatever a caller's own transport raises.  It becomes the ``__cause__``.
    """
    _log_attempt(call, type(error).__name__, started, attempt)
    if isinstance(error, PVCError):  # from the body as it was sent: a file that changed size
        raise error
    delay = None
    if attempt <= call.retries.max_retries and (
        isinstance(error, _NOT_SENT) or (call.repeatable and isinstance(error, _MAYBE_SENT))
    ):
        delay = call.retries.backoff(attempt)
    delay, note = _unless_unrepeatable(call, delay)
    if delay is None:
        raise scrub(_connection_error(call, error, note), call.secret)
    _log_retry(call, type(error).__name__, delay, attempt)
    return delay


def _after_response(call: Call, response: httpx.Response, started: float, attempt: int) -> float | None:
    """Log an answered attempt; None for a 2xx, else how long to wait before retrying, or raise the error."""
    _log_attempt(call, response.status_code, started, attempt)
    if response.is_success:
        return None
    status, delay = response.status_code, None
    if attempt <= call.retries.max_retries and (
        status in RETRYABLE_WHATEVER_THE_OPERATION or (call.repeatable and status in RETRYABLE_STATUSES)
    ):
        delay = call.retries.delay(attempt, response.headers)
    delay, note = _unless_unrepeatable(call, delay)
    if delay is None:
        raise scrub(_status_error(call, response, note), call.secret)
    _log_retry(call, status, delay, attempt)
    return delay
