from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_voice_body_labels_type_0 import CreateVoiceBodyLabelsType0


T = TypeVar("T", bound="CreateVoiceBody")


@_attrs_define
class CreateVoiceBody:
    """
    Attributes:
        name (str): The name that identifies this voice. This will be displayed in the dropdown of the website.
        language (str): Language used in the samples.
        description (None | str | Unset): Description to use for the created voice.
        labels (CreateVoiceBodyLabelsType0 | None | Unset): Serialized labels dictionary for the voice.
    """

    name: str
    language: str
    description: None | str | Unset = UNSET
    labels: CreateVoiceBodyLabelsType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_voice_body_labels_type_0 import CreateVoiceBodyLabelsType0

        name = self.name

        language = self.language

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        labels: dict[str, Any] | None | Unset
        if isinstance(self.labels, Unset):
            labels = UNSET
        elif isinstance(self.labels, CreateVoiceBodyLabelsType0):
            labels = self.labels.to_dict()
        else:
            labels = self.labels

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "language": language,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if labels is not UNSET:
            field_dict["labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_voice_body_labels_type_0 import CreateVoiceBodyLabelsType0

        d = dict(src_dict)
        name = d.pop("name")

        language = d.pop("language")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_labels(data: object) -> CreateVoiceBodyLabelsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                labels_type_0 = CreateVoiceBodyLabelsType0.from_dict(data)

                return labels_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateVoiceBodyLabelsType0 | None | Unset, data)

        labels = _parse_labels(d.pop("labels", UNSET))

        create_voice_body = cls(
            name=name,
            language=language,
            description=description,
            labels=labels,
        )

        create_voice_body.additional_properties = d
        return create_voice_body

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
