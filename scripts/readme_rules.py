"""Write the README's table of drift rules from the registry (``scripts/spec_diff/rules.py``).

``make generate`` runs this; ``make check`` fails when the table in README.md differs from what the
registry gives.  The table stands between two HTML comments, the first of which says it is written
here: edit the registry, never the table.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts.common import REPO_ROOT, write_atomic
from scripts.spec_diff.rules import rules_table

README = REPO_ROOT / "README.md"
BEGIN = "<!-- The rules table: written by scripts/readme_rules.py from scripts/spec_diff/rules.py. Do not edit. -->\n"
END = "<!-- End of the rules table. -->\n"


class ReadmeError(Exception):
    """The README has no place for the table (its two markers are missing or out of order)."""


def render(text: str) -> str:
    """``text`` (the README) with the table between its markers written from the registry."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ReadmeError(f"README.md: the markers of the rules table are missing:\n{BEGIN}{END}")
    return text[: start + len(BEGIN)] + "\n" + rules_table() + "\n" + text[end:]


def differences(readme: Path = README) -> list[str]:
    """The diff from the README as the registry writes it to the committed one (empty when they agree)."""
    committed = readme.read_text(encoding="utf-8")
    expected = render(committed)
    return list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            committed.splitlines(keepends=True),
            fromfile="README.md (from scripts/spec_diff/rules.py)",
            tofile="README.md (committed)",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the README's table of drift rules from the rule registry.")
    parser.parse_args(argv)
    try:
        text = README.read_text(encoding="utf-8")
        written = render(text)
    except ReadmeError as error:
        print(f"readme_rules: error: {error}", file=sys.stderr)
        return 1
    if written != text:
        write_atomic(README, written)
    print("readme_rules: README.md's rules table matches scripts/spec_diff/rules.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
