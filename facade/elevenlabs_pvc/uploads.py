"""Turn what users hand in as audio (paths, bytes, file objects) into multipart parts.

Every part gets a file name and a content type.  The name comes from the path
or the file object's ``name`` when there is one, otherwise it is generated
(``sample-1.wav``).  The content type is sniffed from the first bytes (WAV,
MP3, FLAC, OGG, M4A/MP4, WebM), else guessed from the name.

The content is read into memory once (httpx rewinds it), so a request that is
sent again carries exactly the same parts.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Final

from elevenlabs_pvc_api.types import File

from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["FileInput", "FilesInput", "to_file", "to_files"]

#: One audio file: a path, its bytes, a binary file object, or ``(file_name, bytes or file object)``.
FileInput = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | tuple[str, "bytes | IO[bytes]"]
#: One audio file or several.
FilesInput = FileInput | Sequence[FileInput]

_OCTET_STREAM: Final = "application/octet-stream"
_SIGNATURES: Final = (
    (b"RIFF", 8, b"WAVE", "audio/wav", ".wav"),
    (b"fLaC", 0, b"", "audio/flac", ".flac"),
    (b"OggS", 0, b"", "audio/ogg", ".ogg"),
    (b"ID3", 0, b"", "audio/mpeg", ".mp3"),
    (b"\x1aE\xdf\xa3", 0, b"", "audio/webm", ".webm"),
)


def _sniff(data: bytes) -> tuple[str, str]:
    """The content type and extension that the first bytes of ``data`` suggest."""
    for magic, offset, second, content_type, extension in _SIGNATURES:
        if data.startswith(magic) and (not second or data[offset : offset + len(second)] == second):
            return content_type, extension
    if data[4:8] == b"ftyp":
        return "audio/mp4", ".m4a"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        return "audio/mpeg", ".mp3"
    return _OCTET_STREAM, ".bin"


def _content_type(file_name: str, data: bytes) -> str:
    """The content type the bytes show; else the one the file name suggests (machines' tables differ)."""
    sniffed = _sniff(data)[0]
    if sniffed != _OCTET_STREAM:
        return sniffed
    guessed, _ = mimetypes.guess_type(file_name)
    return guessed or _OCTET_STREAM


def _read(parameter: str, source: object) -> bytes:
    read = getattr(source, "read", None)
    if read is None:
        raise InvalidArgumentTypeError(parameter, source, f"{parameter}: cannot read {type(source).__name__}")
    data = read()
    if not isinstance(data, bytes):
        raise InvalidArgumentTypeError(
            parameter,
            source,
            f"{parameter}: file objects must be opened in binary mode ('rb'), got {type(data).__name__}",
        )
    return data


def _is_named_file(source: object) -> bool:
    return (
        isinstance(source, tuple)
        and len(source) == 2
        and isinstance(source[0], str)
        and (isinstance(source[1], bytes | bytearray | memoryview) or hasattr(source[1], "read"))
    )


def _is_several(sources: object) -> bool:
    """A list or tuple of files, as opposed to one file (a ``(file_name, content)`` tuple is one)."""
    return isinstance(sources, list | tuple) and not _is_named_file(sources)


def to_file(parameter: str, source: object, index: int = 1) -> File:
    """Read one :data:`FileInput` into a generated :class:`File` with a name and content type.

    Raises:
        InvalidArgumentTypeError: an unsupported type, or a file object opened in text mode.
        InvalidArgumentError: a path that does not exist or an empty file.
    """
    file_name: str | None = None
    if _is_named_file(source):
        file_name, source = source  # type: ignore[misc]
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise InvalidArgumentError(parameter, source, f"{parameter}: no such file: {str(path)!r}")
        data = path.read_bytes()
        file_name = file_name or path.name
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = _read(parameter, source)
        name = getattr(source, "name", None)
        if file_name is None and isinstance(name, str) and name:
            file_name = os.path.basename(name)
    else:
        raise InvalidArgumentTypeError(
            parameter,
            source,
            f"{parameter} takes paths, bytes or binary file objects, got {type(source).__name__}",
        )
    if not data:
        raise InvalidArgumentError(parameter, file_name or source, f"{parameter}: the file {file_name or ''} is empty")
    if not file_name:
        file_name = f"sample-{index}{_sniff(data)[1]}"
    return File(payload=io.BytesIO(data), file_name=file_name, mime_type=_content_type(file_name, data))


def to_files(parameter: str, sources: object) -> list[File]:
    """Read one :data:`FileInput` or a sequence of them (see :func:`to_file`).

    Raises:
        InvalidArgumentTypeError, InvalidArgumentError: as :func:`to_file`, or no file at all.
    """
    if not _is_several(sources):
        return [to_file(parameter, sources)]
    assert isinstance(sources, list | tuple)
    if not sources:
        raise InvalidArgumentError(parameter, sources, f"{parameter}: give at least one file")
    return [to_file(f"{parameter}[{index}]", source, index + 1) for index, source in enumerate(sources)]
