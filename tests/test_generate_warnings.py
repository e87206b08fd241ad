"""The warning policy of generation: a warning is removed by configuration, or allow-listed with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scripts import generate

SPEC = """
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /v1/report:
    get:
      operationId: report_get
      tags: [report]
      responses:
        '200':
          description: a chart
          content:
            image/png: {}
"""
WARNING = (
    "WARNING parsing GET /v1/report within report: Cannot parse response for status code (Unsupported content_type"
)


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_an_unlisted_warning_fails_generation_and_names_itself(spec: Path, tmp_path: Path):
    allowed = tmp_path / "allowed.yaml"
    allowed.write_text("allowed: []\n", encoding="utf-8")
    with pytest.raises(generate.GenerationError) as raised:
        generate.generate_tree(spec, tmp_path / "out", allowed=allowed)
    message = str(raised.value)
    assert "does not list it" in message
    assert WARNING in message
    assert "Unsupported content_type image/png" in message


def test_an_allow_listed_warning_passes(spec: Path, tmp_path: Path):
    (first,) = generate.warnings_in(
        "WARNING parsing GET /v1/report within report.\n\n"
        "Cannot parse response for status code <x.UntrustedString object at 0x7f00> "
        "(Unsupported content_type image/png), response will be omitted from generated client\n\n{\n}\n"
    )
    allowed = tmp_path / "allowed.yaml"
    entry = {"warning": first, "reason": "charts are not used by this client"}
    allowed.write_text(yaml.safe_dump({"allowed": [entry]}), encoding="utf-8")
    generate.generate_tree(spec, tmp_path / "out", allowed=allowed)
    assert (tmp_path / "out" / "elevenlabs_pvc_api" / "api" / "report" / "report_get.py").exists()


def test_the_pvc_pages_need_no_allowed_warning():
    assert generate.allowed_warnings() == {}
