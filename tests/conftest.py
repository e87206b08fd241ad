"""Shared fixtures."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from elevenlabs_pvc import (
    _state,
)
from tests.factories import Stalling
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
def api() -> Iterator[MockAPI]:
    """A spec-validating mock of the API (see tests/mockapi.py); fails the test on any refused request."""
    mock = MockAPI()
    yield mock
    assert not mock.violations, mock.violations


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, api: MockAPI) -> Harness:
    """Runs a test once with PVCClient and once with AsyncPVCClient."""
    return Harness(request.param, api)


class FakeClock:
    """Time that passes only when something sleeps: waiting is instant and deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay

    async def async_sleep(self, delay: float) -> None:
        self.sleep(delay)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Replace every sleep of the client (retries, polling) and the clock of ``wait``."""
    fake = FakeClock()
    monkeypatch.setattr(_state, "sleep", fake.sleep)
    monkeypatch.setattr(_state, "async_sleep", fake.async_sleep)
    monkeypatch.setattr(_state, "monotonic", fake.monotonic)
    return fake


@pytest.fixture
def sleeps(clock: FakeClock) -> list[float]:
    """The delays the client asked to sleep for (nothing actually waits)."""
    return clock.sleeps


@pytest.fixture(params=["stall", "drip"])
def stalling(request: pytest.FixtureRequest) -> Iterator[Stalling]:
    server = Stalling(request.param)
    yield server
    server.close()


@pytest.fixture
def real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real clock and sleeps (the suite's fake clock only moves when something sleeps)."""
    import asyncio

    monkeypatch.setattr(_state, "monotonic", time.monotonic)
    monkeypatch.setattr(_state, "sleep", time.sleep)
    monkeypatch.setattr(_state, "async_sleep", asyncio.sleep)
