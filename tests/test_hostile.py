"""The second hostile catalogue: deadlines, hostile answers, headers, files that are not plain files, fork().

Each test is one symptom, run sync and async where the client is involved, against loopback servers or
the spec-checked mock, with small files.  Nothing here asserts on time or memory: a deadline is checked
by how many requests were sent and what was raised; memory by the size limit's error.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import (
    APIStatusError,
    ConfigurationError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    SpeakerSeparationTimeoutError,
    _state,
)
from elevenlabs_pvc.retries import RetryPolicy
from tests.helpers import REPO_ROOT
from tests.mockapi import API_KEY, Harness, MockAPI
from tests.test_operations import status_json

HEADER_WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(100)


# --- deadlines: wait(timeout=) keeps its word ---------------------------------------------------------


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


@pytest.fixture
def real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real clock and sleeps (the suite's fake clock only moves when something sleeps)."""
    import asyncio

    monkeypatch.setattr(_state, "monotonic", time.monotonic)
    monkeypatch.setattr(_state, "sleep", time.sleep)
    monkeypatch.setattr(_state, "async_sleep", asyncio.sleep)


@pytest.fixture(params=["stall", "drip"])
def stalling(request: pytest.FixtureRequest) -> Iterator[Stalling]:
    server = Stalling(request.param)
    yield server
    server.close()


@pytest.mark.usefixtures("real_clock")
def test_wait_is_a_deadline_against_a_server_that_stalls_or_drips(harness: Harness, stalling: Stalling):
    client = harness.client(http_client=None, base_url=stalling.url, max_retries=5)
    with pytest.raises(SpeakerSeparationTimeoutError, match=r"after 0.5 s") as raised:
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", timeout=0.5, poll_interval=0.1), client)
    # The poll in flight got the time left; no retry, and no second poll, started past the deadline.
    assert stalling.requests == 1
    assert isinstance(raised.value, TimeoutError)
    assert raised.value.status is None  # no report arrived


def test_a_pause_between_polls_never_ends_past_the_deadline(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(10):
        api.json(200, status_json("pending"))
    with pytest.raises(SpeakerSeparationTimeoutError):
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", timeout=5.0, poll_interval=2.0))
    assert sum(sleeps) <= 5.0


# --- hostile answers: bounded reads --------------------------------------------------------------------


def bomb(size: int) -> bytes:
    """A gzip body that inflates to ``size`` bytes of JSON-looking text (a few hundred kilobytes at most)."""
    return gzip.compress(b'{"voice_id": "' + b"v" * size + b'"}', compresslevel=9)


def test_a_gzip_bomb_in_a_json_answer_stops_at_the_limit(harness: Harness, api: MockAPI):
    body = bomb(40 * 1024 * 1024)
    assert len(body) < 200_000
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(200, content=body, headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match=r"larger than 16,777,216 bytes \(16 MiB"):
        harness.call(lambda c: c.update("v1", name="x"))
    assert len(api.requests) == 1  # not retried: the same answer would come again


def test_a_large_plain_json_answer_stops_at_the_limit(harness: Harness, api: MockAPI):
    body = b" " * (17 * 1024 * 1024)
    api.reply(httpx.Response(200, content=body, headers={"content-type": "application/json"}), valid=False)
    with pytest.raises(ResponseValidationError, match="16 MiB"):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"))


def test_an_error_answer_is_bounded_too(harness: Harness, api: MockAPI):
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(401, content=bomb(20 * 1024 * 1024), headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match="16 MiB"):
        harness.call(lambda c: c.train("v1"))


def test_audio_answers_have_their_own_larger_limit(harness: Harness, api: MockAPI):
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    api.reply(httpx.Response(200, content=bomb(257 * 1024 * 1024), headers=headers), valid=False)
    with pytest.raises(ResponseValidationError, match=r"268,435,456 bytes \(256 MiB"):
        harness.call(lambda c: c.samples.audio.get("v1", "s1"))


# --- headers that cannot break framing ------------------------------------------------------------


def test_a_latin_1_header_value_is_sent_as_latin_1(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    harness.call(lambda c: c.update("v1", name="x"), harness.client(default_headers={"X-Team": "café"}))
    assert api.requests[0].headers.raw[-1] == (b"X-Team", "café".encode("latin-1")) or (
        b"x-team",
        b"caf\xe9",
    ) in [(name.lower(), value) for name, value in api.requests[0].headers.raw]


@pytest.mark.parametrize("value", ["日本", "a\r\nInjected: 1", "nul\x00", "tab\x7f"])
def test_a_header_value_that_cannot_be_sent_is_refused_naming_it(harness: Harness, value: str):
    with pytest.raises(ConfigurationError, match="X-Team"):
        harness.client(default_headers={"X-Team": value})
    with pytest.raises(ConfigurationError, match="X-Team"):
        harness.client().with_options(extra_headers={"X-Team": value})


@pytest.mark.parametrize(
    "name",
    ["Content-Length", "Transfer-Encoding", "Connection", "Host", "Upgrade", "TE", "Trailer", "Keep-Alive",
     "Proxy-Authorization", "Proxy-Connection"],
)  # fmt: skip
def test_framing_and_hop_by_hop_headers_are_refused(harness: Harness, api: MockAPI, name: str):
    with pytest.raises(ConfigurationError, match=name):
        harness.client(default_headers={name: "chunked"})
    with pytest.raises(ConfigurationError, match=name):
        harness.client().with_options(extra_headers={name: "chunked"})
    assert api.requests == []


# --- retries: bounded, and saying why they stopped ---------------------------------------------------


def test_backoff_never_overflows():
    policy = RetryPolicy(max_retries=1100)
    assert all(0 < policy.backoff(attempt) <= policy.max_delay for attempt in (1, 50, 1025, 1100, 10**6))


def test_many_retries_stop_at_the_sleep_budget(harness: Harness, api: MockAPI, sleeps: list[float]):
    api.reply(*[httpx.Response(503) for _ in range(1101)])
    with pytest.raises(ServerError, match=r"not retried: waiting .* s more would pass the 120 s retry budget"):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"), harness.client(max_retries=1100))
    assert sum(sleeps) <= 120
    assert 10 < len(api.requests) < 1101


def test_retry_after_answers_share_one_budget(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(6):
        api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "60"}, valid=False)
    with pytest.raises(RateLimitError, match="retry budget"):
        harness.call(lambda c: c.train("v1"), harness.client(max_retries=5))
    assert sleeps == [60.0, 60.0]
    assert len(api.requests) == 3


def test_a_retry_after_too_long_says_why_it_was_not_waited_out(harness: Harness, api: MockAPI):
    api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "3600"}, valid=False)
    with pytest.raises(RateLimitError, match=r"not retried: the API asked to wait 3600 s, longer than the 60 s"):
        harness.call(lambda c: c.train("v1"))
    assert len(api.requests) == 1


# --- files that are not plain files ----------------------------------------------------------------


def upload(source: Any) -> Any:
    return lambda client: client.samples.create("v1", source)


def sample_answer(count: int = 1) -> list[dict[str, Any]]:
    return [
        {"sample_id": f"s{i}", "file_name": f"f{i}.wav", "mime_type": "audio/wav", "size_bytes": 10, "hash": "h"}
        for i in range(count)
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_hanging(harness: Harness, api: MockAPI, tmp_path: Path):
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    with pytest.raises(InvalidArgumentError, match=r"pipe.wav' is a FIFO \(named pipe\), not a regular file"):
        harness.call(upload(fifo))
    assert api.requests == []


@pytest.mark.parametrize(("target", "kind"), [("/dev/zero", "a character device"), ("/tmp", "a directory")])
def test_devices_and_directories_are_refused_also_through_a_symlink(
    harness: Harness, api: MockAPI, tmp_path: Path, target: str, kind: str
):
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    link = tmp_path / "sample.wav"
    link.symlink_to(target)
    with pytest.raises(InvalidArgumentError, match=f"is {kind}, not a regular file"):
        harness.call(upload(link))
    assert api.requests == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_that_reports_no_size_but_has_content_is_refused(harness: Harness, api: MockAPI):
    with pytest.raises(InvalidArgumentError, match="reports a size of 0 bytes but has content"):
        harness.call(upload("/proc/self/status"))
    assert api.requests == []


def test_a_list_is_always_a_list_of_files(harness: Harness, api: MockAPI, tmp_path: Path):
    (tmp_path / "a.wav").write_bytes(HEADER_WAV)
    api.json(200, sample_answer(2))
    harness.call(upload([str(tmp_path / "a.wav"), HEADER_WAV]))
    body = api.requests[0].content
    assert body.count(b'name="files"') == 2
    assert b'filename="a.wav"' in body


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_a_call_with_many_paths_holds_one_file_open_at_a_time(harness: Harness, api: MockAPI, tmp_path: Path):
    paths = []
    for index in range(300):
        path = tmp_path / f"part{index}.wav"
        path.write_bytes(HEADER_WAV)
        paths.append(path)
    api.json(200, sample_answer(300))
    seen: list[int] = []

    def count(sent: int, total: int) -> None:
        seen.append(len(os.listdir("/proc/self/fd")))

    harness.call(lambda c: c.samples.create("v1", paths, on_progress=count))
    assert len(seen) >= 300
    assert max(seen) - min(seen) <= 2  # were the files kept open, the count would grow by 300


def test_a_file_replaced_between_attempts_is_not_sent_again(harness: Harness, api: MockAPI, tmp_path: Path):
    path = tmp_path / "take.wav"
    path.write_bytes(HEADER_WAV)

    def replace_then_refuse(request: httpx.Request) -> httpx.Response:
        replaced = tmp_path / "other.wav"
        replaced.write_bytes(HEADER_WAV[:-1] + b"\x01")  # same size, other bytes, another file in its place
        os.replace(replaced, path)
        body = {"detail": {"status": "system_busy", "message": "busy"}}
        return httpx.Response(429, json=body, headers={"retry-after": "0"})

    api.reply(replace_then_refuse, valid=False)
    with pytest.raises(RateLimitError, match=r"not retried: .*take.wav' changed on disk since it was sent"):
        harness.call(upload(path))
    assert len(api.requests) == 1


# --- wrong types, by their own names ----------------------------------------------------------------


def test_wait_checks_on_progress_before_any_request(harness: Harness, api: MockAPI):
    with pytest.raises(InvalidArgumentTypeError, match="on_progress must be callable") as raised:
        harness.call(lambda c: c.samples.speakers.wait("v1", "s1", on_progress=7))
    assert raised.value.parameter == "on_progress"
    assert api.requests == []


@pytest.mark.parametrize("name", ["add", "remove", "only"])
@pytest.mark.parametrize("value", [7, "spk_a", ["spk_a", 3]])
def test_select_names_the_argument_given(harness: Harness, api: MockAPI, name: str, value: Any):
    with pytest.raises(InvalidArgumentTypeError) as raised:
        harness.call(lambda c: c.samples.speakers.select("v1", "s1", **{name: value}))
    assert raised.value.parameter.startswith(name)
    assert "selected_speaker_ids" not in str(raised.value)
    assert api.requests == []


# --- fork() ----------------------------------------------------------------------------------------

FORKED = textwrap.dedent(
    """
    import json, os, sys
    import httpx
    from elevenlabs_pvc import ConfigurationError, PVCClient
    from elevenlabs_pvc.testing import FakePVCAPI, serve

    fake = FakePVCAPI()
    with serve(fake) as server:
        own = PVCClient(api_key=fake.api_key, base_url=server.url)
        voice = own.create("parent", "en").voice_id
        shared = httpx.Client(base_url=server.url)
        theirs = PVCClient(api_key=fake.api_key, http_client=shared)
        theirs.update(voice, name="parent")
        parent_http = own._http
        pid = os.fork()
        if pid == 0:
            report = {}
            child = own.create("child", "en").voice_id
            report["own_new_pool"] = own._http is not parent_http
            report["derived_new_pool"] = own.with_options(max_retries=0)._http is own._http
            report["child_answer"] = own.update(child, name="child").voice_id == child
            try:
                theirs.update(voice, name="child")
            except ConfigurationError as error:
                report["theirs"] = str(error)
            print(json.dumps(report), flush=True)
            os._exit(0)
        answers = [own.update(voice, name="parent").voice_id for _ in range(20)]
        os.waitpid(pid, 0)
        print(json.dumps({"parent_answers_ok": all(answer == voice for answer in answers)}), flush=True)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_never_reuses_the_parents_connections(tmp_path: Path):
    script = tmp_path / "forked.py"
    script.write_text(FORKED, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", str(script)],
        capture_output=True, text=True, timeout=120, cwd=REPO_ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    child, parent = (json.loads(line) for line in result.stdout.splitlines())
    assert child["own_new_pool"] is True
    assert child["derived_new_pool"] is True
    assert child["child_answer"] is True
    assert "used before os.fork()" in child["theirs"]
    assert parent == {"parent_answers_ok": True}


def test_status_errors_do_not_leak_the_key_through_the_response(harness: Harness, api: MockAPI):
    api.json(503, {"detail": {"status": "busy", "message": "busy"}}, valid=False)
    with pytest.raises(APIStatusError) as raised:
        harness.call(lambda c: c.train("v1"), harness.client(max_retries=0))
    assert API_KEY not in repr(vars(raised.value))


# --- a deadline for any call: with_options(deadline=) ------------------------------------------------


@pytest.mark.usefixtures("real_clock")
def test_with_options_deadline_bounds_a_whole_call(harness: Harness, stalling: Stalling):
    from elevenlabs_pvc import APITimeoutError

    client = harness.client(http_client=None, base_url=stalling.url, max_retries=5).with_options(deadline=0.5)
    with pytest.raises(APITimeoutError):
        harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    assert stalling.requests == 1  # no retry started past the deadline


def test_a_deadline_stops_retry_pauses_that_would_pass_it(harness: Harness, api: MockAPI, sleeps: list[float]):
    for _ in range(4):
        api.json(429, {"detail": {"status": "system_busy", "message": "busy"}}, {"retry-after": "2"}, valid=False)
    client = harness.client(max_retries=3).with_options(deadline=3)
    with pytest.raises(RateLimitError, match="not retried: waiting 2 s more would pass the deadline of the call"):
        harness.call(lambda c: c.train("v1"), client)
    assert sleeps == [2.0]


@pytest.mark.parametrize("deadline", [0, -1, float("inf"), "5", True])
def test_a_bad_deadline_is_a_configuration_error(harness: Harness, deadline: Any):
    with pytest.raises(ConfigurationError, match="deadline"):
        harness.client().with_options(deadline=deadline)
