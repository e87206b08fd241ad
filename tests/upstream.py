"""The upstream data the tests read, from the compressed copies in ``tests/data/`` (never the upstream folder).

``upstream("api-history")`` is the folder of that name, unpacked on first use into one temporary
folder per test session and removed when the session ends.  ``scripts/upstream_fixtures.py`` writes
the archives from the maintainers' upstream folder (see its docstring).
"""

from __future__ import annotations

import atexit
import shutil
import tarfile
import tempfile
from functools import cache
from pathlib import Path

from scripts.upstream_fixtures import ARCHIVES, DATA


@cache
def _root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="elevenlabs-pvc-upstream."))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


@cache
def _unpacked(archive: str) -> Path:
    with tarfile.open(DATA / f"{archive}.tar.xz") as packed:
        packed.extractall(_root(), filter="data")
    return _root()


def upstream(folder: str) -> Path:
    """The upstream folder ``folder`` (``api-history``, ``api-pages``, ``seeds``, ``docs-pages``), unpacked."""
    archive = next(name for name, folders in ARCHIVES.items() if folder in folders)
    return _unpacked(archive) / folder
