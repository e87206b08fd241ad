"""Reading the two documents: a spec file, a folder of documentation pages, or ``git:REV``; validated once."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from scripts import common, merge_spec
from scripts.common import REPO_ROOT

SPEC_IN_REPO = "openapi/elevenlabs-pvc.yaml"

Spec = dict[str, Any]


class SpecInputError(Exception):
    """An input cannot be read as a spec (missing, not valid OpenAPI, unknown revision)."""


def load_spec(source: str) -> Spec:
    """Read a spec from a file, a folder of documentation pages, or ``git:REV``.

    Raises:
        SpecInputError: the input is missing or not a valid OpenAPI document.

    """
    if source.startswith("git:"):
        revision = source[4:]
        result = subprocess.run(
            ["git", "show", f"{revision}:{SPEC_IN_REPO}"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SpecInputError(f"{source}: {result.stderr.strip() or 'git show failed'}")
        text, where = result.stdout, source
    else:
        path = Path(source)
        if path.is_dir():
            try:
                return merge_spec.merge_pages(merge_spec.source_pages(path), notice=lambda _: None)
            except merge_spec.MergeError as error:
                raise SpecInputError(f"{source}: {error}") from error
        if not path.is_file():
            raise SpecInputError(f"{source}: no such file or folder")
        text, where = path.read_text(encoding="utf-8"), source
    try:
        # JSON is read as JSON (YAML's parser would take ten times longer); YAML with libyaml when there.
        spec = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=common.YAML_LOADER)
    except (yaml.YAMLError, ValueError) as error:
        raise SpecInputError(f"{where}: not YAML: {error}") from error
    if not isinstance(spec, dict):
        raise SpecInputError(f"{where}: not an OpenAPI document")
    version = str(spec.get("openapi", ""))
    if not version.startswith(("3.0.", "3.1.")):
        raise SpecInputError(
            f"{where}: OpenAPI {version or '(no version)'} is not supported: compare 3.0 or 3.1 documents"
        )
    problem = _validation_problem(spec)
    if problem:
        raise SpecInputError(f"{where}: not a valid OpenAPI document: {problem}")
    return spec


def _validation_problem(spec: Spec) -> str | None:
    """What makes ``spec`` invalid OpenAPI, or None; each document is validated once.

    A 3.1 document is checked against the OpenAPI 3.1 JSON Schema with jsonschema-rs when it is
    installed (a whole-API document in milliseconds; openapi-spec-validator takes seconds), else,
    and for 3.0, with openapi-spec-validator.
    """
    if str(spec.get("openapi", "")).startswith("3.1"):
        validator = _oas31_validator()
        if validator is not None:
            error = next(iter(validator.iter_errors(spec)), None)
            return None if error is None else f"{error.message} (at /{'/'.join(map(str, error.instance_path))})"
    try:
        validate(spec)
    except OpenAPIValidationError as error:
        return str(error.message)
    return None


def _oas31_validator() -> Any:
    return merge_spec.fast_validator()


def as_openapi_31(document: Any) -> Any:
    """An OpenAPI 3.0 document's schemas written as 3.1 writes them: ``nullable: true`` as a ``null`` type.

    ``{type: string, nullable: true}`` becomes ``{type: [string, "null"]}``; a nullable ``$ref`` or
    composition becomes ``anyOf: [it, {type: "null"}]``; ``nullable: false`` is dropped.  The same
    API written either way then compares equal.
    """
    if isinstance(document, list):
        return [as_openapi_31(item) for item in document]
    if not isinstance(document, dict):
        return document
    converted = {key: as_openapi_31(value) for key, value in document.items() if key != "nullable"}
    if document.get("nullable") is not True:
        return converted
    kind = converted.get("type")
    if isinstance(kind, str):
        converted["type"] = [kind, "null"]
        return converted
    if isinstance(kind, list):
        converted["type"] = [*kind, *(["null"] if "null" not in kind else [])]
        return converted
    description = converted.pop("description", None)
    wrapped: dict[str, Any] = {"anyOf": [converted, {"type": "null"}]}
    if description is not None:
        wrapped["description"] = description
    return wrapped
