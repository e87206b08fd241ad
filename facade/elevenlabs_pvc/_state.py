"""What a client knows about the samples it has touched, shared with the clients derived from it."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

#: A sample is addressed by (voice_id, sample_id).
SampleKey = tuple[str, str]


@dataclass(repr=False)
class SampleState:
    """Per sample: the last speaker selection sent or reported, and the duration, where an answer told it."""

    #: The last speaker selection this client sent or the API reported.
    selections: dict[SampleKey, tuple[str, ...]] = field(default_factory=dict)
    #: Sample durations in **seconds**.
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

        locks = self._async_locks.setdefault(asyncio.get_running_loop(), {})
        return locks.setdefault(key, asyncio.Lock())

    def forget(self, key: SampleKey) -> None:
        """Drop what is known about a deleted sample."""
        self.selections.pop(key, None)
        self.durations.pop(key, None)

    def __repr__(self) -> str:
        return f"SampleState({len(self.selections)} selections, {len(self.durations)} durations)"
