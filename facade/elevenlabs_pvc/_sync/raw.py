# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/raw.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
"""``client.with_raw_response``: every operation, returning the HTTP answer as a :class:`RawResponse`.

The resources below are the client's own, bound to a copy of the client whose call path
returns a :class:`~elevenlabs_pvc.results.RawResponse` instead of the parsed result
(``Options.raw``); these classes only give them the types that say so.  The helpers
``speakers.wait`` and ``speakers.select`` make several calls and are not offered here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar, cast

from elevenlabs_pvc.results import RawResponse

if TYPE_CHECKING:
    from elevenlabs_pvc._sync._client import PVCClient
    from elevenlabs_pvc._sync.samples import Samples
    from elevenlabs_pvc._sync.speakers import Speakers
    from elevenlabs_pvc._sync.verification import Verification

__all__ = ["PVCClientWithRawResponse"]

P = ParamSpec("P")
R = TypeVar("R")


def _raw(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """``method`` of a raw client, typed as what it returns there."""
    return cast("Callable[P, RawResponse[R]]", method)


class _Get(Generic[P, R]):
    """A sub-resource with one operation, ``get``."""

    def __init__(self, get: Callable[P, R]) -> None:
        self.get = _raw(get)


class SpeakersWithRawResponse:
    """``client.with_raw_response.samples.speakers``: ``get``, ``separate`` and ``audio.get``."""

    def __init__(self, speakers: Speakers) -> None:
        self.get = _raw(speakers.get)
        self.separate = _raw(speakers.separate)
        self.audio = _Get(speakers.audio.get)


class SamplesWithRawResponse:
    """``client.with_raw_response.samples``: ``create``, ``update``, ``delete``, and the sub-resources."""

    def __init__(self, samples: Samples) -> None:
        self.create = _raw(samples.create)
        self.update = _raw(samples.update)
        self.delete = _raw(samples.delete)
        self.audio = _Get(samples.audio.get)
        self.waveform = _Get(samples.waveform.get)
        self.speakers = SpeakersWithRawResponse(samples.speakers)


class VerificationWithRawResponse:
    """``client.with_raw_response.verification``: ``request``, ``captcha.get`` and ``captcha.verify``."""

    def __init__(self, verification: Verification) -> None:
        self.request = _raw(verification.request)
        self.captcha = CaptchasWithRawResponse(verification)


class CaptchasWithRawResponse:
    """``client.with_raw_response.verification.captcha``."""

    def __init__(self, verification: Verification) -> None:
        self.get = _raw(verification.captcha.get)
        self.verify = _raw(verification.captcha.verify)


class PVCClientWithRawResponse:
    """``client.with_raw_response``: the fourteen operations, each returning a :class:`RawResponse`.

    ::

        raw = client.with_raw_response.samples.update(voice_id, sample_id, file_name="a.wav")
        print(raw.status_code, raw.request_id)
        updated = raw.parse()  # what client.samples.update would have returned

    """

    def __init__(self, client: PVCClient) -> None:
        self.create = _raw(client.create)
        self.update = _raw(client.update)
        self.train = _raw(client.train)
        self.samples = SamplesWithRawResponse(client.samples)
        self.verification = VerificationWithRawResponse(client.verification)
