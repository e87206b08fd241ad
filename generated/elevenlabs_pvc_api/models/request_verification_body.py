from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="RequestVerificationBody")


@_attrs_define
class RequestVerificationBody:
    """
    Attributes:
        files (list[File]): Verification documents
        extra_text (None | str | Unset): Extra text to be used in the manual verification process.
    """

    files: list[File]
    extra_text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_tuple()

            files.append(files_item)

        extra_text: None | str | Unset
        if isinstance(self.extra_text, Unset):
            extra_text = UNSET
        else:
            extra_text = self.extra_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "files": files,
            }
        )
        if extra_text is not UNSET:
            field_dict["extra_text"] = extra_text

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        for files_item_element in self.files:
            files.append(("files", files_item_element.to_tuple()))

        if not isinstance(self.extra_text, Unset):
            if isinstance(self.extra_text, str):
                files.append(("extra_text", (None, str(self.extra_text).encode(), "text/plain")))
            else:
                files.append(("extra_text", (None, str(self.extra_text).encode(), "text/plain")))

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

        def _parse_extra_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        extra_text = _parse_extra_text(d.pop("extra_text", UNSET))

        request_verification_body = cls(
            files=files,
            extra_text=extra_text,
        )

        request_verification_body.additional_properties = d
        return request_verification_body

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
