from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delete_user_response_401 import DeleteUserResponse401
from ...models.delete_user_response_404 import DeleteUserResponse404
from ...models.delete_user_response_409 import DeleteUserResponse409
from ...models.delete_user_response_503 import DeleteUserResponse503
from ...models.problem_details import ProblemDetails
from typing import cast


def _get_kwargs(
    user_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/scim/v2/Users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
    | None
):
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DeleteUserResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = DeleteUserResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = DeleteUserResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = DeleteUserResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
]:
    """Deprovision a user: a leaver as of now, like active false.

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DeleteUserResponse401 | DeleteUserResponse404 | DeleteUserResponse409 | DeleteUserResponse503 | ProblemDetails]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
    | None
):
    """Deprovision a user: a leaver as of now, like active false.

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DeleteUserResponse401 | DeleteUserResponse404 | DeleteUserResponse409 | DeleteUserResponse503 | ProblemDetails
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
]:
    """Deprovision a user: a leaver as of now, like active false.

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DeleteUserResponse401 | DeleteUserResponse404 | DeleteUserResponse409 | DeleteUserResponse503 | ProblemDetails]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | DeleteUserResponse401
    | DeleteUserResponse404
    | DeleteUserResponse409
    | DeleteUserResponse503
    | ProblemDetails
    | None
):
    """Deprovision a user: a leaver as of now, like active false.

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DeleteUserResponse401 | DeleteUserResponse404 | DeleteUserResponse409 | DeleteUserResponse503 | ProblemDetails
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
        )
    ).parsed
