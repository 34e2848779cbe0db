from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.resource_types_response_401 import ResourceTypesResponse401
from ...models.resource_types_response_404 import ResourceTypesResponse404
from ...models.resource_types_response_409 import ResourceTypesResponse409
from ...models.resource_types_response_503 import ResourceTypesResponse503
from typing import cast


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/scim/v2/ResourceTypes",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
    | None
):
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ResourceTypesResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ResourceTypesResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ResourceTypesResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 503:
        response_503 = ResourceTypesResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
]:
    """The resource types: User.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ResourceTypesResponse401 | ResourceTypesResponse404 | ResourceTypesResponse409 | ResourceTypesResponse503]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
    | None
):
    """The resource types: User.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ResourceTypesResponse401 | ResourceTypesResponse404 | ResourceTypesResponse409 | ResourceTypesResponse503
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
]:
    """The resource types: User.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ResourceTypesResponse401 | ResourceTypesResponse404 | ResourceTypesResponse409 | ResourceTypesResponse503]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | ProblemDetails
    | ResourceTypesResponse401
    | ResourceTypesResponse404
    | ResourceTypesResponse409
    | ResourceTypesResponse503
    | None
):
    """The resource types: User.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ResourceTypesResponse401 | ResourceTypesResponse404 | ResourceTypesResponse409 | ResourceTypesResponse503
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
