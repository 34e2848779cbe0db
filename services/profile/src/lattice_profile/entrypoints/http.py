"""The profile HTTP API: /v1/me for the employee, /v1/employees/{id} for HR, managers, services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Principal, Role, own_employee_id, require
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.paging import Cursor, Limit, decode_cursor, encode_cursor
from lattice_platform.skills import UnknownSkillError

from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.domain.access import Access, Viewer, access_of
from lattice_profile.domain.model import (
    Employee,
    InvalidLevelError,
    ProfileError,
    UnknownSkillOnProfileError,
)
from lattice_profile.entrypoints.schemas import (
    GoalsIn,
    MentoringIn,
    PrivacyIn,
    ProfilePage,
    ProfileView,
    SkillIn,
)
from lattice_profile.service_layer import handlers
from lattice_profile.settings import ProfileSettings

T = TypeVar("T")


ProfileContext = ServiceContext[ProfileSettings, PostgresProfileUnitOfWork]
Context = Annotated[ProfileContext, Depends(context_of)]
router = APIRouter(prefix="/v1", tags=["profile"], responses=problems.problem_responses(404))
edits = APIRouter(responses=problems.problem_responses(409))
REFUSALS: problems.Refusals = {
    handlers.EmployeeNotFoundError: problems.NOT_FOUND,
    UnknownSkillOnProfileError: lambda exc: problems.Problem(problems.NOT_FOUND, str(exc.args[0])),
    handlers.ForbiddenError: problems.FORBIDDEN,
    InvalidLevelError: problems.INVALID,
    ProfileError: problems.CONFLICT,  # has left, not erasable: the state forbids it
    UnknownSkillError: problems.INVALID,
}


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(
        employee_id=principal.employee_id,
        privileged=principal.is_privileged,
        manages_people=principal.has(Role.MANAGER),
    )


async def _run(
    context: ProfileContext, use_case: Callable[[PostgresProfileUnitOfWork], Awaitable[T]]
) -> T:
    """Run a use case in one transaction; the domain's refusals become problems (REFUSALS)."""
    async with context.unit_of_work() as uow:
        return await use_case(uow)


# ---------------------------------------------------------------------- reads


async def _view(context: ProfileContext, employee_id: str, principal: Principal) -> ProfileView:
    async def read(uow: PostgresProfileUnitOfWork) -> ProfileView:
        employee, access = await handlers.view_profile(uow, employee_id, viewer_of(principal))
        return ProfileView.of(employee, access)

    return await _run(context, read)


@router.get("/me", summary="My profile.")
async def my_profile(principal: Authenticated, context: Context) -> ProfileView:
    return await _view(context, own_employee_id(principal), principal)


@router.get(
    "/employees/{employee_id}",
    summary="An employee's profile: HR and services see all; a manager sees a direct report "
    "(without the mobility preferences of one who hides them); anyone else gets 404.",
)
async def employee_profile(
    employee_id: str, principal: Authenticated, context: Context
) -> ProfileView:
    return await _view(context, employee_id, principal)


@router.get(
    "/me/reports",
    summary="My direct reports (managers).",
    dependencies=[require(Role.MANAGER)],
)
async def my_reports(
    principal: Authenticated,
    context: Context,
    limit: Limit,
    cursor: Cursor = None,
) -> ProfilePage:
    manager_id = own_employee_id(principal)
    after = _after(cursor)

    async def read(uow: PostgresProfileUnitOfWork) -> ProfilePage:
        reports = await uow.employees.reports_of(manager_id, after, limit)
        views = [ProfileView.of(e, Access.MANAGER) for e in reports]
        return _page(views, limit)

    return await _run(context, read)


@router.get(
    "/employees",
    summary="Every employee, by id (HR and services).",
    dependencies=[require(Role.HR, Role.SERVICE)],
)
async def all_employees(
    context: Context,
    limit: Limit,
    cursor: Cursor = None,
) -> ProfilePage:
    after = _after(cursor)

    async def read(uow: PostgresProfileUnitOfWork) -> ProfilePage:
        employees = await uow.employees.page(after, limit)
        return _page([ProfileView.of(e, Access.ADMIN) for e in employees], limit)

    return await _run(context, read)


def _page(views: list[ProfileView], limit: int) -> ProfilePage:
    more = len(views) == limit
    return ProfilePage(
        items=views, next_cursor=encode_cursor(views[-1].employee_id) if more else None
    )


def _after(cursor: str | None) -> str | None:
    return None if cursor is None else str(decode_cursor(cursor, str)[0])


# ---------------------------------------------------------------------- edits


async def _put_skill(
    context: ProfileContext, employee_id: str, principal: Principal, body: SkillIn
) -> ProfileView:
    skill_id = context.taxonomy.normalise(body.skill)

    async def edit(uow: PostgresProfileUnitOfWork) -> ProfileView:
        viewer = viewer_of(principal)
        employee = await handlers.set_skill(
            uow,
            employee_id,
            viewer,
            skill_id=skill_id,
            level=body.level,
            last_used_on=body.last_used_on,
            at=context.clock(),
        )
        return ProfileView.of(employee, access_of(viewer, employee))

    return await _run(context, edit)


async def _edit(
    context: ProfileContext,
    principal: Principal,
    change: Callable[[PostgresProfileUnitOfWork, Viewer, datetime], Awaitable[Employee]],
) -> ProfileView:
    async def edit(uow: PostgresProfileUnitOfWork) -> ProfileView:
        viewer = viewer_of(principal)
        employee = await change(uow, viewer, context.clock())
        return ProfileView.of(employee, access_of(viewer, employee))

    return await _run(context, edit)


@edits.put("/me/skills", summary="Declare a skill of mine (source: self).")
async def put_my_skill(body: SkillIn, principal: Authenticated, context: Context) -> ProfileView:
    return await _put_skill(context, own_employee_id(principal), principal, body)


@edits.put(
    "/employees/{employee_id}/skills",
    summary="Verify an employee's skill: by their manager (source: manager) or HR (source: hris).",
)
async def put_employee_skill(
    employee_id: str, body: SkillIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_skill(context, employee_id, principal, body)


@edits.delete("/me/skills/{skill_id}", summary="Remove a skill of mine.")
async def delete_my_skill(skill_id: str, principal: Authenticated, context: Context) -> ProfileView:
    return await _delete_skill(context, own_employee_id(principal), principal, skill_id)


@edits.delete("/employees/{employee_id}/skills/{skill_id}", summary="Remove a skill (HR).")
async def delete_employee_skill(
    employee_id: str, skill_id: str, principal: Authenticated, context: Context
) -> ProfileView:
    return await _delete_skill(context, employee_id, principal, skill_id)


async def _delete_skill(
    context: ProfileContext, employee_id: str, principal: Principal, raw_skill: str
) -> ProfileView:
    skill_id = context.taxonomy.normalise(raw_skill)
    return await _edit(
        context,
        principal,
        lambda uow, viewer, at: handlers.remove_skill(uow, employee_id, viewer, skill_id, at),
    )


@edits.put("/me/goals", summary="Set my career goals.")
async def put_my_goals(body: GoalsIn, principal: Authenticated, context: Context) -> ProfileView:
    return await _put_goals(context, own_employee_id(principal), principal, body)


@edits.put("/employees/{employee_id}/goals", summary="Set an employee's career goals (HR).")
async def put_employee_goals(
    employee_id: str, body: GoalsIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_goals(context, employee_id, principal, body)


async def _put_goals(
    context: ProfileContext, employee_id: str, principal: Principal, body: GoalsIn
) -> ProfileView:
    goals = body.goals()
    return await _edit(
        context,
        principal,
        lambda uow, viewer, at: handlers.set_goals(uow, employee_id, viewer, goals, at),
    )


@edits.put("/me/mentoring", summary="Offer (or stop offering) to mentor.")
async def put_my_mentoring(
    body: MentoringIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_mentoring(context, own_employee_id(principal), principal, body)


@edits.put("/employees/{employee_id}/mentoring", summary="Set an employee's mentor opt-in (HR).")
async def put_employee_mentoring(
    employee_id: str, body: MentoringIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_mentoring(context, employee_id, principal, body)


async def _put_mentoring(
    context: ProfileContext, employee_id: str, principal: Principal, body: MentoringIn
) -> ProfileView:
    return await _edit(
        context,
        principal,
        lambda uow, viewer, at: handlers.set_mentor_opt_in(
            uow, employee_id, viewer, body.mentor_opt_in, at
        ),
    )


@edits.put("/me/privacy", summary="Set my privacy: discoverable, hidden from my manager.")
async def put_my_privacy(
    body: PrivacyIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_privacy(context, own_employee_id(principal), principal, body)


@edits.put("/employees/{employee_id}/privacy", summary="Set an employee's privacy (HR).")
async def put_employee_privacy(
    employee_id: str, body: PrivacyIn, principal: Authenticated, context: Context
) -> ProfileView:
    return await _put_privacy(context, employee_id, principal, body)


async def _put_privacy(
    context: ProfileContext, employee_id: str, principal: Principal, body: PrivacyIn
) -> ProfileView:
    privacy = body.privacy()
    return await _edit(
        context,
        principal,
        lambda uow, viewer, at: handlers.set_privacy(uow, employee_id, viewer, privacy, at),
    )


@edits.post(
    "/employees/{employee_id}/erasure",
    summary="Erase a departed employee's personal data (HR). Later events carry only the id.",
    dependencies=[require(Role.HR)],
)
async def erase_employee(employee_id: str, context: Context) -> ProfileView:
    async def erase(uow: PostgresProfileUnitOfWork) -> ProfileView:
        employee = await handlers.erase(uow, employee_id, context.clock())
        return ProfileView.of(employee, Access.ADMIN)

    return await _run(context, erase)


router.include_router(edits)
