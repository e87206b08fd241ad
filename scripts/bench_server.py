"""A minimal keep-alive HTTP/1.1 server for ``make bench``, on 127.0.0.1.

It answers the two benchmarked PVC endpoints with fixed, spec-valid bodies and
does as little as possible, so that the benchmark measures the clients rather
than the server.  ``python -m scripts.bench_server`` prints its port, then serves
until killed.
"""

from __future__ import annotations

import asyncio
import sys

UPDATE_BODY = b'{"voice_id":"v1"}'
SEPARATE_BODY = b'{"status":"ok"}'


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    return head.encode() + body


UPDATE_RESPONSE = _response(UPDATE_BODY)
SEPARATE_RESPONSE = _response(SEPARATE_BODY)


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            target = head.split(b" ", 2)[1]
            writer.write(SEPARATE_RESPONSE if target.endswith(b"/separate-speakers") else UPDATE_RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _main() -> None:
    server = await asyncio.start_server(_serve_connection, "127.0.0.1", 0, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(_main())
    except KeyboardInterrupt:
        sys.exit(0)
