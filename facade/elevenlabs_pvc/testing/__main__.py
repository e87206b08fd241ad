"""``python -m elevenlabs_pvc.testing --port N``: serve a fake PVC API on 127.0.0.1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from elevenlabs_pvc.testing import DEFAULT_API_KEY, FakePVCAPI, FakeServer


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until interrupted; print the URL and key first."""
    parser = argparse.ArgumentParser(
        prog="python -m elevenlabs_pvc.testing",
        description="Serve a fake ElevenLabs PVC API on 127.0.0.1, checked against the spec.",
    )
    parser.add_argument("--port", type=int, default=8020, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the key clients must send (default: %(default)s)")
    parser.add_argument("--any-key", action="store_true", help="accept any non-empty key")
    parser.add_argument("--separation-polls", type=int, default=2, help="status polls before separation completes")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument(
        "--max-body-mb", type=int, default=1025, help="larger request bodies get 413 (default: %(default)s MiB)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    fake = FakePVCAPI(None if args.any_key else args.api_key, separation_polls=args.separation_polls)
    server = FakeServer(fake, args.port, max_body_bytes=args.max_body_mb * 1024 * 1024)
    key = "any" if args.any_key else args.api_key
    try:
        server.start()  # returns once it accepts connections: only then is the URL printed
        print(f"fake ElevenLabs PVC API on {server.url} (xi-api-key: {key})", flush=True)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
