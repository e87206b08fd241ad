"""Everything the client raises or warns, in one hierarchy rooted in :class:`PVCError`.

Catch :class:`PVCError` to handle every failure of this library, a subclass to handle one kind.
The part below :class:`APIError` is shaped like openai-python's::

    PVCError
    ├── ConfigurationError (ValueError)      bad client settings: no API key, unknown region
    ├── ClientClosedError                    a call on a client that was closed (nothing was sent)
    ├── InvalidArgumentError (ValueError)    a bad argument value, raised before any request
    ├── InvalidArgumentTypeError (TypeError) an argument of the wrong type, raised before any request
    ├── APIError                             talking to the API failed (``method``, ``path``)
    │   ├── APIConnectionError               no usable answer: DNS, connect, reset, redirects, bad encoding
    │   │   └── APITimeoutError              ... because a timeout expired
    │   ├── APIStatusError                   the API answered a non-2xx status
    │   │   ├── BadRequestError              400
    │   │   ├── AuthenticationError          401
    │   │   ├── PaymentRequiredError         402
    │   │   ├── PermissionDeniedError        403
    │   │   ├── NotFoundError                404
    │   │   ├── UnprocessableEntityError     422, with the parsed ``detail`` list
    │   │   ├── RateLimitError               429
    │   │   └── ServerError                  5xx
    │   └── ResponseValidationError          a 2xx answer whose body does not match the spec
    └── OperationFailedError                 a 2xx answer whose status is not "ok" (train, delete, verify...)
        └── SpeakerSeparationError           separation did not start, or is not usable
            ├── SpeakerSeparationFailedError     ... it ended with status "failed"
            └── SpeakerSeparationTimeoutError    ... it did not finish in time (also a TimeoutError)

Messages never contain the API key.  Every error and warning survives ``pickle`` (process pools).
Warnings are :class:`PVCWarning` subclasses (themselves :class:`UserWarning`): the filter
``warnings.simplefilter("error", PVCWarning)`` turns every one into an exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

# fmt: off
__all__ = [
    "APIConnectionError", "APIError", "APIStatusError", "APITimeoutError", "AuthenticationError", "BadRequestError",
    "ClientClosedError", "ConfigurationError", "InvalidArgumentError", "InvalidArgumentTypeError", "NotFoundError",
    "OperationFailedError", "PVCError", "PVCWarning", "PaymentRequiredError", "PermissionDeniedError", "RateLimitError",
    "ResponseValidationError", "ServerError", "ShortTrimWindowWarning", "SpeakerSelectionClearedWarning",
    "SpeakerSelectionOverrideWarning", "SpeakerSeparationError", "SpeakerSeparationFailedError",
    "SpeakerSeparationTimeoutError", "UnprocessableEntityError"
]
# fmt: on


def _new(kind: type[BaseException]) -> BaseException:
    return kind.__new__(kind)


class _Picklable:
    """Pickle by message and attributes, whatever the ``__init__`` signature (the default calls ``cls(*args)``)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _new, (type(self),), {**vars(self), "args": getattr(self, "args", ())}


class PVCError(_Picklable, Exception):
    """The base class of every exception this library raises."""


class ConfigurationError(PVCError, ValueError):
    """The client cannot be built as asked: no API key, an unknown region, conflicting settings."""


class _ArgumentError(PVCError):
    def __init__(self, parameter: str, value: object, message: str) -> None:
        super().__init__(message)
        self.parameter, self.value = parameter, value


class InvalidArgumentError(_ArgumentError, ValueError):
    """An argument has a value the API would refuse or misread (``parameter``, ``value``); nothing was sent."""


class InvalidArgumentTypeError(_ArgumentError, TypeError):
    """An argument has the wrong type; nothing was sent (``parameter`` and ``value`` as above)."""


class APIError(PVCError):
    """Talking to the API failed; ``method`` and ``path`` say what was requested (no query, no headers)."""

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.method, self.path = method, path


class APIConnectionError(APIError):
    """No usable answer (DNS, TLS, connection, undecodable body, your transport...): see ``__cause__``."""

    def __init__(self, method: str, path: str, message: str) -> None:
        super().__init__(f"{method} {path} failed: {message}", method=method, path=path)


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired (see the client's ``timeout``)."""


class ClientClosedError(PVCError):
    """A call on a client after ``close()`` / ``aclose()`` (or on one whose own ``http_client`` was closed).

    Nothing was sent.  Make a new client, or keep the one you have open for as long as you call it.
    """


class APIStatusError(APIError):
    """The API answered with a status outside 2xx.

    - ``status_code``; ``body``: the parsed JSON (or the text, ``None`` when empty);
    - ``code``: the machine-readable reason, to branch on: the body's ``detail.code`` (the current error
      format, e.g. ``paid_plan_required``), else its ``detail.status`` (the older one, e.g.
      ``quota_exceeded``, ``invalid_api_key``, ``voice_not_found``), else ``None``;
    - ``request_id``: the id to quote to support, from the ``request-id`` / ``x-request-id`` /
      ``xi-request-id`` / ``x-trace-id`` header, else the body's ``detail.request_id``;
    - ``headers``: the answer's headers (``maximum-concurrent-requests``, ``current-concurrent-requests``,
      ``retry-after``...); ``response``: the :class:`httpx.Response`, its body already read (its
      ``request`` carries no API key);
    - ``method`` and ``path``.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any,
        request_id: str | None,
        method: str,
        path: str,
        code: str | None = None,
        headers: httpx.Headers | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code, self.body, self.request_id, self.code = status_code, body, request_id, code
        if headers is None:
            from httpx import Headers

            headers = Headers()
        self.headers: httpx.Headers = headers
        self.response = response


class BadRequestError(APIStatusError):
    """400: the API refused the request as malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked."""


class PaymentRequiredError(APIStatusError):
    """402: the plan does not include this (``code`` ``paid_plan_required``) or the account must pay; never retried."""


class PermissionDeniedError(APIStatusError):
    """403: the key is valid but may not do this (plan, workspace or voice ownership)."""


class NotFoundError(APIStatusError):
    """404: the voice, sample or speaker does not exist (or is not visible to this key)."""


class UnprocessableEntityError(APIStatusError):
    """422: the API's validation refused the request.

    ``detail`` is the list of ``{"loc", "msg", "type"}`` entries it sent, which the message joins.
    """

    def __init__(self, message: str, *, detail: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.detail = detail


class RateLimitError(APIStatusError):
    """429: too many requests, and retries did not help.

    ``retry_after``: the seconds the API asked to wait; ``limit`` and ``current``: the concurrency the
    plan allows and the requests in flight, from the ``maximum-concurrent-requests`` and
    ``current-concurrent-requests`` headers (``None`` when absent): size a worker pool with them.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None,
        limit: int | None = None,
        current: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after, self.limit, self.current = retry_after, limit, current


class ServerError(APIStatusError):
    """5xx: the API failed; the retries (if the operation is safe to repeat) did not help."""


class ResponseValidationError(APIError):
    """A 2xx answer whose body does not match the spec; the parsing error, if any, is ``__cause__``."""


class OperationFailedError(PVCError):
    """The API answered 2xx but reported that the operation did not succeed (a status other than ``ok``)."""


class SpeakerSeparationError(OperationFailedError):
    """Speaker separation did not start, or is not usable; ``status`` is the API's last report, if any."""

    def __init__(self, message: str, status: Any = None) -> None:
        super().__init__(message)
        self.status = status


class SpeakerSeparationFailedError(SpeakerSeparationError):
    """Speaker separation ended with status ``failed``."""


class SpeakerSeparationTimeoutError(SpeakerSeparationError, TimeoutError):
    """Speaker separation did not finish within the time given."""


class PVCWarning(_Picklable, UserWarning):
    """The base class of every warning this library emits."""


class ShortTrimWindowWarning(PVCWarning):
    """A trim window shorter than one second (were seconds passed where milliseconds are expected?)."""


class SpeakerSelectionOverrideWarning(PVCWarning):
    """An update drops speaker IDs from a selection: the API replaces the whole selection every time."""


class SpeakerSelectionClearedWarning(SpeakerSelectionOverrideWarning):
    """An update sends an empty speaker selection, which clears it."""
