from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.list_users_response_401 import ListUsersResponse401
from ...models.list_users_response_404 import ListUsersResponse404
from ...models.list_users_response_409 import ListUsersResponse409
from ...models.list_users_response_503 import ListUsersResponse503
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    filter_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_filter_: None | str | Unset
    if isinstance(filter_, Unset):
        json_filter_ = UNSET
    else:
        json_filter_ = filter_
    params["filter"] = json_filter_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/scim/v2/Users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
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
        response_401 = ListUsersResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ListUsersResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ListUsersResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ListUsersResponse503.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
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
    filter_: None | str | Unset = UNSET,
) -> Response[
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
    | ProblemDetails
]:
    r"""Find users: filter userName eq \"...\" or externalId eq \"...\" (required).

    Args:
        filter_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ListUsersResponse401 | ListUsersResponse404 | ListUsersResponse409 | ListUsersResponse503 | ProblemDetails]
    """

    kwargs = _get_kwargs(
        filter_=filter_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    filter_: None | str | Unset = UNSET,
) -> (
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
    | ProblemDetails
    | None
):
    r"""Find users: filter userName eq \"...\" or externalId eq \"...\" (required).

    Args:
        filter_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ListUsersResponse401 | ListUsersResponse404 | ListUsersResponse409 | ListUsersResponse503 | ProblemDetails
    """

    return sync_detailed(
        client=client,
        filter_=filter_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    filter_: None | str | Unset = UNSET,
) -> Response[
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
    | ProblemDetails
]:
    r"""Find users: filter userName eq \"...\" or externalId eq \"...\" (required).

    Args:
        filter_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ListUsersResponse401 | ListUsersResponse404 | ListUsersResponse409 | ListUsersResponse503 | ProblemDetails]
    """

    kwargs = _get_kwargs(
        filter_=filter_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    filter_: None | str | Unset = UNSET,
) -> (
    Any
    | ListUsersResponse401
    | ListUsersResponse404
    | ListUsersResponse409
    | ListUsersResponse503
    | ProblemDetails
    | None
):
    r"""Find users: filter userName eq \"...\" or externalId eq \"...\" (required).

    Args:
        filter_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ListUsersResponse401 | ListUsersResponse404 | ListUsersResponse409 | ListUsersResponse503 | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            filter_=filter_,
        )
    ).parsed
