from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SpeakerAudioResponseModel")


@_attrs_define
class SpeakerAudioResponseModel:
    """
    Attributes:
        audio_base_64 (str): The base64 encoded audio.
        media_type (str): The media type of the audio.
        duration_secs (float): The duration of the audio in seconds.
    """

    audio_base_64: str
    media_type: str
    duration_secs: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audio_base_64 = self.audio_base_64

        media_type = self.media_type

        duration_secs = self.duration_secs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audio_base_64": audio_base_64,
                "media_type": media_type,
                "duration_secs": duration_secs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        audio_base_64 = d.pop("audio_base_64")

        media_type = d.pop("media_type")

        duration_secs = d.pop("duration_secs")

        speaker_audio_response_model = cls(
            audio_base_64=audio_base_64,
            media_type=media_type,
            duration_secs=duration_secs,
        )

        speaker_audio_response_model.additional_properties = d
        return speaker_audio_response_model

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
