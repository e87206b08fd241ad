from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.http_validation_error import HTTPValidationError
from ...models.speaker_audio_response_model import SpeakerAudioResponseModel
from ...types import UNSET, Response, Unset


def _get_kwargs(
    voice_id: str,
    sample_id: str,
    speaker_id: str,
    *,
    xi_api_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(xi_api_key, Unset):
        headers["xi-api-key"] = xi_api_key

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/voices/pvc/{voice_id}/samples/{sample_id}/speakers/{speaker_id}/audio".format(
            voice_id=quote(str(voice_id), safe=""),
            sample_id=quote(str(sample_id), safe=""),
            speaker_id=quote(str(speaker_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | SpeakerAudioResponseModel | None:
    if response.status_code == 200:
        response_200 = SpeakerAudioResponseModel.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = HTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HTTPValidationError | SpeakerAudioResponseModel]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    voice_id: str,
    sample_id: str,
    speaker_id: str,
    *,
    client: AuthenticatedClient | Client,
    xi_api_key: str | Unset = UNSET,
) -> Response[HTTPValidationError | SpeakerAudioResponseModel]:
    """Retrieve Separated Speaker Audio

     Retrieve the separated audio for a specific speaker.

    Args:
        voice_id (str):
        sample_id (str):
        speaker_id (str):
        xi_api_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SpeakerAudioResponseModel]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        sample_id=sample_id,
        speaker_id=speaker_id,
        xi_api_key=xi_api_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    voice_id: str,
    sample_id: str,
    speaker_id: str,
    *,
    client: AuthenticatedClient | Client,
    xi_api_key: str | Unset = UNSET,
) -> HTTPValidationError | SpeakerAudioResponseModel | None:
    """Retrieve Separated Speaker Audio

     Retrieve the separated audio for a specific speaker.

    Args:
        voice_id (str):
        sample_id (str):
        speaker_id (str):
        xi_api_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SpeakerAudioResponseModel
    """

    return sync_detailed(
        voice_id=voice_id,
        sample_id=sample_id,
        speaker_id=speaker_id,
        client=client,
        xi_api_key=xi_api_key,
    ).parsed


async def asyncio_detailed(
    voice_id: str,
    sample_id: str,
    speaker_id: str,
    *,
    client: AuthenticatedClient | Client,
    xi_api_key: str | Unset = UNSET,
) -> Response[HTTPValidationError | SpeakerAudioResponseModel]:
    """Retrieve Separated Speaker Audio

     Retrieve the separated audio for a specific speaker.

    Args:
        voice_id (str):
        sample_id (str):
        speaker_id (str):
        xi_api_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | SpeakerAudioResponseModel]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        sample_id=sample_id,
        speaker_id=speaker_id,
        xi_api_key=xi_api_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    voice_id: str,
    sample_id: str,
    speaker_id: str,
    *,
    client: AuthenticatedClient | Client,
    xi_api_key: str | Unset = UNSET,
) -> HTTPValidationError | SpeakerAudioResponseModel | None:
    """Retrieve Separated Speaker Audio

     Retrieve the separated audio for a specific speaker.

    Args:
        voice_id (str):
        sample_id (str):
        speaker_id (str):
        xi_api_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | SpeakerAudioResponseModel
    """

    return (
        await asyncio_detailed(
            voice_id=voice_id,
            sample_id=sample_id,
            speaker_id=speaker_id,
            client=client,
            xi_api_key=xi_api_key,
        )
    ).parsed
