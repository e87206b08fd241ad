"""Merge the OpenAPI blocks embedded in documentation pages into one spec.

Every page in ``openapi/sources/`` is a documentation page as ElevenLabs
publishes it: prose, a fenced ```yaml block holding a small OpenAPI 3.1
document for one endpoint, and SDK examples.  This script extracts those
blocks and writes a single spec, ``openapi/elevenlabs-pvc.yaml``, that the
generator turns into ``generated/``.

What the merge does, in order:

1. Pages are read in sorted name order, so the listing order of the folder
   never changes the result.  A page without a ```yaml block (the rendered
   web page, for one) is skipped with a one-line notice on stderr.
   Malformed YAML is an error that names the file and the line.
2. ``paths`` are merged.  The same path and method defined twice must be
   identical; otherwise the error names both pages and the JSON pointer of
   the first difference.  ``components`` are merged the same way, so
   schemas that several pages repeat collapse into one.
3. ``servers`` are kept as a union, in order of first appearance.
   Each page's document is validated on its own first: an invalid page is an
   error naming the file, the JSON pointer and the line of the problem.
4. Each operation gets a readable tag and a unique ``operationId``.  The
   pages use the SDK's short method names (``update``, ``get``...) and long
   tags (``subpackage_voices.subpackage_voices/pvc...``).  The rule, in
   ``openapi/naming.yaml``, depends only on the page: a tag path under
   ``voices/pvc`` is named relative to it (``samples_speakers``), any other
   path is its whole path after ``api_`` (``api_voices_samples_audio``), and
   the id is ``<tag>_<sdk name>`` (``samples_speakers_separate``).
   The originals are kept in ``x-original-operation-id`` and
   ``x-original-tags``; ``x-source-pages`` names the page(s) it came from.
   A ``Name-Input`` / ``Name-Output`` schema pair that shares the title ``Name`` (as the API's
   document writes models read and written differently) is titled ``NameInput`` / ``NameOutput``,
   so that the generator makes two classes.
5. The result is validated once more, as a whole, and written atomically:
   either the whole new file is in place or the old one is.  It is written in one
   canonical key order (``scripts/canonical_order.py``), whatever order each page uses,
   so that the review diff of a change is the change.

YAML is parsed with libyaml's loader when PyYAML has it (about ten times faster).

Run it with ``make spec`` or ``python -m scripts.merge_spec``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from scripts.canonical_order import canonical
from scripts.common import HTTP_METHODS, REPO_ROOT, YAML_LOADER, write_atomic

DEFAULT_SOURCES = REPO_ROOT / "openapi" / "sources"
DEFAULT_OUTPUT = REPO_ROOT / "openapi" / "elevenlabs-pvc.yaml"
NAMING = REPO_ROOT / "openapi" / "naming.yaml"
#: From this many pages on, they are validated in parallel (one process a core).
_PARALLEL_FROM = 32
#: libyaml's emitter (the wheels of the pinned PyYAML all have it): a whole-API spec in 0.4 s, not 3 s.
YAML_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: The title written into the merged spec (the pages all say just "api").
SPEC_TITLE = "ElevenLabs Professional Voice Cloning (PVC) API"


#: Limits on a page's YAML block, whose text comes from the internet.  The API's pages have no anchors
#: or aliases (an alias bomb expands into billions of nodes for whatever walks it), nest 12 deep at
#: most and are under 300 KiB (the whole API's largest).
MAX_BLOCK_BYTES = 2 * 1024 * 1024
MAX_BLOCK_DEPTH = 64

_FENCE_OPEN = re.compile(r"^```\s*ya?ml\s*$", re.IGNORECASE)
_FENCE_CLOSE = re.compile(r"^```\s*$")

Notice = Callable[[str], None]


class MergeError(Exception):
    """The pages cannot be merged into one valid spec; the message says why and where."""


@dataclass(frozen=True)
class Naming:
    """The naming rule of ``openapi/naming.yaml`` (see that file)."""

    root: str = "voices/pvc"
    root_group: str = "pvc"
    others_prefix: str = "api"

    @classmethod
    def load(cls, path: Path = NAMING) -> Naming:
        """The rule in ``path`` (the defaults where it says nothing)."""
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) if path.exists() else None
        return cls(**{key: str(value) for key, value in (data or {}).items() if key in cls.__dataclass_fields__})


@dataclass(frozen=True)
class YamlBlock:
    """One fenced ```yaml block of a page: where it starts and what it holds."""

    first_line: int  # 1-based line number, in the page, of the block's first line
    text: str


@dataclass(frozen=True)
class SourceDocument:
    """An OpenAPI document found in a page."""

    page: str  # file name of the page, as recorded in ``x-source-pages``
    document: dict[str, Any]
    #: The block it was read from (for the line of a problem); None for documents made in code.
    block: YamlBlock | None = None


def _print_notice(message: str) -> None:
    print(f"merge_spec: {message}", file=sys.stderr)


def extract_yaml_blocks(text: str) -> list[YamlBlock]:
    """Return the fenced ```yaml blocks of a markdown page, in page order.

    An unterminated fence runs to the end of the page, like markdown renders it.
    """
    blocks: list[YamlBlock] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if _FENCE_OPEN.match(lines[index]):
            start = index + 1
            end = start
            while end < len(lines) and not _FENCE_CLOSE.match(lines[end]):
                end += 1
            blocks.append(YamlBlock(first_line=start + 1, text="\n".join(lines[start:end]) + "\n"))
            index = end + 1
        else:
            index += 1
    return blocks


def _load_quietly(path: Path) -> list[SourceDocument]:
    return load_page(path, notice=lambda _: None)


def load_page(path: Path, notice: Notice = _print_notice) -> list[SourceDocument]:
    """Parse the OpenAPI documents embedded in one page.

    Returns an empty list (after a notice) for a page with no OpenAPI block.
    Raises :class:`MergeError` naming the file and line for malformed YAML.
    """
    text = path.read_text(encoding="utf-8")
    documents: list[SourceDocument] = []
    for block in extract_yaml_blocks(text):
        data = load_block(block, path.name)
        if isinstance(data, dict) and "openapi" in data:
            documents.append(SourceDocument(page=path.name, document=data, block=block))
    if not documents:
        notice(f"skipping {path.name}: no OpenAPI YAML block")
    return documents


def load_block(block: YamlBlock, page: str) -> Any:
    """The data of one YAML block of ``page``, read within the limits a page from the internet gets.

    Raises:
        MergeError: naming the page and line: malformed YAML, an anchor or alias, nesting deeper
            than ``MAX_BLOCK_DEPTH``, or a block over ``MAX_BLOCK_BYTES``.
    """
    size = len(block.text.encode("utf-8"))
    if size > MAX_BLOCK_BYTES:
        raise MergeError(
            f"{page}:{block.first_line}: a YAML block of {size:,} bytes, over the {MAX_BLOCK_BYTES:,}-byte limit"
        )
    try:
        depth = 0
        for event in yaml.parse(block.text, Loader=YAML_LOADER):
            line = block.first_line + (event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise MergeError(f"{page}:{line}: YAML anchors and aliases are refused (the API's pages have none)")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_BLOCK_DEPTH:
                    raise MergeError(f"{page}:{line}: YAML nested over {MAX_BLOCK_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(block.text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = block.first_line + (mark.line if mark is not None else 0)
        problem = getattr(error, "problem", None) or str(error)
        raise MergeError(f"{page}:{line}: malformed YAML: {problem}") from None


def _line_of(block: YamlBlock, tokens: Sequence[object]) -> int | None:
    """The line, in the page, of the value at ``tokens`` in ``block`` (None when it cannot be found)."""
    node: Any = yaml.compose(block.text, Loader=YAML_LOADER)
    for token in tokens:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(token)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(token, int) and token < len(node.value):
            node = node.value[token]
        else:
            node = None
        if node is None:
            return None
    return block.first_line + int(node.start_mark.line)


def _at(document: Any, tokens: Sequence[Any]) -> Any:
    for token in tokens:
        if isinstance(document, dict):
            document = document.get(token, document.get(str(token)))
        elif isinstance(document, list) and isinstance(token, int) and token < len(document):
            document = document[token]
        else:
            return None
    return document


@cache
def fast_validator() -> Any:
    """A jsonschema-rs validator of the OpenAPI 3.1 schema (a page in well under a millisecond), or None.

    openapi-spec-validator checks the same schema, and a few things more, in about 30 ms a page; it
    still gives the message of a document the fast one finds invalid, and checks every 3.0 document.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    schema = resources.files("openapi_spec_validator") / "resources" / "schemas" / "v3.1" / "schema.json"
    return jsonschema_rs.validator_for(json.loads(schema.read_text(encoding="utf-8")))


def quickly_valid(document: Any) -> bool:
    """True when ``document`` is an OpenAPI 3.1 document that the fast validator finds valid."""
    validator = fast_validator()
    return (
        validator is not None
        and isinstance(document, dict)
        and str(document.get("openapi", "")).startswith("3.1")
        and bool(validator.is_valid(document))
    )


def page_problem(source: SourceDocument) -> str | None:
    """What makes a page's own document invalid OpenAPI, naming the file, the pointer and the line; or None."""
    document = source.document
    if quickly_valid(document):
        return None
    try:
        validate(document)
    except OpenAPIValidationError as error:
        tokens = list(error.absolute_path)
        # An unexpected property is reported on its parent: point at the property itself.
        unexpected = re.search(r"\('([^']+)' was unexpected\)", error.message)
        parent = _at(document, tokens)
        if unexpected and isinstance(parent, dict) and unexpected.group(1) in parent:
            tokens.append(unexpected.group(1))
        line = _line_of(source.block, tokens) if source.block else None
        where = f"{source.page}:{line}" if line else source.page
        return f"{where}: not valid OpenAPI at {pointer(*tokens) or '/'}: {error.message}"
    return None


def external_reference(source: SourceDocument) -> str | None:
    """The first ``$ref`` of a page that is not local (``#/...``), naming the page and line; or None.

    A page's references must stay inside the spec: a remote one would make the generator fetch
    whatever it names, a relative file one read a file beside the spec.
    """
    stack: list[tuple[Any, tuple[Any, ...]]] = [(source.document, ())]
    while stack:
        value, tokens = stack.pop()
        if isinstance(value, dict):
            reference = value.get("$ref")
            if isinstance(reference, str) and not reference.startswith("#/"):
                line = _line_of(source.block, [*tokens, "$ref"]) if source.block else None
                where = f"{source.page}:{line}" if line else source.page
                return f"{where}: $ref {reference[:200]!r} is not local (only '#/...' references are allowed)"
            stack.extend((item, (*tokens, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*tokens, index)) for index, item in enumerate(value))
    return None


def validate_pages(documents: Sequence[SourceDocument]) -> None:
    """Validate every page's document on its own, on every core for many pages; raise for the first bad one.

    Raises:
        MergeError: naming the first invalid page (in page order), the JSON pointer and the line.
    """
    if fast_validator() is not None or len(documents) < _PARALLEL_FROM:
        problems: Iterable[str | None] = map(page_problem, documents)
    else:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            problems = list(pool.map(page_problem, documents, chunksize=8))
    first = next((problem for problem in problems if problem), None) or next(
        filter(None, map(external_reference, documents)), None
    )
    if first:
        raise MergeError(first)


def _escape_pointer_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: object) -> str:
    """Build a JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + _escape_pointer_token(token) for token in tokens)


def first_difference(left: Any, right: Any, at: str = "") -> str | None:
    """Return the JSON pointer of the first place where two values differ, or None.

    Mapping keys are visited in sorted order so the answer is deterministic.
    Types are compared strictly: ``True`` and ``1`` differ.
    """
    if type(left) is not type(right):
        return at or "/"
    if isinstance(left, dict):
        for key in sorted(set(left) | set(right), key=str):
            if key not in left or key not in right:
                return at + pointer(key)
            found = first_difference(left[key], right[key], at + pointer(key))
            if found is not None:
                return found
        return None
    if isinstance(left, list):
        for index, (left_item, right_item) in enumerate(zip(left, right, strict=False)):
            found = first_difference(left_item, right_item, at + pointer(index))
            if found is not None:
                return found
        if len(left) != len(right):
            return at + pointer(min(len(left), len(right)))
        return None
    return None if left == right else (at or "/")


def short_tag(tag: str, naming: Naming | None = None) -> str:
    """Turn a documentation tag path into a short tag usable as a module name (see ``openapi/naming.yaml``).

    ``subpackage_voices.subpackage_voices/pvc.subpackage_voices/pvc/samples.subpackage_voices/pvc/samples/speakers``
    becomes ``samples_speakers``; the PVC root itself becomes ``pvc``; a path elsewhere in the API,
    ``subpackage_voices.subpackage_voices/samples``, becomes ``api_voices_samples``.
    """
    naming = naming or Naming()
    path = tag.rsplit(".", 1)[-1].removeprefix("subpackage_")
    if path == naming.root:
        return naming.root_group
    if path.startswith(naming.root + "/"):
        relative = path.removeprefix(naming.root + "/")
    else:
        relative = f"{naming.others_prefix}/{path}" if naming.others_prefix else path
    return re.sub(r"[^0-9A-Za-z]+", "_", relative).strip("_").lower() or naming.root_group


@dataclass
class _Defined:
    """A definition already merged and the page it came from."""

    value: Any
    pages: list[str]


class _Merger:
    def __init__(self, naming: Naming) -> None:
        self.naming = naming
        self.openapi: _Defined | None = None
        self.info_version: _Defined | None = None
        self.servers: list[dict[str, Any]] = []
        self.operations: dict[tuple[str, str], _Defined] = {}
        self.path_fields: dict[tuple[str, str], _Defined] = {}
        self.components: dict[tuple[str, str], _Defined] = {}
        self.others: dict[str, _Defined] = {}
        self.pages: list[str] = []

    def _same_or_fail(self, existing: _Defined, value: Any, page: str, at: str) -> None:
        # The same repr is the same value, types included (True and 1 differ); the walk finds the rest.
        difference = None if repr(existing.value) == repr(value) else first_difference(existing.value, value, at)
        if difference is not None:
            raise MergeError(
                f"{existing.pages[0]} and {page} define {at} differently; first difference at {difference}"
            )
        if page not in existing.pages:
            existing.pages.append(page)

    def _put(self, table: dict[Any, _Defined], key: Any, value: Any, page: str, at: str) -> None:
        if key in table:
            self._same_or_fail(table[key], value, page, at)
        else:
            table[key] = _Defined(copy.deepcopy(value), [page])

    def add(self, source: SourceDocument) -> None:
        page, document = source.page, source.document
        if page not in self.pages:
            self.pages.append(page)
        for key, value in document.items():
            if key == "openapi":
                if self.openapi is None:
                    self.openapi = _Defined(value, [page])
                else:
                    self._same_or_fail(self.openapi, value, page, "/openapi")
            elif key == "info":
                # Titles are replaced by SPEC_TITLE; versions must agree.
                version = (value or {}).get("version")
                if self.info_version is None:
                    self.info_version = _Defined(version, [page])
                else:
                    self._same_or_fail(self.info_version, version, page, "/info/version")
            elif key == "servers":
                for server in value or []:
                    if all(first_difference(server, known) is not None for known in self.servers):
                        self.servers.append(copy.deepcopy(server))
            elif key == "paths":
                for path, item in (value or {}).items():
                    for field, field_value in (item or {}).items():
                        table = self.operations if field in HTTP_METHODS else self.path_fields
                        self._put(table, (path, field), field_value, page, pointer("paths", path, field))
            elif key == "components":
                for kind, entries in (value or {}).items():
                    for name, definition in (entries or {}).items():
                        self._put(self.components, (kind, name), definition, page, pointer("components", kind, name))
            else:
                self._put(self.others, key, value, page, pointer(key))

    def _operation(self, path: str, method: str, defined: _Defined) -> dict[str, Any]:
        operation: dict[str, Any] = copy.deepcopy(defined.value)
        where = f"{method.upper()} {path} (from {', '.join(defined.pages)})"
        original_id = operation.get("operationId")
        if not isinstance(original_id, str) or not original_id:
            raise MergeError(f"{where} has no operationId")
        original_tags = operation.get("tags") or []
        tag = short_tag(str(original_tags[0]), self.naming) if original_tags else self.naming.root_group
        rewritten: dict[str, Any] = {}
        for field, value in operation.items():
            if field == "operationId":
                rewritten[field] = f"{tag}_{original_id}"
                rewritten["x-original-operation-id"] = original_id
            elif field == "tags":
                rewritten[field] = [tag]
                rewritten["x-original-tags"] = list(original_tags)
            else:
                rewritten[field] = value
        rewritten.setdefault("tags", [tag])
        rewritten["x-source-pages"] = list(defined.pages)
        return rewritten

    def result(self) -> dict[str, Any]:
        if self.openapi is None:
            raise MergeError("no page holds an OpenAPI document")
        spec: dict[str, Any] = {
            "openapi": self.openapi.value,
            "info": {
                "title": SPEC_TITLE,
                "version": self.info_version.value if self.info_version else "1.0.0",
                "description": (
                    "Merged by scripts/merge_spec.py from the documentation pages in "
                    "openapi/sources/. Do not edit by hand: run `make spec`."
                ),
                "x-source-pages": sorted(self.pages),
            },
        }
        if self.servers:
            spec["servers"] = self.servers
        for key in sorted(self.others):
            spec[key] = self.others[key].value

        paths: dict[str, dict[str, Any]] = {}
        seen_ids: dict[str, tuple[str, list[str]]] = {}
        for path in sorted({path for path, _ in self.operations} | {path for path, _ in self.path_fields}):
            item: dict[str, Any] = {}
            for (field_path, field), defined in sorted(self.path_fields.items()):
                if field_path == path:
                    item[field] = defined.value
            for method in HTTP_METHODS:
                defined_operation = self.operations.get((path, method))
                if defined_operation is None:
                    continue
                operation = self._operation(path, method, defined_operation)
                where = f"{method.upper()} {path}"
                operation_id = operation["operationId"]
                if operation_id in seen_ids:
                    first, pages = seen_ids[operation_id]
                    both = f"pages {', '.join(pages)} and {', '.join(defined_operation.pages)}"
                    raise MergeError(f"operationId {operation_id!r} would be used by both {first} and {where} ({both})")
                seen_ids[operation_id] = (where, defined_operation.pages)
                item[method] = operation
            paths[path] = item
        spec["paths"] = paths

        components: dict[str, dict[str, Any]] = {}
        for (kind, name), defined in sorted(self.components.items()):
            components.setdefault(kind, {})[name] = _distinct_title(name, defined.value)
        if components:
            spec["components"] = components
        return spec


def _distinct_title(name: str, definition: Any) -> Any:
    """A ``Name-Input`` / ``Name-Output`` schema pair titled ``Name`` gets the titles ``NameInput`` / ``NameOutput``.

    The API's document splits a model read and written differently into such pairs with one title,
    from which the generator would make two classes of one name; the title now follows the key.
    """
    base, _, side = name.rpartition("-")
    if side in ("Input", "Output") and isinstance(definition, dict) and definition.get("title") == base:
        return {**definition, "title": f"{base}{side}"}
    return definition


def merge_documents(sources: Iterable[SourceDocument], naming: Naming | None = None) -> dict[str, Any]:
    """Merge OpenAPI documents into one spec (see the module docstring for the rules).

    The documents are merged in order of page name, whatever order they come in.
    """
    merger = _Merger(naming or Naming.load())
    for source in sorted(sources, key=lambda source: source.page):
        merger.add(source)
    return merger.result()


def source_pages(folder: Path) -> list[Path]:
    """The pages of a sources folder, in sorted order (hidden files are ignored)."""
    if not folder.is_dir():
        raise MergeError(f"{folder}: not a folder of documentation pages")
    return sorted(path for path in folder.iterdir() if path.is_file() and not path.name.startswith("."))


def merge_pages(paths: Iterable[Path], notice: Notice = _print_notice, naming: Naming | None = None) -> dict[str, Any]:
    """Read, validate page by page, merge and validate the given pages; return the spec as a dict."""
    ordered = sorted(paths, key=lambda path: path.name)
    documents: list[SourceDocument] = []
    if len(ordered) < _PARALLEL_FROM:
        for path in ordered:
            documents.extend(load_page(path, notice))
    else:  # parsing YAML is most of a merge: one process a core
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for path, found in zip(ordered, pool.map(_load_quietly, ordered, chunksize=8), strict=True):
                if not found:
                    notice(f"skipping {path.name}: no OpenAPI YAML block")
                documents.extend(found)
    validate_pages(documents)
    spec = merge_documents(documents, naming)
    problem = dangling_reference(spec)
    if problem:
        raise MergeError(f"the merged spec is not valid OpenAPI: {problem}")
    if not quickly_valid(spec):
        try:
            validate(spec)
        except OpenAPIValidationError as error:
            raise MergeError(f"the merged spec is not valid OpenAPI: {error.message}") from error
    return spec


def dangling_reference(spec: dict[str, Any]) -> str | None:
    """The first local ``$ref`` that points nowhere (openapi-spec-validator's check the schema cannot make)."""
    stack: list[Any] = [spec]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            reference = value.get("$ref")
            if isinstance(reference, str) and reference.startswith("#/"):
                target: Any = spec
                for raw in reference[2:].split("/"):
                    token = raw.replace("~1", "/").replace("~0", "~")
                    target = target.get(token) if isinstance(target, dict) else None
                if target is None:
                    return f"{reference} does not resolve"
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def render(spec: dict[str, Any]) -> str:
    """Serialise a spec to YAML in canonical key order (``scripts/canonical_order.py``): same API, same bytes."""
    header = "# Generated by scripts/merge_spec.py from openapi/sources/. Do not edit; run `make spec`.\n"
    body = yaml.dump(canonical(spec), Dumper=YAML_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def build(sources: Path, output: Path, notice: Notice = _print_notice) -> str:
    """Merge the pages in ``sources`` and write the spec to ``output``; return its text."""
    text = render(merge_pages(source_pages(sources), notice))
    write_atomic(output, text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="folder of documentation pages")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the merged spec to write")
    args = parser.parse_args(argv)
    try:
        build(args.sources, args.output)
    except MergeError as error:
        print(f"merge_spec: error: {error}", file=sys.stderr)
        return 1
    print(f"merge_spec: wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
