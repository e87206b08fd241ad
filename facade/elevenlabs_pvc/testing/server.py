"""Serve a :class:`FakePVCAPI` over HTTP on a loopback port, with uvicorn.

The fake is an ASGI application (:func:`asgi_app`, built on Starlette's request and
response classes) that uvicorn serves: HTTP parsing, keep-alive, chunked bodies and
malformed requests are uvicorn's job, not ours.  Each request is handed to the fake as
an ``httpx.Request``, the same path as the in-process transport; a request uvicorn
cannot parse (a ``Content-Length`` of ``abc``) gets a 400 in the API's error shape, and
the server keeps serving.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

import httpx
import uvicorn
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from elevenlabs_pvc.testing.fake import FakePVCAPI

__all__ = ["FakeServer", "asgi_app", "serve"]

logger = logging.getLogger("elevenlabs_pvc.testing")
_LOOPBACK: Final = "127.0.0.1"
#: Hop-by-hop headers: uvicorn writes its own.
_OWN_HEADERS: Final = frozenset({"content-length", "transfer-encoding", "connection"})


def asgi_app(fake: FakePVCAPI) -> Any:
    """The fake as an ASGI application, for uvicorn or any ASGI server (or ``httpx.ASGITransport``)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan or websocket to speak of
            return
        body = await Request(scope, receive).body()  # Starlette reads chunked and sized bodies alike
        # The path as it was sent (percent-encoded), so that an ID holding "/" stays one segment.
        target = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            url = httpx.URL(f"http://{_LOOPBACK}{target}" + (f"?{query}" if query else ""))
            as_httpx = httpx.Request(scope["method"], url, headers=scope["headers"], content=body)
        except httpx.InvalidURL as error:
            answer = httpx.Response(400, json={"detail": {"status": "invalid_request", "message": str(error)}})
        else:
            try:  # the fake holds a lock and analyses audio: off the event loop
                answer = await run_in_threadpool(fake.handle, as_httpx)
            except AssertionError as error:  # the fake broke the spec: a bug, said loudly
                logger.error("%s", error)
                broke = {"status": "fake_broke_the_spec", "message": str(error)}
                answer = httpx.Response(500, json={"detail": broke})
        headers = {name: value for name, value in answer.headers.items() if name.lower() not in _OWN_HEADERS}
        await Response(answer.content, answer.status_code, headers)(scope, receive, send)

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

    def __init__(self, fake: FakePVCAPI, port: int = 0) -> None:
        self.fake = fake
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((_LOOPBACK, port))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://{_LOOPBACK}:{self.port}"
        config = uvicorn.Config(
            asgi_app(fake), http=_Protocol, lifespan="off", log_level="warning", access_log=False, timeout_keep_alive=5
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
