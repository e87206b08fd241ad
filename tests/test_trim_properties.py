"""Property-based tests of trim-time validation (hypothesis).

* every accepted pair of trim times produces a request body the spec accepts
  (the mock validates each request with openapi-core) holding the same milliseconds;
* every rejected value raises an InvalidArgument(Type)Error before any request.
"""

from __future__ import annotations

import json
import warnings
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elevenlabs_pvc import InvalidArgumentError, InvalidArgumentTypeError, PVCClient, PVCWarning
from elevenlabs_pvc.validation import trim_time_ms
from tests.mockapi import API_KEY, HOST, MockAPI

MAX_MS = 10**10  # ~115 days: far beyond any sample, small enough to keep examples readable

milliseconds = st.integers(min_value=0, max_value=MAX_MS)
trim_times = st.one_of(milliseconds, milliseconds.map(lambda ms: timedelta(milliseconds=ms)))

rejected = st.one_of(
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.integers(max_value=-1),
    st.integers(min_value=1, max_value=MAX_MS).map(lambda ms: timedelta(milliseconds=-ms)),
    st.integers(min_value=0, max_value=MAX_MS * 1000)
    .filter(lambda us: us % 1000)
    .map(lambda us: timedelta(microseconds=us)),
    st.lists(st.integers(), max_size=2),
    st.just(b"100"),
)


def as_ms(value: int | timedelta) -> int:
    return value // timedelta(milliseconds=1) if isinstance(value, timedelta) else value


def new_client() -> tuple[PVCClient, MockAPI]:
    api = MockAPI().json(200, {"voice_id": "v1"})
    return PVCClient(api_key=API_KEY, http_client=api.http_client(base_url=HOST)), api


@given(start=trim_times, end=trim_times)
def test_accepted_trim_times_produce_a_body_the_spec_accepts(start: Any, end: Any):
    client, api = new_client()
    if as_ms(start) >= as_ms(end):
        start, end = end, start
    if as_ms(start) == as_ms(end):
        with pytest.raises(InvalidArgumentError) as raised:
            client.samples.update("v1", "s1", trim_start_time=start, trim_end_time=end)
        assert raised.value.parameter == "trim_start_time"
        assert api.requests == []
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PVCWarning)  # short windows warn; that is tested elsewhere
        client.samples.update("v1", "s1", trim_start_time=start, trim_end_time=end)
    (request,) = api.requests  # validated against the spec by the mock
    assert json.loads(request.content) == {"trim_start_time": as_ms(start), "trim_end_time": as_ms(end)}


@given(value=rejected, which=st.sampled_from(["trim_start_time", "trim_end_time"]))
def test_rejected_trim_times_raise_before_any_request(value: Any, which: str):
    client, api = new_client()
    with pytest.raises((InvalidArgumentError, InvalidArgumentTypeError)) as raised:
        client.samples.update("v1", "s1", **{which: value})
    assert raised.value.parameter == which
    assert which in str(raised.value)
    assert api.requests == []


@given(value=trim_times)
def test_conversion_is_exact(value: Any):
    assert trim_time_ms("trim_start_time", value) == as_ms(value)
