"""``client.samples`` and ``client.samples.speakers``: update a sample, separate its speakers.

Every method checks its arguments before sending anything, calls the
generated function for the operation (``elevenlabs_pvc_api.api...``), and
returns the generated response model.  The sync and async classes share all
their logic through the module-level helpers; they differ only in ``await``.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from types import TracebackType
from typing import Any, Final, TypeVar

from elevenlabs_pvc_api.api.samples import samples_update
from elevenlabs_pvc_api.api.samples_speakers import samples_speakers_separate
from elevenlabs_pvc_api.models import AddVoiceResponseModel, StartSpeakerSeparationResponseModel, UpdateSampleBody
from elevenlabs_pvc_api.types import UNSET, Response, Unset

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import (
    PVCError,
    ResponseValidationError,
    SpeakerSelectionClearedWarning,
    SpeakerSelectionOverrideWarning,
    SpeakerSeparationError,
)
from elevenlabs_pvc.validation import (
    check_bool,
    check_file_name,
    check_id,
    check_trim_window,
    speaker_ids,
    trim_time_ms,
)

__all__ = ["AsyncSamples", "AsyncSpeakers", "Samples", "Speakers"]

Model = TypeVar("Model")
SampleKey = tuple[str, str]

#: Frames between a warning helper below and the caller of ``Samples.update``.
_USER_FRAME: Final = 3

_PARSE_ERRORS: Final = (KeyError, TypeError, ValueError, AttributeError, IndexError)

_UPDATE: Final = "update PVC sample"
_SEPARATE: Final = "start speaker separation"


class _SpecParsing:
    """Turn a failure of the generated parser on a 2xx answer into a ResponseValidationError."""

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        # What the generated parser raises on a body of the wrong shape (JSONDecodeError is a ValueError).
        if isinstance(error, _PARSE_ERRORS) and not isinstance(error, PVCError):
            raise ResponseValidationError(
                f"{self.operation}: the API answered 2xx with a body that does not match the spec "
                f"({type(error).__name__}: {error})"
            ) from error


def _checked(response: Response[Any], expected: type[Model], operation: str, **fields: type) -> Model:
    """The parsed body, if it is an ``expected`` whose ``fields`` have the spec's types."""
    parsed = response.parsed
    problem = None
    if not isinstance(parsed, expected):
        problem = f"expected {expected.__name__}, got {type(parsed).__name__}"
    else:
        for name, kind in fields.items():
            value = getattr(parsed, name)
            if not isinstance(value, kind):
                problem = f"{name} should be a {kind.__name__}, got {type(value).__name__} {value!r}"
                break
    if problem is not None:
        raise ResponseValidationError(
            f"{operation}: the API answered {int(response.status_code)} with a body that does not match the spec: "
            f"{problem}"
        )
    return parsed  # type: ignore[return-value]  # isinstance above


def _selection_warning(
    connection: _Connection, key: SampleKey, selection: list[str] | Unset | None, stacklevel: int
) -> None:
    """Warn when ``selection`` would replace one this client sent for the sample and drop IDs from it."""
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
    elif dropped:
        sent = "None (null)" if selection is None else repr(selection)
        warnings.warn(
            f"selected_speaker_ids={sent} replaces the selection {list(previous)} sent earlier for {sample} "
            f"and deselects {dropped}: the API replaces the whole selection on every update, "
            "so list every speaker to keep",
            SpeakerSelectionOverrideWarning,
            stacklevel=stacklevel + 1,
        )


def _prepare_update(
    connection: _Connection,
    voice_id: object,
    sample_id: object,
    trim_start_time: object,
    trim_end_time: object,
    remove_background_noise: object,
    selected_speaker_ids: object,
    file_name: object,
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
    check_trim_window(
        None if isinstance(start, Unset) else start,
        None if isinstance(end, Unset) else end,
        stacklevel=_USER_FRAME,
    )
    _selection_warning(connection, key, selection, stacklevel=_USER_FRAME)
    body = UpdateSampleBody(
        # Passed explicitly: the model's default would send ``false`` when the caller said nothing.
        remove_background_noise=noise,
        selected_speaker_ids=selection,
        trim_start_time=start,
        trim_end_time=end,
        file_name=name,
    )
    return key, body, selection


def _remember_selection(connection: _Connection, key: SampleKey, selection: list[str] | Unset | None) -> None:
    if not isinstance(selection, Unset):
        connection.selections[key] = tuple(selection or ())


def _separation_started(response: Response[Any]) -> StartSpeakerSeparationResponseModel:
    started = _checked(response, StartSpeakerSeparationResponseModel, _SEPARATE, status=str)
    if started.status != "ok":
        raise SpeakerSeparationError(f"{_SEPARATE}: the API answered status {started.status!r} instead of 'ok'")
    return started


class Samples:
    """The samples of PVC voices: ``client.samples``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        #: Speaker separation of a sample: ``client.samples.speakers``.
        self.speakers: Final = Speakers(connection)

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
                ``trim_start_time``.  A window under one second warns with ``ShortTrimWindowWarning``.
            remove_background_noise: run the API's audio isolation on the sample.  Sent only when
                given (the API's default is ``False``); it can make clean audio worse.
            selected_speaker_ids: the speakers (from speaker separation) to train on.  The API
                **replaces** the whole selection on every update, so pass every speaker to keep;
                dropping one this client selected earlier warns with ``SpeakerSelectionOverrideWarning``,
                and ``[]`` (which clears the selection) with ``SpeakerSelectionClearedWarning``.
                Duplicates are removed.
            file_name: a new file name for the sample.

        Returns:
            The API's answer, holding the ``voice_id``.

        Raises:
            InvalidArgumentTypeError: an argument of the wrong type (``bool``/``float``/``str`` trim
                times, a bare string for ``selected_speaker_ids``...); nothing was sent.
            InvalidArgumentError: a negative or fractional-millisecond trim time, ``trim_start_time >=
                trim_end_time``, an empty or dot-segment ID, an empty speaker ID; nothing was sent.
            UnprocessableEntityError: the API refused the values (422); ``.detail`` has its reasons.
            NotFoundError, AuthenticationError, PermissionDeniedError, RateLimitError, ServerError,
            APIError: other non-2xx answers.
            APIConnectionError, APITimeoutError: no answer.
            ResponseValidationError: a 2xx answer that does not match the spec.

        Retries: this update is safe to repeat (it sets values), so it is retried after 429, 502,
        503, 504 and connection failures, up to the client's ``max_retries``.

        """
        connection = self._connection
        key, body, selection = _prepare_update(
            connection,
            voice_id,
            sample_id,
            trim_start_time,
            trim_end_time,
            remove_background_noise,
            selected_speaker_ids,
            file_name,
        )
        with _SpecParsing(_UPDATE):
            response = samples_update.sync_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        updated = _checked(response, AddVoiceResponseModel, _UPDATE, voice_id=str)
        _remember_selection(connection, key, selection)
        return updated


class Speakers:
    """Speaker separation of a sample: ``client.samples.speakers``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def separate(self, voice_id: str, sample_id: str) -> StartSpeakerSeparationResponseModel:
        """Start speaker separation for a sample (it runs in the background on the API's side).

        Args:
            voice_id: the PVC voice.
            sample_id: the sample whose speakers to separate.

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
        key = (check_id("voice_id", voice_id), check_id("sample_id", sample_id))
        with _SpecParsing(_SEPARATE):
            response = samples_speakers_separate.sync_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return _separation_started(response)


class AsyncSamples:
    """The samples of PVC voices, for ``AsyncPVCClient``: ``client.samples``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        #: Speaker separation of a sample: ``client.samples.speakers``.
        self.speakers: Final = AsyncSpeakers(connection)

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
        key, body, selection = _prepare_update(
            connection,
            voice_id,
            sample_id,
            trim_start_time,
            trim_end_time,
            remove_background_noise,
            selected_speaker_ids,
            file_name,
        )
        with _SpecParsing(_UPDATE):
            response = await samples_update.asyncio_detailed(
                key[0], key[1], client=connection.repeatable, body=body, xi_api_key=connection.api_key
            )
        updated = _checked(response, AddVoiceResponseModel, _UPDATE, voice_id=str)
        _remember_selection(connection, key, selection)
        return updated


class AsyncSpeakers:
    """Speaker separation of a sample, for ``AsyncPVCClient``: ``client.samples.speakers``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

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
        key = (check_id("voice_id", voice_id), check_id("sample_id", sample_id))
        with _SpecParsing(_SEPARATE):
            response = await samples_speakers_separate.asyncio_detailed(
                key[0], key[1], client=connection.once, xi_api_key=connection.api_key
            )
        return _separation_started(response)
