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

import asyncio
import base64
import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Final
from urllib.parse import unquote

import anyio
import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from elevenlabs_pvc.testing import audio, contract

__all__ = ["DEFAULT_API_KEY", "KEPT_BODY_BYTES", "FakePVCAPI", "Received", "Sample", "Upload", "Voice"]

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


#: The fourteen operations: method, path (Starlette's template; an ID is one percent-encoded segment), handler.
_ROUTES: Final = (
    ("POST", "/v1/voices/pvc", "_create_voice"),
    ("POST", "/v1/voices/pvc/{voice}", "_edit_voice"),
    ("POST", "/v1/voices/pvc/{voice}/train", "_train"),
    ("POST", "/v1/voices/pvc/{voice}/samples", "_add_samples"),
    ("POST", "/v1/voices/pvc/{voice}/samples/{sample}", "_update_sample"),
    ("DELETE", "/v1/voices/pvc/{voice}/samples/{sample}", "_delete_sample"),
    ("GET", "/v1/voices/pvc/{voice}/samples/{sample}/audio", "_sample_audio"),
    ("GET", "/v1/voices/pvc/{voice}/samples/{sample}/waveform", "_waveform"),
    ("GET", "/v1/voices/pvc/{voice}/samples/{sample}/speakers", "_status"),
    ("POST", "/v1/voices/pvc/{voice}/samples/{sample}/separate-speakers", "_separate"),
    ("GET", "/v1/voices/pvc/{voice}/samples/{sample}/speakers/{speaker}/audio", "_speaker_audio"),
    ("POST", "/v1/voices/pvc/{voice}/verification", "_request_verification"),
    ("GET", "/v1/voices/pvc/{voice}/captcha", "_captcha"),
    ("POST", "/v1/voices/pvc/{voice}/captcha", "_verify_captcha"),
)
#: A request body up to this size is kept in :attr:`FakePVCAPI.requests`; a larger one by its size and digest.
KEPT_BODY_BYTES: Final = 1024 * 1024


@dataclass
class Upload:
    """A file of a multipart request, as the fake received it: spooled to disk by Starlette past 1 MiB."""

    form_field: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    file: Any = field(repr=False)  # a binary file object at its start


@dataclass
class Received:
    """What a handler reads of a request: its JSON body (None without one), or its form and files.

    ``form`` is the multipart form in order, as the contract checks it (a file's text is None); None when
    the request is not multipart.
    """

    body: Any = None
    form: contract.Form | None = None
    files: list[Upload] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, str]:
        """The form's text fields by name (the last of a repeated one)."""
        return {name: text for name, text in self.form or () if text is not None}


class FakePVCAPI:
    """A stateful, spec-checked stand-in for the ElevenLabs PVC API: a Starlette application.

    Plug it into a client as an httpx transport::

        fake = FakePVCAPI()
        http = httpx.Client(transport=fake.transport, base_url="https://api.elevenlabs.io")
        client = PVCClient(api_key=fake.api_key, http_client=http)

    (``httpx.AsyncClient(transport=fake.transport, ...)`` for ``AsyncPVCClient``; ``fake.app`` also works with
    ``httpx.ASGITransport``), or serve it on a loopback port with :func:`elevenlabs_pvc.testing.serve` /
    ``python -m elevenlabs_pvc.testing``.  Starlette routes the requests and parses their forms
    (python-multipart, which spools a file past 1 MiB to disk): a 1 GiB upload is never held in memory.

    Args:
        api_key: the key requests must carry in ``xi-api-key``; ``None`` accepts any non-empty key.
        separation_polls: how many status polls a separation stays ``pending`` before it completes.

    Attributes:
        voices: the state, by voice ID, for tests to inspect.
        requests: every request received, in order, as an ``httpx.Request``.  A JSON body up to
            :data:`KEPT_BODY_BYTES` is kept; of a larger one, the ``extensions`` have ``body_size`` and
            ``body_sha256``.  A multipart body is kept as its ``extensions["files"]``: each file's
            :class:`Upload` facts (field, file name, content type, size and SHA-256; the file is closed).
    """

    def __init__(self, api_key: str | None = DEFAULT_API_KEY, *, separation_polls: int = 2) -> None:
        self.api_key = api_key
        self.separation_polls = separation_polls
        self.voices: dict[str, Voice] = {}
        self.requests: list[httpx.Request] = []
        self._counter = 0
        self._throttled: list[float] = []  # the retry-after of each request still to refuse with 429
        self._lock = threading.Lock()
        routes = [Route(path, partial(self._serve, name), methods=[method]) for method, path, name in _ROUTES]
        handlers = {HTTPException: _http_error, Exception: _server_error}
        self._starlette = Starlette(routes=routes, exception_handlers=handlers)
        self.transport: Final = _Transport(self.app)

    # --- the HTTP surface -----------------------------------------------------------------------

    def throttle(self, times: int = 1, *, retry_after: float = 0.0) -> None:
        """Answer the next ``times`` requests 429 ``too_many_concurrent_requests`` (``retry-after`` in seconds).

        The answers carry ``maximum-concurrent-requests: 2`` and ``current-concurrent-requests: 3``, as the
        API's do, so tests can meet what production sends under load.
        """
        with self._lock:
            self._throttled.extend([retry_after] * times)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in this thread (what :attr:`transport` does for an ``httpx.Client``)."""
        return self.transport.handle_request(request)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The fake as an ASGI application: Starlette's routing, on the path as it was sent.

        Routing sees the percent-encoded path, so that an ID holding "/" stays one segment (its handler
        gets it decoded).  Whatever arrives gets an answer in the API's error shape: 404 for an unknown
        path, 405 (with ``Allow``) for a method the path does not have, 401, 422 for a body that cannot be read.
        """
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            scope = {**scope, "path": raw.split(b"?", 1)[0].decode("latin-1"), "root_path": ""}
        await self._starlette(scope, receive, send)

    async def _serve(self, handler_name: str, request: Request) -> Response:
        """One operation: read and record the request, refuse it (429, 401, 422) or hand it to its handler."""
        received, recorded = await self._read(request)
        with self._lock:
            self.requests.append(recorded)
            trace = f"trace_{len(self.requests):08d}"
            throttled = self._throttled.pop(0) if self._throttled else None
        try:
            key = request.headers.get("xi-api-key")
            if throttled is not None:
                answer = _throttled_answer(throttled)
            elif not key or (self.api_key is not None and key != self.api_key):
                refusal = _problem("invalid_api_key", "Invalid or missing API key (xi-api-key).")
                answer = httpx.Response(401, json=refusal)
            else:
                answer = await run_in_threadpool(self._answer, handler_name, request, recorded, received)
        finally:
            for upload in received.files:
                upload.file.close()
        answer = _traced(answer, trace)
        contract.check_response(recorded, answer)
        headers = {name: value for name, value in answer.headers.items() if name != "content-length"}
        return Response(answer.content, answer.status_code, headers)

    async def _read(self, request: Request) -> tuple[Received, httpx.Request]:
        """The body (JSON, or a form whose files Starlette spools) and the request as :attr:`requests` keeps it."""
        query = request.scope.get("query_string", b"").decode("latin-1")
        try:
            url = httpx.URL(f"{contract.HOST}{request.scope['path']}" + (f"?{query}" if query else ""))
        except httpx.InvalidURL as error:
            raise HTTPException(400, f"The request target cannot be read: {error}") from None
        received, kept = Received(), b""
        facts: dict[str, Any] = {}
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form(max_files=1000, max_fields=1000)
            received.form = []
            for name, value in form.multi_items():
                if isinstance(value, str):
                    received.form.append((name, value))
                else:
                    received.files.append(_upload(name, value))
                    received.form.append((name, None))
            facts["files"] = [replace(upload, file=None) for upload in received.files]
        else:
            digest, size, start = hashlib.sha256(), 0, bytearray()
            async for chunk in request.stream():
                size += len(chunk)
                digest.update(chunk)
                if size <= KEPT_BODY_BYTES:
                    start.extend(chunk)
            if size > KEPT_BODY_BYTES:
                facts = {"body_size": size, "body_sha256": digest.hexdigest()}
            elif start:
                kept = bytes(start)
                try:
                    received.body = json.loads(kept)
                except ValueError as error:
                    received.body = _Unreadable(str(error))
        recorded = httpx.Request(request.method, url, headers=request.headers.raw, content=kept)
        recorded.extensions.update(facts)
        return received, recorded

    def _answer(self, name: str, request: Request, recorded: httpx.Request, received: Received) -> httpx.Response:
        """The answer of a request that passed the key check: 422 for what breaks the spec, else the handler's."""
        if isinstance(received.body, _Unreadable):
            reason = f"The body cannot be read: {received.body.reason}"
            return httpx.Response(422, json={"detail": [{"loc": ["body"], "msg": reason, "type": "value_error"}]})
        problems = contract.request_problems(recorded, form=received.form)
        if problems:
            return httpx.Response(422, json={"detail": problems})
        ids = {name: unquote(value) for name, value in request.path_params.items()}
        with self._lock:
            try:
                status, body = getattr(self, name)(received, **ids)
            except _Refusal as refusal:
                status, body = refusal.status, refusal.body
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers={"content-type": "application/json"})
        return httpx.Response(status, json=body)

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

    def _create_voice(self, received: Received) -> Reply:
        body = received.body
        voice = Voice(
            self._new_id("voice_"), body["name"], body["language"], body.get("description"), body.get("labels")
        )
        self.voices[voice.voice_id] = voice
        return 200, {"voice_id": voice.voice_id}

    def _edit_voice(self, received: Received, voice: str) -> Reply:
        found = self._voice(voice)
        body = received.body or {}
        for name in ("name", "language", "description", "labels"):
            if name in body and (body[name] is not None or name in ("description", "labels")):
                setattr(found, name, body[name])
        return 200, {"voice_id": found.voice_id}

    def _train(self, received: Received, voice: str) -> Reply:
        found = self._voice(voice)
        if not found.samples:
            raise _invalid(["path", "voice_id"], "The voice has no samples to train on.")
        found.training = "started"
        return 200, {"status": "ok"}

    # --- samples --------------------------------------------------------------------------------

    def _add_samples(self, received: Received, voice: str) -> Reply:
        found = self._voice(voice)
        noise = received.fields.get("remove_background_noise") == "true"
        added: list[Sample] = []
        for upload in received.files:
            if upload.form_field != "files":
                continue
            try:
                loaded = audio.load_file(upload.file, upload.content_type, upload.size, upload.sha256)
            except audio.BadAudio as error:
                raise _invalid(["body", "files", len(added)], f"{upload.file_name}: {error}") from None
            added.append(Sample(self._new_id("sample_"), upload.file_name or "sample", loaded))
        for sample in added:
            sample.remove_background_noise = noise
            found.samples[sample.sample_id] = sample
        return 200, [sample.as_json(voice) for sample in added]

    def _update_sample(self, received: Received, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        body = received.body or {}
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

    def _delete_sample(self, received: Received, voice: str, sample: str) -> Reply:
        self._sample(voice, sample)
        del self.voices[voice].samples[sample]
        return 200, {"status": "ok"}

    def _sample_audio(self, received: Received, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        data, duration = found.audio.excerpt()
        return 200, {
            "audio_base_64": base64.b64encode(data).decode(),
            "voice_id": voice,
            "sample_id": sample,
            "media_type": found.audio.mime_type,
            "duration_secs": duration,
        }

    def _waveform(self, received: Received, voice: str, sample: str) -> Reply:
        return 200, {"sample_id": sample, "visual_waveform": self._sample(voice, sample).audio.waveform()}

    # --- speakers -------------------------------------------------------------------------------

    def _separate(self, received: Received, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        found.separation, found.polls_left = "pending", self.separation_polls
        found.speakers = found.audio.speakers()
        return 200, {"status": "ok"}

    def _status(self, received: Received, voice: str, sample: str) -> Reply:
        found = self._sample(voice, sample)
        if found.separation == "pending":
            if found.polls_left <= 0:
                found.separation = "completed"
            found.polls_left -= 1
        return 200, found.separation_json(voice)

    def _speaker_audio(self, received: Received, voice: str, sample: str, speaker: str) -> Reply:
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

    def _request_verification(self, received: Received, voice: str) -> Reply:
        self._voice(voice).verification = "requested"
        return 200, {"status": "ok"}

    def _captcha(self, received: Received, voice: str) -> Reply:
        self._voice(voice)
        return 200, json.dumps({"text": "The quick brown fox jumps over the lazy dog."}).encode()

    def _verify_captcha(self, received: Received, voice: str) -> Reply:
        self._voice(voice).verification = "verified"
        return 200, {"status": "ok"}


class _Unreadable:
    """A body that is not JSON: the handler answers 422 with the reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _upload(name: str, file: UploadFile) -> Upload:
    """The facts of an uploaded file (its size and digest read from the spooled file, in chunks)."""
    digest, size, handle = hashlib.sha256(), 0, file.file
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    content_type = file.content_type or "application/octet-stream"
    return Upload(name, file.filename or "", content_type, size, digest.hexdigest(), handle)


def _throttled_answer(retry_after: float) -> httpx.Response:
    body = _problem("too_many_concurrent_requests", "Too many concurrent requests for your plan: 3 of 2 allowed.")
    headers = {
        "retry-after": f"{retry_after:g}",
        "maximum-concurrent-requests": "2",
        "current-concurrent-requests": "3",
    }
    return httpx.Response(429, json=body, headers=headers)


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (404, 405 with ``Allow``, 400, 413) in the API's error shape."""
    assert isinstance(error, HTTPException)
    codes = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
    message = {
        404: f"No route {request.method} {request.scope['path']}",
        405: f"Method {request.method} is not allowed for {request.scope['path']}; use "
        f"{(error.headers or {}).get('Allow', '')}.",
    }.get(error.status_code, str(error.detail))
    body = json.dumps(_problem(codes.get(error.status_code, "invalid_request"), message)).encode()
    headers = {**(error.headers or {}), "content-type": "application/json"}
    if error.status_code == 405:
        headers["allow"] = headers.pop("Allow", "")
    if error.status_code in (400, 413):
        headers["connection"] = "close"
    return Response(body, error.status_code, headers)


async def _server_error(request: Request, error: Exception) -> Response:
    """A 500 in the API's shape; a broken spec (``AssertionError``) says so.  Starlette re-raises the error."""
    code = "fake_broke_the_spec" if isinstance(error, AssertionError) else "internal_error"
    body = json.dumps({"detail": {"status": code, "message": str(error)}}).encode()
    return Response(body, 500, {"content-type": "application/json"})


class _Transport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The fake's ASGI app as an httpx transport, for ``httpx.AsyncClient`` and ``httpx.Client``.

    Async: ``httpx.ASGITransport``.  Sync: the same, run to the end in an event loop of its own per request
    (in a thread of its own when the caller is inside an event loop; the body is read first: an in-process
    test's upload is small).  Errors of the app, such as a response that breaks the spec, are raised to
    the caller.
    """

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._asgi.handle_async_request(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)

        async def answer() -> httpx.Response:
            response = await self._asgi.handle_async_request(copy)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no event loop in this thread: run one here
            return anyio.run(answer)
        with ThreadPoolExecutor(1) as worker:  # called from async code: its loop is busy, use a thread's own
            return worker.submit(anyio.run, answer).result()


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
