"""The whole PVC workflow, end to end, through the public facade only.

``make demo`` runs it against the local fake API (``elevenlabs_pvc.testing``)
on a loopback port: create a voice, add a synthetic two-speaker WAV, separate the
speakers, wait, pick the speaker who talks most, select them, trim the sample to
their utterances, and start training.

``python scripts/demo.py --live`` runs the same steps against the real API with
the key in ``ELEVENLABS_API_KEY`` (this creates a voice in your account and
starts a training; it is never run in CI).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from elevenlabs_pvc import ENV_API_KEY, REGIONS, PVCClient, PVCError, trim_window
from elevenlabs_pvc.types import Separation

#: (frequency in Hz, seconds): a low voice and a high voice taking turns, with pauses (0 Hz).
SCRIPT = [(170, 3.0), (0, 0.5), (620, 2.5), (0, 0.5), (170, 1.5), (0, 0.5), (620, 3.5)]


def synthesise(segments: Sequence[tuple[float, float]] = SCRIPT, rate: int = 16_000) -> bytes:
    """A 16-bit mono WAV of tones (``elevenlabs_pvc.testing.audio``, which the wheel ships): one "speaker" a pitch."""
    from elevenlabs_pvc.testing.audio import synthesise as write_tones

    return write_tones(segments, rate)


class Progress:
    """Shows separation polls: one line rewritten in place on a terminal, a line per poll otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.polls = 0
        self.live = stream.isatty()

    def __call__(self, status: Separation) -> None:
        """Show one status report."""
        self.polls += 1
        bar = "#" * min(self.polls, 20)
        line = f"      poll {self.polls:>2}: {status.status.value:<12} {bar}"
        if self.live:
            end = "\n" if status.status.value in ("completed", "failed") else ""
            self.stream.write("\r" + line + end)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class UploadBar:
    """Shows an upload as a bar of its bytes: rewritten in place on a terminal, a line per quarter otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.quarter = -1

    def __call__(self, sent: int, total: int) -> None:
        """Show ``sent`` of ``total`` bytes."""
        filled = self.WIDTH * sent // total if total else self.WIDTH
        line = f"      [{'#' * filled}{'.' * (self.WIDTH - filled)}] {sent / 1024:,.0f} of {total / 1024:,.0f} KiB"
        quarter = 4 * sent // total if total else 4
        if self.live:
            self.stream.write("\r" + line + ("\n" if sent == total else ""))
        elif quarter > self.quarter:
            self.quarter = quarter
            self.stream.write(line + "\n")
        self.stream.flush()


def step(number: int, text: str) -> None:
    print(f"[{number}/8] {text}", flush=True)


def run(client: PVCClient, *, poll_interval: float) -> None:
    """The workflow; every call goes through the public facade."""
    step(1, "create a PVC voice")
    voice_id = client.create("elevenlabs-pvc demo voice", "en", description="Created by scripts/demo.py").voice_id
    print(f"      voice_id = {voice_id}")

    step(2, "add a synthetic two-speaker sample")
    audio = synthesise()
    (sample,) = client.samples.create(voice_id, [("two-speakers.wav", audio)], on_progress=UploadBar(sys.stdout))
    print(f"      sample_id = {sample.sample_id}, {sample.size_bytes} bytes, {sample.duration_secs} s")

    step(3, "start speaker separation")
    client.samples.speakers.separate(voice_id, sample.sample_id)

    step(4, "wait for it")
    status = client.samples.speakers.wait(
        voice_id, sample.sample_id, timeout=900, poll_interval=poll_interval, on_progress=Progress(sys.stdout)
    )

    step(5, "the speakers found")
    for speaker_id, speaker in sorted(status.speakers.items()):
        turns = ", ".join(f"{u.start:g}-{u.end:g} s" for u in speaker.utterances)
        print(f"      {speaker_id}: {speaker.duration_secs:g} s of speech ({turns})")
    main_speaker = max(status.speakers.values(), key=lambda speaker: speaker.duration_secs)

    step(6, f"select {main_speaker.speaker_id}, who talks most")
    selection = client.samples.speakers.select(voice_id, sample.sample_id, only=[main_speaker.speaker_id])
    print(f"      selected_speaker_ids = {selection}")

    window = trim_window(main_speaker)  # inside the sample even when padded: the speaker knows its length
    step(7, f"trim to their utterances: {window.start_ms} ms to {window.end_ms} ms")
    client.samples.update(voice_id, sample.sample_id, **window.as_update_kwargs())

    step(8, "start training")
    print(f"      status = {client.train(voice_id).status}")


@contextlib.contextmanager
def local_client() -> Iterator[PVCClient]:
    """A client of a fake API served on a free loopback port for the duration of the block."""
    from elevenlabs_pvc.testing import FakePVCAPI, serve

    fake = FakePVCAPI(separation_polls=3)
    with serve(fake) as server, PVCClient(api_key=fake.api_key or "", base_url=server.url) as client:
        print(f"Fake ElevenLabs PVC API on {server.url}\n")
        yield client


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--live", action="store_true", help=f"use the real API with ${ENV_API_KEY}")
    parser.add_argument("--region", default="default", choices=list(REGIONS), help="with --live: the API region")
    args = parser.parse_args(argv)
    if args.live and not os.environ.get(ENV_API_KEY):
        print(f"demo: --live needs your API key in {ENV_API_KEY}", file=sys.stderr)
        return 2
    try:
        if args.live:
            with PVCClient(region=args.region) as client:
                print(f"Live ElevenLabs API at {client.base_url}\n")
                run(client, poll_interval=2.0)
        else:
            with local_client() as client:
                run(client, poll_interval=0.1)
    except PVCError as error:
        print(f"\ndemo failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("\nDone: the voice is training on the selected speaker's part of the sample.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
