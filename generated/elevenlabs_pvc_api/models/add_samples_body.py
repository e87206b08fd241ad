from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="AddSamplesBody")


@_attrs_define
class AddSamplesBody:
    """
    Attributes:
        files (list[File]): Audio files used to create the voice.
        remove_background_noise (bool | Unset): If set will remove background noise for voice samples using our audio
            isolation model. If the samples do not include background noise, it can make the quality worse. Default: False.
    """

    files: list[File]
    remove_background_noise: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_tuple()

            files.append(files_item)

        remove_background_noise = self.remove_background_noise

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "files": files,
            }
        )
        if remove_background_noise is not UNSET:
            field_dict["remove_background_noise"] = remove_background_noise

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        for files_item_element in self.files:
            files.append(("files", files_item_element.to_tuple()))

        if not isinstance(self.remove_background_noise, Unset):
            files.append(("remove_background_noise", (None, str(self.remove_background_noise).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = File(payload=BytesIO(files_item_data))

            files.append(files_item)

        remove_background_noise = d.pop("remove_background_noise", UNSET)

        add_samples_body = cls(
            files=files,
            remove_background_noise=remove_background_noise,
        )

        add_samples_body.additional_properties = d
        return add_samples_body

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
