"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from elevenlabs_pvc import _transport

from tests.helpers import PageFactory, page_text
from tests.mockapi import Harness, MockAPI


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


@pytest.fixture
def api() -> MockAPI:
    """A spec-validating mock of the API (see tests/mockapi.py)."""
    return MockAPI()


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, api: MockAPI) -> Harness:
    """Runs a test once with PVCClient and once with AsyncPVCClient."""
    return Harness(request.param, api)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the retry loop asked for; nothing actually waits."""
    delays: list[float] = []

    async def async_sleep(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(_transport, "_sleep", delays.append)
    monkeypatch.setattr(_transport, "_async_sleep", async_sleep)
    return delays
