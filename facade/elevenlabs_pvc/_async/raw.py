# Written by scripts/raw_responses.py from the resources in facade/elevenlabs_pvc/_async/: do not edit.
# Change a resource and run `make generate`; `make check` fails when this file differs.
"""``client.with_raw_response``: every operation, returning the HTTP answer as a :class:`RawResponse`.

Each class wraps one resource of a client whose call path returns a
:class:`~elevenlabs_pvc.results.RawResponse` (``Options.raw``): it only gives the
methods the types that say so.  ``raw.parse()`` returns what the plain call returns.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

from elevenlabs_pvc.results import RawResponse

if TYPE_CHECKING:
    from elevenlabs_pvc._async._client import AsyncPVCClient
    from elevenlabs_pvc._async.samples import AsyncSampleAudio, AsyncSamples, AsyncWaveform
    from elevenlabs_pvc._async.speakers import AsyncSpeakerAudio, AsyncSpeakers
    from elevenlabs_pvc._async.verification import AsyncCaptchas, AsyncVerification

P = ParamSpec("P")
R = TypeVar("R")


def _raw(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """``method`` of a raw client, typed as what it returns there."""
    return cast("Callable[P, Awaitable[RawResponse[R]]]", method)


class AsyncSpeakerAudioWithRawResponse:
    """``client.with_raw_response.samples.speakers.audio``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncSpeakerAudio) -> None:
        self.get = _raw(resource.get)


class AsyncSpeakersWithRawResponse:
    """``client.with_raw_response.samples.speakers``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncSpeakers) -> None:
        self.get = _raw(resource.get)
        self.separate = _raw(resource.separate)
        self.audio = AsyncSpeakerAudioWithRawResponse(resource.audio)


class AsyncSampleAudioWithRawResponse:
    """``client.with_raw_response.samples.audio``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncSampleAudio) -> None:
        self.get = _raw(resource.get)


class AsyncWaveformWithRawResponse:
    """``client.with_raw_response.samples.waveform``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncWaveform) -> None:
        self.get = _raw(resource.get)


class AsyncSamplesWithRawResponse:
    """``client.with_raw_response.samples``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncSamples) -> None:
        self.create = _raw(resource.create)
        self.update = _raw(resource.update)
        self.delete = _raw(resource.delete)
        self.speakers = AsyncSpeakersWithRawResponse(resource.speakers)
        self.audio = AsyncSampleAudioWithRawResponse(resource.audio)
        self.waveform = AsyncWaveformWithRawResponse(resource.waveform)


class AsyncCaptchasWithRawResponse:
    """``client.with_raw_response.verification.captcha``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncCaptchas) -> None:
        self.get = _raw(resource.get)
        self.verify = _raw(resource.verify)


class AsyncVerificationWithRawResponse:
    """``client.with_raw_response.verification``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncVerification) -> None:
        self.request = _raw(resource.request)
        self.captcha = AsyncCaptchasWithRawResponse(resource.captcha)


class AsyncPVCClientWithRawResponse:
    """``client.with_raw_response``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: AsyncPVCClient) -> None:
        self.create = _raw(resource.create)
        self.update = _raw(resource.update)
        self.train = _raw(resource.train)
        self.samples = AsyncSamplesWithRawResponse(resource.samples)
        self.verification = AsyncVerificationWithRawResponse(resource.verification)
