"""The documentation site as ``make update-spec`` reads it: its page index and one bounded fetcher.

Everything here reads text from the internet that the update turns into a spec, code and a pull
request, so it trusts nothing the site says:

* **One origin.**  Only the docs origin is fetched (``https://elevenlabs.io``, or the mirror given
  with ``--docs-origin``).  A redirect is followed only within that origin, at most
  ``Limits.redirects`` times; a redirect elsewhere is an error naming both addresses.
* **Bounded reads.**  A page may hold ``Limits.page_bytes`` and an index ``Limits.index_bytes``,
  counted after decompression as the body streams (a gzip bomb stops at the limit).  Each fetch has
  a total deadline (``Limits.deadline``) besides httpx's per-read timeout, so a server that drips a
  byte a second is cut off.  ``Retry-After`` is honoured while it fits ``Limits.retry_budget``.
* **Only markdown.**  A page must be ``text/markdown`` or ``text/plain`` and must not look like
  HTML: a challenge page (what a CDN serves to a runner it distrusts) is refused, naming the URL,
  and never taken for a page that lost its operation.
* **Links are data.**  An index link is normalised (percent-escapes, backslashes, ``..``) before it
  is checked to lie under the section; links elsewhere, to files that are not pages (the OpenAPI
  document Fern links from ``llms.txt``), and with characters a page path never has are left out.
  An index may list at most ``Limits.pages`` pages.

How Fern, which builds the ElevenLabs documentation, publishes a page: at ``<page>``, with its
markdown at ``<page>.md``, at ``<page>.mdx`` and to ``Accept: text/markdown``; ``llms.txt`` lists
pages as ``.mdx`` links followed by ``: a description``.  Whatever the index writes, a page's public
address in the manifest is ``<page>.md``, so an index that moves from ``.md`` to ``.mdx`` links
changes nothing in the review diff.
"""

from __future__ import annotations

import email.utils
import posixpath
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit

import httpx

PUBLIC_ORIGIN: Final = "https://elevenlabs.io"
USER_AGENT: Final = "elevenlabs-pvc-update-spec/0.2 (+https://github.com/elevenlabs-pvc/elevenlabs-pvc)"
ACCEPT: Final = "text/markdown, text/plain;q=0.9"
MIB: Final = 1024 * 1024
#: Media types a page or an index may have.
TEXT_TYPES: Final = frozenset({"text/markdown", "text/x-markdown", "text/plain"})
#: The page suffixes an index may write; the markdown address is always ``.md``.
PAGE_SUFFIXES: Final = (".mdx", ".md")
#: What a page path is made of, once normalised (the docs use lower-case slugs).
_PAGE_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)+$")
#: An llms.txt link: ``[Title](URL)``, optionally with a title string; ``: notes`` may follow it.
_LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


class FetchError(Exception):
    """A page or an index could not be fetched within the limits; the message names the URL and the limit."""


@dataclass(frozen=True)
class Limits:
    """What one update may read from the docs site (see the module docstring for why each exists)."""

    page_bytes: int = 4 * MIB  # the largest PVC page is 12 KiB; a whole-API page about 200 KiB
    index_bytes: int = 2 * MIB  # the whole site's llms.txt is about 300 KiB
    pages: int = 200  # the PVC section lists 14; the whole API reference about 300
    deadline: float = 60.0  # seconds for one fetch: every attempt, pause and read
    read_timeout: float = 20.0  # seconds for any one connect or read
    redirects: int = 5
    attempts: int = 3
    retry_budget: float = 30.0  # seconds of pauses (backoff and Retry-After) for one fetch


@dataclass(frozen=True)
class Site:
    """Where the update fetches from: the public origin, or a mirror standing in for it."""

    origin: str = PUBLIC_ORIGIN

    @classmethod
    def at(cls, docs_origin: str | None) -> Site:
        """The site at ``docs_origin`` (``http(s)://host[:port]``), else the public one.

        Raises:
            FetchError: ``docs_origin`` is not a bare ``http(s)`` origin.
        """
        if not docs_origin:
            return cls()
        parts = urlsplit(docs_origin.rstrip("/"))
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or "@" in parts.netloc
        ):
            raise FetchError(f"--docs-origin {docs_origin!r}: expected http(s)://host[:port], nothing more")
        return cls(f"{parts.scheme}://{parts.netloc}")

    def address(self, public: str) -> str:
        """Where the public address ``public`` is fetched from."""
        parts = urlsplit(public)
        return self.origin + parts.path + (f"?{parts.query}" if parts.query else "")


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def normalise_path(path: str) -> str | None:
    """A URL path with its percent-escapes decoded, backslashes as slashes and dot segments resolved.

    None when what is left is not a plain page path (empty segments aside): other characters, a
    NUL, an escape that decodes to a slash inside a segment all make it so.
    """
    decoded = unquote(path).replace("\\", "/")
    if "\x00" in decoded:
        return None
    resolved = posixpath.normpath("/" + decoded.lstrip("/"))  # one leading slash: normpath keeps it so
    return resolved if _PAGE_PATH.match(resolved) else None


def page_of(section: str, target: str) -> str | None:
    """The public markdown address (``<page>.md``) of an index link, if it is a page under ``section``."""
    url = urljoin(section + "/", target.strip())
    parts, base = urlsplit(url), urlsplit(section)
    if origin_of(url) != origin_of(section) or parts.username or parts.password:
        return None
    path = normalise_path(parts.path)
    root = normalise_path(base.path) or ""
    if path is None:
        return None
    for suffix in PAGE_SUFFIXES:
        if path.endswith(suffix):
            path = path.removesuffix(suffix)
            break
    else:
        if "." in path.rsplit("/", 1)[-1]:
            return None  # a file that is not a page: openapi.json, llms-full.txt, an image
    if not path.startswith(root.rstrip("/") + "/"):
        return None
    return f"{origin_of(section)}{path}.md"


def index_links(section: str, text: str) -> list[str]:
    """The pages under ``section`` that its ``llms.txt`` lists, as public ``.md`` addresses, in index order.

    Links may be absolute or root-relative, end in ``.md``, ``.mdx`` or nothing, and carry a
    ``: description``; links elsewhere and to files that are not pages are left out.
    """
    found: dict[str, None] = {}
    for target in _LINK.findall(text):
        page = page_of(section, target)
        if page is not None:
            found.setdefault(page)
    return list(found)


def media_type(response: httpx.Response) -> str:
    """The response's media type, lower-case, without parameters ("" when it sent none)."""
    value: str = response.headers.get("content-type", "")
    return value.split(";", 1)[0].strip().lower()


def _retry_after(response: httpx.Response) -> float | None:
    value: str = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """GETs the docs site's pages and indexes within :class:`Limits` (see the module docstring)."""

    def __init__(self, site: Site, limits: Limits | None = None, client: httpx.Client | None = None) -> None:
        self.site = site
        self.limits = limits or Limits()
        self._client = client or httpx.Client(
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
            timeout=httpx.Timeout(self.limits.read_timeout),
            trust_env=False,
        )
        self._own = client is None
        self.sleep = time.sleep

    def close(self) -> None:
        """Close the HTTP client, if the fetcher made it."""
        if self._own:
            self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def page(self, public: str) -> str:
        """The markdown text of the page at the public address ``public``."""
        return self._text(public, self.limits.page_bytes)

    def index(self, public: str) -> str:
        """The text of the index (``llms.txt``) at the public address ``public``."""
        return self._text(public, self.limits.index_bytes)

    def _text(self, public: str, limit: int) -> str:
        address = self.site.address(public)
        body = self.get(address, limit)
        try:
            text: str = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FetchError(f"{address}: not UTF-8 text (byte {error.start})") from None
        return text

    def get(self, address: str, limit: int) -> bytes:
        """The body of a 200 from ``address`` (on the site's origin), read within the limits.

        Raises:
            FetchError: naming ``address`` and what failed or which limit was passed.
        """
        limits, start = self.limits, time.monotonic()
        slept, problem = 0.0, ""
        for attempt in range(1, limits.attempts + 1):
            try:
                return self._attempt(address, limit, start)
            except _Retryable as retryable:
                problem, pause = retryable.problem, retryable.retry_after
            if attempt == limits.attempts:
                break
            pause = 0.5 * 2**attempt if pause is None else pause
            left = limits.deadline - (time.monotonic() - start)
            if slept + pause > limits.retry_budget or pause >= left:
                problem += (
                    f" (not retried: a pause of {pause:g} s would pass the {limits.retry_budget:g} s retry budget"
                )
                problem += f" or the {limits.deadline:g} s deadline)"
                break
            self.sleep(pause)
            slept += pause
        raise FetchError(f"{address}: {problem}")

    def _attempt(self, address: str, limit: int, start: float) -> bytes:
        url = address
        for _ in range(self.limits.redirects + 1):
            with self._stream(url, start) as response:
                if response.is_redirect:
                    target = urljoin(url, response.headers.get("location", ""))
                    if origin_of(target) != self.site.origin:
                        raise FetchError(f"{address}: redirected to {target}, outside {self.site.origin}; not followed")
                    url = target
                    continue
                if response.status_code == 429 or response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code}", _retry_after(response))
                if response.status_code != 200:
                    raise FetchError(f"{address}: HTTP {response.status_code}")
                kind = media_type(response)
                if kind not in TEXT_TYPES:
                    raise FetchError(
                        f"{address}: Content-Type {kind or 'missing'!r}, not markdown or plain text"
                        + (
                            " (an HTML page: a challenge or error page, not the documentation)"
                            if "html" in kind
                            else ""
                        )
                    )
                body = self._read(response, address, limit, start)
                if _HTML_START.match(body[:512]):
                    raise FetchError(f"{address}: an HTML page sent as {kind}, not the documentation")
                if not body.strip():
                    raise _Retryable("empty body", None)
                return body
        raise FetchError(f"{address}: more than {self.limits.redirects} redirects")

    @contextmanager
    def _stream(self, url: str, start: float) -> Iterator[httpx.Response]:
        left = self._left(url, start)
        timeout = httpx.Timeout(min(self.limits.read_timeout, left))
        try:
            with self._client.stream("GET", url, timeout=timeout) as response:
                yield response
        except httpx.TimeoutException as error:
            raise _Retryable(f"{type(error).__name__} (each read may take {timeout.read:g} s)", None) from None
        except httpx.HTTPError as error:
            raise _Retryable(f"{type(error).__name__}: {error}", None) from None

    def _left(self, url: str, start: float) -> float:
        left = self.limits.deadline - (time.monotonic() - start)
        if left <= 0:
            raise FetchError(f"{url}: not fetched within the {self.limits.deadline:g} s deadline")
        return left

    def _read(self, response: httpx.Response, address: str, limit: int, start: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
            raise FetchError(f"{address}: {int(declared):,} bytes, over the {limit:,}-byte limit")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{address}: over the {limit:,}-byte limit (counted after decompression)")
            chunks.append(chunk)
            self._left(address, start)
        return b"".join(chunks)


class _Retryable(Exception):
    def __init__(self, problem: str, retry_after: float | None) -> None:
        super().__init__(problem)
        self.problem, self.retry_after = problem, retry_after


def main(argv: list[str] | None = None) -> int:
    """Fetch one page of the docs site within the limits and print it (or the error): for trying a mirror."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Fetch one docs page within the update's limits and print it.")
    parser.add_argument("url", help="a public page address (https://elevenlabs.io/docs/...)")
    parser.add_argument("--docs-origin", metavar="URL", help="fetch from this mirror instead")
    args = parser.parse_args(argv)
    try:
        with Fetcher(Site.at(args.docs_origin)) as fetcher:
            print(fetcher.page(args.url))
    except FetchError as error:
        print(f"docs_site: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
