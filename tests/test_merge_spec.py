"""The merge of documentation pages into one spec (scripts/merge_spec.py)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from scripts import common, merge_spec
from scripts.merge_spec import MergeError
from tests.helpers import REPO_ROOT, SOURCES, SPEC_PATH, PageFactory, page_text
from tests.upstream import upstream

UPDATE_PATH = "/v1/voices/pvc/{voice_id}/samples/{sample_id}"
SEPARATE_PATH = "/v1/voices/pvc/{voice_id}/samples/{sample_id}/separate-speakers"


def operation_yaml(path: str, operation_id: str, tag: str, extra_schema: str = "", summary: str = "Do it") -> str:
    return f"""
openapi: 3.1.0
info:
  title: api
  version: 1.0.0
paths:
  {path}:
    post:
      operationId: {operation_id}
      summary: {summary}
      tags:
        - {tag}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Shared'
servers:
  - url: https://api.example.test
components:
  schemas:
    Shared:
      type: object
      properties:
        id:
          type: string
      required:
        - id
      title: Shared{extra_schema}
"""


def merged_real_spec() -> dict:
    return merge_spec.merge_pages(merge_spec.source_pages(SOURCES), notice=lambda _: None)


# --- the real sources ---------------------------------------------------------------------------


def test_real_sources_hold_both_seed_operations_with_every_field():
    spec = merged_real_spec()
    update = spec["paths"][UPDATE_PATH]["post"]
    separate = spec["paths"][SEPARATE_PATH]["post"]
    assert set(update["responses"]) == {"200", "422"}
    assert set(separate["responses"]) == {"200", "422"}
    body_ref = update["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = spec["components"]["schemas"][body_ref.rsplit("/", 1)[-1]]
    assert set(body["properties"]) == {
        "remove_background_noise",
        "selected_speaker_ids",
        "trim_start_time",
        "trim_end_time",
        "file_name",
    }
    assert body["properties"]["trim_start_time"]["type"] == ["integer", "null"]
    validate(spec)


def test_real_sources_get_unique_readable_operation_ids_and_tags():
    spec = merged_real_spec()
    operations = [op for item in spec["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    update = spec["paths"][UPDATE_PATH]["post"]
    separate = spec["paths"][SEPARATE_PATH]["post"]
    assert (update["operationId"], update["tags"]) == ("samples_update", ["samples"])
    assert (separate["operationId"], separate["tags"]) == ("samples_speakers_separate", ["samples_speakers"])
    assert update["x-original-operation-id"] == "update"
    assert separate["x-original-tags"][0].startswith("subpackage_voices.")
    assert update["x-source-pages"] == ["update-pvc-voice-sample.md"]
    assert separate["x-source-pages"] == ["start-speaker-separation.md"]


def test_real_sources_keep_all_servers_in_order():
    spec = merged_real_spec()
    assert [server["url"] for server in spec["servers"]] == [
        "https://api.elevenlabs.io",
        "https://api.us.elevenlabs.io",
        "https://api.eu.residency.elevenlabs.io",
        "https://api.in.residency.elevenlabs.io",
    ]


def test_committed_spec_is_what_the_sources_produce():
    assert SPEC_PATH.read_text(encoding="utf-8") == merge_spec.render(merged_real_spec())


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("update-pvc-voice-sample.md", "000_b392d413070ed3a0.txt"),
        ("update-pvc-voice-sample.web-page.txt", "001_bd22033efd0c1568.txt"),
        ("start-speaker-separation.md", "003_d0b7a3dd0eacb5b7.txt"),
    ],
)
def test_sources_are_byte_identical_to_the_seed_pages(copy: str, original: str):
    assert (SOURCES / copy).read_bytes() == (upstream("seeds") / original).read_bytes()


def test_sources_hold_every_docs_page_byte_identical():
    pages = sorted(upstream("docs-pages").glob("*.md"))
    assert len(pages) == 12
    for page in pages:
        assert (SOURCES / page.name).read_bytes() == page.read_bytes(), page.name


def test_all_fourteen_pvc_operations_are_merged_with_unique_ids():
    spec = merged_real_spec()
    ids = sorted(op["operationId"] for item in spec["paths"].values() for op in item.values())
    assert ids == [
        "pvc_create",
        "pvc_train",
        "pvc_update",
        "samples_audio_get",
        "samples_create",
        "samples_delete",
        "samples_speakers_audio_get",
        "samples_speakers_get",
        "samples_speakers_separate",
        "samples_update",
        "samples_waveform_get",
        "verification_captcha_get",
        "verification_captcha_verify",
        "verification_request",
    ]


# --- conflicts and collapsing -------------------------------------------------------------------


def test_conflicting_operations_name_both_files_and_the_first_difference(write_page: PageFactory):
    first = write_page("a-page.md", operation_yaml("/v1/things", "create", "subpackage_things", summary="One"))
    second = write_page("b-page.md", operation_yaml("/v1/things", "create", "subpackage_things", summary="Two"))
    with pytest.raises(MergeError) as raised:
        merge_spec.merge_pages([second, first], notice=lambda _: None)
    message = str(raised.value)
    assert "a-page.md" in message
    assert "b-page.md" in message
    assert "first difference at /paths/~1v1~1things/post/summary" in message


def test_conflicting_schemas_name_both_files_and_the_first_difference(write_page: PageFactory):
    first = write_page("a.md", operation_yaml("/v1/a", "get_a", "subpackage_a"))
    second = write_page("b.md", operation_yaml("/v1/b", "get_b", "subpackage_b", extra_schema="\n      description: x"))
    with pytest.raises(MergeError) as raised:
        merge_spec.merge_pages([first, second], notice=lambda _: None)
    message = str(raised.value)
    assert "a.md and b.md define /components/schemas/Shared differently" in message
    assert "/components/schemas/Shared/description" in message


def test_identical_shared_schemas_collapse_into_one(write_page: PageFactory):
    first = write_page("a.md", operation_yaml("/v1/a", "get_a", "subpackage_a"))
    # Same schema, keys in another order: still identical.
    reordered = operation_yaml("/v1/b", "get_b", "subpackage_b").replace(
        "      required:\n        - id\n      title: Shared", "      title: Shared\n      required:\n        - id"
    )
    second = write_page("b.md", reordered)
    spec = merge_spec.merge_pages([first, second], notice=lambda _: None)
    assert list(spec["components"]["schemas"]) == ["Shared"]
    assert [server["url"] for server in spec["servers"]] == ["https://api.example.test"]
    assert set(spec["paths"]) == {"/v1/a", "/v1/b"}


def test_same_operation_in_two_pages_collapses_and_records_both(write_page: PageFactory):
    block = operation_yaml("/v1/a", "get_a", "subpackage_a")
    spec = merge_spec.merge_pages([write_page("x.md", block), write_page("y.md", block)], notice=lambda _: None)
    assert spec["paths"]["/v1/a"]["post"]["x-source-pages"] == ["x.md", "y.md"]


def test_colliding_operation_ids_are_an_error(write_page: PageFactory):
    first = write_page("a.md", operation_yaml("/v1/a", "get", "subpackage_a"))
    second = write_page("b.md", operation_yaml("/v1/b", "get", "subpackage_a"))
    # 0.2: a group outside voices/pvc is named after its whole tag path, after "api_" (openapi/naming.yaml).
    with pytest.raises(MergeError, match="operationId 'api_a_get' would be used by both POST /v1/a and POST /v1/b"):
        merge_spec.merge_pages([first, second], notice=lambda _: None)


def test_type_differences_are_not_hidden_by_python_equality():
    assert merge_spec.first_difference({"a": True}, {"a": 1}) == "/a"
    assert merge_spec.first_difference({"a": [1, 2]}, {"a": [1]}) == "/a/1"
    assert merge_spec.first_difference({"a/b": {"c~d": 1}}, {"a/b": {"c~d": 2}}) == "/a~1b/c~0d"
    assert merge_spec.first_difference({"a": 1}, {"a": 1}) is None


@pytest.mark.parametrize(
    ("tag", "short"),
    [
        ("subpackage_voices.subpackage_voices/pvc", "pvc"),
        ("subpackage_voices.subpackage_voices/pvc.subpackage_voices/pvc/samples", "samples"),
        (
            "subpackage_voices.subpackage_voices/pvc.subpackage_voices/pvc/samples"
            ".subpackage_voices/pvc/samples/speakers.subpackage_voices/pvc/samples/speakers/audio",
            "samples_speakers_audio",
        ),
        ("subpackage_other/thing-two", "api_other_thing_two"),  # 0.2: outside voices/pvc, after "api_"
    ],
)
def test_short_tags(tag: str, short: str):
    assert merge_spec.short_tag(tag) == short


# --- pages that are not what they should be -----------------------------------------------------


def test_a_page_without_yaml_is_skipped_with_a_notice(write_page: PageFactory, tmp_path: Path):
    good = write_page("a.md", operation_yaml("/v1/a", "get_a", "subpackage_a"))
    html = tmp_path / "sources" / "rendered.txt"
    html.write_text("<html>no yaml here</html>\n", encoding="utf-8")
    notices: list[str] = []
    spec = merge_spec.merge_pages([good, html], notice=notices.append)
    assert notices == ["skipping rendered.txt: no OpenAPI YAML block"]
    assert set(spec["paths"]) == {"/v1/a"}


def test_the_real_web_page_is_skipped_with_a_one_line_notice(capsys: pytest.CaptureFixture[str]):
    merge_spec.merge_pages(merge_spec.source_pages(SOURCES))
    err = capsys.readouterr().err
    assert err == "merge_spec: skipping update-pvc-voice-sample.web-page.txt: no OpenAPI YAML block\n"


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path):
    page = tmp_path / "broken.md"
    text = page_text(operation_yaml("/v1/a", "get_a", "subpackage_a"))
    lines = text.splitlines()
    bad_line = next(i for i, line in enumerate(lines) if "summary:" in line)
    lines[bad_line] = "      summary: [unclosed"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(MergeError) as raised:
        merge_spec.load_page(page)
    message = str(raised.value)
    assert message.startswith("broken.md:")
    reported = int(message.split(":")[1])
    # The parser reports the line where it notices the problem: the broken line or the next one.
    assert bad_line + 1 <= reported <= bad_line + 2


def test_an_invalid_merged_spec_is_refused(write_page: PageFactory):
    broken = operation_yaml("/v1/a", "get_a", "subpackage_a").replace("          description: OK\n", "")
    with pytest.raises(MergeError, match="not valid OpenAPI"):
        merge_spec.merge_pages([write_page("a.md", broken)], notice=lambda _: None)


# --- determinism and atomic output -------------------------------------------------------------


def test_output_is_the_same_whatever_the_input_order(tmp_path: Path):
    pages = merge_spec.source_pages(SOURCES)
    expected = merge_spec.render(merge_spec.merge_pages(pages, notice=lambda _: None))
    rng = random.Random(1234)
    for attempt in range(5):
        shuffled = pages[:]
        rng.shuffle(shuffled)
        # Also copy the files into a new folder in the shuffled order (directory order differs).
        folder = tmp_path / f"copy{attempt}"
        folder.mkdir()
        for page in shuffled:
            shutil.copy(page, folder / page.name)
        assert merge_spec.render(merge_spec.merge_pages(shuffled, notice=lambda _: None)) == expected
        copied = list((folder).iterdir())
        assert merge_spec.render(merge_spec.merge_pages(copied, notice=lambda _: None)) == expected


def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path):
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"spec-{seed}.yaml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "scripts.merge_spec", "--output", str(out)],
            cwd=REPO_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] == SPEC_PATH.read_bytes()


def test_no_output_file_is_left_when_the_merge_fails(write_page: PageFactory, tmp_path: Path):
    write_page("a.md", operation_yaml("/v1/a", "get_a", "subpackage_a", summary="One"))
    write_page("b.md", operation_yaml("/v1/a", "get_a", "subpackage_a", summary="Two"))
    output = tmp_path / "out" / "spec.yaml"
    output.parent.mkdir()
    with pytest.raises(MergeError):
        merge_spec.build(tmp_path / "sources", output)
    assert list(output.parent.iterdir()) == []


def test_a_failed_merge_keeps_the_previous_spec(write_page: PageFactory, tmp_path: Path):
    output = tmp_path / "spec.yaml"
    output.write_text("previous\n", encoding="utf-8")
    write_page("a.md", "openapi: 3.1.0\npaths: [")
    assert merge_spec.main(["--sources", str(tmp_path / "sources"), "--output", str(output)]) == 1
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources", "spec.yaml"]


def test_write_atomic_leaves_no_temporary_file_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "spec.yaml"
    target.write_text("old\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(merge_spec.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        common.write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["spec.yaml"]


def test_rendered_spec_round_trips():
    spec = merged_real_spec()
    assert yaml.safe_load(merge_spec.render(spec)) == spec


# --- names that cannot collide; pages validated one by one (the whole API) ----------------------


def test_groups_that_would_have_collided_get_names_of_their_own(write_page: PageFactory):
    pvc = write_page(
        "pvc.md",
        operation_yaml(
            "/v1/voices/pvc/v/samples/s",
            "delete",
            "subpackage_voices.subpackage_voices/pvc.subpackage_voices/pvc/samples",
        ),
    )
    top = write_page("top.md", operation_yaml("/v1/samples/s", "delete", "subpackage_samples"))
    spec = merge_spec.merge_pages([pvc, top], notice=lambda _: None)
    ids = {path: item["post"]["operationId"] for path, item in spec["paths"].items()}
    assert ids == {
        "/v1/voices/pvc/v/samples/s": "samples_delete",
        "/v1/samples/s": "api_samples_delete",
    }


def test_a_name_depends_only_on_its_own_page(write_page: PageFactory):
    alone = write_page("one.md", operation_yaml("/v1/x", "get", "subpackage_voices.subpackage_voices/settings"))
    other = write_page("two.md", operation_yaml("/v1/y", "get", "subpackage_settings"))
    by_itself = merge_spec.merge_pages([alone], notice=lambda _: None)["paths"]["/v1/x"]["post"]["operationId"]
    together = merge_spec.merge_pages([alone, other], notice=lambda _: None)["paths"]["/v1/x"]["post"]["operationId"]
    assert by_itself == together == "api_voices_settings_get"


def test_an_invalid_page_is_named_with_its_pointer_and_line(write_page: PageFactory):
    good = write_page("good.md", operation_yaml("/v1/a", "get_a", "subpackage_a"))
    text = operation_yaml("/v1/b", "get_b", "subpackage_b").replace(
        "            application/json:\n", "            application/json:\n              description: misplaced\n"
    )
    bad = write_page("bad.md", text)
    with pytest.raises(MergeError) as raised:
        merge_spec.merge_pages([good, bad], notice=lambda _: None)
    message = str(raised.value)
    line = next(number for number, content in enumerate(page_text(text).splitlines(), 1) if "misplaced" in content)
    assert message.startswith(
        f"bad.md:{line}: not valid OpenAPI at /paths/~1v1~1b/post/responses/200/content/application~1json/description"
    )
    assert "'description' was unexpected" in message


# --- canonical key order: the spec diff of a change is the change ---------------------------------


#: Maps whose keys are names (their order is the API's: a schema's property order is the model's field order)
#: or data: another writer of the pages would not reorder these.
_NOT_KEYWORDS = {"paths", "properties", "responses", "content", "schemas", "headers", "default", "example", "examples"}


def _reordered(value: object, rng: random.Random, parent: str = "") -> object:
    """The same YAML data with every keyword mapping's keys shuffled (what another page's writer might give)."""
    if isinstance(value, dict):
        keys = list(value)
        if parent not in _NOT_KEYWORDS:
            rng.shuffle(keys)
        return {key: _reordered(value[key], rng, str(key)) for key in keys}
    if isinstance(value, list):
        return [_reordered(item, rng) for item in value]
    return value


def _unified_lines(old: str, new: str) -> int:
    import difflib

    return len(list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="")))


def _page_set(tmp_path: Path, name: str, edit: object = None, seed: int | None = None) -> str:
    folder = tmp_path / name
    shutil.copytree(SOURCES, folder)
    for page in sorted(folder.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        if seed is not None:
            blocks = merge_spec.extract_yaml_blocks(text)
            for block in blocks:
                data = yaml.safe_load(block.text)
                shuffled = yaml.safe_dump(_reordered(data, random.Random(f"{seed}{page.name}")), sort_keys=False)
                text = text.replace(block.text, shuffled)
        if callable(edit):
            text = edit(page.name, text)
        page.write_text(text, encoding="utf-8")
    return merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(folder), notice=lambda _: None))


def _one_field_and_two_descriptions(name: str, text: str) -> str:
    if name == "update-pvc-voice-sample.md":
        text = text.replace(
            "        file_name:\n",
            "        speaker_label:\n          type:\n            - string\n            - 'null'\n"
            "          description: A label for the speaker.\n        file_name:\n",
        )
    if name == "pvc-train.md":
        text = text.replace("description: Start PVC training process for a voice.", "description: Start training.")
    if name == "pvc-create.md":
        text = text.replace("description: Creates a new PVC voice", "description: Creates a PVC voice")
    return text


def test_the_key_order_of_the_pages_does_not_reach_the_spec(tmp_path: Path):
    plain = _page_set(tmp_path, "plain")
    shuffled = _page_set(tmp_path, "shuffled", seed=1)
    assert shuffled == plain
    assert yaml.safe_load(plain) == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_one_field_and_two_descriptions_give_a_spec_diff_of_that_size(tmp_path: Path):
    old = _page_set(tmp_path, "old")
    new = _page_set(tmp_path, "new", edit=_one_field_and_two_descriptions, seed=2)
    assert new.count("speaker_label") == 1
    assert new.count("Start training.") == 1
    assert _unified_lines(old, new) < 40


def test_two_real_pvc_page_sets_diff_by_their_changes_only(tmp_path: Path):
    specs = []
    for version in ("2025-08-25", "2026-05-11"):
        folder = tmp_path / version
        folder.mkdir()
        for page in (upstream("api-pages") / version).glob("voices-pvc-*.md"):
            shutil.copy(page, folder / page.name)
        specs.append(merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(folder), notice=lambda _: None)))
    # file_name added, three descriptions changed; the pages' own key orders differ throughout (682 lines before).
    assert _unified_lines(*specs) <= 42


def test_canonical_order_keeps_names_lists_and_data_in_their_order():
    from scripts.canonical_order import canonical

    schema = {
        "properties": {
            "zeta": {"type": "string", "title": "Z"},
            "alpha": {"default": {"b": 1, "a": 2}, "type": "object"},
        },
        "required": ["zeta", "alpha"],
        "type": "object",
        "x-extra": {"b": 1, "a": 2},
        "description": "d",
    }
    document = {
        "paths": {},
        "openapi": "3.1.0",
        "info": {"version": "1", "title": "t"},
        "components": {"schemas": {"B": schema, "A": schema}},
    }
    result = canonical(document)
    assert list(result) == ["openapi", "info", "paths", "components"]
    assert list(result["info"]) == ["title", "version"]
    assert list(result["components"]["schemas"]) == ["B", "A"]  # a map of names keeps its order
    out = result["components"]["schemas"]["B"]
    assert list(out) == ["description", "type", "properties", "required", "x-extra"]
    assert list(out["properties"]) == ["zeta", "alpha"]  # the generated model's field order
    assert list(out["properties"]["zeta"]) == ["title", "type"]
    assert list(out["properties"]["alpha"]["default"]) == ["b", "a"]  # data is not ours to reorder
    assert list(out["x-extra"]) == ["b", "a"]
    assert result == document


# --- pages from the internet: YAML and references within limits ----------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: 3.1.0\nx: &a [1, 2]\ny: *a\n", r"p\.md:11: YAML anchors and aliases are refused"),
        ("openapi: " + "[" * 5000 + "]" * 5000 + "\n", r"p\.md:10: YAML nested over 64 levels deep"),
        ("openapi: 3.1.0\nx: '" + "y" * (merge_spec.MAX_BLOCK_BYTES + 1) + "'\n", r"p\.md:10: a YAML block of"),
    ],
)
def test_a_yaml_block_past_a_limit_is_refused_naming_the_page_and_line(text: str, message: str):
    with pytest.raises(MergeError, match=message):
        merge_spec.load_block(merge_spec.YamlBlock(10, text), "p.md")


@pytest.mark.parametrize("reference", ["https://evil.example/x.yaml#/A", "other.yaml#/A", "../../etc/passwd"])
def test_a_reference_that_is_not_local_is_refused_naming_the_page_and_line(write_page: PageFactory, reference: str):
    path = write_page(
        "remote.md",
        f"""
        openapi: 3.1.0
        info: {{title: api, version: 1.0.0}}
        paths:
          /v1/a:
            get:
              operationId: get
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '{reference}'
        """,
    )
    with pytest.raises(MergeError, match=r"remote\.md:\d+: \$ref .* is not local"):
        merge_spec.merge_pages([path], notice=lambda _: None)
