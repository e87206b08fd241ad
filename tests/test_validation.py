"""Arguments are checked before anything is sent (``validation.py``, ``_bodies.py``), sync and async:
what is sent, IDs, trim times and their warnings, speaker selections, each error naming the
parameter and the value.
"""

from __future__ import annotations

import asyncio
import warnings
from datetime import timedelta
from typing import Any

import pytest

from elevenlabs_pvc import (
    AsyncPVCClient,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    PVCClient,
    ShortTrimWindowWarning,
    SpeakerSelectionClearedWarning,
    SpeakerSelectionOverrideWarning,
)
from tests.factories import OK_SEPARATE, OK_UPDATE, Op, names, sent_json, separate, update
from tests.mockapi import API_KEY, HOST, Harness, MockAPI

# --- only what the caller sets is sent ---------------------------------------------------------------


def test_omitted_arguments_are_not_sent(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    result = harness.call(update())
    assert sent_json(api.requests[0]) == {}
    assert result.voice_id == "v1"


def test_explicit_none_sends_null(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update(trim_start_time=None, trim_end_time=None, selected_speaker_ids=None, file_name=None))
    assert sent_json(api.requests[0]) == {
        "trim_start_time": None,
        "trim_end_time": None,
        "selected_speaker_ids": None,
        "file_name": None,
    }


@pytest.mark.parametrize("value", [True, False])
def test_remove_background_noise_is_sent_only_when_given(harness: Harness, api: MockAPI, value: bool):
    api.json(200, OK_UPDATE)
    harness.call(update(remove_background_noise=value, file_name="take.wav"))
    assert sent_json(api.requests[0]) == {"remove_background_noise": value, "file_name": "take.wav"}


def test_every_field_together(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(
        update(
            trim_start_time=timedelta(seconds=1.5),
            trim_end_time=42_000,
            remove_background_noise=True,
            selected_speaker_ids=("spk_1", "spk_2"),
            file_name="interview.wav",
        )
    )
    assert sent_json(api.requests[0]) == {
        "trim_start_time": 1500,
        "trim_end_time": 42000,
        "remove_background_noise": True,
        "selected_speaker_ids": ["spk_1", "spk_2"],
        "file_name": "interview.wav",
    }


# --- IDs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voice_id", "sample_id", "error"),
    [
        ("", "s1", InvalidArgumentError),
        ("v1", "  ", InvalidArgumentError),
        (None, "s1", InvalidArgumentTypeError),
        ("v1", 7, InvalidArgumentTypeError),
        ("v1", "..", InvalidArgumentError),
        (".", "s1", InvalidArgumentError),
    ],
)
def test_bad_ids_raise_before_any_request(harness: Harness, api: MockAPI, voice_id: Any, sample_id: Any, error: type):
    for operation in (
        lambda c: c.samples.update(voice_id, sample_id, file_name="x.wav"),
        lambda c: c.samples.speakers.separate(voice_id, sample_id),
    ):
        with pytest.raises(error, match=r"voice_id|sample_id"):
            harness.call(operation)
    assert api.requests == []


@names
@pytest.mark.parametrize("bad", ["s\udc80", "x" * 70_000], ids=["lone-surrogate", "70k-chars"])
def test_an_id_that_cannot_go_into_a_url_is_refused_before_sending(harness: Harness, api: MockAPI, op: Op, bad: str):
    for parameter in op.ids:
        with pytest.raises(InvalidArgumentError) as raised:
            harness.call(lambda client, parameter=parameter: op.call(client, overrides={parameter: bad}))
        assert raised.value.parameter == parameter
        assert parameter in str(raised.value)
    assert api.requests == []


@pytest.mark.parametrize(
    ("sample_id", "encoded"),
    [("a/b", "a%2Fb"), ("../x", "..%2Fx"), ("s?1", "s%3F1"), ("s#1", "s%231"), ("s 1", "s%201")],
)
def test_path_parameters_are_percent_encoded(harness: Harness, api: MockAPI, sample_id: str, encoded: str):
    api.json(200, OK_SEPARATE)
    harness.call(separate("v1", sample_id))
    request = api.requests[0]
    assert request.url.raw_path == f"/v1/voices/pvc/v1/samples/{encoded}/separate-speakers".encode()
    assert request.url.query == b""


# --- trim times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "names"),
    [
        ({"trim_start_time": True}, InvalidArgumentTypeError, ["trim_start_time", "True"]),
        ({"trim_end_time": 1.5}, InvalidArgumentTypeError, ["trim_end_time", "1.5"]),
        ({"trim_end_time": 2000.0}, InvalidArgumentTypeError, ["trim_end_time", "2000.0"]),
        ({"trim_start_time": "100"}, InvalidArgumentTypeError, ["trim_start_time", "'100'"]),
        ({"trim_start_time": -1}, InvalidArgumentError, ["trim_start_time", "-1"]),
        ({"trim_end_time": timedelta(milliseconds=-5)}, InvalidArgumentError, ["trim_end_time"]),
        ({"trim_end_time": timedelta(microseconds=1500)}, InvalidArgumentError, ["trim_end_time", "whole"]),
        ({"trim_start_time": 5000, "trim_end_time": 5000}, InvalidArgumentError, ["trim_start_time", "5000"]),
        ({"trim_start_time": 9000, "trim_end_time": 2000}, InvalidArgumentError, ["9000 ms", "2000 ms"]),
    ],
)
def test_bad_trim_times_raise_before_any_request(
    harness: Harness, api: MockAPI, kwargs: dict[str, Any], error: type[Exception], names: list[str]
):
    with pytest.raises(error) as raised:
        harness.call(update(**kwargs))
    for name in names:
        assert name in str(raised.value)
    assert isinstance(raised.value, ValueError | TypeError)
    assert api.requests == []


def test_trim_errors_carry_the_parameter_and_value(harness: Harness):
    with pytest.raises(InvalidArgumentTypeError) as raised:
        harness.call(update(trim_start_time=2.5))
    assert (raised.value.parameter, raised.value.value) == ("trim_start_time", 2.5)


def test_a_window_under_one_second_warns(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with pytest.warns(ShortTrimWindowWarning, match="milliseconds"):
        harness.call(update(trim_start_time=2, trim_end_time=30))
    assert sent_json(api.requests[0]) == {"trim_start_time": 2, "trim_end_time": 30}


def test_an_end_under_one_second_warns_even_without_a_start(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with pytest.warns(ShortTrimWindowWarning):
        harness.call(update(trim_end_time=45))


def test_the_warning_points_at_the_callers_line(api: MockAPI):
    api.json(200, OK_UPDATE)
    client = PVCClient(api_key=API_KEY, http_client=api.http_client(base_url=HOST))
    with pytest.warns(ShortTrimWindowWarning) as record:
        client.samples.update("v1", "s1", trim_start_time=0, trim_end_time=10)
    assert record[0].filename == __file__


def test_the_async_warning_points_at_the_callers_line(api: MockAPI):
    api.json(200, OK_UPDATE)

    async def main() -> None:
        client = AsyncPVCClient(api_key=API_KEY, http_client=api.async_http_client(base_url=HOST))
        await client.samples.update("v1", "s1", trim_start_time=0, trim_end_time=10)

    with pytest.warns(ShortTrimWindowWarning) as record:
        asyncio.run(main())
    assert record[0].filename == __file__


def test_a_normal_window_does_not_warn(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harness.call(update(trim_start_time=0, trim_end_time=1000))
    assert caught == []
    assert sent_json(api.requests[0]) == {"trim_start_time": 0, "trim_end_time": 1000}


# --- speaker selections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        ("spk_1", InvalidArgumentTypeError, "did you mean ['spk_1']"),
        ({"spk_1"}, InvalidArgumentTypeError, "list or tuple"),
        (["spk_1", 2], InvalidArgumentTypeError, "selected_speaker_ids[1]"),
        (["spk_1", ""], InvalidArgumentError, "selected_speaker_ids[1]"),
    ],
)
def test_bad_speaker_selections_raise_before_any_request(
    harness: Harness, api: MockAPI, value: Any, error: type[Exception], fragment: str
):
    with pytest.raises(error) as raised:
        harness.call(update(selected_speaker_ids=value))
    assert fragment in str(raised.value)
    assert api.requests == []


def test_duplicate_speaker_ids_are_dropped(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    harness.call(update(selected_speaker_ids=["b", "a", "b", "a"]))
    assert sent_json(api.requests[0]) == {"selected_speaker_ids": ["b", "a"]}


def test_replacing_a_selection_and_dropping_ids_warns_with_the_dropped_ids(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    harness.call(update(selected_speaker_ids=["a", "b", "c"]), client)
    with pytest.warns(SpeakerSelectionOverrideWarning, match=r"deselects \['a', 'c'\]"):
        harness.call(update(selected_speaker_ids=["b"]), client)


def test_extending_a_selection_does_not_warn(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    harness.call(update(selected_speaker_ids=["a"]), client)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        harness.call(update(selected_speaker_ids=["a", "b"]), client)
        # Another sample of the same voice has its own selection.
        harness.call(lambda c: c.samples.update("v1", "s2", selected_speaker_ids=["z"]), client)
    assert caught == []
    assert [sent_json(request)["selected_speaker_ids"] for request in api.requests] == [["a"], ["a", "b"], ["z"]]


def test_an_empty_selection_warns_that_it_clears(harness: Harness, api: MockAPI):
    api.json(200, OK_UPDATE)
    client = harness.client()
    with pytest.warns(SpeakerSelectionClearedWarning, match="clears"):
        harness.call(update(selected_speaker_ids=[]), client)
    harness.call(update(selected_speaker_ids=["a"]), client)
    with pytest.warns(SpeakerSelectionClearedWarning, match=r"deselecting \['a'\]"):
        harness.call(update(selected_speaker_ids=[]), client)


def test_a_failed_update_does_not_count_as_a_sent_selection(harness: Harness, api: MockAPI):
    api.json(404, {"detail": {"status": "sample_not_found", "message": "not found"}})
    api.json(200, OK_UPDATE)
    client = harness.client()
    with pytest.raises(NotFoundError):
        harness.call(update(selected_speaker_ids=["a", "b"]), client)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        harness.call(update(selected_speaker_ids=["a"]), client)


def test_the_override_warning_is_a_user_warning():
    assert issubclass(SpeakerSelectionOverrideWarning, UserWarning)
    assert issubclass(SpeakerSelectionClearedWarning, SpeakerSelectionOverrideWarning)
    assert issubclass(ShortTrimWindowWarning, UserWarning)


# --- wrong types, by their own names -----------------------------------------------------------------


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
