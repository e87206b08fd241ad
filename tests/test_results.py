"""Results that are not generated models (``results.py``): audio and captchas saved atomically, with the
mode ``open()`` would give a new file, or the mode of the file they replace.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from elevenlabs_pvc import Audio
from elevenlabs_pvc.results import write_atomic
from tests.factories import AUDIO


def test_save_replaces_the_file_atomically(tmp_path: Path):
    target = tmp_path / "out.mp3"
    target.write_bytes(b"old")
    Audio(data=AUDIO, media_type="audio/mpeg", duration_secs=None).save(target)
    assert target.read_bytes() == AUDIO
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp3"]


def test_a_failed_save_leaves_the_old_file_and_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "out.mp3"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, AUDIO)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp3"]


def test_saving_into_a_missing_folder_fails_cleanly(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        Audio(data=AUDIO, media_type="audio/mpeg", duration_secs=None).save(tmp_path / "missing" / "x.mp3")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_saved_audio_gets_the_mode_open_would_give_a_new_file(tmp_path: Path, umask_022: None):
    target = Audio(data=b"ID3 data", media_type="audio/mpeg", duration_secs=None).save(tmp_path / "new.mp3")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"ID3 data"


def test_saved_audio_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, umask_022: None):
    existing = tmp_path / "old.mp3"
    existing.write_bytes(b"old")
    existing.chmod(0o640)
    Audio(data=b"ID3 new", media_type="audio/mpeg", duration_secs=None).save(existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert existing.read_bytes() == b"ID3 new"
    assert [path.name for path in tmp_path.iterdir()] == ["old.mp3"]
