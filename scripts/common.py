"""What every script shares: where things are in the repository, how files are written, OpenAPI words.

- Paths: :data:`REPO_ROOT` and the folders below it that scripts read or write.
- Writing: :func:`write_atomic` / :func:`write_atomic_bytes` (a reader sees the old file or the new one,
  never a part) and :func:`replace_tree` (a whole folder swapped by two renames).
- OpenAPI: the HTTP methods of a path item, and the YAML loader every script parses specs with.

The scripts are run as modules from the repository root (``python -m scripts.NAME``, as the Makefile
does), so none of them changes ``sys.path``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Final

import yaml

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
OPENAPI: Final = REPO_ROOT / "openapi"
GENERATED: Final = REPO_ROOT / "generated"
FACADE: Final = REPO_ROOT / "facade" / "elevenlabs_pvc"

#: HTTP methods in the order they are written inside a path item.
HTTP_METHODS: Final = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: libyaml's loader when PyYAML was built with it; the same documents, about ten times faster.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the new one, never a part."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_tree(fresh: Path, target: Path) -> None:
    """Put a copy of the folder ``fresh`` in place of the folder ``target``: two renames, the old tree removed after."""
    target = target.resolve()
    old, staged = target.with_name(f".{target.name}.old"), target.with_name(f".{target.name}.new")
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(fresh, staged)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)
