"""Operations on a PVC voice itself, behind ``client.create``, ``client.update`` and ``client.train``.

They sit on the client, as in the official SDK (``client.voices.pvc.create``): the
client's methods (documented there) hand over to :class:`Voices` / :class:`AsyncVoices`,
which the client builds on first use, so this module and the generated code it imports
are not loaded by ``import elevenlabs_pvc``.
"""

from __future__ import annotations

from typing import Any, Final

from elevenlabs_pvc_api.api.pvc import pvc_create, pvc_train, pvc_update
from elevenlabs_pvc_api.models import (
    AddVoiceResponseModel,
    CreateVoiceBody,
    CreateVoiceBodyLabelsType0,
    EditVoiceBody,
    EditVoiceBodyLabelsType0,
    StartPVCVoiceTrainingResponseModel,
    TrainVoiceBody,
)
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError, OperationFailedError
from elevenlabs_pvc.resources._shared import SpecParsing, checked, require_ok
from elevenlabs_pvc.validation import check_id

__all__ = ["AsyncVoices", "Voices"]

_CREATE: Final = "create PVC voice"
_UPDATE: Final = "edit PVC voice"
_TRAIN: Final = "train PVC voice"
# The spec's maxLength for these fields.
_MAX_NAME: Final = 100
_MAX_DESCRIPTION: Final = 500


def _text(parameter: str, value: object, *, max_length: int | None = None, nullable: bool = False) -> Any:
    """Check a text field: a non-blank ``str`` (or ``None`` when ``nullable``), within ``max_length``."""
    if isinstance(value, Unset) or (value is None and nullable):
        return value
    if not isinstance(value, str):
        allowed = "a str or None" if nullable else "a str"
        raise InvalidArgumentTypeError(parameter, value, f"{parameter} must be {allowed}, got {type(value).__name__}")
    if not value.strip():
        raise InvalidArgumentError(parameter, value, f"{parameter} must not be blank, got {value!r}")
    if max_length is not None and len(value) > max_length:
        raise InvalidArgumentError(
            parameter, value, f"{parameter} is {len(value)} characters long; the API allows {max_length}"
        )
    return value


def _labels(value: object, model: type[CreateVoiceBodyLabelsType0] | type[EditVoiceBodyLabelsType0]) -> Any:
    if isinstance(value, Unset) or value is None:
        return value
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidArgumentTypeError("labels", value, "labels must be a dict of str to str, or None")
    return model.from_dict(value)


def _create_body(name: object, language: object, description: object, labels: object) -> CreateVoiceBody:
    return CreateVoiceBody(
        name=_text("name", name, max_length=_MAX_NAME),
        language=_text("language", language),
        description=_text("description", description, max_length=_MAX_DESCRIPTION, nullable=True),
        labels=_labels(labels, CreateVoiceBodyLabelsType0),
    )


def _edit_body(name: object, language: object, description: object, labels: object) -> EditVoiceBody:
    return EditVoiceBody(
        name=_text("name", name, max_length=_MAX_NAME),
        language=_text("language", language),
        description=_text("description", description, max_length=_MAX_DESCRIPTION, nullable=True),
        labels=_labels(labels, EditVoiceBodyLabelsType0),
    )


def _train_body(model_id: object) -> TrainVoiceBody:
    return TrainVoiceBody(model_id=_text("model_id", model_id, nullable=True))


class Voices:
    """``create``, ``update`` and ``train`` of :class:`~elevenlabs_pvc.PVCClient` (documented there)."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def create(
        self,
        name: str,
        language: str,
        *,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Create a PVC voice; see :meth:`elevenlabs_pvc.PVCClient.create` (raises as documented there)."""
        connection = self._connection
        body = _create_body(name, language, description, labels)
        with SpecParsing(_CREATE):
            response = pvc_create.sync_detailed(client=connection.once, body=body, xi_api_key=connection.api_key)
        return checked(response, AddVoiceResponseModel, _CREATE, voice_id=str)

    def update(
        self,
        voice_id: str,
        *,
        name: str | Unset = UNSET,
        language: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Edit a PVC voice; see :meth:`elevenlabs_pvc.PVCClient.update` (raises as documented there)."""
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = _edit_body(name, language, description, labels)
        with SpecParsing(_UPDATE):
            response = pvc_update.sync_detailed(
                voice, client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        return checked(response, AddVoiceResponseModel, _UPDATE, voice_id=str)

    def train(self, voice_id: str, *, model_id: str | Unset | None = UNSET) -> StartPVCVoiceTrainingResponseModel:
        """Start training; see :meth:`elevenlabs_pvc.PVCClient.train` (raises as documented there)."""
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        with SpecParsing(_TRAIN):
            response = pvc_train.sync_detailed(
                voice, client=connection.once, body=_train_body(model_id), xi_api_key=connection.api_key
            )
        return require_ok(response, StartPVCVoiceTrainingResponseModel, _TRAIN, OperationFailedError)


class AsyncVoices:
    """``create``, ``update`` and ``train`` of :class:`~elevenlabs_pvc.AsyncPVCClient` (documented there)."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def create(
        self,
        name: str,
        language: str,
        *,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Create a PVC voice; see :meth:`elevenlabs_pvc.AsyncPVCClient.create` (raises as documented there)."""
        connection = self._connection
        body = _create_body(name, language, description, labels)
        with SpecParsing(_CREATE):
            response = await pvc_create.asyncio_detailed(
                client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return checked(response, AddVoiceResponseModel, _CREATE, voice_id=str)

    async def update(
        self,
        voice_id: str,
        *,
        name: str | Unset = UNSET,
        language: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Edit a PVC voice; see :meth:`elevenlabs_pvc.AsyncPVCClient.update` (raises as documented there)."""
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = _edit_body(name, language, description, labels)
        with SpecParsing(_UPDATE):
            response = await pvc_update.asyncio_detailed(
                voice, client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        return checked(response, AddVoiceResponseModel, _UPDATE, voice_id=str)

    async def train(self, voice_id: str, *, model_id: str | Unset | None = UNSET) -> StartPVCVoiceTrainingResponseModel:
        """Start training; see :meth:`elevenlabs_pvc.AsyncPVCClient.train` (raises as documented there)."""
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        with SpecParsing(_TRAIN):
            response = await pvc_train.asyncio_detailed(
                voice, client=connection.once, body=_train_body(model_id), xi_api_key=connection.api_key
            )
        return require_ok(response, StartPVCVoiceTrainingResponseModel, _TRAIN, OperationFailedError)
