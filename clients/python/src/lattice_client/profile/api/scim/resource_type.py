from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.resource_type_response_401 import ResourceTypeResponse401
from ...models.resource_type_response_404 import ResourceTypeResponse404
from ...models.resource_type_response_409 import ResourceTypeResponse409
from ...models.resource_type_response_503 import ResourceTypeResponse503
from typing import cast


def _get_kwargs(
    name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/scim/v2/ResourceTypes/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | ProblemDetails
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
    | None
):
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ResourceTypeResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ResourceTypeResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ResourceTypeResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ResourceTypeResponse503.from_dict(response.json())

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
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | ProblemDetails
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
]:
    """One resource type.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ResourceTypeResponse401 | ResourceTypeResponse404 | ResourceTypeResponse409 | ResourceTypeResponse503]
    """

    kwargs = _get_kwargs(
        name=name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | ProblemDetails
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
    | None
):
    """One resource type.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ResourceTypeResponse401 | ResourceTypeResponse404 | ResourceTypeResponse409 | ResourceTypeResponse503
    """

    return sync_detailed(
        name=name,
        client=client,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | ProblemDetails
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
]:
    """One resource type.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ResourceTypeResponse401 | ResourceTypeResponse404 | ResourceTypeResponse409 | ResourceTypeResponse503]
    """

    kwargs = _get_kwargs(
        name=name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | ProblemDetails
    | ResourceTypeResponse401
    | ResourceTypeResponse404
    | ResourceTypeResponse409
    | ResourceTypeResponse503
    | None
):
    """One resource type.

    Args:
        name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ResourceTypeResponse401 | ResourceTypeResponse404 | ResourceTypeResponse409 | ResourceTypeResponse503
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
        )
    ).parsed
