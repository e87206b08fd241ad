"""Contract tests: every facade operation against Stoplight Prism serving the merged spec.

Prism is an independent implementation of the spec's rules: a request it refuses
(a 422, or an ``sl-violations`` header) is a request the facade should never send.
Prism answers with the spec's static examples (``"status": "string"``...), so the
facade's own checks of those answers may raise; only the requests are judged here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    AsyncPVCClient,
    OperationFailedError,
    PVCClient,
    ResponseValidationError,
    SpeakerSeparationError,
    UnprocessableEntityError,
)
from tests.helpers import REPO_ROOT, SPEC_PATH, free_port

PRISM = REPO_ROOT / "node_modules" / ".bin" / "prism"
WAV = (
    b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00\x80>\x00\x00\x02\x00\x10\x00"
    b"data\x00\x00\x00\x00"
)
#: What Prism's example answers make the facade raise; the request itself was fine.
EXAMPLE_ANSWER_ERRORS = (OperationFailedError, ResponseValidationError, SpeakerSeparationError)
#: Prism 5.14 keeps only the last of repeated multipart keys, so a list of files (one part per
#: file, as every HTTP client and the API itself do it) always reads to Prism as "not an array"
#: (stoplightio/prism pull request 2654, open).  This one violation is known and tolerated;
#: any other still fails the test.
PRISM_MULTIPART_ARRAY = {"location": ["request", "body", "files"], "code": "type"}


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Prism's whole process group (its node workers too), harder if it lingers."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a Prism mock of ``openapi/elevenlabs-pvc.yaml`` on a free loopback port."""
    if not PRISM.exists():
        message = "Prism is not installed: run `make setup` (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    log_path: Path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), "--errors", str(SPEC_PATH)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so the group can be stopped
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/v1/voices/pvc/ready/captcha", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Prism did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        _stop(process)


class Recorder:
    """Keeps every response the facade received, to judge the requests by Prism's verdict."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def sync(self, response: httpx.Response) -> None:
        response.read()
        self.responses.append(response)

    async def async_(self, response: httpx.Response) -> None:
        await response.aread()
        self.responses.append(response)

    def assert_prism_accepted_everything(self) -> None:
        assert self.responses, "no request was sent"
        for response in self.responses:
            request = f"{response.request.method} {response.request.url.path}"
            violations = json.loads(response.headers.get("sl-violations", "[]"))
            unknown = [v for v in violations if {k: v.get(k) for k in PRISM_MULTIPART_ARRAY} != PRISM_MULTIPART_ARRAY]
            assert not unknown, f"{request}: Prism found {unknown}"
            assert response.status_code < 400 or violations, f"{request} -> {response.status_code}: {response.text}"


OPERATIONS: dict[str, Callable[[Any], Any]] = {
    "create": lambda c: c.create("Narrator", "en", description="Calm", labels={"accent": "british"}),
    "update": lambda c: c.update("v1", name="Renamed", description=None),
    "train": lambda c: c.train("v1", model_id="eleven_multilingual_v2"),
    "samples.create": lambda c: c.samples.create("v1", [WAV, ("b.mp3", b"ID3...")], remove_background_noise=True),
    "samples.update": lambda c: c.samples.update(
        "v1",
        "s1",
        trim_start_time=1000,
        trim_end_time=5000,
        remove_background_noise=False,
        selected_speaker_ids=["a"],
        file_name="x.wav",
    ),
    "samples.update (nulls)": lambda c: c.samples.update(
        "v1", "s1", trim_start_time=None, trim_end_time=None, selected_speaker_ids=None, file_name=None
    ),
    "samples.update (empty)": lambda c: c.samples.update("v1", "s1"),
    "samples.delete": lambda c: c.samples.delete("v1", "s1"),
    "samples.audio.get": lambda c: c.samples.audio.get("v1", "s1", remove_background_noise=True),
    "samples.waveform.get": lambda c: c.samples.waveform.get("v1", "s1"),
    "samples.speakers.get": lambda c: c.samples.speakers.get("v1", "s1"),
    "samples.speakers.separate": lambda c: c.samples.speakers.separate("v1", "s 1/x"),
    "samples.speakers.wait": lambda c: c.samples.speakers.wait("v1", "s1", timeout=0),
    "samples.speakers.select": lambda c: c.samples.speakers.select("v1", "s1", add=["a"]),
    "samples.speakers.audio.get": lambda c: c.samples.speakers.audio.get("v1", "s1", "spk"),
    "verification.request": lambda c: c.verification.request("v1", [("id.pdf", b"%PDF")], extra_text="me"),
    "verification.captcha.get": lambda c: c.verification.captcha.get("v1"),
    "verification.captcha.verify": lambda c: c.verification.captcha.verify("v1", WAV),
}


def tolerated(name: str) -> tuple[type[Exception], ...]:
    """The 422 that Prism's multipart-array limitation causes (judged by its violations afterwards)."""
    return (UnprocessableEntityError,) if name in ("samples.create", "verification.request") else ()


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_prism_accepts_every_sync_request(prism: str, name: str):
    recorder = Recorder()
    http = httpx.Client(timeout=10, event_hooks={"response": [recorder.sync]})
    client = PVCClient(api_key="contract-test-key", base_url=prism, max_retries=0, http_client=http)
    with client, contextlib.suppress(*EXAMPLE_ANSWER_ERRORS, *tolerated(name)):
        OPERATIONS[name](client)
    http.close()
    recorder.assert_prism_accepted_everything()


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_prism_accepts_every_async_request(prism: str, name: str):
    recorder = Recorder()

    async def main() -> None:
        http = httpx.AsyncClient(timeout=10, event_hooks={"response": [recorder.async_]})
        async with AsyncPVCClient(
            api_key="contract-test-key", base_url=prism, max_retries=0, http_client=http
        ) as client:
            with contextlib.suppress(*EXAMPLE_ANSWER_ERRORS, *tolerated(name)):
                await OPERATIONS[name](client)
        await http.aclose()

    asyncio.run(main())
    recorder.assert_prism_accepted_everything()


def test_prism_refuses_what_the_facade_would_never_send(prism: str):
    """The check above can fail: a body the spec forbids gets Prism's 422 and sl-violations."""
    response = httpx.post(
        f"{prism}/v1/voices/pvc/v1/samples/s1", json={"trim_start_time": "10"}, headers={"xi-api-key": "k"}, timeout=10
    )
    assert response.status_code == 422
    assert "sl-violations" in response.headers


def test_prism_still_judges_the_other_fields_of_a_files_upload(prism: str):
    """With the known files-array violation tolerated, a bad field next to it is still caught."""
    response = httpx.post(
        f"{prism}/v1/voices/pvc/v1/samples",
        files=[("files", ("a.wav", WAV, "audio/wav")), ("remove_background_noise", (None, b"maybe", "text/plain"))],
        headers={"xi-api-key": "k"},
        timeout=10,
    )
    violations = json.loads(response.headers["sl-violations"])
    assert any(v["location"] == ["request", "body", "remove_background_noise"] for v in violations)
