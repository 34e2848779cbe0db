"""Loads the demo organisation through the services' public interfaces."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, time
from typing import TypeVar

from lattice_client import Problem, answer
from lattice_client.learning.api.learning import add_item
from lattice_client.learning.models import ItemIn
from lattice_client.openings.api.job_architecture import bulk_roles
from lattice_client.openings.api.openings import create_opening, open_opening
from lattice_client.openings.models import BulkRolesJsonRoleBatchIn, OpeningIn
from lattice_client.profile.api.profile import (
    put_employee_goals,
    put_employee_mentoring,
    put_employee_privacy,
    put_employee_skill,
)
from lattice_client.profile.models import GoalsIn, MentoringIn, PrivacyIn, SkillIn
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import EmployeeStatus, Track

from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.organisation import (
    CatalogueItem,
    Opening,
    Organisation,
    Person,
    Role,
)

Progress = Callable[[str], None]
T = TypeVar("T")
HRIS_SOURCE = "/hris/demo"


def path_kind(source: Role, target: Role) -> str:
    if source.track != target.track:
        return "track_switch"
    return "upward" if target.grade > source.grade else "lateral"


def role_body(role: Role, roles: dict[str, Role]) -> dict[str, object]:
    return {
        "role_id": role.role_id,
        "title": role.title,
        "job_family": role.family,
        "track": role.track.value,
        "grade": role.grade,
        "skill_profile": [{"skill_id": s, "level": lvl} for s, lvl in role.skills.items()],
        "paths": [{"to_role_id": n, "kind": path_kind(role, roles[n])} for n in role.next_roles],
    }


def hired(person: Person, at: datetime) -> ev.HrisEmployeeRecord:
    return ev.HrisEmployeeRecord(
        hris_id=person.employee_id,
        change="hired",
        name=person.name,
        work_email=person.work_email,
        role_id=person.role_id,
        grade=person.grade,
        track=person.track,
        department=person.department,
        location=person.location,
        manager_hris_id=person.manager_id,
        hire_date=person.hire_date,
        role_start_date=person.role_start_date,
        status=EmployeeStatus.ACTIVE,
        effective_at=at,
    )


def catalogue_body(item: CatalogueItem) -> dict[str, object]:
    return {
        "item_id": item.item_id,
        "title": item.title,
        "kind": item.kind,
        "skills": [{"skill": s, "level": lvl} for s, lvl in item.skills.items()],
        "duration_hours": item.duration_hours,
        "format": item.format,
        "capacity": item.capacity,
    }


def opening_body(opening: Opening) -> dict[str, object]:
    body: dict[str, object] = {
        "title": opening.title,
        "kind": opening.kind.value,
        "department": opening.department,
        "hiring_manager_id": opening.hiring_manager_id,
        "role_id": opening.role_id,
        "temporary_kind": opening.temporary_kind.value if opening.temporary_kind else None,
        "time_share_percent": opening.time_share_percent,
        "starts_on": opening.starts_on.isoformat() if opening.starts_on else None,
        "ends_on": opening.ends_on.isoformat() if opening.ends_on else None,
        "required_skills": [
            {"skill_id": s, "level": lvl, "must_have": must} for s, lvl, must in opening.required
        ],
        "optional_skills": [{"skill_id": s, "level": lvl} for s, lvl in opening.optional],
        "locations": list(opening.locations),
        "remote": opening.remote,
        "eligibility": {
            "min_tenure_months": opening.min_tenure_months,
            "grade_min": opening.grade_min,
            "grade_max": opening.grade_max,
        },
        "confidential": {"budget": "demo budget", "internal_notes": "not for employees"},
    }
    if opening.role_id is None:
        body["grade"] = opening.grade
        body["track"] = (opening.track or Track.INDIVIDUAL_CONTRIBUTOR).value
    return body


async def post_opening(lattice: Lattice, opening: Opening) -> str:
    """Create the opening as HR on behalf of its hiring manager, then open it. Returns its id."""
    body = OpeningIn.from_dict(opening_body(opening))
    opening_id = answer(
        await create_opening.asyncio(client=lattice.openings(), body=body)
    ).opening_id
    answer(await open_opening.asyncio(opening_id, client=lattice.openings()))
    return opening_id


async def answered(call: Awaitable[T | Problem | None]) -> T:
    return answer(await call)


async def gather_limited(work: Iterable[Awaitable[object]], limit: int = 8) -> None:
    gate = asyncio.Semaphore(limit)

    async def run(step: Awaitable[object]) -> None:
        async with gate:
            await step

    await asyncio.gather(*(run(step) for step in work))


async def load(
    lattice: Lattice,
    org: Organisation,
    *,
    skip: set[str],
    opening_keys: Iterable[str],
    progress: Progress,
) -> dict[str, str]:
    """Everything but the people in ``skip`` (hired live by a journey); returns opening ids."""
    roles = {r.role_id: r for r in org.roles}
    batch = BulkRolesJsonRoleBatchIn.from_dict({"roles": [role_body(r, roles) for r in org.roles]})
    answer(await bulk_roles.asyncio(client=lattice.openings(), body=batch))
    progress(f"job architecture: {len(org.roles)} roles with career paths")
    for item in org.catalogue:
        body = ItemIn.from_dict(catalogue_body(item))
        answer(await add_item.asyncio(client=lattice.learning(), body=body))
    progress(f"learning catalogue: {len(org.catalogue)} items")
    people = [p for p in org.people if p.employee_id not in skip]
    at = datetime.combine(org.today, time(8), tzinfo=UTC)
    for person in people:
        await lattice.publish(t.HRIS_INBOUND, hired(person, at), HRIS_SOURCE)
    await lattice.wait_for_profile(people[-1].employee_id)
    progress(f"HRIS: {len(people)} hires ingested by the profile service")
    await gather_limited(_profile_calls(lattice, people))
    progress("profiles: skills, privacy choices and mentor offers recorded")
    ids = {}
    for key in opening_keys:
        ids[key] = await post_opening(lattice, org.opening(key))
    progress(f"openings: {len(ids)} open")
    return ids


def _profile_calls(lattice: Lattice, people: list[Person]) -> Iterable[Awaitable[object]]:
    hr = lattice.profile()
    for person in people:
        employee = person.employee_id
        for skill, (level, last_used) in person.skills.items():
            body = SkillIn(skill=skill, level=level, last_used_on=last_used)
            yield answered(put_employee_skill.asyncio(employee, client=hr, body=body))
        if not person.discoverable:
            privacy = PrivacyIn(discoverable=False, hide_mobility_from_manager=False)
            yield answered(put_employee_privacy.asyncio(employee, client=hr, body=privacy))
        if person.mentor_opt_in:
            mentoring = MentoringIn(mentor_opt_in=True)
            yield answered(put_employee_mentoring.asyncio(employee, client=hr, body=mentoring))
        if person.goal is not None:
            goal = person.goal
            goals = GoalsIn.from_dict(
                {
                    "target_role_ids": list(goal.target_role_ids),
                    "move_kinds": list(goal.move_kinds),
                    "willing_to_relocate": goal.willing_to_relocate,
                    "acceptable_locations": list(goal.acceptable_locations),
                }
            )
            yield answered(put_employee_goals.asyncio(employee, client=hr, body=goals))
