"""One fixed key order for an OpenAPI document, so that the diff of a real change is the change.

The documentation pages write the same object with its keys in different orders (``description``
before or after ``schema``, ``type`` before or after ``properties``).  Written as the pages give
them, the merged spec's review diff is mostly that noise.  :func:`canonical` rewrites a document
with every *keyword* object (an operation, a parameter, a schema...) in OpenAPI's conventional
order for its known keys, then the other keys sorted (extensions, ``x-...``, among them).

What is not reordered, because its order means something or is not ours to choose:

- maps of *names*: ``paths``, ``properties``, ``responses``, ``content``, the component maps...
  (a schema's property order is the field order of the generated model);
- lists (``required``, ``enum``, ``allOf``, ``parameters``);
- data: ``default``, ``example``, ``examples`` values, ``const``, ``enum`` and extension values.

A path is visited by what it is (the OpenAPI 3.1 object model), not guessed from its keys.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = ("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags",
        "externalDocs")  # fmt: skip
INFO = ("title", "summary", "description", "termsOfService", "contact", "license", "version")
SERVER = ("url", "description", "variables")
PATH_ITEM = ("$ref", "summary", "description", "servers", "parameters",
             "get", "put", "post", "delete", "options", "head", "patch", "trace")  # fmt: skip
OPERATION = ("tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody",
             "responses", "callbacks", "deprecated", "security", "servers")  # fmt: skip
PARAMETER = ("name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode",
             "allowReserved", "schema", "example", "examples", "content")  # fmt: skip
REQUEST_BODY = ("description", "content", "required")
RESPONSE = ("description", "headers", "content", "links")
MEDIA_TYPE = ("schema", "example", "examples", "encoding")
ENCODING = ("contentType", "headers", "style", "explode", "allowReserved")
COMPONENTS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes",
              "links", "callbacks", "pathItems")  # fmt: skip
SCHEMA = (
    "$ref", "$id", "$schema", "$anchor", "title", "description", "type", "format", "const", "enum", "default",
    "nullable", "deprecated", "readOnly", "writeOnly",
    "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType",
    "properties", "patternProperties", "additionalProperties", "propertyNames", "required",
    "minProperties", "maxProperties", "dependentRequired", "dependentSchemas",
    "items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "discriminator",
    "unevaluatedProperties", "unevaluatedItems", "$defs", "definitions",
    "xml", "externalDocs", "example", "examples",
)  # fmt: skip

#: Schema keywords whose value is one schema, a list of schemas, or a map of names to schemas.
_ONE_SCHEMA = frozenset({"items", "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else",
                         "unevaluatedProperties", "unevaluatedItems"})  # fmt: skip
_SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"})

Visit = Callable[[Any], Any]


def _ordered(value: dict[str, Any], order: Sequence[str], children: dict[str, Visit]) -> dict[str, Any]:
    """``value`` with ``order``'s keys first, the rest sorted; each child rewritten by its visitor."""
    rank = {key: index for index, key in enumerate(order)}
    keys = sorted(value, key=lambda key: (rank.get(key, len(rank)), key))
    return {key: children[key](value[key]) if key in children else value[key] for key in keys}


def _names(visit: Visit) -> Visit:
    """A map of names to objects: the names keep their order, each object is visited."""
    return lambda value: {name: visit(item) for name, item in value.items()} if isinstance(value, dict) else value


def _each(visit: Visit) -> Visit:
    return lambda value: [visit(item) for item in value] if isinstance(value, list) else value


def schema(value: Any) -> Any:
    """A JSON Schema (OpenAPI 3.1 Schema Object) in canonical order."""
    if not isinstance(value, dict):
        return value  # a boolean schema
    children: dict[str, Visit] = {}
    for key in _ONE_SCHEMA:
        children[key] = schema
    for key in _SCHEMA_LIST:
        children[key] = _each(schema)
    for key in _SCHEMA_MAP:
        children[key] = _names(schema)
    return _ordered(value, SCHEMA, children)


def _keywords(order: Sequence[str], **children: Visit) -> Visit:
    def visit(value: Any) -> Any:
        return _ordered(value, order, children) if isinstance(value, dict) else value

    return visit


_server = _keywords(SERVER)


# An encoding's headers are headers, whose content holds encodings again: bound when called.
def _header_late(value: Any) -> Any:
    return _header(value)


_encoding = _keywords(ENCODING, headers=_names(_header_late))
_media_type = _keywords(MEDIA_TYPE, schema=schema, encoding=_names(_encoding))
_content = _names(_media_type)
_header: Visit = _keywords(PARAMETER, schema=schema, content=_content)
_parameter = _keywords(PARAMETER, schema=schema, content=_content)
_request_body = _keywords(REQUEST_BODY, content=_content)
_response = _keywords(RESPONSE, headers=_names(_header), content=_content)
_operation = _keywords(
    OPERATION,
    parameters=_each(_parameter),
    requestBody=_request_body,
    responses=_names(_response),
    servers=_each(_server),
)
_path_item = _keywords(
    PATH_ITEM,
    servers=_each(_server),
    parameters=_each(_parameter),
    **dict.fromkeys(("get", "put", "post", "delete", "options", "head", "patch", "trace"), _operation),
)
_components = _keywords(
    COMPONENTS,
    schemas=_names(schema),
    responses=_names(_response),
    parameters=_names(_parameter),
    requestBodies=_names(_request_body),
    headers=_names(_header),
    pathItems=_names(_path_item),
)
_document = _keywords(
    ROOT,
    info=_keywords(INFO),
    servers=_each(_server),
    paths=_names(_path_item),
    webhooks=_names(_path_item),
    components=_components,
)


def canonical(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (an OpenAPI 3.x document) with its keyword objects in one fixed order; a new dict."""
    result: dict[str, Any] = _document(document)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print an OpenAPI document (YAML or JSON) in canonical key order.")
    parser.add_argument("spec", type=Path, help="the document to read")
    args = parser.parse_args(argv)
    document = yaml.load(args.spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sys.stdout.write(yaml.safe_dump(canonical(document), sort_keys=False, allow_unicode=True, width=100))
    return 0


if __name__ == "__main__":
    sys.exit(main())
