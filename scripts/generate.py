"""Generate the low-level client in ``generated/`` from the merged spec.

``make generate`` runs the merge (``scripts/merge_spec.py``) and then this
script, which calls the pinned openapi-python-client with the config in
``openapi/generator-config.yaml``.  The generated tree is built in a
temporary folder and then swapped in, so an interrupted or failed run
never leaves ``generated/`` half written.

The result depends only on the spec, the config and the pinned versions of
openapi-python-client and ruff (checked against ``requirements/dev.txt``
before anything runs): generating twice gives identical trees.

Between the spec and the generator, ``scripts/normalise.py`` rewrites the constructs
the generator cannot express (each one listed in the output, and marked
``x-normalised`` in the generator's input; the spec itself is not changed).  After
generation, the **completeness check** fails when an operation of the spec has no
generated module, or a generated module imports one that was never written (the
generator's imports are lazy: such a module imports, and fails only when a response
is parsed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from scripts import normalise
from scripts.common import REPO_ROOT

DEFAULT_SPEC = REPO_ROOT / "openapi" / "elevenlabs-pvc.yaml"
DEFAULT_OUTPUT = REPO_ROOT / "generated"
CONFIG = REPO_ROOT / "openapi" / "generator-config.yaml"
ALLOWED_WARNINGS = REPO_ROOT / "openapi" / "generator-warnings.yaml"
#: The lines that open a warning in openapi-python-client's output; the next line says what is wrong.
_WARNING_STARTS = re.compile(r"^(WARNING parsing .*|Unable to parse schema .*|Unable to process schema .*)$")
_OBJECT_REPR = re.compile(r"\s*<[^<>]* object at 0x[0-9a-f]+>")
PINS = REPO_ROOT / "requirements" / "dev.txt"
PACKAGE = "elevenlabs_pvc_api"

README = """\
# generated/

Everything in this folder is written by `make generate` from
`openapi/elevenlabs-pvc.yaml` with openapi-python-client (config:
`openapi/generator-config.yaml`); `elevenlabs_pvc_api/openapi.yaml` is a copy of
that spec, shipped with the code generated from it. Do not edit it by hand: `make check`
regenerates it and fails on any difference. To change the code here, change
the sources in `openapi/sources/`, the merge (`scripts/merge_spec.py`) or the
generator config, then run `make generate`.
"""


class GenerationError(Exception):
    """The generator could not produce the client; the message says why."""


def _pinned_version(package: str) -> str:
    for line in PINS.read_text(encoding="utf-8").splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise GenerationError(f"{package} is not pinned in {PINS.relative_to(REPO_ROOT)}")


def _tool(name: str) -> Path:
    """The console script ``name`` of the environment running this script."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise GenerationError(f"{name} is not installed next to {sys.executable}: run `make setup`")
    return path


def _check_versions(env: dict[str, str]) -> None:
    for package, command in (("openapi-python-client", "openapi-python-client"), ("ruff", "ruff")):
        expected = _pinned_version(package)
        out = subprocess.run(
            [str(_tool(command)), "--version"], capture_output=True, text=True, env=env, check=False
        ).stdout
        if expected not in out.split():
            raise GenerationError(f"{package} {expected} is pinned but {out.strip()!r} is installed: run `make setup`")


def warnings_in(output: str) -> list[str]:
    """Each warning openapi-python-client printed, as one line: where, then what (``X: Y``)."""
    lines = [line.strip() for line in output.splitlines()]
    found = []
    for index, line in enumerate(lines):
        if _WARNING_STARTS.match(line):
            detail = next((text for text in lines[index + 1 :] if text and not text.startswith(("{", "}", '"'))), "")
            found.append(_OBJECT_REPR.sub("", f"{line.rstrip('.:')}: {detail}"))
    return found


def allowed_warnings(path: Path = ALLOWED_WARNINGS) -> dict[str, str]:
    """The allow-list: each accepted warning line with its reason."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    entries = (data or {}).get("allowed") or []
    return {str(entry["warning"]): str(entry.get("reason", "")) for entry in entries}


def generate_tree(
    spec: Path, destination: Path, config: Path = CONFIG, allowed: Path = ALLOWED_WARNINGS
) -> list[normalise.Rewrite]:
    """Write the complete ``generated/`` tree for ``spec`` into ``destination`` (which must not exist).

    Returns the rewrites ``scripts/normalise.py`` made to the generator's input (usually none).

    Raises:
        GenerationError: the generator failed, printed a warning that ``allowed`` does not list,
            or left the tree incomplete (see :func:`completeness_problems`).
    """
    if not spec.is_file():
        raise GenerationError(f"{spec}: no such spec; run `make spec` first")
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    normalised, rewrites = normalise.normalise(document)
    destination.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="generator-input.") as scratch:
        # As JSON: the generator reads YAML with a pure-Python parser, half its time on the whole API.
        generator_input = Path(scratch) / "openapi.json"
        generator_input.write_text(json.dumps(normalised, ensure_ascii=False, default=str), encoding="utf-8")
        _run_generator(generator_input, destination, config, allowed)
    problems = completeness_problems(document, destination)
    if problems:
        raise GenerationError(
            f"the generated client is incomplete ({len(problems)} problem(s)):\n"
            + "".join(f"- {p}\n" for p in problems)
        )
    (destination / PACKAGE / "py.typed").write_text("", encoding="utf-8")
    # The spec the code was generated from travels with it (elevenlabs_pvc.testing validates against it).
    shutil.copyfile(spec, destination / PACKAGE / "openapi.yaml")
    (destination / "README.md").write_text(README, encoding="utf-8")
    return rewrites


def _run_generator(spec: Path, destination: Path, config: Path, allowed: Path) -> None:
    env = dict(os.environ)
    # The post hooks call `ruff` through the shell: make sure it is the pinned one.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    _check_versions(env)
    command = [
        str(_tool("openapi-python-client")),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(config),
        "--meta",
        "none",
        "--output-path",
        str(destination / PACKAGE),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "client was not created" in output:
        raise GenerationError(f"openapi-python-client failed:\n{output}")
    listed = allowed_warnings(allowed)
    unlisted = [warning for warning in warnings_in(output) if warning not in listed]
    if unlisted:
        where = allowed.relative_to(REPO_ROOT) if allowed.is_relative_to(REPO_ROOT) else allowed
        raise GenerationError(
            f"the generator warned {len(unlisted)} time(s), and {where} does not list it:\n"
            + "".join(f"- {warning}\n" for warning in unlisted)
            + "Remove the cause by configuration (openapi/generator-config.yaml), or list the warning there "
            "with the reason the generated client is right anyway."
        )


_RELATIVE_IMPORT = re.compile(r"^\s*from (\.+)([\w.]*) import ([\w, ()]+)", re.MULTILINE)
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _module_exists(folder: Path, dotted: str) -> bool:
    path = folder.joinpath(*dotted.split(".")) if dotted else folder
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def completeness_problems(spec: dict[str, Any], tree: Path) -> list[str]:
    """What is missing from the generated ``tree`` (the folder holding the package), one line each.

    - every operation of ``spec`` has its module, ``api/<tag>/<operationId>.py``;
    - every relative import of a generated module names a module that exists (``from ..models.x import X``).
    """
    from openapi_python_client.strings import PythonIdentifier

    package = tree / PACKAGE
    problems = []
    for path, item in (spec.get("paths") or {}).items():
        for method in _HTTP_METHODS:
            operation = (item or {}).get(method)
            if not isinstance(operation, dict):
                continue
            tag = (operation.get("tags") or ["default"])[0]
            module = (
                package
                / "api"
                / str(PythonIdentifier(str(tag), ""))
                / f"{PythonIdentifier(str(operation.get('operationId', '')), '')}.py"
            )
            if not module.is_file():
                problems.append(f"{method.upper()} {path}: no generated module {module.relative_to(tree)}")
    for source in sorted(package.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for dots, dotted, names in _RELATIVE_IMPORT.findall(text):
            base = source.parent
            for _ in range(len(dots) - 1):
                base = base.parent
            if dotted and not _module_exists(base, dotted):
                problems.append(f"{source.relative_to(tree)} imports {dots}{dotted}, which was not generated")
            elif not dotted:
                for name in re.findall(r"\w+", names):
                    if not _module_exists(base, name) and not (base / "__init__.py").is_file():
                        problems.append(f"{source.relative_to(tree)} imports {dots}{name}, which was not generated")
    return sorted(set(problems))


def generate(spec: Path = DEFAULT_SPEC, output: Path = DEFAULT_OUTPUT) -> list[normalise.Rewrite]:
    """Regenerate ``output`` from ``spec``, replacing the old tree only once the new one is complete.

    Returns the rewrites made to the generator's input (see ``scripts/normalise.py``).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=f".{output.name}.") as scratch:
        fresh = Path(scratch) / "new"
        rewrites = generate_tree(spec, fresh)
        if output.exists():
            old = Path(scratch) / "old"
            output.rename(old)
        fresh.rename(output)
    return rewrites


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate generated/ from the merged spec.")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        rewrites = generate(args.spec, args.output)
    except GenerationError as error:
        print(f"generate: error: {error}", file=sys.stderr)
        return 1
    for rewrite in rewrites:
        print(f"generate: rewrote for the generator (scripts/normalise.py): {rewrite}", file=sys.stderr)
    print(f"generate: wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
