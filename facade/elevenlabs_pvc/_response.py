"""An answer, from the bytes that arrive to the error a call raises.

:class:`BoundedBody` reads the body within the operation's limit and the call's deadline, :func:`failure`
builds the PVCError to raise, and :func:`redact` is the one place the key is removed.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final, NamedTuple, TypeVar

import httpx

from elevenlabs_pvc import _state, errors, retries

T = TypeVar("T")

# fmt: off
_STATUS_ERRORS: Final[dict[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError, 401: errors.AuthenticationError, 402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError, 404: errors.NotFoundError, 422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}
# fmt: on
#: Where an answer names itself, in order: the request-id headers, then the trace id the API sends on every answer.
_REQUEST_ID_HEADERS: Final = ("request-id", "x-request-id", "xi-request-id", "x-trace-id")
#: A key shorter than this (a test key such as "k") is redacted only where it stands as a whole token,
#: so that "Speaker separation" stays readable; a real key (about 50 characters) is redacted everywhere.
_SHORT_SECRET: Final = 8
_MAX_TEXT: Final = 500
#: The most bytes an answer may have, counted after decompression as it streams: no answer of these endpoints
#: is legitimately larger (a status or a waveform is kilobytes), and a gzip bomb stops here.
MAX_JSON_BYTES: Final = 16 * 1024 * 1024
#: ... and for the answers that carry audio (base64 in JSON: the sample preview, a speaker's audio, the captcha).
MAX_AUDIO_BYTES: Final = 256 * 1024 * 1024
#: The headers that describe the body as it travelled: the decoded copy has neither that encoding nor that length.
_TRANSFER_HEADERS: Final = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


class Call(NamedTuple):
    """One operation call, as the send loop and the answer see it."""

    #: The operation's name, in every message (``"update PVC sample"``).
    operation: str
    method: str
    #: The path without the base URL, as the messages and log lines show it.
    path: str
    #: Safe to repeat after it may have reached the API.
    repeatable: bool
    policy: retries.RetryPolicy
    secret: str
    #: The streaming upload parts of the body (``uploads.py``), which say whether it can be sent again.
    parts: tuple[Any, ...] = ()
    #: The most bytes an answer may have, counted after decompression (``_operations.py`` sets it per operation).
    max_bytes: int = MAX_JSON_BYTES
    #: When the whole call must be over (a ``_state.monotonic()`` time), or None.
    deadline: float | None = None
    #: The timeout of each attempt (``with_options(timeout=)``); None: the httpx client's own.
    timeout: httpx.Timeout | None = None

    def left(self) -> float:
        """Seconds until the deadline (infinite without one): the one place it is read."""
        return math.inf if self.deadline is None else self.deadline - _state.monotonic()

    def attempt_timeout(self, default: httpx.Timeout) -> httpx.Timeout:
        """The timeout of the next attempt (``timeout``, else ``default``): each phase at most the time left."""
        given, left = default if self.timeout is None else self.timeout, self.left()
        if left == math.inf:
            return given
        left = max(left, 0.001)
        phases = (given.connect, given.read, given.write, given.pool)
        connect, read, write, pool = (left if phase is None else min(phase, left) for phase in phases)
        return httpx.Timeout(connect=connect, read=read, write=write, pool=pool)

    def __repr__(self) -> str:
        return f"Call({self.method} {self.path}, repeatable={self.repeatable})"


def redact(value: T, secret: str) -> T:
    """``value`` with ``secret`` replaced by ``[redacted]``, in a string or in the strings inside a container.

    Containers are dicts, lists, tuples and :class:`httpx.Headers`; anything else is returned as it is.
    """
    if not secret:
        return value
    if isinstance(value, str):
        if secret not in value:
            return value
        if len(secret) >= _SHORT_SECRET:
            return value.replace(secret, "[redacted]")  # type: ignore[return-value]
        token = re.compile(rf"(?<![\w-]){re.escape(secret)}(?![\w-])")
        return token.sub("[redacted]", value)  # type: ignore[return-value]
    if isinstance(value, httpx.Headers):
        # As the bytes that are sent: a latin-1 value stays latin-1.
        key = secret.encode("latin-1")
        if not any(key in line for _, line in value.raw):
            return value
        lines = [(name, redact(line.decode("latin-1"), secret).encode("latin-1")) for name, line in value.raw]
        return httpx.Headers(lines)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {redact(key, secret): redact(item, secret) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list | tuple):
        return type(value)(redact(item, secret) for item in value)
    return value


def scrub(error: BaseException, secret: str) -> BaseException:
    """``error`` without the key: in its message and attributes, and its chain of causes cut where one shows it."""
    if not secret:
        return error
    error.args = redact(error.args, secret)
    for name, value in list(vars(error).items()):
        setattr(error, name, redact(value, secret))
    link = error
    while (behind := link.__cause__ or link.__context__) is not None:
        if any(redact(text, secret) != text for text in (str(behind), repr(behind))):
            link.__cause__ = link.__context__ = None
            link.__suppress_context__ = True
            break
        link = behind
    return error


def framed(call: Call, response: httpx.Response) -> bool:
    """True when httpx's own ``read()`` is as bounded as :class:`BoundedBody` (and cheaper).

    That is an uncompressed 2xx (an error's copy loses the key) whose declared length, where HTTP framing
    stops the read, is within the limit, in a call without a deadline.  Not chunked: a ``Content-Length``
    beside ``Transfer-Encoding`` frames nothing.
    """
    headers = response.headers
    length = headers.get("content-length", "")
    return (
        response.is_success
        and call.deadline is None
        and length.isdecimal()
        and int(length) <= call.max_bytes
        and "content-encoding" not in headers
        and "transfer-encoding" not in headers
    )


class BoundedBody:
    """An answer's body, collected as it streams: refused past ``call.max_bytes`` (decompressed) or the deadline."""

    def __init__(self, call: Call) -> None:
        self.call, self.size = call, 0
        self.chunks: list[bytes] = []

    def add(self, chunk: bytes) -> None:
        """One more piece of the (decompressed) body.

        Raises:
            ResponseValidationError: the answer is larger than the operation allows.
            APITimeoutError: the call's deadline passed while the answer was still arriving.
        """
        call, self.size, limit = self.call, self.size + len(chunk), self.call.max_bytes
        if self.size > limit:
            message = f"the answer is larger than {limit:,} bytes ({limit // 1024 // 1024} MiB, the limit for this "
            message += f"operation; {self.size:,} read, decompressed) and was not read further [{call.operation}]"
            raise errors.ResponseValidationError(
                f"{call.method} {call.path}: {message}", method=call.method, path=call.path
            )
        if call.deadline is not None and call.left() < 0:
            reason = f"the deadline of the call passed while the answer was arriving ({self.size:,} bytes so far)"
            raise errors.APITimeoutError(call.method, call.path, f"{reason} [{call.operation}]")
        self.chunks.append(chunk)

    def response(self, response: httpx.Response) -> httpx.Response:
        """``response`` with its decoded body, built with httpx's public API; an error's copy without the key."""
        headers, request, extensions, secret = response.headers, response.request, response.extensions, self.call.secret
        if "content-encoding" in headers:  # the body is kept decoded: neither that encoding nor that length apply
            headers = httpx.Headers([line for line in headers.raw if line[0].lower() not in _TRANSFER_HEADERS])
        if not response.is_success:
            headers = redact(headers, secret)
            request = httpx.Request(request.method, request.url, headers=redact(request.headers, secret))
            extensions = {key: extensions[key] for key in ("http_version", "reason_phrase") if key in extensions}
        body, status = httpx.ByteStream(b"".join(self.chunks)), response.status_code
        copy = httpx.Response(status, headers=headers, stream=body, request=request, extensions=extensions)
        copy.read()
        return copy


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
    common.update(response=response, method=call.method, path=call.path, headers=response.headers)
    if status == 422:
        detail = body.get("detail") if isinstance(body, dict) else None
        common["detail"] = detail if isinstance(detail, list) else []
    elif status == 429:
        common["retry_after"] = retries.retry_after_seconds(response.headers)
        common["limit"] = _count(response.headers, "maximum-concurrent-requests")
        common["current"] = _count(response.headers, "current-concurrent-requests")
    kind = errors.ServerError if status >= 500 else _STATUS_ERRORS.get(status, errors.APIStatusError)
    return kind(f"{message}{note} [{call.operation}]", **common)


def failure(call: Call, outcome: httpx.Response | Exception, reason: str) -> errors.PVCError:
    """The error a call gives up with: for an answer (built by :class:`BoundedBody`) or what httpx raised.

    ``reason`` says why it was not retried when it would have been ("" otherwise).  The key is redacted.
    """
    note = f" (not retried: {reason})" if reason else ""
    if isinstance(outcome, httpx.Response):
        error: errors.PVCError = _status_error(call, outcome, note)
    else:
        kind = errors.APITimeoutError if isinstance(outcome, httpx.TimeoutException) else errors.APIConnectionError
        cause = f"{type(outcome).__name__}: {str(outcome) or type(outcome).__name__}"
        error = kind(call.method, call.path, f"{cause}{note} [{call.operation}]")
        error.__cause__ = outcome
    scrub(error, call.secret)
    return error
