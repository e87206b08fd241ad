"""make update-spec: fetch pages from a (local) server, re-merge, regenerate, report the drift."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import generate, merge_spec, update_spec
from tests.helpers import REPO_ROOT, SOURCES
from tests.upstream import upstream

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
    """What the local server answers: path -> (status, body[, headers]); ``hits`` counts requests."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[Any, ...]] = {}
        self.hits: dict[str, int] = {}
        self.accept: list[str] = []
        self.agents: list[str] = []


MARKDOWN = {"Content-Type": "text/markdown; charset=utf-8"}


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    content = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content.hits[self.path] = content.hits.get(self.path, 0) + 1
            content.accept.append(self.headers.get("Accept", ""))
            content.agents.append(self.headers.get("User-Agent", ""))
            status, body, *rest = content.pages.get(self.path, (404, b"not found", {"Content-Type": "text/plain"}))
            headers = rest[0] if rest else MARKDOWN
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
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


def repo_paths(root: Path) -> dict[str, Path]:
    return {
        "sources": root / "openapi" / "sources",
        "spec": root / "openapi" / "elevenlabs-pvc.yaml",
        "generated": root / "generated",
        "changes": root / "openapi" / "CHANGES.md",
        "manifest": root / "openapi" / "sources.yaml",
    }


@pytest.fixture(scope="session")
def generated_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sources, with a spec and generated/ made from them: generated once per session."""
    root = tmp_path_factory.mktemp("update-spec-repo")
    paths = repo_paths(root)
    shutil.copytree(SOURCES, paths["sources"])
    merge_spec.build(paths["sources"], paths["spec"], notice=lambda _: None)
    generate.generate(paths["spec"], paths["generated"])
    return root


@pytest.fixture
def repo(tmp_path: Path, generated_once: Path) -> dict[str, Path]:
    """A copy of :func:`generated_once` of this test's own, which the update may change."""
    shutil.copytree(generated_once, tmp_path, dirs_exist_ok=True)
    return repo_paths(tmp_path)


PVC = "https://elevenlabs.io/docs/api-reference/voices/pvc"
DOCS = "/docs/api-reference/voices/pvc"


def manifest(repo: dict[str, Path], extra: list[dict[str, str]] | None = None) -> None:
    pages: list[dict[str, str]] = [
        {"file": "update-pvc-voice-sample.md", "url": f"{PVC}/samples/update.md"},
        {"file": "update-pvc-voice-sample.web-page.txt"},
        {"file": "start-speaker-separation.md", "url": f"{PVC}/samples/separate-speakers.md"},
    ]
    pages += [{"file": p.name} for p in sorted(SOURCES.glob("pvc-*.md"))]
    pages += extra or []
    repo["manifest"].write_text(yaml.safe_dump({"pages": pages}), encoding="utf-8")


def run_update(repo: dict[str, Path], base: str, **limits: Any) -> str:
    fetcher = update_spec.Fetcher(update_spec.Site.at(base), update_spec.Limits(**limits))
    fetcher.sleep = lambda _: None
    return update_spec.update(
        repo["manifest"], repo["sources"], repo["spec"], repo["generated"], repo["changes"], fetcher
    )


def snapshot(repo: dict[str, Path]) -> dict[str, bytes]:
    files = {}
    for key in ("sources", "generated"):
        for path in sorted(repo[key].rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[str(path)] = path.read_bytes()
    files[str(repo["spec"])] = repo["spec"].read_bytes()
    return files


def serve_seeds(content: Site, update_page: str = UPDATE_PAGE) -> None:
    content.pages[f"{DOCS}/samples/update.md"] = (200, update_page.encode())
    content.pages[f"{DOCS}/samples/separate-speakers.md"] = (200, SEPARATE_PAGE.encode())


def test_a_changed_page_updates_spec_code_and_report(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE_V2)
    manifest(repo)
    report = run_update(repo, base)
    assert (repo["sources"] / "update-pvc-voice-sample.md").read_text(encoding="utf-8") == UPDATE_PAGE_V2
    assert "speaker_label" in repo["spec"].read_text(encoding="utf-8")
    assert "speaker_label" in (repo["generated"] / "elevenlabs_pvc_api/models/update_sample_body.py").read_text()
    assert repo["changes"].read_text(encoding="utf-8") == report
    assert "changed: `update-pvc-voice-sample.md`" in report
    assert "not refreshable (no published URL): `update-pvc-voice-sample.web-page.txt`, `pvc-create.md`" in report
    assert "0 breaking, 1 non-breaking, 0 docs." in report
    assert "request body field speaker_label added (optional)" in report
    assert "- modules changed: `elevenlabs_pvc_api/models/update_sample_body.py`" in report
    assert "- model classes changed: `UpdateSampleBody`" in report


def test_unchanged_pages_change_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content)
    manifest(repo)
    before = snapshot(repo)
    report = run_update(repo, base)
    assert snapshot(repo) == before
    assert "changed: none" in report
    assert "No changes a client of the API can see." in report
    assert "No generated module changed." in report


def test_a_failing_url_changes_nothing_and_names_the_url(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE_V2)
    content.pages[f"{DOCS}/samples/separate-speakers.md"] = (503, b"down")
    manifest(repo)
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError) as raised:
        run_update(repo, base)
    message = str(raised.value)
    assert f"{base}{DOCS}/samples/separate-speakers.md: HTTP 503" in message
    assert "nothing was changed" in message
    assert content.hits[f"{DOCS}/samples/separate-speakers.md"] == update_spec.Limits().attempts
    assert snapshot(repo) == before
    assert not repo["changes"].exists()


def test_a_missing_page_is_not_retried_and_changes_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content)
    manifest(repo, [{"url": f"{PVC}/gone.md"}])
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError, match=r"gone\.md: HTTP 404"):
        run_update(repo, base)
    assert content.hits[f"{DOCS}/gone.md"] == 1
    assert snapshot(repo) == before


def test_pages_that_do_not_merge_change_nothing(site: tuple[Site, str], repo: dict[str, Path]):
    content, base = site
    serve_seeds(content, UPDATE_PAGE.replace("operationId: update", "operationId: [broken"))
    manifest(repo)
    before = snapshot(repo)
    with pytest.raises(update_spec.UpdateError, match="do not merge"):
        run_update(repo, base)
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
    manifest(repo, [{"url": f"{PVC}/train-again.md"}])
    report = run_update(repo, base)
    assert (repo["sources"] / "voices-pvc-train-again.md").exists()
    assert "operation added" in report
    assert "POST /v1/voices/pvc/{voice_id}/train-again" in report


def test_file_names_from_urls():
    assert (
        update_spec.file_name_for("https://elevenlabs.io/docs/api-reference/voices/pvc/samples/update.md")
        == "voices-pvc-samples-update.md"
    )


def test_the_real_manifest_lists_every_source_page():
    manifest = update_spec.load_manifest(update_spec.MANIFEST)
    assert manifest.sections == ("https://elevenlabs.io/docs/api-reference/voices/pvc",)
    assert sorted(page.file for page in manifest.pages) == sorted(path.name for path in SOURCES.iterdir())
    # Every API page is published under the section; only the rendered web page (no YAML) has no address.
    assert [page.file for page in manifest.pages if not page.url] == ["update-pvc-voice-sample.web-page.txt"]
    assert all(page.url.startswith(manifest.sections[0] + "/") for page in manifest.pages if page.url)


# --- the documentation index (llms.txt) and a mirror of the section ---------------------------------

SECTION = "https://elevenlabs.io/docs/api-reference/voices/pvc"


def test_index_links_keep_the_pages_under_the_section_in_every_spelling():
    index = f"""# ElevenLabs

## Voices

- [Create PVC voice]({SECTION}/create): Creates a new PVC voice
- [Train](/docs/api-reference/voices/pvc/train.md)
- [Samples](samples/create)
- [Again]({SECTION}/create.md)
- [Get voice](https://elevenlabs.io/docs/api-reference/voices/get): outside the section
- [PVC voices overview]({SECTION})
- [Elsewhere](https://example.com/docs/api-reference/voices/pvc/create)
- [Look-alike](https://elevenlabs.io/docs/api-reference/voices/pvc-legacy/create)
"""
    assert update_spec.index_links(SECTION, index) == [
        f"{SECTION}/create.md",
        f"{SECTION}/train.md",
        f"{SECTION}/samples/create.md",
    ]


def _section_path(url: str) -> str:
    return url.removeprefix("https://elevenlabs.io")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of this checkout's files (what git tracks or would), where the CLI runs as in the repository."""
    root = tmp_path / "checkout"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (REPO_ROOT / name).is_file() and name != "openapi/CHANGES.md":
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, root / name)
    return root


FORMS = ["md", "fern"]


def mirror_of_the_section(content: Site, root: Path, form: str = "md") -> dict[str, str]:
    """Serve the section as the docs publish it: llms.txt and each page's markdown; return file -> path served.

    ``md``: links without a suffix, pages at ``<page>.md``.  ``fern``: the index as Fern writes it
    (``.mdx`` links with a description, the OpenAPI document linked), each page at ``.md`` and at
    ``.mdx``, and ``.mdx.md`` a 404 (the default answer).
    """
    manifest = update_spec.load_manifest(root / "openapi" / "sources.yaml")
    served = {}
    links = ["- [OpenAPI](https://elevenlabs.io/docs/api-reference/voices/pvc/openapi.json)"] if form == "fern" else []
    for page in manifest.pages:
        if page.url:
            path = _section_path(page.url)
            content.pages[path] = (200, (root / "openapi" / "sources" / page.file).read_bytes())
            served[page.file] = path
            if form == "fern":
                content.pages[path + "x"] = content.pages[path]
                links.append(f"- [{page.file}]({page.url}x): Creates or changes something about {page.file}")
            else:
                links.append(f"- [{page.file}]({page.url.removesuffix('.md')}): about {page.file}")
    # A page outside the section: listed, never fetched.
    content.pages["/docs/api-reference/voices/get.md"] = (200, b"not for this client")
    links.append("- [Get voice](https://elevenlabs.io/docs/api-reference/voices/get)")
    if form == "fern":
        content.pages["/docs/api-reference/voices/pvc/openapi.json"] = (
            200,
            b"{}",
            {"Content-Type": "application/json"},
        )
        links.append("- [API](https://elevenlabs.io/openapi.json): the OpenAPI document")
        links.append("- [Elsewhere](https://example.com/docs/api-reference/voices/pvc/create.mdx): another site")
    index = "\n".join(["# PVC", "", *links, ""]).encode()
    content.pages["/docs/api-reference/voices/pvc/llms.txt"] = (200, index, {"Content-Type": "text/plain"})
    return served


def add_to_index(content: Site, link: str) -> None:
    status, index, headers = content.pages["/docs/api-reference/voices/pvc/llms.txt"]
    content.pages["/docs/api-reference/voices/pvc/llms.txt"] = (status, index + f"{link}\n".encode(), headers)


def run_cli(root: Path, base: str, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.update_spec", "--docs-origin", base, *flags],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("form", FORMS)
def test_the_cli_refreshes_every_page_of_the_section_adds_a_new_one_and_a_second_run_changes_nothing(
    site: tuple[Site, str], checkout: Path, form: str
):
    content, base = site
    served = mirror_of_the_section(content, checkout, form)
    assert len(served) == 14
    # A changed page: the update page of a later API version (one field, key order, descriptions).
    changed = (upstream("api-pages") / "2026-05-11" / "voices-pvc-update.md").read_bytes()
    content.pages[served["pvc-update.md"]] = (200, changed)
    # A new page: an operation the section did not have.
    new_page = (upstream("api-pages") / "2026-05-11" / "voices-delete.md").read_bytes()
    content.pages["/docs/api-reference/voices/pvc/delete-voice.md"] = (200, new_page)
    new_link = "/docs/api-reference/voices/pvc/delete-voice" + (".mdx" if form == "fern" else "")
    add_to_index(content, f"- [Delete voice]({new_link}): Deletes a voice")
    before = tree(checkout)

    result = run_cli(checkout, base)
    assert result.returncode == 0, result.stderr
    after = tree(checkout)
    # Only pages of the section were fetched, each once; the page outside it never.
    assert "/docs/api-reference/voices/get.md" not in content.hits
    assert all(accept.startswith("text/markdown") for accept in content.accept)
    assert all(agent.startswith("elevenlabs-pvc-update-spec/") for agent in content.agents)
    assert set(content.hits) == {*served.values(), "/docs/api-reference/voices/pvc/delete-voice.md",
                                 "/docs/api-reference/voices/pvc/llms.txt"}  # fmt: skip
    # Every existing page refreshed in place (same names); the changed one changed; the new one added.
    assert after["openapi/sources/pvc-update.md"] == changed
    assert after["openapi/sources/voices-pvc-delete-voice.md"] == new_page
    assert {name for name in after if name.startswith("openapi/sources/")} == {
        name for name in before if name.startswith("openapi/sources/")
    } | {"openapi/sources/voices-pvc-delete-voice.md"}
    manifest = update_spec.load_manifest(checkout / "openapi" / "sources.yaml")
    assert manifest.pages[-1] == update_spec.Page(
        "voices-pvc-delete-voice.md", f"{SECTION}/delete-voice.md", manifest.pages[-1].origin
    )
    assert "127.0.0.1" not in (checkout / "openapi" / "sources.yaml").read_text(encoding="utf-8")
    # Regenerated: the new operation has its module, and the checkout is consistent (make check).
    assert (checkout / "generated/elevenlabs_pvc_api/api/api_voices/api_voices_delete.py").exists()
    check = subprocess.run(
        [sys.executable, "-m", "scripts.check_generated"], cwd=checkout, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    # The pull request body: the new operation, the changed descriptions, who calls what.
    changes = (checkout / "openapi" / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith("# API drift: changes")
    assert "added (new in the index): `voices-pvc-delete-voice.md`" in changes
    assert "changed: `pvc-update.md`" in changes
    assert "`DELETE /v1/voices/{voice_id}`" in changes
    assert "description changed" in changes
    assert "| `POST /v1/voices/pvc/{voice_id}` | docs | `client.update` |" in changes
    assert "| `DELETE /v1/voices/{voice_id}` | non-breaking | none (not wrapped by the facade) |" in changes
    assert "Operations of the spec that the facade does not wrap yet" in changes
    assert "`elevenlabs_pvc_api/api/api_voices/api_voices_delete.py`" in changes
    assert "- model classes added: `DeleteVoiceResponseModel`" in changes
    assert result.stdout.strip() == changes.strip()

    content.hits.clear()
    again = run_cli(checkout, base)
    assert again.returncode == 0, again.stderr
    assert "no change" in again.stderr
    assert tree(checkout) == after


def test_a_page_gone_from_the_index_is_removed_and_reported_breaking(site: tuple[Site, str], checkout: Path):
    content, base = site
    served = mirror_of_the_section(content, checkout)
    status, index, headers = content.pages["/docs/api-reference/voices/pvc/llms.txt"]
    gone = _section_path(f"{SECTION}/verification/captcha/verify").encode()
    content.pages["/docs/api-reference/voices/pvc/llms.txt"] = (
        status, b"\n".join(line for line in index.split(b"\n") if gone + b")" not in line), headers
    )  # fmt: skip
    result = run_cli(checkout, base)
    assert result.returncode == 0, result.stderr
    assert served["pvc-verification-captcha-verify.md"] not in content.hits
    assert not (checkout / "openapi/sources/pvc-verification-captcha-verify.md").exists()
    changes = (checkout / "openapi" / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith("# API drift: breaking changes")
    assert "**removed (gone from the index; breaking)**: `pvc-verification-captcha-verify.md`" in changes
    assert "| `POST /v1/voices/pvc/{voice_id}/captcha` | breaking | `client.verification.captcha.verify` |" in changes


@pytest.mark.parametrize("down", ["index", "page"])
def test_with_the_mirror_down_nothing_changes_and_the_url_is_named(site: tuple[Site, str], checkout: Path, down: str):
    content, base = site
    served = mirror_of_the_section(content, checkout)
    path = "/docs/api-reference/voices/pvc/llms.txt" if down == "index" else served["pvc-train.md"]
    content.pages[path] = (503, b"down")
    before = tree(checkout)
    result = run_cli(checkout, base)
    assert result.returncode == 1
    assert f"{base}{path}: HTTP 503" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree(checkout) == before


# --- a hostile site: the update in a copy of the checkout refuses, naming the URL, and changes nothing --

BOMB = (
    "openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
)


def _page(yaml_text: str) -> bytes:
    return f"# Train\n\n## OpenAPI Specification\n\n```yaml\n{yaml_text}```\n".encode()


HOSTILE = {
    "a challenge page": ((200, b"<!DOCTYPE html><title>Just a moment...</title>", {"Content-Type": "text/html"}), [],
                         "not markdown or plain text"),
    "html sent as markdown": ((200, b"<html><body>challenge</body></html>"), [], "an HTML page sent as"),
    "an error page in markdown": ((200, b"# Oops\n\nSomething went wrong.\n"), [], "documents no operation"),
    "a redirect elsewhere": ((302, b"", {"Location": "http://localhost:9/evil.md"}), [], "outside"),
    "a page over the size limit": ((200, b"# x\n" + b"y" * 40_000), ["--max-page-mib", "0.03"], "byte limit"),
    "a YAML alias bomb": ((200, _page(BOMB)), [], "anchors and aliases are refused"),
    "a YAML nesting 5,000 deep": ((200, _page("openapi: " + "[" * 5000 + "]" * 5000 + "\n")), [], "nested over 64"),
    "a server that asks to wait an hour": ((503, b"busy", {"Retry-After": "3600", "Content-Type": "text/plain"}), [],
                                           "not retried: a pause of 3600 s"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_page_is_refused_naming_it_and_nothing_changes(site: tuple[Site, str], checkout: Path, case: str):
    content, base = site
    served = mirror_of_the_section(content, checkout, "fern")
    answer, flags, message = HOSTILE[case]
    content.pages[served["pvc-train.md"]] = answer
    before = tree(checkout)
    result = run_cli(checkout, base, *flags)
    assert result.returncode == 1
    assert f"{base}{served['pvc-train.md']}" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(checkout) == before


def test_an_index_of_50000_links_is_refused(site: tuple[Site, str], checkout: Path):
    content, base = site
    mirror_of_the_section(content, checkout, "fern")
    status, index, headers = content.pages["/docs/api-reference/voices/pvc/llms.txt"]
    links = "".join(f"- [P](p{n})\n" for n in range(50_000)).encode()
    content.pages["/docs/api-reference/voices/pvc/llms.txt"] = (status, index + links, headers)
    before = tree(checkout)
    result = run_cli(checkout, base)
    assert result.returncode == 1
    assert "lists 50,014 pages, over the limit of 200" in result.stderr
    assert len(content.hits) == 1
    assert tree(checkout) == before


def test_links_that_leave_the_section_are_not_fetched(site: tuple[Site, str], checkout: Path):
    content, base = site
    mirror_of_the_section(content, checkout, "fern")
    for link in (
        "/docs/api-reference/voices/pvc/../get.mdx",
        "/docs/api-reference/voices/pvc/%2e%2e/get.mdx",
        "/docs/api-reference/voices/pvc/..%5cget.mdx",
        "/docs/api-reference/voices/pvc/%2e%2e%2fget.mdx",
    ):
        add_to_index(content, f"- [Up]({link})")  # fmt: skip
    before = tree(checkout)
    result = run_cli(checkout, base)
    assert result.returncode == 0, result.stderr
    assert "no change" in result.stderr
    assert not any(path.endswith(("/get.md", "/get.mdx", "get")) for path in content.hits)
    assert tree(checkout) == before


def test_a_hostile_description_lands_as_data_and_importing_runs_nothing(site: tuple[Site, str], checkout: Path):
    content, base = site
    served = mirror_of_the_section(content, checkout, "fern")
    payload = 'Pwned."""\\nimport pathlib; pathlib.Path("PWNED").touch()\\n"""'
    changed = 0
    for file, path in served.items():
        page = (checkout / "openapi/sources" / file).read_text(encoding="utf-8")
        hostile = page.replace("description: The ID of the voice.", f"description: '{payload}'")
        changed += hostile != page
        content.pages[path] = (200, hostile.encode())
        content.pages[path + "x"] = content.pages[path]
    assert changed
    result = run_cli(checkout, base)
    assert result.returncode == 0, result.stderr
    for path in (checkout / "facade").rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    imported = subprocess.run(
        [sys.executable, "-c", "import elevenlabs_pvc.types, elevenlabs_pvc.regions, elevenlabs_pvc"],
        cwd=checkout, env={"PYTHONPATH": f"{checkout / 'facade'}:{checkout / 'generated'}"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert not (checkout / "PWNED").exists()
    assert 'import pathlib; pathlib.Path("PWNED").touch()' in (checkout / "facade/elevenlabs_pvc/types.py").read_text()
