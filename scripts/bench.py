"""Measure what the client costs on top of the HTTP round trip: ``make bench``.

One run, one table (and the same figures as JSON, in the file named by ``--json``):

1. calls per second for update-sample and start-separation, sequential, over one
   kept-alive connection: raw ``httpx.Client.post`` with a hand-built body, the
   generated client, and the facade; the variants take turns over 45 short rounds
   and the best round is reported (the least disturbed by the rest of the machine, as ``timeit``
   advises); the ratio facade / raw httpx is the median of the rounds' paired ratios;
2. the same through the async clients with 1, 10 and 100 calls in flight;
3. import time of ``elevenlabs_pvc`` (``from elevenlabs_pvc import PVCClient``) against
   ``import httpx`` alone (fresh interpreter each time, the minimum of several runs) and
   the number of modules each imports;
4. the time of ``make generate``: the spec merge and the generation, separately, for the PVC pages
   and (when ``../shared/api-pages/`` is there) for the 208 and 296 pages of the whole API; and the drift
   report (``spec_diff``) on two whole-API documents from ``../shared/api-history/``;
5. peak memory (RSS) of a process making 10,000 facade calls, against raw httpx;
6. uploads: peak RSS and MB/s of a process uploading one, then two, 400 MB WAV files through
   ``samples.create`` against raw ``httpx`` with open files (each in its own process, 5 rounds,
   the fastest reported; peak RSS is the highest of the rounds).

With ``--compare-python PATH`` (``make bench-compare``), the official ``elevenlabs``
SDK, installed in that throwaway interpreter, gets a column for 1 and 3.

The server (``scripts/bench_server.py``) runs in its own process on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scripts.common import REPO_ROOT

KEY = "bench-key"
UPDATE_PATH = "/v1/voices/pvc/v1/samples/s1"
SEPARATE_PATH = "/v1/voices/pvc/v1/samples/s1/separate-speakers"
UPDATE_JSON = {"trim_start_time": 1000, "trim_end_time": 5000}

SDK_CHILD = """
import sys, time
from elevenlabs import ElevenLabs
url, operation, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = ElevenLabs(api_key="bench-key", base_url=url)
samples = client.voices.pvc.samples
def call():
    if operation == "update":
        samples.update("v1", "s1", trim_start_time=1000, trim_end_time=5000)
    else:
        samples.speakers.separate("v1", "s1")
call()
started = time.perf_counter()
for _ in range(calls):
    call()
print(calls / (time.perf_counter() - started))
"""

UPLOAD_CHILD = """
import sys, time
url, variant, count, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if variant == "raw httpx":
    import httpx
    http = httpx.Client(base_url=url, timeout=120)
    def upload():
        handles = [open(path, "rb") for _ in range(count)]
        files = [("files", (f"take{index}.wav", handle, "audio/wav")) for index, handle in enumerate(handles)]
        http.post("/v1/voices/pvc/v1/samples", files=files, headers={"xi-api-key": "bench-key"}).json()
        for handle in handles:
            handle.close()
elif variant == "facade":
    from elevenlabs_pvc import PVCClient
    client = PVCClient(api_key="bench-key", base_url=url, timeout=120)
    def upload():
        client.samples.create("v1", [path] * count)
else:
    from elevenlabs import ElevenLabs
    client = ElevenLabs(api_key="bench-key", base_url=url, timeout=120)
    def upload():
        handles = [open(path, "rb") for _ in range(count)]
        client.voices.pvc.samples.create("v1", files=handles)
        for handle in handles:
            handle.close()
started = time.perf_counter()
upload()
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(seconds, peak)
"""

RSS_CHILD = """
import sys
url, variant, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
if variant == "raw":
    import httpx
    http = httpx.Client(base_url=url)
    for _ in range(calls):
        http.post("/v1/voices/pvc/v1/samples/s1", json={"trim_start_time": 1000, "trim_end_time": 5000},
                  headers={"xi-api-key": "bench-key"}).json()
else:
    from elevenlabs_pvc import PVCClient
    client = PVCClient(api_key="bench-key", base_url=url)
    for _ in range(calls):
        client.samples.update("v1", "s1", trim_start_time=1000, trim_end_time=5000)
# VmHWM: the peak RSS of this program; ru_maxrss would also count the parent it was forked from.
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


@contextmanager
def bench_server() -> Iterator[str]:
    """Run the benchmark server in its own process; yield its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.bench_server"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


# --- 1. sequential calls ---------------------------------------------------------------------------


def sync_variants(url: str) -> dict[str, dict[str, Callable[[], object]]]:
    """For each variant, one call of each operation."""
    import httpx
    from elevenlabs_pvc_api import Client
    from elevenlabs_pvc_api.api.samples import samples_update
    from elevenlabs_pvc_api.api.samples_speakers import samples_speakers_separate
    from elevenlabs_pvc_api.models import UpdateSampleBody

    from elevenlabs_pvc import PVCClient

    raw = httpx.Client(base_url=url)
    headers = {"xi-api-key": KEY}
    generated = Client(base_url=url)
    facade = PVCClient(api_key=KEY, base_url=url)
    return {
        "raw httpx": {
            "update": lambda: raw.post(UPDATE_PATH, json=UPDATE_JSON, headers=headers).json(),
            "separate": lambda: raw.post(SEPARATE_PATH, headers=headers).json(),
        },
        "generated": {
            "update": lambda: samples_update.sync_detailed(
                "v1", "s1", client=generated, body=UpdateSampleBody.from_dict(UPDATE_JSON), xi_api_key=KEY
            ),
            "separate": lambda: samples_speakers_separate.sync_detailed("v1", "s1", client=generated, xi_api_key=KEY),
        },
        "facade": {
            "update": lambda: facade.samples.update("v1", "s1", trim_start_time=1000, trim_end_time=5000),
            "separate": lambda: facade.samples.speakers.separate("v1", "s1"),
        },
    }


def calls_per_second(call: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return calls / (time.perf_counter() - started)


def sequential(url: str, rounds: int, calls: int, compare_python: str | None) -> dict[str, dict[str, float]]:
    """Calls per second, each variant's best round; and ``"facade / raw"``: the median of the rounds' ratios.

    A round runs every variant once, in a random order, so the facade and raw httpx of one round meet the
    same machine: the median of those paired ratios moves far less, run to run, than a ratio of bests.
    """
    variants = sync_variants(url)
    samples: dict[str, dict[str, list[float]]] = {}
    for variant in variants.values():  # warm up: connections, first-use imports, caches
        for call in variant.values():
            calls_per_second(call, 50)
    order = list(variants)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            for operation, call in variants[name].items():
                samples.setdefault(name, {}).setdefault(operation, []).append(calls_per_second(call, calls))
        if compare_python:
            for operation in ("update", "separate"):
                out = subprocess.run(
                    [compare_python, "-c", SDK_CHILD, url, operation, str(calls)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                samples.setdefault("official SDK", {}).setdefault(operation, []).append(float(out))
    result = {name: {op: max(values) for op, values in ops.items()} for name, ops in samples.items()}
    result["facade / raw"] = {
        op: statistics.median(f / r for f, r in zip(samples["facade"][op], samples["raw httpx"][op], strict=True))
        for op in ("update", "separate")
    }
    return result


def own_work(rounds: int, calls: int) -> dict[str, float]:
    """Microseconds per call the facade adds to raw httpx, without a network (an httpx ``MockTransport``).

    Also each part of it, on its own: checking the arguments and building the body, preparing the request
    (``Operation.prepare``), and parsing the answer (``Operation.parse``).  Each figure is the best of
    ``rounds`` rounds, the variants interleaved.
    """
    import timeit

    import httpx

    from elevenlabs_pvc import PVCClient, _bodies
    from elevenlabs_pvc import _operations as op
    from elevenlabs_pvc._sync._send import send

    answers = {UPDATE_PATH: b'{"voice_id": "v1"}', SEPARATE_PATH: b'{"status": "ok"}'}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answers[request.url.path], headers={"content-type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(answer), base_url="http://127.0.0.1")
    facade = PVCClient(api_key=KEY, http_client=http)
    headers = {"xi-api-key": KEY}
    state, options = facade._state, facade._options
    key, body, _ = _bodies.sample_update(state, "v1", "s1", trim_start_time=1000, trim_end_time=5000)
    call, request = op.SAMPLES_UPDATE.prepare(options, key, {"body": body}, None)
    response = send(http, call, request)
    variants: dict[str, Callable[[], object]] = {
        "raw update": lambda: http.post(UPDATE_PATH, json=UPDATE_JSON, headers=headers).json(),
        "facade update": lambda: facade.samples.update("v1", "s1", trim_start_time=1000, trim_end_time=5000),
        "raw separate": lambda: http.post(SEPARATE_PATH, headers=headers).json(),
        "facade separate": lambda: facade.samples.speakers.separate("v1", "s1"),
        "arguments and body": lambda: _bodies.sample_update(
            state, "v1", "s1", trim_start_time=1000, trim_end_time=5000
        ),
        "prepare": lambda: op.SAMPLES_UPDATE.prepare(options, key, {"body": body}, None),
        "parse": lambda: op.SAMPLES_UPDATE.parse(call, response),
    }
    best = dict.fromkeys(variants, float("inf"))
    try:
        for _ in range(rounds):
            for name, function in variants.items():
                best[name] = min(best[name], timeit.timeit(function, number=calls) / calls * 1e6)
    finally:
        http.close()  # the facade was given it, so it leaves it open
    return {
        "update_us": best["facade update"] - best["raw update"],
        "separate_us": best["facade separate"] - best["raw separate"],
        "raw_update_us": best["raw update"],
        "arguments_us": best["arguments and body"],
        "prepare_us": best["prepare"],
        "parse_us": best["parse"],
    }


# --- 2. async calls in flight ----------------------------------------------------------------------


async def _in_flight(call: Callable[[], Awaitable[object]], calls: int, concurrency: int) -> float:
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return calls / (time.perf_counter() - started)


async def _concurrent(url: str, rounds: int, calls: int) -> dict[str, dict[str, float]]:
    """Async update calls per second, 1/10/100 in flight; a fresh client (and pool) per measurement.

    A pool keeps the connections of earlier, busier runs, and httpcore scans its pool on
    every request: reusing clients would make whoever runs after a 100-in-flight run slower.
    """
    import httpx
    from elevenlabs_pvc_api import Client
    from elevenlabs_pvc_api.api.samples import samples_update
    from elevenlabs_pvc_api.models import UpdateSampleBody

    from elevenlabs_pvc import AsyncPVCClient

    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    headers = {"xi-api-key": KEY}

    def raw_variant() -> tuple[Callable[[], Awaitable[object]], httpx.AsyncClient]:
        raw = httpx.AsyncClient(base_url=url, limits=limits)

        async def call() -> object:
            return (await raw.post(UPDATE_PATH, json=UPDATE_JSON, headers=headers)).json()

        return call, raw

    def generated_variant() -> tuple[Callable[[], Awaitable[object]], httpx.AsyncClient]:
        http = httpx.AsyncClient(base_url=url, limits=limits)
        generated = Client(base_url=url).set_async_httpx_client(http)

        async def call() -> object:
            body = UpdateSampleBody.from_dict(UPDATE_JSON)
            return await samples_update.asyncio_detailed("v1", "s1", client=generated, body=body, xi_api_key=KEY)

        return call, http

    def facade_variant() -> tuple[Callable[[], Awaitable[object]], httpx.AsyncClient]:
        http = httpx.AsyncClient(base_url=url, limits=limits)
        facade = AsyncPVCClient(api_key=KEY, http_client=http)

        async def call() -> object:
            return await facade.samples.update("v1", "s1", trim_start_time=1000, trim_end_time=5000)

        return call, http

    variants = {"raw httpx": raw_variant, "generated": generated_variant, "facade": facade_variant}
    results: dict[str, dict[str, list[float]]] = {}
    order = list(variants)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            for concurrency in (1, 10, 100):
                call, http = variants[name]()
                await _in_flight(call, calls, concurrency)  # open the connections and settle the pool
                rate = await _in_flight(call, calls, concurrency)
                await http.aclose()
                results.setdefault(name, {}).setdefault(str(concurrency), []).append(rate)
    return {name: {c: max(v) for c, v in by.items()} for name, by in results.items()}


def concurrent(url: str, rounds: int, calls: int) -> dict[str, dict[str, float]]:
    return asyncio.run(_concurrent(url, rounds, calls))


# --- 3. import time --------------------------------------------------------------------------------


IMPORT_CHILD = (
    "import sys, time; before = set(sys.modules); t = time.perf_counter(); {statement}; "
    "print(time.perf_counter() - t, len(set(sys.modules) - before))"
)
#: What users write (a lazily loading package is only measured once its client is imported).
IMPORT_STATEMENTS = {
    "httpx": "import httpx",
    "elevenlabs_pvc": "from elevenlabs_pvc import PVCClient",
    "elevenlabs": "from elevenlabs import ElevenLabs",
}


def import_once(python: str, module: str) -> tuple[float, int]:
    """Seconds to import ``module``'s client in a fresh interpreter, and how many modules that loads."""
    out = subprocess.run(
        [python, "-c", IMPORT_CHILD.format(statement=IMPORT_STATEMENTS[module])],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout.split()
    return float(out[0]), int(out[1])


def imports(runs: int, compare_python: str | None) -> dict[str, dict[str, float]]:
    """The fastest of ``runs`` imports of each module, interleaved so that machine noise hits them alike."""
    targets = {"httpx": sys.executable, "elevenlabs_pvc": sys.executable}
    if compare_python:
        targets["elevenlabs"] = compare_python
    times: dict[str, list[float]] = {module: [] for module in targets}
    modules: dict[str, int] = {}
    for _ in range(runs):
        for module, python in targets.items():
            seconds, modules[module] = import_once(python, module)
            times[module].append(seconds)
    return {module: {"seconds": min(times[module]), "modules": modules[module]} for module in targets}


# --- 4. make generate ------------------------------------------------------------------------------


#: Published versions of the whole API's OpenAPI document (shared/, beside the checkout), for the drift report.
API_HISTORY = REPO_ROOT.parent / "shared" / "api-history"


def drift(runs: int) -> dict[str, float] | None:
    """Median seconds for spec_diff to read, validate and compare two whole-API documents (about 3.5 MB each)."""
    from scripts import spec_diff

    documents = sorted(API_HISTORY.glob("*.json"))[:2] if API_HISTORY.is_dir() else []
    if len(documents) < 2:
        return None
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        spec_diff.diff(spec_diff.load_spec(str(documents[0])), spec_diff.load_spec(str(documents[1])))
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "megabytes": sum(p.stat().st_size for p in documents) / 1e6}


#: Every operation of the whole API as pages (shared/, beside the checkout), for the pipeline at scale.
API_PAGES = REPO_ROOT.parent / "shared" / "api-pages" / "2025-08-25"
#: The API of 2026: the constructs scripts/normalise.py rewrites, and 296 operations.
API_PAGES_2026 = REPO_ROOT.parent / "shared" / "api-pages" / "2026-05-11"


def generation(runs: int, pages: Path | None = None) -> dict[str, float]:
    """Median seconds to merge the pages (the PVC sources by default) and to generate the client from them."""
    from scripts import generate, merge_spec

    folder = pages or merge_spec.DEFAULT_SOURCES
    merges, generations = [], []
    for _ in range(runs):
        started = time.perf_counter()
        text = merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(folder), lambda _: None))
        merges.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as scratch:
            spec = Path(scratch) / "spec.yaml"
            spec.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            generate.generate_tree(spec, Path(scratch) / "generated")
            generations.append(time.perf_counter() - started)
    pages_count = len(merge_spec.source_pages(folder))
    return {
        "pages": pages_count,
        "merge_seconds": statistics.median(merges),
        "generate_seconds": statistics.median(generations),
    }


# --- 5. peak memory --------------------------------------------------------------------------------


def peak_rss(url: str, calls: int) -> dict[str, float]:
    result = {}
    for variant in ("raw", "facade"):
        out = subprocess.run(
            [sys.executable, "-c", RSS_CHILD, url, variant, str(calls)], capture_output=True, text=True, check=True
        ).stdout
        result[variant] = int(out) / 1024  # VmHWM is in KiB
    return result


# --- 6. uploads ------------------------------------------------------------------------------------


def write_wav(path: Path, size: int) -> None:
    """A WAV file of ``size`` bytes (silence), written a MiB at a time."""
    header = b"RIFF" + (size - 8).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
    header += bytes.fromhex("0100020044ac000010b1020004001000") + b"data" + (size - 44).to_bytes(4, "little")
    with path.open("wb") as handle:
        handle.write(header)
        remaining, block = size - len(header), bytes(1 << 20)
        while remaining > 0:
            remaining -= handle.write(block[: min(remaining, len(block))])


def uploads(url: str, size: int, rounds: int, compare_python: str | None) -> dict[str, dict[str, dict[str, float]]]:
    """Peak RSS and MB/s of one process uploading one, then two, WAV files of ``size`` bytes."""
    variants = {"raw httpx": sys.executable, "facade": sys.executable}
    if compare_python:
        variants["official SDK"] = compare_python
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="elevenlabs-pvc-bench.") as scratch:
        path = Path(scratch) / "take.wav"
        write_wav(path, size)
        for count in (1, 2):
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
            for _ in range(rounds):
                for name, python in variants.items():
                    command = [python, "-c", UPLOAD_CHILD, url, name, str(count), str(path)]
                    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=scratch).stdout
                    seconds, peak_kib = out.split()
                    runs[name].append((float(seconds), int(peak_kib) / 1024))
            results[str(count)] = {
                name: {
                    # The fastest round: on a shared 2-core machine the others measure the neighbours.
                    "mb_per_second": count * size / 1e6 / min(s for s, _ in measured),
                    "peak_rss_mib": max(rss for _, rss in measured),
                }
                for name, measured in runs.items()
            }
    return results


# --- 7. the served fake --------------------------------------------------------------------------

FAKE_UPLOAD_CHILD = """
import sys, httpx
url, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as handle:
    files = {"files": ("big.wav", handle, "audio/wav")}
    answer = httpx.post(url + "/v1/voices/pvc/" + sys.argv[3] + "/samples", timeout=600,
                        headers={"xi-api-key": "fake-elevenlabs-key"}, files=files)
print(answer.status_code)
"""


def _vm(pid: int, field: str) -> float:
    """A memory figure of a process, in MiB (``VmHWM``: its peak RSS; ``VmRSS``: now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def served_fake(requests: int, upload_bytes: int) -> dict[str, float]:
    """The fake API as tests meet it: keep-alive latency in process and over HTTP; the server's RSS for one upload."""
    import httpx

    from elevenlabs_pvc.testing import FakePVCAPI, serve

    fake = FakePVCAPI()
    headers = {"xi-api-key": "fake-elevenlabs-key"}
    result: dict[str, float] = {}
    with serve(fake) as server:
        for name, client in (
            ("in_process", httpx.Client(transport=fake.transport, base_url="http://fake", headers=headers)),
            ("over_http", httpx.Client(base_url=server.url, headers=headers)),
        ):
            with client:
                voice = client.post("/v1/voices/pvc", json={"name": "n", "language": "en"}).json()["voice_id"]
                times = []
                for _ in range(requests):
                    started = time.perf_counter()
                    client.post(f"/v1/voices/pvc/{voice}", json={"name": "again"}).raise_for_status()
                    times.append(time.perf_counter() - started)
            result[f"{name}_median_ms"] = statistics.median(times) * 1000
    if Path("/proc/self/status").exists():
        with tempfile.TemporaryDirectory(prefix="elevenlabs-pvc-bench.") as scratch:
            path = Path(scratch) / "big.wav"
            write_wav(path, upload_bytes)
            process = subprocess.Popen(
                [sys.executable, "-m", "elevenlabs_pvc.testing", "--port", "0"], stdout=subprocess.PIPE, text=True
            )
            try:
                assert process.stdout is not None
                url = process.stdout.readline().split(" on ", 1)[1].split()[0]
                before = _vm(process.pid, "VmRSS")
                voice = httpx.post(url + "/v1/voices/pvc", json={"name": "n", "language": "en"}, headers=headers)
                command = [sys.executable, "-c", FAKE_UPLOAD_CHILD, url, str(path), voice.json()["voice_id"]]
                status = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
                result["upload_status"] = float(status)
                result["upload_rss_before_mib"] = before
                result["upload_peak_rss_mib"] = _vm(process.pid, "VmHWM")
                time.sleep(1)  # the connection closes
                result["upload_rss_after_mib"] = _vm(process.pid, "VmRSS")
            finally:
                process.terminate()
                process.wait(timeout=30)
    return result


# --- report ----------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()}


def fake_lines(results: dict[str, Any]) -> list[str]:
    """The served fake's figures, as sentences."""
    fake = results.get("served_fake")
    if not fake:
        return []
    lines = [
        f"The served fake: keep-alive request median {fake['in_process_median_ms']:.2f} ms in process, "
        f"{fake['over_http_median_ms']:.2f} ms over HTTP."
    ]
    if "upload_peak_rss_mib" in fake:
        lines.append(
            f"One {results['fake_upload_bytes'] / 2**30:.0f} GiB upload to the served fake (HTTP "
            f"{fake['upload_status']:.0f}): its RSS {fake['upload_rss_before_mib']:.0f} MiB before, "
            f"{fake['upload_peak_rss_mib']:.0f} MiB at the peak, {fake['upload_rss_after_mib']:.0f} MiB after."
        )
    return lines


def table(results: dict[str, Any], *, only_fake: bool = False) -> str:
    if only_fake:
        return "\n".join(fake_lines(results))
    seq = results["sequential_calls_per_second"]
    columns = [name for name in ("raw httpx", "generated", "facade", "official SDK") if name in seq]
    lines = [
        "| measure | " + " | ".join(columns) + " | facade / raw |",
        "|---|" + "---|" * (len(columns) + 1),
    ]
    for operation in ("update", "separate"):
        cells = [f"{seq[name][operation]:,.0f}" for name in columns]
        ratio = seq["facade / raw"][operation]
        lines.append(f"| {operation}: calls/s, sequential | " + " | ".join(cells) + f" | {ratio:.2f} |")
    own = results["own_work_per_call"]
    lines.append(
        f"| the facade's own work per call (no network), µs: update {own['update_us']:.1f}, separate "
        f"{own['separate_us']:.1f}; of update: arguments and body {own['arguments_us']:.1f}, prepare "
        f"{own['prepare_us']:.1f}, parse {own['parse_us']:.1f} (raw httpx: {own['raw_update_us']:.0f} µs) |"
        + " |"
        * len(columns)
    )
    conc = results["async_update_calls_per_second"]
    for concurrency in ("1", "10", "100"):
        cells = [f"{conc[name][concurrency]:,.0f}" if name in conc else "" for name in columns]
        ratio = conc["facade"][concurrency] / conc["raw httpx"][concurrency]
        lines.append(f"| update: calls/s, async, {concurrency} in flight | " + " | ".join(cells) + f" | {ratio:.2f} |")
    imp = results["import"]
    import_cells = {"raw httpx": imp["httpx"], "facade": imp["elevenlabs_pvc"], "official SDK": imp.get("elevenlabs")}
    cells = [
        f"{import_cells[name]['seconds'] * 1000:.0f} ms, {import_cells[name]['modules']:.0f} modules"
        if import_cells.get(name)
        else ""
        for name in columns
    ]
    ratio = imp["elevenlabs_pvc"]["seconds"] / imp["httpx"]["seconds"]
    lines.append("| import of the client (min of runs) | " + " | ".join(cells) + f" | {ratio:.2f} |")
    rss = results["peak_rss_mib"]
    cells = [
        f"{rss['raw']:.1f} MiB" if n == "raw httpx" else f"{rss['facade']:.1f} MiB" if n == "facade" else ""
        for n in columns
    ]
    lines.append(
        f"| peak RSS, {results['rss_calls']:,} calls | " + " | ".join(cells) + f" | {rss['facade'] / rss['raw']:.2f} |"
    )
    size = results["upload_bytes"] / 1e6
    for count, by_variant in results["uploads"].items():
        cells = [
            f"{by_variant[n]['peak_rss_mib']:.0f} MiB, {by_variant[n]['mb_per_second']:,.0f} MB/s"
            if n in by_variant
            else ""
            for n in columns
        ]
        raw, facade = by_variant["raw httpx"], by_variant["facade"]
        extra, speed = facade["peak_rss_mib"] - raw["peak_rss_mib"], facade["mb_per_second"] / raw["mb_per_second"]
        ratio = f"+{extra:.0f} MiB, {speed:.2f}"
        label = f"upload: {count} x {size:,.0f} MB WAV, peak RSS and MB/s"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
    lines.append("")
    for key in ("make_generate", "make_generate_whole_api", "make_generate_whole_api_2026"):
        if key in results:
            gen = results[key]
            lines.append(
                f"`make generate`, {gen['pages']} pages: merge {gen['merge_seconds']:.2f} s, "
                f"generation {gen['generate_seconds']:.2f} s."
            )
    lines += fake_lines(results)
    if results.get("drift_whole_api"):
        drift_result = results["drift_whole_api"]
        lines.append(
            f"`make drift` on two whole-API documents ({drift_result['megabytes']:.1f} MB): "
            f"{drift_result['seconds']:.2f} s (read, validate, compare)."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the client's own cost (see the module docstring).")
    parser.add_argument("--json", type=Path, required=True, help="write the results here as JSON")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=500, help="calls per variant and round")
    parser.add_argument("--compare-python", help="an interpreter with the official elevenlabs SDK installed")
    parser.add_argument("--upload-mb", type=int, default=400, help="the size of the uploaded WAV file, in MB")
    parser.add_argument("--fake-upload-mib", type=int, default=1024, help="the upload to the served fake, in MiB")
    parser.add_argument("--only-fake", action="store_true", help="measure the served fake only (section 7)")
    args = parser.parse_args(argv)
    if args.compare_python:
        # Absolute, but not resolved: a venv's python is a symlink whose target is outside the venv.
        args.compare_python = os.path.abspath(args.compare_python)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "rounds": args.rounds, "calls_per_round": args.calls}
    results["fake_upload_bytes"] = args.fake_upload_mib * 1024 * 1024
    if args.only_fake:
        results["served_fake"] = served_fake(300, results["fake_upload_bytes"])
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(table(results, only_fake=True))
        return 0
    with bench_server() as url:
        print("1/7 sequential calls ...", file=sys.stderr, flush=True)
        results["sequential_calls_per_second"] = sequential(url, args.rounds * 5, args.calls // 5, args.compare_python)
        results["own_work_per_call"] = own_work(20, args.calls)
        print("2/7 async calls in flight ...", file=sys.stderr, flush=True)
        results["async_update_calls_per_second"] = concurrent(url, 7, args.calls)
        print("3/7 import time ...", file=sys.stderr, flush=True)
        results["import"] = imports(9, args.compare_python)
        print("4/7 make generate ...", file=sys.stderr, flush=True)
        results["make_generate"] = generation(3)
        if API_PAGES.is_dir():
            results["make_generate_whole_api"] = generation(1, API_PAGES)
        if API_PAGES_2026.is_dir():
            results["make_generate_whole_api_2026"] = generation(1, API_PAGES_2026)
        results["drift_whole_api"] = drift(3)
        print("5/7 peak memory ...", file=sys.stderr, flush=True)
        results["rss_calls"] = 10_000
        results["peak_rss_mib"] = peak_rss(url, 10_000)
        print("6/7 uploads ...", file=sys.stderr, flush=True)
        results["upload_bytes"] = args.upload_mb * 1_000_000
        results["uploads"] = uploads(url, results["upload_bytes"], 5, args.compare_python)
    print("7/7 the served fake ...", file=sys.stderr, flush=True)
    results["served_fake"] = served_fake(300, results["fake_upload_bytes"])
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\n{results['machine']['cpu']}, {results['machine']['cores']} cores, Python {results['machine']['python']}")
    print(f"(bench took {results['bench_seconds']} s; JSON in {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
