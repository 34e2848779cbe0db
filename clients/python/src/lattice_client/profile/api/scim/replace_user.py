from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.replace_user_response_401 import ReplaceUserResponse401
from ...models.replace_user_response_404 import ReplaceUserResponse404
from ...models.replace_user_response_409 import ReplaceUserResponse409
from ...models.replace_user_response_503 import ReplaceUserResponse503
from typing import cast


def _get_kwargs(
    user_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/scim/v2/Users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | ProblemDetails
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
    | None
):
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ReplaceUserResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ReplaceUserResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ReplaceUserResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ReplaceUserResponse503.from_dict(response.json())

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
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
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
    | ProblemDetails
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
]:
    """Replace a user (SCIM replace).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ReplaceUserResponse401 | ReplaceUserResponse404 | ReplaceUserResponse409 | ReplaceUserResponse503]
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
    | ProblemDetails
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
    | None
):
    """Replace a user (SCIM replace).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ReplaceUserResponse401 | ReplaceUserResponse404 | ReplaceUserResponse409 | ReplaceUserResponse503
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
    | ProblemDetails
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
]:
    """Replace a user (SCIM replace).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | ReplaceUserResponse401 | ReplaceUserResponse404 | ReplaceUserResponse409 | ReplaceUserResponse503]
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
    | ProblemDetails
    | ReplaceUserResponse401
    | ReplaceUserResponse404
    | ReplaceUserResponse409
    | ReplaceUserResponse503
    | None
):
    """Replace a user (SCIM replace).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | ReplaceUserResponse401 | ReplaceUserResponse404 | ReplaceUserResponse409 | ReplaceUserResponse503
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
        )
    ).parsed
