from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.completion_in import CompletionIn
from ...models.enrolment_out import EnrolmentOut
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    enrolment_id: str,
    *,
    body: CompletionIn | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/enrolments/{enrolment_id}/completion".format(
            enrolment_id=quote(str(enrolment_id), safe=""),
        ),
    }

    if isinstance(body, CompletionIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EnrolmentOut | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = EnrolmentOut.from_dict(response.json())

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
) -> Response[EnrolmentOut | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    enrolment_id: str,
    *,
    client: AuthenticatedClient,
    body: CompletionIn | None | Unset = UNSET,
) -> Response[EnrolmentOut | ProblemDetails]:
    """Confirm a completion (HR, or a trusted service such as an LMS bridge).

    Args:
        enrolment_id (str):
        body (CompletionIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrolmentOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        enrolment_id=enrolment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    enrolment_id: str,
    *,
    client: AuthenticatedClient,
    body: CompletionIn | None | Unset = UNSET,
) -> EnrolmentOut | ProblemDetails | None:
    """Confirm a completion (HR, or a trusted service such as an LMS bridge).

    Args:
        enrolment_id (str):
        body (CompletionIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrolmentOut | ProblemDetails
    """

    return sync_detailed(
        enrolment_id=enrolment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    enrolment_id: str,
    *,
    client: AuthenticatedClient,
    body: CompletionIn | None | Unset = UNSET,
) -> Response[EnrolmentOut | ProblemDetails]:
    """Confirm a completion (HR, or a trusted service such as an LMS bridge).

    Args:
        enrolment_id (str):
        body (CompletionIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EnrolmentOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        enrolment_id=enrolment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    enrolment_id: str,
    *,
    client: AuthenticatedClient,
    body: CompletionIn | None | Unset = UNSET,
) -> EnrolmentOut | ProblemDetails | None:
    """Confirm a completion (HR, or a trusted service such as an LMS bridge).

    Args:
        enrolment_id (str):
        body (CompletionIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EnrolmentOut | ProblemDetails
    """

    return (
        await asyncio_detailed(
            enrolment_id=enrolment_id,
            client=client,
            body=body,
        )
    ).parsed
