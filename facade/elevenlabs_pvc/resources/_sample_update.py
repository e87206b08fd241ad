"""Validation and bookkeeping of ``samples.update``, shared by ``samples.update`` and ``speakers.select``."""

from __future__ import annotations

import math
import warnings
from typing import Any, Final

from elevenlabs_pvc_api.models import AddVoiceResponseModel, UpdateSampleBody
from elevenlabs_pvc_api.types import UNSET, Response, Unset

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import InvalidArgumentError, SpeakerSelectionClearedWarning, SpeakerSelectionOverrideWarning
from elevenlabs_pvc.resources._shared import SampleKey, checked
from elevenlabs_pvc.validation import (
    check_bool,
    check_file_name,
    check_id,
    check_trim_window,
    speaker_ids,
    trim_time_ms,
)

__all__ = ["UPDATE", "finish_update", "prepare_update"]

UPDATE: Final = "update PVC sample"
#: Frames between a warning helper below and the caller of ``Samples.update``.
_USER_FRAME: Final = 3


def _selection_warning(
    connection: _Connection, key: SampleKey, selection: list[str] | Unset | None, stacklevel: int, *, override: bool
) -> None:
    """Warn when ``selection`` clears the sample's selection, or (``override``) drops IDs from the known one."""
    if isinstance(selection, Unset):
        return
    previous = connection.selections.get(key, ())
    dropped = [speaker for speaker in previous if selection is None or speaker not in selection]
    sample = f"sample {key[1]!r} of voice {key[0]!r}"
    if selection == []:
        message = f"selected_speaker_ids=[] clears the speaker selection of {sample}"
        if dropped:
            message += f" (deselecting {dropped})"
        warnings.warn(message, SpeakerSelectionClearedWarning, stacklevel=stacklevel + 1)
    elif dropped and override:
        sent = "None (null)" if selection is None else repr(selection)
        warnings.warn(
            f"selected_speaker_ids={sent} replaces the selection {list(previous)} known for {sample} "
            f"and deselects {dropped}: the API replaces the whole selection on every update, "
            "so list every speaker to keep (or use client.samples.speakers.select)",
            SpeakerSelectionOverrideWarning,
            stacklevel=stacklevel + 1,
        )


def _check_against_duration(connection: _Connection, key: SampleKey, start: int | None, end: int | None) -> None:
    duration = connection.durations.get(key)
    if duration is None:
        return
    limit = math.ceil(duration * 1000)
    sample = f"sample {key[1]!r}, which lasts {limit} ms ({duration:g} s)"
    if end is not None and end > limit:
        raise InvalidArgumentError("trim_end_time", end, f"trim_end_time ({end} ms) is beyond the end of {sample}")
    if start is not None and start >= limit:
        raise InvalidArgumentError(
            "trim_start_time", start, f"trim_start_time ({start} ms) is at or after the end of {sample}"
        )


def prepare_update(
    connection: _Connection,
    voice_id: object,
    sample_id: object,
    trim_start_time: object,
    trim_end_time: object,
    remove_background_noise: object,
    selected_speaker_ids: object,
    file_name: object,
    *,
    stacklevel: int = _USER_FRAME,
    warn_override: bool = True,
) -> tuple[SampleKey, UpdateSampleBody, list[str] | Unset | None]:
    """Validate the arguments of ``samples.update`` and build the body; warn where it is risky."""
    key = (check_id("voice_id", voice_id), check_id("sample_id", sample_id))
    start = UNSET if isinstance(trim_start_time, Unset) else trim_time_ms("trim_start_time", trim_start_time)
    end = UNSET if isinstance(trim_end_time, Unset) else trim_time_ms("trim_end_time", trim_end_time)
    noise = (
        UNSET
        if isinstance(remove_background_noise, Unset)
        else check_bool("remove_background_noise", remove_background_noise)
    )
    selection = UNSET if isinstance(selected_speaker_ids, Unset) else speaker_ids(selected_speaker_ids)
    name = UNSET if isinstance(file_name, Unset) else check_file_name("file_name", file_name)
    known_start = None if isinstance(start, Unset) else start
    known_end = None if isinstance(end, Unset) else end
    check_trim_window(known_start, known_end, stacklevel=stacklevel)
    _check_against_duration(connection, key, known_start, known_end)
    _selection_warning(connection, key, selection, stacklevel, override=warn_override)
    body = UpdateSampleBody(
        # Passed explicitly: the model's default would send ``false`` when the caller said nothing.
        remove_background_noise=noise,
        selected_speaker_ids=selection,
        trim_start_time=start,
        trim_end_time=end,
        file_name=name,
    )
    return key, body, selection


def finish_update(
    connection: _Connection, key: SampleKey, selection: list[str] | Unset | None, response: Response[Any]
) -> AddVoiceResponseModel:
    updated = checked(response, AddVoiceResponseModel, UPDATE, voice_id=str)
    if not isinstance(selection, Unset):
        connection.selections[key] = tuple(selection or ())
    return updated
