"""Check HTTP traffic against the PVC spec with openapi-core.

The spec is the one the client was generated from (``elevenlabs_pvc_api/openapi.yaml``).
:func:`request_problems` lists what is wrong with a request, as entries in the
API's own 422 shape (``{"loc": [...], "msg": ..., "type": ...}``), so the fake API
can answer them as the real one would; :func:`check_response` raises when a
response breaks the spec.

One gap of openapi-core 0.23 is bridged here: it fails on OpenAPI 3.1
``type: [string, "null"]`` properties inside multipart bodies and refuses binary
parts (``bytes`` are not ``type: string``).  For ``multipart/form-data``,
openapi-core checks the path, query and headers, and the body is parsed with the
standard library, each field cast by its schema type (an array collects every part
of that name; booleans are the form's ``true``/``false``; binary parts become text,
byte for byte) and checked with openapi-schema-validator.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesHeaderParser
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
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = [
    "HOST",
    "Problem",
    "check_response",
    "multipart_form",
    "multipart_parts",
    "part_bytes",
    "part_file_name",
    "part_name",
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


_BOUNDARY: Final = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_PARTS_KEY: Final = "elevenlabs_pvc.testing.parts"


def multipart_parts(request: httpx.Request) -> list[Message]:
    """The parts of a multipart request body (none when it is not multipart), parsed once per request.

    Each part is a :class:`~email.message.Message` of its headers; its content is :func:`part_view`, a view
    into the body (a 1 GiB file is not copied, nor decoded as text, as the email parser would).
    """
    cached = request.extensions.get(_PARTS_KEY)
    if cached is not None:
        return list(cached)
    content_type = request.headers.get("content-type", "")
    found = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/") or found is None:
        return []
    delimiter = b"--" + (found.group(1) or found.group(2)).encode("latin-1")
    body = request.content
    view = memoryview(body)
    parts: list[Message] = []
    position = body.find(delimiter)
    while position != -1:
        start = position + len(delimiter)
        if body[start : start + 2] == b"--":
            break
        start += 2 if body[start : start + 2] == b"\r\n" else 0
        end = body.find(b"\r\n" + delimiter, start)
        if end == -1:
            break
        blank = body.find(b"\r\n\r\n", start, end)
        header_end, content_start = (blank, blank + 4) if blank != -1 else (start, start)
        part = BytesHeaderParser().parsebytes(body[start:header_end] + b"\r\n\r\n")
        setattr(part, _PARTS_KEY, view[content_start:end])
        parts.append(part)
        position = end + 2
    request.extensions[_PARTS_KEY] = tuple(parts)
    return parts


def part_view(part: Message) -> memoryview:
    """The content of a multipart part, without a copy."""
    view: memoryview = getattr(part, _PARTS_KEY, memoryview(b""))
    return view


def part_name(part: Message) -> str:
    """The form field name of a multipart part."""
    return str(part.get_param("name", header="content-disposition"))


def part_file_name(part: Message) -> str | None:
    """The file name of a multipart part, read as UTF-8 (RFC 7578 4.2: what clients, httpx among them, send)."""
    name = part.get_filename()
    if name is None or name.isascii():
        return name
    # The email parser keeps bytes beyond ASCII as surrogates in the raw header (and replaces them in what
    # get_filename() gives): read the name there, as the UTF-8 it is.
    raw = next((str(value) for key, value in part.raw_items() if key.lower() == "content-disposition"), "")
    found = re.search(r'filename="((?:[^"\\]|\\.)*)"', raw)
    if found is None:
        return name
    return found.group(1).encode("ascii", "surrogateescape").decode("utf-8", "replace")


def part_bytes(part: Message) -> bytes:
    """The content of a multipart part (httpx sends it as it is: no transfer encoding to undo)."""
    return bytes(part_view(part))


def multipart_form(request: httpx.Request, schema: dict[str, Any]) -> dict[str, Any]:
    """Parse a multipart body into fields cast by ``schema`` (see the module docstring)."""
    parts: dict[str, list[str]] = {}
    for part in multipart_parts(request):
        # A file's content is not read as text: the spec only says it is binary (a 1 GiB upload stays bytes).
        value = "<file>" if part.get_filename() is not None else part_bytes(part).decode("latin-1")
        parts.setdefault(part_name(part), []).append(value)
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
    return form


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


def request_problems(request: httpx.Request, prefix: str = "") -> list[Problem] | None:
    """What the spec finds wrong with ``request``: ``[]`` when nothing, None when no operation matches.

    ``prefix`` is a path prefix to ignore (a base URL with a path).
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
            return _schema_problems(OAS31Validator(schema).iter_errors(multipart_form(request, schema)))
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
