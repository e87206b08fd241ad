"""What the fake API knows about audio: durations, speakers, waveforms and excerpts.

WAV files are read with the standard library's :mod:`wave`.  Speakers are found
the simple way the demo's synthetic samples allow: the audio is cut into
quarter-second windows, silent ones are skipped, and the others are split into
two voices by their zero-crossing rate (a low and a high voice); consecutive
windows of one voice make an utterance.  Audio with one pitch has one speaker.

Other formats get a documented fallback: the duration is estimated from the size
at 128 kbit/s (typical MP3), there is one speaker covering all of it, the
waveform is flat and excerpts are the original bytes.

It also writes such recordings, to try the client without one of your own::

    python -m elevenlabs_pvc.testing.audio interview.wav --speakers 2 --seconds 30
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import sys
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import BinaryIO, Final

__all__ = ["AudioFile", "BadAudio", "load", "synthesise", "turns"]

_WINDOW_SECS: Final = 0.25
_FALLBACK_BYTES_PER_SEC: Final = 128_000 / 8
_PREVIEW_SECS: Final = 30.0


@dataclass(frozen=True)
class AudioFile:
    """An uploaded audio file, with what the fake derives from it."""

    #: The file's bytes; for a file larger than :data:`ANALYSED_BYTES`, only its first part (the fake keeps
    #: ``size`` and ``digest`` of the whole, and analyses the start).
    data: bytes
    mime_type: str
    duration_secs: float
    #: 16-bit mono samples and their rate, for WAV files the fake can analyse.
    samples: array[int] | None = None
    rate: int = 0
    #: The whole file's size in bytes and SHA-256 (hex), as the API reports them.
    size: int = -1
    digest: str = ""

    def __post_init__(self) -> None:
        if self.size < 0:
            object.__setattr__(self, "size", len(self.data))
        if not self.digest:
            object.__setattr__(self, "digest", hashlib.sha256(self.data).hexdigest())

    def speakers(self) -> dict[str, list[tuple[float, float]]]:
        """Utterances, as (start, end) seconds, by speaker ID (``SPEAKER_0``, ``SPEAKER_1``)."""
        if self.samples is None or not self.samples:
            return {"SPEAKER_0": [(0.0, round(self.duration_secs, 3))]}
        window = max(1, int(self.rate * _WINDOW_SECS))
        stats = []
        for offset in range(0, len(self.samples), window):
            chunk = self.samples[offset : offset + window]
            energy: float = sum(abs(value) for value in chunk) / len(chunk)
            crossings = sum(1 for a, b in pairwise(chunk) if (a < 0) != (b < 0)) / len(chunk)
            stats.append((offset / self.rate, min(len(self.samples), offset + window) / self.rate, energy, crossings))
        loudest = max(energy for _, _, energy, _ in stats)
        active = [(s, e, rate) for s, e, energy, rate in stats if loudest and energy > loudest * 0.1]
        if not active:
            return {"SPEAKER_0": [(0.0, round(self.duration_secs, 3))]}
        low, high = min(rate for *_, rate in active), max(rate for *_, rate in active)
        two_voices = high > low * 1.3
        threshold = (low + high) / 2
        utterances: dict[str, list[tuple[float, float]]] = {}
        previous: tuple[str, float, float] | None = None
        for start, end, rate in active:
            speaker = "SPEAKER_1" if two_voices and rate > threshold else "SPEAKER_0"
            if previous and previous[0] == speaker and abs(previous[2] - start) < 1e-9:
                previous = (speaker, previous[1], end)
                continue
            if previous:
                utterances.setdefault(previous[0], []).append((round(previous[1], 3), round(previous[2], 3)))
            previous = (speaker, start, end)
        if previous:
            utterances.setdefault(previous[0], []).append((round(previous[1], 3), round(previous[2], 3)))
        return dict(sorted(utterances.items()))

    def waveform(self, points: int = 100) -> list[float]:
        """Peak levels (0..1) of ``points`` equal slices of the audio."""
        if self.samples is None or not self.samples:
            return [0.0] * points
        size = max(1, len(self.samples) // points)
        peaks = [
            max((abs(v) for v in self.samples[i : i + size]), default=0) / 32768 for i in range(0, size * points, size)
        ]
        return [round(peak, 4) for peak in peaks]

    def excerpt(self, spans: list[tuple[float, float]] | None = None) -> tuple[bytes, float]:
        """A WAV of the given (start, end) second spans, or of the first 30 seconds; and its duration."""
        if self.samples is None:
            return self.data, min(self.duration_secs, _PREVIEW_SECS)
        spans = spans or [(0.0, min(self.duration_secs, _PREVIEW_SECS))]
        picked = array("h")
        for start, end in spans:
            picked.extend(self.samples[int(start * self.rate) : int(end * self.rate)])
        return _wav(picked, self.rate), round(len(picked) / self.rate, 3)


def _wav(samples: array[int], rate: int) -> bytes:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


class BadAudio(ValueError):
    """The file cannot be used as audio: empty, or a WAV whose header or data make no sense."""


#: Files up to this size are kept whole; of a larger one the fake keeps its size, its digest and this
#: much of its start, which it analyses (so that a 1 GiB upload does not stay in memory): 16 MiB is
#: over eight minutes of 16 kHz 16-bit mono.
ANALYSED_BYTES: Final = 16 * 1024 * 1024


def load(data: bytes | memoryview, mime_type: str) -> AudioFile:
    """Read an uploaded file: WAV is analysed, anything else gets the fallback.

    Raises:
        BadAudio: an empty file, or a WAV with no channels, a sample rate of 0, or truncated data.
    """
    if not data:
        raise BadAudio("the file is empty")
    if len(data) > ANALYSED_BYTES:
        return _load_large(bytes(data[:ANALYSED_BYTES]), mime_type, len(data), hashlib.sha256(data).hexdigest())
    data = bytes(data)
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            channels, width, rate = reader.getnchannels(), reader.getsampwidth(), reader.getframerate()
            frames = reader.getnframes()
            raw = reader.readframes(frames)
    except (wave.Error, EOFError, struct.error, ValueError, OverflowError, MemoryError) as error:
        if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
            raise BadAudio(f"not a readable WAV file ({str(error) or type(error).__name__})") from None
        return AudioFile(data, mime_type, round(len(data) / _FALLBACK_BYTES_PER_SEC, 3))
    if not channels or not rate or not width:
        raise BadAudio(f"a WAV file with {channels} channels of {width}-byte samples at {rate} Hz")
    if len(raw) != frames * channels * width:
        raise BadAudio(f"a truncated WAV file: {len(raw)} bytes of audio data where the header says {frames} frames")
    duration = round(frames / rate, 3)
    if width != 2:
        return AudioFile(data, "audio/wav", duration)
    samples = array("h", raw)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        samples = samples[::channels]
    return AudioFile(data, "audio/wav", duration, samples, rate)


def load_file(file: BinaryIO, mime_type: str, size: int, digest: str) -> AudioFile:
    """Read an uploaded file from ``file`` (at its start), whose ``size`` and SHA-256 ``digest`` are known.

    Only the first :data:`ANALYSED_BYTES` of a larger file are read.  Raises BadAudio as :func:`load`.
    """
    if size <= ANALYSED_BYTES:
        return load(file.read(), mime_type)
    return _load_large(file.read(ANALYSED_BYTES), mime_type, size, digest)


def _load_large(head: bytes, mime_type: str, size: int, digest: str) -> AudioFile:
    """A file larger than :data:`ANALYSED_BYTES`: its size and digest, the duration its WAV header gives, its start."""
    marker = head.find(b"data", 12, 4096)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE" and marker > 0:
        declared = int.from_bytes(head[marker + 4 : marker + 8], "little")
        available = min(declared, size - marker - 8)
        kept = min(available, len(head) - marker - 8)
        kept -= kept % 4
        # The kept start, with a header that says so: a WAV file of its own, analysed as any other.
        part = load(head[: marker + 4] + kept.to_bytes(4, "little") + head[marker + 8 : marker + 8 + kept], mime_type)
        duration = round(part.duration_secs * available / kept, 3) if kept else part.duration_secs
        return AudioFile(part.data, part.mime_type, duration, part.samples, part.rate, size, digest)
    return AudioFile(head, mime_type, round(size / _FALLBACK_BYTES_PER_SEC, 3), size=size, digest=digest)


# --- a sample recording: `python -m elevenlabs_pvc.testing.audio OUT.wav` ----------------------------

#: The "voices" of a synthetic recording, as tone frequencies in Hz: low and high first (the two the
#: fake tells apart by pitch), then two more.
VOICES: Final = (170, 620, 330, 1_000)
RATE: Final = 16_000


def turns(speakers: int = 2, seconds: float = 12.0) -> list[tuple[float, float]]:
    """A conversation as ``(frequency in Hz, seconds)`` segments: speakers take turns, a pause between turns."""
    if not 1 <= speakers <= len(VOICES):
        raise ValueError(f"speakers must be 1 to {len(VOICES)}, not {speakers}")
    if not 1.0 <= seconds <= 3_600.0:
        raise ValueError(f"seconds must be 1 to 3600, not {seconds}")
    lengths = (3.0, 2.5, 1.5, 3.5)  # turn lengths, in seconds, used in rotation
    segments: list[tuple[float, float]] = []
    total, turn = 0.0, 0
    while total < seconds:
        length = min(lengths[turn % len(lengths)], seconds - total)
        segments.append((VOICES[turn % speakers], length))
        total += length
        pause = min(0.5, seconds - total)
        if pause > 0:
            segments.append((0, pause))
            total += pause
        turn += 1
    return segments


def synthesise(segments: Sequence[tuple[float, float]] | None = None, rate: int = RATE) -> bytes:
    """A 16-bit mono WAV of tones: one "speaker" per frequency, silence for 0 Hz (default: two speakers, 12 s)."""
    frames = array("h")
    for frequency, seconds in segments if segments is not None else turns():
        step = 2 * math.pi * frequency / rate
        frames.extend(
            int(0.35 * 32767 * math.sin(step * index)) if frequency else 0 for index in range(int(seconds * rate))
        )
    return _wav(frames, rate)


def main(argv: Sequence[str] | None = None) -> int:
    """Write a sample recording: ``python -m elevenlabs_pvc.testing.audio OUT.wav [--speakers 2 --seconds 30]``."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(
        prog="python -m elevenlabs_pvc.testing.audio",
        description="Write a synthetic recording (16 kHz mono WAV) of speakers taking turns, to try the client "
        "against the local fake API (which tells the speakers apart) without a recording of your own.",
    )
    parser.add_argument("out", type=Path, help="the WAV file to write")
    parser.add_argument("--speakers", type=int, default=2, help=f"1 to {len(VOICES)} (default: 2)")
    parser.add_argument("--seconds", type=float, default=30.0, help="the length, 1 to 3600 (default: 30)")
    args = parser.parse_args(argv)
    try:
        data = synthesise(turns(args.speakers, args.seconds))
    except ValueError as error:
        parser.error(str(error))
    temporary = args.out.with_name(f".{args.out.name}.tmp")
    temporary.write_bytes(data)  # then renamed: never a half-written file at OUT
    temporary.replace(args.out)
    print(f"wrote {args.out}: {args.speakers} speaker(s), {args.seconds:g} s, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
