"""elevenlabs_pvc: a typed, safe client for the ElevenLabs Professional Voice Cloning (PVC) API.

::

    with PVCClient() as client:  # reads ELEVENLABS_API_KEY
        client.samples.update(voice_id, sample_id, trim_start_time=1_500, trim_end_time=42_000)  # milliseconds
        client.samples.speakers.separate(voice_id, sample_id)
        status = client.samples.speakers.wait(voice_id, sample_id)
        client.samples.speakers.select(voice_id, sample_id, add=["SPEAKER_1"])

``AsyncPVCClient`` is the same with ``async with`` and ``await``.  Every error is a :class:`PVCError`;
every warning a :class:`PVCWarning`.  The client generated from the spec is ``elevenlabs_pvc_api``.
"""

__version__ = "0.2.0"

from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import errors
from elevenlabs_pvc._async._client import AsyncPVCClient
from elevenlabs_pvc._settings import DEFAULT_TIMEOUT, ENV_API_KEY, ENV_BASE_URL
from elevenlabs_pvc._sync._client import PVCClient
from elevenlabs_pvc.errors import *  # noqa: F403 - every error and warning class, as listed in errors.__all__
from elevenlabs_pvc.regions import REGIONS, Region
from elevenlabs_pvc.results import Audio, Captcha, RawResponse
from elevenlabs_pvc.timing import TrimWindow, ms_to_seconds, seconds_to_ms, trim_window
from elevenlabs_pvc.types import Sample, Separation, SeparationStatus, Speaker, Utterance

# help() and reprs show the generated "not given" sentinel as UNSET, not <... object at 0x7f...>.
setattr(Unset, "__repr__", lambda self: "UNSET")  # noqa: B010 - the class is generated; this is its only change

# fmt: off
__all__ = [
    "DEFAULT_TIMEOUT", "ENV_API_KEY", "ENV_BASE_URL", "REGIONS", "UNSET", "AsyncPVCClient", "Audio", "Captcha",
    "PVCClient", "RawResponse", "Region", "Sample", "Separation", "SeparationStatus", "Speaker", "TrimWindow", "Unset",
    "Utterance", "__version__", "ms_to_seconds", "seconds_to_ms", "trim_window", *errors.__all__,
]
# fmt: on
