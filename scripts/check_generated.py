"""Fail when the committed spec or generated code differ from what the sources produce.

``make check`` runs this.  It merges ``openapi/sources/`` and generates the client into a
temporary folder, without touching the working tree, then compares the results with the
committed ``openapi/elevenlabs-pvc.yaml`` and ``generated/``, the modules that ``scripts/from_spec.py``
writes (``facade/elevenlabs_pvc/types.py`` and ``regions.py``), and the sync client that
``scripts/unasync.py`` writes from the async one (``facade/elevenlabs_pvc/_sync/``), and the README's
table of drift rules (``scripts/readme_rules.py``).  Any
difference (a hand edit, a forgotten ``make generate``, a different tool version) is printed as
a unified diff and exits 1.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from scripts import from_spec, generate, merge_spec, readme_rules, unasync

IGNORED_PARTS = {"__pycache__", ".ruff_cache", ".mypy_cache"}
MAX_DIFF_LINES = 400


def _files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in root.rglob("*")
        if path.is_file() and not IGNORED_PARTS.intersection(path.relative_to(root).parts)
    }


def _read(path: Path | None) -> list[str]:
    if path is None:
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)


def text_diff(expected: str, actual: str, name: str) -> list[str]:
    """A unified diff from what the sources produce (``expected``) to what is committed."""
    return list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{name} (from sources)",
            tofile=f"{name} (committed)",
        )
    )


def tree_diff(expected: Path, actual: Path, label: str) -> Iterator[str]:
    """Unified diffs, file by file, from the ``expected`` tree to the ``actual`` one."""
    expected_files, actual_files = _files(expected), _files(actual)
    for name in sorted(set(expected_files) | set(actual_files)):
        old, new = expected_files.get(name), actual_files.get(name)
        if old is not None and new is not None and old.read_bytes() == new.read_bytes():
            continue
        yield from difflib.unified_diff(
            _read(old),
            _read(new),
            fromfile=f"{label}/{name} (from sources)" if old else "/dev/null",
            tofile=f"{label}/{name} (committed)" if new else "/dev/null",
        )
        if old is None or new is None:
            yield f"{'missing' if new is None else 'extra'} file: {label}/{name}\n"


def check(
    sources: Path = merge_spec.DEFAULT_SOURCES,
    spec: Path = merge_spec.DEFAULT_OUTPUT,
    generated: Path = generate.DEFAULT_OUTPUT,
    sync: Path = unasync.TARGET,
) -> list[str]:
    """Return the diff lines between the committed files and freshly produced ones (empty when in sync)."""
    expected_spec = merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(sources), notice=lambda _: None))
    committed_spec = spec.read_text(encoding="utf-8") if spec.exists() else ""
    lines = text_diff(expected_spec, committed_spec, "openapi/elevenlabs-pvc.yaml")
    with tempfile.TemporaryDirectory(prefix="elevenlabs-pvc-check.") as scratch:
        fresh_spec = Path(scratch) / "elevenlabs-pvc.yaml"
        fresh_spec.write_text(expected_spec, encoding="utf-8")
        fresh_tree = Path(scratch) / "generated"
        generate.generate_tree(fresh_spec, fresh_tree)
        lines.extend(tree_diff(fresh_tree, generated, "generated"))
        lines.extend(from_spec.differences(from_spec.render(fresh_spec)))
        places = unasync.render(Path(scratch) / "unasync")
        places = {
            fresh: sync / place.name if place.parent == unasync.TARGET else place for fresh, place in places.items()
        }
        lines.extend(unasync.differences(places, sync))
    lines.extend(readme_rules.differences())
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Fail when openapi/elevenlabs-pvc.yaml, generated/ or the sync client differ from their sources."
    )
    parser.parse_args(argv)
    try:
        lines = check()
    except (merge_spec.MergeError, generate.GenerationError, from_spec.FromSpecError, readme_rules.ReadmeError) as e:
        print(f"check: error: {e}", file=sys.stderr)
        return 1
    if not lines:
        print("check: openapi/elevenlabs-pvc.yaml and generated/ match the sources")
        return 0
    sys.stdout.writelines(lines[:MAX_DIFF_LINES])
    if len(lines) > MAX_DIFF_LINES:
        print(f"... {len(lines) - MAX_DIFF_LINES} more diff lines")
    print(
        "\ncheck: the committed spec or generated code differ from what the sources produce.\n"
        "Never edit openapi/elevenlabs-pvc.yaml, generated/ or what scripts write in facade/elevenlabs_pvc/ "
        "(_sync/, _async/raw.py, types.py, regions.py) by hand: run `make generate` and commit the result.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
