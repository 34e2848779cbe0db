"""The HTTP API. Routes parse, call a handler or a query, and answer; rules live in the domain."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Principal, require
from lattice_platform.auth import Role as AccessRole
from lattice_platform.clock import Clock
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.paging import Cursor, Limit, decode_cursor

from lattice_openings.adapters import queries
from lattice_openings.adapters.repository import PostgresOpeningsUnitOfWork
from lattice_openings.adapters.role_files import (
    ROLE_ID_PATTERN,
    RoleFields,
    roles_from_csv,
    roles_from_json,
)
from lattice_openings.domain.common import Actor, ForbiddenError, RejectedError
from lattice_openings.domain.openings import IllegalTransitionError, Opening, Status
from lattice_openings.domain.roles import Role
from lattice_openings.entrypoints.clock import synced_clock
from lattice_openings.entrypoints.schemas import (
    BulkOut,
    ManagedOpeningPage,
    OpeningIn,
    OpeningPage,
    OpeningView,
    RoleDefinedOut,
    RoleOut,
    RolePage,
    TransitionOut,
    bulk_body,
)
from lattice_openings.service_layer import handlers
from lattice_openings.service_layer.handlers import OpeningNotFoundError, RoleNotFoundError
from lattice_openings.settings import OpeningsSettings

MAX_BULK_BYTES = 5 * 1024 * 1024

BULK_PATH = "/v1/roles:bulk"

roles = APIRouter(prefix="/v1", tags=["job architecture"])
openings = APIRouter(prefix="/v1", tags=["openings"], dependencies=[Depends(synced_clock)])

Json = dict[str, Any]
Context = Annotated[
    ServiceContext[OpeningsSettings, PostgresOpeningsUnitOfWork], Depends(context_of)
]
RoleId = Annotated[str, Path(pattern=ROLE_ID_PATTERN, description="Role id, e.g. swe-3.")]
HR_ONLY = [require(AccessRole.HR)]
MANAGERS = [require(AccessRole.MANAGER, AccessRole.HR)]


class Transition(Protocol):
    async def __call__(
        self, uow: PostgresOpeningsUnitOfWork, opening_id: str, actor: Actor, *, clock: Clock
    ) -> Opening: ...


def _rejected(exc: Exception) -> problems.Problem:
    assert isinstance(exc, RejectedError)
    errors = [problems.FieldError.of(p.field, p.message, p.close_matches) for p in exc.problems]
    return problems.Problem(problems.INVALID, str(exc), errors)


REFUSALS: problems.Refusals = {
    RejectedError: _rejected,
    IllegalTransitionError: problems.CONFLICT,
    OpeningNotFoundError: problems.NOT_FOUND,
    RoleNotFoundError: problems.NOT_FOUND,
    ForbiddenError: problems.FORBIDDEN,
}
CHANGES = problems.problem_responses(404, 409)


# --------------------------------------------------------------------------- roles


@roles.get("/roles", summary="The job architecture, a page at a time.", response_model=RolePage)
async def list_roles(
    context: Context, _: Authenticated, limit: Limit, cursor: Cursor = None
) -> Json:
    async with context.connection() as conn:
        after = decode_cursor(cursor, str)[0] if cursor else ""
        page = await queries.roles(conn, after, limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@roles.get(
    "/roles/{role_id}",
    summary="One role with its skill profile and career paths.",
    response_model=RoleOut,
)
async def get_role(context: Context, role_id: str, _: Authenticated) -> Json:
    async with context.connection() as conn:
        found = await queries.role(conn, role_id)
    if found is None:
        raise RoleNotFoundError(role_id)
    return found


@roles.put(
    "/roles/{role_id}",
    summary="Define or replace a role (HR).",
    dependencies=HR_ONLY,
    response_model=RoleDefinedOut,
)
async def put_role(context: Context, role_id: RoleId, body: RoleFields) -> Json:
    changed = await _define(context, [body.to_domain(role_id)])
    return {"role_id": role_id, "changed": bool(changed)}


@roles.post(
    "/roles:bulk",
    summary="Define or replace many roles at once, all or nothing (HR).",
    description='JSON (`{"roles": [...]}`) or, with `Content-Type: text/csv`, CSV with '
    "columns role_id,title,job_family,track,grade,skill_profile,paths.",
    dependencies=HR_ONLY,
    response_model=BulkOut,
    openapi_extra={"requestBody": bulk_body()},
)
async def bulk_roles(request: Request, context: Context) -> Json:
    body = await request.body()  # at most MAX_BULK_BYTES: the platform's body limit
    if request.headers.get("content-type", "").startswith("text/csv"):
        parsed = roles_from_csv(_text(body))
    else:
        parsed = roles_from_json(body)
    changed = await _define(context, parsed)
    return {"received": len(parsed), "changed": [role.role_id for role in changed]}


async def _define(context: Context, parsed: list[Role]) -> list[Role]:
    async with context.unit_of_work() as uow:
        return await handlers.define_roles(uow, parsed, context.taxonomy)


# --------------------------------------------------------------------------- openings


@openings.post(
    "/openings",
    summary="Draft an opening (hiring managers for themselves, HR for anyone).",
    status_code=status.HTTP_201_CREATED,
    dependencies=MANAGERS,
    response_model=OpeningView,
)
async def create_opening(context: Context, body: OpeningIn, principal: Authenticated) -> Json:
    async with context.unit_of_work() as uow:
        opening = await handlers.create_opening(
            uow, body.to_domain(), actor_of(principal), context.taxonomy
        )
    return await _full(context, opening)


@openings.get(
    "/openings", summary="Open openings, without confidential fields.", response_model=OpeningPage
)
async def list_open(
    context: Context, _: Authenticated, limit: Limit, cursor: Cursor = None
) -> Json:
    async with context.connection() as conn:
        page = await queries.open_openings(conn, seq_after(cursor), limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@openings.get(
    "/managed-openings",
    summary="Openings the caller manages, in full (HR: every opening).",
    dependencies=MANAGERS,
    response_model=ManagedOpeningPage,
)
async def list_managed(
    context: Context,
    principal: Authenticated,
    limit: Limit,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    cursor: Cursor = None,
) -> Json:
    actor = actor_of(principal)
    manager = None if actor.is_hr else actor.employee_id or ""
    async with context.connection() as conn:
        page = await queries.managed_openings(conn, manager, status_, seq_after(cursor), limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@openings.get(
    "/openings/{opening_id}",
    summary="One opening: in full for who manages it, otherwise only while open and public.",
    response_model=OpeningView,
)
async def get_opening(context: Context, opening_id: str, principal: Authenticated) -> Json:
    async with context.connection() as conn:
        row = await queries.opening(conn, opening_id)
    if row is not None:
        manages = principal.has(AccessRole.HR) or row["hiring_manager_id"] == principal.employee_id
        if manages:
            return queries.opening_view(row, confidential=True)
        if row["status"] == Status.OPEN.value:
            return queries.opening_view(row, confidential=False)
    raise OpeningNotFoundError(opening_id)


@openings.put(
    "/openings/{opening_id}",
    summary="Replace a draft or open opening; an open one publishes OpeningUpdated.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=OpeningView,
)
async def revise_opening(
    context: Context, opening_id: str, body: OpeningIn, principal: Authenticated
) -> Json:
    async with context.unit_of_work() as uow:
        opening = await handlers.revise_opening(
            uow,
            opening_id,
            body.to_domain(),
            actor_of(principal),
            context.taxonomy,
            clock=context.clock,
        )
    return await _full(context, opening)


@openings.post(
    "/openings/{opening_id}/open",
    summary="Post a draft.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=TransitionOut,
)
async def open_opening(context: Context, opening_id: str, principal: Authenticated) -> Json:
    return await _transition(context, handlers.open_opening, opening_id, principal)


@openings.post(
    "/openings/{opening_id}/fill",
    summary="Mark filled.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=TransitionOut,
)
async def fill_opening(context: Context, opening_id: str, principal: Authenticated) -> Json:
    return await _transition(context, handlers.fill_opening, opening_id, principal)


@openings.post(
    "/openings/{opening_id}/close",
    summary="Close unfilled.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=TransitionOut,
)
async def close_opening(context: Context, opening_id: str, principal: Authenticated) -> Json:
    return await _transition(context, handlers.close_opening, opening_id, principal)


async def _transition(
    context: Context, step: Transition, opening_id: str, principal: Principal
) -> Json:
    async with context.unit_of_work() as uow:
        opening = await step(uow, opening_id, actor_of(principal), clock=context.clock)
    return {"opening_id": opening.opening_id, "status": opening.status.value}


async def _full(context: Context, opening: Opening) -> Json:
    async with context.connection() as conn:
        row = await queries.opening(conn, opening.opening_id)
    assert row is not None, "the opening was just committed"
    return queries.opening_view(row, confidential=True)


def actor_of(principal: Principal) -> Actor:
    """Who acts on openings and applications: the caller's employee id, and whether HR."""
    return Actor(employee_id=principal.employee_id, is_hr=principal.has(AccessRole.HR))


def seq_after(cursor: str | None) -> int:
    return int(decode_cursor(cursor, int)[0]) if cursor else 0


def _text(body: bytes) -> str:
    try:
        return body.decode()
    except UnicodeDecodeError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "a CSV body must be UTF-8") from exc
