from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_details import ProblemDetails
from ...models.webhook_accepted import WebhookAccepted
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    x_lattice_timestamp: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_lattice_timestamp, Unset):
        headers["x-lattice-timestamp"] = x_lattice_timestamp

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/hris/webhook",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | WebhookAccepted | None:
    if response.status_code == 200:
        response_200 = WebhookAccepted.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = ProblemDetails.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetails | WebhookAccepted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    x_lattice_timestamp: None | str | Unset = UNSET,
) -> Response[ProblemDetails | WebhookAccepted]:
    r"""An HRIS pushes a hire, change or leaver, signed with HMAC-SHA256.

     The body is `{\"type\", \"data\"}` or a CloudEvent in the HTTP binding (binary mode, or structured
    as application/cloudevents+json), at most 65536 bytes (413 beyond, before it is read).

    Args:
        x_lattice_timestamp (None | str | Unset): Unix seconds when the push was signed (within
            the tolerance).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | WebhookAccepted]
    """

    kwargs = _get_kwargs(
        x_lattice_timestamp=x_lattice_timestamp,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    x_lattice_timestamp: None | str | Unset = UNSET,
) -> ProblemDetails | WebhookAccepted | None:
    r"""An HRIS pushes a hire, change or leaver, signed with HMAC-SHA256.

     The body is `{\"type\", \"data\"}` or a CloudEvent in the HTTP binding (binary mode, or structured
    as application/cloudevents+json), at most 65536 bytes (413 beyond, before it is read).

    Args:
        x_lattice_timestamp (None | str | Unset): Unix seconds when the push was signed (within
            the tolerance).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | WebhookAccepted
    """

    return sync_detailed(
        client=client,
        x_lattice_timestamp=x_lattice_timestamp,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_lattice_timestamp: None | str | Unset = UNSET,
) -> Response[ProblemDetails | WebhookAccepted]:
    r"""An HRIS pushes a hire, change or leaver, signed with HMAC-SHA256.

     The body is `{\"type\", \"data\"}` or a CloudEvent in the HTTP binding (binary mode, or structured
    as application/cloudevents+json), at most 65536 bytes (413 beyond, before it is read).

    Args:
        x_lattice_timestamp (None | str | Unset): Unix seconds when the push was signed (within
            the tolerance).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | WebhookAccepted]
    """

    kwargs = _get_kwargs(
        x_lattice_timestamp=x_lattice_timestamp,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    x_lattice_timestamp: None | str | Unset = UNSET,
) -> ProblemDetails | WebhookAccepted | None:
    r"""An HRIS pushes a hire, change or leaver, signed with HMAC-SHA256.

     The body is `{\"type\", \"data\"}` or a CloudEvent in the HTTP binding (binary mode, or structured
    as application/cloudevents+json), at most 65536 bytes (413 beyond, before it is read).

    Args:
        x_lattice_timestamp (None | str | Unset): Unix seconds when the push was signed (within
            the tolerance).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | WebhookAccepted
    """

    return (
        await asyncio_detailed(
            client=client,
            x_lattice_timestamp=x_lattice_timestamp,
        )
    ).parsed
