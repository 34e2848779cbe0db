"""Employees in PostgreSQL (schema ``profile``). Skills and goals are JSON documents of the row."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, SkillSource, Track
from lattice_platform.db import Connection
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork

from lattice_profile.domain.model import CareerGoals, Employee, HeldSkill, Privacy

COLUMNS = (
    "employee_id",
    "name",
    "work_email",
    "role_id",
    "grade",
    "track",
    "department",
    "location",
    "manager_id",
    "hire_date",
    "role_start_date",
    "status",
    "left_on",
    "discoverable",
    "hide_from_manager",
    "mentor_opt_in",
    "skills",
    "goals",
    "goals_set_at",
    "hris_effective_at",
    "changed_at",
    "erased_at",
)
_UPSERT = (
    f"INSERT INTO employees ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(f'${i}' for i in range(1, len(COLUMNS) + 1))}) "
    "ON CONFLICT (employee_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM employees"


class PostgresEmployeeRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, employee_id: str) -> Employee | None:
        # Serialises every writer of one employee, including the one that creates the row; the
        # row lock also serialises with the bulk import, which locks rows only.
        await self._conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext('profile.employee'), hashtext($1))", employee_id
        )
        row = await self._conn.fetchrow(f"{_SELECT} WHERE employee_id = $1 FOR UPDATE", employee_id)
        return None if row is None else _employee(row)

    async def get_many(self, employee_ids: Sequence[str]) -> dict[str, Employee]:
        rows = await self._conn.fetch(
            f"{_SELECT} WHERE employee_id = ANY($1::text[]) ORDER BY employee_id FOR UPDATE",
            list(employee_ids),
        )
        return {row["employee_id"]: _employee(row) for row in rows}

    async def save(self, employee: Employee) -> None:
        await self._conn.execute(_UPSERT, *_row(employee))

    async def save_many(self, employees: Sequence[Employee]) -> None:
        if employees:  # in id order, as rows are locked (two imports never deadlock)
            ordered = sorted(employees, key=lambda e: e.employee_id)
            await self._conn.executemany(_UPSERT, [_row(e) for e in ordered])

    async def page(self, after: str | None, limit: int) -> list[Employee]:
        rows = await self._conn.fetch(
            f"{_SELECT} WHERE employee_id > $1 ORDER BY employee_id LIMIT $2", after or "", limit
        )
        return [_employee(r) for r in rows]

    async def reports_of(self, manager_id: str, after: str | None, limit: int) -> list[Employee]:
        rows = await self._conn.fetch(
            f"{_SELECT} WHERE manager_id = $1 AND employee_id > $2 AND status <> 'left'"
            " ORDER BY employee_id LIMIT $3",
            manager_id,
            after or "",
            limit,
        )
        return [_employee(r) for r in rows]


class PostgresProfileUnitOfWork(PostgresUnitOfWork):
    def __init__(self, conn: Connection, outbox: Outbox) -> None:
        super().__init__(conn, outbox)
        self.employees = PostgresEmployeeRepository(conn)


def _row(e: Employee) -> tuple[Any, ...]:
    skills = [
        {
            "skill_id": s.skill_id,
            "level": s.level,
            "source": s.source.value,
            "last_used_on": s.last_used_on.isoformat() if s.last_used_on else None,
        }
        for s in e.skills.values()
    ]
    goals = (
        None
        if e.goals is None
        else {
            "target_role_ids": list(e.goals.target_role_ids),
            "move_kinds": [k.value for k in e.goals.move_kinds],
            "willing_to_relocate": e.goals.willing_to_relocate,
            "acceptable_locations": list(e.goals.acceptable_locations),
        }
    )
    return (
        e.employee_id,
        e.name,
        e.work_email,
        e.role_id,
        e.grade,
        e.track.value,
        e.department,
        e.location,
        e.manager_id,
        e.hire_date,
        e.role_start_date,
        e.status.value,
        e.left_on,
        e.privacy.discoverable,
        e.privacy.hide_from_manager,
        e.mentor_opt_in,
        json.dumps(skills),
        None if goals is None else json.dumps(goals),
        e.goals_set_at,
        e.hris_effective_at,
        e.changed_at,
        e.erased_at,
    )


def _employee(row: asyncpg.Record) -> Employee:
    goals = None if row["goals"] is None else json.loads(row["goals"])
    return Employee(
        employee_id=row["employee_id"],
        name=row["name"],
        work_email=row["work_email"],
        role_id=row["role_id"],
        grade=row["grade"],
        track=Track(row["track"]),
        department=row["department"],
        location=row["location"],
        manager_id=row["manager_id"],
        hire_date=row["hire_date"],
        role_start_date=row["role_start_date"],
        status=EmployeeStatus(row["status"]),
        left_on=row["left_on"],
        privacy=Privacy(row["discoverable"], row["hide_from_manager"]),
        mentor_opt_in=row["mentor_opt_in"],
        skills={s["skill_id"]: _skill(s) for s in json.loads(row["skills"])},
        goals=None
        if goals is None
        else CareerGoals(
            target_role_ids=tuple(goals["target_role_ids"]),
            move_kinds=tuple(MoveKind(k) for k in goals["move_kinds"]),
            willing_to_relocate=goals["willing_to_relocate"],
            acceptable_locations=tuple(goals["acceptable_locations"]),
        ),
        goals_set_at=row["goals_set_at"],
        hris_effective_at=row["hris_effective_at"],
        changed_at=row["changed_at"],
        erased_at=row["erased_at"],
    )


def _skill(raw: dict[str, Any]) -> HeldSkill:
    last_used = raw["last_used_on"]
    return HeldSkill(
        skill_id=raw["skill_id"],
        level=raw["level"],
        source=SkillSource(raw["source"]),
        last_used_on=None if last_used is None else date.fromisoformat(last_used),
    )
