"""``PVCClient`` and ``AsyncPVCClient``: settings, connection and resources.

A client resolves its settings once, when it is built (API key, base URL,
timeout, retries), and hands the generated client a transport that adds
retries, logging and typed errors (``_transport.py``).  The resources
(``client.samples``, ``client.samples.speakers``) hold the operations.
"""

from __future__ import annotations

import os
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Final, Generic, Self, TypeVar, cast

import httpx
from elevenlabs_pvc_api import Client as GeneratedClient
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import __version__
from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc._transport import AsyncTransport, SyncTransport, _Policy
from elevenlabs_pvc.errors import ConfigurationError
from elevenlabs_pvc.regions import REGIONS, Region
from elevenlabs_pvc.retries import RetryPolicy

if TYPE_CHECKING:
    from elevenlabs_pvc_api.models import AddVoiceResponseModel, StartPVCVoiceTrainingResponseModel

    from elevenlabs_pvc.resources.samples import AsyncSamples, Samples
    from elevenlabs_pvc.resources.verification import AsyncVerification, Verification
    from elevenlabs_pvc.resources.voices import AsyncVoices, Voices

__all__ = ["DEFAULT_TIMEOUT", "ENV_API_KEY", "AsyncPVCClient", "PVCClient"]

#: Where the API key is read from when ``api_key`` is not given.
ENV_API_KEY: Final = "ELEVENLABS_API_KEY"
#: Timeout of the httpx client the facade creates: uploads and processing can be slow.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
_USER_AGENT: Final = f"elevenlabs-pvc/{__version__}"

HTTP = TypeVar("HTTP", httpx.Client, httpx.AsyncClient)


def _api_key(api_key: str | None) -> str:
    key = os.environ.get(ENV_API_KEY) if api_key is None else api_key
    if key is None:
        raise ConfigurationError(f"no API key: pass api_key=... or set the {ENV_API_KEY} environment variable")
    if not isinstance(key, str):
        raise ConfigurationError(f"api_key must be a str, got {type(key).__name__}")
    key = key.strip()
    if not key:
        raise ConfigurationError(f"the API key is empty: pass api_key=... or set {ENV_API_KEY}")
    if not key.isascii() or not key.isprintable() or any(character.isspace() for character in key):
        # Never echo the key: it would end up in logs and tracebacks.
        raise ConfigurationError("the API key contains spaces or characters that cannot be sent in an HTTP header")
    return key


def _base_url(region: object, base_url: object, http_client: httpx.Client | httpx.AsyncClient | None) -> str:
    """The URL prefix the transport puts before each path ("" to use ``http_client.base_url``)."""
    if not isinstance(region, str) or region not in REGIONS:
        choices = ", ".join(repr(name) for name in REGIONS)
        raise ConfigurationError(f"unknown region {region!r}: choose one of {choices}, or pass base_url=...")
    if base_url is not None:
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        return base_url.rstrip("/")
    if region == "default" and http_client is not None and str(http_client.base_url):
        return ""
    return REGIONS[region]


def _max_retries(max_retries: object) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
    return max_retries


class _BaseClient(Generic[HTTP]):
    """Settings shared by the sync and async clients."""

    _http: HTTP

    def __init__(
        self,
        *,
        api_key: str | None,
        region: Region,
        base_url: str | None,
        timeout: float | httpx.Timeout | Unset,
        max_retries: int,
        http_client: HTTP | None,
        http_type: type[HTTP],
    ) -> None:
        self._api_key = _api_key(api_key)
        if http_client is not None and not isinstance(http_client, http_type):
            raise ConfigurationError(
                f"http_client must be an {http_type.__module__}.{http_type.__qualname__}, "
                f"got {type(http_client).__name__}"
            )
        if http_client is not None and not isinstance(timeout, Unset):
            raise ConfigurationError(
                "timeout and http_client were both given: set the timeout on your own httpx client instead"
            )
        self._prefix = _base_url(region, base_url, http_client)
        self._retries = RetryPolicy(max_retries=_max_retries(max_retries))
        self._owns_http = http_client is None
        if http_client is None:
            http_client = http_type(
                timeout=DEFAULT_TIMEOUT if isinstance(timeout, Unset) else timeout,
                headers={"User-Agent": _USER_AGENT},
            )
        self._http = http_client
        self._connection = _Connection(
            api_key=self._api_key,
            repeatable=self._generated(repeatable=True),
            once=self._generated(repeatable=False),
        )

    def _policy(self, *, repeatable: bool) -> _Policy:
        return _Policy(self._prefix, self._retries, repeatable=repeatable, secret=self._api_key)

    def _generated(self, *, repeatable: bool) -> GeneratedClient:
        """A generated client whose requests go through this client's transport (sync or async)."""
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The URL requests go to (before the path)."""
        return self._prefix or str(self._http.base_url).rstrip("/")

    @property
    def max_retries(self) -> int:
        """How many times a failed request may be repeated (see :mod:`elevenlabs_pvc.retries`)."""
        return self._retries.max_retries

    def __repr__(self) -> str:
        # The API key is deliberately absent.
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


class PVCClient(_BaseClient[httpx.Client]):
    """A client for the ElevenLabs PVC API.

    The operations are grouped like the API (and the official SDK's ``client.voices.pvc``):
    ``create``/``update``/``train`` a voice here; ``samples.create/update/delete``,
    ``samples.audio.get``, ``samples.waveform.get``; ``samples.speakers.get/separate/wait/select``,
    ``samples.speakers.audio.get``; ``verification.request``, ``verification.captcha.get/verify``.

    Args:
        api_key: the ElevenLabs API key, sent as ``xi-api-key``.  When ``None``, read from the
            ``ELEVENLABS_API_KEY`` environment variable when the client is built.  Never shown in
            ``repr()``, log records or exception messages.
        region: ``"default"``, ``"us"``, ``"eu"`` or ``"in"`` (see :mod:`elevenlabs_pvc.regions`).
        base_url: a URL that overrides ``region`` (a proxy, a local fake API).
        timeout: seconds, or an :class:`httpx.Timeout`, for the httpx client this creates
            (default: 60 s, 10 s to connect).  Not allowed together with ``http_client``.
        max_retries: how many times a failed request may be repeated (0 disables retries).
        http_client: your own :class:`httpx.Client`, used as given: its timeout, proxies, transport,
            headers and ``base_url`` (used when neither ``region`` nor ``base_url`` is given) are not
            changed, and it is not closed by :meth:`close`.

    Raises:
        ConfigurationError: no API key, an unknown region, a bad ``base_url`` or ``max_retries``,
            ``timeout`` together with ``http_client``, or an ``http_client`` of the wrong type.

    Use it as a context manager, or call :meth:`close`, to release the connections it opened::

        with PVCClient() as client:
            client.samples.update(voice_id, sample_id, trim_start_time=1_500, trim_end_time=42_000)

    """

    def __init__(
        self,
        api_key: str | None = None,
        region: Region = "default",
        base_url: str | None = None,
        timeout: float | httpx.Timeout | Unset = UNSET,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            region=region,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            http_type=httpx.Client,
        )

    # --- the voice itself --------------------------------------------------------------------------

    @cached_property
    def _voices(self) -> Voices:
        from elevenlabs_pvc.resources.voices import Voices

        return Voices(self._connection)

    def create(
        self,
        name: str,
        language: str,
        *,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Create a PVC voice (metadata only; add samples with ``client.samples.create``).

        Args:
            name: the voice's display name (at most 100 characters).
            language: the language of the samples, e.g. ``"en"``.
            description: a description (at most 500 characters); ``None`` sends null.
            labels: labels such as ``{"accent": "british"}``; ``None`` sends null.

        Returns:
            The API's answer, holding the new ``voice_id``.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a missing, blank or too long field; nothing was sent.
            UnprocessableEntityError, APIError (and subclasses), APIConnectionError, ResponseValidationError:
                as ``client.samples.update``.

        Retries: creating is **not** idempotent (each call makes a new voice), so it is retried only when
        the request cannot have arrived, or after a 429.

        """
        return self._voices.create(name, language, description=description, labels=labels)

    def update(
        self,
        voice_id: str,
        *,
        name: str | Unset = UNSET,
        language: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Edit a PVC voice's metadata; only the arguments you pass are sent.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID or field; nothing was sent.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as ``client.samples.update``.

        Retries: safe to repeat (it sets values); retried after 429, 502-504 and connection failures.

        """
        return self._voices.update(voice_id, name=name, language=language, description=description, labels=labels)

    def train(self, voice_id: str, *, model_id: str | Unset | None = UNSET) -> StartPVCVoiceTrainingResponseModel:
        """Start training a PVC voice on its samples (the trims and speaker selections in place).

        Args:
            voice_id: the PVC voice.
            model_id: the model to train for (the API's default when omitted).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as ``client.samples.update``.

        Retries: starting training is not assumed safe to repeat: retried only when the request cannot
        have arrived, or after a 429.

        """
        return self._voices.train(voice_id, model_id=model_id)

    # --- resources ---------------------------------------------------------------------------------

    # The resources are built, and their modules (with the generated operations and models)
    # imported, on first use: `import elevenlabs_pvc` stays light (see `make bench`).

    @cached_property
    def samples(self) -> Samples:
        """Samples, their audio, waveform and speakers: ``client.samples...``."""
        from elevenlabs_pvc.resources.samples import Samples

        return Samples(self._connection)

    @cached_property
    def verification(self) -> Verification:
        """Manual verification and the captcha: ``client.verification...``."""
        from elevenlabs_pvc.resources.verification import Verification

        return Verification(self._connection)

    def _generated(self, *, repeatable: bool) -> GeneratedClient:
        transport = SyncTransport(self._http, self._policy(repeatable=repeatable))
        # The generated functions only call .request() on it: the transport provides exactly that.
        return GeneratedClient(base_url="").set_httpx_client(cast(httpx.Client, transport))

    def close(self) -> None:
        """Close the HTTP connections, unless the httpx client was passed in by the caller."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class AsyncPVCClient(_BaseClient[httpx.AsyncClient]):
    """The asyncio twin of :class:`PVCClient`: the same arguments, resources and errors, awaited.

    ``http_client`` is an :class:`httpx.AsyncClient`.  Use ``async with``, or ``await client.aclose()``::

        async with AsyncPVCClient() as client:
            await client.samples.speakers.separate(voice_id, sample_id)

    Raises:
        ConfigurationError: as :class:`PVCClient`.

    """

    def __init__(
        self,
        api_key: str | None = None,
        region: Region = "default",
        base_url: str | None = None,
        timeout: float | httpx.Timeout | Unset = UNSET,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            region=region,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            http_type=httpx.AsyncClient,
        )

    # --- the voice itself --------------------------------------------------------------------------

    @cached_property
    def _voices(self) -> AsyncVoices:
        from elevenlabs_pvc.resources.voices import AsyncVoices

        return AsyncVoices(self._connection)

    async def create(
        self,
        name: str,
        language: str,
        *,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Create a PVC voice; the awaitable form of :meth:`PVCClient.create`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError,
            ResponseValidationError: as :meth:`PVCClient.create`.

        """
        return await self._voices.create(name, language, description=description, labels=labels)

    async def update(
        self,
        voice_id: str,
        *,
        name: str | Unset = UNSET,
        language: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Edit a PVC voice's metadata; the awaitable form of :meth:`PVCClient.update`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError,
            ResponseValidationError: as :meth:`PVCClient.update`.

        """
        return await self._voices.update(voice_id, name=name, language=language, description=description, labels=labels)

    async def train(self, voice_id: str, *, model_id: str | Unset | None = UNSET) -> StartPVCVoiceTrainingResponseModel:
        """Start training a PVC voice; the awaitable form of :meth:`PVCClient.train`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, OperationFailedError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`PVCClient.train`.

        """
        return await self._voices.train(voice_id, model_id=model_id)

    # --- resources ---------------------------------------------------------------------------------

    @cached_property
    def samples(self) -> AsyncSamples:
        """Samples, their audio, waveform and speakers: ``client.samples...``."""
        from elevenlabs_pvc.resources.samples import AsyncSamples

        return AsyncSamples(self._connection)

    @cached_property
    def verification(self) -> AsyncVerification:
        """Manual verification and the captcha: ``client.verification...``."""
        from elevenlabs_pvc.resources.verification import AsyncVerification

        return AsyncVerification(self._connection)

    def _generated(self, *, repeatable: bool) -> GeneratedClient:
        transport = AsyncTransport(self._http, self._policy(repeatable=repeatable))
        return GeneratedClient(base_url="").set_async_httpx_client(cast(httpx.AsyncClient, transport))

    async def aclose(self) -> None:
        """Close the HTTP connections, unless the httpx client was passed in by the caller."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.aclose()
