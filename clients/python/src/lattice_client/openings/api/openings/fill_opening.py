from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.transition_out import TransitionOut
from typing import cast


def _get_kwargs(
    opening_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/openings/{opening_id}/fill".format(
            opening_id=quote(str(opening_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | TransitionOut | None:
    if response.status_code == 200:
        response_200 = TransitionOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDetails.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | TransitionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    opening_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | TransitionOut]:
    """Mark filled.

    Args:
        opening_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | TransitionOut]
    """

    kwargs = _get_kwargs(
        opening_id=opening_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    opening_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | TransitionOut | None:
    """Mark filled.

    Args:
        opening_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | TransitionOut
    """

    return sync_detailed(
        opening_id=opening_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    opening_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetails | TransitionOut]:
    """Mark filled.

    Args:
        opening_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | TransitionOut]
    """

    kwargs = _get_kwargs(
        opening_id=opening_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    opening_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetails | TransitionOut | None:
    """Mark filled.

    Args:
        opening_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | TransitionOut
    """

    return (
        await asyncio_detailed(
            opening_id=opening_id,
            client=client,
        )
    ).parsed
