"""Pack the upstream data the tests need into ``tests/data/*.tar.xz``: ``python -m scripts.upstream_fixtures``.

The upstream data lives in ``../shared/`` on the maintainers' machines only (the documentation pages
the project started from, every operation of the whole API on two days, the published history of the
API's OpenAPI document).  A clone from GitHub has nothing beside it, so the tests read compressed
copies kept in the repository instead, unpacked once per test session into a temporary folder
(``tests/upstream.py``).  Each archive holds one folder of ``../shared/`` as it is, plus a first
member, ``WRITTEN-BY.txt``, saying that this script wrote it.

The archives are deterministic (sorted members, no times, owners or modes of the machine), so
packing the same folders again gives the same bytes.  ``--check`` compares the archives with
``../shared/`` (when it is there) and writes nothing.
"""

from __future__ import annotations

import argparse
import io
import lzma
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path

from scripts.common import REPO_ROOT, write_atomic_bytes

SHARED = REPO_ROOT.parent / "shared"
DATA = REPO_ROOT / "tests" / "data"
#: Archive name -> the folders of ``../shared/`` it holds.
ARCHIVES: dict[str, tuple[str, ...]] = {
    "api-history": ("api-history",),
    "api-pages": ("api-pages",),
    "docs-pages": ("seeds", "docs-pages"),
}
NOTE = (
    "Written by scripts/upstream_fixtures.py from ../shared/ (the project's upstream data): do not edit.\n"
    "Run `python -m scripts.upstream_fixtures` on a machine that has ../shared/ beside the checkout.\n"
)


def _member(name: str, data: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o644, 0
    return info, io.BytesIO(data)


def pack(shared: Path, folders: Sequence[str]) -> bytes:
    """The ``.tar.xz`` bytes of ``folders`` of ``shared``: the note first, then every file in sorted order."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        archive.addfile(*_member("WRITTEN-BY.txt", NOTE.encode()))
        for folder in folders:
            for path in sorted((shared / folder).rglob("*")):
                if path.is_file():
                    archive.addfile(*_member(path.relative_to(shared).as_posix(), path.read_bytes()))
    return lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pack ../shared/ into tests/data/*.tar.xz for the tests.")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the upstream folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if an archive is out of date")
    args = parser.parse_args(argv)
    missing = [folder for folders in ARCHIVES.values() for folder in folders if not (args.shared / folder).is_dir()]
    if missing:
        print(f"upstream_fixtures: {args.shared} has no {', '.join(missing)}", file=sys.stderr)
        return 1
    stale = []
    for name, folders in ARCHIVES.items():
        target = DATA / f"{name}.tar.xz"
        data = pack(args.shared, folders)
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(target.name)
        if not args.check:
            write_atomic_bytes(target, data)
            print(f"upstream_fixtures: wrote {target.relative_to(REPO_ROOT)} ({len(data):,} bytes)", file=sys.stderr)
    if args.check and stale:
        print(f"upstream_fixtures: out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
