# Written by scripts/from_spec.py from openapi/elevenlabs-pvc.yaml and openapi/result-types.yaml: do not edit.
# Change those files and run `make generate`; `make check` fails when this file differs.
"""What the client returns: small frozen dataclasses, with ``None`` where the API said nothing.

The generated models (``elevenlabs_pvc_api.models``) type every optional field as ``X | None | Unset``,
so a type checker asks users to rule out ``Unset`` before using a duration.  The client builds these
from them instead: a field the API left out or sent as ``null`` is ``None``, an absent list is empty,
and a map (the speakers of a separation) is a read-only ``Mapping``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from elevenlabs_pvc_api.types import Unset

__all__ = ["Sample", "Separation", "SeparationStatus", "Speaker", "Utterance"]

T = TypeVar("T")


def _known(value: Any) -> Any:
    """``None`` for the generated models' ``UNSET``; the value otherwise."""
    return None if isinstance(value, Unset) else value


def _number(value: Any) -> float | None:
    return None if (value := _known(value)) is None else float(value)


def _optional(convert: Callable[[Any], T], value: Any) -> T | None:
    return None if (value := _known(value)) is None else convert(value)


def _mapping(convert: Callable[[Any], T], value: Any) -> Mapping[str, T]:
    found = _known(value).additional_properties if _known(value) else {}
    return MappingProxyType({key: convert(item) for key, item in found.items()})


def _no_mapping() -> Mapping[str, Any]:
    return MappingProxyType({})


class SeparationStatus(StrEnum):
    """Where speaker separation of a sample stands (a ``str``: ``status == "completed"`` works)."""

    NOT_STARTED = "not_started"
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"


@dataclass(frozen=True)
class Utterance:
    """A stretch of speech, in **seconds** from the start of the sample.

    Attributes:
        start: the start time of the utterance in seconds.
        end: the end time of the utterance in seconds.
    """

    start: float
    end: float

    @classmethod
    def from_model(cls, model: Any) -> Utterance:
        """From a generated ``UtteranceResponseModel``."""
        return cls(
            start=float(model.start),
            end=float(model.end),
        )


@dataclass(frozen=True)
class Speaker:
    """One speaker found by separation.

    Attributes:
        speaker_id: the ID to select (``"SPEAKER_1"``).
        duration_secs: how long they speak, in **seconds**.
        utterances: when they speak.
        sample_duration_secs: the length of the whole sample in **seconds**, when the client knows it;
            :func:`~elevenlabs_pvc.trim_window` keeps a padded window inside it.
    """

    speaker_id: str
    duration_secs: float
    utterances: tuple[Utterance, ...] = ()
    sample_duration_secs: float | None = None

    @classmethod
    def from_model(cls, model: Any) -> Speaker:
        """From a generated ``SpeakerResponseModel``."""
        return cls(
            speaker_id=model.speaker_id,
            duration_secs=float(model.duration_secs),
            utterances=tuple(map(Utterance.from_model, _known(model.utterances) or ())),
        )


@dataclass(frozen=True)
class Separation:
    """The speaker separation status of a sample.

    Attributes:
        voice_id: the ID of the voice.
        sample_id: the ID of the sample.
        status: ``not_started``, ``pending``, ``completed`` or ``failed`` (a ``str`` enum).
        speakers: the speakers by ID, once separation has completed (empty before).
        selected_speaker_ids: the speakers selected for training (empty when none).
    """

    voice_id: str
    sample_id: str
    status: SeparationStatus
    speakers: Mapping[str, Speaker] = field(default_factory=_no_mapping)
    selected_speaker_ids: tuple[str, ...] = ()

    @classmethod
    def from_model(cls, model: Any) -> Separation:
        """From a generated ``SpeakerSeparationResponseModel``."""
        return cls(
            voice_id=model.voice_id,
            sample_id=model.sample_id,
            status=SeparationStatus(str(model.status)),
            speakers=_mapping(Speaker.from_model, model.speakers),
            selected_speaker_ids=tuple(_known(model.selected_speaker_ids) or ()),
        )


@dataclass(frozen=True)
class Sample:
    """A sample of a PVC voice, as ``samples.create`` returns it.

    Attributes:
        sample_id: the ID of the sample.
        file_name: the name of the sample file.
        mime_type: the MIME type of the sample file.
        size_bytes: the size of the sample file in bytes.
        hash: the hash of the sample file.
        duration_secs: the length of the sample in **seconds**.
        remove_background_noise: whether the API's audio isolation is applied to it.
        has_isolated_audio: whether the audio with background noise removed exists.
        has_isolated_audio_preview: whether a preview of that audio exists.
        speaker_separation: the speaker separation status, if the API sent one.
        trim_start: where the trim window starts, in **milliseconds**.
        trim_end: where the trim window ends, in **milliseconds**.
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
        return cls(
            sample_id=model.sample_id,
            file_name=model.file_name,
            mime_type=model.mime_type,
            size_bytes=model.size_bytes,
            hash=model.hash_,
            duration_secs=_number(model.duration_secs),
            remove_background_noise=_known(model.remove_background_noise),
            has_isolated_audio=_known(model.has_isolated_audio),
            has_isolated_audio_preview=_known(model.has_isolated_audio_preview),
            speaker_separation=_optional(Separation.from_model, model.speaker_separation),
            trim_start=_known(model.trim_start),
            trim_end=_known(model.trim_end),
        )
