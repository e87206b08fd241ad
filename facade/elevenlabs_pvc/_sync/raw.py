# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/raw.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
# Written by scripts/raw_responses.py from the resources in facade/elevenlabs_pvc/_sync/: do not edit.
# Change a resource and run `make generate`; `make check` fails when this file differs.
"""``client.with_raw_response``: every operation, returning the HTTP answer as a :class:`RawResponse`.

Each class wraps one resource of a client whose call path returns a
:class:`~elevenlabs_pvc.results.RawResponse` (``Options.raw``): it only gives the
methods the types that say so.  ``raw.parse()`` returns what the plain call returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

from elevenlabs_pvc.results import RawResponse

if TYPE_CHECKING:
    from elevenlabs_pvc._sync._client import PVCClient
    from elevenlabs_pvc._sync.samples import SampleAudio, Samples, Waveform
    from elevenlabs_pvc._sync.speakers import SpeakerAudio, Speakers
    from elevenlabs_pvc._sync.verification import Captchas, Verification

P = ParamSpec("P")
R = TypeVar("R")


def _raw(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """``method`` of a raw client, typed as what it returns there."""
    return cast("Callable[P, RawResponse[R]]", method)


class SpeakerAudioWithRawResponse:
    """``client.with_raw_response.samples.speakers.audio``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: SpeakerAudio) -> None:
        self.get = _raw(resource.get)


class SpeakersWithRawResponse:
    """``client.with_raw_response.samples.speakers``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: Speakers) -> None:
        self.get = _raw(resource.get)
        self.separate = _raw(resource.separate)
        self.audio = SpeakerAudioWithRawResponse(resource.audio)


class SampleAudioWithRawResponse:
    """``client.with_raw_response.samples.audio``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: SampleAudio) -> None:
        self.get = _raw(resource.get)


class WaveformWithRawResponse:
    """``client.with_raw_response.samples.waveform``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: Waveform) -> None:
        self.get = _raw(resource.get)


class SamplesWithRawResponse:
    """``client.with_raw_response.samples``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: Samples) -> None:
        self.create = _raw(resource.create)
        self.update = _raw(resource.update)
        self.delete = _raw(resource.delete)
        self.speakers = SpeakersWithRawResponse(resource.speakers)
        self.audio = SampleAudioWithRawResponse(resource.audio)
        self.waveform = WaveformWithRawResponse(resource.waveform)


class CaptchasWithRawResponse:
    """``client.with_raw_response.verification.captcha``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: Captchas) -> None:
        self.get = _raw(resource.get)
        self.verify = _raw(resource.verify)


class VerificationWithRawResponse:
    """``client.with_raw_response.verification``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: Verification) -> None:
        self.request = _raw(resource.request)
        self.captcha = CaptchasWithRawResponse(resource.captcha)


class PVCClientWithRawResponse:
    """``client.with_raw_response``: its operations, each returning a :class:`RawResponse`."""

    def __init__(self, resource: PVCClient) -> None:
        self.create = _raw(resource.create)
        self.update = _raw(resource.update)
        self.train = _raw(resource.train)
        self.samples = SamplesWithRawResponse(resource.samples)
        self.verification = VerificationWithRawResponse(resource.verification)
