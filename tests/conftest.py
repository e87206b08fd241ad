"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import PageFactory, page_text


@pytest.fixture
def write_page(tmp_path: Path) -> PageFactory:
    """Write a page with the given YAML block into ``tmp_path/sources`` and return its path."""
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)

    def write(name: str, yaml_block: str) -> Path:
        path = folder / name
        path.write_text(page_text(yaml_block), encoding="utf-8")
        return path

    return write
