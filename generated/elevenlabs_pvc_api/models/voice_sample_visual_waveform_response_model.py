from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VoiceSampleVisualWaveformResponseModel")


@_attrs_define
class VoiceSampleVisualWaveformResponseModel:
    """
    Attributes:
        sample_id (str): The ID of the sample.
        visual_waveform (list[float]): The visual waveform of the sample, represented as a list of floats.
    """

    sample_id: str
    visual_waveform: list[float]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sample_id = self.sample_id

        visual_waveform = self.visual_waveform

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sample_id": sample_id,
                "visual_waveform": visual_waveform,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sample_id = d.pop("sample_id")

        visual_waveform = cast(list[float], d.pop("visual_waveform"))

        voice_sample_visual_waveform_response_model = cls(
            sample_id=sample_id,
            visual_waveform=visual_waveform,
        )

        voice_sample_visual_waveform_response_model.additional_properties = d
        return voice_sample_visual_waveform_response_model

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
