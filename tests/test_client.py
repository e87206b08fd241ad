"""The client's settings, sync and async: the key, regions and base URLs, the caller's own httpx
client, headers, ``with_options``, ``with_raw_response``, closing, and a forked child.

Each test that takes ``harness`` runs with PVCClient and AsyncPVCClient against the spec-checked mock
(``tests/mockapi.py``).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import elevenlabs_pvc
from elevenlabs_pvc import (
    AsyncPVCClient,
    ClientClosedError,
    ConfigurationError,
    PVCClient,
    RawResponse,
    ResponseValidationError,
    ServerError,
    SpeakerSelectionOverrideWarning,
)
from tests.factories import BY_NAME, OK_SEPARATE, OK_UPDATE, Op, everything_shown, names, status_json, train, update
from tests.helpers import REPO_ROOT, SPEC_PATH
from tests.mockapi import API_KEY, HOST, Harness, MockAPI

SEPARATE_URL = f"{HOST}/v1/voices/pvc/v1/samples/s1/separate-speakers"


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


# --- the API key -------------------------------------------------------------------------------------


def test_api_key_is_sent_as_xi_api_key(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update())
    assert api.requests[0].headers["xi-api-key"] == API_KEY


def test_api_key_is_read_from_the_environment_when_the_client_is_built(
    harness: Harness, api: MockAPI, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ELEVENLABS_API_KEY", "from-env")
    client = harness.client(api_key=None)
    monkeypatch.setenv("ELEVENLABS_API_KEY", "changed-later")
    api.json(200, OK_UPDATE)
    harness.call(update(), client)
    assert api.requests[0].headers["xi-api-key"] == "from-env"


@pytest.mark.parametrize("client_class", [PVCClient, AsyncPVCClient])
def test_a_missing_api_key_is_a_clear_error_at_construction(
    client_class: type[PVCClient], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="ELEVENLABS_API_KEY"):
        client_class()
    with pytest.raises(ConfigurationError, match="empty"):
        client_class(api_key="   ")


def test_an_api_key_that_cannot_be_a_header_is_refused_without_echoing_it():
    with pytest.raises(ConfigurationError) as raised:
        PVCClient(api_key="sk_abc\ndef")
    assert "sk_abc" not in str(raised.value)


def test_importing_does_not_read_the_environment(monkeypatch: pytest.MonkeyPatch):
    import importlib

    monkeypatch.delenv("ELEVENLABS_API_KEY", raising=False)
    reloaded = importlib.reload(elevenlabs_pvc)  # no error: the key is only needed by a client
    monkeypatch.setenv("ELEVENLABS_API_KEY", "set-after-import")
    with reloaded.PVCClient() as client:
        assert client._options.api_key == "set-after-import"  # read when the client is built, not on import


# --- regions and base URLs ---------------------------------------------------------------------------


def test_regions_are_the_spec_servers_in_order():
    servers = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))["servers"]
    assert list(elevenlabs_pvc.REGIONS.values()) == [server["url"] for server in servers]
    assert list(elevenlabs_pvc.REGIONS) == ["default", "us", "eu", "in"]


@pytest.mark.parametrize("region", ["default", "us", "eu", "in"])
def test_each_region_sends_to_its_host(region: str, api: MockAPI):
    api.json(200, OK_SEPARATE)
    with PVCClient(api_key=API_KEY, region=region, http_client=api.http_client()) as client:  # type: ignore[arg-type]
        client.samples.speakers.separate("v1", "s1")
        assert client.base_url == elevenlabs_pvc.REGIONS[region]
    (request,) = api.requests
    assert str(request.url) == f"{elevenlabs_pvc.REGIONS[region]}/v1/voices/pvc/v1/samples/s1/separate-speakers"


def test_async_client_uses_the_region_host(api: MockAPI):
    api.json(200, OK_SEPARATE)

    async def main() -> None:
        async with AsyncPVCClient(api_key=API_KEY, region="eu", http_client=api.async_http_client()) as client:
            await client.samples.speakers.separate("v1", "s1")

    asyncio.run(main())
    (request,) = api.requests
    assert request.url.host == httpx.URL(elevenlabs_pvc.REGIONS["eu"]).host


def test_base_url_overrides_the_region(api: MockAPI):
    api.prefix = "/prefix"
    api.json(200, OK_SEPARATE)
    http = api.http_client()
    with PVCClient(api_key=API_KEY, region="eu", base_url="http://127.0.0.1:9/prefix/", http_client=http) as client:
        client.samples.speakers.separate("v1", "s1")
    (request,) = api.requests
    assert str(request.url) == "http://127.0.0.1:9/prefix/v1/voices/pvc/v1/samples/s1/separate-speakers"


@pytest.mark.parametrize("region", ["EU", "moon", "", None, 3])
def test_an_unknown_region_is_a_clear_error(region: Any):
    with pytest.raises(ConfigurationError, match="unknown region") as raised:
        PVCClient(api_key=API_KEY, region=region)
    assert "'default', 'us', 'eu', 'in'" in str(raised.value)


@pytest.mark.parametrize("base_url", ["api.elevenlabs.io", "ftp://x", ""])
def test_a_base_url_without_scheme_is_refused(base_url: str):
    with pytest.raises(ConfigurationError, match="base_url"):
        PVCClient(api_key=API_KEY, base_url=base_url)


def test_the_http_clients_own_base_url_is_used_when_no_region_or_base_url_is_given(api: MockAPI):
    api.json(200, OK_SEPARATE)
    client = PVCClient(api_key=API_KEY, http_client=api.http_client(base_url="https://api.elevenlabs.io"))
    client.samples.speakers.separate("v1", "s1")
    assert str(api.requests[0].url) == SEPARATE_URL


def test_an_explicit_region_wins_over_the_http_clients_base_url(api: MockAPI):
    api.json(200, OK_SEPARATE)
    client = PVCClient(api_key=API_KEY, region="us", http_client=api.http_client(base_url="http://127.0.0.1:9"))
    client.samples.speakers.separate("v1", "s1")
    assert api.requests[0].url.host == "api.us.elevenlabs.io"


@pytest.mark.parametrize(
    "base_url",
    [
        "http://",
        "https:///v1",
        "http://a b.example",
        "http://api.example/?region=eu",
        "http://api.example/#top",
        "ftp://api.example",
        "http://api.example/\n",
        "api.example",
    ],
)
def test_a_malformed_base_url_is_refused_at_construction(base_url: str):
    for kind in (PVCClient, AsyncPVCClient):
        with pytest.raises(ConfigurationError, match="base_url"):
            kind(api_key=API_KEY, base_url=base_url)


def test_credentials_in_a_base_url_are_refused_without_showing_them():
    for kind in (PVCClient, AsyncPVCClient):
        with pytest.raises(ConfigurationError, match="credentials") as raised:
            kind(api_key=API_KEY, base_url="https://user:hunter2@api.example")
        assert "hunter2" not in everything_shown(raised.value)
    with pytest.raises(ConfigurationError, match=r"http_client\.base_url"):
        PVCClient(api_key=API_KEY, http_client=httpx.Client(base_url="https://user:hunter2@api.example"))


# --- the caller's own httpx client, closing ----------------------------------------------------------


def test_a_callers_http_client_is_used_as_given_and_not_closed(api: MockAPI):
    timeout = httpx.Timeout(3.0, read=7.0)
    own = api.http_client(base_url=HOST, timeout=timeout, headers={"X-Trace": "mine"})
    with PVCClient(api_key=API_KEY, http_client=own) as client:
        api.json(200, OK_UPDATE)
        client.samples.update("v1", "s1", trim_start_time=0)
    assert own.timeout == timeout
    assert api.requests[0].headers["x-trace"] == "mine"
    assert not own.is_closed
    own.close()


def test_a_callers_async_http_client_is_used_as_given_and_not_closed(api: MockAPI):
    own = api.async_http_client(base_url=HOST, timeout=4.0)

    async def main() -> None:
        async with AsyncPVCClient(api_key=API_KEY, http_client=own) as client:
            api.json(200, OK_SEPARATE)
            await client.samples.speakers.separate("v1", "s1")
        assert not own.is_closed
        await own.aclose()

    asyncio.run(main())
    assert own.timeout == httpx.Timeout(4.0)
    assert len(api.requests) == 1


def test_the_client_closes_the_http_client_it_created():
    client = PVCClient(api_key=API_KEY)
    with client:
        pass
    assert client._http.is_closed


def test_timeout_goes_to_the_created_http_client():
    with PVCClient(api_key=API_KEY, timeout=2.5) as client:
        assert client._http.timeout == httpx.Timeout(2.5)
    with PVCClient(api_key=API_KEY) as client:
        assert client._http.timeout == elevenlabs_pvc.DEFAULT_TIMEOUT


def test_timeout_with_an_own_http_client_is_refused(api: MockAPI):
    with pytest.raises(ConfigurationError, match="timeout"):
        PVCClient(api_key=API_KEY, timeout=5, http_client=api.http_client())


def test_an_http_client_of_the_wrong_kind_is_refused(api: MockAPI):
    with pytest.raises(ConfigurationError, match=r"httpx\.Client"):
        PVCClient(api_key=API_KEY, http_client=api.async_http_client())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match=r"httpx\.AsyncClient"):
        AsyncPVCClient(api_key=API_KEY, http_client=api.http_client())  # type: ignore[arg-type]


@pytest.mark.parametrize("max_retries", [-1, 1.5, True, "2"])
def test_bad_max_retries_is_refused(max_retries: Any):
    with pytest.raises(ConfigurationError, match="max_retries"):
        PVCClient(api_key=API_KEY, max_retries=max_retries)


def test_a_closed_client_raises_its_own_error_before_any_request(harness: Harness, api: MockAPI):
    client = harness.client(http_client=None, base_url="http://127.0.0.1:9")
    if harness.is_async:
        import asyncio

        asyncio.run(client.aclose())
    else:
        client.close()
    with pytest.raises(ClientClosedError, match="the client is closed"):
        harness.call(train(), client)
    assert not isinstance(ClientClosedError("x"), elevenlabs_pvc.APIConnectionError)
    assert api.requests == []


def test_a_closed_http_client_of_the_callers_is_named_too(harness: Harness, api: MockAPI):
    if harness.is_async:
        import asyncio

        http = api.async_http_client(base_url="http://api.test")
        asyncio.run(http.aclose())
    else:
        http = api.http_client(base_url="http://api.test")
        http.close()
    with pytest.raises(ClientClosedError):
        harness.call(train(), harness.client(http_client=http))


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


# --- headers -----------------------------------------------------------------------------------------


def test_default_headers_go_with_every_request(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    client = harness.client(default_headers={"X-Team": "voices"})
    harness.call(BY_NAME["update"].call, client)
    harness.call(BY_NAME["samples.update"].call, client)
    assert [request.headers["x-team"] for request in api.requests] == ["voices", "voices"]


def test_default_headers_may_not_replace_the_key(harness: Harness):
    with pytest.raises(ConfigurationError, match=r"(?i)xi-api-key"):
        harness.client(default_headers={"XI-API-KEY": "other"})


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


# --- with_options ------------------------------------------------------------------------------------


def test_with_options_changes_only_what_it_is_given(harness: Harness, api: MockAPI):
    api.json(200, {"voice_id": "v1"})
    client = harness.client(default_headers={"X-Team": "voices"}, max_retries=3)
    derived = client.with_options(timeout=7.5, extra_headers={"X-Trace": "t1"})
    harness.call(BY_NAME["update"].call, derived)
    harness.call(BY_NAME["update"].call, client)
    with_extra, plain = api.requests
    assert (with_extra.headers["x-team"], with_extra.headers["x-trace"]) == ("voices", "t1")
    assert "x-trace" not in plain.headers
    assert with_extra.extensions["timeout"]["read"] == 7.5
    assert plain.extensions["timeout"]["read"] != 7.5
    assert (derived.max_retries, client.max_retries) == (3, 3)
    assert client.with_options(max_retries=0).max_retries == 0


def test_with_options_max_retries_applies_per_call(harness: Harness, api: MockAPI):
    api.json(503, {"detail": "busy"})
    client = harness.client(max_retries=2)
    with pytest.raises(ServerError):
        harness.call(BY_NAME["update"].call, client.with_options(max_retries=0))
    assert len(api.requests) == 1


def test_with_options_shares_the_pool_and_what_the_client_knows(harness: Harness, api: MockAPI):
    client = harness.client()
    derived = client.with_options(timeout=30)
    assert derived._http is client._http
    api.json(200, status_json("completed", ["spk_a", "spk_b"]))
    harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client)
    api.reset().json(200, {"voice_id": "v1"})
    with pytest.warns(SpeakerSelectionOverrideWarning, match="spk_b"):
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=["spk_a"]), derived)


def test_closing_a_derived_client_leaves_the_pool_open(harness: Harness):
    client = harness.client(http_client=None, base_url=HOST)
    harness.call(
        lambda c: c.with_options(timeout=1).aclose() if harness.is_async else c.with_options(timeout=1).close(), client
    )
    assert not client._http.is_closed
    harness.call(lambda c: c.aclose() if harness.is_async else c.close(), client)
    assert client._http.is_closed


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": -1},
        {"timeout": "10"},
        {"max_retries": -1},
        {"max_retries": True},
        {"extra_headers": {"xi-api-key": "other"}},
        {"extra_headers": {"Content-Type": "text/plain"}},
        {"extra_headers": {"X-Bad": 3}},
        {"extra_headers": {"X-Bad": "line\nbreak"}},
    ],
)
def test_with_options_refuses_bad_settings(harness: Harness, kwargs: dict[str, Any]):
    with pytest.raises(ConfigurationError):
        harness.client().with_options(**kwargs)


@pytest.mark.parametrize("deadline", [0, -1, float("inf"), "5", True])
def test_a_bad_deadline_is_a_configuration_error(harness: Harness, deadline: Any):
    with pytest.raises(ConfigurationError, match="deadline"):
        harness.client().with_options(deadline=deadline)


# --- with_raw_response -------------------------------------------------------------------------------


@names
def test_with_raw_response_gives_the_answer_and_the_same_parsed_result(harness: Harness, api: MockAPI, op: Op):
    api.json(200, op.answer, {"request-id": "req-42", "x-extra": "1"})
    client = harness.client()
    raw = harness.call(op.call, client.with_raw_response)
    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.request_id, raw.headers["x-extra"]) == (200, "req-42", "1")
    parsed = raw.parse()
    assert raw.parse() is parsed
    plain = harness.call(op.call, client)
    assert type(parsed) is type(plain)
    if op.name != "verification.captcha.get":
        assert parsed == plain


def test_a_raw_response_raises_the_same_errors(harness: Harness, api: MockAPI):
    api.json(404, {"detail": "no such sample"})
    with pytest.raises(elevenlabs_pvc.NotFoundError):
        harness.call(BY_NAME["samples.delete"].call, harness.client().with_raw_response)
    api.reset().reply(httpx.Response(200, json={"voice_id": 3}), valid=False)
    raw = harness.call(BY_NAME["samples.update"].call, harness.client().with_raw_response)
    assert raw.status_code == 200
    with pytest.raises(ResponseValidationError):
        raw.parse()


def test_raw_parse_keeps_the_clients_bookkeeping(harness: Harness, api: MockAPI):
    client = harness.client()
    api.json(200, status_json("completed", ["spk_a", "spk_b"]))
    harness.call(lambda c: c.samples.speakers.get("v1", "s1"), client.with_raw_response).parse()
    api.reset().json(200, {"voice_id": "v1"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harness.call(lambda c: c.samples.update("v1", "s1", selected_speaker_ids=["spk_a"]), client)
    assert [type(warning.message) for warning in caught] == [SpeakerSelectionOverrideWarning]
