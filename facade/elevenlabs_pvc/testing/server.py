"""Serve a :class:`FakePVCAPI` over HTTP on a loopback port, with uvicorn.

The fake is a Starlette application (:attr:`FakePVCAPI.app`) that uvicorn serves: HTTP
parsing, keep-alive, chunked bodies and malformed requests are uvicorn's job, routing and
form parsing Starlette's (python-multipart spools a large file to disk), not ours.  The
in-process transport runs the same application.  A request uvicorn cannot parse (a
``Content-Length`` of ``abc``) gets a 400 in the API's error shape, and the server keeps serving.

Limits, each answered in the API's error shape before the fake sees the request: a body larger
than ``max_body_bytes`` (default 1 GiB and 1 MiB: a 1 GiB file and its framing) gets 413 as soon
as it passes the limit (it is read as it arrives, never past the limit); more than 100 header
fields, or 64 KiB of them, get 431.
Connections set TCP_NODELAY, so keep-alive requests are not held back by Nagle's algorithm.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import httpx
import uvicorn
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from elevenlabs_pvc.testing.fake import FakePVCAPI

__all__ = ["FakeServer", "asgi_app", "serve"]

_LOOPBACK: Final = "127.0.0.1"
#: The largest request body served: a 1 GiB sample with its multipart framing; larger ones get 413.
MAX_BODY_BYTES: Final = 1025 * 1024 * 1024
MAX_HEADER_FIELDS: Final = 100
MAX_HEADER_BYTES: Final = 64 * 1024


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"detail": {"status": code, "code": code, "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"%d" % len(body)),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def asgi_app(fake: FakePVCAPI, max_body_bytes: int = MAX_BODY_BYTES) -> Any:
    """The fake's ASGI application (:attr:`FakePVCAPI.app`) behind the server's limits on headers and bodies."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan or websocket to speak of
            return
        fields = scope["headers"]
        if len(fields) > MAX_HEADER_FIELDS or sum(len(name) + len(value) for name, value in fields) > MAX_HEADER_BYTES:
            limits = f"at most {MAX_HEADER_FIELDS} header fields and {MAX_HEADER_BYTES // 1024} KiB of them"
            await _refuse(send, 431, "request_header_fields_too_large", f"The fake accepts {limits}.")
            return
        declared = next((value for name, value in fields if name == b"content-length"), b"")
        too_large = f"The fake accepts bodies of up to {max_body_bytes:,} bytes."
        if declared.isdigit() and int(declared) > max_body_bytes:
            await _refuse(send, 413, "payload_too_large", too_large)
            return
        size = 0

        async def counted() -> Message:
            """The body as it arrives, chunked or sized; refused (413) as soon as it passes the limit."""
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > max_body_bytes:
                raise HTTPException(413, too_large)
            return message

        await fake.app(scope, counted, send)

    return app


class _Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, answering requests it cannot parse in the API's JSON error shape."""

    def send_400_response(self, msg: str) -> None:
        import h11

        body = httpx.Response(400, json={"detail": {"status": "invalid_request", "message": msg}}).content
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        headers.append((b"connection", b"close"))
        start = h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
        for event in (start, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()


class FakeServer:
    """A fake API served by uvicorn on 127.0.0.1; ``url`` is its base URL.  Stop it with :meth:`close` (or ``with``)."""

    def __init__(self, fake: FakePVCAPI, port: int = 0, *, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.fake = fake
        # IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP (without it, each
        # keep-alive answer waited about 40 ms for the client's delayed ACK).
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((_LOOPBACK, port))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://{_LOOPBACK}:{self.port}"
        config = uvicorn.Config(
            asgi_app(fake, max_body_bytes),
            http=_Protocol,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_keep_alive=5,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.serve_forever, name="fake-pvc-api", daemon=True)

    def start(self) -> FakeServer:
        """Serve in a background thread; return once the server accepts connections."""
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            self._thread.join(0.01)
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`close` (or Ctrl-C, in the main thread)."""
        self._server.run(sockets=[self._socket])

    def wait(self) -> None:
        """Block until the server stops (after :meth:`start`); Ctrl-C raises KeyboardInterrupt here."""
        while self._thread.is_alive():
            self._thread.join(0.5)

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()

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
