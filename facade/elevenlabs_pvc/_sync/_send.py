# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/_send.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
"""The attempt loop every call goes through (:func:`send`), and what it decides after a failed attempt.

Retried: a connection that could not be made and 429, for every operation; timeouts, dropped
connections and 408/500/502/503/504 only for operations safe to repeat (``Operation.repeatable``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Final

import httpx

from elevenlabs_pvc import _state, errors, retries
from elevenlabs_pvc._response import BoundedBody, Call, failure, framed

logger: Final = logging.getLogger("elevenlabs_pvc")
#: Failures that happen before the request leaves this machine: repeating them is always safe.
_NOT_SENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures after which the server may have received the request.
_MAYBE_SENT: Final = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class Decision:
    """After a failed attempt: retry after ``delay`` seconds, or not; ``reason`` says why a retry was refused."""

    retry: bool
    delay: float = 0.0
    reason: str = ""


_GIVE_UP: Final = Decision(retry=False)


def decide(call: Call, outcome: httpx.Response | Exception, attempt: int, slept: float) -> Decision:
    """Whether to repeat attempt number ``attempt`` (1-based), which gave ``outcome`` (a non-2xx answer or an error).

    ``slept`` is the seconds this call has already waited between attempts.  Reads no clock but the
    deadline's, and nothing else: the backoff's jitter is the only chance in it.
    """
    policy = call.policy
    if attempt > policy.max_retries:
        return _GIVE_UP
    if isinstance(outcome, httpx.Response):
        status = outcome.status_code
        if status not in retries.RETRYABLE_WHATEVER_THE_OPERATION and not (
            call.repeatable and status in retries.RETRYABLE_STATUSES
        ):
            return _GIVE_UP
        asked = retries.retry_after_seconds(outcome.headers)
        if asked is not None and asked > policy.max_retry_after:
            reason = f"the API asked to wait {asked:g} s, longer than the {policy.max_retry_after:g} s waited out"
            return Decision(retry=False, reason=reason)
        delay = policy.backoff(attempt) if asked is None else asked
    elif isinstance(outcome, _NOT_SENT) or (call.repeatable and isinstance(outcome, _MAYBE_SENT)):
        delay = policy.backoff(attempt)
    else:
        return _GIVE_UP
    left, limit = min(
        (policy.max_total_sleep - slept, f"the {policy.max_total_sleep:g} s retry budget"),
        (call.left(), "the deadline of the call"),
    )
    if delay > left:
        return Decision(retry=False, reason=f"waiting {delay:.3g} s more would pass {limit}")
    problem = next(filter(None, (part.replay_problem() for part in call.parts)), "")
    return Decision(retry=not problem, delay=delay, reason=problem)


def _attempt(http: httpx.Client, call: Call, request: dict[str, Any]) -> httpx.Response:
    """One request and its whole answer, read within the call's limits (``BoundedBody``)."""
    built = http.build_request(**request, timeout=call.attempt_timeout(http.timeout))
    response = http.send(built, stream=True, follow_redirects=False)
    try:
        if framed(call, response):
            response.read()
            return response
        body = BoundedBody(call)
        for chunk in response.iter_bytes():
            body.add(chunk)
    finally:
        response.close()
    return body.response(response)


def send(http: httpx.Client, call: Call, request: dict[str, Any]) -> httpx.Response:
    """Send ``request`` (the arguments of ``build_request``) until a 2xx answer, as :func:`decide` allows.

    Returns the 2xx answer, read whole.  Raises a PVCError (whose response has no key), never an httpx exception.
    """
    attempt, slept = 0, 0.0
    while True:
        attempt += 1
        started = time.perf_counter()
        outcome: httpx.Response | Exception
        try:
            outcome = _attempt(http, call, request)
        except errors.PVCError:  # the size or deadline check, or an upload whose file changed
            raise
        except Exception as error:  # httpx's, or a caller's transport's: the PVCError below
            outcome = error
        if debug := logger.isEnabledFor(logging.DEBUG):
            what = outcome.status_code if isinstance(outcome, httpx.Response) else type(outcome).__name__
            elapsed = (time.perf_counter() - started) * 1000
            logger.debug("%s %s -> %s in %.1f ms (attempt %d)", call.method, call.path, what, elapsed, attempt)
        if isinstance(outcome, httpx.Response) and outcome.is_success:
            return outcome
        # Decided and raised outside the `except`, so that the PVCError has no implicit __context__.
        decision = decide(call, outcome, attempt, slept)
        if not decision.retry:
            raise failure(call, outcome, decision.reason)
        if debug:
            message, attempts = "retrying %s %s after %s in %.2f s (attempt %d of %d)", call.policy.max_retries + 1
            logger.debug(message, call.method, call.path, what, decision.delay, attempt + 1, attempts)
        _state.sleep(decision.delay)
        slept += decision.delay
