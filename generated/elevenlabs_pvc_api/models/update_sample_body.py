from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateSampleBody")


@_attrs_define
class UpdateSampleBody:
    """
    Attributes:
        remove_background_noise (bool | Unset): If set will remove background noise for voice samples using our audio
            isolation model. If the samples do not include background noise, it can make the quality worse. Default: False.
        selected_speaker_ids (list[str] | None | Unset): Speaker IDs to be used for PVC training. Make sure you send all
            the speaker IDs you want to use for PVC training in one request because the last request will override the
            previous ones.
        trim_start_time (int | None | Unset): The start time of the audio to be used for PVC training. Time should be in
            milliseconds
        trim_end_time (int | None | Unset): The end time of the audio to be used for PVC training. Time should be in
            milliseconds
        file_name (None | str | Unset): The name of the audio file to be used for PVC training.
    """

    remove_background_noise: bool | Unset = False
    selected_speaker_ids: list[str] | None | Unset = UNSET
    trim_start_time: int | None | Unset = UNSET
    trim_end_time: int | None | Unset = UNSET
    file_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        remove_background_noise = self.remove_background_noise

        selected_speaker_ids: list[str] | None | Unset
        if isinstance(self.selected_speaker_ids, Unset):
            selected_speaker_ids = UNSET
        elif isinstance(self.selected_speaker_ids, list):
            selected_speaker_ids = self.selected_speaker_ids

        else:
            selected_speaker_ids = self.selected_speaker_ids

        trim_start_time: int | None | Unset
        if isinstance(self.trim_start_time, Unset):
            trim_start_time = UNSET
        else:
            trim_start_time = self.trim_start_time

        trim_end_time: int | None | Unset
        if isinstance(self.trim_end_time, Unset):
            trim_end_time = UNSET
        else:
            trim_end_time = self.trim_end_time

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if remove_background_noise is not UNSET:
            field_dict["remove_background_noise"] = remove_background_noise
        if selected_speaker_ids is not UNSET:
            field_dict["selected_speaker_ids"] = selected_speaker_ids
        if trim_start_time is not UNSET:
            field_dict["trim_start_time"] = trim_start_time
        if trim_end_time is not UNSET:
            field_dict["trim_end_time"] = trim_end_time
        if file_name is not UNSET:
            field_dict["file_name"] = file_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        remove_background_noise = d.pop("remove_background_noise", UNSET)

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

        def _parse_trim_start_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        trim_start_time = _parse_trim_start_time(d.pop("trim_start_time", UNSET))

        def _parse_trim_end_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        trim_end_time = _parse_trim_end_time(d.pop("trim_end_time", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        update_sample_body = cls(
            remove_background_noise=remove_background_noise,
            selected_speaker_ids=selected_speaker_ids,
            trim_start_time=trim_start_time,
            trim_end_time=trim_end_time,
            file_name=file_name,
        )

        update_sample_body.additional_properties = d
        return update_sample_body

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
