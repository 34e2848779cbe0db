"""SCIM 2.0 provisioning: ``/scim/v2/Users`` for an identity provider or HRIS (RFC 7644).

The client authenticates with a static bearer token whose SHA-256 is the setting
``LATTICE_PROFILE_SCIM_TOKEN_SHA256`` (what IdPs are configured with; a Lattice JWT expires).
A created or replaced user is applied like an HRIS record effective now, a deactivation
(``active: false``) like an HRIS termination: the same handlers, the same ordering. Refusals are
SCIM errors (``application/scim+json``), not problem details, as SCIM clients expect.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from lattice_platform.contracts.base import EmployeeStatus

from lattice_profile.adapters import scim
from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.domain.model import Employee, EmploymentRecord
from lattice_profile.entrypoints.http import Context, ProfileContext
from lattice_profile.service_layer import handlers

PREFIX = "/scim/v2"
USERS = f"{PREFIX}/Users"


async def error_response(request: Request, exc: Exception) -> JSONResponse:
    """Installed for :class:`scim.ScimError` beside the service's problem handlers."""
    assert isinstance(exc, scim.ScimError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), exc.status, headers=headers, media_type=scim.MEDIA_TYPE)


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ScimBearer",
    description="The SCIM provisioning client's static token (its SHA-256 is configured).",
)


def authenticated(
    context: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected = context.settings.scim_token_sha256
    if expected is None:
        raise scim.ScimError(503, "SCIM provisioning is not configured")
    token = "" if credentials is None else credentials.credentials.strip()
    digest = hashlib.sha256(token.encode()).hexdigest()
    wanted = expected.get_secret_value().strip().lower()
    if not token or not hmac.compare_digest(digest.encode(), wanted.encode()):
        raise scim.ScimError(401, "a valid SCIM bearer token is required")


class ScimResponse(JSONResponse):
    media_type = scim.MEDIA_TYPE


def _refusal(description: str, *media: tuple[str, str]) -> dict[str, Any]:
    content = {scim.MEDIA_TYPE: {"schema": scim.ERROR_SCHEMA}}
    content |= {
        kind: {"schema": {"$ref": f"#/components/schemas/{model}"}} for kind, model in media
    }
    return {"description": description, "content": content}


_PROBLEM = ("application/problem+json", "ProblemDetails")  # the platform's guard, before SCIM
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _refusal("invalidSyntax, invalidValue, invalidFilter, tooMany, mutability", _PROBLEM),
    401: _refusal("no or a wrong provisioning token"),
    404: _refusal("no such user (or erased)"),
    409: _refusal("uniqueness: the user exists"),
    503: _refusal("SCIM provisioning is not configured"),
}

router = APIRouter(
    tags=["scim"],
    dependencies=[Depends(authenticated)],
    default_response_class=ScimResponse,
    responses=RESPONSES,
)


def _answer(body: dict[str, Any], status: int = 200, location: str | None = None) -> Response:
    headers = {"Location": location} if location else None
    return ScimResponse(body, status, headers=headers)


async def _body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, RecursionError) as exc:
        raise scim.invalid(f"body is not valid JSON: {exc}", "invalidSyntax") from exc


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + USERS


async def _provisioned(uow: PostgresProfileUnitOfWork, user_id: str) -> Employee:
    employee = await uow.employees.get(user_id)
    if employee is None or employee.erased_at is not None:
        raise scim.ScimError(404, f"no user {user_id}")
    return employee


async def _apply(
    uow: PostgresProfileUnitOfWork, context: ProfileContext, record: EmploymentRecord
) -> Employee:
    """A user stated in full: a leaver goes through the termination path, anyone else through
    the employment path, both effective at the request's arrival."""
    employee = await uow.employees.get(record.employee_id)
    if record.status is EmployeeStatus.LEFT and employee is not None:
        await handlers.record_termination(
            uow, record.employee_id, record.effective_at.date(), record.effective_at
        )
    else:
        await handlers.record_employment(
            uow, record, discoverable_by_default=context.settings.default_discoverable
        )
    return await _provisioned(uow, record.employee_id)


@router.post(USERS, summary="Provision an employee (SCIM create).", status_code=201)
async def create_user(request: Request, context: Context) -> Response:
    record = scim.employment(await _body(request), context.clock())
    async with context.unit_of_work() as uow:
        existing = await uow.employees.get(record.employee_id)
        if existing is not None and existing.erased_at is None:
            raise scim.ScimError(409, f"user {record.employee_id} exists", "uniqueness")
        employee = await _apply(uow, context, record)
    user = scim.resource(employee, _base(request))
    return _answer(user, 201, user["meta"]["location"])


@router.get(USERS + "/{user_id}", summary="One provisioned user.")
async def get_user(user_id: str, request: Request, context: Context) -> Response:
    async with context.unit_of_work() as uow:
        employee = await _provisioned(uow, user_id)
    return _answer(scim.resource(employee, _base(request)))


@router.get(
    USERS,
    summary='Find users: filter userName eq "..." or externalId eq "..." (required).',
)
async def list_users(
    request: Request,
    context: Context,
    expression: Annotated[str | None, Query(alias="filter")] = None,
) -> Response:
    if expression is None:
        raise scim.ScimError(
            400, 'a filter (userName eq "..." or externalId eq "...") is required', "tooMany"
        )
    attribute, value = scim.parse_filter(expression)
    async with context.unit_of_work() as uow:
        if attribute == "externalid":
            found = await uow.employees.get(value)
            employees = [found] if found is not None and found.erased_at is None else []
        else:
            employees = await scim.by_user_name(uow.conn, uow.employees, value)
    return _answer(scim.list_response([scim.resource(e, _base(request)) for e in employees]))


@router.put(USERS + "/{user_id}", summary="Replace a user (SCIM replace).")
async def replace_user(user_id: str, request: Request, context: Context) -> Response:
    record = scim.employment(await _body(request), context.clock(), user_id)
    async with context.unit_of_work() as uow:
        await _provisioned(uow, user_id)
        employee = await _apply(uow, context, record)
    return _answer(scim.resource(employee, _base(request)))


@router.patch(USERS + "/{user_id}", summary="Change a user (SCIM PatchOp: add, replace).")
async def patch_user(user_id: str, request: Request, context: Context) -> Response:
    body = await _body(request)
    async with context.unit_of_work() as uow:
        current = scim.resource(await _provisioned(uow, user_id), _base(request))
        record = scim.employment(scim.patched(current, body), context.clock(), user_id)
        employee = await _apply(uow, context, record)
    return _answer(scim.resource(employee, _base(request)))


@router.delete(
    USERS + "/{user_id}",
    summary="Deprovision a user: a leaver as of now, like active false.",
    status_code=204,
)
async def delete_user(user_id: str, context: Context) -> Response:
    at = context.clock()
    async with context.unit_of_work() as uow:
        await _provisioned(uow, user_id)
        await handlers.record_termination(uow, user_id, at.date(), at)
    return Response(status_code=204)
