"""The command line: ``python -m scripts.spec_diff OLD NEW`` (see the package docstring)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from scripts.common import REPO_ROOT
from scripts.spec_diff import diff
from scripts.spec_diff.load import SPEC_IN_REPO, SpecInputError, load_spec
from scripts.spec_diff.report import as_json, markdown


def run(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two PVC specs; classify each change for API clients.")
    parser.add_argument("old", nargs="?", help="spec file, folder of pages, or git:REV")
    parser.add_argument("new", nargs="?", help="spec file, folder of pages, or git:REV")
    parser.add_argument("--git", metavar="REV", help=f"OLD is {SPEC_IN_REPO} at REV (NEW defaults to the working tree)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--fail-on", choices=("breaking",), help="exit 1 when a change of this severity is found")
    args = parser.parse_args(argv)
    if args.git:
        old_source, new_source = f"git:{args.git}", args.old or str(REPO_ROOT / SPEC_IN_REPO)
    else:
        if not args.old or not args.new:
            print("spec_diff: error: give OLD and NEW, or --git REV [NEW]", file=sys.stderr)
            return 2
        old_source, new_source = args.old, args.new
    try:
        old, new = load_spec(old_source), load_spec(new_source)
    except SpecInputError as error:
        print(f"spec_diff: error: {error}", file=sys.stderr)
        return 2
    changes = diff(old, new)
    sys.stdout.write(as_json(changes) if args.format == "json" else markdown(changes))
    if args.fail_on == "breaking" and any(c.severity == "breaking" for c in changes):
        return 1
    return 0
