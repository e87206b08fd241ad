"""Plumbing every resource uses: checking what the generated parser returned, decoding audio."""

from __future__ import annotations

import base64
import binascii
import math
from types import TracebackType
from typing import Any, Final, TypeVar

from elevenlabs_pvc_api.types import Response, Unset

from elevenlabs_pvc.errors import PVCError, ResponseValidationError
from elevenlabs_pvc.results import Audio
from elevenlabs_pvc.validation import check_id

Model = TypeVar("Model")
#: A sample is addressed by (voice_id, sample_id).
SampleKey = tuple[str, str]

# What the generated parser raises on a body of the wrong shape (JSONDecodeError is a ValueError).
_PARSE_ERRORS: Final = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def sample_key(voice_id: object, sample_id: object) -> SampleKey:
    """The checked ``(voice_id, sample_id)`` of a sample.

    Raises:
        InvalidArgumentTypeError, InvalidArgumentError: as :func:`~elevenlabs_pvc.validation.check_id`.

    """
    return check_id("voice_id", voice_id), check_id("sample_id", sample_id)


class SpecParsing:
    """Turn a failure of the generated parser on a 2xx answer into a ResponseValidationError.

    Non-2xx answers never reach the parser: the transport raises for them first.
    """

    def __init__(self, operation: str) -> None:
        self.operation = operation

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if isinstance(error, _PARSE_ERRORS) and not isinstance(error, PVCError):
            raise ResponseValidationError(
                f"{self.operation}: the API answered 2xx with a body that does not match the spec "
                f"({type(error).__name__}: {error})"
            ) from error


def checked(response: Response[Any], expected: type[Model], operation: str, **fields: type | tuple[type, ...]) -> Model:
    """The parsed body, if it is an ``expected`` whose ``fields`` have the spec's types.

    Raises:
        ResponseValidationError: anything else (the generated parser does not check types).

    """
    parsed = response.parsed
    problem = None
    if not isinstance(parsed, expected):
        problem = f"expected {expected.__name__}, got {type(parsed).__name__}"
    else:
        for name, kind in fields.items():
            value = getattr(parsed, name)
            if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
                problem = f"{name} has the wrong type: {type(value).__name__} {value!r}"
                break
    if problem is not None:
        raise ResponseValidationError(
            f"{operation}: the API answered {int(response.status_code)} with a body that does not match the spec: "
            f"{problem}"
        )
    return parsed  # type: ignore[return-value]  # checked by isinstance above


def require_ok(response: Response[Any], expected: type[Model], operation: str, error: type[PVCError]) -> Model:
    """The parsed ``{"status": ...}`` body, if its status is ``"ok"``; otherwise raise ``error``."""
    parsed = checked(response, expected, operation, status=str)
    status = parsed.status  # type: ignore[attr-defined]
    if status != "ok":
        raise error(f"{operation}: the API answered status {status!r} instead of 'ok'")
    return parsed


def decode_audio(operation: str, audio_base_64: object, media_type: object, duration_secs: object, **ids: str) -> Audio:
    """Decode the base64 audio of an API answer into :class:`Audio`.

    Raises:
        ResponseValidationError: the audio is not valid base64 or the fields have the wrong types.

    """
    if not isinstance(audio_base_64, str) or not isinstance(media_type, str):
        raise ResponseValidationError(f"{operation}: audio_base_64 and media_type must be strings")
    if isinstance(duration_secs, Unset) or duration_secs is None:
        duration = None
    elif (
        isinstance(duration_secs, int | float) and not isinstance(duration_secs, bool) and math.isfinite(duration_secs)
    ):
        duration = float(duration_secs)
    else:
        raise ResponseValidationError(f"{operation}: duration_secs must be a number, got {duration_secs!r}")
    try:
        data = base64.b64decode(audio_base_64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ResponseValidationError(f"{operation}: audio_base_64 is not valid base64 ({error})") from error
    return Audio(data=data, media_type=media_type, duration_secs=duration, **ids)
