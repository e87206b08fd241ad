"""``client.samples.speakers``: separate a sample's speakers, wait for it, select the right ones.

The API replaces the whole speaker selection on every update: :meth:`AsyncSpeakers.select` reads it,
checks every ID against the separation and writes it back, so no selection is dropped by accident.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Final

from elevenlabs_pvc_api.models import StartSpeakerSeparationResponseModel

from elevenlabs_pvc import _bodies, _state
from elevenlabs_pvc import _operations as op
from elevenlabs_pvc._bodies import StatusCallback, Waiting, check_selection_arguments, plan_selection
from elevenlabs_pvc.errors import APITimeoutError
from elevenlabs_pvc.results import Audio
from elevenlabs_pvc.types import Separation
from elevenlabs_pvc.validation import check_id, sample_key

if TYPE_CHECKING:
    from elevenlabs_pvc._async._client import AsyncPVCClient


class AsyncSpeakers:
    """Speaker separation of a sample: ``client.samples.speakers``, with ``.audio``."""

    def __init__(self, client: AsyncPVCClient) -> None:
        self._client = client
        self.audio: Final = AsyncSpeakerAudio(client)

    async def get(self, voice_id: str, sample_id: str) -> Separation:
        """Fetch the speaker separation status of a sample, with the speakers once it has completed.

        Utterance times (``speakers[...].utterances[i].start/end``) and ``duration_secs`` are in
        **seconds**; turn them into a trim window (milliseconds) with :func:`elevenlabs_pvc.trim_window`.
        The reported ``selected_speaker_ids`` are remembered: a later update that drops one of them warns.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            APIError: as ``client.samples.update``; ResponseValidationError for an unknown status.
        """
        key = sample_key(voice_id, sample_id)
        return await self._client._request(op.SPEAKERS_GET, *key, finish=partial(self._remember, key))

    def _remember(self, key: tuple[str, str], status: Separation) -> Separation:
        state = self._client._state
        # What the API reports is the selection a later update would replace.
        state.selections[key] = status.selected_speaker_ids
        return state.with_duration(key, status)

    async def separate(self, voice_id: str, sample_id: str) -> StartSpeakerSeparationResponseModel:
        """Start speaker separation for a sample, in the background on the API's side; then :meth:`wait`.

        Returns the API's answer (``status`` ``"ok"``).  Retried only if it cannot have arrived, or after a 429.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            SpeakerSeparationError: the API answered a status other than ``"ok"``.
            APIError: as ``client.samples.update``.
        """
        return await self._client._request(op.SPEAKERS_SEPARATE, *sample_key(voice_id, sample_id))

    async def wait(
        self,
        voice_id: str,
        sample_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_progress: StatusCallback | None = None,
    ) -> Separation:
        """Poll the separation status until it is ``completed``, and return that final status.

        Args:
            voice_id: the PVC voice.
            sample_id: the sample being separated (start with :meth:`separate`).
            timeout: how long to wait in total, in **seconds**: a deadline.  No poll or pause starts after it,
                each poll (with its retries) gets at most the time left, and an answer still arriving then
                is abandoned.  ``0`` polls once.
            poll_interval: the first pause between polls, in **seconds**; it grows by half, up to 30 s.
            on_progress: called with every status report (for a progress display).

        Raises:
            SpeakerSeparationFailedError: the separation ended with status ``failed``.
            SpeakerSeparationTimeoutError: still not finished after ``timeout`` seconds (a ``TimeoutError``).
            InvalidArgumentError: a negative ``timeout`` or a ``poll_interval`` that is not > 0.
            InvalidArgumentTypeError: an ``on_progress`` that is not callable; nothing was sent.
            APIError: as :meth:`get`.
        """
        key = sample_key(voice_id, sample_id)
        waiting = Waiting(key, timeout, poll_interval, on_progress)
        status = None
        while True:
            try:
                # timeout=0 asks for one status: that poll is not cut short.
                remember, deadline = partial(self._remember, key), waiting.deadline if waiting.timeout else None
                status = await self._client._request(op.SPEAKERS_GET, *key, finish=remember, deadline=deadline)
            except APITimeoutError as error:
                raise waiting.timed_out(status) from error
            if on_progress is not None:
                on_progress(status)
            if waiting.done(status):
                return status
            await _state.async_sleep(waiting.next_delay(status))

    async def select(
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
        speakers, then writes the new selection in one update (unless nothing changes): the current one
        plus ``add`` minus ``remove``, or exactly ``only``.  Returns the selection now in place.

        Calls on one sample through this client (and the clients ``with_options`` made from it) take
        turns, across threads and tasks.  Nothing can stop another process from changing the selection
        between the read and the write (the API has no conditional update): select from one client.

        Raises:
            InvalidArgumentError: none or a bad combination of ``add``/``remove``/``only``, or an unknown
                speaker ID (the message lists the sample's speakers); nothing was written.
            InvalidArgumentTypeError: a bare string instead of a list of IDs.
            SpeakerSeparationError: separation has not completed.
            APIError: as ``client.samples.update``.
        """
        key, state = sample_key(voice_id, sample_id), self._client._state
        lists = check_selection_arguments(add, remove, only)
        async with state.async_lock(key):
            current, new = plan_selection(key, await self.get(*key), lists, only=only is not None)
            if new == current:
                return current
            _, body, _ = _bodies.sample_update(state, *key, selected_speaker_ids=new, stacklevel=3)
            await self._client._request(op.SAMPLES_UPDATE, *key, body=body)
            _bodies.selection_sent(state, key, new, stacklevel=3, override=False)
            return new


class AsyncSpeakerAudio:
    """The separated audio of one speaker: ``client.samples.speakers.audio``."""

    def __init__(self, client: AsyncPVCClient) -> None:
        self._client = client

    async def get(self, voice_id: str, sample_id: str, speaker_id: str) -> Audio:
        """Fetch the separated audio of one speaker of a sample, decoded.

        Returns an :class:`~elevenlabs_pvc.results.Audio`: bytes, media type and ``duration_secs`` in
        **seconds**; ``audio.save(path)`` writes it atomically.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad IDs; nothing was sent.
            ResponseValidationError: the audio is not valid base64, or the body breaks the spec.
            APIError: as ``client.samples.update``.
        """
        (voice, sample), speaker = sample_key(voice_id, sample_id), check_id("speaker_id", speaker_id)
        identify = partial(dataclasses.replace, voice_id=voice, sample_id=sample, speaker_id=speaker)
        return await self._client._request(op.SPEAKERS_AUDIO_GET, voice, sample, speaker, finish=identify)
