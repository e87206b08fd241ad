"""``client.verification``: manual verification and the captcha of a PVC voice."""

from __future__ import annotations

from typing import Any, Final

from elevenlabs_pvc_api.api.verification import verification_request
from elevenlabs_pvc_api.api.verification_captcha import verification_captcha_get, verification_captcha_verify
from elevenlabs_pvc_api.models import (
    RequestPVCManualVerificationResponseModel,
    RequestVerificationBody,
    VerifyCaptchaBody,
    VerifyPVCVoiceCaptchaResponseModel,
)
from elevenlabs_pvc_api.types import UNSET, Response, Unset

from elevenlabs_pvc._connection import _Connection
from elevenlabs_pvc.errors import InvalidArgumentError, InvalidArgumentTypeError, OperationFailedError
from elevenlabs_pvc.resources._shared import SpecParsing, require_ok
from elevenlabs_pvc.results import Captcha
from elevenlabs_pvc.uploads import FileInput, FilesInput, to_file, to_files
from elevenlabs_pvc.validation import check_id

__all__ = ["AsyncCaptchas", "AsyncVerification", "Captchas", "Verification"]

_REQUEST: Final = "request PVC manual verification"
_CAPTCHA: Final = "get PVC verification captcha"
_VERIFY: Final = "verify PVC captcha"


def _request_body(files: object, extra_text: object) -> RequestVerificationBody:
    if extra_text is not UNSET and not isinstance(extra_text, str):
        # A multipart form has no null: the generated model would send the text "None".
        raise InvalidArgumentTypeError(
            "extra_text", extra_text, f"extra_text must be a str (or omitted), got {type(extra_text).__name__}"
        )
    if isinstance(extra_text, str) and not extra_text.strip():
        raise InvalidArgumentError("extra_text", extra_text, "extra_text must not be blank (omit it instead)")
    return RequestVerificationBody(files=to_files("files", files), extra_text=extra_text)


def _captcha(response: Response[Any]) -> Captcha:
    return Captcha(content=response.content, content_type=response.headers.get("content-type", ""))


class Verification:
    """Verification of a PVC voice: ``client.verification``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        #: The verification captcha: ``client.verification.captcha``.
        self.captcha: Final = Captchas(connection)

    def request(
        self, voice_id: str, files: FilesInput, *, extra_text: str | Unset = UNSET
    ) -> RequestPVCManualVerificationResponseModel:
        """Request manual verification of a PVC voice, with documents that prove you may clone it.

        Args:
            voice_id: the PVC voice.
            files: one file or a list (paths, bytes, binary file objects or ``(file_name, content)``).
            extra_text: a note for the reviewers.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: bad arguments or files; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as ``client.samples.update``.

        Retries: not idempotent: retried only when the request cannot have arrived, or after a 429.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = _request_body(files, extra_text)
        with SpecParsing(_REQUEST):
            response = verification_request.sync_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return require_ok(response, RequestPVCManualVerificationResponseModel, _REQUEST, OperationFailedError)


class Captchas:
    """The verification captcha of a PVC voice: ``client.verification.captcha``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def get(self, voice_id: str) -> Captcha:
        """Fetch the captcha to read aloud for verification, exactly as the API sends it.

        The spec declares no schema for this answer, so the raw bytes and content type are returned
        (:class:`~elevenlabs_pvc.results.Captcha`; ``.json()`` parses it when it is JSON).

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID; nothing was sent.
            APIError (and subclasses), APIConnectionError: as ``client.samples.update``.

        Retries: a read, safe to repeat.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        response = verification_captcha_get.sync_detailed(
            voice, client=connection.repeatable, xi_api_key=connection.api_key
        )
        return _captcha(response)

    def verify(self, voice_id: str, recording: FileInput) -> VerifyPVCVoiceCaptchaResponseModel:
        """Send the recording of the captcha read aloud.

        Args:
            voice_id: the PVC voice.
            recording: the recording: a path, bytes, a binary file object or ``(file_name, content)``.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError: a bad ID or recording; nothing was sent.
            OperationFailedError: the API answered a status other than ``"ok"``.
            APIError (and subclasses), APIConnectionError, ResponseValidationError: as ``client.samples.update``.

        Retries: not assumed idempotent: retried only when the request cannot have arrived, or after a 429.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = VerifyCaptchaBody(recording=to_file("recording", recording))
        with SpecParsing(_VERIFY):
            response = verification_captcha_verify.sync_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return require_ok(response, VerifyPVCVoiceCaptchaResponseModel, _VERIFY, OperationFailedError)


class AsyncVerification:
    """Verification of a PVC voice, for ``AsyncPVCClient``: ``client.verification``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection
        self.captcha: Final = AsyncCaptchas(connection)

    async def request(
        self, voice_id: str, files: FilesInput, *, extra_text: str | Unset = UNSET
    ) -> RequestPVCManualVerificationResponseModel:
        """Request manual verification; the awaitable form of :meth:`Verification.request`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, OperationFailedError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`Verification.request`.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = _request_body(files, extra_text)
        with SpecParsing(_REQUEST):
            response = await verification_request.asyncio_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return require_ok(response, RequestPVCManualVerificationResponseModel, _REQUEST, OperationFailedError)


class AsyncCaptchas:
    """The verification captcha, for ``AsyncPVCClient``: ``client.verification.captcha``."""

    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    async def get(self, voice_id: str) -> Captcha:
        """Fetch the captcha as the API sends it; see :meth:`Captchas.get`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, APIError, APIConnectionError: as :meth:`Captchas.get`.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        response = await verification_captcha_get.asyncio_detailed(
            voice, client=connection.repeatable, xi_api_key=connection.api_key
        )
        return _captcha(response)

    async def verify(self, voice_id: str, recording: FileInput) -> VerifyPVCVoiceCaptchaResponseModel:
        """Send the captcha recording; see :meth:`Captchas.verify`.

        Raises:
            InvalidArgumentTypeError, InvalidArgumentError, OperationFailedError, APIError,
            APIConnectionError, ResponseValidationError: as :meth:`Captchas.verify`.

        """
        connection = self._connection
        voice = check_id("voice_id", voice_id)
        body = VerifyCaptchaBody(recording=to_file("recording", recording))
        with SpecParsing(_VERIFY):
            response = await verification_captcha_verify.asyncio_detailed(
                voice, client=connection.once, body=body, xi_api_key=connection.api_key
            )
        return require_ok(response, VerifyPVCVoiceCaptchaResponseModel, _VERIFY, OperationFailedError)
