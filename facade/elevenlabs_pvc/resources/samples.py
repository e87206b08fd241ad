"""``client.samples``: add, update and delete samples; their audio and waveform.

Every method checks its arguments before sending anything, calls the
generated function for the operation (``elevenlabs_pvc_api.api...``), and
checks what comes back.  The sync and async classes share all their logic
through the module-level ``_prepare_*`` / ``_finish_*`` functions; they differ
only in ``await``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from elevenlabs_pvc_api.api.samples import samples_create, samples_delete, samples_update
from elevenlabs_pvc_api.api.samples_audio import samples_audio_get
from elevenlabs_pvc_api.api.samples_waveform import samples_waveform_get
from elevenlabs_pvc_api.models import (
    AddSamplesBody,
    AddVoiceResponseModel,
    DeleteVoiceSampleResponseModel,
    SampleResponseModel,
    VoiceSamplePreviewResponseModel,
    VoiceSampleVisualWaveformResponseModel,
)
from elevenlabs_pvc_api.types import UNSET, Response, Unset

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import OperationFailedError, ResponseValidationError
from elevenlabs_pvc.resources._sample_update import UPDATE, finish_update, prepare_update
from elevenlabs_pvc.resources._shared import SampleKey, SpecParsing, checked, decode_audio, require_ok, sample_key
from elevenlabs_pvc.resources.speakers import AsyncSpeakers, Speakers
from elevenlabs_pvc.results import Audio
from elevenlabs_pvc.uploads import FilesInput, to_files
from elevenlabs_pvc.validation import check_bool, check_id

__all__ = ["AsyncSampleAudio", "AsyncSamples", "AsyncWaveform", "SampleAudio", "Samples", "Waveform"]

#: The audio endpoint returns at most the first 30 seconds of a sample.
_PREVIEW_SECONDS: Final = 30.0

_CREATE: Final = "add samples to PVC voice"
_DELETE: Final = "delete PVC sample"
_AUDIO: Final = "get PVC sample audio"
_WAVEFORM: Final = "get PVC sample waveform"


# --- create ----------------------------------------------------------------------------------------


def _prepare_create(voice_id: object, files: object, remove_background_noise: object) -> tuple[str, AddSamplesBody]:
    voice = check_id("voice_id", voice_id)
    body = AddSamplesBody(files=to_files("files", files), remove_background_noise=UNSET)
    if not isinstance(remove_background_noise, Unset):
        # Sent as a form field spelled the way the API's form parsing reads booleans
        # (the generated model would write Python's "True"/"False").
        body["remove_background_noise"] = (
            "true" if check_bool("remove_background_noise", remove_background_noise) else "false"
        )
    return voice, body


def _finish_create(connection: _Connection, voice_id: str, response: Response[Any]) -> list[SampleResponseModel]:
    samples = response.parsed
    if not isinstance(samples, list) or not all(
        isinstance(sample, SampleResponseModel) and isinstance(sample.sample_id, str) for sample in samples
    ):
        raise ResponseValidationError(f"{_CREATE}: the API answered a body that is not a list of samples")
    for sample in samples:
        duration = sample.duration_secs
        if isinstance(duration, int | float) and not isinstance(duration, bool):
            connection.durations[(voice_id, sample.sample_id)] = float(duration)
    return samples


# --- audio -----------------------------------------------------------------------------------------


def _finish_delete(connection: _Connection, key: SampleKey, response: Response[Any]) -> DeleteVoiceSampleResponseModel:
    deleted = require_ok(response, DeleteVoiceSampleResponseModel, _DELETE, OperationFailedError)
    # What this client knew about the sample (selection, duration) no longer applies.
    connection.selections.pop(key, None)
    connection.durations.pop(key, None)
    return deleted


def _finish_audio(connection: _Connection, key: SampleKey, response: Response[Any]) -> Audio:
    preview = checked(response, VoiceSamplePreviewResponseModel, _AUDIO)
    audio = decode_audio(
        _AUDIO, preview.audio_base_64, preview.media_type, preview.duration_secs, voice_id=key[0], sample_id=key[1]
    )
    # A preview shorter than the 30-second cap is the whole sample: its duration is the sample's.
    if audio.duration_secs is not None and audio.duration_secs < _PREVIEW_SECONDS:
        connection.durations[key] = audio.duration_secs
    return audio


def _noise_flag(remove_background_noise: object) -> bool | Unset:
    if isinstance(remove_background_noise, Unset):
        return UNSET
    return check_bool("remove_background_noise", remove_background_noise)


class Samples:
    """The samples of PVC voices: ``client.samples``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        #: Speaker separation of a sample: ``client.samples.speakers``.
        self.speakers: Final = Speakers(connection)
        #: The audio of a sample: ``client.samples.audio``.
        self.audio: Final = SampleAudio(connection)
        #: The visual waveform of a sample: ``client.samples.waveform``.
        self.waveform: Final = Waveform(connection)

    def create(
        self, voice_id: str, files: FilesInput, *, remove_background_noise: bool | Unset = UNSET
    ) -> list[SampleResponseModel]:
        """Add audio samples to a PVC voice (one multipart upload).

        Args:
            voice_id: the PVC voice.
            files: one file or a list: paths, ``bytes``, binary file objects, or ``(file_name, content)``
                pairs.  Each part gets a file name and content type (from the path or sniffed).
            remove_background_noise: run the API's audio isolation on the samples (sent only if given).

        Returns:
            The new samples, with their IDs and (when the API knows it) ``duration_secs`` in **seconds**.
            The durations are remembered so that later trims beyond the end are refused before sending.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID, a missing or empty file, a file
                object opened in text mode; nothing was sent.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as :meth:`update`.

        Retries: adding samples is **not** idempotent, so it is never repeated once the request may have
        reached the API; it is retried only when the connection could not be made, or after a 429.

        """
        connection = self._connection
        voice, body = _prepare_create(voice_id, files, remove_background_noise)
        with SpecParsing(_CREATE):
            response = samples_create.sync_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return _finish_create(connection, voice, response)

    def update(
        self,
        voice_id: str,
        sample_id: str,
        *,
        trim_start_time: int | timedelta | Unset | None = UNSET,
        trim_end_time: int | timedelta | Unset | None = UNSET,
        remove_background_noise: bool | Unset = UNSET,
        selected_speaker_ids: list[str] | tuple[str, ...] | Unset | None = UNSET,
        file_name: str | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Update a sample of a PVC voice: trim it, remove background noise, select speakers, rename it.

        Only the arguments you pass are sent; the others are left out of the request and keep
        their current value on the server.  Passing ``None`` (where allowed) sends an explicit JSON
        ``null``: the API declares these fields nullable without documenting what null does, so omit
        an argument to leave its value unchanged.

        Args:
            voice_id: the PVC voice.
            sample_id: the sample of that voice.
            trim_start_time: where the part used for training starts, in **milliseconds** from the
                start of the sample (an ``int``), or a :class:`~datetime.timedelta` of whole milliseconds.
            trim_end_time: where it ends, in **milliseconds** (or a ``timedelta``); must be after
                ``trim_start_time`` and, when this client knows the sample's duration, within it.
                A window under one second warns with ``ShortTrimWindowWarning``.
            remove_background_noise: run the API's audio isolation on the sample.  Sent only when
                given (the API's default is ``False``); it can make clean audio worse.
            selected_speaker_ids: the speakers (from speaker separation) to train on.  The API
                **replaces** the whole selection on every update, so pass every speaker to keep;
                dropping one that this client selected, or that the status endpoint last reported,
                warns with ``SpeakerSelectionOverrideWarning``, and ``[]`` (which clears the selection)
                with ``SpeakerSelectionClearedWarning``.  Duplicates are removed.  To add or remove one
                speaker safely, use :meth:`Speakers.select`.
            file_name: a new file name for the sample.

        Returns:
            The API's answer, holding the ``voice_id``.

        Raises:
            InvalidArgumentTypeError: an argument of the wrong type (``bool``/``float``/``str`` trim
                times, a bare string for ``selected_speaker_ids``...); nothing was sent.
            InvalidArgumentError: a negative or fractional-millisecond trim time, ``trim_start_time >=
                trim_end_time``, a trim beyond the sample's known duration, an empty or dot-segment ID,
                an empty speaker ID; nothing was sent.
            UnprocessableEntityError: the API refused the values (422); ``.detail`` has its reasons.
            NotFoundError, AuthenticationError, PermissionDeniedError, RateLimitError, ServerError,
            APIError: other non-2xx answers.
            APIConnectionError, APITimeoutError: no answer.
            ResponseValidationError: a 2xx answer that does not match the spec.

        Retries: this update is safe to repeat (it sets values), so it is retried after 429, 502,
        503, 504 and connection failures, up to the client's ``max_retries``.

        """
        connection = self._connection
        key, body, selection = prepare_update(
            connection,
            voice_id,
            sample_id,
            trim_start_time,
            trim_end_time,
            remove_background_noise,
            selected_speaker_ids,
            file_name,
        )
        with SpecParsing(UPDATE):
            response = samples_update.sync_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        return finish_update(connection, key, selection, response)

    def delete(self, voice_id: str, sample_id: str) -> DeleteVoiceSampleResponseModel:
        """Delete a sample from a PVC voice.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            NotFoundError: no such sample.  APIError (and subclasses), APIConnectionError,
            ResponseValidationError: as :meth:`update`.

        Retries: only when the request cannot have arrived, or after a 429 (a repeated delete of a sample
        that is already gone would answer 404).

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_DELETE):
            response = samples_delete.sync_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return _finish_delete(connection, key, response)


class SampleAudio:
    """The audio of a sample: ``client.samples.audio``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def get(self, voice_id: str, sample_id: str, *, remove_background_noise: bool | Unset = UNSET) -> Audio:
        """Fetch the first 30 seconds of a sample's audio, decoded.

        Args:
            voice_id: the PVC voice.
            sample_id: the sample.
            remove_background_noise: get the audio with background noise removed (sent only if given).

        Returns:
            :class:`~elevenlabs_pvc.results.Audio`: the bytes, media type and ``duration_secs`` (in
            **seconds**); ``audio.save(path)`` writes it atomically.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments; nothing was sent.
            ResponseValidationError: the audio is not valid base64, or the body breaks the spec.
            APIError (and subclasses), APIConnectionError: as :meth:`Samples.update`.

        Retries: a read, safe to repeat.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_AUDIO):
            response = samples_audio_get.sync_detailed(
                key[0],
                key[1],
                client=connection.repeatable,
                remove_background_noise=_noise_flag(remove_background_noise),
                xi_api_key=connection.api_key,
            )
        return _finish_audio(connection, key, response)


class Waveform:
    """The visual waveform of a sample: ``client.samples.waveform``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def get(self, voice_id: str, sample_id: str) -> VoiceSampleVisualWaveformResponseModel:
        """Fetch the visual waveform of a sample: a list of floats, for drawing.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as :meth:`Samples.update`.

        Retries: a read, safe to repeat.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_WAVEFORM):
            response = samples_waveform_get.sync_detailed(
                key[0], key[1], client=connection.repeatable, xi_api_key=connection.api_key
            )
        return checked(response, VoiceSampleVisualWaveformResponseModel, _WAVEFORM, sample_id=str, visual_waveform=list)


# --- async twins -----------------------------------------------------------------------------------


class AsyncSamples:
    """The samples of PVC voices, for ``AsyncPVCClient``: ``client.samples``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        self.speakers: Final = AsyncSpeakers(connection)
        self.audio: Final = AsyncSampleAudio(connection)
        self.waveform: Final = AsyncWaveform(connection)

    async def create(
        self, voice_id: str, files: FilesInput, *, remove_background_noise: bool | Unset = UNSET
    ) -> list[SampleResponseModel]:
        """Add audio samples to a PVC voice; the awaitable form of :meth:`Samples.create`.

        Durations in the answer are in **seconds**.  Never repeated once the request may have arrived.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError,
            ResponseValidationError: as :meth:`Samples.create`.

        """
        connection = self._connection
        voice, body = _prepare_create(voice_id, files, remove_background_noise)
        with SpecParsing(_CREATE):
            response = await samples_create.asyncio_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return _finish_create(connection, voice, response)

    async def update(
        self,
        voice_id: str,
        sample_id: str,
        *,
        trim_start_time: int | timedelta | Unset | None = UNSET,
        trim_end_time: int | timedelta | Unset | None = UNSET,
        remove_background_noise: bool | Unset = UNSET,
        selected_speaker_ids: list[str] | tuple[str, ...] | Unset | None = UNSET,
        file_name: str | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Update a sample of a PVC voice; the awaitable form of :meth:`Samples.update`.

        Trim times are in **milliseconds** (``int``) or whole-millisecond ``timedelta`` values.
        Only the arguments you pass are sent; ``None`` sends JSON ``null``.  The whole speaker
        selection is replaced on every update (warnings as in :meth:`Samples.update`).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments; nothing was sent.
            UnprocessableEntityError, APIError (and subclasses), APIConnectionError,
            ResponseValidationError: as :meth:`Samples.update`.

        Retries: safe to repeat; retried like :meth:`Samples.update`.

        """
        connection = self._connection
        key, body, selection = prepare_update(
            connection,
            voice_id,
            sample_id,
            trim_start_time,
            trim_end_time,
            remove_background_noise,
            selected_speaker_ids,
            file_name,
        )
        with SpecParsing(UPDATE):
            response = await samples_update.asyncio_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        return finish_update(connection, key, selection, response)

    async def delete(self, voice_id: str, sample_id: str) -> DeleteVoiceSampleResponseModel:
        """Delete a sample from a PVC voice; the awaitable form of :meth:`Samples.delete`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, OperationFailedError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`Samples.delete`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_DELETE):
            response = await samples_delete.asyncio_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return _finish_delete(connection, key, response)


class AsyncSampleAudio:
    """The audio of a sample, for ``AsyncPVCClient``: ``client.samples.audio``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def get(self, voice_id: str, sample_id: str, *, remove_background_noise: bool | Unset = UNSET) -> Audio:
        """Fetch the first 30 seconds of a sample's audio, decoded; see :meth:`SampleAudio.get`.

        ``duration_secs`` is in **seconds**.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, ResponseValidationError, APIError,
            APIConnectionError: as :meth:`SampleAudio.get`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_AUDIO):
            response = await samples_audio_get.asyncio_detailed(
                key[0],
                key[1],
                client=connection.repeatable,
                remove_background_noise=_noise_flag(remove_background_noise),
                xi_api_key=connection.api_key,
            )
        return _finish_audio(connection, key, response)


class AsyncWaveform:
    """The visual waveform of a sample, for ``AsyncPVCClient``: ``client.samples.waveform``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def get(self, voice_id: str, sample_id: str) -> VoiceSampleVisualWaveformResponseModel:
        """Fetch the visual waveform of a sample; see :meth:`Waveform.get`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError,
            ResponseValidationError: as :meth:`Waveform.get`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_WAVEFORM):
            response = await samples_waveform_get.asyncio_detailed(
                key[0], key[1], client=connection.repeatable, xi_api_key=connection.api_key
            )
        return checked(response, VoiceSampleVisualWaveformResponseModel, _WAVEFORM, sample_id=str, visual_waveform=list)
