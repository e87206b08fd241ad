"""``client.with_raw_response``: every operation, returning the HTTP answer as a :class:`RawResponse`.

The resources below are the client's own, bound to a copy of the client whose call path
returns a :class:`~elevenlabs_pvc.results.RawResponse` instead of the parsed result
(``Options.raw``); these classes only give them the types that say so.  The helpers
``speakers.wait`` and ``speakers.select`` make several calls and are not offered here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar, cast

from elevenlabs_pvc.results import RawResponse

if TYPE_CHECKING:
    from elevenlabs_pvc._async._client import AsyncPVCClient
    from elevenlabs_pvc._async.samples import AsyncSamples
    from elevenlabs_pvc._async.speakers import AsyncSpeakers
    from elevenlabs_pvc._async.verification import AsyncVerification

__all__ = ["AsyncPVCClientWithRawResponse"]

P = ParamSpec("P")
R = TypeVar("R")


def _raw(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """``method`` of a raw client, typed as what it returns there."""
    return cast("Callable[P, Awaitable[RawResponse[R]]]", method)


class _Get(Generic[P, R]):
    """A sub-resource with one operation, ``get``."""

    def __init__(self, get: Callable[P, Awaitable[R]]) -> None:
        self.get = _raw(get)


class AsyncSpeakersWithRawResponse:
    """``client.with_raw_response.samples.speakers``: ``get``, ``separate`` and ``audio.get``."""

    def __init__(self, speakers: AsyncSpeakers) -> None:
        self.get = _raw(speakers.get)
        self.separate = _raw(speakers.separate)
        self.audio = _Get(speakers.audio.get)


class AsyncSamplesWithRawResponse:
    """``client.with_raw_response.samples``: ``create``, ``update``, ``delete``, and the sub-resources."""

    def __init__(self, samples: AsyncSamples) -> None:
        self.create = _raw(samples.create)
        self.update = _raw(samples.update)
        self.delete = _raw(samples.delete)
        self.audio = _Get(samples.audio.get)
        self.waveform = _Get(samples.waveform.get)
        self.speakers = AsyncSpeakersWithRawResponse(samples.speakers)


class AsyncVerificationWithRawResponse:
    """``client.with_raw_response.verification``: ``request``, ``captcha.get`` and ``captcha.verify``."""

    def __init__(self, verification: AsyncVerification) -> None:
        self.request = _raw(verification.request)
        self.captcha = AsyncCaptchasWithRawResponse(verification)


class AsyncCaptchasWithRawResponse:
    """``client.with_raw_response.verification.captcha``."""

    def __init__(self, verification: AsyncVerification) -> None:
        self.get = _raw(verification.captcha.get)
        self.verify = _raw(verification.captcha.verify)


class AsyncPVCClientWithRawResponse:
    """``client.with_raw_response``: the fourteen operations, each returning a :class:`RawResponse`.

    ::

        raw = await client.with_raw_response.samples.update(voice_id, sample_id, file_name="a.wav")
        print(raw.status_code, raw.request_id)
        updated = raw.parse()  # what client.samples.update would have returned

    """

    def __init__(self, client: AsyncPVCClient) -> None:
        self.create = _raw(client.create)
        self.update = _raw(client.update)
        self.train = _raw(client.train)
        self.samples = AsyncSamplesWithRawResponse(client.samples)
        self.verification = AsyncVerificationWithRawResponse(client.verification)
