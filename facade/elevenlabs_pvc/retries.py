"""When and how long to wait before repeating a request.

Up to ``max_retries`` repeats, with exponential backoff and jitter, or the delay the server asks for
(``retry-after-ms``, ``Retry-After``).  The send loop (``_async/_send.py``) repeats a 429 always, the other
statuses below only when the operation is safe to repeat: the server may have acted on the request.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["RETRYABLE_STATUSES", "RETRYABLE_WHATEVER_THE_OPERATION", "RetryPolicy", "retry_after_seconds"]

#: Statuses worth another try: a request timeout (408), rate limited, or a server or gateway that failed or is
#: briefly unavailable.
RETRYABLE_STATUSES: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
#: Those of them retried even for an operation that is not safe to repeat: refused before any work was done.
RETRYABLE_WHATEVER_THE_OPERATION: frozenset[int] = frozenset({429})


def _seconds(text: str | None, scale: float = 1.0) -> float | None:
    try:
        value = float(text) / scale if text is not None else -1.0
    except ValueError:
        value = -1.0
    return value if value >= 0 else None


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The delay, in seconds, that the response headers ask for, or None when they do not say.

    ``retry-after-ms`` (milliseconds) wins over ``Retry-After``, which is either a number of seconds
    or an HTTP date.  Negative or unreadable values count as "not said".
    """
    if (asked := _seconds(headers.get("retry-after-ms"), 1000.0)) is not None:
        return asked
    if (retry_after := headers.get("retry-after")) is None or (asked := _seconds(retry_after)) is not None:
        return asked
    import email.utils  # only HTTP dates need it; importing it up front costs every user ~6 ms

    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to repeat a request and how long to wait in between (all times in seconds)."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    #: The longest ``Retry-After`` that is waited out; a longer one fails at once with the delay in the error.
    max_retry_after: float = 60.0
    #: The most one call sleeps between its attempts, in total (five ``Retry-After: 60`` would be 300 s).
    max_total_sleep: float = 120.0

    def backoff(self, attempt: int) -> float:
        """The delay after failed attempt number ``attempt`` (1-based): doubling each time, its upper half random."""
        import random  # only retries need it; kept out of `import elevenlabs_pvc`

        # The exponent is capped: any max_retries (even 1,100) gives a finite delay, never an OverflowError.
        ceiling = min(self.max_delay, self.initial_delay * 2.0 ** min(attempt - 1, 32))
        return ceiling / 2 + random.random() * ceiling / 2
