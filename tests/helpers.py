"""Helpers shared by the tests: repository paths and documentation-page text."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = REPO_ROOT / "openapi" / "sources"
SPEC_PATH = REPO_ROOT / "openapi" / "elevenlabs-pvc.yaml"

PageFactory = Callable[[str, str], Path]


def page_text(yaml_block: str, title: str = "Some page") -> str:
    """A documentation page in the layout of the real ones, around one YAML block."""
    return (
        f"# {title}\n\nSome prose.\n\n## OpenAPI Specification\n\n```yaml\n{textwrap.dedent(yaml_block).strip()}\n```\n"
        "\n## SDK Code Examples\n\n```python\nprint('hi')\n```\n"
    )
