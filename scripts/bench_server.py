"""A minimal keep-alive HTTP/1.1 server for ``make bench``, on 127.0.0.1.

It answers the benchmarked PVC endpoints (update, separate, add samples) with fixed, spec-valid bodies and
does as little as possible, so that the benchmark measures the clients rather
than the server.  ``python -m scripts.bench_server`` prints its port, then serves
until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

UPDATE_BODY = b'{"voice_id":"v1"}'
SEPARATE_BODY = b'{"status":"ok"}'
_SAMPLE = (
    '{"sample_id":"%s","file_name":"a.wav","mime_type":"audio/wav","size_bytes":1,"hash":"h","duration_secs":1.0,'
    '"remove_background_noise":false,"has_isolated_audio":false,"has_isolated_audio_preview":false,'
    '"speaker_separation":null,"trim_start":null,"trim_end":null}'
)
#: The add-samples answer: two samples, so that uploads of one or two files both get enough.
SAMPLES_BODY = ("[" + ",".join(_SAMPLE % name for name in ("s1", "s2")) + "]").encode()


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    return head.encode() + body


UPDATE_RESPONSE = _response(UPDATE_BODY)
SEPARATE_RESPONSE = _response(SEPARATE_BODY)
SAMPLES_RESPONSE = _response(SAMPLES_BODY)


def _answer(target: bytes) -> bytes:
    if target.endswith(b"/separate-speakers"):
        return SEPARATE_RESPONSE
    return SAMPLES_RESPONSE if target.endswith(b"/samples") else UPDATE_RESPONSE


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            while length:  # uploads of hundreds of MB: read and drop, a MiB at a time
                length -= len(await reader.readexactly(min(length, 1 << 20)))
            writer.write(_answer(head.split(b" ", 2)[1]))
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
    argparse.ArgumentParser(description="Serve the benchmarked endpoints on 127.0.0.1; print the port.").parse_args()
    try:
        asyncio.run(_main())
    except KeyboardInterrupt:
        sys.exit(0)
