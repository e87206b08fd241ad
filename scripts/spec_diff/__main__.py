"""``python -m scripts.spec_diff``: the drift report's command line."""

import sys

from scripts.spec_diff.cli import run

sys.exit(run())
