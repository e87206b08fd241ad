"""Arguments checked before anything is sent and turned into request bodies; ``wait`` and ``select``."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

from elevenlabs_pvc_api import models as m
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import _state, errors
from elevenlabs_pvc._state import SampleKey, SampleState
from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError
from elevenlabs_pvc.types import Separation, SeparationStatus
from elevenlabs_pvc.uploads import to_files
from elevenlabs_pvc.validation import check_bool, check_text, sample_key, speaker_ids, trim_time_ms


def _labels(value: object, model: type[m.CreateVoiceBodyLabelsType0] | type[m.EditVoiceBodyLabelsType0]) -> Any:
    if isinstance(value, Unset) or value is None:
        return value
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidArgumentTypeError("labels", value, "labels must be a dict of str to str, or None")
    for name, text in value.items():
        check_text(f"labels[{name!r}]", text)
    return model.from_dict(value)


def voice(name: object, language: object, description: object, labels: object, *, edit: bool = False) -> Any:
    """The body of ``create`` (or, with ``edit``, of ``update``) of a voice."""
    model, labels_model = (
        (m.EditVoiceBody, m.EditVoiceBodyLabelsType0) if edit else (m.CreateVoiceBody, m.CreateVoiceBodyLabelsType0)
    )
    return model(  # the spec's maxLength: 100 for the name, 500 for the description
        name=check_text("name", name, max_length=100),
        language=check_text("language", language),
        description=check_text("description", description, max_length=500, nullable=True),
        labels=_labels(labels, labels_model),
    )


def train_voice(model_id: object) -> m.TrainVoiceBody:
    """The body of ``train``."""
    return m.TrainVoiceBody(model_id=check_text("model_id", model_id, nullable=True))


def add_samples(files: object, remove_background_noise: object, on_progress: Any) -> m.AddSamplesBody:
    """The multipart body of ``samples.create``."""
    body = m.AddSamplesBody(files=to_files("files", files, on_progress), remove_background_noise=UNSET)
    if not isinstance(noise := check_bool("remove_background_noise", remove_background_noise), Unset):
        # Spelled the way the API's form parsing reads booleans (the model would write Python's "True").
        body["remove_background_noise"] = "true" if noise else "false"
    return body


def request_verification(files: object, extra_text: object, on_progress: Any) -> m.RequestVerificationBody:
    """The multipart body of ``verification.request`` (a form has no null: ``extra_text=None`` is refused)."""
    files = to_files("files", files, on_progress)
    return m.RequestVerificationBody(files=files, extra_text=check_text("extra_text", extra_text))


def verify_captcha(recording: object, on_progress: Any) -> m.VerifyCaptchaBody:
    """The multipart body of ``verification.captcha.verify``."""
    files = to_files("recording", recording, on_progress)
    if len(files) != 1:
        raise InvalidArgumentTypeError("recording", recording, "recording takes one file, not several")
    return m.VerifyCaptchaBody(recording=files[0])


def selection_sent(
    state: SampleState, key: SampleKey, selection: list[str] | Unset | None, stacklevel: int, *, override: bool
) -> None:
    """Record a selection the API accepted (so a warning only describes what happened).

    Warns if it cleared the selection or, with ``override``, dropped speakers known to be selected.
    """
    if isinstance(selection, Unset):
        return
    previous, state.selections[key] = state.selections.get(key, ()), tuple(selection or ())
    dropped = [speaker for speaker in previous if selection is None or speaker not in selection]
    sample = f"sample {key[1]!r} of voice {key[0]!r}"
    if selection == []:
        message = f"selected_speaker_ids=[] clears the speaker selection of {sample}"
        message += f" (deselecting {dropped})" if dropped else ""
        warnings.warn(message, errors.SpeakerSelectionClearedWarning, stacklevel=stacklevel + 1)
    elif dropped and override:
        sent = "None (null)" if selection is None else repr(selection)
        message = (
            f"the update with selected_speaker_ids={sent} replaces the selection {list(previous)} known for {sample} "
            f"and deselects {dropped}: the API replaces the whole selection on every update, "
            "so list every speaker to keep (or use client.samples.speakers.select)"
        )
        warnings.warn(message, errors.SpeakerSelectionOverrideWarning, stacklevel=stacklevel + 1)


def _check_window(state: SampleState, key: SampleKey, start: Any, end: Any, stacklevel: int) -> None:
    """Refuse a trim window (milliseconds; None or UNSET: none) that ends before it starts or past the sample.

    Warn when it is under one second, the likeliest sign of seconds passed as milliseconds.
    """
    start_given = not isinstance(start, Unset)
    start, end = (None if isinstance(time, Unset) else time for time in (start, end))
    if start is not None and end is not None and start >= end:
        message = f"trim_start_time ({start} ms) must be before trim_end_time ({end} ms)"
        raise InvalidArgumentError("trim_start_time", start, message)
    if end is not None and (window := end - (start or 0)) < 1000:
        given = f"trim_start_time={start}, trim_end_time={end}" if start_given else f"trim_end_time={end}"
        message = (
            f"the trim window is {window} ms long ({given}); trim times are in milliseconds: did you pass seconds?"
        )
        warnings.warn(message, errors.ShortTrimWindowWarning, stacklevel=stacklevel + 1)
    if (duration := state.durations.get(key)) is None:
        return
    limit = math.ceil(duration * 1000)
    sample = f"sample {key[1]!r}, which lasts {limit} ms ({duration:g} s)"
    if end is not None and end > limit:
        fix = f"end the window at {limit} ms at the latest (trim_window() does when it knows the duration)"
        raise InvalidArgumentError(
            "trim_end_time", end, f"trim_end_time ({end} ms) is beyond the end of {sample}: {fix}"
        )
    if start is not None and start >= limit:
        message = f"trim_start_time ({start} ms) is at or after the end of {sample}"
        raise InvalidArgumentError("trim_start_time", start, message)


def sample_update(
    state: SampleState, voice_id: object, sample_id: object, *, stacklevel: int = 3, **fields: object
) -> tuple[SampleKey, m.UpdateSampleBody, list[str] | Unset | None]:
    """Check the arguments of ``samples.update`` (``fields``: those given) and build the body.

    ``stacklevel``: the frames from :func:`_check_window` to the caller of ``samples.update``.
    """
    key = sample_key(voice_id, sample_id)
    start, end = (trim_time_ms(name, fields.get(name, UNSET)) for name in ("trim_start_time", "trim_end_time"))
    noise = check_bool("remove_background_noise", fields.get("remove_background_noise", UNSET))
    selection = speaker_ids(fields.get("selected_speaker_ids", UNSET))
    name = check_text("file_name", fields.get("file_name", UNSET), nullable=True)
    _check_window(state, key, start, end, stacklevel)
    # All passed: the model's default would send ``remove_background_noise: false`` when the caller said nothing.
    body = m.UpdateSampleBody(
        remove_background_noise=noise,
        selected_speaker_ids=selection,
        trim_start_time=start,
        trim_end_time=end,
        file_name=name,
    )
    return key, body, selection


#: Called with each status report while waiting.
StatusCallback = Callable[[Separation], None]


class Waiting:
    """The bookkeeping of ``wait``: when to poll next, and when a report ends the wait (times in seconds).

    Polling slows down by half after each report, up to one poll every 30 seconds.
    """

    def __init__(self, key: SampleKey, timeout: float, poll_interval: float, on_progress: object = None) -> None:
        for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise InvalidArgumentError(name, value, f"{name} must be a number of seconds >= 0, got {value!r}")
        if poll_interval == 0:
            raise InvalidArgumentError("poll_interval", poll_interval, "poll_interval must be > 0 seconds")
        if on_progress is not None and not callable(on_progress):
            message = f"on_progress must be callable (it is called with each status), got {type(on_progress).__name__}"
            raise errors.InvalidArgumentTypeError("on_progress", on_progress, message)
        self.key, self.timeout, self.interval = key, float(timeout), float(poll_interval)
        self.deadline = _state.monotonic() + self.timeout

    def done(self, status: Separation) -> bool:
        """True when separation has completed; raises when it failed."""
        if status.status == SeparationStatus.FAILED:
            message = f"speaker separation of sample {self.key[1]!r} of voice {self.key[0]!r} failed"
            raise errors.SpeakerSeparationFailedError(message, status)
        return status.status == SeparationStatus.COMPLETED

    def timed_out(self, status: Separation | None) -> errors.SpeakerSeparationTimeoutError:
        """The error for a wait whose time is up; ``status`` is the last report (None before the first)."""
        still = f"is still {status.status.value!r}" if status is not None else "did not report"
        message = f"speaker separation of sample {self.key[1]!r} {still} after {self.timeout:g} s"
        return errors.SpeakerSeparationTimeoutError(message, status)

    def next_delay(self, status: Separation) -> float:
        """Seconds to sleep before the next poll; raises when the time is up (a pause never ends past it)."""
        if (remaining := self.deadline - _state.monotonic()) <= 0:
            raise self.timed_out(status)
        delay, self.interval = min(self.interval, remaining), min(self.interval * 1.5, 30.0)
        return delay


def check_selection_arguments(add: object, remove: object, only: object) -> dict[str, list[str]]:
    """The checked ``add``/``remove``/``only`` lists of ``select``, before anything is read."""
    if only is not None and (add is not None or remove is not None):
        raise InvalidArgumentError("only", only, "pass only=..., or add=... and/or remove=..., not both")
    if only is None and add is None and remove is None:
        raise InvalidArgumentError("add", add, "pass add=..., remove=... or only=... to say what to select")
    return {name: speaker_ids(value, name) or [] for name, value in (("add", add), ("remove", remove), ("only", only))}


def plan_selection(
    key: SampleKey, status: Separation, lists: dict[str, list[str]], *, only: bool
) -> tuple[list[str], list[str]]:
    """The (current, new) selection for ``select``, after checking every ID against the separation."""
    if status.status != SeparationStatus.COMPLETED:
        raise errors.SpeakerSeparationError(
            f"cannot select speakers of sample {key[1]!r}: speaker separation is {status.status.value!r}, "
            "not 'completed' (start it with speakers.separate() and wait with speakers.wait())"
        )
    for name, ids in lists.items():
        if unknown := [speaker for speaker in ids if speaker not in status.speakers]:
            message = f"{name}: unknown speaker IDs {unknown}; sample {key[1]!r} has {sorted(status.speakers)}"
            raise InvalidArgumentError(name, unknown, message)
    if both := sorted(set(lists["add"]) & set(lists["remove"])):
        raise InvalidArgumentError("add", both, f"speaker IDs both added and removed: {both}")
    current = list(status.selected_speaker_ids)
    kept = [speaker for speaker in current if speaker not in lists["remove"]]
    return current, lists["only"] if only else kept + [speaker for speaker in lists["add"] if speaker not in kept]
