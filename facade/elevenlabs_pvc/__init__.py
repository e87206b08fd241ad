"""elevenlabs_pvc: the hand-written, ergonomic client for the ElevenLabs PVC API.

The low-level client generated from the spec lives in ``elevenlabs_pvc_api``;
this package wraps it (see README.md).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
