from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.create_user_response_401 import CreateUserResponse401
from ...models.create_user_response_404 import CreateUserResponse404
from ...models.create_user_response_409 import CreateUserResponse409
from ...models.create_user_response_503 import CreateUserResponse503
from ...models.problem_details import ProblemDetails
from typing import cast


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/scim/v2/Users",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
    | None
):
    if response.status_code == 201:
        response_201 = response.json()
        return response_201

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = CreateUserResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = CreateUserResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = CreateUserResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 503:
        response_503 = CreateUserResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
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
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
]:
    """Provision an employee (SCIM create).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CreateUserResponse401 | CreateUserResponse404 | CreateUserResponse409 | CreateUserResponse503 | ProblemDetails]
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
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
    | None
):
    """Provision an employee (SCIM create).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CreateUserResponse401 | CreateUserResponse404 | CreateUserResponse409 | CreateUserResponse503 | ProblemDetails
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
]:
    """Provision an employee (SCIM create).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CreateUserResponse401 | CreateUserResponse404 | CreateUserResponse409 | CreateUserResponse503 | ProblemDetails]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | CreateUserResponse401
    | CreateUserResponse404
    | CreateUserResponse409
    | CreateUserResponse503
    | ProblemDetails
    | None
):
    """Provision an employee (SCIM create).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CreateUserResponse401 | CreateUserResponse404 | CreateUserResponse409 | CreateUserResponse503 | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
