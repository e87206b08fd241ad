"""scripts/docs_site.py and scripts/markdown_safe.py: what a hostile docs site can and cannot do to the update."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import markdown_safe
from scripts.docs_site import Fetcher, FetchError, Limits, Site, index_links
from scripts.update_spec import file_name_for

PVC = "https://elevenlabs.io/docs/api-reference/voices/pvc"
PAGE = b"# A page\n\n```yaml\nopenapi: 3.1.0\n```\n"
Route = Callable[[BaseHTTPRequestHandler], None]


def answer(status: int, body: bytes, **headers: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": "text/markdown", **headers}.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A page that never ends (no length): 1 MiB chunks until the client goes, at most 64 MiB."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/markdown")
    handler.end_headers()
    for _ in range(64):
        handler.wfile.write(b"x" * 2**20)


def drip(handler: BaseHTTPRequestHandler) -> None:
    """One byte every 50 ms, for at most 5 s."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/markdown")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.05)


@pytest.fixture
def server() -> Iterator[tuple[dict[str, Route], str, list[str]]]:
    routes: dict[str, Route] = {}
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                routes.get(self.path, answer(404, b"no"))(self)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield routes, f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetcher(base: str, **limits: object) -> Fetcher:
    made = Fetcher(Site.at(base), Limits(**limits))  # type: ignore[arg-type]
    made.sleep = lambda _: None
    return made


def test_a_page_is_fetched_as_markdown(server):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/train.md"] = answer(200, PAGE)
    with fetcher(base) as docs:
        assert docs.page(f"{PVC}/train.md") == PAGE.decode()


def test_a_redirect_to_another_host_is_not_followed(server):
    routes, base, seen = server
    other = base.replace("127.0.0.1", "localhost")
    routes["/docs/api-reference/voices/pvc/train.md"] = answer(302, b"", Location=f"{other}/evil.md")
    with (
        fetcher(base) as docs,
        pytest.raises(FetchError, match=r"redirected to http://localhost:\d+/evil\.md"),
    ):
        docs.page(f"{PVC}/train.md")
    assert "/evil.md" not in seen


def test_redirects_within_the_origin_are_followed_and_counted(server):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/train.md"] = answer(301, b"", Location="/moved.md")
    routes["/moved.md"] = answer(200, PAGE)
    routes["/loop.md"] = answer(302, b"", Location="/loop.md")
    with fetcher(base) as docs:
        assert docs.page(f"{PVC}/train.md") == PAGE.decode()
        with pytest.raises(FetchError, match="more than 5 redirects"):
            docs.page("https://elevenlabs.io/loop.md")


@pytest.mark.parametrize("kind", ["text/html; charset=utf-8", "application/json", ""])
def test_a_page_that_is_not_markdown_is_refused_naming_the_url(server, kind: str):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/train.md"] = answer(200, b"<!DOCTYPE html><title>Just a moment...</title>")
    if kind:
        routes["/docs/api-reference/voices/pvc/train.md"] = answer(200, b"<html>challenge</html>", Content_Type=kind)
    with fetcher(base) as docs, pytest.raises(FetchError, match=rf"{base}/docs/api-reference/voices/pvc/train\.md"):
        docs.page(f"{PVC}/train.md")


def test_html_sent_as_markdown_is_refused(server):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/train.md"] = answer(200, b"\n<!doctype html><p>challenge")
    with fetcher(base) as docs, pytest.raises(FetchError, match="an HTML page sent as text/markdown"):
        docs.page(f"{PVC}/train.md")


def test_a_page_is_read_up_to_its_size_limit_only(server):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/big.md"] = endless
    routes["/docs/api-reference/voices/pvc/declared.md"] = answer(200, b"x" * (2 * 2**20))
    with fetcher(base, page_bytes=2**20) as docs:
        with pytest.raises(FetchError, match="over the 1,048,576-byte limit"):
            docs.page(f"{PVC}/big.md")
        with pytest.raises(FetchError, match="2,097,152 bytes, over the 1,048,576-byte limit"):
            docs.page(f"{PVC}/declared.md")


def test_a_gzip_bomb_stops_at_the_limit_counted_after_decompression(server):
    routes, base, _ = server
    bomb = gzip.compress(b"\0" * (64 * 2**20), compresslevel=9)
    assert len(bomb) < 2**20
    routes["/docs/api-reference/voices/pvc/bomb.md"] = answer(200, bomb, Content_Encoding="gzip")
    with fetcher(base, page_bytes=2**20) as docs, pytest.raises(FetchError, match="counted after decompression"):
        docs.page(f"{PVC}/bomb.md")


def test_a_dripping_page_is_cut_off_at_the_deadline(server):
    routes, base, _ = server
    routes["/docs/api-reference/voices/pvc/drip.md"] = drip
    with fetcher(base, deadline=0.5) as docs, pytest.raises(FetchError, match=r"0\.5 s deadline"):
        docs.page(f"{PVC}/drip.md")


def test_retry_after_is_honoured_within_the_budget_only(server):
    routes, base, seen = server
    routes["/docs/api-reference/voices/pvc/busy.md"] = answer(503, b"busy", Retry_After="3600")
    with fetcher(base) as docs, pytest.raises(FetchError, match=r"HTTP 503 \(not retried: a pause of 3600 s"):
        docs.page(f"{PVC}/busy.md")
    assert seen == ["/docs/api-reference/voices/pvc/busy.md"]


def test_the_fetcher_names_itself_and_asks_for_markdown(server):
    routes, base, _ = server
    headers: dict[str, str] = {}

    def record(handler: BaseHTTPRequestHandler) -> None:
        headers.update(handler.headers.items())
        answer(200, PAGE)(handler)

    routes["/docs/api-reference/voices/pvc/train.md"] = record
    with fetcher(base) as docs:
        docs.page(f"{PVC}/train.md")
    assert headers["Accept"].startswith("text/markdown")
    assert headers["User-Agent"].startswith("elevenlabs-pvc-update-spec/")


def test_index_links_in_the_fern_form_and_every_hostile_spelling():
    index = f"""# ElevenLabs

- [Create]({PVC}/create.mdx): Creates a new PVC voice
- [Train](/docs/api-reference/voices/pvc/train.md)
- [Update]({PVC}/update)
- [Again]({PVC}/create.md): the same page as create.mdx
- [OpenAPI]({PVC}/openapi.json)
- [Full](https://elevenlabs.io/llms-full.txt)
- [Up]({PVC}/../get.mdx)
- [Encoded up]({PVC}/%2e%2e/get.mdx)
- [Slash]({PVC}/samples%2f..%2f..%2fget.mdx)
- [Backslash]({PVC}/..\\get.mdx)
- [Odd]({PVC}/a%00b.mdx)
- [Elsewhere](https://example.com/docs/api-reference/voices/pvc/create.mdx)
- [Credentials](https://user@elevenlabs.io/docs/api-reference/voices/pvc/x.mdx)
"""
    assert index_links(PVC, index) == [f"{PVC}/create.md", f"{PVC}/train.md", f"{PVC}/update.md"]


def test_page_file_names_are_bounded_and_plain():
    assert file_name_for(f"{PVC}/samples/update.mdx") == "voices-pvc-samples-update.md"
    long = file_name_for(f"{PVC}/{'a' * 300}.mdx")
    assert len(long) <= 83
    assert long.endswith(".md")
    odd = file_name_for(f"{PVC}/..%2F..%2Fetc%2Fpasswd")
    assert odd.removesuffix(".md").replace("-", "").isalnum()
    assert "/" not in odd


@pytest.mark.parametrize(
    "name",
    ["@octocat", "<script>alert(1)</script>", "<!-- hidden", "a`b``c", "[x](https://evil.example)", "#12", "x|y"],
)
def test_text_from_the_docs_renders_inert(name: str):
    span = markdown_safe.code(name, in_table=True)
    ticks = len(span) - len(span.lstrip("`"))
    assert "`" * ticks not in span[ticks:-ticks]  # nothing inside can end the span
    assert "\n" not in span
    text = markdown_safe.plain(name)
    for live in ("@", "<", "[x](", "https://", "#1"):
        assert live not in text
    assert "```" not in markdown_safe.fence(f"line\n{name}\n````\n").split("\n", 1)[1].rsplit("\n", 2)[0].replace(
        "````", ""
    )
