# Written by scripts/from_spec.py from the servers of openapi/elevenlabs-pvc.yaml: do not edit.
# Change the spec and run `make generate`; `make check` fails when this file differs.
"""The API's regional hosts, by the names the client accepts: the ``servers`` of the spec, in order.

``default`` is the first; each other is named by the label after ``api.`` in its host.  A
``residency`` host serves only the workspaces created for that data residency.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["REGIONS", "Region"]

Region = Literal["default", "us", "eu", "in"]
REGIONS: Final[dict[str, str]] = {
    "default": "https://api.elevenlabs.io",
    "us": "https://api.us.elevenlabs.io",
    "eu": "https://api.eu.residency.elevenlabs.io",
    "in": "https://api.in.residency.elevenlabs.io",
}
