"""A client's settings, checked once: :func:`configure` makes its :class:`Options` and httpx client."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Generic, TypeVar

import httpx
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import __version__
from elevenlabs_pvc.errors import ConfigurationError
from elevenlabs_pvc.regions import REGIONS
from elevenlabs_pvc.retries import RetryPolicy

#: Where the API key is read from when ``api_key`` is not given.
ENV_API_KEY: Final = "ELEVENLABS_API_KEY"
#: A base URL read when neither ``base_url``, ``region`` nor ``http_client.base_url`` says one (a fake API, a proxy).
ENV_BASE_URL: Final = "ELEVENLABS_BASE_URL"
#: Timeout of the httpx client the facade creates: uploads and processing can be slow.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
_USER_AGENT: Final = f"elevenlabs-pvc/{__version__}"
#: Headers the client sets itself: a caller's headers may not replace them.
_RESERVED_HEADERS: Final = frozenset({"xi-api-key", "content-type"})
#: Headers that frame the message or belong to one connection (RFC 9110 7.6.1, 9112 6): httpx writes them,
#: and a second copy (``Transfer-Encoding: chunked`` next to ``Content-Length``) makes one call two requests.
_FRAMING_HEADERS: Final = frozenset(
    {"content-length", "transfer-encoding", "connection", "host", "upgrade", "te", "trailer", "keep-alive"}
)

# RFC 9110: a header name is a token; a value holds no control characters (CR/LF would split headers)
# and is sent as ISO-8859-1 (latin-1): other characters cannot be.
_TOKEN: Final = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FIELD_VALUE: Final = re.compile(r"[\t\x20-\x7e\xa0-\xff]*")

#: Seconds, an :class:`httpx.Timeout`, or ``None`` for no timeout.
Timeout = float | httpx.Timeout | None
HTTP = TypeVar("HTTP", httpx.Client, httpx.AsyncClient)


@dataclass(frozen=True, repr=False)
class Options:
    """What every request of one client carries; ``with_options`` makes a changed copy."""

    api_key: str
    #: The URL prefix put before each path ("" to use ``http_client.base_url``).
    base_url: str
    retries: RetryPolicy
    #: The timeout of each request; UNSET leaves the httpx client's own.
    timeout: Timeout | Unset = UNSET
    #: Header values outside ASCII are their latin-1 bytes (what HTTP sends).
    headers: Mapping[str, str | bytes] = field(default_factory=dict)
    #: True for ``with_raw_response``: calls return a RawResponse instead of the parsed result.
    raw: bool = False
    #: The most seconds one call may take in all (``with_options(deadline=)``); None: no such bound.
    deadline: float | None = None

    def derive(
        self,
        *,
        timeout: Timeout | Unset,
        max_retries: int | Unset,
        extra_headers: Mapping[str, str] | None,
        deadline: float | Unset | None = UNSET,
    ) -> Options:
        """A copy with the given settings changed (raises ConfigurationError for a bad one)."""
        return replace(
            self,
            timeout=self.timeout if isinstance(timeout, Unset) else _timeout(timeout),
            retries=self.retries if isinstance(max_retries, Unset) else RetryPolicy(_max_retries(max_retries)),
            headers={**self.headers, **_headers("extra_headers", extra_headers)},
            deadline=self.deadline if isinstance(deadline, Unset) else _deadline(deadline),
        )

    def __repr__(self) -> str:  # the API key is deliberately absent
        return f"Options(base_url={self.base_url!r}, max_retries={self.retries.max_retries}, raw={self.raw})"


class Secret(str):
    """The API key: a ``str`` whose ``repr`` does not show it (debuggers, tools that record locals)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'[redacted]'"


def _api_key(api_key: str | None) -> Secret:
    key = os.environ.get(ENV_API_KEY) if api_key is None else api_key
    if key is None:
        raise ConfigurationError(f"no API key: pass api_key=... or set the {ENV_API_KEY} environment variable")
    if not isinstance(key, str):
        raise ConfigurationError(f"api_key must be a str, got {type(key).__name__}")
    if not (key := key.strip()):
        raise ConfigurationError(f"the API key is empty: pass api_key=... or set {ENV_API_KEY}")
    if not key.isascii() or not key.isprintable() or any(character.isspace() for character in key):
        # Never echo the key: it would end up in logs and tracebacks.
        raise ConfigurationError("the API key contains spaces or characters that cannot be sent in an HTTP header")
    return Secret(key)


def _base_url(region: object, base_url: object, http_client: httpx.Client | httpx.AsyncClient | None) -> str:
    if not isinstance(region, str) or region not in REGIONS:
        choices = ", ".join(repr(name) for name in REGIONS)
        raise ConfigurationError(f"unknown region {region!r}: choose one of {choices}, or pass base_url=...")
    if base_url is not None:
        return _checked_url("base_url", base_url).rstrip("/")
    if region == "default" and http_client is not None and str(http_client.base_url):
        _checked_url("http_client.base_url", str(http_client.base_url))
        return ""
    if region == "default" and os.environ.get(ENV_BASE_URL):
        return _checked_url(ENV_BASE_URL, os.environ[ENV_BASE_URL]).rstrip("/")
    return REGIONS[region]


def _checked_url(parameter: str, value: object) -> str:
    """``value`` if it is an http(s) URL with a host and no credentials, query or fragment."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{parameter} must be a str, got {type(value).__name__}")
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as error:
        raise ConfigurationError(f"{parameter} is not a URL ({error})") from None
    if url.userinfo:  # refused without echoing the URL: the password would show in logs and reprs
        raise ConfigurationError(f"{parameter} must not hold credentials (user:password@); pass api_key= instead")
    problem = None
    if url.scheme not in ("http", "https"):
        problem = "must be an http:// or https:// URL"
    elif not url.host or "%" in url.host or any(character.isspace() for character in value):
        problem = "needs a host name (without spaces)"
    elif "?" in value or "#" in value:
        problem = "must not have a query or a fragment: the request path goes after it"
    if problem:
        raise ConfigurationError(f"{parameter} {problem}, got {value!r}")
    return value


def _max_retries(max_retries: object) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
    return max_retries


def _deadline(deadline: object) -> float | None:
    if deadline is None:
        return None
    if isinstance(deadline, bool) or not isinstance(deadline, int | float) or not 0 < deadline < float("inf"):
        raise ConfigurationError(f"deadline must be a number of seconds > 0, or None, got {deadline!r}")
    return float(deadline)


def _timeout(timeout: object) -> Timeout:
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ConfigurationError(f"timeout must be a number of seconds > 0, an httpx.Timeout or None, got {timeout!r}")
    return float(timeout)


def _headers(parameter: str, headers: object) -> dict[str, Any]:
    """Checked headers; a value outside ASCII (latin-1, as HTTP sends it) is kept as its latin-1 bytes."""
    if headers is not None and not isinstance(headers, Mapping):
        raise ConfigurationError(f"{parameter} must be a mapping of str to str, got {type(headers).__name__}")
    checked: dict[str, Any] = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(f"{parameter}: header names and values must be str, got {name!r}")
        lowered = name.lower()
        if lowered in _RESERVED_HEADERS:
            raise ConfigurationError(f"{parameter}: {name!r} is set by the client itself (pass api_key= for the key)")
        if lowered in _FRAMING_HEADERS or lowered.startswith("proxy-"):
            raise ConfigurationError(
                f"{parameter}: {name!r} frames the request or belongs to the connection: httpx writes it, and a "
                "second one could make one call two requests (configure proxies on your own httpx client)"
            )
        if not _TOKEN.fullmatch(name):
            raise ConfigurationError(f"{parameter}: header name {name!r} cannot be sent (not an HTTP token)")
        if not _FIELD_VALUE.fullmatch(value):
            raise ConfigurationError(
                f"{parameter}: the value of header {name!r} cannot be sent: {value!r} has a control character "
                "(CR, LF, NUL...) or a character outside latin-1 (percent-encode it, as RFC 8187 does)"
            )
        checked[name] = value if value.isascii() else value.encode("latin-1")
    return checked


class Connection(Generic[HTTP]):
    """The httpx client of a client (and of those ``with_options`` made from it), for the process using it.

    After ``os.fork()`` parent and child would share pooled sockets and read each other's answers.  A child
    makes its own httpx client on first use (the parent's is left open) or, for your ``http_client``, is
    told to make one by a :class:`ConfigurationError`.
    """

    def __init__(self, http: HTTP, owned: bool, make: Callable[[], HTTP]) -> None:
        self.http: HTTP = http
        self._make: Callable[[], HTTP] = make
        self.owned, self._pid = owned, os.getpid()
        self._parents: list[HTTP] = []  # kept, never closed, in a child: their sockets are the parent's

    def current(self) -> HTTP:
        """The httpx client for this process."""
        if self._pid != os.getpid():
            if not self.owned:
                raise ConfigurationError(
                    "this client's http_client was used before os.fork(): its pooled connections belong to the "
                    "parent process. In the child, make a new httpx client (and a new PVCClient with it)."
                )
            self._parents.append(self.http)
            self.http, self._pid = self._make(), os.getpid()
        return self.http


def configure(
    http_type: type[HTTP],
    *,
    api_key: str | None,
    region: object,
    base_url: object,
    timeout: Timeout | Unset,
    max_retries: object,
    http_client: HTTP | None,
    default_headers: object,
) -> tuple[Options, Connection[HTTP]]:
    """Options and the connection (an ``http_type`` client); raises ConfigurationError as ``PVCClient`` says."""
    key = _api_key(api_key)
    if http_client is not None and not isinstance(http_client, http_type):
        kind = f"{http_type.__module__}.{http_type.__qualname__}"
        raise ConfigurationError(f"http_client must be an {kind}, got {type(http_client).__name__}")
    if http_client is not None and not isinstance(timeout, Unset):
        raise ConfigurationError("timeout and http_client were both given: set the timeout on your own httpx client")
    base = _base_url(region, base_url, http_client)
    options = Options(
        key, base, RetryPolicy(_max_retries(max_retries)), headers=_headers("default_headers", default_headers)
    )
    if http_client is not None:
        return options, Connection(http_client, False, lambda: http_client)
    timeout = DEFAULT_TIMEOUT if isinstance(timeout, Unset) else _timeout(timeout)

    def make() -> HTTP:
        made: HTTP = http_type(timeout=timeout, headers={"User-Agent": _USER_AGENT})
        return made

    return options, Connection(make(), True, make)
