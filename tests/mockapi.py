"""A scripted stand-in for the API, as an httpx transport, that validates traffic against the spec.

Every request a test's client sends is checked with openapi-core against
``openapi/elevenlabs-pvc.yaml``; a request the spec would refuse fails the test
at once (an ``AssertionError`` that the client does not catch).  Responses the
test queues are validated too, unless queued with ``valid=False`` (to test how
the client copes with an API that breaks its own spec).
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from functools import cache
from typing import Any

import elevenlabs_pvc
import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.validators import V31RequestParametersValidator
from openapi_schema_validator import OAS31Validator
from openapi_schema_validator import validate as validate_schema
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.helpers import SPEC_PATH

API_KEY = "sk_test_0123456789abcdef_secret"
#: The host every request is validated as (MockTransport sends nothing anywhere).
HOST = "https://api.elevenlabs.io"


@cache
def spec() -> OpenAPI:
    return OpenAPI.from_file_path(str(SPEC_PATH))


@cache
def _parameters_only() -> V31RequestParametersValidator:
    return V31RequestParametersValidator(spec().spec)


@cache
def _spec_dict() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def _multipart_schema(method: str, path: str) -> dict[str, Any]:
    for template, item in _spec_dict()["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path) and method in item:
            reference = item[method]["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
            schema: dict[str, Any] = _spec_dict()["components"]["schemas"][reference.rsplit("/", 1)[-1]]
            return schema
    raise AssertionError(f"no multipart operation {method.upper()} {path} in the spec")


def _validate_multipart(request: httpx.Request, path: str) -> None:
    """Check a multipart body against its schema, part by part.

    openapi-core 0.23 cannot do it for this spec: it fails on OpenAPI 3.1 ``type: [string, "null"]``
    properties in multipart bodies and refuses binary parts (bytes are not ``type: string``).
    So the body is parsed with the standard library and each field is cast by its schema type
    (an array collects every part of that name; booleans are the form's ``true``/``false``;
    binary parts become text, byte for byte) before openapi-schema-validator checks it.
    """
    schema = _multipart_schema(request.method.lower(), path)
    message = BytesParser().parsebytes(
        b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n" + request.content
    )
    if not message.is_multipart():
        raise AssertionError("the multipart body could not be parsed")
    parts: dict[str, list[str]] = {}
    for part in message.get_payload():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        parts.setdefault(str(name), []).append(payload.decode("latin-1"))
    form: dict[str, Any] = {}
    for name, values in parts.items():
        kinds = schema.get("properties", {}).get(name, {}).get("type", "string")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "array" in kinds:
            form[name] = values
        elif "boolean" in kinds and values[0] in ("true", "false"):
            form[name] = values[0] == "true"
        else:
            form[name] = values[0] if len(values) == 1 else values
    validate_schema(form, schema, cls=OAS31Validator)


class _OpenAPIRequest:
    """An httpx.Request seen through openapi-core's Request protocol."""

    def __init__(self, request: httpx.Request, prefix: str = "") -> None:
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.url.params.multi_items()),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )
        # Only method, path, parameters and body are checked: the host is always the spec's own.
        self.host_url = HOST
        # Keep the path percent-encoded so that an ID holding "/" stays one path segment.
        self.path = request.url.raw_path.split(b"?", 1)[0].decode("ascii").removeprefix(prefix)
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "")


class _OpenAPIResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.data = response.content
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))


def validate_request(request: httpx.Request, prefix: str = "") -> None:
    """Fail (AssertionError) unless the spec accepts ``request`` (its path without ``prefix``)."""
    try:
        openapi_request = _OpenAPIRequest(request, prefix)
        if openapi_request.content_type.startswith("multipart/form-data"):
            _parameters_only().validate(openapi_request)
            _validate_multipart(request, openapi_request.path)
        else:
            spec().validate_request(openapi_request)
    except Exception as error:
        message = f"request refused by the spec: {request.method} {request.url}: {error!r}"
        raise AssertionError(message) from error


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Fail (AssertionError) unless the spec accepts ``response`` to ``request``."""
    try:
        spec().validate_response(_OpenAPIRequest(request), _OpenAPIResponse(response))
    except Exception as error:
        raise AssertionError(
            f"response refused by the spec: {response.status_code} {response.text!r}: {error!r}"
        ) from error


def validated(response: httpx.Response, prefix: str = "") -> Callable[[httpx.Request], httpx.Response]:
    """A respx side effect that validates the request against the spec, then answers ``response``."""

    def answer(request: httpx.Request) -> httpx.Response:
        validate_request(request, prefix)
        return response

    return answer


Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class _Queued:
    reply: Reply
    valid: bool


class MockAPI:
    """Answers requests from a queue of replies (the last one repeats), validating both ways.

    ``requests`` records what arrived.  A reply is an ``httpx.Response``, an exception to
    raise (``httpx.ConnectError(...)``) or a function of the request.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
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

    def handle(self, request: httpx.Request) -> httpx.Response:
        validate_request(request)
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
        return httpx.Client(transport=httpx.MockTransport(self.handle), **kwargs)

    def async_http_client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle_async), **kwargs)


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
