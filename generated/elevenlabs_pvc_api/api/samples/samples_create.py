from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_samples_body import AddSamplesBody
from ...models.http_validation_error import HTTPValidationError
from ...models.sample_response_model import SampleResponseModel
from ...types import UNSET, Response, Unset


def _get_kwargs(
    voice_id: str,
    *,
    body: AddSamplesBody,
    xi_api_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(xi_api_key, Unset):
        headers["xi-api-key"] = xi_api_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/voices/pvc/{voice_id}/samples".format(
            voice_id=quote(str(voice_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HTTPValidationError | list[SampleResponseModel] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = SampleResponseModel.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[HTTPValidationError | list[SampleResponseModel]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    voice_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddSamplesBody,
    xi_api_key: str | Unset = UNSET,
) -> Response[HTTPValidationError | list[SampleResponseModel]]:
    """Add Samples To Pvc Voice

     Add audio samples to a PVC voice

    Args:
        voice_id (str):
        xi_api_key (str | Unset):
        body (AddSamplesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[SampleResponseModel]]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        body=body,
        xi_api_key=xi_api_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    voice_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddSamplesBody,
    xi_api_key: str | Unset = UNSET,
) -> HTTPValidationError | list[SampleResponseModel] | None:
    """Add Samples To Pvc Voice

     Add audio samples to a PVC voice

    Args:
        voice_id (str):
        xi_api_key (str | Unset):
        body (AddSamplesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[SampleResponseModel]
    """

    return sync_detailed(
        voice_id=voice_id,
        client=client,
        body=body,
        xi_api_key=xi_api_key,
    ).parsed


async def asyncio_detailed(
    voice_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddSamplesBody,
    xi_api_key: str | Unset = UNSET,
) -> Response[HTTPValidationError | list[SampleResponseModel]]:
    """Add Samples To Pvc Voice

     Add audio samples to a PVC voice

    Args:
        voice_id (str):
        xi_api_key (str | Unset):
        body (AddSamplesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HTTPValidationError | list[SampleResponseModel]]
    """

    kwargs = _get_kwargs(
        voice_id=voice_id,
        body=body,
        xi_api_key=xi_api_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    voice_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AddSamplesBody,
    xi_api_key: str | Unset = UNSET,
) -> HTTPValidationError | list[SampleResponseModel] | None:
    """Add Samples To Pvc Voice

     Add audio samples to a PVC voice

    Args:
        voice_id (str):
        xi_api_key (str | Unset):
        body (AddSamplesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HTTPValidationError | list[SampleResponseModel]
    """

    return (
        await asyncio_detailed(
            voice_id=voice_id,
            client=client,
            body=body,
            xi_api_key=xi_api_key,
        )
    ).parsed
