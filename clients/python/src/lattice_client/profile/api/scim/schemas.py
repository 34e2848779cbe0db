from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.schemas_response_401 import SchemasResponse401
from ...models.schemas_response_404 import SchemasResponse404
from ...models.schemas_response_409 import SchemasResponse409
from ...models.schemas_response_503 import SchemasResponse503
from typing import cast


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/scim/v2/Schemas",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | ProblemDetails
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
    | None
):
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = SchemasResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = SchemasResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = SchemasResponse409.from_dict(response.json())

        return response_409

    if response.status_code == 503:
        response_503 = SchemasResponse503.from_dict(response.json())

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
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
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
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
]:
    """The schemas of the attributes read and answered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | SchemasResponse401 | SchemasResponse404 | SchemasResponse409 | SchemasResponse503]
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
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
    | None
):
    """The schemas of the attributes read and answered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | SchemasResponse401 | SchemasResponse404 | SchemasResponse409 | SchemasResponse503
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
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
]:
    """The schemas of the attributes read and answered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails | SchemasResponse401 | SchemasResponse404 | SchemasResponse409 | SchemasResponse503]
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
    | SchemasResponse401
    | SchemasResponse404
    | SchemasResponse409
    | SchemasResponse503
    | None
):
    """The schemas of the attributes read and answered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails | SchemasResponse401 | SchemasResponse404 | SchemasResponse409 | SchemasResponse503
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
