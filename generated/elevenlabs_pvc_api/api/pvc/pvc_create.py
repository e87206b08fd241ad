from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_voice_response_model import AddVoiceResponseModel
from ...models.create_voice_body import CreateVoiceBody
from ...models.http_validation_error import HTTPValidationError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateVoiceBody,
    xi_api_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(xi_api_key, Unset):
        headers["xi-api-key"] = xi_api_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/voices/pvc",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AddVoiceResponseModel | HTTPValidationError | None:
    if response.status_code == 200:
        response_200 = AddVoiceResponseModel.from_dict(response.json())

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
) -> Response[AddVoiceResponseModel | HTTPValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVoiceBody,
    xi_api_key: str | Unset = UNSET,
) -> Response[AddVoiceResponseModel | HTTPValidationError]:
    """Create Pvc Voice

     Creates a new PVC voice with metadata but no samples

    Args:
        xi_api_key (str | Unset):
        body (CreateVoiceBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddVoiceResponseModel | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        xi_api_key=xi_api_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVoiceBody,
    xi_api_key: str | Unset = UNSET,
) -> AddVoiceResponseModel | HTTPValidationError | None:
    """Create Pvc Voice

     Creates a new PVC voice with metadata but no samples

    Args:
        xi_api_key (str | Unset):
        body (CreateVoiceBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddVoiceResponseModel | HTTPValidationError
    """

    return sync_detailed(
        client=client,
        body=body,
        xi_api_key=xi_api_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVoiceBody,
    xi_api_key: str | Unset = UNSET,
) -> Response[AddVoiceResponseModel | HTTPValidationError]:
    """Create Pvc Voice

     Creates a new PVC voice with metadata but no samples

    Args:
        xi_api_key (str | Unset):
        body (CreateVoiceBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddVoiceResponseModel | HTTPValidationError]
    """

    kwargs = _get_kwargs(
        body=body,
        xi_api_key=xi_api_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateVoiceBody,
    xi_api_key: str | Unset = UNSET,
) -> AddVoiceResponseModel | HTTPValidationError | None:
    """Create Pvc Voice

     Creates a new PVC voice with metadata but no samples

    Args:
        xi_api_key (str | Unset):
        body (CreateVoiceBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddVoiceResponseModel | HTTPValidationError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            xi_api_key=xi_api_key,
        )
    ).parsed
