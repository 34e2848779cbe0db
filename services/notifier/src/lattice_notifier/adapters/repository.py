"""The notifier's tables, in SQL. One class per aggregate of the read model, all on one connection
(the transaction of the event being handled, or of an HTTP request)."""

from __future__ import annotations

import json
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Collection,
    Iterable,
    Sequence,
)
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import EmployeeStatus, Event, MoveKind, Track
from lattice_platform.messaging.consumer import BatchDelivery, Delivery
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork, TraceOf

from lattice_notifier.adapters.mobility import (
    ActionRepository,
    ApplicationRepository,
    CatalogueRepository,
    MentorRepository,
)
from lattice_notifier.adapters.wire import details_of, explanation_of, opening_of
from lattice_notifier.domain.actions import material_terms
from lattice_notifier.domain.index import SharedValues
from lattice_notifier.domain.matching import Assessment
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.service_layer.unit_of_work import (
    HeldBack,
    NewSurfacing,
    Recorded,
    Withdrawal,
)

Connection = asyncpg.Connection | PoolConnectionProxy
"""A connection of its own or one lent by the pool."""

_EMPLOYEE_COLUMNS = (
    "employee_id, partition, role_id, grade, track, department, location, manager_id,"
    " role_start_date, status, discoverable, changed_at, target_role_ids, move_kinds,"
    " willing_to_relocate, acceptable_locations, goal_set_at, mentor_opt_in"
)
_EMPLOYEE_UPDATE = ", ".join(
    f"{column} = excluded.{column}" for column in _EMPLOYEE_COLUMNS.split(", ")[1:]
)
"""What an upsert of an employee's whole record sets."""
_EMPLOYEE_READ = (
    f"SELECT {', '.join(f'e.{column}' for column in _EMPLOYEE_COLUMNS.split(', '))},"
    " s.skill_ids, s.levels, s.last_used_on, s.acquired_on"
    " FROM employees e LEFT JOIN LATERAL ("
    "  SELECT array_agg(skill_id ORDER BY skill_id) AS skill_ids,"
    "   array_agg(level ORDER BY skill_id) AS levels,"
    "   array_agg(last_used_on ORDER BY skill_id) AS last_used_on,"
    "   array_agg(acquired_on ORDER BY skill_id) AS acquired_on"
    "  FROM employee_skills WHERE employee_id = e.employee_id) s ON true"
)
"""Employees with their skills, one row each (a WHERE on ``e`` to follow). Their skills come as
one array a column, rather than a row a skill: at 1M employees a restart read 8M skill rows,
and making them into records and grouping them was a fifth of its CPU."""


class EmployeeRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def get(self, employee_id: str) -> Employee | None:
        row = await self.conn.fetchrow(f"{_EMPLOYEE_READ} WHERE e.employee_id = $1", employee_id)
        return None if row is None else _employee(row, SharedValues())

    async def get_all(self, employee_ids: Collection[str]) -> dict[str, Employee]:
        """Those of ``employee_ids`` the read model knows, with one query."""
        rows = await self.conn.fetch(
            f"{_EMPLOYEE_READ} WHERE e.employee_id = ANY($1::text[])", sorted(set(employee_ids))
        )
        values = SharedValues()
        return {row["employee_id"]: _employee(row, values) for row in rows}

    async def stream(
        self, partitions: Sequence[int], values: SharedValues, batch: int = 10_000
    ) -> AsyncGenerator[list[Employee]]:
        """Through a cursor, in a transaction of its own (one snapshot; a savepoint within a
        caller's): each batch's rows are gone before the next is read. At 1M employees,
        reading a partition's rows at once left the notifier 330 MB more resident once loaded,
        the long-lived employees spread over memory the rows had held."""
        async with self.conn.transaction():
            cursor = await self.conn.cursor(
                f"{_EMPLOYEE_READ} WHERE e.partition = ANY($1::int[])", list(partitions)
            )
            while rows := await cursor.fetch(batch):
                yield [_employee(row, values) for row in rows]

    async def lock_for_surfacing(self, employee_ids: Iterable[str]) -> None:
        """Key-share lock these employees in id order (see
        :meth:`OpeningRepository.lock_for_surfacing`)."""
        await self.conn.execute(
            "SELECT 1 FROM employees WHERE employee_id = ANY($1::text[])"
            " ORDER BY employee_id FOR KEY SHARE",
            sorted(set(employee_ids)),
        )

    async def save(self, employee: Employee) -> None:
        """The whole employee: record, goal and every skill. A departure or an opt-out locks
        the row for update first, so a surfacing under way (which key-share locks the employee)
        either commits first and is withdrawn, or waits and sees it."""
        if employee.withdrawn_from_matching:
            await self.conn.execute(
                "SELECT 1 FROM employees WHERE employee_id = $1 FOR UPDATE", employee.employee_id
            )
        await self.conn.execute(
            f"INSERT INTO employees ({_EMPLOYEE_COLUMNS}) VALUES"
            " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
            f" ON CONFLICT (employee_id) DO UPDATE SET {_EMPLOYEE_UPDATE}",
            *_employee_values(employee),
        )
        await self.conn.execute(
            "DELETE FROM employee_skills WHERE employee_id = $1", employee.employee_id
        )
        await self.conn.executemany(
            "INSERT INTO employee_skills (employee_id, skill_id, level, last_used_on, acquired_on)"
            " VALUES ($1, $2, $3, $4, $5)",
            [
                (employee.employee_id, skill_id, s.level, s.last_used_on, s.acquired_on)
                for skill_id, s in employee.skills.items()
            ],
        )

    async def save_all(self, employees: Sequence[Employee]) -> None:
        """Each of ``employees`` whole (as :meth:`save`), in id order, with four statements
        whatever their number: the departures and opt-outs locked for update first, the records
        upserted, their skills replaced."""
        if not employees:
            return
        ordered = sorted(employees, key=lambda e: e.employee_id)
        ids = [e.employee_id for e in ordered]
        withdrawn = [e.employee_id for e in ordered if e.withdrawn_from_matching]
        if withdrawn:
            await self.conn.execute(
                "SELECT 1 FROM employees WHERE employee_id = ANY($1::text[])"
                " ORDER BY employee_id FOR UPDATE",
                withdrawn,
            )
        columns = list(zip(*(_employee_values(e) for e in ordered), strict=True))
        text_arrays = {12, 13, 15}  # goal columns, each row's own list: passed as JSON
        await self.conn.execute(
            f"INSERT INTO employees ({_EMPLOYEE_COLUMNS})"
            " SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12,"
            "  ARRAY(SELECT jsonb_array_elements_text(c13)),"
            "  ARRAY(SELECT jsonb_array_elements_text(c14)), c15,"
            "  ARRAY(SELECT jsonb_array_elements_text(c16)), c17, c18"
            " FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[],"
            "  $7::text[], $8::text[], $9::date[], $10::text[], $11::bool[], $12::timestamptz[],"
            "  $13::jsonb[], $14::jsonb[], $15::bool[], $16::jsonb[], $17::timestamptz[],"
            "  $18::bool[])"
            "  AS u(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17,"
            "  c18) ORDER BY c1"
            f" ON CONFLICT (employee_id) DO UPDATE SET {_EMPLOYEE_UPDATE}",
            *(
                [json.dumps(v) for v in column] if n in text_arrays else list(column)
                for n, column in enumerate(columns)
            ),
        )
        await self.conn.execute(
            "DELETE FROM employee_skills WHERE employee_id = ANY($1::text[])", ids
        )
        skills = [
            (e.employee_id, skill_id, s.level, s.last_used_on, s.acquired_on)
            for e in ordered
            for skill_id, s in sorted(e.skills.items())
        ]
        if skills:
            await self.conn.execute(
                "INSERT INTO employee_skills"
                " (employee_id, skill_id, level, last_used_on, acquired_on)"
                " SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::date[])",
                *(list(column) for column in zip(*skills, strict=True)),
            )

    async def save_skills(self, changes: Sequence[tuple[Employee, str]]) -> None:
        """Skills of employees (who may not be known otherwise yet): at most one change per
        employee and skill, each with the employee's latest state. The record of an employee
        not known yet is written in the same statement: a restart loads skills by their
        employee's partition, and no foreign key holds a skill to its employee (migration 0003).
        An employee with a profile has a record already (:func:`_skill_columns`)."""
        if changes:
            await self.conn.execute(f"WITH {_skills_saved(1)} SELECT", *_skill_columns(changes))


def _skills_saved(first: int) -> str:
    """The statement's parts that save skills (:meth:`EmployeeRepository.save_skills`), from
    the arrays of :func:`_skill_columns` at parameters ``first`` onwards."""
    new, p, e, s, level, used, acquired = (f"${first + i}" for i in range(7))
    return (
        f"known AS (INSERT INTO employees (employee_id, partition)"
        f"  SELECT * FROM unnest({new}::text[], {p}::int[])"
        "  ON CONFLICT (employee_id) DO NOTHING),"
        " skills AS (INSERT INTO employee_skills"
        "  (employee_id, skill_id, level, last_used_on, acquired_on)"
        f"  SELECT * FROM unnest({e}::text[], {s}::text[], {level}::int[], {used}::date[],"
        f"   {acquired}::date[])"
        "  ON CONFLICT (employee_id, skill_id) DO UPDATE SET"
        "  level = excluded.level, last_used_on = excluded.last_used_on,"
        "  acquired_on = excluded.acquired_on)"
    )


def _skill_columns(changes: Sequence[tuple[Employee, str]]) -> list[list[Any]]:
    """The employees without a record yet (each once, and their partitions), then the skills.
    An employee has a profile only once their record is in the read model (read from it, or
    saved by an earlier round of the transaction) and no record is ever deleted, so the
    others' rows need no look-up (about a tenth of the surfacing statement's time)."""
    rows = sorted(
        ((e.employee_id, skill_id, e.skills[skill_id]) for e, skill_id in changes),
        key=lambda row: (row[0], row[1]),  # one lock order for every writer
    )
    unknown = sorted({(e.employee_id, e.partition) for e, _ in changes if e.profile is None})
    return [
        [employee_id for employee_id, _ in unknown],
        [partition for _, partition in unknown],
        [employee_id for employee_id, _, _ in rows],
        [skill_id for _, skill_id, _ in rows],
        [held.level for _, _, held in rows],
        [held.last_used_on for _, _, held in rows],
        [held.acquired_on for _, _, held in rows],
    ]


def _employee_values(e: Employee) -> tuple[Any, ...]:
    p = e.profile
    return (
        e.employee_id,
        e.partition,
        p.role_id if p else None,
        p.grade if p else None,
        p.track.value if p else None,
        p.department if p else None,
        p.location if p else None,
        p.manager_id if p else None,
        p.role_start_date if p else None,
        p.status.value if p else None,
        p.discoverable if p else None,
        p.changed_at if p else None,
        sorted(e.goal.target_role_ids),
        sorted(k.value for k in e.goal.move_kinds),
        e.goal.willing_to_relocate,
        sorted(e.goal.acceptable_locations),
        e.goal.set_at,
        p.mentor_opt_in if p else False,
    )


# Calling an enum with a value goes through the enum machinery; a dict is several times faster,
# which counts when a restart reads a million employees.
_TRACKS = {t.value: t for t in Track}
_STATUSES = {s.value: s for s in EmployeeStatus}
_MOVE_KINDS = {k.value: k for k in MoveKind}


def _employee(row: asyncpg.Record, values: SharedValues) -> Employee:
    """The employee of a row of :data:`_EMPLOYEE_READ`, made with ``values``."""
    (
        employee_id,
        partition,
        role_id,
        grade,
        track,
        department,
        location,
        manager_id,
        role_start_date,
        status,
        discoverable,
        changed_at,
        target_role_ids,
        move_kinds,
        willing_to_relocate,
        acceptable_locations,
        goal_set_at,
        mentor_opt_in,
        skill_ids,
        levels,
        last_used_on,
        acquired_on,
    ) = row
    profile = None
    if changed_at is not None:
        profile = values.profile(
            grade=grade,
            track=_TRACKS[track],
            department=department,
            location=location,
            role_start_date=role_start_date,
            changed_at=changed_at,
            status=_STATUSES[status],
            discoverable=discoverable,
            role_id=role_id,
            manager_id=manager_id,
            mentor_opt_in=mentor_opt_in,
        )
    goal = values.goal(
        frozenset(target_role_ids),
        frozenset([_MOVE_KINDS[k] for k in move_kinds]),
        willing_to_relocate,
        frozenset(acceptable_locations),
        goal_set_at,
    )
    skills = values.skills(skill_ids, levels, last_used_on, acquired_on) if skill_ids else {}
    return Employee(employee_id, partition, profile, skills, goal)


class OpeningRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def lock_for_surfacing(self, opening_ids: Iterable[str]) -> None:
        """Key-share lock these openings in id order. A key-share lock waits only for a close
        (which locks the row for update), not for the upserts of ordinary changes, so the
        consumers of employees and of openings do not wait on each other for every row they
        share. Openings are locked before employees, each in id order, by every writer."""
        await self.conn.execute(
            "SELECT 1 FROM openings WHERE opening_id = ANY($1::text[])"
            " ORDER BY opening_id FOR KEY SHARE",
            sorted(set(opening_ids)),
        )

    async def open(self, opening: Opening, version_at: datetime) -> bool:
        """Record an opening as open; False when it is closed already or this version is older."""
        stored = await self.conn.fetchval(
            "INSERT INTO openings (opening_id, status, details, version_at)"
            " VALUES ($1, 'open', $2::jsonb, $3) ON CONFLICT (opening_id) DO UPDATE SET"
            " details = excluded.details, version_at = excluded.version_at"
            " WHERE openings.status = 'open' AND openings.version_at <= excluded.version_at"
            " RETURNING true",
            opening.opening_id,
            details_of(opening).model_dump_json(),
            version_at,
        )
        return bool(stored)

    async def open_all(self, versions: Sequence[tuple[Opening, datetime]]) -> set[str]:
        """:meth:`open` for each of ``versions`` (at most one per opening) with one statement,
        in id order; the ids of those recorded."""
        if not versions:
            return set()
        ordered = sorted(versions, key=lambda v: v[0].opening_id)
        rows = await self.conn.fetch(
            "INSERT INTO openings (opening_id, status, details, version_at)"
            " SELECT id, 'open', details, version_at"
            " FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[]) AS u(id, details, version_at)"
            " ORDER BY id ON CONFLICT (opening_id) DO UPDATE SET"
            " details = excluded.details, version_at = excluded.version_at"
            " WHERE openings.status = 'open' AND openings.version_at <= excluded.version_at"
            " RETURNING opening_id",
            [o.opening_id for o, _ in ordered],
            [details_of(o).model_dump_json() for o, _ in ordered],
            [at for _, at in ordered],
        )
        return {r["opening_id"] for r in rows}

    async def close(self, opening_id: str, at: datetime) -> None:
        """Closing is final: a late 'posted' or 'updated' never reopens it. The row is locked
        for update first, so a surfacing under way either commits first and is withdrawn, or
        waits and sees the opening closed."""
        await self.conn.execute(
            "SELECT 1 FROM openings WHERE opening_id = $1 FOR UPDATE", opening_id
        )
        await self.conn.execute(
            "INSERT INTO openings (opening_id, status, details, version_at)"
            " VALUES ($1, 'closed', '{}'::jsonb, $2) ON CONFLICT (opening_id) DO UPDATE SET"
            " status = 'closed', version_at = greatest(openings.version_at, excluded.version_at)",
            opening_id,
            at,
        )

    async def all_open(self) -> list[Opening]:
        rows = await self.conn.fetch("SELECT details FROM openings WHERE status = 'open'")
        return [opening_of(ev.OpeningDetails.model_validate_json(r["details"])) for r in rows]


class OpportunityRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def insert_new(
        self, surfacings: Sequence[tuple[Assessment, Opening]], day: date, at: datetime
    ) -> list[NewSurfacing]:
        return (await self.record(surfacings, (), day, at)).surfaced

    async def new_near_misses(
        self, assessments: Sequence[Assessment], at: datetime
    ) -> list[Assessment]:
        return (await self.record((), assessments, at.date(), at)).near_misses

    async def record(
        self,
        surfacings: Sequence[tuple[Assessment, Opening]],
        near_misses: Sequence[Assessment],
        day: date,
        at: datetime,
        *,
        skills: Sequence[tuple[Employee, str]] = (),
    ) -> Recorded:
        """Insert the pairs that have no active surfacing and count them towards each
        employee's surfacings of ``day`` (the daily cap); the near misses never reported before
        are recorded in the same statement. Return only what was inserted. The unique index on
        active pairs is what makes 'once per pair' hold under any redelivery. A pair dismissed
        under the opening's current material terms is skipped; one dismissed under other terms
        starts anew (its dismissal is forgotten) and is inserted. ``skills``: saved in the same
        statement, as :meth:`EmployeeRepository.save_skills` saves them (it takes no lock the
        surfacing waits for: an employee's skills have one writer, its partition's consumer)."""
        if not surfacings and not near_misses:
            await EmployeeRepository(self.conn).save_skills(skills)
            return Recorded([], [])
        explanations = [explanation_of(a) for a, _ in surfacings]
        rows = await self.conn.fetch(
            ("WITH " + _skills_saved(13) + "," if skills else "WITH") + " new AS ("
            "  SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[],"
            "                       $6::text[], $7::jsonb[], $10::text[])"
            "    AS n(employee_id, opening_id, rank, title, kind, temporary_kind, explanation,"
            "         terms)),"
            # Dismissed pairs (docs/matching.md): read in this statement's snapshot, before the
            # forgetting below, as the surfacing step's one look at them.
            " dismissed AS MATERIALIZED (SELECT a.employee_id, a.opening_id,"
            "  coalesce(a.dismissed_terms, '') AS terms FROM pair_actions a"
            "  WHERE a.state = 'dismissed' AND (a.employee_id, a.opening_id) IN"
            "   (SELECT employee_id, opening_id FROM new)),"
            " forgotten AS (UPDATE pair_actions a SET state = 'new', dismiss_reason = NULL,"
            "  dismissed_terms = NULL FROM dismissed d JOIN new USING (employee_id, opening_id)"
            "  WHERE d.terms <> new.terms AND a.state = 'dismissed'"
            "  AND (a.employee_id, a.opening_id) = (d.employee_id, d.opening_id)),"
            # Key-share locks order us with a concurrent close, departure or opt-out (each locks
            # its row for update): whichever commits first, the other sees it (no surfacing of
            # a closed opening or to a leaver). Ordinary upserts do not block them.
            " locked_openings AS MATERIALIZED (SELECT opening_id, status FROM openings"
            "  WHERE opening_id = ANY($2::text[]) ORDER BY opening_id FOR KEY SHARE),"
            " locked_employees AS MATERIALIZED (SELECT employee_id, status, discoverable"
            "  FROM employees WHERE employee_id = ANY($1::text[]) ORDER BY employee_id"
            "  FOR KEY SHARE),"
            " numbered AS ("
            "  SELECT new.*, coalesce((SELECT max(seq) FROM opportunities o"
            "    WHERE o.employee_id = new.employee_id AND o.opening_id = new.opening_id), 0) + 1"
            "    AS seq FROM new"
            "  WHERE new.opening_id NOT IN"
            "    (SELECT opening_id FROM locked_openings WHERE status = 'closed')"
            "  AND NOT EXISTS (SELECT 1 FROM dismissed d WHERE d.employee_id = new.employee_id"
            "    AND d.opening_id = new.opening_id AND d.terms = new.terms)"
            "  AND new.employee_id NOT IN (SELECT employee_id FROM locked_employees"
            "    WHERE status = 'left' OR discoverable IS false)"
            "  ORDER BY employee_id),"
            " inserted AS (INSERT INTO opportunities (opportunity_id, employee_id, opening_id,"
            "   seq, day, rank, title, kind, temporary_kind, explanation, surfaced_at)"
            "  SELECT employee_id || ':' || opening_id || ':' || seq, employee_id, opening_id,"
            "   seq, $8, rank, title, kind, temporary_kind, explanation, $9 FROM numbered"
            "  ON CONFLICT (employee_id, opening_id) WHERE status = 'active' DO NOTHING"
            "  RETURNING opportunity_id, employee_id, opening_id),"
            # Row-locked upserts: two consumers surfacing to one employee at once cannot both
            # take the last place under the cap.
            " counted AS (INSERT INTO daily_surfacings (employee_id, day, surfaced)"
            "  SELECT employee_id, $8, count(*) FROM inserted GROUP BY employee_id"
            "  ORDER BY employee_id"
            "  ON CONFLICT (employee_id, day) DO UPDATE"
            "  SET surfaced = daily_surfacings.surfaced + excluded.surfaced"
            "  RETURNING employee_id, surfaced),"
            # Near misses are recorded once per pair: the rows returned without an
            # opportunity are those new.
            " near AS (INSERT INTO near_misses (employee_id, opening_id, detected_at)"
            "  SELECT e, o, $9 FROM unnest($11::text[], $12::text[]) AS u(e, o) ORDER BY e"
            "  ON CONFLICT DO NOTHING RETURNING employee_id, opening_id)"
            " SELECT i.opportunity_id, i.employee_id, i.opening_id,"
            "  c.surfaced - count(*) OVER (PARTITION BY i.employee_id) AS earlier_today"
            " FROM inserted i JOIN counted c USING (employee_id)"
            " UNION ALL SELECT NULL, employee_id, opening_id, NULL FROM near",
            [a.employee_id for a, _ in surfacings],
            [o.opening_id for _, o in surfacings],
            [a.rank for a, _ in surfacings],
            [o.title for _, o in surfacings],
            [o.kind.value for _, o in surfacings],
            [o.temporary_kind.value if o.temporary_kind else None for _, o in surfacings],
            [e.model_dump_json() for e in explanations],
            day,
            at,
            [material_terms(o) for _, o in surfacings],
            [a.employee_id for a in near_misses],
            [a.opening_id for a in near_misses],
            *(_skill_columns(skills) if skills else ()),
        )
        by_pair = {
            (a.employee_id, o.opening_id): (a, o, e)
            for (a, o), e in zip(surfacings, explanations, strict=True)
        }
        surfaced = [
            NewSurfacing(
                row["opportunity_id"],
                *by_pair[(row["employee_id"], row["opening_id"])],
                earlier_today=row["earlier_today"],
            )
            for row in rows
            if row["opportunity_id"] is not None
        ]
        new = {(r["employee_id"], r["opening_id"]) for r in rows if r["opportunity_id"] is None}
        return Recorded(surfaced, [a for a in near_misses if (a.employee_id, a.opening_id) in new])

    async def hold_for_digest(self, opportunity_ids: Sequence[str]) -> None:
        if opportunity_ids:
            await self.conn.execute(
                "UPDATE opportunities SET delivery = 'digest'"
                " WHERE opportunity_id = ANY($1::text[])",
                list(opportunity_ids),
            )

    async def active_openings_of_all(self, employee_ids: Collection[str]) -> dict[str, list[str]]:
        return await self._active("employee_id", "opening_id", employee_ids)

    async def active_employees_for_all(self, opening_ids: Collection[str]) -> dict[str, list[str]]:
        return await self._active("opening_id", "employee_id", opening_ids)

    async def _active(self, of: str, which: str, ids: Collection[str]) -> dict[str, list[str]]:
        if not ids:
            return {}
        rows = await self.conn.fetch(
            f"SELECT {of}, {which} FROM opportunities"
            f" WHERE {of} = ANY($1::text[]) AND status = 'active'",
            sorted(set(ids)),
        )
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(row[of], []).append(row[which])
        return found

    async def withdraw(
        self, where: str, args: Sequence[Any], reason: str, at: datetime
    ) -> list[Withdrawal]:
        rows = await self.conn.fetch(
            "UPDATE opportunities SET status = 'withdrawn', withdrawn_at = $1, withdraw_reason = $2"
            f" WHERE status = 'active' AND {where}"
            " RETURNING opportunity_id, employee_id, opening_id",
            at,
            reason,
            *args,
        )
        return [Withdrawal(r["opportunity_id"], r["employee_id"], r["opening_id"]) for r in rows]

    async def withdraw_opening(
        self, opening_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]:
        return await self.withdraw("opening_id = $3", [opening_id], reason, at)

    async def withdraw_employee(
        self, employee_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]:
        return await self.withdraw("employee_id = $3", [employee_id], reason, at)

    async def withdraw_pairs(
        self, pairs: Sequence[tuple[str, str]], reason: str, at: datetime
    ) -> list[Withdrawal]:
        if not pairs:
            return []
        return await self.withdraw(
            "(employee_id, opening_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))",
            [[e for e, _ in pairs], [o for _, o in pairs]],
            reason,
            at,
        )

    async def take_due_digests(self, before: date, at: datetime) -> list[HeldBack]:
        """Claim every held-back, still active surfacing of days before ``before`` (row locks keep
        two replicas from claiming the same one)."""
        rows = await self.conn.fetch(
            "UPDATE opportunities SET digested_at = $2"
            " WHERE delivery = 'digest' AND digested_at IS NULL AND status = 'active' AND day < $1"
            " RETURNING opportunity_id, employee_id, opening_id, day",
            before,
            at,
        )
        return [
            HeldBack(r["opportunity_id"], r["employee_id"], r["opening_id"], r["day"]) for r in rows
        ]


@dataclass(frozen=True)
class FeedItem:
    opportunity_id: str
    opening_id: str
    title: str
    kind: str
    temporary_kind: str | None
    status: str
    delivery: str
    rank: float
    surfaced_at: datetime
    withdrawn_at: datetime | None
    withdraw_reason: str | None
    explanation: ev.Explanation
    state: str = "new"  # what the employee did with it (domain.actions.PairState)
    application: str | None = None  # the application's status (ev.ApplicationStatus)


class FeedRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def page(
        self,
        employee_id: str,
        *,
        limit: int,
        after: tuple[float, str] | None,
        include_withdrawn: bool,
    ) -> list[FeedItem]:
        rows = await self.conn.fetch(
            "SELECT o.opportunity_id, o.opening_id, o.title, o.kind, o.temporary_kind, o.status,"
            " o.delivery, o.rank, o.surfaced_at, o.withdrawn_at, o.withdraw_reason,"
            " o.explanation, coalesce(a.state, 'new') AS state, ap.status AS application"
            " FROM opportunities o"
            " LEFT JOIN pair_actions a USING (employee_id, opening_id)"
            " LEFT JOIN applications ap USING (employee_id, opening_id)"
            " WHERE o.employee_id = $1 AND ($2 OR o.status = 'active'"
            # An invitation shows on the pair's latest item, even one set aside.
            "  OR (ap.status = 'invited' AND NOT EXISTS (SELECT 1 FROM opportunities later"
            "   WHERE later.employee_id = o.employee_id AND later.opening_id = o.opening_id"
            "   AND later.seq > o.seq)))"
            " AND ($3::float8 IS NULL OR o.rank < $3 OR (o.rank = $3 AND o.opportunity_id > $4))"
            " ORDER BY o.rank DESC, o.opportunity_id LIMIT $5",
            employee_id,
            include_withdrawn,
            after[0] if after else None,
            after[1] if after else None,
            limit,
        )
        return [
            FeedItem(
                **{k: v for k, v in r.items() if k != "explanation"},
                explanation=ev.Explanation.model_validate_json(r["explanation"]),
            )
            for r in rows
        ]


class PostgresNotifierUnitOfWork(PostgresUnitOfWork):
    def __init__(
        self,
        conn: Connection,
        outbox: Outbox,
        after_commit: Callable[[Callable[[], None]], None] | None = None,
        trace_of: TraceOf | None = None,
        transaction_id: str | None = None,
    ) -> None:
        """``transaction_id``: the id of the transaction on ``conn``, when known (the consumer's
        inbox statement returns it)."""
        super().__init__(cast(asyncpg.Connection, conn), outbox, trace_of)
        self.employees = EmployeeRepository(conn)
        self.openings = OpeningRepository(conn)
        self.opportunities = OpportunityRepository(conn)
        self.feed = FeedRepository(conn)
        self.actions = ActionRepository(conn)
        self.applications = ApplicationRepository(conn)
        self.catalogue = CatalogueRepository(conn)
        self.mentors = MentorRepository(conn)
        self._after_commit = after_commit
        self._transaction_id = transaction_id

    @classmethod
    def of(cls, delivery: Delivery) -> PostgresNotifierUnitOfWork:
        return cls(
            delivery.conn,
            delivery.outbox,
            delivery.after_commit,
            transaction_id=delivery.transaction_id,
        )

    @classmethod
    def of_batch(
        cls, batch: BatchDelivery, about: Callable[[Event], str | None] | None = None
    ) -> PostgresNotifierUnitOfWork:
        """The transaction of a batch: what is published about an employee continues the trace
        of that employee's last event (``about``: of the last event with the key it names)."""
        return cls(
            batch.conn,
            batch.outbox,
            batch.after_commit,
            batch.trace_by_key(about),
            batch.transaction_id,
        )

    @classmethod
    @asynccontextmanager
    async def committed(
        cls, conn: Connection, outbox: Outbox
    ) -> AsyncIterator[PostgresNotifierUnitOfWork]:
        """A transaction of its own on ``conn``: committed when the block ends, and what waits
        for the commit run then; rolled back if it raises."""
        callbacks: list[Callable[[], None]] = []
        async with conn.transaction():
            yield cls(conn, outbox, callbacks.append)
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        if self._after_commit is None:
            raise RuntimeError("this unit of work has no in-memory effects to run")
        self._after_commit(callback)

    async def transaction_id(self) -> str:
        """This transaction's PostgreSQL id (assigned now if it had none); asked of PostgreSQL
        only when the delivery did not bring it."""
        if self._transaction_id is not None:
            return self._transaction_id
        return str(await self.conn.fetchval("SELECT pg_current_xact_id()::text"))

    async def aborted(self, transaction_ids: Collection[str]) -> set[str]:
        """Those of ``transaction_ids`` that will never commit: rolled back, or too old for
        PostgreSQL to tell (long settled)."""
        rows = await self.conn.fetch(
            "SELECT id FROM unnest($1::text[]) AS id"
            " WHERE pg_xact_status(id::xid8) IS DISTINCT FROM 'in progress'"
            " AND pg_xact_status(id::xid8) IS DISTINCT FROM 'committed'",
            sorted(transaction_ids),
        )
        return {r["id"] for r in rows}
