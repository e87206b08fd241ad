"""An in-memory fake of the fourteen PVC endpoints that behaves like the API.

It keeps voices and samples with real durations, runs speaker separation
(``not_started -> pending -> completed`` over a few status polls), stores trims
and the speaker selection each update replaces, answers 404 for unknown IDs,
401 without the right key, and 422 in the API's ``{"detail": [{"loc", "msg",
"type"}]}`` shape for bad input.  Its other errors have the shape production sends:
``{"detail": {"status", "code", "message", "request_id"}}`` (``status`` is the legacy
field, ``code`` the current one), and every answer carries an ``x-trace-id`` header.
:meth:`FakePVCAPI.throttle` makes the next requests answer 429
``too_many_concurrent_requests`` with ``retry-after`` and the concurrency headers.
Every request is checked against the spec before it is handled, and every response against the spec before it is sent
(``contract.py``), so the fake cannot drift from the spec.

Semantics the documentation leaves open, as this fake implements them:

* ``null`` for ``trim_start_time`` / ``trim_end_time`` clears that trim, ``null``
  for ``selected_speaker_ids`` clears the selection, ``null`` for ``file_name``
  keeps the name.
* ``selected_speaker_ids`` must name speakers of a completed separation (422 otherwise).
* Trims must satisfy ``0 <= start < end <= duration`` (in milliseconds; 422 otherwise).
* Training needs at least one sample (422 otherwise).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import unquote

import httpx

from elevenlabs_pvc.testing import audio, contract

__all__ = ["DEFAULT_API_KEY", "FakePVCAPI", "Sample", "Voice"]

#: The key the fake accepts unless told otherwise.
DEFAULT_API_KEY: Final = "fake-elevenlabs-key"

Reply = tuple[int, Any]


class _Refusal(Exception):
    """Stops handling with an error answer."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


def _problem(code: str, message: str) -> dict[str, Any]:
    """An error body as the API writes it: the legacy ``status`` and the current ``code`` (then ``request_id``)."""
    return {"detail": {"status": code, "code": code, "message": message}}


def _not_found(what: str, identifier: str) -> _Refusal:
    return _Refusal(404, _problem(f"{what}_not_found", f"{what.capitalize()} {identifier!r} was not found."))


def _invalid(location: list[Any], message: str, kind: str = "value_error") -> _Refusal:
    return _Refusal(422, {"detail": [{"loc": location, "msg": message, "type": kind}]})


@dataclass
class Sample:
    """A sample of a fake voice."""

    sample_id: str
    file_name: str
    audio: audio.AudioFile
    remove_background_noise: bool = False
    trim_start: int | None = None
    trim_end: int | None = None
    selected_speaker_ids: list[str] | None = None
    separation: str = "not_started"
    polls_left: int = 0
    speakers: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def as_json(self, voice_id: str) -> dict[str, Any]:
        """The sample as the API describes it (``SampleResponseModel``)."""
        return {
            "sample_id": self.sample_id,
            "file_name": self.file_name,
            "mime_type": self.audio.mime_type,
            "size_bytes": self.audio.size,
            "hash": self.audio.digest,
            "duration_secs": self.audio.duration_secs,
            "remove_background_noise": self.remove_background_noise,
            "has_isolated_audio": self.remove_background_noise,
            "has_isolated_audio_preview": self.remove_background_noise,
            "speaker_separation": self.separation_json(voice_id),
            "trim_start": self.trim_start,
            "trim_end": self.trim_end,
        }

    def separation_json(self, voice_id: str) -> dict[str, Any]:
        """The separation status as the API reports it (``SpeakerSeparationResponseModel``)."""
        speakers = None
        if self.separation == "completed":
            speakers = {
                speaker: {
                    "speaker_id": speaker,
                    "duration_secs": round(sum(end - start for start, end in spans), 3),
                    "utterances": [{"start": start, "end": end} for start, end in spans],
                }
                for speaker, spans in self.speakers.items()
            }
        return {
            "voice_id": voice_id,
            "sample_id": self.sample_id,
            "status": self.separation,
            "speakers": speakers,
            "selected_speaker_ids": self.selected_speaker_ids,
        }


@dataclass
class Voice:
    """A fake PVC voice."""

    voice_id: str
    name: str
    language: str
    description: str | None = None
    labels: dict[str, str] | None = None
    samples: dict[str, Sample] = field(default_factory=dict)
    training: str = "not_started"
    verification: str = "not_requested"


class FakePVCAPI:
    """A stateful, spec-checked stand-in for the ElevenLabs PVC API.

    Plug it into a client as an httpx transport::

        fake = FakePVCAPI()
        http = httpx.Client(transport=fake.transport, base_url="https://api.elevenlabs.io")
        client = PVCClient(api_key=fake.api_key, http_client=http)

    (``httpx.AsyncClient(transport=fake.transport, ...)`` for ``AsyncPVCClient``), or serve it
    on a loopback port with :func:`elevenlabs_pvc.testing.serve` / ``python -m elevenlabs_pvc.testing``.

    Args:
        api_key: the key requests must carry in ``xi-api-key``; ``None`` accepts any non-empty key.
        separation_polls: how many status polls a separation stays ``pending`` before it completes.

    Attributes:
        voices: the state, by voice ID, for tests to inspect.
        requests: every request received, in order (a body larger than ``audio.ANALYSED_BYTES`` is
            dropped once answered: the request keeps its headers, and its ``extensions`` have
            ``body_size`` and ``body_sha256``).
    """

    def __init__(self, api_key: str | None = DEFAULT_API_KEY, *, separation_polls: int = 2) -> None:
        self.api_key = api_key
        self.separation_polls = separation_polls
        self.voices: dict[str, Voice] = {}
        self.requests: list[httpx.Request] = []
        self._counter = 0
        self._throttled: list[float] = []  # the retry-after of each request still to refuse with 429
        self._lock = threading.Lock()
        self.transport: Final = httpx.MockTransport(self.handle)
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Reply]]] = [
            ("POST", re.compile(r"/v1/voices/pvc"), self._create_voice),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)"), self._edit_voice),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/train"), self._train),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples"), self._add_samples),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)"), self._update_sample),
            ("DELETE", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)"), self._delete_sample),
            ("GET", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)/audio"), self._sample_audio),
            ("GET", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)/waveform"), self._waveform),
            ("GET", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)/speakers"), self._status),
            (
                "POST",
                re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)/separate-speakers"),
                self._separate,
            ),
            (
                "GET",
                re.compile(
                    r"/v1/voices/pvc/(?P<voice>[^/]+)/samples/(?P<sample>[^/]+)/speakers/(?P<speaker>[^/]+)/audio"
                ),
                self._speaker_audio,
            ),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/verification"), self._request_verification),
            ("GET", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/captcha"), self._captcha),
            ("POST", re.compile(r"/v1/voices/pvc/(?P<voice>[^/]+)/captcha"), self._verify_captcha),
        ]

    # --- the HTTP surface -----------------------------------------------------------------------

    def throttle(self, times: int = 1, *, retry_after: float = 0.0) -> None:
        """Answer the next ``times`` requests 429 ``too_many_concurrent_requests`` (``retry-after`` in seconds).

        The answers carry ``maximum-concurrent-requests: 2`` and ``current-concurrent-requests: 3``, as the
        API's do, so tests can meet what production sends under load.
        """
        with self._lock:
            self._throttled.extend([retry_after] * times)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (the function behind :attr:`transport`).

        Whatever arrives gets an answer in the API's error shape: 404 for an unknown path, 405 (with
        ``Allow``) for a method the path does not have, 401, 422 for a body that cannot be read.
        """
        with self._lock:
            self.requests.append(request)
            trace = f"trace_{len(self.requests):08d}"
            try:
                response = self._throttled_answer() if self._throttled else self._answer(request)
            except (ValueError, UnicodeError, LookupError, TypeError) as error:  # a body the handlers cannot read
                problem = {"loc": ["body"], "msg": f"The body cannot be read: {error}", "type": "value_error"}
                response = httpx.Response(422, json={"detail": [problem]})
        response = _traced(response, trace)
        contract.check_response(request, response)
        self._forget_large_body(request)
        return response

    def _forget_large_body(self, request: httpx.Request) -> None:
        """Record a large request by its size and digest, not its body (a 1 GiB upload must not stay)."""
        if len(request.content) <= audio.ANALYSED_BYTES:
            return
        facts = {"body_size": len(request.content), "body_sha256": hashlib.sha256(request.content).hexdigest()}
        light = httpx.Request(request.method, request.url, headers=request.headers, content=b"", extensions=facts)
        with self._lock:
            index = next((i for i, kept in enumerate(self.requests) if kept is request), None)
            if index is not None:
                self.requests[index] = light

    def _throttled_answer(self) -> httpx.Response:
        retry_after = self._throttled.pop(0)
        body = _problem("too_many_concurrent_requests", "Too many concurrent requests for your plan: 3 of 2 allowed.")
        headers = {
            "retry-after": f"{retry_after:g}",
            "maximum-concurrent-requests": "2",
            "current-concurrent-requests": "3",
        }
        return httpx.Response(429, json=body, headers=headers)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        path = contract.raw_path(request)
        route = self._route(request.method, path)
        if route is None:
            allowed = sorted({method for method, pattern, _ in self._routes if pattern.fullmatch(path)})
            if allowed:
                message = f"Method {request.method} is not allowed for {path}; use {', '.join(allowed)}."
                body = _problem("method_not_allowed", message)
                return httpx.Response(405, json=body, headers={"allow": ", ".join(allowed)})
            message = f"No route {request.method} {path}"
            return httpx.Response(404, json=_problem("not_found", message))
        handler, match = route
        key = request.headers.get("xi-api-key")
        if not key or (self.api_key is not None and key != self.api_key):
            message = "Invalid or missing API key (xi-api-key)."
            return httpx.Response(401, json=_problem("invalid_api_key", message))
        problems = contract.request_problems(request)
        if problems:
            return httpx.Response(422, json={"detail": problems})
        try:
            status, body = handler(request, **{name: unquote(value) for name, value in match.groupdict().items()})
        except _Refusal as refusal:
            status, body = refusal.status, refusal.body
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers={"content-type": "application/json"})
        return httpx.Response(status, json=body)

    def _route(self, method: str, path: str) -> tuple[Callable[..., Reply], re.Match[str]] | None:
        for route_method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                return handler, match
        return None

    # --- state helpers --------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:06d}"

    def _voice(self, voice_id: str) -> Voice:
        voice = self.voices.get(voice_id)
        if voice is None:
            raise _not_found("voice", voice_id)
        return voice

    def _sample(self, voice_id: str, sample_id: str) -> Sample:
        sample = self._voice(voice_id).samples.get(sample_id)
        if sample is None:
            raise _not_found("sample", sample_id)
        return sample

    # --- voices ---------------------------------------------------------------------------------

    def _create_voice(self, request: httpx.Request) -> Reply:
        body = json.loads(request.content)
        voice = Voice(
            self._new_id("voice_"), body["name"], body["language"], body.get("description"), body.get("labels")
        )
        self.voices[voice.voice_id] = voice
        return 200, {"voice_id": voice.voice_id}

    def _edit_voice(self, request: httpx.Request, voice: str) -> Reply:
        found = self._voice(voice)
        body = json.loads(request.content) if request.content else {}
        for name in ("name", "language", "description", "labels"):
            if name in body and (body[name] is not None or name in ("description", "labels")):
                setattr(found, name, body[name])
        return 200, {"voice_id": found.voice_id}

    def _train(self, request: httpx.Request, voice: str) -> Reply:
        found = self._voice(voice)
        if not found.samples:
            raise _invalid(["path", "voice_id"], "The voice has no samples to train on.")
        found.training = "started"
        return 200, {"status": "ok"}

    # --- samples --------------------------------------------------------------------------------

    def _add_samples(self, request: httpx.Request, voice: str) -> Reply:
        found = self._voice(voice)
        noise = False
        added: list[Sample] = []
        for part in contract.multipart_parts(request):
            name, data = contract.part_name(part), contract.part_view(part)
            if name == "remove_background_noise":
                noise = bytes(data) == b"true"
            elif name == "files":
                file_name = contract.part_file_name(part) or "sample"
                try:
                    loaded = audio.load(data, part.get_content_type())
                except audio.BadAudio as error:
                    raise _invalid(["body", "files", len(added)], f"{file_name}: {error}") from None
                added.append(Sample(self._new_id("sample_"), file_name, loaded))
        for sample in added:
            sample.remove_background_noise = noise
            found.samples[sample.sample_id] = sample
        return 200, [sample.as_json(voice) for sample in added]

    def _update_sample(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        body = json.loads(request.content) if request.content else {}
        start = body.get("trim_start_time", found.trim_start)
        end = body.get("trim_end_time", found.trim_end)
        limit = round(found.audio.duration_secs * 1000)
        if start is not None and end is not None and start >= end:
            raise _invalid(
                ["body", "trim_start_time"], f"trim_start_time ({start}) must be before trim_end_time ({end})."
            )
        for name, value in (("trim_start_time", start), ("trim_end_time", end)):
            if value is not None and not 0 <= value <= limit:
                raise _invalid(["body", name], f"{name} ({value} ms) must be within the sample (0 to {limit} ms).")
        if "selected_speaker_ids" in body and body["selected_speaker_ids"] is not None:
            if found.separation != "completed":
                raise _invalid(
                    ["body", "selected_speaker_ids"], "Speaker separation has not completed for this sample."
                )
            unknown = [speaker for speaker in body["selected_speaker_ids"] if speaker not in found.speakers]
            if unknown:
                raise _invalid(["body", "selected_speaker_ids"], f"Unknown speaker IDs: {', '.join(unknown)}.")
        found.trim_start, found.trim_end = start, end
        if "selected_speaker_ids" in body:
            found.selected_speaker_ids = body["selected_speaker_ids"]
        if body.get("file_name") is not None:
            found.file_name = body["file_name"]
        if "remove_background_noise" in body:
            found.remove_background_noise = body["remove_background_noise"]
        return 200, {"voice_id": voice}

    def _delete_sample(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        self._sample(voice, sample)
        del self.voices[voice].samples[sample]
        return 200, {"status": "ok"}

    def _sample_audio(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        data, duration = found.audio.excerpt()
        return 200, {
            "audio_base_64": base64.b64encode(data).decode(),
            "voice_id": voice,
            "sample_id": sample,
            "media_type": found.audio.mime_type,
            "duration_secs": duration,
        }

    def _waveform(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        return 200, {"sample_id": sample, "visual_waveform": self._sample(voice, sample).audio.waveform()}

    # --- speakers -------------------------------------------------------------------------------

    def _separate(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        found.separation, found.polls_left = "pending", self.separation_polls
        found.speakers = found.audio.speakers()
        return 200, {"status": "ok"}

    def _status(self, request: httpx.Request, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        if found.separation == "pending":
            if found.polls_left <= 0:
                found.separation = "completed"
            found.polls_left -= 1
        return 200, found.separation_json(voice)

    def _speaker_audio(self, request: httpx.Request, voice: str, sample: str, speaker: str) -> Reply:
        found = self._sample(voice, sample)
        if found.separation != "completed" or speaker not in found.speakers:
            raise _not_found("speaker", speaker)
        data, duration = found.audio.excerpt(found.speakers[speaker])
        return 200, {
            "audio_base_64": base64.b64encode(data).decode(),
            "media_type": found.audio.mime_type,
            "duration_secs": duration,
        }

    # --- verification ---------------------------------------------------------------------------

    def _request_verification(self, request: httpx.Request, voice: str) -> Reply:
        self._voice(voice).verification = "requested"
        return 200, {"status": "ok"}

    def _captcha(self, request: httpx.Request, voice: str) -> Reply:
        self._voice(voice)
        return 200, json.dumps({"text": "The quick brown fox jumps over the lazy dog."}).encode()

    def _verify_captcha(self, request: httpx.Request, voice: str) -> Reply:
        self._voice(voice).verification = "verified"
        return 200, {"status": "ok"}


def _traced(response: httpx.Response, trace: str) -> httpx.Response:
    """``response`` with the ``x-trace-id`` header every answer of the API has, and the id in an error's ``detail``."""
    response.headers["x-trace-id"] = trace
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        detail = body.get("detail") if isinstance(body, dict) else None
        if isinstance(detail, dict) and "request_id" not in detail:
            detail["request_id"] = trace
            return httpx.Response(response.status_code, json=body, headers=_without_length(response.headers))
    return response


def _without_length(headers: httpx.Headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower() not in ("content-length", "content-type")}
