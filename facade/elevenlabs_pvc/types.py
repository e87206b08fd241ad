"""What the client returns: small frozen dataclasses, with ``None`` where the API said nothing.

The generated models (``elevenlabs_pvc_api.models``) type every optional field as
``X | None | Unset``, so a type checker asks users to rule out ``Unset`` before using a
duration.  The client builds these from them instead: a field the API left out or sent
as ``null`` is ``None``, an absent list is empty, and the speakers of a separation are
a read-only ``Mapping`` by speaker ID.  Times are in **seconds**, as the API reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from elevenlabs_pvc_api.types import Unset

__all__ = ["Sample", "Separation", "SeparationStatus", "Speaker", "Utterance"]


class SeparationStatus(StrEnum):
    """Where speaker separation of a sample stands (a ``str``: ``status == "completed"`` works)."""

    NOT_STARTED = "not_started"
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


def _known(value: Any) -> Any:
    """``None`` for the generated models' ``UNSET``; the value otherwise."""
    return None if isinstance(value, Unset) else value


@dataclass(frozen=True)
class Utterance:
    """A stretch of speech, in **seconds** from the start of the sample."""

    start: float
    end: float


@dataclass(frozen=True)
class Speaker:
    """One speaker found by separation.

    Attributes:
        speaker_id: the ID to select (``"SPEAKER_1"``).
        duration_secs: how long they speak, in **seconds**.
        utterances: when they speak.
        sample_duration_secs: the length of the whole sample in **seconds**, when the client knows
            it; :func:`~elevenlabs_pvc.trim_window` keeps a padded window inside it.
    """

    speaker_id: str
    duration_secs: float
    utterances: tuple[Utterance, ...] = ()
    sample_duration_secs: float | None = None

    @classmethod
    def from_model(cls, model: Any, sample_duration_secs: float | None) -> Speaker:
        """From a generated ``SpeakerResponseModel``."""
        utterances = tuple(Utterance(u.start, u.end) for u in _known(model.utterances) or ())
        return cls(model.speaker_id, model.duration_secs, utterances, sample_duration_secs)


@dataclass(frozen=True)
class Separation:
    """The speaker separation status of a sample.

    Attributes:
        voice_id, sample_id: the sample.
        status: ``not_started``, ``pending``, ``completed`` or ``failed`` (a ``str`` enum).
        speakers: the speakers by ID, once separation has completed (empty before).
        selected_speaker_ids: the speakers selected for training (empty when none).
    """

    voice_id: str
    sample_id: str
    status: SeparationStatus
    speakers: Mapping[str, Speaker] = field(default_factory=lambda: MappingProxyType({}))
    selected_speaker_ids: tuple[str, ...] = ()

    @classmethod
    def from_model(cls, model: Any, sample_duration_secs: float | None = None) -> Separation:
        """From a generated ``SpeakerSeparationResponseModel``."""
        found = _known(model.speakers)
        speakers = {
            key: Speaker.from_model(value, sample_duration_secs)
            for key, value in (found.additional_properties.items() if found else ())
        }
        selected = tuple(_known(model.selected_speaker_ids) or ())
        status = SeparationStatus(str(model.status))
        return cls(model.voice_id, model.sample_id, status, MappingProxyType(speakers), selected)

    def with_sample_duration(self, seconds: float | None) -> Separation:
        """The same status, its speakers knowing the sample's duration (``None`` changes nothing)."""
        if seconds is None:
            return self
        speakers = {key: replace(speaker, sample_duration_secs=seconds) for key, speaker in self.speakers.items()}
        return replace(self, speakers=MappingProxyType(speakers))


@dataclass(frozen=True)
class Sample:
    """A sample of a PVC voice, as ``samples.create`` returns it (``None`` where the API said nothing).

    Attributes:
        sample_id, file_name, mime_type, size_bytes, hash: what was stored.
        duration_secs: the length in **seconds**.
        remove_background_noise, has_isolated_audio, has_isolated_audio_preview: noise removal.
        speaker_separation: the separation status, if the API sent one.
        trim_start, trim_end: the trim window in **milliseconds**.
    """

    sample_id: str
    file_name: str
    mime_type: str
    size_bytes: int
    hash: str
    duration_secs: float | None = None
    remove_background_noise: bool | None = None
    has_isolated_audio: bool | None = None
    has_isolated_audio_preview: bool | None = None
    speaker_separation: Separation | None = None
    trim_start: int | None = None
    trim_end: int | None = None

    @classmethod
    def from_model(cls, model: Any) -> Sample:
        """From a generated ``SampleResponseModel``."""
        duration = _known(model.duration_secs)
        separation = _known(model.speaker_separation)
        return cls(
            model.sample_id,
            model.file_name,
            model.mime_type,
            model.size_bytes,
            model.hash_,
            None if duration is None else float(duration),
            _known(model.remove_background_noise),
            _known(model.has_isolated_audio),
            _known(model.has_isolated_audio_preview),
            None if separation is None else Separation.from_model(separation, duration),
            _known(model.trim_start),
            _known(model.trim_end),
        )
