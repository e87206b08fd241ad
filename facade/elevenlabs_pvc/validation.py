"""Argument checks that run before any request is sent.

Each names the parameter and the value it refused, in an ``InvalidArgumentError`` (a ``ValueError``)
or ``InvalidArgumentTypeError`` (a ``TypeError``); ``UNSET`` (an argument not given) passes.  Trim
times are **milliseconds**: an ``int`` or a whole-millisecond ``timedelta``.  A float such as ``1.5``
is refused, not guessed at: seconds passed as milliseconds is the mistake most worth catching.
"""

from __future__ import annotations

import numbers
from datetime import timedelta
from typing import Any, Final
from urllib.parse import quote

from elevenlabs_pvc_api.types import Unset

from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["MAX_ID_LENGTH", "check_bool", "check_id", "check_text", "sample_key", "speaker_ids", "trim_time_ms"]

_ONE_MS: Final = timedelta(milliseconds=1)
#: The longest ID, once percent-encoded, that goes into a URL (servers commonly refuse URLs over 8 KB).
MAX_ID_LENGTH: Final = 2048


def _wrong_type(parameter: str, value: object, expected: str) -> InvalidArgumentTypeError:
    return InvalidArgumentTypeError(
        parameter, value, f"{parameter} must be {expected}, got {type(value).__name__} {value!r}"
    )


def _check_sendable(parameter: str, value: str) -> None:
    """Refuse lone surrogates, which no encoding can send."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidArgumentError(
                parameter, value, f"{parameter}={value!r} holds characters that cannot be sent"
            ) from None


def check_id(parameter: str, value: object) -> str:
    """Return ``value`` if it is usable as a path ID (``voice_id``, ``sample_id``, ``speaker_id``).

    IDs are percent-encoded into the path (``"a/b"`` stays one segment); ``"."`` and ``".."`` are refused:
    HTTP clients resolve them as dot segments, and the request would go to another endpoint.

    Raises:
        InvalidArgumentTypeError: ``value`` is not a ``str``.
        InvalidArgumentError: ``value`` is blank, ``"."`` or ``".."``, holds lone surrogates, or is
            longer than :data:`MAX_ID_LENGTH` once encoded.
    """
    if type(value) is not str and not isinstance(value, str):
        raise _wrong_type(parameter, value, "a str")
    if not value or value.isspace():
        raise InvalidArgumentError(parameter, value, f"{parameter} must be a non-empty ID, got {value!r}")
    if value in (".", ".."):
        message = f"{parameter}={value!r} is a path dot segment, not an ID: it would address another endpoint"
        raise InvalidArgumentError(parameter, value, message)
    _check_sendable(parameter, value)
    # A character takes at most 12 characters percent-encoded: short IDs need no encoding to be measured.
    if len(value) * 12 > MAX_ID_LENGTH and (length := len(quote(value, safe=""))) > MAX_ID_LENGTH:
        message = f"{parameter} is {length} characters once encoded; at most {MAX_ID_LENGTH} fit"
        raise InvalidArgumentError(parameter, value, message)
    return value


def sample_key(voice_id: object, sample_id: object) -> tuple[str, str]:
    """The checked ``(voice_id, sample_id)`` that addresses a sample (raises as :func:`check_id`)."""
    return check_id("voice_id", voice_id), check_id("sample_id", sample_id)


def check_bool(parameter: str, value: object) -> Any:
    """``value`` if it is a real ``bool`` (not ``1``, not ``"true"``) or ``UNSET``; else InvalidArgumentTypeError."""
    if not isinstance(value, bool | Unset):
        raise _wrong_type(parameter, value, "a bool")
    return value


def check_text(parameter: str, value: object, *, nullable: bool = False, max_length: int | None = None) -> Any:
    """``value`` if a non-blank ``str`` of valid Unicode within ``max_length`` (or ``UNSET``, or a ``nullable`` None).

    Raises:
        InvalidArgumentTypeError: ``value`` is not a ``str`` (nor an allowed ``None``).
        InvalidArgumentError: ``value`` is blank, too long, or holds lone surrogates.
    """
    if isinstance(value, Unset) or (value is None and nullable):
        return value
    if not isinstance(value, str):
        raise _wrong_type(parameter, value, "a str or None" if nullable else "a str")
    if not value or value.isspace():
        raise InvalidArgumentError(parameter, value, f"{parameter} must not be blank, got {value!r}")
    if max_length is not None and len(value) > max_length:
        message = f"{parameter} is {len(value)} characters long; the API allows {max_length}"
        raise InvalidArgumentError(parameter, value, message)
    _check_sendable(parameter, value)
    return value


def trim_time_ms(parameter: str, value: object) -> Any:
    """A trim time in whole milliseconds; ``None`` and ``UNSET`` stay as they are.

    Takes an ``int`` (or integral number, such as ``numpy.int64``) of milliseconds, or a ``timedelta``.

    Raises:
        InvalidArgumentTypeError: ``bool``, ``float``, ``str`` or any other type.
        InvalidArgumentError: a negative time, or a ``timedelta`` with a fraction of a millisecond.
    """
    if type(value) is int:
        milliseconds = value
    elif value is None or isinstance(value, Unset):
        return value
    elif isinstance(value, timedelta):
        if value % _ONE_MS:
            raise InvalidArgumentError(parameter, value, f"{parameter}={value!r} is not a whole number of milliseconds")
        milliseconds = value // _ONE_MS
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        milliseconds = int(value)
    else:
        raise _wrong_type(parameter, value, "an int number of milliseconds or a datetime.timedelta")
    if milliseconds < 0:
        raise InvalidArgumentError(parameter, value, f"{parameter} must be >= 0 milliseconds, got {value!r}")
    return milliseconds


def speaker_ids(value: object, parameter: str = "selected_speaker_ids") -> Any:
    """A list of speaker IDs without duplicates (first occurrences kept); ``None`` and ``UNSET`` as they are.

    Raises:
        InvalidArgumentTypeError: a bare string, a set or any other non-list type, or a non-str item.
        InvalidArgumentError: an empty or blank ID.
    """
    if value is None or isinstance(value, Unset):
        return value
    if isinstance(value, str | bytes):
        single = f"not a single {type(value).__name__} {value!r}; did you mean [{value!r}]?"
        message = f"{parameter} must be a list of IDs, {single}"
        raise InvalidArgumentTypeError(parameter, value, message)
    if not isinstance(value, list | tuple):
        raise _wrong_type(parameter, value, "a list or tuple of str")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _wrong_type(f"{parameter}[{index}]", item, "a str")
        if not item.strip():
            raise InvalidArgumentError(parameter, value, f"{parameter}[{index}] must be a non-empty ID, got {item!r}")
    return list(dict.fromkeys(value))
