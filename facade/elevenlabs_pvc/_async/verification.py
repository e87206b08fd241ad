"""``client.verification``: manual verification and the captcha of a PVC voice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from elevenlabs_pvc_api.models import RequestPVCManualVerificationResponseModel, VerifyPVCVoiceCaptchaResponseModel
from elevenlabs_pvc_api.types import UNSET, Unset

from elevenlabs_pvc import _bodies
from elevenlabs_pvc._operations import CAPTCHA_GET, CAPTCHA_VERIFY, VERIFICATION_REQUEST
from elevenlabs_pvc.results import Captcha
from elevenlabs_pvc.uploads import FileInput, FilesInput, ProgressCallback
from elevenlabs_pvc.validation import check_id

if TYPE_CHECKING:
    from elevenlabs_pvc._async._client import AsyncPVCClient


class AsyncVerification:
    """Verification of a PVC voice: ``client.verification``, with ``.captcha``."""

    def __init__(self, client: AsyncPVCClient) -> None:
        self._client = client
        self.captcha: Final = AsyncCaptchas(client)

    async def request(
        self, voice_id: str, files: FilesInput, *,
        extra_text: str | Unset = UNSET, on_progress: ProgressCallback | None = None,
    ) -> RequestPVCManualVerificationResponseModel:  # fmt: skip
        """Request manual verification of a PVC voice, with documents that prove you may clone it.

        Args:
            voice_id: the PVC voice.
            files: one file or a list (paths, bytes, binary file objects or ``(file_name, content)``).
            extra_text: a note for the reviewers.
            on_progress: called with ``(bytes_sent, total_bytes)`` as the files are sent (see ``samples.create``).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments or files; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError: as ``client.samples.update`` (retried only if it cannot have arrived, or after a 429).
        """
        voice, body = check_id("voice_id", voice_id), _bodies.request_verification(files, extra_text, on_progress)
        return await self._client._request(VERIFICATION_REQUEST, voice, body=body)


class AsyncCaptchas:
    """The verification captcha of a PVC voice: ``client.verification.captcha``."""

    def __init__(self, client: AsyncPVCClient) -> None:
        self._client = client

    async def get(self, voice_id: str) -> Captcha:
        """Fetch the captcha to read aloud for verification, as a :class:`~elevenlabs_pvc.results.Captcha`.

        The spec declares no schema for it: the raw bytes and content type (``.json()`` parses JSON).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID; nothing was sent.
            APIError: as ``client.samples.update``.
        """
        return await self._client._request(CAPTCHA_GET, check_id("voice_id", voice_id))

    async def verify(
        self, voice_id: str, recording: FileInput, *, on_progress: ProgressCallback | None = None
    ) -> VerifyPVCVoiceCaptchaResponseModel:
        """Send the recording of the captcha read aloud.

        Args:
            voice_id: the PVC voice.
            recording: the recording: a path, bytes, a binary file object or ``(file_name, content[, type])``.
            on_progress: called with ``(bytes_sent, total_bytes)`` as it is sent (see ``samples.create``).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID or recording; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError: as ``client.samples.update`` (retried only if it cannot have arrived, or after a 429).
        """
        voice, body = check_id("voice_id", voice_id), _bodies.verify_captcha(recording, on_progress)
        return await self._client._request(CAPTCHA_VERIFY, voice, body=body)
