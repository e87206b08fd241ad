"""A scripted stand-in for the API, as an httpx transport, that validates traffic against the spec.

Every request a test's client sends is checked against ``openapi/elevenlabs-pvc.yaml``
with the library's own contract checks (``elevenlabs_pvc.testing.contract``, openapi-core);
a request the spec would refuse fails the test at once (an ``AssertionError`` that the
client does not catch).  Responses the test queues are validated too, unless queued with
``valid=False`` (to test how the client copes with an API that breaks its own spec).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

import elevenlabs_pvc
from elevenlabs_pvc.testing import contract

API_KEY = "sk_test_0123456789abcdef_secret"
#: The host every request is validated as (MockTransport sends nothing anywhere).
HOST = contract.HOST


def spec_violation(request: httpx.Request, prefix: str = "") -> str | None:
    """What is wrong with ``request`` (its path without ``prefix``) by the spec, or None."""
    problems = contract.request_problems(request, prefix)
    if problems is None:
        return f"no operation in the spec for {request.method} {request.url}"
    if problems:
        return f"request refused by the spec: {request.method} {request.url}: {problems}"
    return None


def validate_request(request: httpx.Request, prefix: str = "") -> None:
    """Fail (AssertionError) unless the spec accepts ``request`` (its path without ``prefix``)."""
    violation = spec_violation(request, prefix)
    if violation is not None:
        raise AssertionError(violation)


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Fail (AssertionError) unless the spec accepts ``response`` to ``request``."""
    contract.check_response(request, response)


Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class _Queued:
    reply: Reply
    valid: bool


class MockAPI:
    """Answers requests from a queue of replies (the last one repeats), validating both ways.

    ``requests`` records what arrived.  A reply is an ``httpx.Response``, an exception to
    raise (``httpx.ConnectError(...)``) or a function of the request.  A request the spec
    refuses raises AssertionError and is kept in ``violations``: the client turns whatever its
    transport raises into an APIConnectionError, so the ``api`` fixture checks that list after
    each test.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.violations: list[str] = []
        #: A path prefix the base URL adds, left out when a request is checked against the spec.
        self.prefix = ""
        self._queue: list[_Queued] = []

    def reply(self, *replies: Reply, valid: bool = True) -> MockAPI:
        self._queue.extend(_Queued(reply, valid) for reply in replies)
        return self

    def reset(self) -> MockAPI:
        """Forget the recorded requests and the queued replies."""
        self.requests.clear()
        self._queue.clear()
        return self

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None, *, valid: bool = True) -> MockAPI:
        return self.reply(httpx.Response(status, json=body, headers=headers), valid=valid)

    def _not_sent(self, request: httpx.Request) -> None:
        """A queued connect failure happens before the body is sent: raise it without reading the request."""
        if self._queue and isinstance(self._queue[0].reply, httpx.ConnectError | httpx.ConnectTimeout):
            self.requests.append(request)
            raise self._queue.pop(0).reply if len(self._queue) > 1 else self._queue[0].reply

    def handle(self, request: httpx.Request) -> httpx.Response:
        violation = spec_violation(request, self.prefix)
        if violation is not None:
            self.violations.append(violation)
            raise AssertionError(violation)
        self.requests.append(request)
        if not self._queue:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        queued = self._queue.pop(0) if len(self._queue) > 1 else self._queue[0]
        reply = queued.reply
        if isinstance(reply, Exception):
            raise reply
        response = reply(request) if callable(reply) else reply
        if queued.valid and (response.is_success or response.status_code == 422):
            validate_response(request, response)
        return response

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self.handle(request)

    # --- clients --------------------------------------------------------------------------------

    def http_client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(transport=_Transport(self), **kwargs)

    def async_http_client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=_Transport(self), **kwargs)


class _Transport(httpx.MockTransport):
    """httpx's MockTransport, except that a queued connect failure is raised before the body is read."""

    def __init__(self, api: MockAPI) -> None:
        super().__init__(api.handle)
        self.api = api

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.api._not_sent(request)
        return super().handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.api._not_sent(request)
        await request.aread()
        return self.api.handle(request)


class Harness:
    """Runs the same test against ``PVCClient`` and ``AsyncPVCClient``.

    ``harness.call(lambda client: client.samples.update(...))`` calls the lambda with a
    client and, for the async client, awaits what it returns.
    """

    def __init__(self, mode: str, api: MockAPI) -> None:
        self.mode = mode
        self.api = api

    @property
    def is_async(self) -> bool:
        return self.mode == "async"

    def client(self, **kwargs: Any) -> elevenlabs_pvc.PVCClient | elevenlabs_pvc.AsyncPVCClient:
        kwargs.setdefault("api_key", API_KEY)
        if self.is_async:
            kwargs.setdefault("http_client", self.api.async_http_client(base_url=HOST))
            return elevenlabs_pvc.AsyncPVCClient(**kwargs)
        kwargs.setdefault("http_client", self.api.http_client(base_url=HOST))
        return elevenlabs_pvc.PVCClient(**kwargs)

    def call(self, operation: Callable[[Any], Any], client: Any = None) -> Any:
        client = client if client is not None else self.client()
        result = operation(client)
        if inspect.isawaitable(result):

            async def main() -> Any:
                return await result

            return asyncio.run(main())
        return result
