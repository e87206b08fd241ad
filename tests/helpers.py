"""Helpers shared by the tests: repository paths and documentation-page text."""

from __future__ import annotations

import socket
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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
