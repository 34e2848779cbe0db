from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.post_statements_body_type_0 import PostStatementsBodyType0
from ...models.post_statements_body_type_1_item import PostStatementsBodyType1Item
from ...models.problem_details import ProblemDetails
from ...models.statements_outcome import StatementsOutcome
from typing import cast


def _get_kwargs(
    *,
    body: list[PostStatementsBodyType1Item] | PostStatementsBodyType0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/xapi/statements",
    }

    if isinstance(body, PostStatementsBodyType0):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = []
        for body_type_1_item_data in body:
            body_type_1_item = body_type_1_item_data.to_dict()
            _kwargs["json"].append(body_type_1_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | StatementsOutcome | None:
    if response.status_code == 200:
        response_200 = StatementsOutcome.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = ProblemDetails.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | StatementsOutcome]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: list[PostStatementsBodyType1Item] | PostStatementsBodyType0,
) -> Response[ProblemDetails | StatementsOutcome]:
    """Record xAPI completed/passed statements as completions (the LMS service account).

     One statement or a list of at most 100; 200 with one result per statement, in order.

    Args:
        body (list[PostStatementsBodyType1Item] | PostStatementsBodyType0):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | StatementsOutcome]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: list[PostStatementsBodyType1Item] | PostStatementsBodyType0,
) -> ProblemDetails | StatementsOutcome | None:
    """Record xAPI completed/passed statements as completions (the LMS service account).

     One statement or a list of at most 100; 200 with one result per statement, in order.

    Args:
        body (list[PostStatementsBodyType1Item] | PostStatementsBodyType0):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | StatementsOutcome
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[PostStatementsBodyType1Item] | PostStatementsBodyType0,
) -> Response[ProblemDetails | StatementsOutcome]:
    """Record xAPI completed/passed statements as completions (the LMS service account).

     One statement or a list of at most 100; 200 with one result per statement, in order.

    Args:
        body (list[PostStatementsBodyType1Item] | PostStatementsBodyType0):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | StatementsOutcome]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[PostStatementsBodyType1Item] | PostStatementsBodyType0,
) -> ProblemDetails | StatementsOutcome | None:
    """Record xAPI completed/passed statements as completions (the LMS service account).

     One statement or a list of at most 100; 200 with one result per statement, in order.

    Args:
        body (list[PostStatementsBodyType1Item] | PostStatementsBodyType0):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | StatementsOutcome
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
