"""Write the facade modules that are data from the spec: ``types.py`` and ``regions.py``.

* ``facade/elevenlabs_pvc/types.py``, the result types.  The generated models type every optional
  field as ``X | None | Unset``; the facade returns small frozen dataclasses instead, with ``None``
  where the API said nothing, tuples for lists and a read-only ``Mapping`` for maps.  Which schemas
  become which classes, and what the spec does not say (docstrings, units), is in
  ``openapi/result-types.yaml``; the fields are the schemas' properties, so a field the API adds
  appears at the next ``make generate``.
* ``facade/elevenlabs_pvc/regions.py``, the spec's ``servers`` by name: the first is ``"default"``,
  each other is named by the label after ``api.`` in its host (``api.eu.residency...`` is ``"eu"``).

``make generate`` runs it; ``make check`` (``--check``) fails when either file differs.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import functools
import keyword
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client.config import ConfigFile
from openapi_python_client.strings import PythonIdentifier

from scripts.common import REPO_ROOT, write_atomic

SPEC = REPO_ROOT / "openapi" / "elevenlabs-pvc.yaml"
CONFIG = REPO_ROOT / "openapi" / "result-types.yaml"
TARGET = REPO_ROOT / "facade" / "elevenlabs_pvc" / "types.py"
REGIONS_TARGET = TARGET.with_name("regions.py")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

HEADER = '''\
# Written by scripts/from_spec.py from openapi/elevenlabs-pvc.yaml and openapi/result-types.yaml: do not edit.
# Change those files and run `make generate`; `make check` fails when this file differs.
"""What the client returns: small frozen dataclasses, with ``None`` where the API said nothing.

The generated models (``elevenlabs_pvc_api.models``) type every optional field as ``X | None | Unset``,
so a type checker asks users to rule out ``Unset`` before using a duration.  The client builds these
from them instead: a field the API left out or sent as ``null`` is ``None``, an absent list is empty,
and a map (the speakers of a separation) is a read-only ``Mapping``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from elevenlabs_pvc_api.types import Unset

__all__ = {names!r}

T = TypeVar("T")


def _known(value: Any) -> Any:
    """``None`` for the generated models' ``UNSET``; the value otherwise."""
    return None if isinstance(value, Unset) else value


def _number(value: Any) -> float | None:
    return None if (value := _known(value)) is None else float(value)


def _optional(convert: Callable[[Any], T], value: Any) -> T | None:
    return None if (value := _known(value)) is None else convert(value)


def _mapping(convert: Callable[[Any], T], value: Any) -> Mapping[str, T]:
    found = _known(value).additional_properties if _known(value) else {{}}
    return MappingProxyType({{key: convert(item) for key, item in found.items()}})


def _no_mapping() -> Mapping[str, Any]:
    return MappingProxyType({{}})
'''


class FromSpecError(Exception):
    """The config names a schema, enum or property the spec does not have, or a server has no name."""


# --- text from the spec is data, never code -------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: A server URL as the regions module may hold it.
_SERVER_URL = re.compile(r"^https://[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*/?$")
_REGION_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def doc_text(text: str) -> str:
    """``text`` made safe inside a ``\"\"\"`` docstring: it reads the same and cannot end the string early.

    Backslashes are doubled, a quote next to another quote or at the end is escaped, and control
    characters (a NUL would make the module unreadable) become U+FFFD.
    """
    text = _CONTROL.sub("\ufffd", text).replace("\\", "\\\\")
    return re.sub(r'"(?="|$)', r'\\"', text)


def _identifier(name: Any, what: str) -> str:
    """``name`` if it is a plain Python identifier (not a keyword, no dunder), else a FromSpecError."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or name.startswith("__"):
        raise FromSpecError(f"{what} {name!r} is not a plain Python identifier")
    return name


#: What a module written from the spec may call, besides the classes and functions it defines.
_SAFE_CALLS = frozenset(
    {
        "dataclass",
        "field",
        "float",
        "str",
        "tuple",
        "map",
        "cls",
        "MappingProxyType",
        "isinstance",
        "TypeVar",
        "convert",
    }
)
_SAFE_IMPORTS = frozenset(
    {"__future__", "collections.abc", "dataclasses", "enum", "types", "typing", "elevenlabs_pvc_api.types"}
)
_TOP_LEVEL = (ast.Expr, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef)
_NEVER = (
    ast.Import, ast.Global, ast.Nonlocal, ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom, ast.While, ast.For,
    ast.With, ast.Try, ast.Delete, ast.AsyncFunctionDef, ast.JoinedStr,
)  # fmt: skip


def shape_problems(text: str, name: str) -> list[str]:
    """What in a module written from the spec is not the shape such a module has; empty when it is data.

    Allowed: a docstring, imports of the standard typing modules, assignments, the helper functions
    and classes the template writes, and calls of those, of ``X.from_model`` and of a few builtins.
    Anything else (an import of ``os``, a call of ``__import__``, a dunder attribute, a statement
    where a docstring should be) means text from the spec became code: the generation fails.
    """
    try:
        tree = ast.parse(text, name)
    except SyntaxError as error:
        return [f"{name}:{error.lineno}: not valid Python: {error.msg}"]
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef | ast.FunctionDef)}
    problems = []
    for statement in tree.body:
        if not isinstance(statement, _TOP_LEVEL) or (
            isinstance(statement, ast.Expr) and not isinstance(statement.value, ast.Constant)
        ):
            problems.append(f"{name}:{statement.lineno}: a top-level {type(statement).__name__}")
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, _NEVER):
            problems.append(f"{name}:{line}: {type(node).__name__}")
        elif isinstance(node, ast.ImportFrom) and node.module not in _SAFE_IMPORTS:
            problems.append(f"{name}:{line}: imports {node.module}")
        elif isinstance(node, ast.Call):
            target = node.func
            allowed = (isinstance(target, ast.Name) and (target.id in _SAFE_CALLS or target.id in defined)) or (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and (
                    (target.attr == "from_model" and target.value.id in defined)
                    or (target.attr == "items" and target.value.id == "found")
                )
            )
            if not allowed:
                problems.append(f"{name}:{line}: calls {ast.unparse(target)}")
        elif isinstance(node, ast.Name) and node.id.startswith("__") and node.id != "__all__":
            problems.append(f"{name}:{line}: uses {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            problems.append(f"{name}:{line}: uses .{node.attr}")
    return problems


@functools.cache
def _field_prefix() -> str:
    """The generator's ``field_prefix``: from its config, else its default."""
    config = yaml.safe_load((REPO_ROOT / "openapi" / "generator-config.yaml").read_text(encoding="utf-8"))
    return str(config.get("field_prefix", ConfigFile.model_fields["field_prefix"].default))


def _attribute(name: str) -> str:
    """The attribute name openapi-python-client gives the property ``name`` (``hash`` -> ``hash_``)."""
    return str(PythonIdentifier(name, prefix=_field_prefix()))


def _classes(config: dict[str, Any]) -> dict[str, str]:
    """Schema name -> class name, for the schemas that have a class."""
    return {entry["schema"]: name for name, entry in config.items() if "schema" in entry}


def _field(
    name: str, schema: dict[str, Any], required: bool, classes: dict[str, str], enums: dict[str, str]
) -> tuple[str, str]:
    """(annotation with its default, conversion from ``model``) of one property."""
    attribute = f"model.{_attribute(name)}"
    nullable, ref = not required, None
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    for branch in schema.get("anyOf", []):
        if "$ref" in branch:
            ref = branch["$ref"].rsplit("/", 1)[-1]
        types += [branch["type"]] if branch.get("type") else []
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[-1]
    nullable = nullable or "null" in types
    types = [kind for kind in types if kind != "null"]
    if name in enums:
        return enums[name], f"{enums[name]}(str({attribute}))"
    if ref is not None:
        kind = classes[ref]
        if nullable:
            return f"{kind} | None = None", f"_optional({kind}.from_model, {attribute})"
        return kind, f"{kind}.from_model({attribute})"
    if types == ["array"]:
        items = schema["items"]
        if "$ref" in items:
            kind = classes[items["$ref"].rsplit("/", 1)[-1]]
            return f"tuple[{kind}, ...] = ()", f"tuple(map({kind}.from_model, _known({attribute}) or ()))"
        return f"tuple[{_SCALARS[items['type']]}, ...] = ()", f"tuple(_known({attribute}) or ())"
    if types == ["object"]:
        kind = classes[schema["additionalProperties"]["$ref"].rsplit("/", 1)[-1]]
        return f"Mapping[str, {kind}] = field(default_factory=_no_mapping)", f"_mapping({kind}.from_model, {attribute})"
    if len(types) != 1 or types[0] not in _SCALARS:
        raise FromSpecError(f"property {name!r}: no Python type for {schema}")
    kind = _SCALARS[types[0]]
    if kind == "float":
        return ("float | None = None", f"_number({attribute})") if nullable else ("float", f"float({attribute})")
    return (f"{kind} | None = None", f"_known({attribute})") if nullable else (kind, attribute)


def _attribute_doc(name: str, text: str) -> str:
    """One entry of a docstring's ``Attributes:``, wrapped to the line length."""
    lines = textwrap.wrap(f"{name}: {text}", 110, initial_indent=" " * 8, subsequent_indent=" " * 12)
    return "".join(f"{line}\n" for line in lines)


def _enum(name: str, entry: dict[str, Any], schemas: dict[str, Any]) -> str:
    schema_name, _, prop = entry["enum"].partition(".")
    try:
        values = schemas[schema_name]["properties"][prop]["enum"]
    except KeyError as error:
        raise FromSpecError(f"{name}: the spec has no enum {entry['enum']}") from error
    what = f"{entry['enum']}: the enum value"
    members = "".join(f"    {_identifier(str(value).upper(), what)} = {str(value)!r}\n" for value in values)
    return f'\n\nclass {name}(StrEnum):\n    """{doc_text(entry["doc"])}"""\n\n{members}'


def _class(name: str, entry: dict[str, Any], schemas: dict[str, Any], classes: dict[str, str], enums: Any) -> str:
    try:
        schema = schemas[entry["schema"]]
    except KeyError as error:
        raise FromSpecError(f"{name}: the spec has no schema {entry['schema']}") from error
    required, docs = set(schema.get("required", [])), entry.get("fields", {})
    unknown = set(docs) - set(schema["properties"])
    if unknown:
        raise FromSpecError(f"{name}: the schema {entry['schema']} has no properties {sorted(unknown)}")
    fields, conversions, attributes = [], [], []
    for prop, prop_schema in schema["properties"].items():
        _identifier(prop, f"{entry['schema']}: the property")
        annotation, conversion = _field(prop, prop_schema, prop in required, classes, enums.get(entry["schema"], {}))
        fields.append(f"    {prop}: {annotation}\n")
        conversions.append(f"            {prop}={conversion},\n")
        description = str(docs.get(prop) or prop_schema.get("description", ""))
        attributes.append(_attribute_doc(prop, doc_text(f"{description[:1].lower()}{description[1:]}")))
    for extra, spec in entry.get("extra", {}).items():
        fields.append(f"    {extra}: {spec['type']}{' = None' if 'None' in spec['type'] else ''}\n")
        attributes.append(_attribute_doc(extra, doc_text(spec["doc"])))
    # Fields with a default after those without: a dataclass needs that order.
    fields.sort(key=lambda line: " = " in line)
    return (
        f"\n\n@dataclass(frozen=True)\nclass {name}:\n"
        f'    """{doc_text(entry["doc"])}\n\n    Attributes:\n{"".join(attributes)}    """\n\n{"".join(fields)}\n'
        f"    @classmethod\n    def from_model(cls, model: Any) -> {name}:\n"
        f'        """From a generated ``{entry["schema"]}``."""\n'
        f"        return cls(\n{''.join(conversions)}        )\n"
    )


def _ruff_format(text: str, target: Path = TARGET) -> str:
    ruff = Path(sys.executable).parent / "ruff"
    command = [str(ruff) if ruff.exists() else "ruff", "format", "--config", str(REPO_ROOT / "pyproject.toml")]
    done = subprocess.run(
        [*command, "--stdin-filename", str(target), "-"], input=text, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise FromSpecError(f"{target.name}: ruff could not format what the spec gave ({last[:300]})")
    problems = shape_problems(done.stdout, target.name)
    if problems:
        raise FromSpecError(
            f"{target.name}: text from the spec would become code; nothing was written:\n"
            + "".join(f"  {problem}\n" for problem in problems[:20])
        )
    return done.stdout


REGIONS_HEADER = '''\
# Written by scripts/from_spec.py from the servers of openapi/elevenlabs-pvc.yaml: do not edit.
# Change the spec and run `make generate`; `make check` fails when this file differs.
"""The API's regional hosts, by the names the client accepts: the ``servers`` of the spec, in order.

``default`` is the first; each other is named by the label after ``api.`` in its host.  A
``residency`` host serves only the workspaces created for that data residency.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["REGIONS", "Region"]

'''


def _regions(servers: list[dict[str, Any]]) -> str:
    names = {}
    for index, server in enumerate(servers):
        url = server.get("url") if isinstance(server, dict) else None
        if not isinstance(url, str) or not _SERVER_URL.match(url):
            raise FromSpecError(f"server {str(url)[:200]!r}: not a plain https://host[:port][/path] URL")
        labels = url.split("://", 1)[-1].split(".")
        if index and (len(labels) < 3 or labels[0] != "api" or not _REGION_NAME.match(labels[1])):
            raise FromSpecError(f"server {url!r}: no region name after 'api.' in its host")
        names["default" if index == 0 else labels[1]] = url
    # Both are checked above to hold no quote or backslash; ruff writes the quotes as double ones.
    choices = ", ".join(repr(name) for name in names)
    entries = "".join(f"    {name!r}: {url!r},\n" for name, url in names.items())
    return f"{REGIONS_HEADER}Region = Literal[{choices}]\nREGIONS: Final[dict[str, str]] = {{\n{entries}}}\n"


def render(spec: Path = SPEC, config: Path = CONFIG) -> dict[Path, str]:
    """The text of ``types.py`` and of ``regions.py``, by path, for ``spec`` and ``config``.

    Raises:
        FromSpecError: the config names something the spec does not have, or a server has no name.
    """
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    schemas = document["components"]["schemas"]
    entries: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    classes = _classes(entries)
    enums: dict[str, dict[str, str]] = {}
    for name, entry in entries.items():
        if "enum" in entry:
            schema_name, _, prop = entry["enum"].partition(".")
            enums.setdefault(schema_name, {})[prop] = name
    body = "".join(
        _enum(name, entry, schemas) if "enum" in entry else _class(name, entry, schemas, classes, enums)
        for name, entry in entries.items()
    )
    types = _ruff_format(HEADER.format(names=sorted(entries)) + body)
    return {TARGET: types, REGIONS_TARGET: _ruff_format(_regions(document["servers"]), REGIONS_TARGET)}


def differences(rendered: dict[Path, str]) -> list[str]:
    """Unified diff lines from each rendered file to the committed one; empty when they are equal."""
    lines: list[str] = []
    for path, text in rendered.items():
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        name = path.relative_to(REPO_ROOT).as_posix()
        lines += difflib.unified_diff(text.splitlines(True), committed.splitlines(True), f"{name} (from spec)", name)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the merged spec (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        rendered = render(args.spec)
    except FromSpecError as error:
        print(f"from_spec: error: {error}", file=sys.stderr)
        return 1
    if args.check:
        lines = differences(rendered)
        sys.stdout.writelines(lines)
        return 1 if lines else 0
    for path, text in rendered.items():
        write_atomic(path, text)
        print(f"from_spec: wrote {path.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
