"""Write the sync client (``facade/elevenlabs_pvc/_sync/``) from the async one (``_async/``).

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
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
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
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\baclose\b", "close"),
    (r"\b_async\b", "_sync"),
    (r"\basync_sleep\b", "sleep"),
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


def render(destination: Path) -> None:
    """Write the complete sync tree into ``destination`` (a new folder), formatted with the project's ruff."""
    destination.mkdir(parents=True)
    for source in sorted(SOURCE.glob("*.py")):
        text = HEADER.format(name=source.name) + unasync_text(source.read_text(encoding="utf-8"))
        (destination / source.name).write_text(text, encoding="utf-8")
    config = ["--config", str(REPO_ROOT / "pyproject.toml"), "--no-cache"]
    files = [str(path) for path in sorted(destination.glob("*.py"))]
    # Imports such as `Awaitable` lose their last use: drop them, sort the rest, format.
    subprocess.run([_ruff(), "check", *config, "--fix-only", "--select", "F401,I", "--quiet", *files], check=True)
    subprocess.run([_ruff(), "format", *config, "--quiet", *files], check=True)


def differences(fresh: Path, committed: Path) -> list[str]:
    """Unified diff lines from ``fresh`` (what ``_async/`` gives) to ``committed``; empty when equal."""
    lines: list[str] = []
    names = {path.name for path in fresh.glob("*.py")} | {path.name for path in committed.glob("*.py")}
    for name in sorted(names):
        old, new = fresh / name, committed / name
        old_text = old.read_text(encoding="utf-8").splitlines(keepends=True) if old.exists() else []
        new_text = new.read_text(encoding="utf-8").splitlines(keepends=True) if new.exists() else []
        lines += difflib.unified_diff(old_text, new_text, f"_sync/{name} (from _async)", f"_sync/{name} (committed)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if _sync/ is out of date")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=TARGET.parent, prefix="._sync.") as scratch:
        fresh = Path(scratch) / "new"
        render(fresh)
        if args.check:
            lines = differences(fresh, TARGET)
            sys.stdout.writelines(lines)
            if lines:
                print("unasync: _sync/ differs from what _async/ gives: run `make generate`", file=sys.stderr)
                return 1
            return 0
        if TARGET.exists():
            TARGET.rename(Path(scratch) / "old")
        fresh.rename(TARGET)
        shutil.rmtree(Path(scratch) / "old", ignore_errors=True)
    print(f"unasync: wrote {TARGET.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
