"""Uploads stream from their source, retry with the same bytes, report progress; saved audio gets normal modes."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from elevenlabs_pvc import InvalidArgumentError, RateLimitError
from elevenlabs_pvc.uploads import to_files
from tests.factories import multipart_parts, sample_json, wav_bytes
from tests.mockapi import Harness, MockAPI

WAV = wav_bytes(2.0)  # 32 KiB of audio
BIG = wav_bytes(30.0, rate=16000)  # ~940 KiB: many 64 KiB chunks


class Stream:
    """A file object that can only be read (a pipe, a socket): no seek, no tell."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.sizes: list[int] = []

    def read(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        return self._data.read(size)


class Tracking(io.BytesIO):
    """A seekable file object that records how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(-1 if size is None else size)
        return super().read(size)


def refused_then_ok(api: MockAPI, count: int = 1) -> None:
    api.json(429, {"detail": "slow down"}, {"Retry-After": "0"})
    api.json(200, [sample_json(f"s{index}") for index in range(count)])


def file_parts(request: httpx.Request) -> list[tuple[Any, ...]]:
    return [part for part in multipart_parts(request) if part[0] == "files"]


def test_a_retried_upload_of_a_path_sends_the_same_parts(harness: Harness, api: MockAPI, tmp_path: Path):
    path = tmp_path / "take.wav"
    path.write_bytes(BIG)
    refused_then_ok(api)
    harness.call(lambda c: c.samples.create("v1", path))
    first, second = api.requests
    assert file_parts(first) == file_parts(second) == [("files", "take.wav", "audio/wav", BIG)]


def test_a_retried_upload_rewinds_a_file_object_to_where_it_started(harness: Harness, api: MockAPI):
    source = io.BytesIO(b"HEADER-NOT-SENT" + BIG)
    source.seek(15)
    refused_then_ok(api)
    harness.call(lambda c: c.samples.create("v1", ("take.wav", source)))
    first, second = api.requests
    assert file_parts(first) == file_parts(second) == [("files", "take.wav", "audio/wav", BIG)]


def test_a_stream_that_cannot_be_rewound_is_retried_only_before_any_of_it_was_sent(harness: Harness, api: MockAPI):
    api.reply(httpx.ConnectError("refused"))
    api.json(200, [sample_json()])
    harness.call(lambda c: c.samples.create("v1", ("take.wav", Stream(BIG))))
    assert len(api.requests) == 2
    assert file_parts(api.requests[1]) == [("files", "take.wav", "audio/wav", BIG)]


def test_a_stream_that_cannot_be_rewound_is_not_sent_twice(harness: Harness, api: MockAPI, sleeps: list[float]):
    refused_then_ok(api)
    with pytest.raises(RateLimitError, match="not retried: files is a file object that cannot be rewound"):
        harness.call(lambda c: c.samples.create("v1", ("take.wav", Stream(BIG))))
    assert len(api.requests) == 1
    assert sleeps == []


def test_several_files_are_retried_with_every_part(harness: Harness, api: MockAPI, tmp_path: Path):
    path = tmp_path / "a.wav"
    path.write_bytes(WAV)
    refused_then_ok(api, 3)
    harness.call(lambda c: c.samples.create("v1", [path, ("b.mp3", b"ID3 rest"), ("c.bin", io.BytesIO(b"\x00\x01"))]))
    first, second = api.requests
    assert file_parts(first) == file_parts(second)
    assert [part[1:3] for part in file_parts(first)] == [
        ("a.wav", "audio/wav"),
        ("b.mp3", "audio/mpeg"),
        ("c.bin", "application/octet-stream"),
    ]


def test_files_are_read_in_chunks_never_whole(harness: Harness, api: MockAPI):
    seekable, stream = Tracking(BIG), Stream(BIG)
    api.json(200, [sample_json("s1"), sample_json("s2")])
    harness.call(lambda c: c.samples.create("v1", [("a.wav", seekable), ("b.wav", stream)]))
    for sizes in (seekable.sizes, stream.sizes):
        assert sizes
        assert all(0 < size <= 64 * 1024 for size in sizes)


def test_a_content_type_given_in_a_3_tuple_is_sent_as_is(harness: Harness, api: MockAPI):
    api.json(200, [sample_json("s1"), sample_json("s2")])
    harness.call(lambda c: c.samples.create("v1", [("a.wav", WAV, "audio/x-custom"), ("b", WAV)]))
    assert [part[1:3] for part in file_parts(api.requests[0])] == [("a.wav", "audio/x-custom"), ("b", "audio/wav")]


def test_a_3_tuple_is_one_file_for_every_upload(harness: Harness, api: MockAPI):
    api.json(200, {"status": "ok"})
    harness.call(lambda c: c.verification.captcha.verify("v1", ("r.ogg", b"OggS...", "audio/ogg; codecs=opus")))
    harness.call(lambda c: c.verification.request("v1", ("id.pdf", b"%PDF-1.4", "application/pdf")))
    parts = [multipart_parts(request)[0] for request in api.requests]
    assert [part[1:] for part in parts] == [
        ("r.ogg", "audio/ogg; codecs=opus", b"OggS..."),
        ("id.pdf", "application/pdf", b"%PDF-1.4"),
    ]


def ok_for(request: httpx.Request) -> httpx.Response:
    samples = [sample_json("s1"), sample_json("s2")]
    return httpx.Response(200, json=samples if request.url.path.endswith("/samples") else {"status": "ok"})


@pytest.mark.parametrize(
    ("operation", "several"),
    [
        (lambda c, files, progress: c.samples.create("v1", files, on_progress=progress), True),
        (lambda c, files, progress: c.verification.request("v1", files, on_progress=progress), True),
        (lambda c, files, progress: c.verification.captcha.verify("v1", files, on_progress=progress), False),
    ],
    ids=["samples.create", "verification.request", "captcha.verify"],
)
def test_progress_never_decreases_and_ends_at_the_total(
    harness: Harness, api: MockAPI, tmp_path: Path, operation: Any, several: bool
):
    path = tmp_path / "take.wav"
    path.write_bytes(BIG)
    files: Any = [path, ("b.wav", WAV)] if several else path
    total = len(BIG) + len(WAV) if several else len(BIG)
    calls: list[tuple[int, int]] = []
    api.json(429, {"detail": "slow"}, {"Retry-After": "0"})  # the retry reads every file again
    api.reply(ok_for)
    harness.call(lambda c: operation(c, files, lambda sent, total_: calls.append((sent, total_))))
    assert len(api.requests) == 2
    assert calls[-1] == (total, total)
    assert {total_ for _, total_ in calls} == {total}
    sent = [sent for sent, _ in calls]
    assert sent == sorted(set(sent))
    assert len(calls) > 2


def test_progress_of_a_stream_of_unknown_size_ends_equal(harness: Harness, api: MockAPI):
    calls: list[tuple[int, int]] = []
    api.json(200, [sample_json()])
    harness.call(lambda c: c.samples.create("v1", ("p.wav", Stream(BIG)), on_progress=lambda *a: calls.append(a)))
    assert calls[-1] == (len(BIG), len(BIG))


@pytest.mark.parametrize("change", ["grow", "shrink"])
def test_a_file_that_changes_size_while_it_is_sent_is_an_error(
    harness: Harness, api: MockAPI, tmp_path: Path, change: str
):
    path = tmp_path / "take.wav"
    path.write_bytes(BIG)

    def meddle(sent: int, total: int) -> None:
        if sent == 64 * 1024:  # after the first chunk
            if change == "grow":
                with path.open("ab") as handle:
                    handle.write(b"more audio")
            else:
                os.truncate(path, 100_000)

    api.json(200, [sample_json()])
    with pytest.raises(InvalidArgumentError, match="changed while it was being sent") as raised:
        harness.call(lambda c: c.samples.create("v1", path, on_progress=meddle))
    assert raised.value.parameter == "files"


def test_a_file_name_that_cannot_be_sent_is_refused_before_sending(harness: Harness, api: MockAPI):
    with pytest.raises(InvalidArgumentError, match="file name"):
        harness.call(lambda c: c.samples.create("v1", ("bad\udc80.wav", WAV)))
    assert api.requests == []


def test_to_files_reads_only_the_first_bytes(tmp_path: Path):
    source = Tracking(BIG)
    (file,) = to_files("files", ("a.wav", source))
    assert source.sizes == [16]
    assert file.mime_type == "audio/wav"


HEADER_WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(100)


def upload(source: Any) -> Any:
    return lambda client: client.samples.create("v1", source)


def sample_answer(count: int = 1) -> list[dict[str, Any]]:
    return [
        {"sample_id": f"s{i}", "file_name": f"f{i}.wav", "mime_type": "audio/wav", "size_bytes": 10, "hash": "h"}
        for i in range(count)
    ]


# --- files that are not plain files ------------------------------------------------------------------


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
