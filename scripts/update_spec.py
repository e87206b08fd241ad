"""Refresh the documentation pages from the docs' own index and report the API drift: ``make update-spec``.

1. Read the manifest (``openapi/sources.yaml``): the documentation *sections* to follow and the
   pages already known.  For each section, read ``<section>/llms.txt`` (the llmstxt.org index every
   documentation page points to) and keep the links under the section.
2. Fetch every page of the index (its markdown: the address plus ``.md``), with timeouts and
   retries, and every page the manifest lists with a URL outside the sections.  If any fetch
   fails, each failure is reported (with its URL) and nothing is written.
3. Match each page to its file in ``openapi/sources/`` by the operation it documents (method and
   path in its YAML), so file names stay stable and the review diff shows content only.  A page
   that documents a new operation gets a new file, named from its URL, and a manifest entry; a
   file whose page left the index is removed and reported as breaking; a file the manifest lists
   without a URL (added by hand) is kept as it is and listed as not refreshed.
4. Merge, generate ``generated/`` and the facade's ``types.py`` and ``regions.py``, all in a scratch
   folder; only when every step succeeded are the pages, the manifest, the spec and the code
   replaced.  When nothing changed, no file is written at all ("no change").
5. Write ``openapi/CHANGES.md``, the body of the drift pull request: the classified API changes,
   what they mean for this library (the facade methods that call each changed operation, the
   operations it does not wrap yet) and the generated modules and models added, removed or changed.

``--docs-origin URL`` replaces the ``https://elevenlabs.io`` origin of every address fetched,
the links inside the indexes included, so the update runs against a mirror (tests, a proxy, a
saved copy of the site).  The manifest always records the public addresses.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from scripts import common, facade_map, from_spec, generate, merge_spec, spec_diff
from scripts import markdown_safe as md
from scripts.common import REPO_ROOT
from scripts.docs_site import PUBLIC_ORIGIN, Fetcher, FetchError, Limits, Site, index_links, page_of

MANIFEST = REPO_ROOT / "openapi" / "sources.yaml"
CHANGES = REPO_ROOT / "openapi" / "CHANGES.md"
#: A page's file name: at most this many characters, then a number if another page has it.
MAX_FILE_STEM = 80

MANIFEST_HEADER = """\
# Where the pages in openapi/sources/ come from.  `make update-spec` (scripts/update_spec.py) reads it
# and rewrites the `pages:` list (comments other than this header are not kept).
#
# sections: documentation sections to follow.  The update reads <section>/llms.txt (the docs' own
#   page index), fetches every page under the section, matches it to its file by the operation it
#   documents, adds the pages that appeared and removes (reporting as breaking) those that left.
# pages: every file of openapi/sources/.  `url` is where it is published (public address; the update
#   fills it in); a page without `url` was added by hand and is kept as it is, never refreshed.
#   A page with a `url` outside every section is fetched from that address.
"""


class UpdateError(Exception):
    """The update cannot go ahead; the message lists every reason."""


@dataclass(frozen=True)
class Page:
    """A manifest entry: a file in ``openapi/sources/`` and where it is published (if it is)."""

    file: str
    url: str | None
    origin: str | None = None


@dataclass(frozen=True)
class Manifest:
    """The documentation sections to follow and the pages known."""

    sections: tuple[str, ...]
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Layout:
    """Where the update reads and writes: a checkout of this repository (``Layout.at(root)``)."""

    manifest: Path = MANIFEST
    sources: Path = merge_spec.DEFAULT_SOURCES
    spec: Path = merge_spec.DEFAULT_OUTPUT
    generated: Path = generate.DEFAULT_OUTPUT
    changes: Path = CHANGES
    facade: Path = facade_map.PACKAGE

    @classmethod
    def at(cls, root: Path) -> Layout:
        """The files of the checkout at ``root``."""
        return cls(*(root / path.relative_to(REPO_ROOT) for path in (
            MANIFEST, merge_spec.DEFAULT_SOURCES, merge_spec.DEFAULT_OUTPUT, generate.DEFAULT_OUTPUT, CHANGES,
            facade_map.PACKAGE)))  # fmt: skip


def file_name_for(url: str) -> str:
    """A source file name for a page URL: ``.../voices/pvc/samples/update.md`` -> ``voices-pvc-samples-update.md``.

    Only lower-case letters, digits and dashes, at most ``MAX_FILE_STEM`` of them before ``.md``:
    whatever the URL holds, the name stays inside ``openapi/sources/``.
    """
    path = urlsplit(url).path
    for suffix in (".mdx", ".md"):
        path = path.removesuffix(suffix)
    path = path.strip("/").split("api-reference/", 1)[-1]
    stem = re.sub(r"[^0-9a-z]+", "-", path.lower()).strip("-")[:MAX_FILE_STEM].strip("-") or "page"
    return f"{stem}.md"


def _public_page(url: str, where: str) -> str:
    """``url`` as a canonical public page address (``https://elevenlabs.io/...md``), or an UpdateError."""
    page = page_of(PUBLIC_ORIGIN, url)  # None unless on the public origin, and a page
    if page is None:
        raise UpdateError(f"{where}: {url!r} is not a page address under {PUBLIC_ORIGIN}/")
    return page


def load_manifest(path: Path) -> Manifest:
    """The manifest at ``path``.

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
    sections = data.get("sections") or []
    if not isinstance(sections, list) or not all(isinstance(s, str) and page_of(PUBLIC_ORIGIN, s) for s in sections):
        raise UpdateError(f"{path}: `sections:` must be a list of addresses under {PUBLIC_ORIGIN}/")
    pages = []
    for index, entry in enumerate(entries):
        url = entry.get("url") if isinstance(entry, dict) else None
        file = entry.get("file") if isinstance(entry, dict) else None
        if not file and not url:
            raise UpdateError(f"{path}: pages[{index}] needs a `file` or a `url`")
        if file and (not isinstance(file, str) or Path(file).name != file or file.startswith(".")):
            raise UpdateError(f"{path}: pages[{index}]: `file` {file!r} must be a plain file name")
        url = _public_page(str(url), f"{path}: pages[{index}]") if url else None
        origin = entry.get("origin") if isinstance(entry, dict) else None
        pages.append(Page(str(file or file_name_for(url or "")), url, origin))
    names = [page.file for page in pages]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UpdateError(f"{path}: the same file listed twice: {', '.join(duplicates)}")
    return Manifest(tuple(str(page_of(PUBLIC_ORIGIN, s)).removesuffix(".md") for s in sections), tuple(pages))


def render_manifest(manifest: Manifest) -> str:
    """The manifest's text: the header, the sections, the pages in their order."""
    pages = [
        {key: value for key, value in (("file", p.file), ("url", p.url), ("origin", p.origin)) if value}
        for p in manifest.pages
    ]
    body: dict[str, Any] = {"sections": list(manifest.sections)} if manifest.sections else {}
    body["pages"] = pages
    return MANIFEST_HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)


# --- matching pages to files -----------------------------------------------------------------------


def operations_of(text: str, name: str) -> set[str]:
    """The operations (``"POST /v1/..."``) the OpenAPI blocks of a page document.

    Raises:
        UpdateError: a block is malformed or passes a YAML limit; the message names ``name`` and the line.
    """
    found = set()
    for block in merge_spec.extract_yaml_blocks(text):
        try:
            document = merge_spec.load_block(block, name)
        except merge_spec.MergeError as error:
            raise UpdateError(f"the fetched pages do not merge; nothing was changed: {error}") from None
        if isinstance(document, dict) and isinstance(document.get("paths"), dict):
            for path, item in document["paths"].items():
                for method in item if isinstance(item, dict) else ():
                    if method in common.HTTP_METHODS:
                        found.add(f"{method.upper()} {path}")
    return found


def _under(url: str, sections: Sequence[str]) -> bool:
    return any(page_of(section, url) == url for section in sections)


@dataclass
class Plan:
    """What the update does to the sources folder and the manifest."""

    texts: dict[str, str] = field(default_factory=dict)  # file -> new text (refreshed or added)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # listed without a URL: not refreshed
    pages: list[Page] = field(default_factory=list)  # the new manifest's pages
    fetched: int = 0


def _fetch_all(urls: Sequence[str], get: Any) -> dict[str, str]:
    fetched, failures = {}, []
    for url in urls:
        try:
            fetched[url] = get(url)
        except FetchError as error:
            failures.append(str(error))
    if failures:
        raise UpdateError("could not fetch every page; nothing was changed:\n" + "\n".join(f"  {f}" for f in failures))
    return fetched


def plan(manifest: Manifest, sources: Path, fetcher: Fetcher) -> Plan:
    """Fetch the indexes and pages; decide which file each page refreshes, adds or removes.

    Raises:
        UpdateError: an index or page could not be fetched within the limits, an index lists more
            pages than the limit, or a page that documented operations documents none now.

    """
    indexes = _fetch_all([section + "/llms.txt" for section in manifest.sections], fetcher.index)
    listed: list[str] = []
    mirror = fetcher.site.origin if fetcher.site.origin != PUBLIC_ORIGIN else None
    for section in manifest.sections:
        text = indexes[section + "/llms.txt"]
        if mirror:  # a mirror that wrote its own origin into the links: read them as public ones
            text = text.replace(mirror + "/", PUBLIC_ORIGIN + "/")
        pages = index_links(section, text)
        if len(pages) > fetcher.limits.pages:
            raise UpdateError(
                f"{fetcher.site.address(section + '/llms.txt')}: lists {len(pages):,} pages, over the limit of "
                f"{fetcher.limits.pages}; nothing was changed"
            )
        listed += [url for url in pages if url not in listed]
    explicit = [p.url for p in manifest.pages if p.url and not _under(p.url, manifest.sections) and p.url not in listed]
    texts = _fetch_all([*listed, *explicit], fetcher.page)

    by_operation: dict[str, str] = {}
    documented: set[str] = set()  # files that document an operation today
    for page in manifest.pages:
        path = sources / page.file
        if path.is_file():
            for operation in operations_of(path.read_text(encoding="utf-8"), page.file):
                by_operation.setdefault(operation, page.file)
                documented.add(page.file)
    by_url = {p.url: p.file for p in manifest.pages if p.url}
    entries = {page.file: page for page in manifest.pages}
    result = Plan(fetched=len(texts))
    matched: dict[str, str] = {}  # file -> url
    for url, text in texts.items():
        operations = sorted(operations_of(text, fetcher.site.address(url)))
        file = next((by_operation[o] for o in operations if o in by_operation), None) or by_url.get(url)
        if not operations and file in documented:
            raise UpdateError(
                f"{fetcher.site.address(url)}: documents no operation, where {file} documents one; "
                "a page that is gone leaves the index instead (an error or challenge page?); nothing was changed"
            )
        if file is None or file in matched:
            stem, number = file_name_for(url).removesuffix(".md"), 1
            file = f"{stem}.md"
            while file in entries or file in matched or (sources / file).exists():
                number += 1
                file = f"{stem}-{number}.md"
        if not (sources / file).exists():
            result.added.append(file)
        matched[file] = url
        result.texts[file] = text
    for page in manifest.pages:
        if page.file in matched:
            result.pages.append(replace(page, url=matched[page.file]))
        elif page.url and _under(page.url, manifest.sections):
            result.removed.append(page.file)
        else:
            result.pages.append(page)
            if page.url is None:
                result.kept.append(page.file)
    for file in result.added:
        if file not in entries:
            result.pages.append(Page(file, matched[file], "added by make update-spec from the documentation index"))
    return result


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
            lines.append(f"- modules {kind}: " + ", ".join(md.code(name) for name in names))
    for kind, names in classes.items():
        if names:
            lines.append(f"- model classes {kind}: " + ", ".join(md.code(name) for name in names))
    return "\n".join([*lines, ""])


def _operation_ids(spec: dict[str, Any] | None) -> dict[str, str]:
    """``"METHOD /path"`` -> operationId."""
    return {
        f"{method.upper()} {path}": str(operation.get("operationId", ""))
        for path, item in ((spec or {}).get("paths") or {}).items()
        for method, operation in (item or {}).items()
        if method in common.HTTP_METHODS and isinstance(operation, dict)
    }


def library_view(changes: Sequence[Any], old: dict[str, Any] | None, new: dict[str, Any], facade: Path) -> str:
    """Markdown: what the API changes mean for this library's users."""
    try:
        methods = facade_map.facade_methods(facade)
    except (OSError, SyntaxError):
        methods = {}
    ids = {**_operation_ids(old), **_operation_ids(new)}
    lines = ["## What this means for elevenlabs-pvc", ""]
    touched: dict[str, set[str]] = {}
    for change in changes:
        for operation in getattr(change, "operations", None) or [change.operation]:
            touched.setdefault(operation, set()).add(change.severity)
    if touched:
        lines += ["| operation | severity | facade methods that call it |", "| --- | --- | --- |"]
        for operation in sorted(touched):
            severity = next(s for s in spec_diff.SEVERITIES if s in touched[operation])
            called = methods.get(ids.get(operation, ""), [])
            users = ", ".join(md.code(name, in_table=True) for name in called) or "none (not wrapped by the facade)"
            lines.append(f"| {md.code(operation, in_table=True)} | {severity} | {users} |")
        lines.append("")
    unwrapped = sorted(op for op, operation_id in _operation_ids(new).items() if operation_id not in methods)
    if unwrapped:
        lines.append(
            "Operations of the spec that the facade does not wrap yet (`facade/elevenlabs_pvc/_operations.py`):"
        )
        lines += [f"- {md.code(operation)} ({md.code(_operation_ids(new)[operation])})" for operation in unwrapped]
        lines.append("")
    if not touched and not unwrapped:
        lines += ["No facade method is affected; every operation is wrapped.", ""]
    return "\n".join(lines)


# --- the update ------------------------------------------------------------------------------------


def update(
    manifest: Path = MANIFEST,
    sources: Path = merge_spec.DEFAULT_SOURCES,
    spec: Path = merge_spec.DEFAULT_OUTPUT,
    generated: Path = generate.DEFAULT_OUTPUT,
    changes: Path = CHANGES,
    fetcher: Fetcher | None = None,
    *,
    docs_origin: str | None = None,
    facade: Path | None = None,
) -> str:
    """Refresh the pages, the spec, ``generated/``, the spec-made facade modules and ``CHANGES.md``; return the report.

    ``facade`` is the facade package whose ``types.py`` and ``regions.py`` are rewritten from the spec
    (default: none, unless ``spec`` is this checkout's own spec).  Nothing is written when nothing changed.

    Raises:
        UpdateError: an index or page could not be fetched, or the fetched pages do not merge.
            Nothing was written then.

    """
    if facade is None and spec.resolve() == merge_spec.DEFAULT_OUTPUT:
        facade = facade_map.PACKAGE
    known = load_manifest(manifest)
    if fetcher is not None:  # the caller's: used, not closed
        planned = plan(known, sources, fetcher)
    else:
        try:
            site = Site.at(docs_origin)
        except FetchError as error:
            raise UpdateError(str(error)) from None
        with Fetcher(site) as own:
            planned = plan(known, sources, own)
    old_text = spec.read_text(encoding="utf-8") if spec.exists() else None
    old_spec: dict[str, Any] | None = yaml.load(old_text, Loader=common.YAML_LOADER) if old_text else None
    old_tree, old_classes = _tree(generated), _classes(generated)
    new_manifest = render_manifest(Manifest(known.sections, tuple(planned.pages)))
    with tempfile.TemporaryDirectory(prefix="update-spec.") as scratch:
        trial = Path(scratch) / "sources"
        shutil.copytree(sources, trial)
        for name, text in planned.texts.items():
            (trial / name).write_text(text, encoding="utf-8")
        for name in planned.removed:
            (trial / name).unlink(missing_ok=True)
        try:
            new_text = merge_spec.render(merge_spec.merge_pages(merge_spec.source_pages(trial), notice=lambda _: None))
        except merge_spec.MergeError as error:
            raise UpdateError(f"the fetched pages do not merge; nothing was changed: {error}") from error
        refreshed = [
            name
            for name, text in sorted(planned.texts.items())
            if name not in planned.added and (sources / name).read_text(encoding="utf-8") != text
        ]
        manifest_text = manifest.read_text(encoding="utf-8")
        nothing_new = (
            new_text == old_text
            and not refreshed
            and not planned.added
            and not planned.removed
            and yaml.safe_load(new_manifest) == yaml.safe_load(manifest_text)
        )
        new_spec = yaml.load(new_text, Loader=common.YAML_LOADER)
        api_changes = spec_diff.diff(old_spec, new_spec) if old_spec else []
        if nothing_new:
            return _report(known, planned, refreshed, old_spec, api_changes, new_spec, "", facade, no_change=True)
        trial_spec = Path(scratch) / "spec.yaml"
        trial_spec.write_text(new_text, encoding="utf-8")
        fresh = Path(scratch) / "generated"
        generate.generate_tree(trial_spec, fresh)
        made = _spec_made_modules(trial_spec, facade)
        # Every step succeeded: put the new files in place.
        for name in refreshed + planned.added:
            common.write_atomic(sources / name, planned.texts[name])
        for name in planned.removed:
            (sources / name).unlink(missing_ok=True)
        if yaml.safe_load(new_manifest) != yaml.safe_load(manifest_text):
            common.write_atomic(manifest, new_manifest)
        common.write_atomic(spec, new_text)
        for path, text in made.items():
            common.write_atomic(path, text)
        common.replace_tree(fresh, generated)
    report = _report(
        known, planned, refreshed, old_spec, api_changes, new_spec, code_view(old_tree, old_classes, generated), facade
    )
    common.write_atomic(changes, report)
    return report


def _spec_made_modules(spec: Path, facade: Path | None) -> dict[Path, str]:
    """The facade modules written from the spec (``scripts/from_spec.py``), placed in ``facade``."""
    if facade is None:
        return {}
    try:
        rendered = from_spec.render(spec)
    except from_spec.FromSpecError as error:
        raise UpdateError(
            f"the new spec does not give the facade's result types; nothing was changed: {error}"
        ) from error
    return {facade / path.relative_to(facade_map.PACKAGE): text for path, text in rendered.items()}


def _report(
    known: Manifest,
    planned: Plan,
    refreshed: Sequence[str],
    old: dict[str, Any] | None,
    changes: Sequence[Any],
    new: dict[str, Any],
    code: str,
    facade: Path | None,
    *,
    no_change: bool = False,
) -> str:
    breaking = any(change.severity == "breaking" for change in changes) or bool(planned.removed)
    title = "no change" if no_change else ("breaking changes" if breaking else "changes")
    lines = [
        f"# API drift: {title}",
        "",
        "Written by `make update-spec` (scripts/update_spec.py).",
        "",
        "## Sources",
        "",
    ]
    sections = ", ".join(md.code(section) for section in known.sections) or "none (pages listed by URL only)"
    lines.append(f"- sections followed: {sections}")
    lines.append(
        f"- fetched: {planned.fetched} pages; changed: " + (", ".join(md.code(n) for n in refreshed) or "none")
    )
    if planned.added:
        lines.append("- added (new in the index): " + ", ".join(md.code(name) for name in planned.added))
    if planned.removed:
        lines.append("- **removed (gone from the index; breaking)**: " + ", ".join(md.code(n) for n in planned.removed))
    if planned.kept:
        lines.append("- not refreshable (no published URL): " + ", ".join(md.code(name) for name in planned.kept))
    lines.append("")
    api = spec_diff.markdown(changes, title="API changes") if old else "## API changes\n\nNo previous spec.\n"
    library = library_view(changes, old, new, facade or facade_map.PACKAGE)
    code = code or "## Generated code\n\nNo generated module changed.\n"
    return "\n".join(lines) + "\n" + api + "\n" + library + "\n" + code


def write_outcome(outcome: str, *, breaking: bool = False, report: Path | None = None) -> None:
    """Tell a GitHub Actions workflow what happened, when it asks (``GITHUB_OUTPUT`` is set).

    ``outcome`` is ``no-change``, ``changed`` or ``failed``; ``changed`` and ``breaking`` are
    ``true``/``false``; ``report`` is the path of ``CHANGES.md`` when there is one.  The workflow only
    wires these to its steps: the decisions are made here.
    """
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    lines = {
        "outcome": outcome,
        "changed": str(outcome == "changed").lower(),
        "breaking": str(breaking).lower(),
        "report": str(report) if report else "",
    }
    with open(target, "a", encoding="utf-8") as output:
        output.writelines(f"{key}={value}\n" for key, value in lines.items())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh the documentation pages and report the API drift.")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the checkout to update (default: this one)")
    parser.add_argument("--manifest", type=Path, help="default: ROOT/openapi/sources.yaml")
    parser.add_argument(
        "--docs-origin",
        metavar="URL",
        help=f"fetch from URL instead of {PUBLIC_ORIGIN} (a mirror, a proxy): every address, index links included",
    )
    defaults = Limits()
    parser.add_argument("--max-page-mib", type=float, default=defaults.page_bytes / 2**20, help="%(default)s MiB")
    parser.add_argument("--max-pages", type=int, default=defaults.pages, help="pages a section may list: %(default)s")
    parser.add_argument("--deadline", type=float, default=defaults.deadline, help="seconds per fetch: %(default)s")
    args = parser.parse_args(argv)
    layout = Layout.at(args.root.resolve())
    limits = replace(defaults, page_bytes=int(args.max_page_mib * 2**20), pages=args.max_pages, deadline=args.deadline)
    try:
        with Fetcher(Site.at(args.docs_origin), limits) as fetcher:
            report = update(
                args.manifest or layout.manifest,
                layout.sources,
                layout.spec,
                layout.generated,
                layout.changes,
                fetcher,
                facade=layout.facade,
            )
    except (UpdateError, FetchError, generate.GenerationError, merge_spec.MergeError) as error:
        print(f"update_spec: error: {error}", file=sys.stderr)
        write_outcome("failed")
        return 1
    except Exception as error:  # a bug of ours, or a case not foreseen: still one line that says what
        print(f"update_spec: error: unexpected {type(error).__name__}: {error}; nothing was changed", file=sys.stderr)
        write_outcome("failed")
        return 1
    if report.startswith("# API drift: no change"):
        print("update_spec: no change", file=sys.stderr)
        write_outcome("no-change")
        return 0
    print(report)
    print(f"update_spec: wrote {layout.changes}", file=sys.stderr)
    write_outcome("changed", breaking=report.startswith("# API drift: breaking"), report=layout.changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
