"""The fourteen PVC operations, each described once: how a call becomes a request, and an answer a result.

``_request`` (``_async/_client.py``) runs :meth:`Operation.prepare`, the attempt loop (``_async/_send.py``),
then :meth:`Operation.parse`, the only step that can raise a ``ResponseValidationError``.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any, Final, Generic, TypeVar

import httpx
from elevenlabs_pvc_api import Client as GeneratedClient
from elevenlabs_pvc_api import models as m
from elevenlabs_pvc_api.types import Response, Unset

from elevenlabs_pvc import _state, uploads
from elevenlabs_pvc._response import MAX_AUDIO_BYTES, MAX_JSON_BYTES, Call, scrub
from elevenlabs_pvc._settings import Options
from elevenlabs_pvc.errors import OperationFailedError, PVCError, ResponseValidationError, SpeakerSeparationError
from elevenlabs_pvc.results import Audio, Captcha
from elevenlabs_pvc.types import Sample, Separation

T = TypeVar("T")
#: Turns the generated parser's result into what the facade returns, or raises.
Check = Callable[[str, Response[Any]], T]
# What the generated parser raises on a body of the wrong shape (JSONDecodeError is a ValueError).
_PARSE_ERRORS: Final = (LookupError, TypeError, ValueError, AttributeError, RecursionError, OverflowError)
# The generated parsers read only `raise_on_unexpected_status` from it; it never sends anything.
_PARSER: Final = GeneratedClient(base_url="")


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One PVC operation: its name in messages, its generated module, its retry rule, its answer check."""

    name: str
    #: The spec's operationId, which names the generated module: ``elevenlabs_pvc_api.api.<tag>.<operation_id>``.
    operation_id: str
    #: Safe to repeat after it may have reached the API (see ``_async/_send.py`` for what is retried).
    repeatable: bool
    check: Check[T]
    #: The largest answer accepted, in bytes after decompression.
    max_bytes: int = MAX_JSON_BYTES
    module: ModuleType = field(init=False, repr=False)

    def __post_init__(self) -> None:
        tag = self.operation_id.rpartition("_")[0]  # pvc_create is in api/pvc, samples_audio_get in api/samples_audio
        object.__setattr__(self, "module", import_module(f"elevenlabs_pvc_api.api.{tag}.{self.operation_id}"))

    def prepare(
        self, options: Options, path: tuple[str, ...], params: dict[str, Any], deadline: float | None
    ) -> tuple[Call, dict[str, Any]]:
        """The call (``deadline``: a monotonic time, else the options') and ``build_request``'s arguments."""
        # The module's request builder: openapi-python-client's public functions also send, and read unbounded.
        kwargs = self.module._get_kwargs(*path, **params, xi_api_key=options.api_key)
        method, url, headers = kwargs.pop("method").upper(), kwargs.pop("url"), kwargs.pop("headers")
        # httpx writes the Content-Type of the body itself.  For multipart, the generated code would send
        # `boundary=+++`, a fixed boundary that audio bytes could contain; httpx writes a random one.
        headers.pop("Content-Type", None)
        if options.headers:
            headers = {**options.headers, **headers}
        # The send loop never follows a redirect: the key must never follow one to another host.
        request = {"method": method, "url": options.base_url + url, "headers": headers, **kwargs}
        if deadline is None and options.deadline is not None:
            deadline = _state.monotonic() + options.deadline
        timeout = None if isinstance(options.timeout, Unset) else httpx.Timeout(options.timeout)
        parts = tuple(uploads.parts(request)) if "files" in kwargs else ()
        secret, policy = options.api_key, options.retries
        call = Call(self.name, method, url, self.repeatable, policy, secret, parts, self.max_bytes, deadline, timeout)
        return call, request

    def parse(self, call: Call, response: httpx.Response, finish: Callable[[T], T] | None = None) -> T:
        """The result of a 2xx answer: the generated parser, the check (which builds the result types), ``finish``.

        Raises ResponseValidationError (the body breaks the spec) or OperationFailedError (status not "ok").
        """
        try:
            try:
                result = self.check(self.name, self.module._build_response(client=_PARSER, response=response))
            except PVCError:  # the check's own error, kept as it is (the family has ValueErrors too)
                raise
            except _PARSE_ERRORS as error:
                problem = f" ({type(error).__name__}: {error})"
                raise _invalid(self.name, response.status_code, problem, call) from error
            return result if finish is None else finish(result)
        except PVCError as error:
            raise scrub(error, call.secret) from error.__cause__


def _invalid(name: str, status: int, problem: str, call: Call | None = None) -> ResponseValidationError:
    message = f"{name}: the API answered {int(status)} with a body that does not match the spec{problem}"
    return ResponseValidationError(message, method=call.method if call else None, path=call.path if call else None)


def _model(expected: type[T], **fields: type | tuple[type, ...]) -> Check[T]:
    """The parsed body, if it is an ``expected`` whose ``fields`` have the spec's types (the parser only casts)."""
    # A JSON number may come without a fraction: an int is a float here (a bool is neither).
    kinds = {name: kind if isinstance(kind, tuple) else (kind,) for name, kind in fields.items()}
    kinds = {name: (*allowed, int) if float in allowed else allowed for name, allowed in kinds.items()}

    def check(name: str, response: Response[Any]) -> T:
        parsed = response.parsed
        if not isinstance(parsed, expected):
            raise _invalid(name, response.status_code, f": expected {expected.__name__}, got {type(parsed).__name__}")
        for attribute, allowed in kinds.items():
            value = getattr(parsed, attribute)
            if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
                problem = f": {attribute} has the wrong type: {type(value).__name__} {value!r}"
                raise _invalid(name, response.status_code, problem)
        return parsed

    return check


def _ok(expected: type[T], error: type[PVCError] = OperationFailedError) -> Check[T]:
    """The parsed ``{"status": ...}`` body, if its status is ``"ok"``; otherwise raise ``error``."""
    checked = _model(expected, status=str)

    def check(name: str, response: Response[Any]) -> T:
        parsed = checked(name, response)
        if (status := getattr(parsed, "status")) != "ok":  # noqa: B009 - T declares no `status`
            raise error(f"{name}: the API answered status {status!r} instead of 'ok'")
        return parsed

    return check


def _samples(name: str, response: Response[Any]) -> list[Sample]:
    samples: list[Any] = response.parsed or []
    if not response.content.lstrip().startswith(b"[") or not all(
        isinstance(sample, m.SampleResponseModel) and isinstance(sample.sample_id, str) for sample in samples
    ):
        raise _invalid(name, response.status_code, ": expected a list of samples")
    return [Sample.from_model(sample) for sample in samples]


def _audio(expected: type) -> Check[Audio]:
    """Decode the base64 audio of the answer into :class:`Audio` (the resource adds the IDs)."""
    checked: Check[Any] = _model(expected, audio_base_64=str, media_type=str, duration_secs=(float, Unset, type(None)))

    def check(name: str, response: Response[Any]) -> Audio:
        model = checked(name, response)
        duration = None if isinstance(model.duration_secs, Unset | None) else float(model.duration_secs)
        if duration is not None and not math.isfinite(duration):
            raise _invalid(name, response.status_code, f": duration_secs must be a number, got {duration!r}")
        try:
            data = base64.b64decode(model.audio_base_64, validate=True)
        except ValueError as error:  # binascii.Error
            raise _invalid(name, response.status_code, f": audio_base_64 is not valid base64 ({error})") from error
        return Audio(data=data, media_type=model.media_type, duration_secs=duration)

    return check


def _separation(name: str, response: Response[Any]) -> Separation:
    return Separation.from_model(_model(m.SpeakerSeparationResponseModel)(name, response))


def _captcha(name: str, response: Response[Any]) -> Captcha:
    # The spec declares no schema: whatever arrived is the answer.
    return Captcha(content=response.content, content_type=response.headers.get("content-type", ""))


_VOICE = _model(m.AddVoiceResponseModel, voice_id=str)
_TRAINING, _DELETED = _ok(m.StartPVCVoiceTrainingResponseModel), _ok(m.DeleteVoiceSampleResponseModel)
_PREVIEW, _SEPARATED = _audio(m.VoiceSamplePreviewResponseModel), _audio(m.SpeakerAudioResponseModel)
_WAVEFORM = _model(m.VoiceSampleVisualWaveformResponseModel, sample_id=str, visual_waveform=list)
_STARTED = _ok(m.StartSpeakerSeparationResponseModel, SpeakerSeparationError)
_REQUESTED, _VERIFIED = _ok(m.RequestPVCManualVerificationResponseModel), _ok(m.VerifyPVCVoiceCaptchaResponseModel)

AUDIO: Final = MAX_AUDIO_BYTES  # the last column, where it is not MAX_JSON_BYTES
# fmt: off
#                               name in messages                   operationId (generated module)  repeatable answer
PVC_CREATE = Operation(           "create PVC voice",                "pvc_create",                  False, _VOICE)
PVC_UPDATE = Operation(           "edit PVC voice",                  "pvc_update",                  True,  _VOICE)
PVC_TRAIN = Operation(            "train PVC voice",                 "pvc_train",                   False, _TRAINING)
SAMPLES_CREATE = Operation(       "add samples to PVC voice",        "samples_create",              False, _samples)
SAMPLES_UPDATE = Operation(       "update PVC sample",               "samples_update",              True,  _VOICE)
SAMPLES_DELETE = Operation(       "delete PVC sample",               "samples_delete",              False, _DELETED)
SAMPLES_AUDIO_GET = Operation(    "get PVC sample audio",            "samples_audio_get",           True,  _PREVIEW, AUDIO)  # noqa: E501
SAMPLES_WAVEFORM_GET = Operation( "get PVC sample waveform",         "samples_waveform_get",        True,  _WAVEFORM)
SPEAKERS_GET = Operation(         "get speaker separation status",   "samples_speakers_get",        True,  _separation)
SPEAKERS_SEPARATE = Operation(    "start speaker separation",        "samples_speakers_separate",   False, _STARTED)
SPEAKERS_AUDIO_GET = Operation(   "get separated speaker audio",     "samples_speakers_audio_get",  True,  _SEPARATED, AUDIO)  # noqa: E501
VERIFICATION_REQUEST = Operation( "request PVC manual verification", "verification_request",        False, _REQUESTED)
CAPTCHA_GET = Operation(          "get PVC verification captcha",    "verification_captcha_get",    True,  _captcha, AUDIO)  # noqa: E501
CAPTCHA_VERIFY = Operation(       "verify PVC captcha",              "verification_captcha_verify", False, _VERIFIED)
# fmt: on
#: Every operation above, for tests and tools that go over all of them.
OPERATIONS: Final = tuple(value for value in list(globals().values()) if isinstance(value, Operation))
