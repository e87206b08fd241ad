# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/samples.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
"""``client.samples``: add, update and delete samples; their audio and waveform."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from elevenlabs_pvc_api.models import (
    AddVoiceResponseModel,
    DeleteVoiceSampleResponseModel,
    VoiceSampleVisualWaveformResponseModel,
)
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import _bodies
from elevenlabs_pvc import _operations as op
from elevenlabs_pvc._sync.speakers import Speakers
from elevenlabs_pvc.errors import ResponseValidationError
from elevenlabs_pvc.results import Audio
from elevenlabs_pvc.types import Sample
from elevenlabs_pvc.uploads import FilesInput, ProgressCallback
from elevenlabs_pvc.validation import check_bool, check_id, sample_key

if TYPE_CHECKING:
    from elevenlabs_pvc._sync._client import PVCClient

#: The audio endpoint returns at most the first 30 seconds of a sample.
_PREVIEW_SECONDS: Final = 30.0


class Samples:
    """The samples of PVC voices: ``client.samples``, with ``.speakers``, ``.audio`` and ``.waveform``."""

    def __init__(self, client: PVCClient) -> None:
        self._client = client
        self.speakers: Final = Speakers(client)
        self.audio: Final = SampleAudio(client)
        self.waveform: Final = Waveform(client)

    def create(
        self,
        voice_id: str,
        files: FilesInput,
        *,
        remove_background_noise: bool | Unset = UNSET,
        on_progress: ProgressCallback | None = None,
    ) -> list[Sample]:
        """Add audio samples to a PVC voice (one multipart upload).

        Args:
            voice_id: the PVC voice.
            files: one file or a list: paths, ``bytes``, binary file objects, ``(file_name, content)`` or
                ``(file_name, content, content_type)``.  Files stream from disk in 64 KiB chunks, never read
                whole; without a content type, it is sniffed from the first bytes.
            remove_background_noise: run the API's audio isolation on the samples (sent only if given).
            on_progress: called as the files are sent with ``(bytes_sent, total_bytes)`` of their content,
                never decreasing; the last call has ``bytes_sent == total_bytes``.

        Returns the new samples, with ``duration_secs`` in **seconds** when the API knows it (remembered,
        so that later trims beyond the end are refused before sending).  **Not** idempotent: never
        retried once it may have reached the API (only when it could not connect, or after a 429).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID, a missing or empty file, a file
                object opened in text mode; nothing was sent.
            APIError: as :meth:`update`.
        """
        voice = check_id("voice_id", voice_id)
        body = _bodies.add_samples(files, remove_background_noise, on_progress)
        durations, sent = self._client._state.durations, len(body.files)

        def remember(samples: list[Sample]) -> list[Sample]:
            if len(samples) < sent:
                message = f"add samples to PVC voice: the API answered {len(samples)} samples for {sent} files"
                raise ResponseValidationError(message)
            durations.update({(voice, s.sample_id): s.duration_secs for s in samples if s.duration_secs is not None})
            return samples

        return self._client._request(op.SAMPLES_CREATE, voice, body=body, finish=remember)

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

        Only the arguments you pass are sent (``None`` sends JSON ``null``, whose effect the API does not
        document).  Safe to repeat: retried after 429, 408, 500, 502-504 and connection failures.

        Args:
            voice_id: the PVC voice.
            sample_id: the sample of that voice.
            trim_start_time: where the part used for training starts, in **milliseconds** from the start
                of the sample: an ``int``, or a :class:`~datetime.timedelta` of whole milliseconds.
            trim_end_time: where it ends, in **milliseconds**; after ``trim_start_time`` and, when this
                client knows the sample's duration, within it.  Under one second warns (``ShortTrimWindowWarning``).
            remove_background_noise: run the API's audio isolation (it can make clean audio worse).
            selected_speaker_ids: the speakers to train on.  The API **replaces** the whole selection:
                dropping one this client knows is selected warns (``SpeakerSelectionOverrideWarning``), ``[]``
                warns that it clears it.  ``client.samples.speakers.select`` adds or removes one.
            file_name: a new file name for the sample.

        Returns the API's answer, holding the ``voice_id``.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID, a trim time of the wrong type
                (``float``, ``str``...), negative, out of order or beyond the known duration, a bare string
                for ``selected_speaker_ids``; nothing was sent.
            UnprocessableEntityError: the API refused the values (422); ``.detail`` has its reasons.
            APIStatusError (NotFoundError, RateLimitError...): another non-2xx answer; APIConnectionError,
                APITimeoutError: no usable answer; ResponseValidationError: a 2xx that breaks the spec.
        """
        state = self._client._state
        key, body, selection = _bodies.sample_update(
            state, voice_id, sample_id, trim_start_time=trim_start_time, trim_end_time=trim_end_time,
            remove_background_noise=remove_background_noise, selected_speaker_ids=selected_speaker_ids,
            file_name=file_name,
        )  # fmt: skip

        def remember(updated: AddVoiceResponseModel) -> AddVoiceResponseModel:
            _bodies.selection_sent(state, key, selection, stacklevel=6, override=True)  # 6: the caller's frame
            return updated

        return self._client._request(op.SAMPLES_UPDATE, *key, body=body, finish=remember)

    def delete(self, voice_id: str, sample_id: str) -> DeleteVoiceSampleResponseModel:
        """Delete a sample from a PVC voice (retried only if it cannot have arrived, or after a 429).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            NotFoundError: no such sample.  APIError: as :meth:`update`.
        """
        key = sample_key(voice_id, sample_id)

        def forget(deleted: DeleteVoiceSampleResponseModel) -> DeleteVoiceSampleResponseModel:
            self._client._state.forget(key)  # what this client knew about the sample no longer applies
            return deleted

        return self._client._request(op.SAMPLES_DELETE, *key, finish=forget)


class SampleAudio:
    """The audio of a sample: ``client.samples.audio``."""

    def __init__(self, client: PVCClient) -> None:
        self._client = client

    def get(self, voice_id: str, sample_id: str, *, remove_background_noise: bool | Unset = UNSET) -> Audio:
        """Fetch the first 30 seconds of a sample's audio, decoded.

        ``remove_background_noise`` asks for the audio with background noise removed (sent only if given).
        Returns an :class:`~elevenlabs_pvc.results.Audio`: the bytes, media type and ``duration_secs``
        (in **seconds**); ``audio.save(path)`` writes it atomically.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments; nothing was sent.
            ResponseValidationError: the audio is not valid base64, or the body breaks the spec.
            APIError: as ``client.samples.update``.
        """
        key, noise = sample_key(voice_id, sample_id), check_bool("remove_background_noise", remove_background_noise)

        def identify(audio: Audio) -> Audio:
            # A preview shorter than the 30-second cap is the whole sample: its duration is the sample's.
            if audio.duration_secs is not None and audio.duration_secs < _PREVIEW_SECONDS:
                self._client._state.durations[key] = audio.duration_secs
            return dataclasses.replace(audio, voice_id=key[0], sample_id=key[1])

        return self._client._request(op.SAMPLES_AUDIO_GET, *key, remove_background_noise=noise, finish=identify)


class Waveform:
    """The visual waveform of a sample: ``client.samples.waveform``."""

    def __init__(self, client: PVCClient) -> None:
        self._client = client

    def get(self, voice_id: str, sample_id: str) -> VoiceSampleVisualWaveformResponseModel:
        """Fetch the visual waveform of a sample: a list of floats, for drawing.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            APIError: as ``client.samples.update``.
        """
        return self._client._request(op.SAMPLES_WAVEFORM_GET, *sample_key(voice_id, sample_id))
