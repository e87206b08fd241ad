"""``scripts/from_spec.py``: the result types and regions follow the spec."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
import yaml

from scripts import from_spec

SPEC: dict[str, Any] = yaml.safe_load(from_spec.SPEC.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _namespace(text: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(text, "types.py", "exec"), namespace)  # our own generated module
    return namespace


def test_the_committed_modules_are_what_the_spec_gives():
    assert from_spec.differences(from_spec.render()) == []


def test_a_property_the_api_adds_becomes_a_field_with_none_for_not_said(tmp_path: Path):
    document = copy.deepcopy(SPEC)
    sample = document["components"]["schemas"]["SampleResponseModel"]
    sample["properties"]["loudness_db"] = {"type": ["number", "null"], "description": "The loudness in dB."}
    text = from_spec.render(_write(tmp_path, document))[from_spec.TARGET]
    assert "    loudness_db: float | None = None\n" in text
    assert "loudness_db: the loudness in dB." in text
    assert "loudness_db=_number(model.loudness_db)" in text
    from elevenlabs_pvc_api.models import SampleResponseModel

    model = SampleResponseModel.from_dict(
        {"sample_id": "s", "file_name": "a.wav", "mime_type": "audio/wav", "size_bytes": 1, "hash": "h"}
    )
    # The model regenerated from that spec would have the attribute: stand in for it.
    grown = SimpleNamespace(**attrs.asdict(model, recurse=False), loudness_db=3)
    built = _namespace(text)["Sample"].from_model(grown)
    assert (built.hash, built.loudness_db, built.duration_secs, built.speaker_separation) == ("h", 3.0, None, None)


def test_a_map_an_array_and_an_enum_become_a_mapping_a_tuple_and_a_str_enum():
    from elevenlabs_pvc_api.models import SpeakerSeparationResponseModel

    from elevenlabs_pvc import Separation, SeparationStatus

    status = Separation.from_model(
        SpeakerSeparationResponseModel.from_dict(
            {
                "voice_id": "v",
                "sample_id": "s",
                "status": "completed",
                "speakers": {"SPEAKER_1": {"speaker_id": "SPEAKER_1", "duration_secs": 2, "utterances": None}},
                "selected_speaker_ids": ["SPEAKER_1"],
            }
        )
    )
    assert status.status is SeparationStatus.COMPLETED
    assert status.status == "completed"
    assert status.selected_speaker_ids == ("SPEAKER_1",)
    speaker = status.speakers["SPEAKER_1"]
    assert (speaker.duration_secs, speaker.utterances, speaker.sample_duration_secs) == (2.0, (), None)
    with pytest.raises(TypeError):
        status.speakers["SPEAKER_2"] = speaker  # type: ignore[index]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"schema": "NoSuchModel", "doc": "x"}, "no schema NoSuchModel"),
        ({"enum": "SampleResponseModel.nothing", "doc": "x"}, "no enum SampleResponseModel.nothing"),
        ({"schema": "UtteranceResponseModel", "doc": "x", "fields": {"middle": "y"}}, "no properties ['middle']"),
    ],
)
def test_a_config_entry_the_spec_lacks_is_an_error_naming_it(tmp_path: Path, entry: dict[str, Any], expected: str):
    config = tmp_path / "result-types.yaml"
    config.write_text(yaml.safe_dump({"Thing": entry}), encoding="utf-8")
    with pytest.raises(from_spec.FromSpecError, match=re.escape(expected)):
        from_spec.render(config=config)


def test_regions_are_named_after_the_label_behind_api(tmp_path: Path):
    document = copy.deepcopy(SPEC)
    document["servers"].append({"url": "https://api.jp.residency.elevenlabs.io"})
    text = from_spec.render(_write(tmp_path, document))[from_spec.REGIONS_TARGET]
    assert 'Region = Literal["default", "us", "eu", "in", "jp"]' in text
    assert _namespace(text)["REGIONS"]["jp"] == "https://api.jp.residency.elevenlabs.io"
    document["servers"].append({"url": "https://elevenlabs.example"})
    with pytest.raises(from_spec.FromSpecError, match=r"elevenlabs\.example"):
        from_spec.render(_write(tmp_path, document))


def test_check_writes_nothing_and_fails_on_a_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    document = copy.deepcopy(SPEC)
    document["servers"].append({"url": "https://api.jp.residency.elevenlabs.io"})
    before = from_spec.REGIONS_TARGET.read_bytes()
    assert from_spec.main(["--check", "--spec", str(_write(tmp_path, document))]) == 1
    assert from_spec.REGIONS_TARGET.read_bytes() == before
    assert '-    "jp": "https://api.jp.residency.elevenlabs.io",' in capsys.readouterr().out
    assert from_spec.main(["--check"]) == 0


# --- text from the spec is data, never code -------------------------------------------------------

HOSTILE_DESCRIPTIONS = [
    'Closes early."""\nimport os; os.system("touch PWNED")\n"""',
    'Ends with quotes""',
    "A backslash \\N{BULLET} and \\x00 and a NUL \x00 and \\",
    "Quotes ' and \" and ''' mixed",
]


@pytest.mark.parametrize("description", HOSTILE_DESCRIPTIONS)
def test_a_hostile_description_stays_a_docstring(tmp_path: Path, description: str):
    document = copy.deepcopy(SPEC)
    sample = document["components"]["schemas"]["SampleResponseModel"]
    sample["properties"]["sample_id"]["description"] = description
    document["components"]["schemas"]["SpeakerSeparationResponseModel"]["description"] = description
    text = from_spec.render(_write(tmp_path, document))[from_spec.TARGET]
    assert from_spec.shape_problems(text, "types.py") == []
    namespace = _namespace(text)
    docstring = namespace["Sample"].__doc__
    # What the spec said is in the docstring, as it said it (wrapped, control characters replaced).
    expected = " ".join(from_spec._CONTROL.sub("\ufffd", description).split())
    assert expected[1:] in " ".join(docstring.split())
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ('https://api.x.elevenlabs.io" + str(__import__("os").system("id")) + "', "not a plain https"),
        ("https://api.x.elevenlabs.io'\nimport os\n'", "not a plain https"),
        ("javascript:alert(1)", "not a plain https"),
        ("https://api.x$y.elevenlabs.io", "not a plain https"),
    ],
)
def test_a_hostile_server_url_is_refused_naming_it(tmp_path: Path, url: str, message: str):
    document = copy.deepcopy(SPEC)
    document["servers"].append({"url": url})
    with pytest.raises(from_spec.FromSpecError, match=message) as raised:
        from_spec.render(_write(tmp_path, document))
    assert repr(url)[:40] in str(raised.value)


@pytest.mark.parametrize("name", ["x: int = __import__('os').getpid()  #", "class", "__dict__", "a b"])
def test_a_property_name_that_is_not_an_identifier_is_refused(tmp_path: Path, name: str):
    document = copy.deepcopy(SPEC)
    document["components"]["schemas"]["SampleResponseModel"]["properties"][name] = {"type": "string"}
    with pytest.raises(from_spec.FromSpecError, match="not a plain Python identifier"):
        from_spec.render(_write(tmp_path, document))


def test_an_enum_value_that_is_not_an_identifier_is_refused(tmp_path: Path):
    document = copy.deepcopy(SPEC)
    status = document["components"]["schemas"]["SpeakerSeparationResponseModel"]["properties"]["status"]
    status["enum"].append("x = __import__('os')")
    with pytest.raises(from_spec.FromSpecError, match="not a plain Python identifier"):
        from_spec.render(_write(tmp_path, document))


@pytest.mark.parametrize(
    "code",
    [
        "import os\n",
        "__import__('os').system('id')\n",
        "x = open('f')\n",
        "class A:\n    x = ().__class__\n",
        "def f():\n    exec('1')\n",
        "X = f'{1}'\n",
    ],
)
def test_the_shape_check_refuses_code(code: str):
    assert from_spec.shape_problems('"""Doc."""\n' + code, "types.py")


def test_the_shape_check_passes_the_committed_modules():
    for path in (from_spec.TARGET, from_spec.REGIONS_TARGET):
        assert from_spec.shape_problems(path.read_text(encoding="utf-8"), path.name) == []
