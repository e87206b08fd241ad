"""``client.samples.speakers``: separate a sample's speakers, wait for it, select the right ones.

The API replaces the whole speaker selection on every update, which makes
"add one speaker" a read-modify-write.  :meth:`Speakers.select` does that
read and write for you, checking every ID against the separation result,
so no selection is ever dropped by accident.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from elevenlabs_pvc_api.api.samples import samples_update
from elevenlabs_pvc_api.api.samples_speakers import samples_speakers_get, samples_speakers_separate
from elevenlabs_pvc_api.api.samples_speakers_audio import samples_speakers_audio_get
from elevenlabs_pvc_api.models import (
    SpeakerAudioResponseModel,
    SpeakerResponseModel,
    SpeakerSeparationResponseModel,
    SpeakerSeparationResponseModelStatus,
    StartSpeakerSeparationResponseModel,
)
from elevenlabs_pvc_api.types import UNSET, Response

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import (
    InvalidArgumentError,
    SpeakerSeparationError,
    SpeakerSeparationFailedError,
    SpeakerSeparationTimeoutError,
)
from elevenlabs_pvc.resources._sample_update import UPDATE, finish_update, prepare_update
from elevenlabs_pvc.resources._shared import SampleKey, SpecParsing, checked, decode_audio, require_ok, sample_key
from elevenlabs_pvc.results import Audio
from elevenlabs_pvc.validation import check_id, speaker_ids

__all__ = ["AsyncSpeakerAudio", "AsyncSpeakers", "ProgressCallback", "SpeakerAudio", "Speakers"]

#: Called with each status report while waiting.
ProgressCallback = Callable[[SpeakerSeparationResponseModel], None]

_STATUS: Final = "get speaker separation status"
_SEPARATE: Final = "start speaker separation"
_SPEAKER_AUDIO: Final = "get separated speaker audio"
_COMPLETED: Final = SpeakerSeparationResponseModelStatus.COMPLETED
_FAILED: Final = SpeakerSeparationResponseModelStatus.FAILED
#: Polling slows down by this factor after each report, up to ``_MAX_POLL_INTERVAL`` seconds.
_BACKOFF: Final = 1.5
_MAX_POLL_INTERVAL: Final = 30.0

# How waiting measures and spends time (tests replace these to run without waiting).
_clock = time.monotonic
_sleep = time.sleep
_async_sleep = asyncio.sleep


def speakers_of(status: SpeakerSeparationResponseModel) -> dict[str, SpeakerResponseModel]:
    """The speakers of a separation status by ID (empty until separation has completed)."""
    speakers = status.speakers
    return dict(speakers.additional_properties) if speakers else {}


def _finish_status(connection: _Connection, key: SampleKey, response: Response[Any]) -> SpeakerSeparationResponseModel:
    status = checked(response, SpeakerSeparationResponseModel, _STATUS)
    selected = status.selected_speaker_ids
    if selected is not UNSET:
        # What the API reports is the selection a later update would replace.
        connection.selections[key] = tuple(selected or ())
    return status


class _Waiting:
    """The bookkeeping of ``wait``: when to poll next, and when a report ends the wait."""

    def __init__(self, key: SampleKey, timeout: float, poll_interval: float) -> None:
        for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise InvalidArgumentError(name, value, f"{name} must be a number of seconds >= 0, got {value!r}")
        if poll_interval == 0:
            raise InvalidArgumentError("poll_interval", poll_interval, "poll_interval must be > 0 seconds")
        self.key = key
        self.timeout = float(timeout)
        self.deadline = _clock() + self.timeout
        self.interval = float(poll_interval)

    def done(self, status: SpeakerSeparationResponseModel) -> bool:
        """True when separation has completed; raises when it failed."""
        if status.status == _COMPLETED:
            return True
        if status.status == _FAILED:
            raise SpeakerSeparationFailedError(
                f"speaker separation of sample {self.key[1]!r} of voice {self.key[0]!r} failed", status
            )
        return False

    def next_delay(self, status: SpeakerSeparationResponseModel) -> float:
        """Seconds to sleep before the next poll; raises when the time is up."""
        remaining = self.deadline - _clock()
        if remaining <= 0:
            raise SpeakerSeparationTimeoutError(
                f"speaker separation of sample {self.key[1]!r} is still {status.status.value!r} "
                f"after {self.timeout:g} s",
                status,
            )
        delay = min(self.interval, remaining)
        self.interval = min(self.interval * _BACKOFF, _MAX_POLL_INTERVAL)
        return delay


def _plan_selection(
    key: SampleKey,
    status: SpeakerSeparationResponseModel,
    add: object,
    remove: object,
    only: object,
) -> tuple[list[str], list[str]]:
    """The (current, new) selection for ``select``, after checking every ID against the separation."""
    if only is not None and (add is not None or remove is not None):
        raise InvalidArgumentError("only", only, "pass only=..., or add=... and/or remove=..., not both")
    if only is None and add is None and remove is None:
        raise InvalidArgumentError("add", add, "pass add=..., remove=... or only=... to say what to select")
    lists = {name: speaker_ids(value) or [] for name, value in (("add", add), ("remove", remove), ("only", only))}
    if status.status != _COMPLETED:
        raise SpeakerSeparationError(
            f"cannot select speakers of sample {key[1]!r}: speaker separation is {status.status.value!r}, "
            "not 'completed' (start it with speakers.separate() and wait with speakers.wait())"
        )
    known = speakers_of(status)
    for name, ids in lists.items():
        unknown = [speaker for speaker in ids if speaker not in known]
        if unknown:
            raise InvalidArgumentError(
                name, unknown, f"{name}: unknown speaker IDs {unknown}; sample {key[1]!r} has {sorted(known)}"
            )
    both = set(lists["add"]) & set(lists["remove"])
    if both:
        raise InvalidArgumentError("add", sorted(both), f"speaker IDs both added and removed: {sorted(both)}")
    current = list(status.selected_speaker_ids or [])
    if only is not None:
        return current, lists["only"]
    kept = [speaker for speaker in current if speaker not in lists["remove"]]
    return current, kept + [speaker for speaker in lists["add"] if speaker not in kept]


def _speaker_audio(key: SampleKey, speaker_id: str, response: Response[Any]) -> Audio:
    model = checked(response, SpeakerAudioResponseModel, _SPEAKER_AUDIO)
    return decode_audio(
        _SPEAKER_AUDIO,
        model.audio_base_64,
        model.media_type,
        model.duration_secs,
        voice_id=key[0],
        sample_id=key[1],
        speaker_id=speaker_id,
    )


class Speakers:
    """Speaker separation of a sample: ``client.samples.speakers``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        #: The separated audio of one speaker: ``client.samples.speakers.audio``.
        self.audio: Final = SpeakerAudio(connection)

    def get(self, voice_id: str, sample_id: str) -> SpeakerSeparationResponseModel:
        """Fetch the speaker separation status of a sample, with the speakers once it has completed.

        Utterance times (``speakers[...].utterances[i].start/end``) and ``duration_secs`` are in
        **seconds**; turn them into a trim window (milliseconds) with :func:`elevenlabs_pvc.trim_window`.
        The reported ``selected_speaker_ids`` are remembered: a later update that drops one of them warns.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            NotFoundError, APIError (and subclasses), APIConnectionError: as :meth:`Samples.update`.
            ResponseValidationError: the body breaks the spec (an unknown status, for one).

        Retries: a read, safe to repeat.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_STATUS):
            response = samples_speakers_get.sync_detailed(
                key[0], key[1], client=connection.repeatable, xi_api_key=connection.api_key
            )
        return _finish_status(connection, key, response)

    def separate(self, voice_id: str, sample_id: str) -> StartSpeakerSeparationResponseModel:
        """Start speaker separation for a sample (it runs in the background on the API's side).

        Follow with :meth:`wait` to get the speakers.

        Returns:
            The API's answer, whose ``status`` is ``"ok"``.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: an empty, non-string or dot-segment ID;
                nothing was sent.
            SpeakerSeparationError: the API answered a status other than ``"ok"``.
            APIError (and its subclasses), APIConnectionError, ResponseValidationError: as
                :meth:`Samples.update`.

        Retries: starting a separation is **not** assumed safe to repeat, so it is retried only when
        the request cannot have reached the API (connection refused, DNS) or was refused with 429.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_SEPARATE):
            response = samples_speakers_separate.sync_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return require_ok(response, StartSpeakerSeparationResponseModel, _SEPARATE, SpeakerSeparationError)

    def wait(
        self,
        voice_id: str,
        sample_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> SpeakerSeparationResponseModel:
        """Poll the separation status until it is ``completed``, and return that final status.

        Args:
            voice_id: the PVC voice.
            sample_id: the sample being separated (start with :meth:`separate`).
            timeout: how long to wait in total, in **seconds**.
            poll_interval: the first pause between polls, in **seconds**; it grows by half after each
                poll, up to 30 s.
            on_progress: called with every status report (for a progress display).

        Raises:
            SpeakerSeparationFailedError: the separation ended with status ``failed``.
            SpeakerSeparationTimeoutError: still not finished after ``timeout`` seconds (a ``TimeoutError``).
            InvalidArgumentError: a negative ``timeout`` or a ``poll_interval`` that is not > 0.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as :meth:`get`.

        """
        waiting = _Waiting(sample_key(voice_id, sample_id), timeout, poll_interval)
        while True:
            status = self.get(voice_id, sample_id)
            if on_progress is not None:
                on_progress(status)
            if waiting.done(status):
                return status
            _sleep(waiting.next_delay(status))

    def select(
        self,
        voice_id: str,
        sample_id: str,
        *,
        add: Sequence[str] | None = None,
        remove: Sequence[str] | None = None,
        only: Sequence[str] | None = None,
    ) -> list[str]:
        """Change which separated speakers are used for training, without dropping any by accident.

        Reads the separation status, checks that it has ``completed`` and that every ID is one of its
        speakers, then writes the complete new selection in one update: the current selection plus
        ``add`` minus ``remove``, or exactly ``only``.  Nothing is written when nothing changes.

        Returns:
            The selection now in place.

        Raises:
            InvalidArgumentError: none or a bad combination of ``add``/``remove``/``only``, or an unknown
                speaker ID (the message lists the sample's speakers); nothing was written.
            InvalidArgumentTypeError: a bare string instead of a list of IDs.
            SpeakerSeparationError: separation has not completed.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as :meth:`Samples.update`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        current, new = _plan_selection(key, self.get(voice_id, sample_id), add, remove, only)
        if new == current:
            return current
        key, body, selection = prepare_update(
            connection, *key, UNSET, UNSET, UNSET, new, UNSET, stacklevel=3, warn_override=False
        )
        with SpecParsing(UPDATE):
            response = samples_update.sync_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        finish_update(connection, key, selection, response)
        return new


class SpeakerAudio:
    """The separated audio of one speaker: ``client.samples.speakers.audio``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def get(self, voice_id: str, sample_id: str, speaker_id: str) -> Audio:
        """Fetch the separated audio of one speaker of a sample, decoded.

        Returns:
            :class:`~elevenlabs_pvc.results.Audio`: bytes, media type and ``duration_secs`` in **seconds**;
            ``audio.save(path)`` writes it atomically.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            ResponseValidationError: the audio is not valid base64, or the body breaks the spec.
            APIError (and subclasses), APIConnectionError: as :meth:`Samples.update`.

        Retries: a read, safe to repeat.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        speaker = check_id("speaker_id", speaker_id)
        with SpecParsing(_SPEAKER_AUDIO):
            response = samples_speakers_audio_get.sync_detailed(
                key[0], key[1], speaker, client=connection.repeatable, xi_api_key=connection.api_key
            )
        return _speaker_audio(key, speaker, response)


class AsyncSpeakers:
    """Speaker separation of a sample, for ``AsyncPVCClient``: ``client.samples.speakers``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        self.audio: Final = AsyncSpeakerAudio(connection)

    async def get(self, voice_id: str, sample_id: str) -> SpeakerSeparationResponseModel:
        """Fetch the speaker separation status; see :meth:`Speakers.get` (utterances are in **seconds**).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError,
            ResponseValidationError: as :meth:`Speakers.get`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_STATUS):
            response = await samples_speakers_get.asyncio_detailed(
                key[0], key[1], client=connection.repeatable, xi_api_key=connection.api_key
            )
        return _finish_status(connection, key, response)

    async def separate(self, voice_id: str, sample_id: str) -> StartSpeakerSeparationResponseModel:
        """Start speaker separation for a sample; the awaitable form of :meth:`Speakers.separate`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            SpeakerSeparationError: the API answered a status other than ``"ok"``.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as
                :meth:`Samples.update`.

        Retries: not assumed safe to repeat; retried only when the request cannot have arrived, or on 429.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        with SpecParsing(_SEPARATE):
            response = await samples_speakers_separate.asyncio_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return require_ok(response, StartSpeakerSeparationResponseModel, _SEPARATE, SpeakerSeparationError)

    async def wait(
        self,
        voice_id: str,
        sample_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_progress: ProgressCallback | None = None,
    ) -> SpeakerSeparationResponseModel:
        """Poll until separation is ``completed``; see :meth:`Speakers.wait` (times in **seconds**).

        Raises:
            SpeakerSeparationFailedError, SpeakerSeparationTimeoutError, InvalidArgumentError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`Speakers.wait`.

        """
        waiting = _Waiting(sample_key(voice_id, sample_id), timeout, poll_interval)
        while True:
            status = await self.get(voice_id, sample_id)
            if on_progress is not None:
                on_progress(status)
            if waiting.done(status):
                return status
            await _async_sleep(waiting.next_delay(status))

    async def select(
        self,
        voice_id: str,
        sample_id: str,
        *,
        add: Sequence[str] | None = None,
        remove: Sequence[str] | None = None,
        only: Sequence[str] | None = None,
    ) -> list[str]:
        """Change the speaker selection safely; see :meth:`Speakers.select`.

        Raises:
            InvalidArgumentError, InvalidArgumentTypeError, SpeakerSeparationError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`Speakers.select`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        current, new = _plan_selection(key, await self.get(voice_id, sample_id), add, remove, only)
        if new == current:
            return current
        key, body, selection = prepare_update(
            connection, *key, UNSET, UNSET, UNSET, new, UNSET, stacklevel=3, warn_override=False
        )
        with SpecParsing(UPDATE):
            response = await samples_update.asyncio_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        finish_update(connection, key, selection, response)
        return new


class AsyncSpeakerAudio:
    """The separated audio of one speaker, for ``AsyncPVCClient``: ``client.samples.speakers.audio``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def get(self, voice_id: str, sample_id: str, speaker_id: str) -> Audio:
        """Fetch one speaker's separated audio; see :meth:`SpeakerAudio.get` (duration in **seconds**).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, ResponseValidationError, APIError,
            APIConnectionError: as :meth:`SpeakerAudio.get`.

        """
        connection = self._connection
        key = sample_key(voice_id, sample_id)
        speaker = check_id("speaker_id", speaker_id)
        with SpecParsing(_SPEAKER_AUDIO):
            response = await samples_speakers_audio_get.asyncio_detailed(
                key[0], key[1], speaker, client=connection.repeatable, xi_api_key=connection.api_key
            )
        return _speaker_audio(key, speaker, response)
