"""PostgreSQL repositories of the learning service, hung on one unit of work (one transaction)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork

from lattice_learning.domain.gaps import Gap, Plan, Recommendation, RecommendationStatus
from lattice_learning.domain.mentoring import (
    OPEN_PAIRINGS,
    MentorPairing,
    PairingStatus,
    Person,
    Role,
)
from lattice_learning.domain.model import (
    CatalogueItem,
    Enrolment,
    EnrolmentStatus,
    ItemFormat,
    ItemKind,
    SkillTarget,
)

Db = asyncpg.Connection | PoolConnectionProxy
"""A connection, bare or lent by the pool."""


class DuplicateError(Exception):
    """A row with the same identity already exists."""


def _skills_json(skills: Iterable[SkillTarget]) -> str:
    return json.dumps([{"skill_id": s.skill_id, "level": s.level} for s in skills])


def _skills(raw: str) -> tuple[SkillTarget, ...]:
    return tuple(SkillTarget(s["skill_id"], s["level"]) for s in json.loads(raw))


class CatalogueRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def add(self, item: CatalogueItem) -> None:
        try:
            await self._conn.execute(
                "INSERT INTO catalogue_items (item_id, title, kind, skills, skill_ids,"
                " duration_hours, format, capacity, active)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                *self._row(item),
            )
        except asyncpg.UniqueViolationError as exc:
            raise DuplicateError(f"catalogue item {item.item_id} already exists") from exc

    async def save(self, item: CatalogueItem) -> None:
        await self._conn.execute(
            "UPDATE catalogue_items SET title = $2, kind = $3, skills = $4, skill_ids = $5,"
            " duration_hours = $6, format = $7, capacity = $8, active = $9 WHERE item_id = $1",
            *self._row(item),
        )

    async def get(self, item_id: str, *, for_update: bool = False) -> CatalogueItem | None:
        lock = " FOR UPDATE" if for_update else ""
        row = await self._conn.fetchrow(
            f"SELECT * FROM catalogue_items WHERE item_id = $1{lock}", item_id
        )
        return None if row is None else self._item(row)

    async def browse(
        self,
        *,
        kind: ItemKind | None,
        skill_id: str | None,
        include_retired: bool,
        offset: int,
        limit: int,
    ) -> list[CatalogueItem]:
        rows = await self._conn.fetch(
            "SELECT * FROM catalogue_items"
            " WHERE ($1::text IS NULL OR kind = $1)"
            " AND ($2::text IS NULL OR skill_ids @> ARRAY[$2])"
            " AND (active OR $3)"
            " ORDER BY item_id OFFSET $4 LIMIT $5",
            kind,
            skill_id,
            include_retired,
            offset,
            limit,
        )
        return [self._item(r) for r in rows]

    async def building_any_of(self, skill_ids: Sequence[str]) -> list[CatalogueItem]:
        rows = await self._conn.fetch(
            "SELECT * FROM catalogue_items WHERE active AND skill_ids && $1::text[]"
            " ORDER BY item_id",
            list(skill_ids),
        )
        return [self._item(r) for r in rows]

    @staticmethod
    def _row(item: CatalogueItem) -> tuple[Any, ...]:
        return (
            item.item_id,
            item.title,
            item.kind.value,
            _skills_json(item.skills),
            sorted({s.skill_id for s in item.skills}),
            item.duration_hours,
            item.format.value,
            item.capacity,
            item.active,
        )

    @staticmethod
    def _item(row: asyncpg.Record) -> CatalogueItem:
        return CatalogueItem(
            item_id=row["item_id"],
            title=row["title"],
            kind=ItemKind(row["kind"]),
            skills=_skills(row["skills"]),
            duration_hours=row["duration_hours"],
            format=ItemFormat(row["format"]),
            capacity=row["capacity"],
            active=row["active"],
        )

    @staticmethod
    def snapshot(item: CatalogueItem) -> dict[str, Any]:
        """The item as recommended, kept with the recommendation."""
        return {
            "item_id": item.item_id,
            "title": item.title,
            "kind": item.kind.value,
            "skills": [{"skill_id": s.skill_id, "level": s.level} for s in item.skills],
            "duration_hours": item.duration_hours,
            "format": item.format.value,
            "capacity": item.capacity,
            "active": item.active,
        }

    @staticmethod
    def from_snapshot(raw: dict[str, Any]) -> CatalogueItem:
        return CatalogueItem(
            item_id=raw["item_id"],
            title=raw["title"],
            kind=ItemKind(raw["kind"]),
            skills=tuple(SkillTarget(s["skill_id"], s["level"]) for s in raw["skills"]),
            duration_hours=raw["duration_hours"],
            format=ItemFormat(raw["format"]),
            capacity=raw["capacity"],
            active=raw["active"],
        )


class EnrolmentRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def add(self, enrolment: Enrolment) -> None:
        try:
            await self._conn.execute(
                "INSERT INTO enrolments (enrolment_id, employee_id, item_id, status, enrolled_at,"
                " completed_at) VALUES ($1, $2, $3, $4, $5, $6)",
                enrolment.enrolment_id,
                enrolment.employee_id,
                enrolment.item_id,
                enrolment.status.value,
                enrolment.enrolled_at,
                enrolment.completed_at,
            )
        except asyncpg.UniqueViolationError as exc:
            raise DuplicateError(f"already enrolled on {enrolment.item_id}") from exc

    async def save(self, enrolment: Enrolment) -> None:
        await self._conn.execute(
            "UPDATE enrolments SET status = $2, completed_at = $3 WHERE enrolment_id = $1",
            enrolment.enrolment_id,
            enrolment.status.value,
            enrolment.completed_at,
        )

    async def get(self, enrolment_id: str, *, for_update: bool = False) -> Enrolment | None:
        lock = " FOR UPDATE" if for_update else ""
        row = await self._conn.fetchrow(
            f"SELECT * FROM enrolments WHERE enrolment_id = $1{lock}", enrolment_id
        )
        return None if row is None else self._enrolment(row)

    async def open_one(self, employee_id: str, item_id: str) -> Enrolment | None:
        row = await self._conn.fetchrow(
            "SELECT * FROM enrolments WHERE employee_id = $1 AND item_id = $2"
            " AND status = 'enrolled' FOR UPDATE",
            employee_id,
            item_id,
        )
        return None if row is None else self._enrolment(row)

    async def seats_taken(self, item_id: str) -> int:
        count: int = await self._conn.fetchval(
            "SELECT count(*) FROM enrolments WHERE item_id = $1 AND status = 'enrolled'", item_id
        )
        return count

    async def of_employee(self, employee_id: str, offset: int, limit: int) -> list[Enrolment]:
        rows = await self._conn.fetch(
            "SELECT * FROM enrolments WHERE employee_id = $1"
            " ORDER BY enrolled_at DESC, enrolment_id OFFSET $2 LIMIT $3",
            employee_id,
            offset,
            limit,
        )
        return [self._enrolment(r) for r in rows]

    async def on_item(
        self, item_id: str, status: EnrolmentStatus | None, offset: int, limit: int
    ) -> list[Enrolment]:
        rows = await self._conn.fetch(
            "SELECT * FROM enrolments WHERE item_id = $1 AND ($2::text IS NULL OR status = $2)"
            " ORDER BY enrolled_at, enrolment_id OFFSET $3 LIMIT $4",
            item_id,
            status,
            offset,
            limit,
        )
        return [self._enrolment(r) for r in rows]

    async def open_of(self, employee_id: str) -> list[Enrolment]:
        rows = await self._conn.fetch(
            "SELECT * FROM enrolments WHERE employee_id = $1 AND status = 'enrolled'"
            " ORDER BY enrolment_id FOR UPDATE",
            employee_id,
        )
        return [self._enrolment(r) for r in rows]

    @staticmethod
    def _enrolment(row: asyncpg.Record) -> Enrolment:
        return Enrolment(
            enrolment_id=row["enrolment_id"],
            employee_id=row["employee_id"],
            item_id=row["item_id"],
            status=EnrolmentStatus(row["status"]),
            enrolled_at=row["enrolled_at"],
            completed_at=row["completed_at"],
        )


class CompletionRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def record(
        self,
        completion_id: str,
        employee_id: str,
        item_id: str,
        source: str,
        completed_at: datetime,
    ) -> bool:
        """Whether this completion is new; a replay of a recorded one returns False."""
        inserted = await self._conn.fetchval(
            "INSERT INTO completions (completion_id, employee_id, item_id, source, completed_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING true",
            completion_id,
            employee_id,
            item_id,
            source,
            completed_at,
        )
        return bool(inserted)


class PeopleRepository:
    """The read model of employees (from EMPLOYEES topic events) that pairing and levels need."""

    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def upsert(self, person: Person, changed_at: datetime) -> bool:
        """Whether the change was applied; an older change than the one held is ignored."""
        applied = await self._conn.fetchval(
            "INSERT INTO employees (employee_id, role_id, manager_id, active, mentor_opt_in,"
            " changed_at) VALUES ($1, $2, $3, $4, $5, $6)"
            " ON CONFLICT (employee_id) DO UPDATE SET role_id = EXCLUDED.role_id,"
            " manager_id = EXCLUDED.manager_id, active = EXCLUDED.active,"
            " mentor_opt_in = EXCLUDED.mentor_opt_in, changed_at = EXCLUDED.changed_at"
            " WHERE employees.changed_at < EXCLUDED.changed_at RETURNING true",
            person.employee_id,
            person.role_id,
            person.manager_id,
            person.active,
            person.mentor_opt_in,
            changed_at,
        )
        return bool(applied)

    async def mark_left(self, employee_id: str) -> None:
        await self._conn.execute(
            "UPDATE employees SET active = false WHERE employee_id = $1", employee_id
        )

    async def replace_skills(self, employee_id: str, levels: dict[str, int]) -> None:
        await self._conn.execute("DELETE FROM employee_skills WHERE employee_id = $1", employee_id)
        await self._conn.executemany(
            "INSERT INTO employee_skills (employee_id, skill_id, level) VALUES ($1, $2, $3)",
            [(employee_id, skill_id, level) for skill_id, level in levels.items()],
        )

    async def raise_skill(self, employee_id: str, skill_id: str, level: int) -> None:
        await self._conn.execute(
            "INSERT INTO employee_skills (employee_id, skill_id, level) VALUES ($1, $2, $3)"
            " ON CONFLICT (employee_id, skill_id)"
            " DO UPDATE SET level = greatest(employee_skills.level, EXCLUDED.level)",
            employee_id,
            skill_id,
            level,
        )

    async def levels_of(self, employee_id: str) -> dict[str, int]:
        rows = await self._conn.fetch(
            "SELECT skill_id, level FROM employee_skills WHERE employee_id = $1", employee_id
        )
        return {r["skill_id"]: r["level"] for r in rows}

    async def around(self, employee_id: str, role_ids: Sequence[str]) -> list[Person]:
        """The employee's manager chain and everyone reporting to them (directly or not), plus
        everyone holding one of ``role_ids``: what mentor pairing needs to decide."""
        rows = await self._conn.fetch(
            "WITH RECURSIVE up AS ("
            "  SELECT employee_id, manager_id FROM employees WHERE employee_id = $1"
            "  UNION SELECT e.employee_id, e.manager_id FROM employees e"
            "  JOIN up ON e.employee_id = up.manager_id),"
            " down AS ("
            "  SELECT employee_id FROM employees WHERE employee_id = $1"
            "  UNION SELECT e.employee_id FROM employees e"
            "  JOIN down ON e.manager_id = down.employee_id)"
            " SELECT * FROM employees WHERE employee_id IN (SELECT employee_id FROM up)"
            " OR employee_id IN (SELECT employee_id FROM down) OR role_id = ANY($2::text[])",
            employee_id,
            list(role_ids),
        )
        return [
            Person(
                employee_id=r["employee_id"],
                role_id=r["role_id"],
                manager_id=r["manager_id"],
                active=r["active"],
                mentor_opt_in=r["mentor_opt_in"],
            )
            for r in rows
        ]


class RoleRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def upsert(self, role: Role, profile: Sequence[SkillTarget]) -> None:
        await self._conn.execute(
            "INSERT INTO roles (role_id, skill_profile, next_role_ids) VALUES ($1, $2, $3)"
            " ON CONFLICT (role_id) DO UPDATE SET skill_profile = EXCLUDED.skill_profile,"
            " next_role_ids = EXCLUDED.next_role_ids",
            role.role_id,
            _skills_json(profile),
            list(role.next_role_ids),
        )

    async def get(self, role_id: str) -> tuple[Role, tuple[SkillTarget, ...]] | None:
        row = await self._conn.fetchrow("SELECT * FROM roles WHERE role_id = $1", role_id)
        if row is None:
            return None
        return Role(row["role_id"], tuple(row["next_role_ids"])), _skills(row["skill_profile"])


class GoalRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def set(self, employee_id: str, target_role_ids: Sequence[str], set_at: datetime) -> bool:
        """Whether the goal was stored; an older goal than the one held is ignored."""
        stored = await self._conn.fetchval(
            "INSERT INTO career_goals (employee_id, target_role_ids, set_at) VALUES ($1, $2, $3)"
            " ON CONFLICT (employee_id) DO UPDATE SET target_role_ids = EXCLUDED.target_role_ids,"
            " set_at = EXCLUDED.set_at WHERE career_goals.set_at < EXCLUDED.set_at"
            " RETURNING true",
            employee_id,
            list(target_role_ids),
            set_at,
        )
        return bool(stored)

    async def short_of_mentors(
        self, mentor_role_id: str, *, exclude: str, per_goal: int, limit: int
    ) -> list[tuple[str, str]]:
        """(employee, target role) of goals a holder of ``mentor_role_id`` could mentor for
        (the target itself, or a target leading to it) with fewer than ``per_goal`` open
        pairings, oldest goal first."""
        rows = await self._conn.fetch(
            "SELECT g.employee_id, r.role_id FROM career_goals g"
            " CROSS JOIN LATERAL unnest(g.target_role_ids) AS target(role_id)"
            " JOIN roles r ON r.role_id = target.role_id"
            " WHERE (r.role_id = $1 OR $1 = ANY(r.next_role_ids)) AND g.employee_id <> $2"
            " AND (SELECT count(*) FROM mentor_pairings p WHERE p.mentee_id = g.employee_id"
            "      AND p.target_role_id = r.role_id AND p.status = ANY($3::text[])) < $4"
            " ORDER BY g.set_at, g.employee_id LIMIT $5",
            mentor_role_id,
            exclude,
            [s.value for s in OPEN_PAIRINGS],
            per_goal,
            limit,
        )
        return [(r["employee_id"], r["role_id"]) for r in rows]

    async def forget(self, employee_id: str) -> None:
        await self._conn.execute("DELETE FROM career_goals WHERE employee_id = $1", employee_id)

    async def aiming_at(self, role_id: str) -> list[str]:
        rows = await self._conn.fetch(
            "SELECT employee_id FROM career_goals WHERE target_role_ids @> ARRAY[$1]"
            " ORDER BY employee_id",
            role_id,
        )
        return [r["employee_id"] for r in rows]


class RecommendationRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def add(self, recommendation: Recommendation) -> bool:
        """Whether it is new; the same gap to the same opening or goal is stored once."""
        r = recommendation
        items = [CatalogueRepository.snapshot(i) for i in r.plan.items]
        inserted = await self._conn.fetchval(
            "INSERT INTO recommendations (recommendation_id, employee_id, opening_id,"
            " target_role_id, gap_key, gap, items, uncovered, status, recommended_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
            " RETURNING true",
            r.recommendation_id,
            r.employee_id,
            r.opening_id,
            r.target_role_id,
            r.gap.key,
            _skills_json(r.gap.targets),
            json.dumps(items),
            list(r.plan.uncovered),
            r.status.value,
            r.recommended_at,
        )
        return bool(inserted)

    async def save(self, recommendation: Recommendation) -> None:
        await self._conn.execute(
            "UPDATE recommendations SET status = $2 WHERE recommendation_id = $1",
            recommendation.recommendation_id,
            recommendation.status.value,
        )

    async def get(self, recommendation_id: str) -> Recommendation | None:
        row = await self._conn.fetchrow(
            "SELECT * FROM recommendations WHERE recommendation_id = $1", recommendation_id
        )
        return None if row is None else self._recommendation(row)

    async def of_employee(
        self, employee_id: str, *, include_dismissed: bool, offset: int, limit: int
    ) -> list[Recommendation]:
        rows = await self._conn.fetch(
            "SELECT * FROM recommendations WHERE employee_id = $1 AND (status = 'open' OR $2)"
            " ORDER BY recommended_at DESC, recommendation_id OFFSET $3 LIMIT $4",
            employee_id,
            include_dismissed,
            offset,
            limit,
        )
        return [self._recommendation(r) for r in rows]

    @staticmethod
    def _recommendation(row: asyncpg.Record) -> Recommendation:
        items = tuple(CatalogueRepository.from_snapshot(i) for i in json.loads(row["items"]))
        return Recommendation(
            recommendation_id=row["recommendation_id"],
            employee_id=row["employee_id"],
            opening_id=row["opening_id"],
            target_role_id=row["target_role_id"],
            gap=Gap(_skills(row["gap"])),
            plan=Plan(items, tuple(row["uncovered"])),
            recommended_at=row["recommended_at"],
            status=RecommendationStatus(row["status"]),
        )


class PairingRepository:
    def __init__(self, conn: Db) -> None:
        self._conn = conn

    async def lock_for_pairing(self) -> None:
        """Serialise pairing decisions, so two at once cannot both take a mentor's last slot."""
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtext('learning.pairing'))")

    async def open_counts(self, mentor_ids: Sequence[str]) -> dict[str, int]:
        rows = await self._conn.fetch(
            "SELECT mentor_id, count(*) AS n FROM mentor_pairings"
            " WHERE mentor_id = ANY($1::text[]) AND status = ANY($2::text[]) GROUP BY mentor_id",
            list(mentor_ids),
            [s.value for s in OPEN_PAIRINGS],
        )
        return {r["mentor_id"]: r["n"] for r in rows}

    async def mentors_of(self, mentee_id: str, target_role_id: str) -> list[MentorPairing]:
        rows = await self._conn.fetch(
            "SELECT * FROM mentor_pairings WHERE mentee_id = $1 AND target_role_id = $2",
            mentee_id,
            target_role_id,
        )
        return [self._pairing(r) for r in rows]

    async def add(self, pairing: MentorPairing) -> None:
        await self._conn.execute(
            "INSERT INTO mentor_pairings (pairing_id, mentee_id, mentor_id, target_role_id,"
            " status, suggested_at) VALUES ($1, $2, $3, $4, $5, $6)",
            pairing.pairing_id,
            pairing.mentee_id,
            pairing.mentor_id,
            pairing.target_role_id,
            pairing.status.value,
            pairing.suggested_at,
        )

    async def save(self, pairing: MentorPairing) -> None:
        await self._conn.execute(
            "UPDATE mentor_pairings SET status = $2 WHERE pairing_id = $1",
            pairing.pairing_id,
            pairing.status.value,
        )

    async def get(self, pairing_id: str) -> MentorPairing | None:
        row = await self._conn.fetchrow(
            "SELECT * FROM mentor_pairings WHERE pairing_id = $1", pairing_id
        )
        return None if row is None else self._pairing(row)

    async def end_all_of(self, employee_id: str) -> None:
        """An employee who left neither mentors nor is mentored any more."""
        await self._conn.execute(
            "UPDATE mentor_pairings SET status = $2 WHERE (mentee_id = $1 OR mentor_id = $1)"
            " AND status = ANY($3::text[])",
            employee_id,
            PairingStatus.ENDED.value,
            [s.value for s in OPEN_PAIRINGS],
        )

    async def involving(self, employee_id: str, offset: int, limit: int) -> list[MentorPairing]:
        rows = await self._conn.fetch(
            "SELECT * FROM mentor_pairings WHERE mentee_id = $1 OR mentor_id = $1"
            " ORDER BY suggested_at DESC, pairing_id OFFSET $2 LIMIT $3",
            employee_id,
            offset,
            limit,
        )
        return [self._pairing(r) for r in rows]

    @staticmethod
    def _pairing(row: asyncpg.Record) -> MentorPairing:
        return MentorPairing(
            pairing_id=row["pairing_id"],
            mentee_id=row["mentee_id"],
            mentor_id=row["mentor_id"],
            target_role_id=row["target_role_id"],
            status=PairingStatus(row["status"]),
            suggested_at=row["suggested_at"],
        )


class PostgresLearningUnitOfWork(PostgresUnitOfWork):
    """One transaction over every repository of the service, and the outbox."""

    def __init__(self, conn: Db, outbox: Outbox) -> None:
        super().__init__(conn, outbox)
        self.catalogue = CatalogueRepository(self.conn)
        self.enrolments = EnrolmentRepository(self.conn)
        self.completions = CompletionRepository(self.conn)
        self.people = PeopleRepository(self.conn)
        self.roles = RoleRepository(self.conn)
        self.goals = GoalRepository(self.conn)
        self.recommendations = RecommendationRepository(self.conn)
        self.pairings = PairingRepository(self.conn)
