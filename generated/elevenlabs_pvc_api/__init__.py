"""A client library for accessing ElevenLabs Professional Voice Cloning (PVC) API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
