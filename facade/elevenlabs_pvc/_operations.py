"""The fourteen PVC operations, each described once, and how a call becomes a request and back.

An :class:`Operation` names its generated module, says whether it is safe to repeat, and
how its 2xx answer is checked.  The one call path (``_request`` in ``_async/_client.py``)
does the rest: :func:`prepare` (the generated ``_get_kwargs``, plus key, headers, timeout,
base URL), the send loop (``_http.py``), then :func:`parse`, the only step that can raise
:class:`~elevenlabs_pvc.errors.ResponseValidationError`.  Loaded on the first call.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Final, Generic, Protocol, TypeVar

import httpx
from elevenlabs_pvc_api import Client as GeneratedClient
from elevenlabs_pvc_api import models as m
from elevenlabs_pvc_api.api.pvc import pvc_create, pvc_train, pvc_update
from elevenlabs_pvc_api.api.samples import samples_create, samples_delete, samples_update
from elevenlabs_pvc_api.api.samples_audio import samples_audio_get
from elevenlabs_pvc_api.api.samples_speakers import samples_speakers_get, samples_speakers_separate
from elevenlabs_pvc_api.api.samples_speakers_audio import samples_speakers_audio_get
from elevenlabs_pvc_api.api.samples_waveform import samples_waveform_get
from elevenlabs_pvc_api.api.verification import verification_request
from elevenlabs_pvc_api.api.verification_captcha import verification_captcha_get, verification_captcha_verify
from elevenlabs_pvc_api.types import Response, Unset

from elevenlabs_pvc import uploads
from elevenlabs_pvc._http import Call, scrub
from elevenlabs_pvc._settings import Options
from elevenlabs_pvc.errors import OperationFailedError, PVCError, ResponseValidationError, SpeakerSeparationError
from elevenlabs_pvc.results import Audio, Captcha
from elevenlabs_pvc.types import Sample, Separation

T = TypeVar("T")
M = TypeVar("M")
#: Turns the generated parser's result into what the facade returns, or raises.
Check = Callable[[str, Response[Any]], T]


class _HasStatus(Protocol):
    status: str


# What the generated parser raises on a body of the wrong shape (JSONDecodeError is a ValueError).
_PARSE_ERRORS: Final = (LookupError, TypeError, ValueError, AttributeError, RecursionError, OverflowError)
# The generated parsers read only `raise_on_unexpected_status` from it; it never sends anything.
_PARSER: Final = GeneratedClient(base_url="")


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One PVC operation: its name in messages, its generated module, its retry rule, its answer check."""

    name: str
    module: ModuleType
    #: Safe to repeat after it may have reached the API (see ``_http.py`` for what is retried).
    repeatable: bool
    check: Check[T]


def _invalid(name: str, response: Response[Any], problem: str) -> ResponseValidationError:
    status = int(response.status_code)
    return ResponseValidationError(
        f"{name}: the API answered {status} with a body that does not match the spec: {problem}"
    )


def _model(expected: type[M], **fields: type | tuple[type, ...]) -> Check[M]:
    """The parsed body, if it is an ``expected`` whose ``fields`` have the spec's types (the parser only casts)."""

    def check(name: str, response: Response[Any]) -> M:
        parsed = response.parsed
        if not isinstance(parsed, expected):
            raise _invalid(name, response, f"expected {expected.__name__}, got {type(parsed).__name__}")
        for field, kind in fields.items():
            value = getattr(parsed, field)
            if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
                raise _invalid(name, response, f"{field} has the wrong type: {type(value).__name__} {value!r}")
        return parsed

    return check


S = TypeVar("S", bound=_HasStatus)


def _ok(expected: type[S], error: type[PVCError] = OperationFailedError) -> Check[S]:
    """The parsed ``{"status": ...}`` body, if its status is ``"ok"``; otherwise raise ``error``."""
    checked = _model(expected, status=str)

    def check(name: str, response: Response[Any]) -> S:
        parsed = checked(name, response)
        if parsed.status != "ok":
            raise error(f"{name}: the API answered status {parsed.status!r} instead of 'ok'")
        return parsed

    return check


def _samples(name: str, response: Response[Any]) -> list[Sample]:
    samples: list[Any] = response.parsed or []
    if not response.content.lstrip().startswith(b"[") or not all(
        isinstance(sample, m.SampleResponseModel) and isinstance(sample.sample_id, str) for sample in samples
    ):
        raise _invalid(name, response, "expected a list of samples")
    return [Sample.from_model(sample) for sample in samples]


def _audio(expected: type) -> Check[Audio]:
    """Decode the base64 audio of the answer into :class:`Audio` (the resource adds the IDs)."""
    checked: Check[Any] = _model(expected, audio_base_64=str, media_type=str)

    def check(name: str, response: Response[Any]) -> Audio:
        model: Any = checked(name, response)
        duration = model.duration_secs
        if isinstance(duration, Unset) or duration is None:
            duration = None
        elif isinstance(duration, int | float) and not isinstance(duration, bool) and math.isfinite(duration):
            duration = float(duration)
        else:
            raise _invalid(name, response, f"duration_secs must be a number, got {duration!r}")
        try:
            data = base64.b64decode(model.audio_base_64, validate=True)
        except (binascii.Error, ValueError) as error:
            raise _invalid(name, response, f"audio_base_64 is not valid base64 ({error})") from error
        return Audio(data=data, media_type=model.media_type, duration_secs=duration)

    return check


def _separation(name: str, response: Response[Any]) -> Separation:
    return Separation.from_model(_model(m.SpeakerSeparationResponseModel)(name, response))


def _captcha(name: str, response: Response[Any]) -> Captcha:
    del name  # the spec declares no schema: whatever arrived is the answer
    return Captcha(content=response.content, content_type=response.headers.get("content-type", ""))


_VOICE = _model(m.AddVoiceResponseModel, voice_id=str)
_TRAINING = _ok(m.StartPVCVoiceTrainingResponseModel)
_DELETED = _ok(m.DeleteVoiceSampleResponseModel)
_PREVIEW = _audio(m.VoiceSamplePreviewResponseModel)
_WAVEFORM = _model(m.VoiceSampleVisualWaveformResponseModel, sample_id=str, visual_waveform=list)
_STATUS = _separation
_STARTED = _ok(m.StartSpeakerSeparationResponseModel, SpeakerSeparationError)
_SPEAKER_AUDIO = _audio(m.SpeakerAudioResponseModel)
_REQUESTED = _ok(m.RequestPVCManualVerificationResponseModel)
_VERIFIED = _ok(m.VerifyPVCVoiceCaptchaResponseModel)

# fmt: off
#                              name in messages                    generated module          repeatable  answer
PVC_CREATE = Operation(          "create PVC voice",                pvc_create,                 False, _VOICE)
PVC_UPDATE = Operation(          "edit PVC voice",                  pvc_update,                 True,  _VOICE)
PVC_TRAIN = Operation(           "train PVC voice",                 pvc_train,                  False, _TRAINING)
SAMPLES_CREATE = Operation(      "add samples to PVC voice",        samples_create,             False, _samples)
SAMPLES_UPDATE = Operation(      "update PVC sample",               samples_update,             True,  _VOICE)
SAMPLES_DELETE = Operation(      "delete PVC sample",               samples_delete,             False, _DELETED)
SAMPLES_AUDIO_GET = Operation(   "get PVC sample audio",            samples_audio_get,          True,  _PREVIEW)
SAMPLES_WAVEFORM_GET = Operation("get PVC sample waveform",         samples_waveform_get,       True,  _WAVEFORM)
SPEAKERS_GET = Operation(        "get speaker separation status",   samples_speakers_get,       True,  _STATUS)
SPEAKERS_SEPARATE = Operation(   "start speaker separation",        samples_speakers_separate,  False, _STARTED)
SPEAKERS_AUDIO_GET = Operation(  "get separated speaker audio",     samples_speakers_audio_get, True,  _SPEAKER_AUDIO)
VERIFICATION_REQUEST = Operation("request PVC manual verification", verification_request,       False, _REQUESTED)
CAPTCHA_GET = Operation(         "get PVC verification captcha",    verification_captcha_get,   True,  _captcha)
CAPTCHA_VERIFY = Operation(      "verify PVC captcha",              verification_captcha_verify, False, _VERIFIED)
# fmt: on
#: Every operation above, for tests and tools that go over all of them.
OPERATIONS: Final = tuple(value for value in list(globals().values()) if isinstance(value, Operation))


def prepare(
    operation: Operation[Any], options: Options, path: tuple[str, ...], params: dict[str, Any]
) -> tuple[Call, dict[str, Any]]:
    """The send loop's view of the call, and the keyword arguments of ``httpx.Client.request``."""
    kwargs = operation.module._get_kwargs(*path, **params, xi_api_key=options.api_key)
    method, url = kwargs.pop("method").upper(), kwargs.pop("url")
    headers = {**options.headers, **kwargs.pop("headers", {})}
    if "files" in kwargs:
        # The generated code sets `multipart/form-data; boundary=+++`, a fixed boundary that audio bytes
        # could contain; without the header httpx writes a random boundary and the matching header.
        headers.pop("Content-Type", None)
    # follow_redirects=False: the key must never follow a redirect to another host (httpx strips only Authorization).
    request = {"method": method, "url": options.base_url + url, "headers": headers, "follow_redirects": False, **kwargs}
    if not isinstance(options.timeout, Unset):
        request["timeout"] = options.timeout
    parts = tuple(uploads.parts(request))
    return Call(operation.name, method, url, operation.repeatable, options.retries, options.api_key, parts), request


def parse(operation: Operation[T], call: Call, response: httpx.Response, finish: Callable[[T], T] | None) -> T:
    """The result of a 2xx answer: the generated parser, then the operation's check, then ``finish``.

    Raises:
        ResponseValidationError: the body does not match the spec.
        OperationFailedError: the body says the operation did not succeed.
    """
    try:
        try:
            built = operation.module._build_response(client=_PARSER, response=response)
        except _PARSE_ERRORS as error:
            raise ResponseValidationError(
                f"{operation.name}: the API answered {response.status_code} with a body that does not match the spec "
                f"({type(error).__name__}: {error})",
                method=call.method,
                path=call.path,
            ) from error
        result = operation.check(operation.name, built)
        return result if finish is None else finish(result)
    except PVCError as error:
        raise scrub(error, call.secret) from error.__cause__
