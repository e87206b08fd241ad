"""The served fake API stands up to malformed requests, and schemathesis finds nothing wrong with it."""

from __future__ import annotations

import io
import json
import socket
import struct
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from elevenlabs_pvc.testing import FakePVCAPI, FakeServer, serve
from tests.helpers import REPO_ROOT

KEY = b"xi-api-key: fake-elevenlabs-key\r\n"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with serve(FakePVCAPI()) as running:
        yield running


def exchange(server: FakeServer, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes on a new connection; the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(65536)
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
        while len(body) < int(headers.get("content-length", "0")):
            body += connection.recv(65536)
    return int(lines[0].split()[1]), headers, body


def still_serving(server: FakeServer) -> None:
    answer = httpx.post(
        f"{server.url}/v1/voices/pvc",
        json={"name": "n", "language": "en"},
        headers={"xi-api-key": "fake-elevenlabs-key"},
    )
    assert answer.status_code == 200


def api_error(body: bytes) -> dict[str, object]:
    """The API's error shape: {"detail": {...}} or {"detail": [{"loc", "msg", "type"}]}."""
    parsed = json.loads(body)
    assert isinstance(parsed, dict), parsed
    assert isinstance(parsed["detail"], dict | list), parsed
    return parsed


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "PATCH", "GET"])
def test_a_method_the_path_does_not_have_gets_a_405_with_allow(server: FakeServer, method: str):
    status, headers, body = exchange(
        server, f"{method} /v1/voices/pvc HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".encode()
    )
    assert (status, headers["allow"], headers["content-type"]) == (405, "POST", "application/json")
    api_error(body)
    still_serving(server)


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1, 2"])
def test_a_broken_content_length_gets_a_400_in_the_api_shape(server: FakeServer, length: bytes):
    status, headers, body = exchange(
        server, b"POST /v1/voices/pvc HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n"
    )
    assert (status, headers["content-type"]) == (400, "application/json")
    api_error(body)
    still_serving(server)


def test_a_json_body_that_is_not_utf8_gets_a_422(server: FakeServer):
    body = b"\xff\xfe{}"
    request = (
        b"POST /v1/voices/pvc HTTP/1.1\r\nHost: x\r\n"
        + KEY
        + b"Content-Type: application/json\r\nContent-Length: 4\r\n\r\n"
        + body
    )
    status, _, answer = exchange(server, request)
    assert status == 422
    api_error(answer)
    still_serving(server)


def test_a_chunked_body_is_read(server: FakeServer):
    body = b'{"name":"chunked","language":"en"}'
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    head = (
        b"POST /v1/voices/pvc HTTP/1.1\r\nHost: x\r\n"
        + KEY
        + b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    status, _, answer = exchange(server, head + chunked)
    assert status == 200
    assert server.fake.voices[json.loads(answer)["voice_id"]].name == "chunked"


def wav(frames: bytes, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("odd.wav", wav(b"\x01\x00" * 100)[:-1], "truncated"),
        ("rate0.wav", (lambda d: d[:24] + struct.pack("<I", 0) + d[28:])(wav(b"\x01\x00" * 100)), "0 Hz"),
        ("broken.wav", b"RIFF\x10\x00\x00\x00WAVEjunk", "not a readable WAV"),
        ("empty.wav", b"", "empty"),
    ],
)
def test_bad_audio_is_a_422_naming_the_file(server: FakeServer, name: str, data: bytes, problem: str):
    headers = {"xi-api-key": "fake-elevenlabs-key"}
    voice = httpx.post(f"{server.url}/v1/voices/pvc", json={"name": "n", "language": "en"}, headers=headers).json()
    answer = httpx.post(
        f"{server.url}/v1/voices/pvc/{voice['voice_id']}/samples",
        files={"files": (name, data, "audio/wav")},
        headers=headers,
    )
    assert answer.status_code == 422
    (entry,) = answer.json()["detail"]
    assert entry["loc"] == ["body", "files", 0]
    assert name in entry["msg"]
    assert problem in entry["msg"]
    still_serving(server)


def test_schemathesis_finds_no_failure(server: FakeServer, tmp_path: Path):
    """Schemathesis, an independent OpenAPI tester, against the served fake, every operation and phase.

    The checks are those the fake can honour.  ``status_code_conformance`` is left out on purpose: the
    spec documents only 200 and 422, while the API (and so the fake) also answers 401 for a wrong key,
    404 for an unknown voice or sample and 405 for an undeclared method.
    """
    checks = "not_a_server_error,response_schema_conformance,content_type_conformance,unsupported_method"
    command = [
        str(Path(sys.executable).parent / "st"),  # the schemathesis CLI next to the interpreter running pytest
        "run", str(REPO_ROOT / "generated" / "elevenlabs_pvc_api" / "openapi.yaml"),
        "--url", server.url,
        "--checks", checks,
        "-H", "xi-api-key: fake-elevenlabs-key",
        "--max-examples", "10",
        "--generation-deterministic",
        "--no-color",
    ]  # fmt: skip
    # Run from a scratch folder: schemathesis keeps a cache (.schemathesis/) in its working directory.
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


# --- the second hostile round (issue 23) ---------------------------------------------------------------


@pytest.fixture
def small_server() -> Iterator[FakeServer]:
    """A fake whose body limit is 64 KiB (the default is 1 GiB)."""
    server = FakeServer(FakePVCAPI(), max_body_bytes=64 * 1024).start()
    try:
        yield server
    finally:
        server.close()


def test_a_body_over_the_limit_gets_413_when_its_length_is_declared(small_server: FakeServer):
    body = b"x" * (100 * 1024)
    head = b"POST /v1/voices/pvc HTTP/1.1\r\nhost: x\r\n" + KEY + b"content-length: %d\r\n\r\n" % len(body)
    status, _, answer = exchange(small_server, head + body)
    assert status == 413
    assert api_error(answer)["detail"]["code"] == "payload_too_large"  # type: ignore[index]
    still_serving(small_server)


def test_a_chunked_body_over_the_limit_gets_413_once_it_passes_it(small_server: FakeServer):
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"y" * 8192

    answer = httpx.post(
        f"{small_server.url}/v1/voices/pvc", content=chunks(), headers={"xi-api-key": "fake-elevenlabs-key"}
    )
    assert answer.status_code == 413
    still_serving(small_server)


def test_too_many_header_fields_get_431(server: FakeServer):
    fields = b"".join(b"x-h%d: v\r\n" % index for index in range(150))
    status, _, answer = exchange(
        server, b"GET /v1/voices/pvc/v/captcha HTTP/1.1\r\nhost: x\r\n" + KEY + fields + b"\r\n"
    )
    assert status == 431
    assert api_error(answer)["detail"]["code"] == "request_header_fields_too_large"  # type: ignore[index]
    still_serving(server)


def test_a_non_ascii_file_name_is_stored_as_sent(server: FakeServer):
    from elevenlabs_pvc import PVCClient
    from elevenlabs_pvc.testing.audio import synthesise

    with PVCClient(api_key="fake-elevenlabs-key", base_url=server.url) as client:
        voice = client.create("Narrator", "en").voice_id
        (sample,) = client.samples.create(voice, [("ünïcöde.wav", synthesise())])
    assert sample.file_name == "ünïcöde.wav"


def test_connections_set_tcp_nodelay(server: FakeServer):
    assert server._socket.proto == socket.IPPROTO_TCP  # asyncio then sets TCP_NODELAY on every connection


def test_the_cli_prints_its_url_only_once_it_accepts_connections():
    process = subprocess.Popen(
        [sys.executable, "-m", "elevenlabs_pvc.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split(" on ", 1)[1].split()[0]
        # Connecting right after the line, with no wait or retry: it must be accepted.
        answer = httpx.get(f"{url}/v1/voices/pvc/v/captcha", headers={"xi-api-key": "fake-elevenlabs-key"})
        assert answer.status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_a_large_upload_is_recorded_by_name_size_and_digest(tmp_path: Path):
    """A file past KEPT_BODY_BYTES: Starlette spools it; fake.requests keeps its facts, not its bytes."""
    import hashlib

    from elevenlabs_pvc import PVCClient
    from elevenlabs_pvc.testing.audio import synthesise, turns
    from elevenlabs_pvc.testing.fake import KEPT_BODY_BYTES

    data = synthesise(turns(seconds=80))  # 16 kHz 16-bit: 2.5 MB
    assert len(data) > KEPT_BODY_BYTES
    path = tmp_path / "long take.wav"
    path.write_bytes(data)
    fake = FakePVCAPI()
    with serve(fake) as running, PVCClient(api_key=fake.api_key, base_url=running.url) as client:
        voice = client.create("Narrator", "en").voice_id
        (sample,) = client.samples.create(voice, path)
    recorded = fake.requests[-1]
    assert recorded.content == b""
    (upload,) = recorded.extensions["files"]
    assert (upload.form_field, upload.file_name, upload.size) == ("files", "long take.wav", len(data))
    assert (
        upload.sha256 == hashlib.sha256(data).hexdigest() == fake.voices[voice].samples[sample.sample_id].audio.digest
    )
    assert upload.file is None
    assert sample.duration_secs is not None
    assert abs(sample.duration_secs - len(data[44:]) / 32_000) < 0.01


def test_the_fake_app_runs_in_process_through_asgi_transport():
    import asyncio

    from elevenlabs_pvc import AsyncPVCClient
    from elevenlabs_pvc.testing.audio import synthesise

    fake = FakePVCAPI(separation_polls=0)

    async def workflow() -> tuple[str, int]:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(fake.app), base_url="https://api.elevenlabs.io")
        async with http, AsyncPVCClient(api_key=fake.api_key, http_client=http) as client:
            voice = (await client.create("Narrator", "en")).voice_id
            (sample,) = await client.samples.create(voice, ("take.wav", synthesise()))
            await client.samples.speakers.separate(voice, sample.sample_id)
            status = await client.samples.speakers.wait(voice, sample.sample_id, poll_interval=0.01)
        return voice, len(status.speakers)

    voice, speakers = asyncio.run(workflow())
    assert speakers == 2
    assert [request.url.path for request in fake.requests][:2] == ["/v1/voices/pvc", f"/v1/voices/pvc/{voice}/samples"]
