"""The state one client shares with its resources."""

from __future__ import annotations

from dataclasses import dataclass, field

from elevenlabs_pvc_api import Client as GeneratedClient

__all__ = ["_Connection"]


@dataclass
class _Connection:
    """What the resources need to make calls; shared by all resources of one client."""

    api_key: str
    #: Generated client for operations safe to repeat after they may have reached the server.
    repeatable: GeneratedClient
    #: Generated client for the others: retried only when the request surely did not arrive (or got a 429).
    once: GeneratedClient
    #: The last speaker selection this client sent or the API reported, per (voice_id, sample_id).
    selections: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: Sample durations in seconds, per (voice_id, sample_id), where an answer told them.
    durations: dict[tuple[str, str], float] = field(default_factory=dict)
