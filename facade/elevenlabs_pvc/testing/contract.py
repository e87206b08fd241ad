"""Check HTTP traffic against the PVC spec with openapi-core.

The spec is the one the client was generated from (``elevenlabs_pvc_api/openapi.yaml``).
:func:`request_problems` lists what is wrong with a request, as entries in the
API's own 422 shape (``{"loc": [...], "msg": ..., "type": ...}``), so the fake API
can answer them as the real one would; :func:`check_response` raises when a
response breaks the spec.

One gap of openapi-core 0.23 is bridged here: it fails on OpenAPI 3.1
``type: [string, "null"]`` properties inside multipart bodies and refuses binary
parts (``bytes`` are not ``type: string``).  For ``multipart/form-data``, openapi-core
checks the path, query and headers; the form (parsed by python-multipart: Starlette's
form parser in the fake, :func:`multipart_parts` here) has each field cast by its schema
type (an array collects every part of that name; booleans are the form's
``true``/``false``; a file is ``"<file>"``) and is checked with openapi-schema-validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Final

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.exceptions import MissingRequestBody
from openapi_core.validation.request.validators import V31RequestParametersValidator
from openapi_schema_validator import OAS31Validator
from python_multipart.multipart import MultipartParser, parse_options_header
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = [
    "HOST",
    "Form",
    "Part",
    "Problem",
    "check_response",
    "form_of",
    "multipart_form",
    "multipart_parts",
    "raw_path",
    "request_problems",
    "spec",
    "spec_document",
]

#: The host requests are checked as: only method, path, parameters and body are compared.
HOST: Final = "https://api.elevenlabs.io"

#: One entry of a 422 ``detail`` list.
Problem = dict[str, Any]


@cache
def spec_document() -> dict[str, Any]:
    """The merged PVC spec, as data."""
    text = (resources.files("elevenlabs_pvc_api") / "openapi.yaml").read_text(encoding="utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    return document


@cache
def spec() -> OpenAPI:
    """The merged PVC spec, for openapi-core."""
    return OpenAPI.from_dict(spec_document())


@cache
def _parameters_only() -> V31RequestParametersValidator:
    return V31RequestParametersValidator(spec().spec)


class _Request:
    """An httpx.Request seen through openapi-core's Request protocol."""

    def __init__(self, request: httpx.Request, path: str) -> None:
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.url.params.multi_items()),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )
        self.host_url = HOST
        self.path = path
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "")


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.data = response.content
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))


def raw_path(request: httpx.Request, prefix: str = "") -> str:
    """The request's path, still percent-encoded (an ID holding "/" stays one segment)."""
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii").removeprefix(prefix)


def _operation(method: str, path: str) -> dict[str, Any] | None:
    for template, item in spec_document()["paths"].items():
        if method in item and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            operation: dict[str, Any] = item[method]
            return operation
    return None


def _schema(reference: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec_document()["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return schema


@dataclass(frozen=True)
class Part:
    """One part of a multipart body: its field name, file name and content type (None when absent), its bytes."""

    name: str
    file_name: str | None
    content_type: str | None
    data: bytes = field(repr=False)


_PARTS_KEY: Final = "elevenlabs_pvc.testing.parts"


def multipart_parts(request: httpx.Request) -> list[Part]:
    """The parts of a multipart request body (none when it is not multipart), parsed once per request.

    python-multipart does the parsing; a file name is read as UTF-8 (RFC 7578 4.2: what httpx sends).
    """
    cached = request.extensions.get(_PARTS_KEY)
    if cached is not None:
        return list(cached)
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        return []
    parts: list[Part] = []
    headers: dict[bytes, bytes] = {}
    name, value, chunks = bytearray(), bytearray(), bytearray()

    def header_end() -> None:
        headers[bytes(name).lower()] = bytes(value)
        del name[:], value[:]

    def part_end() -> None:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        file_name = disposition.get(b"filename")
        content_type = headers.get(b"content-type")
        parts.append(
            Part(
                disposition.get(b"name", b"").decode("utf-8", "replace"),
                None if file_name is None else file_name.decode("utf-8", "replace"),
                None if content_type is None else content_type.decode("latin-1"),
                bytes(chunks),
            )
        )
        headers.clear()
        del chunks[:]

    callbacks = {
        "on_header_field": lambda data, start, end: name.extend(data[start:end]),
        "on_header_value": lambda data, start, end: value.extend(data[start:end]),
        "on_header_end": header_end,
        "on_part_data": lambda data, start, end: chunks.extend(data[start:end]),
        "on_part_end": part_end,
    }
    parser = MultipartParser(options[b"boundary"], callbacks)  # type: ignore[arg-type]
    parser.write(request.content)
    parser.finalize()
    request.extensions[_PARTS_KEY] = tuple(parts)
    return parts


#: A form as the contract checks it: each field's name, and its text (None for a file, whose content is binary).
Form = list[tuple[str, str | None]]


def form_of(parts: list[Part]) -> Form:
    """The form a multipart body carries, as :func:`multipart_form` reads it."""
    return [(part.name, None if part.file_name is not None else part.data.decode("latin-1")) for part in parts]


def multipart_form(form: Form, schema: dict[str, Any]) -> dict[str, Any]:
    """The form's fields cast by ``schema`` (see the module docstring); a file is ``"<file>"``."""
    parts: dict[str, list[str]] = {}
    for name, text in form:
        parts.setdefault(name, []).append("<file>" if text is None else text)
    fields: dict[str, Any] = {}
    for name, values in parts.items():
        kinds = schema.get("properties", {}).get(name, {}).get("type", "string")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "array" in kinds:
            fields[name] = values
        elif "boolean" in kinds and values[0] in ("true", "false"):
            fields[name] = values[0] == "true"
        else:
            fields[name] = values[0] if len(values) == 1 else values
    return fields


def _schema_problems(errors: Any) -> list[Problem]:
    problems = []
    for error in errors:
        location = ["body", *(str(part) if isinstance(part, str) else part for part in error.absolute_path)]
        if error.validator == "required":
            missing = re.match(r"'([^']+)' is a required property", error.message)
            problems.append(
                {"loc": location + ([missing.group(1)] if missing else []), "msg": "Field required", "type": "missing"}
            )
        else:
            problems.append({"loc": location, "msg": error.message, "type": f"{error.validator}_error"})
    return problems


def _openapi_problems(error: Exception) -> list[Problem]:
    """Read what openapi-core refused, as 422 entries."""
    cause: BaseException | None = error
    while cause is not None:
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors:
            return _schema_problems(schema_errors)
        name = getattr(cause, "name", None)
        location = getattr(cause, "location", None)
        if isinstance(name, str) and isinstance(location, str):
            return [{"loc": [location, name], "msg": str(cause) or "Invalid parameter", "type": "value_error"}]
        if isinstance(cause, MissingRequestBody):
            return [{"loc": ["body"], "msg": "Field required", "type": "missing"}]
        cause = cause.__cause__ or cause.__context__
    return [{"loc": ["body"], "msg": str(error) or type(error).__name__, "type": "value_error"}]


def request_problems(request: httpx.Request, prefix: str = "", form: Form | None = None) -> list[Problem] | None:
    """What the spec finds wrong with ``request``: ``[]`` when nothing, None when no operation matches.

    ``prefix`` is a path prefix to ignore (a base URL with a path).  ``form`` is the multipart form when it
    was parsed already (the fake's Starlette request); by default the request's own body is parsed.
    """
    path = raw_path(request, prefix)
    checked = _Request(request, path)
    try:
        if checked.content_type.startswith("multipart/form-data"):
            _parameters_only().validate(checked)
            operation = _operation(checked.method, path)
            if operation is None:
                return None
            body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
            schema = _schema(body["$ref"]) if "$ref" in body else body
            fields = multipart_form(form_of(multipart_parts(request)) if form is None else form, schema)
            return _schema_problems(OAS31Validator(schema).iter_errors(fields))
        spec().validate_request(checked)
    except PathError:
        return None
    except Exception as error:
        return _openapi_problems(error)
    return []


def check_response(request: httpx.Request, response: httpx.Response, prefix: str = "") -> None:
    """Raise ``AssertionError`` if ``response`` breaks the spec for ``request``.

    Only statuses the spec documents (200 and 422 here) are checked against it.
    """
    operation = _operation(request.method.lower(), raw_path(request, prefix))
    if operation is None or str(response.status_code) not in operation.get("responses", {}):
        return
    try:
        spec().validate_response(_Request(request, raw_path(request, prefix)), _Response(response))
    except Exception as error:
        problems = _openapi_problems(error)
        where = f"{request.method} {raw_path(request, prefix)} -> {response.status_code}"
        raise AssertionError(f"response breaks the spec: {where}: {problems}") from error
