from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.dimension import Dimension
from ...models.problem_details import ProblemDetails
from ...models.table_time_to_fill_row import TableTimeToFillRow
from ...models.time_to_fill_format_type_0 import TimeToFillFormatType0
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    by: list[Dimension] | None | Unset = UNSET,
    format_: None | TimeToFillFormatType0 | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_by: list[str] | None | Unset
    if isinstance(by, Unset):
        json_by = UNSET
    elif isinstance(by, list):
        json_by = []
        for by_type_0_item_data in by:
            by_type_0_item = by_type_0_item_data.value
            json_by.append(by_type_0_item)

    else:
        json_by = by
    params["by"] = json_by

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, TimeToFillFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/figures/time-to-fill",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | TableTimeToFillRow | None:
    if response.status_code == 200:
        response_200 = TableTimeToFillRow.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | TableTimeToFillRow]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    by: list[Dimension] | None | Unset = UNSET,
    format_: None | TimeToFillFormatType0 | Unset = UNSET,
) -> Response[ProblemDetails | TableTimeToFillRow]:
    """Days from posted to filled, p50 and p90, by month, department, kind.

    Args:
        by (list[Dimension] | None | Unset): Group by these, in this order (repeat the parameter);
            none: one row.
        format_ (None | TimeToFillFormatType0 | Unset): csv for a CSV table; otherwise the Accept
            header decides (JSON default).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | TableTimeToFillRow]
    """

    kwargs = _get_kwargs(
        by=by,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    by: list[Dimension] | None | Unset = UNSET,
    format_: None | TimeToFillFormatType0 | Unset = UNSET,
) -> ProblemDetails | TableTimeToFillRow | None:
    """Days from posted to filled, p50 and p90, by month, department, kind.

    Args:
        by (list[Dimension] | None | Unset): Group by these, in this order (repeat the parameter);
            none: one row.
        format_ (None | TimeToFillFormatType0 | Unset): csv for a CSV table; otherwise the Accept
            header decides (JSON default).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | TableTimeToFillRow
    """

    return sync_detailed(
        client=client,
        by=by,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    by: list[Dimension] | None | Unset = UNSET,
    format_: None | TimeToFillFormatType0 | Unset = UNSET,
) -> Response[ProblemDetails | TableTimeToFillRow]:
    """Days from posted to filled, p50 and p90, by month, department, kind.

    Args:
        by (list[Dimension] | None | Unset): Group by these, in this order (repeat the parameter);
            none: one row.
        format_ (None | TimeToFillFormatType0 | Unset): csv for a CSV table; otherwise the Accept
            header decides (JSON default).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | TableTimeToFillRow]
    """

    kwargs = _get_kwargs(
        by=by,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    by: list[Dimension] | None | Unset = UNSET,
    format_: None | TimeToFillFormatType0 | Unset = UNSET,
) -> ProblemDetails | TableTimeToFillRow | None:
    """Days from posted to filled, p50 and p90, by month, department, kind.

    Args:
        by (list[Dimension] | None | Unset): Group by these, in this order (repeat the parameter);
            none: one row.
        format_ (None | TimeToFillFormatType0 | Unset): csv for a CSV table; otherwise the Accept
            header decides (JSON default).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | TableTimeToFillRow
    """

    return (
        await asyncio_detailed(
            client=client,
            by=by,
            format_=format_,
        )
    ).parsed
