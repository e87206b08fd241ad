# Written by scripts/unasync.py from facade/elevenlabs_pvc/_async/_client.py: do not edit.
# Change the async source and run `make generate`; `make check` fails when this file differs.
"""``PVCClient``: its settings, the one call path of every operation (``_request``), its resources."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc._response import request_id
from elevenlabs_pvc._settings import Connection, Options, Timeout, configure
from elevenlabs_pvc._state import SampleState
from elevenlabs_pvc._sync._send import send
from elevenlabs_pvc.errors import ClientClosedError
from elevenlabs_pvc.regions import Region
from elevenlabs_pvc.validation import check_id

if TYPE_CHECKING:
    from elevenlabs_pvc_api.models import AddVoiceResponseModel, StartPVCVoiceTrainingResponseModel

    from elevenlabs_pvc._operations import Operation
    from elevenlabs_pvc._sync.raw import PVCClientWithRawResponse
    from elevenlabs_pvc._sync.samples import Samples
    from elevenlabs_pvc._sync.verification import Verification


T = TypeVar("T")


class PVCClient:
    """A client for the ElevenLabs PVC API: voices here, then ``samples`` and ``verification``.

    Args:
        api_key: the ElevenLabs API key, sent as ``xi-api-key`` (default: the ``ELEVENLABS_API_KEY``
            environment variable).  Never shown in ``repr()``, log records or exception messages.
        region: ``"default"``, ``"us"``, ``"eu"`` or ``"in"`` (see :mod:`elevenlabs_pvc.regions`).
        base_url: a URL that overrides ``region`` (a proxy, a local fake API).  When neither it, ``region``
            nor ``http_client.base_url`` is given, the ``ELEVENLABS_BASE_URL`` environment variable is used if set.
        timeout: seconds, or an :class:`httpx.Timeout`, for the httpx client this creates
            (default: 60 s, 10 s to connect).  Not allowed together with ``http_client``.
        max_retries: how many times a failed request may be repeated (0 disables retries).
        http_client: your own :class:`httpx.Client`, used as given (its timeout, proxies, transport,
            headers, ``base_url`` if no ``region`` or ``base_url`` is given); :meth:`close` leaves it open.
        default_headers: headers sent with every request (but not ``xi-api-key`` or ``Content-Type``).

    Raises:
        ConfigurationError: no API key, an unknown region, a bad ``base_url``, ``max_retries`` or header,
            ``timeout`` together with ``http_client``, or an ``http_client`` of the wrong type.

    Use it as a context manager, or call :meth:`close`, to release the connections it opened.
    Per call settings: :meth:`with_options`; the HTTP answer: :attr:`with_raw_response`.
    """

    def __init__(
        self,
        api_key: str | None = None,
        region: Region = "default",
        base_url: str | None = None,
        timeout: Timeout | Unset = UNSET,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        *,
        _derived: tuple[Options, Connection[httpx.Client], SampleState] | None = None,
    ) -> None:
        if _derived is not None:  # with_options(), with_raw_response: new options; the pool and state are shared
            self._options, self._connection, self._state = _derived
            self._owns_http = False
            return
        self._options, self._connection = configure(
            httpx.Client,
            api_key=api_key,
            region=region,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
        )
        self._owns_http = self._connection.owned
        self._state = SampleState()

    @property
    def _http(self) -> httpx.Client:
        """The httpx client, for this process (a forked child gets its own: see ``Connection``)."""
        return self._connection.current()

    @property
    def base_url(self) -> str:
        """The URL requests go to (before the path)."""
        return self._options.base_url or str(self._http.base_url).rstrip("/")

    @property
    def max_retries(self) -> int:
        """How many times a failed request may be repeated (see :mod:`elevenlabs_pvc.retries`)."""
        return self._options.retries.max_retries

    def with_options(
        self,
        *,
        timeout: Timeout | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        deadline: float | Unset | None = UNSET,
    ) -> Self:
        """A client with some settings changed: ``client.with_options(timeout=300).samples.create(...)``.

        It shares this client's connection pool and what it knows of samples (speaker selections,
        durations), so warnings and checks work across both; closing it does not close the pool.
        ``timeout`` is in seconds (an :class:`httpx.Timeout`, or ``None`` for none), and bounds each
        phase of each attempt (connect, each read...); ``deadline`` is in seconds too, and bounds each
        *call* as a whole: its attempts, the pauses between them and the answer arriving (past it,
        ``APITimeoutError``; ``None`` removes it).  ``extra_headers`` are added to this client's.

        Raises:
            ConfigurationError: a bad ``timeout``, ``max_retries``, ``deadline`` or header.
        """
        options = self._options.derive(
            timeout=timeout, max_retries=max_retries, extra_headers=extra_headers, deadline=deadline
        )
        return type(self)(_derived=(options, self._connection, self._state))

    @cached_property
    def with_raw_response(self) -> PVCClientWithRawResponse:
        """The fourteen operations, each returning a :class:`~elevenlabs_pvc.RawResponse` (errors as usual)."""
        from elevenlabs_pvc._sync.raw import PVCClientWithRawResponse

        raw = type(self)(_derived=(replace(self._options, raw=True), self._connection, self._state))
        return PVCClientWithRawResponse(raw)

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

        Returns the API's answer, holding the new ``voice_id``.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a missing, blank or too long field; nothing was sent.
            APIError: as ``client.samples.update`` (retried only if it cannot have arrived, or after a 429).
        """
        from elevenlabs_pvc import _bodies, _operations

        return self._request(_operations.PVC_CREATE, body=_bodies.voice(name, language, description, labels))

    def update(
        self,
        voice_id: str,
        *,
        name: str | Unset = UNSET,
        language: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        labels: dict[str, str] | Unset | None = UNSET,
    ) -> AddVoiceResponseModel:
        """Edit a PVC voice's metadata; only the arguments you pass are sent (safe to repeat).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID or field; nothing was sent.
            APIError: as ``client.samples.update``.
        """
        from elevenlabs_pvc import _bodies, _operations

        voice, body = check_id("voice_id", voice_id), _bodies.voice(name, language, description, labels, edit=True)
        return self._request(_operations.PVC_UPDATE, voice, body=body)

    def train(self, voice_id: str, *, model_id: str | Unset | None = UNSET) -> StartPVCVoiceTrainingResponseModel:
        """Start training a PVC voice on its samples (the trims and speaker selections in place).

        ``model_id`` is the model to train for (the API's default when omitted).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError: as ``client.samples.update`` (retried only if it cannot have arrived, or after a 429).
        """
        from elevenlabs_pvc import _bodies, _operations

        voice, body = check_id("voice_id", voice_id), _bodies.train_voice(model_id)
        return self._request(_operations.PVC_TRAIN, voice, body=body)

    @cached_property
    def samples(self) -> Samples:
        """Samples, their audio, waveform and speakers: ``client.samples...``."""
        from elevenlabs_pvc._sync.samples import Samples

        return Samples(self)

    @cached_property
    def verification(self) -> Verification:
        """Manual verification and the captcha: ``client.verification...``."""
        from elevenlabs_pvc._sync.verification import Verification

        return Verification(self)

    def _request(
        self,
        operation: Operation[T],
        *path: str,
        finish: Callable[[T], T] | None = None,
        deadline: float | None = None,
        **params: Any,
    ) -> T:
        """Call ``operation`` with checked path IDs and body: send and retry (``_send.py``), parse, ``finish``.

        ``deadline`` (a ``_state.monotonic()`` time; else the one of ``with_options``) bounds the whole call.
        """
        if self._http.is_closed:
            raise ClientClosedError(
                f"{operation.name}: the client is closed (close() was called, or the http_client passed in was "
                "closed); nothing was sent. Make a new client, or call it before closing it."
            )
        call, request = operation.prepare(self._options, path, params, deadline)
        try:
            response = send(self._http, call, request)
        finally:
            for part in call.parts:
                part.close()
        if self._options.raw:  # with_raw_response: the typed wrappers in raw.py say what this returns there
            from elevenlabs_pvc.results import RawResponse

            parse = partial(operation.parse, call, response, finish)
            return RawResponse(response, request_id(response.headers), parse)  # type: ignore[return-value]
        return operation.parse(call, response, finish)

    def close(self) -> None:
        """Close the HTTP connections, unless the httpx client was passed in (or this client was derived)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:  # the API key is deliberately absent
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"
