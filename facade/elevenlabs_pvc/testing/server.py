"""Serve a :class:`FakePVCAPI` over HTTP on a loopback port.

Each request is read, handed to the fake as an ``httpx.Request`` and answered
with what the fake returns: the same behaviour as the in-process transport,
reachable by any HTTP client (a browser, curl, another language's SDK).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Final

import httpx

from elevenlabs_pvc.testing.fake import FakePVCAPI

__all__ = ["FakeServer", "serve"]

logger = logging.getLogger("elevenlabs_pvc.testing")
_LOOPBACK: Final = "127.0.0.1"


def _handler_for(fake: FakePVCAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            host = self.headers.get("host") or _LOOPBACK
            request = httpx.Request(self.command, f"http://{host}{self.path}", headers=dict(self.headers), content=body)
            try:
                response = fake.handle(request)
            except AssertionError as error:  # the fake broke the spec: a bug, said loudly
                logger.error("%s", error)
                response = httpx.Response(
                    500, json={"detail": {"status": "fake_broke_the_spec", "message": str(error)}}
                )
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s " + format, self.address_string(), *args)

    return Handler


class FakeServer:
    """A running fake API; ``url`` is its base URL.  Stop it with :meth:`close` (or ``with``)."""

    def __init__(self, fake: FakePVCAPI, port: int = 0) -> None:
        self.fake = fake
        self._server = ThreadingHTTPServer((_LOOPBACK, port), _handler_for(fake))
        self._server.daemon_threads = True
        self.port: int = self._server.server_address[1]
        self.url = f"http://{_LOOPBACK}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-pvc-api", daemon=True)

    def start(self) -> FakeServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._server.serve_forever()

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def serve(fake: FakePVCAPI | None = None, port: int = 0) -> Iterator[FakeServer]:
    """Run ``fake`` (a new one by default) on 127.0.0.1 in a background thread while the block runs.

    ``port=0`` picks a free port: read it from ``server.url``.
    """
    server = FakeServer(fake or FakePVCAPI(), port).start()
    try:
        yield server
    finally:
        server.close()
