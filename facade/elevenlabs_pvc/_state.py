"""What a client (and those ``with_options`` derives) keeps across calls: samples it knows, its clock."""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

    from elevenlabs_pvc.types import Separation

#: A sample is addressed by (voice_id, sample_id).
SampleKey = tuple[str, str]
monotonic = time.monotonic
sleep = time.sleep


async def async_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported on first use so that ``import elevenlabs_pvc`` does not pay for asyncio."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(repr=False)
class SampleState:
    """Per sample: the last speaker selection sent or reported, and the duration (**seconds**) an answer told."""

    selections: dict[SampleKey, tuple[str, ...]] = field(default_factory=dict)
    durations: dict[SampleKey, float] = field(default_factory=dict)
    _locks: dict[SampleKey, threading.Lock] = field(default_factory=dict)
    #: asyncio locks belong to one event loop: per loop, per sample.
    _async_locks: weakref.WeakKeyDictionary[Any, dict[SampleKey, asyncio.Lock]] = field(
        default_factory=weakref.WeakKeyDictionary
    )

    def lock(self, key: SampleKey) -> threading.Lock:
        """The lock that serializes read-then-write helpers on one sample across threads."""
        return self._locks.setdefault(key, threading.Lock())

    def async_lock(self, key: SampleKey) -> asyncio.Lock:
        """The lock that serializes read-then-write helpers on one sample across the tasks of a loop."""
        import asyncio

        return self._async_locks.setdefault(asyncio.get_running_loop(), {}).setdefault(key, asyncio.Lock())

    def with_duration(self, key: SampleKey, separation: Separation) -> Separation:
        """``separation`` with its speakers knowing the sample's duration, when this client knows it."""
        if (seconds := self.durations.get(key)) is None:
            return separation
        speakers = {
            name: replace(speaker, sample_duration_secs=seconds) for name, speaker in separation.speakers.items()
        }
        return replace(separation, speakers=MappingProxyType(speakers))

    def forget(self, key: SampleKey) -> None:
        """Drop what is known about a deleted sample."""
        self.selections.pop(key, None)
        self.durations.pop(key, None)
