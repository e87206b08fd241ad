"""What the client returns where the generated models are not the most useful form: audio, captcha, raw."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import httpx

__all__ = ["Audio", "Captcha", "RawResponse", "write_atomic"]

T = TypeVar("T")
_UNPARSED: Any = object()


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that it holds the old content or the new, never a part of it.

    The bytes go to a temporary file in the same folder, flushed to disk, then renamed over ``path``.
    A new file gets the mode ``open()`` would give it (0666 less the umask); an existing one keeps its own.

    Raises:
        OSError: the folder does not exist or is not writable, the disk is full...
    """
    import secrets  # only saving needs it; kept out of `import elevenlabs_pvc`

    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    # Like open(): the OS applies the umask to 0o666.  O_EXCL: never write through someone else's file.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if target.exists():
                os.fchmod(handle.fileno(), stat.S_IMODE(target.stat().st_mode))
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


@dataclass(frozen=True)
class Audio:
    """Decoded audio from the API.

    ``data`` (the bytes), ``media_type`` (``audio/mpeg``...), ``duration_secs`` in **seconds** when the
    API says, and the ``voice_id``, ``sample_id`` and ``speaker_id`` it belongs to, where known.
    """

    data: bytes = field(repr=False)
    media_type: str
    duration_secs: float | None
    voice_id: str | None = None
    sample_id: str | None = None
    speaker_id: str | None = None

    @property
    def size(self) -> int:
        """The number of bytes."""
        return len(self.data)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the audio to ``path`` atomically and return the path (raises OSError as :func:`write_atomic`)."""
        return write_atomic(path, self.data)


@dataclass(frozen=True)
class Captcha:
    """The verification captcha exactly as the API sent it: ``content`` and its ``content_type``."""

    content: bytes = field(repr=False)
    content_type: str

    def json(self) -> Any:
        """The body parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.content)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the raw captcha to ``path`` atomically and return the path (raises OSError as :func:`write_atomic`)."""
        return write_atomic(path, self.content)


class RawResponse(Generic[T]):
    """An API answer as it arrived, from ``client.with_raw_response.<resource>.<operation>(...)``.

    Only 2xx answers get this far: other statuses raise as a plain call does.  It has the
    ``status_code``, ``headers``, ``request_id`` (quote it to support) and ``http_response`` itself.
    """

    def __init__(self, response: httpx.Response, request_id: str | None, parse: Callable[[], T]) -> None:
        self.http_response, self.status_code, self.headers = response, response.status_code, response.headers
        self.request_id, self._parse = request_id, parse
        self._parsed: T = _UNPARSED

    def parse(self) -> T:
        """The result the plain call returns (parsed once, however often this is called).

        Raises ResponseValidationError (the body breaks the spec) or OperationFailedError (status not "ok").
        """
        if self._parsed is _UNPARSED:
            self._parsed = self._parse()
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] {self.http_response.request.url.path}>"
