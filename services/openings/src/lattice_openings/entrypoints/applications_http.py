"""The HTTP API of the mobility loop: the hiring manager's candidates, the current manager's
release requests, the candidate's own applications and acceptance, HR's closing and figures.
Routes parse, call a use case or a query, and answer; rules live in the domain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Principal, own_employee_id, require
from lattice_platform.auth import Role as AccessRole
from lattice_platform.clock import Clock, ClockFixedError, movable
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.paging import Cursor, InvalidCursorError, Limit, decode_cursor
from lattice_platform.runtime import Runtime
from pydantic import Field

from lattice_openings.adapters import dev_clock, mobility_queries, queries
from lattice_openings.adapters.repository import PostgresOpeningsUnitOfWork, unit_of_work
from lattice_openings.domain.applications import Application
from lattice_openings.domain.common import Actor
from lattice_openings.domain.openings import Status
from lattice_openings.domain.releases import ReleasePolicy
from lattice_openings.entrypoints.clock import synced_clock
from lattice_openings.entrypoints.http import actor_of, seq_after
from lattice_openings.entrypoints.schemas import (
    AdvanceIn,
    ApplicationOut,
    ApplicationPage,
    CandidatePage,
    ClockOut,
    CloseAsIn,
    OpeningClosedOut,
    OwnApplicationPage,
    PlacementOut,
    ReasonIn,
    ReleaseCountPage,
    ReleaseOut,
    ReleasePage,
)
from lattice_openings.service_layer import applications as cases
from lattice_openings.service_layer.applications import (
    ApplicationNotFoundError,
    ReleaseNotFoundError,
)
from lattice_openings.service_layer.handlers import OpeningNotFoundError
from lattice_openings.settings import OpeningsSettings

router = APIRouter(prefix="/v1", tags=["applications"], dependencies=[Depends(synced_clock)])
dev = APIRouter(prefix="/v1/dev", tags=["dev stack"])

Json = dict[str, Any]
Context = Annotated[
    ServiceContext[OpeningsSettings, PostgresOpeningsUnitOfWork], Depends(context_of)
]
EmployeeId = Annotated[str, Field(description="The candidate's employee id.")]
MANAGERS = [require(AccessRole.MANAGER, AccessRole.HR)]
HR_ONLY = [require(AccessRole.HR)]
CHANGES = problems.problem_responses(404, 409)

REFUSALS: problems.Refusals = {
    ApplicationNotFoundError: problems.NOT_FOUND,
    ReleaseNotFoundError: problems.NOT_FOUND,
    ClockFixedError: problems.NOT_FOUND,
}


# --------------------------------------------------------------------------- hiring manager


@router.get(
    "/openings/{opening_id}/candidates",
    summary="The opening's candidates: interested first, then surfaced ones who have not acted "
    "(hiring manager and HR; anyone else 404).",
    response_model=CandidatePage,
    responses=problems.problem_responses(404),
)
async def list_candidates(
    context: Context,
    opening_id: str,
    principal: Authenticated,
    limit: Limit,
    cursor: Cursor = None,
) -> Json:
    after = mobility_queries.FIRST_CANDIDATE if cursor is None else decode_cursor(cursor, int, int)
    actor = actor_of(principal)
    async with context.connection() as conn, conn.transaction(readonly=True):
        row = await queries.opening(conn, opening_id)
        if row is None or not (actor.is_hr or row["hiring_manager_id"] == actor.employee_id):
            raise OpeningNotFoundError(opening_id)
        page = await mobility_queries.candidates(
            conn,
            opening_id,
            still_open=row["status"] == Status.OPEN.value,
            after=(after[0], after[1]),
            limit=limit,
        )
    return {"opening_id": opening_id, "items": page.items, "next_cursor": page.next_cursor}


Move = Callable[[PostgresOpeningsUnitOfWork, str, str, Actor, datetime], Awaitable[Application]]


@router.post(
    "/openings/{opening_id}/candidates/{employee_id}/invite",
    summary="Invite a surfaced candidate to apply.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ApplicationOut,
)
async def invite(
    context: Context, opening_id: str, employee_id: EmployeeId, principal: Authenticated
) -> Json:
    return await _move(context, cases.invite, opening_id, employee_id, principal)


@router.post(
    "/openings/{opening_id}/candidates/{employee_id}/shortlist",
    summary="Shortlist an interested candidate.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ApplicationOut,
)
async def shortlist(
    context: Context, opening_id: str, employee_id: EmployeeId, principal: Authenticated
) -> Json:
    return await _move(context, cases.shortlist, opening_id, employee_id, principal)


@router.post(
    "/openings/{opening_id}/candidates/{employee_id}/offer",
    summary="Offer the opening; asks the current manager for a release when the policy says so.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ApplicationOut,
)
async def offer(
    context: Context, opening_id: str, employee_id: EmployeeId, principal: Authenticated
) -> Json:
    step = partial(cases.offer, policy=_policy(context.settings))
    return await _move(context, step, opening_id, employee_id, principal)


@router.post(
    "/openings/{opening_id}/candidates/{employee_id}/decline",
    summary="Decline a candidate, with a reason HR reads (the candidate sees a courteous status).",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ApplicationOut,
)
async def decline(
    context: Context,
    opening_id: str,
    employee_id: EmployeeId,
    body: ReasonIn,
    principal: Authenticated,
) -> Json:
    step = partial(cases.decline, reason=body.reason)
    return await _move(context, step, opening_id, employee_id, principal)


# --------------------------------------------------------------------------- candidate


@router.get(
    "/my/applications",
    summary="The caller's own applications, each with a courteous status.",
    response_model=OwnApplicationPage,
)
async def own_applications(
    context: Context, principal: Authenticated, limit: Limit, cursor: Cursor = None
) -> Json:
    me = own_employee_id(principal)
    async with context.connection() as conn:
        page = await mobility_queries.own_applications(
            conn, me, after=seq_after(cursor), limit=limit
        )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/openings/{opening_id}/accept",
    summary="Accept an offer (once released, or when no release is needed): the move is made.",
    responses=CHANGES,
    response_model=PlacementOut,
)
async def accept(context: Context, opening_id: str, principal: Authenticated) -> Json:
    async with context.unit_of_work() as uow:
        placement = await cases.accept(uow, opening_id, actor_of(principal), context.clock())
    return {
        "placement_id": placement.placement_id,
        "opening_id": placement.opening_id,
        "employee_id": placement.employee_id,
        "effective_on": placement.effective_on,
        "ends_on": placement.ends_on,
    }


# --------------------------------------------------------------------------- current manager


@router.get(
    "/release-requests",
    summary="Release requests sent to the caller (HR: every request, with declines' reasons).",
    dependencies=MANAGERS,
    response_model=ReleasePage,
)
async def release_requests(
    context: Context, principal: Authenticated, limit: Limit, cursor: Cursor = None
) -> Json:
    manager = None if principal.has(AccessRole.HR) else principal.employee_id or ""
    after = mobility_queries.FIRST_RELEASE
    if cursor is not None:
        request_id, requested_at = decode_cursor(cursor, str, str)
        try:
            datetime.fromisoformat(requested_at)
        except ValueError as exc:
            raise InvalidCursorError from exc
        after = (request_id, requested_at)
    async with context.connection() as conn:
        page = await mobility_queries.release_requests(conn, manager, after=after, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/release-requests/{request_id}/approve",
    summary="Release the report for the offer (the manager asked, or HR on their behalf).",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ReleaseOut,
)
async def approve_release(context: Context, request_id: str, principal: Authenticated) -> Json:
    return await _answer(context, request_id, principal, None)


@router.post(
    "/release-requests/{request_id}/decline",
    summary="Decline the release, with a reason HR reads (the manager asked, or HR on their "
    "behalf); the candidate's application is declined.",
    dependencies=MANAGERS,
    responses=CHANGES,
    response_model=ReleaseOut,
)
async def decline_release(
    context: Context, request_id: str, body: ReasonIn, principal: Authenticated
) -> Json:
    return await _answer(context, request_id, principal, body.reason)


@router.get(
    "/team/applications",
    summary="The caller's direct reports' applications; a report who hides their activity "
    "shows only once the caller is asked to release them.",
    dependencies=MANAGERS,
    response_model=ApplicationPage,
)
async def team_applications(
    context: Context, principal: Authenticated, limit: Limit, cursor: Cursor = None
) -> Json:
    async with context.connection() as conn:
        page = await mobility_queries.team_applications(
            conn, principal.employee_id or "", after=seq_after(cursor), limit=limit
        )
    return {"items": page.items, "next_cursor": page.next_cursor}


# --------------------------------------------------------------------------- HR


@router.get(
    "/release-figures",
    summary="Releases approved, declined, automatic and waiting, per current manager (HR).",
    dependencies=HR_ONLY,
    response_model=ReleaseCountPage,
)
async def release_figures(context: Context, limit: Limit, cursor: Cursor = None) -> Json:
    after = "" if cursor is None else str(decode_cursor(cursor, str)[0])
    async with context.connection() as conn:
        page = await mobility_queries.releases_by_manager(conn, after=after, limit=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/openings/{opening_id}/close-as",
    summary="Close an open opening as filled externally or cancelled (HR).",
    dependencies=HR_ONLY,
    responses=CHANGES,
    response_model=OpeningClosedOut,
)
async def close_as(
    context: Context, opening_id: str, body: CloseAsIn, principal: Authenticated
) -> Json:
    async with context.unit_of_work() as uow:
        opening = await cases.close_as(
            uow,
            opening_id,
            body.outcome == "filled_externally",
            actor_of(principal),
            context.clock(),
        )
    return {"opening_id": opening.opening_id, "status": opening.status.value}


# --------------------------------------------------------------------------- dev stack


@dev.post(
    "/clock",
    summary="Move the clock forward and pass the deadlines now due (dev stack only; 404 "
    "elsewhere).",
    dependencies=HR_ONLY,
    responses=problems.problem_responses(404),
    response_model=ClockOut,
)
async def advance_clock(context: Context, body: AdvanceIn) -> Json:
    clock = movable(context.clock)
    async with context.connection() as conn:
        offset = await dev_clock.move_on(conn, timedelta(days=body.days, hours=body.hours))
    now = clock.catch_up(offset)
    await pass_deadlines(context.runtime, clock)
    return {"now": now}


async def pass_deadlines(runtime: Runtime, clock: Clock) -> None:
    """Each kind of deadline in a transaction of its own, so that none holds another's locks."""
    steps = (
        cases.release_when_unanswered,
        cases.end_assignments,
        cases.close_expired_openings,
    )
    async with runtime.pool.acquire() as conn:
        await dev_clock.caught_up(conn, clock)
    for step in steps:
        async with unit_of_work(runtime.pool, runtime.outbox) as uow:
            await step(uow, clock())


# --------------------------------------------------------------------------- helpers


async def _move(
    context: Context, step: Move, opening_id: str, employee_id: str, principal: Principal
) -> Json:
    async with context.unit_of_work() as uow:
        application = await step(uow, opening_id, employee_id, actor_of(principal), context.clock())
    return {
        "application_id": application.application_id,
        "opening_id": application.opening_id,
        "employee_id": application.employee_id,
        "status": application.stage.value,
    }


async def _answer(
    context: Context, request_id: str, principal: Principal, reason: str | None
) -> Json:
    async with context.unit_of_work() as uow:
        await cases.answer_release(
            uow, request_id, actor_of(principal), context.clock(), decline_reason=reason
        )
        manager = None if principal.has(AccessRole.HR) else principal.employee_id or ""
        return await mobility_queries.release_request(uow.conn, request_id, manager)


def _policy(settings: OpeningsSettings) -> ReleasePolicy:
    return ReleasePolicy(
        working_days=settings.release_working_days,
        permanent_moves=settings.release_permanent_moves,
    )
