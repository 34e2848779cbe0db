"""Builders shared by the notifier's tests: a baseline employee and opening that match, to be
varied one field at a time. Contract builders for the flows over the real broker."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from lattice_devstack.testing.events import employee_upserted
from lattice_notifier.adapters.wire import opening_of
from lattice_notifier.domain.model import (
    CareerGoal,
    Employee,
    HeldSkill,
    Opening,
    Profile,
    Requirement,
)
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import (
    MoveKind,
    OpeningKind,
    SkillSource,
    TemporaryKind,
    Track,
)

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
IC = Track.INDIVIDUAL_CONTRIBUTOR


def employee(
    employee_id: str = "E1",
    *,
    skills: dict[str, HeldSkill] | None = None,
    goal: CareerGoal | None = None,
    **profile: Any,
) -> Employee:
    base = Profile(
        grade=5,
        track=IC,
        department="engineering",
        location="lisbon",
        role_start_date=date(2024, 1, 1),
        changed_at=NOW,
    )
    return Employee(
        employee_id=employee_id,
        partition=0,
        profile=replace(base, **profile),
        skills=skills if skills is not None else {"python": HeldSkill(4, TODAY)},
        goal=goal or CareerGoal(),
    )


def opening(opening_id: str = "OP1", **fields: Any) -> Opening:
    base = Opening(
        opening_id=opening_id,
        title="Platform engineer",
        kind=OpeningKind.ROLE,
        grade=5,
        track=IC,
        hiring_manager_id="M1",
        required=(Requirement("python", 4),),
        locations=frozenset({"lisbon"}),
    )
    return replace(base, **fields)


def goal(**fields: Any) -> CareerGoal:
    return replace(CareerGoal(), **fields)


# --------------------------------------------------------------------------- contracts


def upserted(employee_id: str, *, at: datetime = NOW, **fields: Any) -> ev.EmployeeUpserted:
    values: dict[str, Any] = {
        "manager_id": "M0",
        "hire_date": date(2020, 1, 1),
        "role_start_date": date(2024, 1, 1),
        "skills": (held("python", 4),),
        "changed_at": at,
    }
    return employee_upserted(employee_id, **(values | fields))


def held(skill_id: str, level: int, last_used_on: date = TODAY) -> ev.HeldSkill:
    return ev.HeldSkill(
        skill_id=skill_id, level=level, source=SkillSource.SELF, last_used_on=last_used_on
    )


def details(opening_id: str, **fields: Any) -> ev.OpeningDetails:
    values: dict[str, Any] = {
        "opening_id": opening_id,
        "title": f"Opening {opening_id}",
        "kind": OpeningKind.ROLE,
        "temporary_kind": None,
        "time_share_percent": 100,
        "starts_on": None,
        "ends_on": None,
        "role_id": "swe-3",
        "grade": 5,
        "track": IC,
        "department": "platform",
        "required_skills": (ev.RequiredSkill(skill_id="python", level=4, must_have=False),),
        "optional_skills": (),
        "locations": ("lisbon",),
        "remote": False,
        "min_tenure_months": 0,
        "grade_min": None,
        "grade_max": None,
        "departments_included": (),
        "departments_excluded": (),
        "hiring_manager_id": "M1",
        "incumbent_ids": (),
        "match_threshold": None,
    }
    values.update(fields)
    return ev.OpeningDetails(**values)


def published(opening_id: str, **fields: Any) -> Opening:
    """The opening as the notifier takes it from a posted or updated event built by
    :func:`details`."""
    return opening_of(details(opening_id, **fields))


def posted(opening_id: str, **fields: Any) -> ev.OpeningPosted:
    return ev.OpeningPosted(
        opening_id=opening_id, opening=details(opening_id, **fields), posted_at=NOW
    )


def required(skill_id: str, level: int, must_have: bool = False) -> ev.RequiredSkill:
    return ev.RequiredSkill(skill_id=skill_id, level=level, must_have=must_have)


def skill_acquired(employee_id: str, skill_id: str, level: int) -> ev.SkillAcquired:
    return ev.SkillAcquired(
        employee_id=employee_id,
        skill_id=skill_id,
        level=level,
        previous_level=None,
        source=SkillSource.LEARNING,
        evidence="course-1",
        acquired_at=NOW,
    )


__all__ = ["MoveKind", "TemporaryKind"]
