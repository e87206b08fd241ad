"""The layer between the generated functions and httpx: base URL, retries, logging, errors.

The generated functions build a request and hand it to
``client.get_httpx_client().request(method=..., url=..., ...)``.  The facade
gives them one of these transports in place of a bare ``httpx.Client``, so
every generated request goes through :meth:`SyncTransport.request` (or the
async twin), which

* prefixes the path with the base URL chosen for the client (region, ``base_url``
  or the user's own ``http_client.base_url``), without touching the user's client;
* sends it with the user's or the facade's ``httpx.Client``, unchanged;
* logs one debug line per attempt and per retry on the ``elevenlabs_pvc`` logger;
* retries what is safe to retry (see :class:`_Policy`);
* turns a non-2xx answer into an :class:`~elevenlabs_pvc.errors.APIError` subclass and
  a transport failure into :class:`~elevenlabs_pvc.errors.APIConnectionError`, so the
  generated parser only ever sees 2xx answers.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Final

import httpx

from elevenlabs_pvc.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from elevenlabs_pvc.retries import RETRYABLE_STATUSES, RetryPolicy, retry_after_seconds

logger: Final = logging.getLogger("elevenlabs_pvc")

_STATUS_ERRORS: Final[dict[int, type[APIError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}
_REQUEST_ID_HEADERS: Final = ("request-id", "x-request-id", "xi-request-id")
_MAX_TEXT = 500
#: Failures that happen before the request leaves this machine: repeating them is always safe.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# How the transports wait between attempts (tests replace these to run without waiting).
_sleep = time.sleep


async def _async_sleep(delay: float) -> None:
    # asyncio is imported here, not at the top, so that `import elevenlabs_pvc` does not pay for it.
    import asyncio

    await asyncio.sleep(delay)


def _parse_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _validation_messages(detail: list[Any]) -> str:
    parts = []
    for entry in detail:
        if isinstance(entry, dict):
            location = ".".join(str(part) for part in entry.get("loc") or [])
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


class _Policy:
    """What a transport knows about its calls: where to send them and when to repeat them."""

    def __init__(self, base_url: str, retries: RetryPolicy, *, repeatable: bool, secret: str) -> None:
        self.base_url = base_url
        self.retries = retries
        #: True for operations that are safe to repeat even if the server may have acted on them.
        self.repeatable = repeatable
        self._secret = secret

    def redact(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]") if self._secret else text

    def delay_after_transport_error(self, attempt: int, error: httpx.TransportError) -> float | None:
        if attempt > self.retries.max_retries:
            return None
        if isinstance(error, _NOT_SENT) or (
            self.repeatable
            and isinstance(error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError)
        ):
            return self.retries.backoff(attempt)
        return None

    def delay_after_status(self, attempt: int, response: httpx.Response) -> float | None:
        status = response.status_code
        if status not in RETRYABLE_STATUSES or attempt > self.retries.max_retries:
            return None
        # A 429 was refused before any work was done; the others may have been acted on.
        if status != 429 and not self.repeatable:
            return None
        return self.retries.delay(attempt, response.headers)

    def connection_error(self, method: str, path: str, error: httpx.TransportError) -> APIConnectionError:
        kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
        detail = self.redact(str(error)) or type(error).__name__
        return kind(method, path, f"{type(error).__name__}: {detail}")

    def status_error(self, method: str, path: str, response: httpx.Response) -> APIError:
        status = response.status_code
        body = _parse_body(response)
        if isinstance(body, str):
            body = self.redact(body)
        request_id = next((response.headers[name] for name in _REQUEST_ID_HEADERS if name in response.headers), None)
        summary = self.redact(_summary(body))
        message = f"{method} {path} answered {status} {response.reason_phrase}: {summary}".replace(" :", ":")
        if request_id:
            message += f" (request id {request_id})"
        common: dict[str, Any] = {
            "status_code": status,
            "body": body,
            "request_id": request_id,
            "method": method,
            "path": path,
        }
        if status == 422:
            detail = body.get("detail") if isinstance(body, dict) else None
            return UnprocessableEntityError(message, detail=detail if isinstance(detail, list) else [], **common)
        if status == 429:
            return RateLimitError(message, retry_after=retry_after_seconds(response.headers), **common)
        if status >= 500:
            return ServerError(message, **common)
        return _STATUS_ERRORS.get(status, APIError)(message, **common)


def _multipart_headers(kwargs: dict[str, Any]) -> None:
    """Let httpx choose the multipart boundary.

    The generated code sets ``Content-Type: multipart/form-data; boundary=+++`` itself, and httpx
    would use that fixed boundary, which audio bytes could contain.  Without the header httpx
    writes a random boundary and the matching header.
    """
    if "files" in kwargs and kwargs.get("headers"):
        kwargs["headers"] = {name: value for name, value in kwargs["headers"].items() if name.lower() != "content-type"}


def _log_attempt(method: str, path: str, outcome: object, started: float, attempt: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("%s %s -> %s in %.1f ms (attempt %d)", method, path, outcome, elapsed, attempt)


def _log_retry(method: str, path: str, reason: object, delay: float, attempt: int, policy: _Policy) -> None:
    logger.debug(
        "retrying %s %s after %s in %.2f s (attempt %d of %d)",
        method,
        path,
        reason,
        delay,
        attempt + 1,
        policy.retries.max_retries + 1,
    )


def _after_error(
    policy: _Policy, method: str, path: str, error: httpx.TransportError, started: float, attempt: int
) -> float:
    """Log a failed attempt; return how long to wait before the next one, or raise the PVCError."""
    _log_attempt(method, path, type(error).__name__, started, attempt)
    delay = policy.delay_after_transport_error(attempt, error)
    if delay is None:
        raise policy.connection_error(method, path, error) from error
    _log_retry(method, path, type(error).__name__, delay, attempt, policy)
    return delay


def _after_response(
    policy: _Policy, method: str, path: str, response: httpx.Response, started: float, attempt: int
) -> float | None:
    """Log an answered attempt; None for a 2xx, else how long to wait before retrying, or raise the APIError."""
    _log_attempt(method, path, response.status_code, started, attempt)
    if response.is_success:
        return None
    delay = policy.delay_after_status(attempt, response)
    if delay is None:
        raise policy.status_error(method, path, response)
    _log_retry(method, path, response.status_code, delay, attempt, policy)
    return delay


class SyncTransport:
    """Stands in for ``httpx.Client`` inside the generated client (only ``request`` is used)."""

    def __init__(self, http: httpx.Client, policy: _Policy) -> None:
        self._http = http
        self._policy = policy

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one generated request, with retries; return a 2xx response or raise a PVCError."""
        policy, method = self._policy, method.upper()
        target = policy.base_url + url
        _multipart_headers(kwargs)
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                response = self._http.request(method, target, **kwargs)
            except httpx.TransportError as error:
                _sleep(_after_error(policy, method, url, error, started, attempt))
                continue
            delay = _after_response(policy, method, url, response, started, attempt)
            if delay is None:
                return response
            _sleep(delay)


class AsyncTransport:
    """Stands in for ``httpx.AsyncClient`` inside the generated client (only ``request`` is used)."""

    def __init__(self, http: httpx.AsyncClient, policy: _Policy) -> None:
        self._http = http
        self._policy = policy

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one generated request, with retries; return a 2xx response or raise a PVCError."""
        policy, method = self._policy, method.upper()
        target = policy.base_url + url
        _multipart_headers(kwargs)
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                response = await self._http.request(method, target, **kwargs)
            except httpx.TransportError as error:
                await _async_sleep(_after_error(policy, method, url, error, started, attempt))
                continue
            delay = _after_response(policy, method, url, response, started, attempt)
            if delay is None:
                return response
            await _async_sleep(delay)
