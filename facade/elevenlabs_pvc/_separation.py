"""The logic of ``speakers.wait`` and ``speakers.select``, shared by the async and sync resources.

Nothing here sends a request: the resources poll and update; this module decides when a wait
is over, how long to sleep, and which selection to write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from elevenlabs_pvc_api.models import (
    SpeakerResponseModel,
    SpeakerSeparationResponseModel,
    SpeakerSeparationResponseModelStatus,
)

from elevenlabs_pvc import _clock
from elevenlabs_pvc._state import SampleKey
from elevenlabs_pvc.errors import (
    InvalidArgumentError,
    SpeakerSeparationError,
    SpeakerSeparationFailedError,
    SpeakerSeparationTimeoutError,
)
from elevenlabs_pvc.validation import speaker_ids

#: Called with each status report while waiting.
ProgressCallback = Callable[[SpeakerSeparationResponseModel], None]

_COMPLETED: Final = SpeakerSeparationResponseModelStatus.COMPLETED
_FAILED: Final = SpeakerSeparationResponseModelStatus.FAILED
#: Polling slows down by this factor after each report, up to ``_MAX_POLL_INTERVAL`` seconds.
_BACKOFF: Final = 1.5
_MAX_POLL_INTERVAL: Final = 30.0


def speakers_of(status: SpeakerSeparationResponseModel) -> dict[str, SpeakerResponseModel]:
    """The speakers of a separation status by ID (empty until separation has completed)."""
    speakers = status.speakers
    return dict(speakers.additional_properties) if speakers else {}


class Waiting:
    """The bookkeeping of ``wait``: when to poll next, and when a report ends the wait (times in seconds)."""

    def __init__(self, key: SampleKey, timeout: float, poll_interval: float) -> None:
        for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise InvalidArgumentError(name, value, f"{name} must be a number of seconds >= 0, got {value!r}")
        if poll_interval == 0:
            raise InvalidArgumentError("poll_interval", poll_interval, "poll_interval must be > 0 seconds")
        self.key = key
        self.timeout = float(timeout)
        self.deadline = _clock.monotonic() + self.timeout
        self.interval = float(poll_interval)

    def done(self, status: SpeakerSeparationResponseModel) -> bool:
        """True when separation has completed; raises when it failed."""
        if status.status == _COMPLETED:
            return True
        if status.status == _FAILED:
            raise SpeakerSeparationFailedError(
                f"speaker separation of sample {self.key[1]!r} of voice {self.key[0]!r} failed", status
            )
        return False

    def next_delay(self, status: SpeakerSeparationResponseModel) -> float:
        """Seconds to sleep before the next poll; raises when the time is up."""
        remaining = self.deadline - _clock.monotonic()
        if remaining <= 0:
            raise SpeakerSeparationTimeoutError(
                f"speaker separation of sample {self.key[1]!r} is still {status.status.value!r} "
                f"after {self.timeout:g} s",
                status,
            )
        delay = min(self.interval, remaining)
        self.interval = min(self.interval * _BACKOFF, _MAX_POLL_INTERVAL)
        return delay


def check_selection_arguments(add: object, remove: object, only: object) -> dict[str, list[str]]:
    """The checked ``add``/``remove``/``only`` lists of ``select``, before anything is read."""
    if only is not None and (add is not None or remove is not None):
        raise InvalidArgumentError("only", only, "pass only=..., or add=... and/or remove=..., not both")
    if only is None and add is None and remove is None:
        raise InvalidArgumentError("add", add, "pass add=..., remove=... or only=... to say what to select")
    return {name: speaker_ids(value) or [] for name, value in (("add", add), ("remove", remove), ("only", only))}


def plan_selection(
    key: SampleKey, status: SpeakerSeparationResponseModel, lists: dict[str, list[str]], *, only: bool
) -> tuple[list[str], list[str]]:
    """The (current, new) selection for ``select``, after checking every ID against the separation."""
    if status.status != _COMPLETED:
        raise SpeakerSeparationError(
            f"cannot select speakers of sample {key[1]!r}: speaker separation is {status.status.value!r}, "
            "not 'completed' (start it with speakers.separate() and wait with speakers.wait())"
        )
    known = speakers_of(status)
    for name, ids in lists.items():
        unknown = [speaker for speaker in ids if speaker not in known]
        if unknown:
            raise InvalidArgumentError(
                name, unknown, f"{name}: unknown speaker IDs {unknown}; sample {key[1]!r} has {sorted(known)}"
            )
    both = set(lists["add"]) & set(lists["remove"])
    if both:
        raise InvalidArgumentError("add", sorted(both), f"speaker IDs both added and removed: {sorted(both)}")
    current = list(status.selected_speaker_ids or [])
    if only:
        return current, lists["only"]
    kept = [speaker for speaker in current if speaker not in lists["remove"]]
    return current, kept + [speaker for speaker in lists["add"] if speaker not in kept]
