"""What users hand in as audio (paths, bytes, file objects), as multipart parts that stream.

A part's content type is given, else sniffed from its first 16 bytes, else guessed from its name.
Files are read in 64 KiB chunks while the request is sent, each file open only while it is being
sent (one at a time, however many a call uploads); a retry reopens a path or rewinds a file object
(a stream that cannot be rewound is sent once); a file whose size changes is an error, and a path
whose file changed on disk since it was sent (size, modification time, or another file in its place)
is not sent again.  Paths must name regular files: a FIFO, a device, a socket or a directory is
refused before anything is sent, and so is a file that reports no size but has content (``/proc``).
"""

from __future__ import annotations

import io
import mimetypes
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, Final, cast

from elevenlabs_pvc_api.types import File

from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError
from elevenlabs_pvc.validation import check_text

__all__ = ["FileInput", "FilesInput", "ProgressCallback", "to_file", "to_files"]

Content = bytes | bytearray | memoryview | IO[bytes]
#: One audio file: a path, its bytes, a binary file object, ``(file_name, content)`` or
#: ``(file_name, content, content_type)``.
FileInput = str | os.PathLike[str] | Content | tuple[str, Content] | tuple[str, Content, str]
#: One audio file or several.
FilesInput = FileInput | Sequence[FileInput]
#: Called with ``(bytes_sent, total_bytes)`` of an upload's files.
ProgressCallback = Callable[[int, int], None]

_CHUNK: Final = 64 * 1024
_SNIFF: Final = 16
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


class _Part:
    """One file of an upload, as httpx reads it: from its start, in chunks, each time the request is sent.

    ``open`` gives a reader at the start (None once it cannot); ``size`` in bytes is None when unknown
    (httpx then sends the body chunked); ``progress`` is told after each chunk.
    """

    def __init__(
        self, parameter: str, open_: Callable[[], IO[bytes] | None], size: int | None, prefix: bytes, owned: bool
    ) -> None:
        self.parameter, self._open, self.size, self._prefix, self._owned = parameter, open_, size, prefix, owned
        self._reader: IO[bytes] | None = None
        #: For a path: why it may not be sent again (it changed on disk), checked before a retry.
        self.changed_on_disk: Callable[[], str | None] = lambda: None
        self._pending, self.position, self.high = prefix, 0, 0
        self.progress: Callable[[], None] | None = None

    def replay_problem(self) -> str | None:
        """Why this part cannot be sent again, or None."""
        if self.size is not None or self.high == 0:
            return self.changed_on_disk() if self.high else None
        return f"{self.parameter} is a file object that cannot be rewound, and part of it was already sent"

    def _changed(self, detail: str) -> InvalidArgumentError:
        message = f"{self.parameter}: the file changed while it was being sent ({detail}); nothing complete was sent"
        return InvalidArgumentError(self.parameter, self.size, message)

    def read(self, size: int = -1) -> bytes:
        if self._reader is None:
            self._reader = self._open()
            if self._reader is None:
                raise InvalidArgumentError(self.parameter, None, f"{self.replay_problem()}: it cannot be sent again")
        want = _CHUNK if size is None or size < 0 else size
        if self.size is not None:
            want = min(want, self.size - self.position)
        data, self._pending = self._pending[:want], self._pending[want:]
        if not data and want:
            data = self._reader.read(want)
        if not data:
            if self.size is not None and self.position != self.size:
                raise self._changed(f"{self.position} of {self.size} bytes, then it ended")
            self.close()  # sent whole: the next part may open its file (one open file at a time)
            return b""
        self.position += len(data)
        if self.size is not None and self.position == self.size and self._reader.read(1):
            raise self._changed(f"it grew beyond the {self.size} bytes it had")
        self.high = max(self.high, self.position)
        if self.progress is not None:
            self.progress()
        return bytes(data)

    def tell(self) -> int:
        if self.size is None:
            raise io.UnsupportedOperation("the size of this stream is not known")
        return self.position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Httpx peeks the length (``seek(0, SEEK_END)``) and starts each send with ``seek(0)``."""
        if whence == os.SEEK_END and offset == 0 and self.size is not None:
            return self.size
        if whence != os.SEEK_SET or offset != 0:
            raise io.UnsupportedOperation("an upload part only goes back to its start")
        self.close()
        self.position, self._pending = 0, self._prefix
        return 0

    def close(self) -> None:
        """Close the file this part opened (never the caller's own file object)."""
        if self._reader is not None and self._owned:
            self._reader.close()
        self._reader = None


_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _open_regular(parameter: str, path: Path) -> tuple[IO[bytes], os.stat_result]:
    """``path`` opened for reading, if it is a regular file (a FIFO is opened without waiting for a writer)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        problem = "no such file" if isinstance(error, FileNotFoundError) else f"cannot read it ({error.strerror})"
        raise InvalidArgumentError(parameter, str(path), f"{parameter}: {problem}: {str(path)!r}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        message = f"{parameter}: {str(path)!r} is {kind}, not a regular file: nothing was sent"
        raise InvalidArgumentError(parameter, str(path), message)
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb"), info


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _from_path(parameter: str, path: Path) -> tuple[_Part, bytes]:
    handle, info = _open_regular(parameter, path)
    with handle:
        head = handle.read(_SNIFF)
    if info.st_size == 0 and head:
        message = (
            f"{parameter}: {str(path)!r} reports a size of 0 bytes but has content (a /proc or other virtual file): "
            "copy it to a regular file, or pass its bytes"
        )
        raise InvalidArgumentError(parameter, str(path), message)
    sent = _identity(info)

    def reopen() -> IO[bytes]:
        handle, now = _open_regular(parameter, path)
        if _identity(now) != sent:
            handle.close()
            raise InvalidArgumentError(parameter, str(path), f"{parameter}: {changed()}")
        return handle

    def changed() -> str | None:
        try:
            now = _identity(path.stat())
        except OSError:
            return f"{str(path)!r} is gone since it was sent"
        return None if now == sent else f"{str(path)!r} changed on disk since it was sent (size, time or another file)"

    part = _Part(parameter, reopen, info.st_size, b"", owned=True)
    part.changed_on_disk = changed
    return part, head


def _from_object(parameter: str, source: Any) -> tuple[_Part, bytes]:
    head = source.read(_SNIFF)
    if not isinstance(head, bytes):
        message = f"{parameter}: file objects must be opened in binary mode ('rb'), got {type(head).__name__}"
        raise InvalidArgumentTypeError(parameter, source, message)
    try:
        start = source.tell() - len(head)
        size = source.seek(0, os.SEEK_END) - start
        source.seek(start)
    except (AttributeError, OSError, ValueError):
        # A stream that cannot seek: what was read to sniff is sent first, then the rest, once.
        unread = [source]
        return _Part(parameter, lambda: unread.pop() if unread else None, None, head, owned=False), head

    def rewound() -> IO[bytes]:
        source.seek(start)
        return cast(IO[bytes], source)

    return _Part(parameter, rewound, size, b"", owned=False), head


def to_file(parameter: str, source: object, index: int = 1) -> File:
    """One :data:`FileInput` as a generated :class:`File` whose payload streams (nothing is read but 16 bytes).

    Raises:
        InvalidArgumentTypeError: an unsupported type, or a file object opened in text mode.
        InvalidArgumentError: a path that does not exist or cannot be read, an empty file, a bad name
            or content type.
    """
    file_name = content_type = None
    if isinstance(source, tuple) and len(source) in (2, 3) and isinstance(source[0], str):
        file_name = check_text(f"{parameter} file name", source[0])
        if len(source) == 3:
            content_type = check_text(f"{parameter} content type", source[2])
        source = source[1]
    if isinstance(source, str | os.PathLike):
        part, head = _from_path(parameter, Path(source))
        file_name = file_name or Path(source).name
    elif isinstance(source, bytes | bytearray | memoryview):
        data = source if isinstance(source, bytes) else bytes(source)
        part, head = _Part(parameter, lambda: io.BytesIO(data), len(data), b"", owned=True), data[:_SNIFF]
    elif hasattr(source, "read"):
        part, head = _from_object(parameter, source)
        name = getattr(source, "name", None)
        if file_name is None and isinstance(name, str) and name:
            file_name = check_text(f"{parameter} file name", os.path.basename(name))
    else:
        message = f"{parameter} takes paths, bytes, binary file objects or (file_name, content[, content_type]) tuples"
        raise InvalidArgumentTypeError(parameter, source, f"{message}, got {type(source).__name__}")
    if not head:
        raise InvalidArgumentError(parameter, file_name or source, f"{parameter}: the file {file_name or ''} is empty")
    file_name = file_name or f"sample-{index}{_sniff(head)[1]}"
    if content_type is None:
        content_type = _sniff(head)[0]
        if content_type == _OCTET_STREAM:  # the bytes say nothing: the name may (machines' tables differ)
            content_type = mimetypes.guess_type(file_name)[0] or _OCTET_STREAM
    return File(payload=cast(BinaryIO, part), file_name=file_name, mime_type=content_type)


def to_files(parameter: str, sources: object, on_progress: ProgressCallback | None = None) -> list[File]:
    """One :data:`FileInput` or a sequence of them (see :func:`to_file`), reporting to ``on_progress``.

    Raises:
        InvalidArgumentTypeError, InvalidArgumentError: as :func:`to_file`, or no file at all.
    """
    # A (file_name, content[, content_type]) tuple is one file; a list is always several files.
    if not isinstance(sources, list | tuple) or (
        isinstance(sources, tuple)
        and len(sources) in (2, 3)
        and isinstance(sources[0], str)
        and not isinstance(sources[1], str | os.PathLike)
    ):
        files = [to_file(parameter, sources)]
    elif not sources:
        raise InvalidArgumentError(parameter, sources, f"{parameter}: give at least one file")
    else:
        files = [to_file(f"{parameter}[{index}]", source, index + 1) for index, source in enumerate(sources)]
    if on_progress is None:
        return files
    if not callable(on_progress):
        raise InvalidArgumentTypeError("on_progress", on_progress, "on_progress must be callable")
    every, reported = [cast(_Part, file.payload) for file in files], [-1]

    def report() -> None:  # the sum over the parts, never decreasing (a retry reads them again)
        if (sent := sum(part.high for part in every)) > reported[0]:
            reported[0] = sent
            on_progress(sent, sum(part.high if part.size is None else part.size for part in every))

    for part in every:
        part.progress = report
    return files


def parts(request: dict[str, Any]) -> list[_Part]:
    """The streaming parts of a prepared request (for the retry decision and for closing)."""
    return [value[1] for _, value in request.get("files", ()) if isinstance(value[1], _Part)]
