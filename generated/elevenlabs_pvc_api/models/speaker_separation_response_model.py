from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.speaker_separation_response_model_status import SpeakerSeparationResponseModelStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.speaker_separation_response_model_speakers_type_0 import SpeakerSeparationResponseModelSpeakersType0


T = TypeVar("T", bound="SpeakerSeparationResponseModel")


@_attrs_define
class SpeakerSeparationResponseModel:
    """
    Attributes:
        voice_id (str): The ID of the voice.
        sample_id (str): The ID of the sample.
        status (SpeakerSeparationResponseModelStatus): The status of the speaker separation.
        speakers (None | SpeakerSeparationResponseModelSpeakersType0 | Unset): The speakers of the sample.
        selected_speaker_ids (list[str] | None | Unset): The IDs of the selected speakers.
    """

    voice_id: str
    sample_id: str
    status: SpeakerSeparationResponseModelStatus
    speakers: None | SpeakerSeparationResponseModelSpeakersType0 | Unset = UNSET
    selected_speaker_ids: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.speaker_separation_response_model_speakers_type_0 import (
            SpeakerSeparationResponseModelSpeakersType0,
        )

        voice_id = self.voice_id

        sample_id = self.sample_id

        status = self.status.value

        speakers: dict[str, Any] | None | Unset
        if isinstance(self.speakers, Unset):
            speakers = UNSET
        elif isinstance(self.speakers, SpeakerSeparationResponseModelSpeakersType0):
            speakers = self.speakers.to_dict()
        else:
            speakers = self.speakers

        selected_speaker_ids: list[str] | None | Unset
        if isinstance(self.selected_speaker_ids, Unset):
            selected_speaker_ids = UNSET
        elif isinstance(self.selected_speaker_ids, list):
            selected_speaker_ids = self.selected_speaker_ids

        else:
            selected_speaker_ids = self.selected_speaker_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "voice_id": voice_id,
                "sample_id": sample_id,
                "status": status,
            }
        )
        if speakers is not UNSET:
            field_dict["speakers"] = speakers
        if selected_speaker_ids is not UNSET:
            field_dict["selected_speaker_ids"] = selected_speaker_ids

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.speaker_separation_response_model_speakers_type_0 import (
            SpeakerSeparationResponseModelSpeakersType0,
        )

        d = dict(src_dict)
        voice_id = d.pop("voice_id")

        sample_id = d.pop("sample_id")

        status = SpeakerSeparationResponseModelStatus(d.pop("status"))

        def _parse_speakers(data: object) -> None | SpeakerSeparationResponseModelSpeakersType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                speakers_type_0 = SpeakerSeparationResponseModelSpeakersType0.from_dict(data)

                return speakers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SpeakerSeparationResponseModelSpeakersType0 | Unset, data)

        speakers = _parse_speakers(d.pop("speakers", UNSET))

        def _parse_selected_speaker_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                selected_speaker_ids_type_0 = cast(list[str], data)

                return selected_speaker_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        selected_speaker_ids = _parse_selected_speaker_ids(d.pop("selected_speaker_ids", UNSET))

        speaker_separation_response_model = cls(
            voice_id=voice_id,
            sample_id=sample_id,
            status=status,
            speakers=speakers,
            selected_speaker_ids=selected_speaker_ids,
        )

        speaker_separation_response_model.additional_properties = d
        return speaker_separation_response_model

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
