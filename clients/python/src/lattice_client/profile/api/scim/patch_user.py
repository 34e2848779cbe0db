from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.patch_user_response_401 import PatchUserResponse401
from ...models.patch_user_response_404 import PatchUserResponse404
from ...models.patch_user_response_409 import PatchUserResponse409
from ...models.patch_user_response_503 import PatchUserResponse503
from ...models.problem_details import ProblemDetails
from typing import cast


def _get_kwargs(
    user_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/scim/v2/Users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
    | ProblemDetails
    | None
):
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = PatchUserResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = PatchUserResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = PatchUserResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = PatchUserResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
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
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
    | ProblemDetails
]:
    """Change a user (SCIM PatchOp: add, replace, remove).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PatchUserResponse401 | PatchUserResponse404 | PatchUserResponse409 | PatchUserResponse503 | ProblemDetails]
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
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
    | ProblemDetails
    | None
):
    """Change a user (SCIM PatchOp: add, replace, remove).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PatchUserResponse401 | PatchUserResponse404 | PatchUserResponse409 | PatchUserResponse503 | ProblemDetails
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
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
    | ProblemDetails
]:
    """Change a user (SCIM PatchOp: add, replace, remove).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PatchUserResponse401 | PatchUserResponse404 | PatchUserResponse409 | PatchUserResponse503 | ProblemDetails]
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
    | PatchUserResponse401
    | PatchUserResponse404
    | PatchUserResponse409
    | PatchUserResponse503
    | ProblemDetails
    | None
):
    """Change a user (SCIM PatchOp: add, replace, remove).

    Args:
        user_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PatchUserResponse401 | PatchUserResponse404 | PatchUserResponse409 | PatchUserResponse503 | ProblemDetails
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
        )
    ).parsed
