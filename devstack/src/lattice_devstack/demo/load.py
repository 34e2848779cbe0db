"""Loads the demo organisation through the services' public interfaces."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, time

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
    created = await lattice.call("POST", "openings", "/v1/openings", json=opening_body(opening))
    opening_id = str(created["opening_id"])
    await lattice.call("POST", "openings", f"/v1/openings/{opening_id}/open")
    return opening_id


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
    await lattice.call(
        "POST",
        "openings",
        "/v1/roles:bulk",
        json={"roles": [role_body(r, roles) for r in org.roles]},
    )
    progress(f"job architecture: {len(org.roles)} roles with career paths")
    for item in org.catalogue:
        await lattice.call("POST", "learning", "/v1/catalogue", json=catalogue_body(item))
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
    for person in people:
        base = f"/v1/employees/{person.employee_id}"
        for skill, (level, last_used) in person.skills.items():
            body = {"skill": skill, "level": level, "last_used_on": last_used.isoformat()}
            yield lattice.call("PUT", "profile", f"{base}/skills", json=body)
        if not person.discoverable:
            body2 = {"discoverable": False, "hide_mobility_from_manager": False}
            yield lattice.call("PUT", "profile", f"{base}/privacy", json=body2)
        if person.mentor_opt_in:
            yield lattice.call("PUT", "profile", f"{base}/mentoring", json={"mentor_opt_in": True})
        if person.goal is not None:
            goal = person.goal
            yield lattice.call(
                "PUT",
                "profile",
                f"{base}/goals",
                json={
                    "target_role_ids": list(goal.target_role_ids),
                    "move_kinds": list(goal.move_kinds),
                    "willing_to_relocate": goal.willing_to_relocate,
                    "acceptable_locations": list(goal.acceptable_locations),
                },
            )
