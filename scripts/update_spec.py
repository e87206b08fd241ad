"""Refresh the documentation pages from the web and report the API drift: ``make update-spec``.

1. Read the manifest (``openapi/sources.yaml``) and fetch every page that has a URL,
   with timeouts and retries.  If any page fails, each failure is reported and nothing
   is written.
2. Merge the fetched pages, in a scratch copy of ``openapi/sources/``; only a merge that
   succeeds replaces the pages and the spec.
3. Regenerate ``generated/``.
4. Write ``openapi/CHANGES.md``: the API changes from the previous spec, classified by
   ``scripts/spec_diff.py``, and the generated modules and model classes that were added,
   removed or changed, to read next to the code diff.

Pages without a URL (reconstructed ones) are listed as not refreshable.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import yaml

if __package__ in (None, ""):  # run as `python scripts/NAME.py`: make the `scripts` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import generate, merge_spec, spec_diff

REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = REPO_ROOT / "openapi" / "sources.yaml"
CHANGES = REPO_ROOT / "openapi" / "CHANGES.md"
ATTEMPTS = 3
TIMEOUT = httpx.Timeout(20.0, connect=10.0)


class UpdateError(Exception):
    """The update cannot go ahead; the message lists every reason."""


@dataclass(frozen=True)
class Page:
    """A manifest entry: a file in ``openapi/sources/`` and where it is published (if it is)."""

    file: str
    url: str | None


def file_name_for(url: str) -> str:
    """A source file name for a page URL: ``.../voices/pvc/samples/update.md`` -> ``voices-pvc-samples-update.md``."""
    path = urlparse(url).path.removesuffix(".md").strip("/")
    path = path.split("api-reference/", 1)[-1]
    stem = re.sub(r"[^0-9A-Za-z]+", "-", path).strip("-").lower() or "page"
    return f"{stem}.md"


def read_manifest(path: Path) -> list[Page]:
    """The pages listed in the manifest.

    Raises:
        UpdateError: the manifest is missing or malformed.

    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise UpdateError(f"{path}: {error}") from error
    entries = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UpdateError(f"{path}: expected a `pages:` list")
    pages = []
    for index, entry in enumerate(entries):
        url = entry.get("url") if isinstance(entry, dict) else None
        file = entry.get("file") if isinstance(entry, dict) else None
        if not file and not url:
            raise UpdateError(f"{path}: pages[{index}] needs a `file` or a `url`")
        pages.append(Page(file=str(file or file_name_for(str(url))), url=str(url) if url else None))
    names = [page.file for page in pages]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UpdateError(f"{path}: the same file listed twice: {', '.join(duplicates)}")
    return pages


def fetch(client: httpx.Client, url: str) -> bytes:
    """GET ``url`` with retries; return the body of a 200.

    Raises:
        UpdateError: every attempt failed; the message says how the last one did.

    """
    problem = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            response = client.get(url)
        except httpx.HTTPError as error:
            problem = f"{type(error).__name__}: {error}"
        else:
            if response.status_code == 200 and response.content:
                return response.content
            problem = f"HTTP {response.status_code}" if response.status_code != 200 else "empty body"
            if response.status_code < 500 and response.status_code != 429:
                break
        if attempt < ATTEMPTS:
            time.sleep(0.2 * 2**attempt)
    raise UpdateError(f"{url}: {problem}")


def fetch_all(pages: Sequence[Page], client: httpx.Client) -> dict[str, bytes]:
    """Fetch every page with a URL.

    Raises:
        UpdateError: one or more pages failed; the message has one line per URL.

    """
    fetched: dict[str, bytes] = {}
    failures = []
    for page in pages:
        if page.url is None:
            continue
        try:
            fetched[page.file] = fetch(client, page.url)
        except UpdateError as error:
            failures.append(str(error))
    if failures:
        raise UpdateError("could not fetch every page; nothing was changed:\n" + "\n".join(f"  {f}" for f in failures))
    return fetched


# --- the generated-code view -----------------------------------------------------------------------


def _tree(root: Path) -> dict[str, str]:
    """Python files under ``root`` by relative path, with a hash of their content."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _classes(root: Path) -> dict[str, str]:
    """Model classes by name, with the module that holds them."""
    found = {}
    for path in sorted((root / generate.PACKAGE / "models").glob("*.py")):
        for name in re.findall(r"^class (\w+)", path.read_text(encoding="utf-8"), re.MULTILINE):
            found[name] = path.relative_to(root).as_posix()
    return found


def code_view(old_tree: dict[str, str], old_classes: dict[str, str], new_root: Path) -> str:
    """Markdown: generated modules and model classes added, removed or changed."""
    new_tree, new_classes = _tree(new_root), _classes(new_root)
    modules = {
        "added": sorted(set(new_tree) - set(old_tree)),
        "removed": sorted(set(old_tree) - set(new_tree)),
        "changed": sorted(name for name in set(old_tree) & set(new_tree) if old_tree[name] != new_tree[name]),
    }
    changed_modules = set(modules["changed"])
    classes = {
        "added": sorted(set(new_classes) - set(old_classes)),
        "removed": sorted(set(old_classes) - set(new_classes)),
        "changed": sorted(name for name in set(old_classes) & set(new_classes) if new_classes[name] in changed_modules),
    }
    lines = ["## Generated code", ""]
    if not any(modules.values()):
        return "\n".join([*lines, "No generated module changed.", ""])
    for kind, names in modules.items():
        if names:
            lines.append(f"- modules {kind}: " + ", ".join(f"`{name}`" for name in names))
    for kind, names in classes.items():
        if names:
            lines.append(f"- model classes {kind}: " + ", ".join(f"`{name}`" for name in names))
    return "\n".join([*lines, ""])


# --- the update ------------------------------------------------------------------------------------


def update(
    manifest: Path = MANIFEST,
    sources: Path = merge_spec.DEFAULT_SOURCES,
    spec: Path = merge_spec.DEFAULT_OUTPUT,
    generated: Path = generate.DEFAULT_OUTPUT,
    changes: Path = CHANGES,
    client: httpx.Client | None = None,
) -> str:
    """Refresh the pages, the spec, ``generated/`` and ``CHANGES.md``; return the report.

    Raises:
        UpdateError: a page could not be fetched, or the fetched pages do not merge.
            Nothing was written then.

    """
    pages = read_manifest(manifest)
    own_client = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True, transport=httpx.HTTPTransport(retries=1))
    try:
        fetched = fetch_all(pages, http)
    finally:
        if own_client:
            http.close()
    old_spec: dict[str, Any] | None = yaml.safe_load(spec.read_text(encoding="utf-8")) if spec.exists() else None
    old_tree, old_classes = _tree(generated), _classes(generated)
    texts = {}
    for page in pages:
        if page.file in fetched:
            try:
                texts[page.file] = fetched[page.file].decode("utf-8")
            except UnicodeDecodeError as error:
                raise UpdateError(f"{page.url}: not UTF-8 text ({error}); nothing was changed") from error
    with tempfile.TemporaryDirectory(prefix="update-spec.") as scratch:
        trial = Path(scratch) / "sources"
        shutil.copytree(sources, trial)
        for name, text in texts.items():
            (trial / name).write_text(text, encoding="utf-8")
        try:
            new_text = merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(trial), notice=lambda _: None))
        except merge_spec.MergeError as error:
            raise UpdateError(f"the fetched pages do not merge; nothing was changed: {error}") from error
        trial_spec = Path(scratch) / "spec.yaml"
        trial_spec.write_text(new_text, encoding="utf-8")
        # generate() swaps the new tree in only once it is complete: a failure here changes nothing.
        generate.generate(trial_spec, generated)
    refreshed = []
    for name, text in sorted(texts.items()):
        target = sources / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            merge_spec.write_atomic(target, text)
            refreshed.append(name)
    merge_spec.write_atomic(spec, new_text)
    report = _report(pages, refreshed, old_spec, yaml.safe_load(new_text), code_view(old_tree, old_classes, generated))
    merge_spec.write_atomic(changes, report)
    return report


def _report(
    pages: Sequence[Page], refreshed: Sequence[str], old: dict[str, Any] | None, new: dict[str, Any], code: str
) -> str:
    lines = ["# Changes from the last `make update-spec`", "", "## Sources", ""]
    fetched = [page for page in pages if page.url]
    lines.append(f"- fetched: {len(fetched)} pages; changed: " + (", ".join(f"`{n}`" for n in refreshed) or "none"))
    stale = [page.file for page in pages if not page.url]
    if stale:
        lines.append("- not refreshable (no published URL): " + ", ".join(f"`{name}`" for name in stale))
    lines.append("")
    api = (
        spec_diff.markdown(spec_diff.diff(old, new), title="API changes")
        if old
        else "## API changes\n\nNo previous spec.\n"
    )
    return "\n".join(lines) + "\n" + api + "\n" + code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Refresh the pages listed in openapi/sources.yaml and report the drift."
    )
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    args = parser.parse_args(argv)
    try:
        report = update(manifest=args.manifest)
    except (UpdateError, generate.GenerationError) as error:
        print(f"update_spec: error: {error}", file=sys.stderr)
        return 1
    print(report)
    print(f"update_spec: wrote {CHANGES.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
