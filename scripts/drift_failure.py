"""The body of the issue a failed drift run opens or updates: ``python -m scripts.drift_failure --log FILE``.

The weekly ``api-drift`` workflow runs unattended; when it fails, nobody would look at the Actions
tab.  It then pipes this script's output into one issue (labelled ``api-drift-failed``): what failed,
a link to the run, and the last lines of the log.  The log holds text from the documentation site
(error messages quote URLs and pages), so it goes into a fenced block that nothing in it can close:
no mention, HTML or link in it is live (``scripts/markdown_safe.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from scripts import markdown_safe as md

#: The log lines quoted: enough for the error and what led to it.
TAIL_LINES = 40
#: The most a quoted line may hold (a minified page in an error must not fill the issue).
MAX_LINE = 400


def body(log: str, run_url: str | None = None, tail: int = TAIL_LINES) -> str:
    """The issue body: what failed, where to look, the last ``tail`` lines of ``log``."""
    lines = [line if len(line) <= MAX_LINE else line[:MAX_LINE] + " [...]" for line in log.splitlines()[-tail:]]
    errors = [line for line in lines if ": error: " in line]
    summary = md.plain(errors[-1]) if errors else "the run failed before `make update-spec` reported an error"
    parts = [
        "The weekly API drift run failed, so the PVC pages were not refreshed and no drift pull request was opened.",
        "",
        f"**Why:** {summary}",
        "",
    ]
    if run_url:
        parts += [f"Run: {run_url}", ""]
    parts += [f"The last {len(lines)} lines of the log:", "", md.fence("\n".join(lines) or "(empty log)")]
    parts += [
        "Fix the cause, then run the workflow again from the Actions tab; close this issue once a run passes.",
        "Later failures add a comment here instead of a new issue.",
    ]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the body of the issue a failed API drift run opens.")
    parser.add_argument("--log", type=Path, required=True, help="the run's log (missing: said so)")
    parser.add_argument("--run-url", help="the link to the workflow run")
    args = parser.parse_args(argv)
    try:
        log = args.log.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        log = f"(no log: {error.strerror})"
    sys.stdout.write(body(log, args.run_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
