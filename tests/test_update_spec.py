"""make update-spec: fetch pages from a (local) server, re-merge, regenerate, report the drift."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from scripts import generate, merge_spec, update_spec
from tests.helpers import SOURCES

UPDATE_PAGE = (SOURCES / "update-pvc-voice-sample.md").read_text(encoding="utf-8")
SEPARATE_PAGE = (SOURCES / "start-speaker-separation.md").read_text(encoding="utf-8")
WEB_PAGE = (SOURCES / "update-pvc-voice-sample.web-page.txt").read_text(encoding="utf-8")
# A new optional field in the update page: what the drift report must call non-breaking.
UPDATE_PAGE_V2 = UPDATE_PAGE.replace(
    "        file_name:\n",
    "        speaker_label:\n          type:\n            - string\n            - 'null'\n"
    "          description: A label for the speaker.\n        file_name:\n",
)
NEW_PAGE = (SOURCES / "pvc-train.md").read_text(encoding="utf-8")


class Site:
    """What the local server answers: path -> (status, body); ``hits`` counts requests."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.hits: dict[str, int] = {}


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    content = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content.hits[self.path] = content.hits.get(self.path, 0) + 1
            status, body = content.pages.get(self.path, (404, b"not found"))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield content, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def repo(tmp_path: Path) -> dict[str, Path]:
    """A copy of the sources, with a spec and generated/ made from them."""
    paths = {
        "sources": tmp_path / "openapi" / "sources",
        "spec": tmp_path / "openapi" / "elevenlabs-pvc.yaml",
        "generated": tmp_path / "generated",
        "changes": tmp_path / "openapi" / "CHANGES.md",
        "manifest": tmp_path / "openapi" / "sources.yaml",
    }
    shutil.copytree(SOURCES, paths["sources"])
    merge_spec.build(paths["sources"], paths["spec"], notice=lambda _: None)
    generate.generate(paths["spec"], paths["generated"])
    return paths


def manifest(repo: dict[str, Path], base: str, extra: list[dict[str, str]] | None = None) -> None:
    pages = [
        {"file": "update-pvc-voice-sample.md", "url": f"{base}/voices/pvc/samples/update.md"},
        {"file": "update-pvc-voice-sample.web-page.txt", "url": f"{base}/voices/pvc/samples/update"},
        {"file": "start-speaker-separation.md", "url": f"{base}/voices/pvc/samples/separate-speakers.md"},
    ]
    pages += [{"file": p.name} for p in sorted(SOURCES.glob("pvc-*.md"))]
    pages += extra or []
    repo["manifest"].write_text(yaml.safe_dump({"pages": pages}), encoding="utf-8")


def run_update(repo: dict[str, Path]) -> str:
    return update_spec.update(repo["manifest"], repo["sources"], repo["spec"], repo["generated"], repo["changes"])


def snapshot(repo: dict[str, Path]) -> dict[str, bytes]:
    files = {}
    for key in ("sources", "generated"):
        for path in sorted(repo[key].rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[str(path)] = path.read_bytes()
    files[str(repo["spec"])] = repo["spec"].read_bytes()
    return files


def serve_seeds(content: Site, update_page: str = UPDATE_PAGE) -> None:
    content.pages["/voices/pvc/samples/update.md"] = (200, update_page.encode())
    content.pages["/voices/pvc/samples/update"] = (200, WEB_PAGE.encode())
    content.pages["/voices/pvc/samples/separate-speakers.md"] = (200, SEPARATE_PAGE.encode())


def test_a_changed_page_updates_spec_code_and_report(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE_V2)
    manifest(repo, base)
    report = run_update(repo)
    assert (repo["sources"] / "update-pvc-voice-sample.md").read_text(encoding="utf-8") == UPDATE_PAGE_V2
    assert "speaker_label" in repo["spec"].read_text(encoding="utf-8")
    assert "speaker_label" in (repo["generated"] / "elevenlabs_pvc_api/models/update_sample_body.py").read_text()
    assert repo["changes"].read_text(encoding="utf-8") == report
    assert "changed: `update-pvc-voice-sample.md`" in report
    assert "not refreshable (no published URL): `pvc-create.md`" in report
    assert "0 breaking, 1 non-breaking, 0 docs." in report
    assert "request body field speaker_label added (optional)" in report
    assert "- modules changed: `elevenlabs_pvc_api/models/update_sample_body.py`" in report
    assert "- model classes changed: `UpdateSampleBody`" in report


def test_unchanged_pages_change_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content)
    manifest(repo, base)
    before = snapshot(repo)
    report = run_update(repo)
    assert snapshot(repo) == before
    assert "changed: none" in report
    assert "No changes a client of the API can see." in report
    assert "No generated module changed." in report


def test_a_failing_url_changes_nothing_and_names_the_url(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE_V2)
    content.pages["/voices/pvc/samples/separate-speakers.md"] = (503, b"down")
    manifest(repo, base)
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError) as raised:
        run_update(repo)
    message = str(raised.value)
    assert f"{base}/voices/pvc/samples/separate-speakers.md: HTTP 503" in message
    assert "nothing was changed" in message
    assert content.hits["/voices/pvc/samples/separate-speakers.md"] == update_spec.ATTEMPTS
    assert snapshot(repo) == before
    assert not repo["changes"].exists()


def test_a_missing_page_is_not_retried_and_changes_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content)
    manifest(repo, base, [{"url": f"{base}/voices/pvc/gone.md"}])
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError, match=r"gone\.md: HTTP 404"):
        run_update(repo)
    assert content.hits["/voices/pvc/gone.md"] == 1
    assert snapshot(repo) == before


def test_pages_that_do_not_merge_change_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE.replace("operationId: update", "operationId: [broken"))
    manifest(repo, base)
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError, match="do not merge"):
        run_update(repo)
    assert snapshot(repo) == before


def test_a_page_is_added_by_adding_its_url(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content)
    content.pages["/docs/api-reference/voices/pvc/train-again.md"] = (
        200,
        NEW_PAGE.replace("/v1/voices/pvc/{voice_id}/train", "/v1/voices/pvc/{voice_id}/train-again")
        .replace("operationId: train", "operationId: train_again")
        .encode(),
    )
    manifest(repo, base, [{"url": f"{base}/docs/api-reference/voices/pvc/train-again.md"}])
    report = run_update(repo)
    assert (repo["sources"] / "voices-pvc-train-again.md").exists()
    assert "operation added" in report
    assert "POST /v1/voices/pvc/{voice_id}/train-again" in report


def test_file_names_from_urls():
    assert (
        update_spec.file_name_for("https://elevenlabs.io/docs/api-reference/voices/pvc/samples/update.md")
        == "voices-pvc-samples-update.md"
    )


def test_the_real_manifest_lists_every_source_page():
    pages = update_spec.read_manifest(update_spec.MANIFEST)
    assert sorted(page.file for page in pages) == sorted(path.name for path in SOURCES.iterdir())
    assert [page.file for page in pages if page.url] == [
        "update-pvc-voice-sample.md",
        "update-pvc-voice-sample.web-page.txt",
        "start-speaker-separation.md",
    ]
