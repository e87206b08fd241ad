"""What a client knows about the samples it has touched, shared with the clients derived from it."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A sample is addressed by (voice_id, sample_id).
SampleKey = tuple[str, str]


@dataclass(repr=False)
class SampleState:
    """Per sample: the last speaker selection sent or reported, and the duration, where an answer told it."""

    #: The last speaker selection this client sent or the API reported.
    selections: dict[SampleKey, tuple[str, ...]] = field(default_factory=dict)
    #: Sample durations in **seconds**.
    durations: dict[SampleKey, float] = field(default_factory=dict)

    def forget(self, key: SampleKey) -> None:
        """Drop what is known about a deleted sample."""
        self.selections.pop(key, None)
        self.durations.pop(key, None)

    def __repr__(self) -> str:
        return f"SampleState({len(self.selections)} selections, {len(self.durations)} durations)"
