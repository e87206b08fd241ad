"""Write the README's Python blocks, in order, as one module, for the type checkers of ``make lint``.

The blocks share one namespace when they run (``tests/test_readme.py``), so they are
type-checked as one module too: ``mypy --strict`` and pyright see exactly what a user
who copies them sees.  The module is written to ``--out`` (a temporary folder), never
into the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts.common import REPO_ROOT

README = REPO_ROOT / "README.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def module_text(readme: Path = README) -> str:
    """The Python blocks of ``readme`` as one module, each headed by the line it starts on."""
    text = readme.read_text(encoding="utf-8")
    parts = ['"""The Python blocks of README.md, in order: written by scripts/readme_blocks.py, do not edit."""\n']
    for match in _BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        parts.append(f"\n# README.md, the block at line {line}\n{match.group(1)}")
    return "".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the README's Python blocks as one module, for type checkers.")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write readme_blocks.py into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "readme_blocks.py"
    target.write_text(module_text(), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
