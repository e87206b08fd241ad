"""Data and helpers the test modules share: answers the spec accepts, the operation table, fake servers."""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import traceback
import wave
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from elevenlabs_pvc.testing import contract

AUDIO = b"ID3\x03\x00fake mp3 bytes"


AUDIO_B64 = base64.b64encode(AUDIO).decode()


def wav_bytes(seconds: float = 0.5, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def sample_json(sample_id: str = "s1", duration: float | None = 12.5) -> dict[str, Any]:
    return {
        "sample_id": sample_id,
        "file_name": f"{sample_id}.wav",
        "mime_type": "audio/wav",
        "size_bytes": 1024,
        "hash": "abc",
        "duration_secs": duration,
        "remove_background_noise": False,
        "has_isolated_audio": False,
        "has_isolated_audio_preview": False,
        "speaker_separation": None,
        "trim_start": None,
        "trim_end": None,
    }


def status_json(status: str = "completed", selected: list[str] | None = None) -> dict[str, Any]:
    speakers = None
    if status == "completed":
        speakers = {
            "spk_a": {"speaker_id": "spk_a", "duration_secs": 4.0, "utterances": [{"start": 0.5, "end": 2.25}]},
            "spk_b": {"speaker_id": "spk_b", "duration_secs": 3.0, "utterances": [{"start": 2.5, "end": 5.0}]},
        }
    return {
        "voice_id": "v1",
        "sample_id": "s1",
        "status": status,
        "speakers": speakers,
        "selected_speaker_ids": selected,
    }


def multipart_parts(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """(field name, file name, content type, content) for each part of a multipart request.

    A request that never left (a refused connection) is read here, from the same upload parts.
    """
    request.read()
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    return [(part.name, part.file_name, part.content_type, part.data) for part in contract.multipart_parts(request)]


OP_WAV = wav_bytes()


@dataclass(frozen=True)
class Op:
    """One operation: how to call it on a client (or on ``client.with_raw_response``), and a valid answer."""

    name: str
    call: Callable[[Any], Any]
    answer: Any
    repeatable: bool
    #: The path ID arguments, by name, and a call that takes one of them replaced.
    ids: tuple[str, ...] = ("voice_id",)


def _call(path: str, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
    def call(root: Any, *, overrides: dict[str, Any] | None = None) -> Any:
        target = root
        for name in path.split("."):
            target = getattr(target, name)
        values = list(args)
        for index, name in enumerate(("voice_id", "sample_id", "speaker_id")):
            if overrides and name in overrides and index < len(values):
                values[index] = overrides[name]
        return target(*values, **kwargs)

    return call


AUDIO_ANSWER = {"audio_base_64": AUDIO_B64, "voice_id": "v1", "sample_id": "s1", "media_type": "audio/mpeg"}


OPERATIONS = [
    Op("create", _call("create", "Narrator", "en"), {"voice_id": "v1"}, False, ()),
    Op("update", _call("update", "v1", name="Renamed"), {"voice_id": "v1"}, True),
    Op("train", _call("train", "v1"), {"status": "ok"}, False),
    Op("samples.create", _call("samples.create", "v1", OP_WAV), [sample_json()], False),
    Op(
        "samples.update",
        _call("samples.update", "v1", "s1", file_name="x.wav"),
        {"voice_id": "v1"},
        True,
        ("voice_id", "sample_id"),
    ),
    Op("samples.delete", _call("samples.delete", "v1", "s1"), {"status": "ok"}, False, ("voice_id", "sample_id")),
    Op("samples.audio.get", _call("samples.audio.get", "v1", "s1"), AUDIO_ANSWER, True, ("voice_id", "sample_id")),
    Op(
        "samples.waveform.get",
        _call("samples.waveform.get", "v1", "s1"),
        {"sample_id": "s1", "visual_waveform": [0.0, 0.5]},
        True,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.get",
        _call("samples.speakers.get", "v1", "s1"),
        status_json(),
        True,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.separate",
        _call("samples.speakers.separate", "v1", "s1"),
        {"status": "ok"},
        False,
        ("voice_id", "sample_id"),
    ),
    Op(
        "samples.speakers.audio.get",
        _call("samples.speakers.audio.get", "v1", "s1", "spk_a"),
        {"audio_base_64": AUDIO_B64, "media_type": "audio/mpeg", "duration_secs": 3.5},
        True,
        ("voice_id", "sample_id", "speaker_id"),
    ),
    Op("verification.request", _call("verification.request", "v1", OP_WAV), {"status": "ok"}, False),
    Op("verification.captcha.get", _call("verification.captcha.get", "v1"), {"text": "read this"}, True),
    Op("verification.captcha.verify", _call("verification.captcha.verify", "v1", OP_WAV), {"status": "ok"}, False),
]


BY_NAME = {op.name: op for op in OPERATIONS}


names = pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])


def everything_shown(error: BaseException) -> str:
    """All the text an error can show: message, repr and attributes of it and of every exception behind it."""
    texts, link = [], error
    seen: set[int] = set()
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        texts += ["".join(traceback.format_exception_only(link)), repr(link), repr(vars(link))]
        link = link.__cause__ or link.__context__
    return "\n".join(texts)


OK_UPDATE = {"voice_id": "v1"}


OK_SEPARATE = {"status": "ok"}


def update(**kwargs: Any) -> Any:
    return lambda client: client.samples.update("v1", "s1", **kwargs)


def separate(voice_id: str = "v1", sample_id: str = "s1") -> Any:
    return lambda client: client.samples.speakers.separate(voice_id, sample_id)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


class Stalling:
    """A loopback server that reads requests and answers in the way it is told: never, or dripping."""

    def __init__(self, mode: str) -> None:
        self.mode, self.requests, self._stop = mode, 0, threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(0.05)
            data = b""
            while b"\r\n\r\n" not in data and not self._stop.is_set():
                try:
                    data += connection.recv(65536) or b""
                except TimeoutError:
                    continue
                except OSError:
                    return
            self.requests += 1
            if self.mode == "drip":
                body = json.dumps(status_json("pending")).encode() * 50
                connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
                connection.sendall(b"content-length: %d\r\n\r\n" % len(body))
                for byte in body:
                    if self._stop.wait(0.05):
                        return
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:
                        return
            self._stop.wait(30)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(5)


def train() -> Any:  # not safe to repeat: 5xx is never retried, 429 is
    return lambda client: client.train("v1")


def status() -> Any:  # safe to repeat: 408 and 5xx are retried too
    return lambda client: client.samples.speakers.get("v1", "s1")


def legacy(code: str, message: str) -> dict[str, Any]:
    return {"detail": {"status": code, "message": message}}


def current(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"detail": {"type": "authorization_error", "code": code, "message": message, "status": code, **extra}}


TRACE = {"x-trace-id": "4f1c9a0e2b7d"}
