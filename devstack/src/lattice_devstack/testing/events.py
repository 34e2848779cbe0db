"""Contract events as other services would publish them, for tests: one builder per event that
several services consume, with ordinary values a test overrides only where it cares."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from lattice_platform.contracts import events as ev

CHANGED_AT = datetime(2026, 1, 5, tzinfo=UTC)


def employee_upserted(
    employee_id: str,
    *,
    skills: dict[str, int] | tuple[ev.HeldSkill, ...] | None = None,
    **fields: Any,
) -> ev.EmployeeUpserted:
    """An active, discoverable software engineer in Lisbon. ``skills`` are the event's own or map
    skill ids to levels (declared by the employee, never used yet); any other field is the
    event's own."""
    if isinstance(skills, tuple):
        held = skills
    else:
        held = tuple(
            ev.HeldSkill(skill_id=skill, level=level, source="self", last_used_on=None)
            for skill, level in (skills or {}).items()
        )
    values: dict[str, Any] = {
        "employee_id": employee_id,
        "role_id": "swe-2",
        "grade": 5,
        "track": "individual_contributor",
        "department": "engineering",
        "location": "lisbon",
        "manager_id": None,
        "hire_date": date(2022, 1, 10),
        "role_start_date": date(2023, 1, 10),
        "status": "active",
        "discoverable": True,
        "skills": held,
        "mentor_opt_in": False,
        "hidden_from_manager": False,
        "changed_at": CHANGED_AT,
    }
    return ev.EmployeeUpserted(**(values | fields))
