"""The API's regional hosts, by the names the client accepts.

These are the ``servers`` of the spec (``openapi/elevenlabs-pvc.yaml``), in the
same order; a test keeps the two in step.  ``us`` is a US-routed host;
``eu`` and ``in`` are data-residency hosts, usable only by workspaces created
for that residency.
"""

from __future__ import annotations

from typing import Final, Literal

Region = Literal["default", "us", "eu", "in"]

REGIONS: Final[dict[str, str]] = {
    "default": "https://api.elevenlabs.io",
    "us": "https://api.us.elevenlabs.io",
    "eu": "https://api.eu.residency.elevenlabs.io",
    "in": "https://api.in.residency.elevenlabs.io",
}

__all__ = ["REGIONS", "Region"]
