"""A local stand-in for the ElevenLabs PVC API, for demos and for your own tests.

::

    from elevenlabs_pvc import PVCClient
    from elevenlabs_pvc.testing import FakePVCAPI

    fake = FakePVCAPI()
    http = httpx.Client(transport=fake.transport, base_url="https://api.elevenlabs.io")
    with PVCClient(api_key=fake.api_key, http_client=http) as client:
        voice = client.create("Test voice", "en").voice_id

or over HTTP on a loopback port: ``with serve() as server: PVCClient(api_key=..., base_url=server.url)``,
or from a shell: ``python -m elevenlabs_pvc.testing --port 8020``.

It needs the ``testing`` extra (``pip install elevenlabs-pvc[testing]``: openapi-core and
PyYAML), because it checks every request and response against the spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from elevenlabs_pvc.testing.fake import DEFAULT_API_KEY, FakePVCAPI, Sample, Voice
    from elevenlabs_pvc.testing.server import FakeServer, serve

__all__ = ["DEFAULT_API_KEY", "FakePVCAPI", "FakeServer", "Sample", "Voice", "serve"]

_HOMES = {"FakeServer": "server", "serve": "server"}


def __getattr__(name: str) -> Any:
    """The fake and its server, imported on first use (``elevenlabs_pvc.testing.audio`` needs neither).

    Importing the package itself imports nothing, so ``python -m elevenlabs_pvc.testing.audio`` runs
    with the standard library alone, and without runpy's "found in sys.modules" warning.
    """
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        import openapi_core  # noqa: F401
        import yaml  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "elevenlabs_pvc.testing checks traffic against the spec and needs the 'testing' extra: "
            "pip install 'elevenlabs-pvc[testing]'"
        ) from error
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_HOMES.get(name, 'fake')}"), name)
    globals()[name] = value
    return value
