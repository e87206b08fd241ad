"""Write the sync client (``facade/elevenlabs_pvc/_sync/``) from the async one (``_async/``).

It also writes ``_async/raw.py``, the typed ``with_raw_response`` tree (``scripts/raw_responses.py``).

The async code is the only hand-written source of both clients, as in httpcore: each
method's logic and docstring exist once.  This script rewrites every ``_async/*.py``
line by line with the substitutions in :data:`SUBSTITUTIONS` (``async def`` -> ``def``,
``await x`` -> ``x``, ``AsyncPVCClient`` -> ``PVCClient``, ``aclose`` -> ``close``...),
docstrings and comments included, formats the result with the pinned ruff, and puts a
"do not edit" header on top.

``make generate`` runs it; ``make check`` (``--check``) fails when ``_sync/`` differs from
what ``_async/`` gives.  The ``unasync`` package rewrites code tokens only (a docstring
keeps ``await`` and ``AsyncPVCClient``), hence these few lines of our own.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from scripts import common, raw_responses
from scripts.common import REPO_ROOT

SOURCE = REPO_ROOT / "facade" / "elevenlabs_pvc" / "_async"
TARGET = REPO_ROOT / "facade" / "elevenlabs_pvc" / "_sync"

#: (pattern, replacement), applied in this order to every line.
SUBSTITUTIONS: Sequence[tuple[str, str]] = (
    (r"Awaitable\[RawResponse\[R\]\]", "RawResponse[R]"),
    (r"Awaitable\[R\]", "R"),
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baread\b", "read"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\baclose\b", "close"),
    (r"\b_async\b", "_sync"),
    (r"\basync_sleep\b", "sleep"),
    (r"\basync_lock\b", "lock"),
    (r"\bAsyncByteStream\b", "SyncByteStream"),
    (r"\bAsync(?=[A-Z])", ""),
)
HEADER = (
    "# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/{name}: do not edit.\n"
    "# Change the async source and run `make generate`; `make check` fails when this file differs.\n"
)
_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in SUBSTITUTIONS]


def unasync_text(text: str) -> str:
    """The sync form of the async source ``text`` (before formatting)."""
    lines = []
    for line in text.splitlines(keepends=True):
        for pattern, replacement in _COMPILED:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return "".join(lines)


def _ruff() -> str:
    path = Path(sys.executable).parent / "ruff"
    return str(path) if path.exists() else "ruff"


def render(scratch: Path) -> dict[Path, Path]:
    """Write every file these scripts own into ``scratch``, formatted; return {fresh file: its place}.

    ``_async/raw.py`` comes from ``scripts/raw_responses.py``; ``_sync/*`` from ``_async/*``.
    """
    (scratch / "async").mkdir(parents=True)
    (scratch / "sync").mkdir()
    raw = scratch / "async" / "raw.py"
    raw.write_text(raw_responses.render(SOURCE), encoding="utf-8")
    places = {raw: SOURCE / "raw.py"}
    sources = {path.name: path for path in SOURCE.glob("*.py")} | {"raw.py": raw}
    for name, source in sorted(sources.items()):
        fresh = scratch / "sync" / name
        fresh.write_text(HEADER.format(name=name) + unasync_text(source.read_text(encoding="utf-8")), encoding="utf-8")
        places[fresh] = TARGET / name
    config = ["--config", str(REPO_ROOT / "pyproject.toml"), "--no-cache", "--quiet"]
    files = [str(path) for path in places]
    # Imports such as `Awaitable` lose their last use: drop them, sort the rest, format.
    subprocess.run([_ruff(), "check", *config, "--fix-only", "--select", "F401,I", *files], check=True)
    subprocess.run([_ruff(), "format", *config, *files], check=True)
    return places


def differences(places: dict[Path, Path], sync: Path = TARGET) -> list[str]:
    """Unified diff lines from each fresh file to the committed one (or a stray one); empty when equal."""
    lines: list[str] = []
    stray = set(sync.glob("*.py")) - set(places.values())
    for fresh, committed in [*places.items(), *((None, path) for path in sorted(stray))]:
        old = fresh.read_text(encoding="utf-8").splitlines(keepends=True) if fresh else []
        new = committed.read_text(encoding="utf-8").splitlines(keepends=True) if committed.exists() else []
        name = f"{committed.parent.name}/{committed.name}"
        lines += difflib.unified_diff(old, new, f"{name} (from sources)", f"{name} (committed)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="elevenlabs-pvc-unasync.") as scratch:
        places = render(Path(scratch))
        if args.check:
            lines = differences(places)
            sys.stdout.writelines(lines)
            if lines:
                print(
                    "unasync: _async/raw.py or _sync/ differ from their sources: run `make generate`", file=sys.stderr
                )
            return 1 if lines else 0
        fresh_sync = Path(scratch) / "sync"
        shutil.copyfile(Path(scratch) / "async" / "raw.py", Path(scratch) / "raw.py.part")
        os.replace(Path(scratch) / "raw.py.part", SOURCE / "raw.py")
        common.replace_tree(fresh_sync, TARGET)
    print("unasync: wrote facade/elevenlabs_pvc/_async/raw.py and _sync/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
