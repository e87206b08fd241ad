"""Units: the API reports utterances in seconds but takes trims in milliseconds; convert with these.

``trim_window`` spans a speaker's utterances from the first start to the last end: the API has one
trim window per sample, so everything between the speaker's turns stays inside it (the speaker
selection tells the API whose voice to train on)::

    window = trim_window(status.speakers["SPEAKER_1"], padding_ms=250)
    client.samples.update(voice_id, sample_id, **window.as_update_kwargs())
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypedDict

from elevenlabs_pvc.errors import InvalidArgumentError
from elevenlabs_pvc.types import Speaker

__all__ = ["TrimKwargs", "TrimWindow", "ms_to_seconds", "seconds_to_ms", "trim_window"]


def seconds_to_ms(seconds: float) -> int:
    """Seconds (as the API reports durations and utterances) to whole milliseconds, rounded to nearest."""
    return round(seconds * 1000)


def ms_to_seconds(milliseconds: int) -> float:
    """Milliseconds (as trims are given) to seconds."""
    return milliseconds / 1000


class _Utterance(Protocol):
    start: float
    end: float


class TrimKwargs(TypedDict):
    """The trim arguments of ``samples.update``, in milliseconds."""

    trim_start_time: int
    trim_end_time: int


@dataclass(frozen=True)
class TrimWindow:
    """A trim window in **milliseconds**, ready for ``samples.update``."""

    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        """The length of the window in milliseconds."""
        return self.end_ms - self.start_ms

    def as_update_kwargs(self) -> TrimKwargs:
        """``{"trim_start_time": ..., "trim_end_time": ...}`` for ``client.samples.update(**...)``."""
        return {"trim_start_time": self.start_ms, "trim_end_time": self.end_ms}


def trim_window(
    speaker_or_utterances: Speaker | Iterable[_Utterance], *, padding_ms: int = 0, duration_secs: float | None = None
) -> TrimWindow:
    """The trim window, in milliseconds, from a speaker's first utterance to their last.

    Args:
        speaker_or_utterances: a :class:`~elevenlabs_pvc.Speaker` from the separation status (its
            ``utterances`` are used) or the utterances themselves; their ``start``/``end`` are in **seconds**.
        padding_ms: milliseconds added before the first and after the last utterance.
        duration_secs: the sample's duration in **seconds**, to keep the padded end inside it; by
            default the speaker's ``sample_duration_secs`` (set when the client knows the sample's length).

    Raises:
        InvalidArgumentError: no utterances, or a negative ``padding_ms``.
    """
    if padding_ms < 0:
        raise InvalidArgumentError("padding_ms", padding_ms, f"padding_ms must be >= 0, got {padding_ms!r}")
    utterances = getattr(speaker_or_utterances, "utterances", speaker_or_utterances)
    if duration_secs is None:
        duration_secs = getattr(speaker_or_utterances, "sample_duration_secs", None)
    spans = [(u.start, u.end) for u in utterances] if isinstance(utterances, Iterable) else []
    if not spans:
        raise InvalidArgumentError(
            "utterances", utterances, "the speaker has no utterances to build a trim window from"
        )
    start_ms = max(0, math.floor(min(start for start, _ in spans) * 1000) - padding_ms)
    end_ms = math.ceil(max(end for _, end in spans) * 1000) + padding_ms
    if duration_secs is not None:
        end_ms = min(end_ms, math.floor(duration_secs * 1000))
    if end_ms <= start_ms:
        message = f"the utterances give an empty window ({start_ms}-{end_ms} ms)"
        raise InvalidArgumentError("utterances", utterances, message)
    return TrimWindow(start_ms, end_ms)
