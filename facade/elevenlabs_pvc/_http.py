"""What the send loop decides after each attempt: retry (how soon), or give up with which error.

:func:`after_attempt` raises the :class:`~elevenlabs_pvc.errors.PVCError` to give up with, so no
httpx exception reaches the caller.  Retried: a connection that could not be made and 429, for every
operation; timeouts, dropped connections and 500/502/503/504 only for operations safe to repeat.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from typing import Any, Final, NamedTuple

import httpx

from elevenlabs_pvc import _state, errors, retries

logger: Final = logging.getLogger("elevenlabs_pvc")

_STATUS_ERRORS: Final[dict[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}
#: Where an answer names itself, in order: the request-id headers, then the trace id the API sends on every answer.
_REQUEST_ID_HEADERS: Final = ("request-id", "x-request-id", "xi-request-id", "x-trace-id")
#: A key shorter than this (a test key such as "k") is scrubbed only where it stands as a whole token,
#: so that "Speaker separation" stays readable; a real key (about 50 characters) is scrubbed everywhere.
_SHORT_SECRET: Final = 8
_MAX_TEXT: Final = 500
#: The most bytes an answer may have, counted after decompression as it streams: no answer of these endpoints
#: is legitimately larger (a status or a waveform is kilobytes), and a gzip bomb stops here.
MAX_JSON_BYTES: Final = 16 * 1024 * 1024
#: ... and for the answers that carry audio (base64 in JSON: the sample preview, a speaker's audio, the captcha).
MAX_AUDIO_BYTES: Final = 256 * 1024 * 1024
#: Failures that happen before the request leaves this machine: repeating them is always safe.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures after which the server may have received the request.
_MAYBE_SENT: Final = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class Call(NamedTuple):
    """One operation call, as the send loop sees it."""

    #: The operation's name, in every message (``"update PVC sample"``).
    operation: str
    method: str
    #: The path without the base URL, as the messages and log lines show it.
    path: str
    repeatable: bool
    policy: retries.RetryPolicy
    secret: str
    #: The streaming upload parts of the body (``uploads.py``), which say whether it can be sent again.
    parts: tuple[Any, ...] = ()
    #: The most bytes an answer may have, counted after decompression (``_operations.py`` sets it per operation).
    max_bytes: int = MAX_JSON_BYTES

    def __repr__(self) -> str:
        return f"Call({self.method} {self.path}, repeatable={self.repeatable})"


def _finder(secret: str) -> re.Pattern[str]:
    """The places ``secret`` stands in a text: anywhere, or as a whole token when it is short."""
    if len(secret) >= _SHORT_SECRET:
        return re.compile(re.escape(secret))
    return re.compile(rf"(?<![\w-]){re.escape(secret)}(?![\w-])")


def scrub(error: BaseException, secret: str) -> BaseException:
    """``error`` without the key: in its message and attributes, and its chain of causes cut where one shows it."""
    if not secret:
        return error
    finder = _finder(secret)

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return finder.sub("[redacted]", value) if secret in value else value
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return type(value)(clean(item) for item in value) if isinstance(value, list | tuple) else value

    error.args = clean(error.args)
    for name, value in list(vars(error).items()):
        setattr(error, name, clean(value))
    link = error
    while (behind := link.__cause__ or link.__context__) is not None:
        if finder.search(str(behind)) or finder.search(repr(behind)):
            link.__cause__ = link.__context__ = None
            link.__suppress_context__ = True
            break
        link = behind
    return error


def request_id(headers: httpx.Headers, body: Any = None) -> str | None:
    """The id the API gave the request: a request-id header, the trace id, else the body's ``detail.request_id``."""
    found = next((headers[name] for name in _REQUEST_ID_HEADERS if name in headers), None)
    if found is None:
        detail = body.get("detail") if isinstance(body, dict) else None
        value = detail.get("request_id") if isinstance(detail, dict) else None
        found = value if isinstance(value, str) and value else None
    return found


def error_code(body: Any) -> str | None:
    """The machine-readable reason of an error body: ``detail.code``, else ``detail.status`` (the legacy field).

    A flat body (``{"status": ..., "message": ...}``, as some 5xx answers are) gives its own ``code`` or ``status``.
    """
    if not isinstance(body, dict):
        return None
    detail = body.get("detail")
    holder = detail if isinstance(detail, dict) else body if "detail" not in body else None
    if holder is None:
        return None
    code = holder.get("code") or holder.get("status")
    return code if isinstance(code, str) and code else None


def _count(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name, "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def _clean(headers: httpx.Headers, secret: str) -> httpx.Headers:
    """``headers`` with any value that holds the key redacted (the request's ``xi-api-key``; an echo in an answer)."""
    return httpx.Headers(
        [(name, "[redacted]" if secret and secret in value else value) for name, value in headers.items()]
    )


_ENCODED_BODY = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _without_key(response: httpx.Response, secret: str) -> httpx.Response:
    """A copy of ``response`` whose request no longer carries the key (errors keep the response; never the key)."""
    request = response.request
    headers = _clean(request.headers, secret)
    # The body is kept decoded: the copy must not say it is still compressed, nor give its old length.
    kept = [(name, value) for name, value in response.headers.multi_items() if name not in _ENCODED_BODY]
    copy = httpx.Response(
        response.status_code,
        headers=_clean(httpx.Headers(kept), secret),
        content=response.content,
        request=httpx.Request(request.method, request.url, headers=headers),
        extensions={
            key: value for key, value in response.extensions.items() if key in ("http_version", "reason_phrase")
        },
    )
    copy.read()
    return copy


def _summary(body: Any) -> str:
    """A one-line reading of an error body: the validation messages, the API's message, or the text."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):
        parts = []
        for entry in detail:
            loc = entry.get("loc") if isinstance(entry, dict) else None
            location = ".".join(map(str, loc)) if isinstance(loc, list | tuple) else str(loc or "")
            message = str(entry.get("msg", "")) if isinstance(entry, dict) else str(entry)
            parts.append(f"{location}: {message}" if location else message)
        return "; ".join(parts)
    if isinstance(detail, dict) and "message" in detail:
        notes = [
            note for note in (error_code(body), f"param: {detail['param']}" if detail.get("param") else "") if note
        ]
        return f"{detail['message']} ({'; '.join(notes)})" if notes else str(detail["message"])
    if isinstance(body, dict) and "detail" not in body and "message" in body:  # a flat 5xx body
        code = error_code(body)
        return f"{body['message']} ({code})" if code else str(body["message"])
    if isinstance(detail, str) or body is None:
        return str(detail or "(empty body)")
    return (json.dumps(body) if isinstance(body, dict) else str(body))[:_MAX_TEXT]


def _redirect(response: httpx.Response) -> str:
    try:
        target = response.url.join(response.headers.get("location", ""))
        where = f"{target.scheme}://{target.netloc.decode()}"
    except (httpx.InvalidURL, ValueError, UnicodeError):
        where = "an address that is not a URL"
    return f"a redirect to {where}, not followed: the API key is only sent to the client's base URL"


def _status_error(call: Call, response: httpx.Response, note: str) -> errors.APIStatusError:
    status = response.status_code
    try:
        body = response.json() if response.content else None
    except (ValueError, RecursionError):
        body = response.text
    identifier = request_id(response.headers, body)
    summary = _redirect(response) if response.is_redirect else _summary(body)
    message = f"{call.method} {call.path} answered {status} {response.reason_phrase}: {summary}".replace(" :", ":")
    message += f" (request id {identifier})" if identifier else ""
    common: dict[str, Any] = {"status_code": status, "body": body, "request_id": identifier, "code": error_code(body)}
    common["response"] = _without_key(response, call.secret)
    common.update(method=call.method, path=call.path, headers=common["response"].headers)
    if status == 422:
        detail = body.get("detail") if isinstance(body, dict) else None
        common["detail"] = detail if isinstance(detail, list) else []
    elif status == 429:
        common["retry_after"] = retries.retry_after_seconds(response.headers)
        common["limit"] = _count(response.headers, "maximum-concurrent-requests")
        common["current"] = _count(response.headers, "current-concurrent-requests")
    kind = errors.ServerError if status >= 500 else _STATUS_ERRORS.get(status, errors.APIStatusError)
    return kind(f"{message}{note} [{call.operation}]", **common)


def _connection_error(call: Call, error: Exception, note: str) -> errors.APIConnectionError:
    kind = errors.APITimeoutError if isinstance(error, httpx.TimeoutException) else errors.APIConnectionError
    reason = f"{type(error).__name__}: {str(error) or type(error).__name__}"
    failure = kind(call.method, call.path, f"{reason}{note} [{call.operation}]")
    failure.__cause__ = error
    return failure


def _retry_delay(call: Call, outcome: httpx.Response | Exception, attempt: int) -> tuple[float | None, str]:
    """How long to wait before repeating a failed attempt; or None, and why when it would have been retried."""
    if attempt > call.policy.max_retries:
        return None, ""
    if isinstance(outcome, httpx.Response):
        status = outcome.status_code
        if status in retries.RETRYABLE_WHATEVER_THE_OPERATION or (
            call.repeatable and status in retries.RETRYABLE_STATUSES
        ):
            return call.policy.delay_or_reason(attempt, outcome.headers)
    elif isinstance(outcome, _NOT_SENT) or (call.repeatable and isinstance(outcome, _MAYBE_SENT)):
        return call.policy.backoff(attempt), ""
    return None, ""


def after_attempt(
    call: Call,
    outcome: httpx.Response | Exception,
    started: float,
    attempt: int,
    budget: tuple[float, str] = (math.inf, ""),
) -> float | None:
    """Log an attempt; None for a 2xx, else how long to wait before the next one; or raise the PVCError.

    ``outcome`` is the response, or what the httpx client (or a caller's transport) raised: the ``__cause__``.
    ``budget`` is the most this call may still sleep, and what limits it (the retry budget, a deadline).
    """
    reason = outcome.status_code if isinstance(outcome, httpx.Response) else type(outcome).__name__
    if debug := logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("%s %s -> %s in %.1f ms (attempt %d)", call.method, call.path, reason, elapsed, attempt)
    if isinstance(outcome, httpx.Response) and outcome.is_success:
        return None
    if isinstance(outcome, errors.PVCError):  # from the body as it was sent: a file that changed size
        raise outcome
    delay, problem = _retry_delay(call, outcome, attempt)
    if delay is not None and delay > budget[0]:
        delay, problem = None, f"waiting {delay:.3g} s more would pass {budget[1]}"
    if delay is not None:
        problem = next(filter(None, (part.replay_problem() for part in call.parts)), "")
    if delay is None or problem:
        note = f" (not retried: {problem})" if problem else ""
        if isinstance(outcome, httpx.Response):
            raise scrub(_status_error(call, outcome, note), call.secret)
        raise scrub(_connection_error(call, outcome, note), call.secret)
    if debug:
        message = "retrying %s %s after %s in %.2f s (attempt %d of %d)"
        logger.debug(message, call.method, call.path, reason, delay, attempt + 1, call.policy.max_retries + 1)
    return delay


def too_large(call: Call, size: int) -> errors.ResponseValidationError:
    """The error for an answer larger than ``call.max_bytes`` (read so far: ``size`` bytes, decompressed)."""
    limit = call.max_bytes
    message = (
        f"{call.method} {call.path}: the answer is larger than {limit:,} bytes ({limit // 1024 // 1024} MiB, the limit "
        f"for this operation; {size:,} read, decompressed) and was not read further [{call.operation}]"
    )
    return errors.ResponseValidationError(message, method=call.method, path=call.path)


class Body:
    """An answer's body, collected as it streams: refused past ``call.max_bytes`` (decompressed) or the deadline."""

    def __init__(self, call: Call, deadline: float | None) -> None:
        self.call, self.deadline, self.size = call, deadline, 0
        self.chunks: list[bytes] = []

    def add(self, chunk: bytes) -> None:
        """One more piece of the (decompressed) body.

        Raises:
            ResponseValidationError: the answer is larger than the operation allows.
            APITimeoutError: the call's deadline passed while the answer was still arriving.
        """
        self.size += len(chunk)
        if self.size > self.call.max_bytes:
            raise too_large(self.call, self.size)
        if self.deadline is not None and _state.monotonic() > self.deadline:
            reason = f"the deadline of the call passed while the answer was arriving ({self.size:,} bytes so far)"
            raise errors.APITimeoutError(self.call.method, self.call.path, f"{reason} [{self.call.operation}]")
        self.chunks.append(chunk)

    def keep(self, response: httpx.Response) -> None:
        """Give ``response`` its body, as httpx's own ``read()`` does once it has every chunk."""
        response._content = b"".join(self.chunks)


def within(request: dict[str, Any], deadline: float | None, default: httpx.Timeout) -> dict[str, Any]:
    """The arguments of ``build_request`` for one attempt: each timeout at most the time left before ``deadline``."""
    built = {key: value for key, value in request.items() if key != "follow_redirects"}
    if deadline is None:
        return built
    left = max(deadline - _state.monotonic(), 0.001)
    given = request.get("timeout", default)
    timeout = given if isinstance(given, httpx.Timeout) else httpx.Timeout(given)
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    connect, read, write, pool = (left if phase is None else min(phase, left) for phase in phases)
    built["timeout"] = httpx.Timeout(connect=connect, read=read, write=write, pool=pool)
    return built
