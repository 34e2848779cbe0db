"""A batch handled in rounds has the effect of its events handled one at a time: random event
sequences over a few employees and openings, cut into random batches, give the same read model,
index and published events on PostgreSQL as the same events each in a transaction of its own.

Consecutive skills of one employee in a batch are one change either way (matched once, as the
learning topic's skills always were), so the one-at-a-time side handles them together too.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import asyncpg
import pytest
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import HeldSkill, MatchPolicy
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import (
    EmployeeChange,
    GoalSet,
    Left,
    Matching,
    OpeningChange,
    OpeningClosed,
    OpeningPublished,
    RecordChanged,
    SkillGained,
)
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import MoveKind
from lattice_platform.db import load_migrations, migrate, platform_migrations
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox
from notifier_builders import NOW, TODAY, employee, goal, published, required
from notifier_fakes import FakeNotifierUnitOfWork

UseCase = Callable[[PostgresNotifierUnitOfWork, Matching, Any], Awaitable[None]]

CASES = 60
EMPLOYEES = ["E1", "E2", "E3", "E4", "E5"]
OPENINGS = ["OP1", "OP2", "OP3", "OP4"]
SKILLS = ["python", "go", "sql", "rust"]
TABLES = {  # what each side's read model holds, and the order to read it in
    "employees": "employee_id",
    "employee_skills": "employee_id, skill_id",
    "openings": "opening_id",
    "opportunities": "opportunity_id",
    "daily_surfacings": "employee_id, day",
    "near_misses": "employee_id, opening_id",
}


@dataclass
class Side:
    """One notifier: its schema, its index, and what it published."""

    conn: asyncpg.Connection
    m: Matching = field(
        default_factory=lambda: Matching(
            MatchIndex(MatchPolicy()), partitions=3, daily_cap=1, clock=lambda: NOW
        )
    )

    async def handle(self, use_case: UseCase, changes: Sequence[Any]) -> None:
        """One transaction, its index changes applied once it commits."""
        outbox = Outbox("notifier", TopicNames())
        async with PostgresNotifierUnitOfWork.committed(self.conn, outbox) as uow:
            await use_case(uow, self.m, changes)

    async def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {
            table: [
                dict(r) for r in await self.conn.fetch(f"SELECT * FROM {table} ORDER BY {order}")
            ]
            for table, order in TABLES.items()
        }

    async def published(self) -> list[tuple[str, dict[str, Any]]]:
        rows = await self.conn.fetch("SELECT key, value, headers FROM outbox ORDER BY id")
        return [(dict(json.loads(r["headers"]))["ce_type"], json.loads(r["value"])) for r in rows]


@pytest.fixture
async def sides(database_url: str) -> AsyncIterator[tuple[asyncpg.Connection, asyncpg.Connection]]:
    migrations = load_migrations(resources.files("lattice_notifier") / "migrations")
    conns = []
    try:
        for schema in ("one_at_a_time", "in_rounds"):
            conn = await asyncpg.connect(database_url)
            conns.append(conn)
            await migrate(conn, schema, [*platform_migrations(), *migrations])
            await conn.execute(f"SET search_path TO {schema}, public")
        yield conns[0], conns[1]
    finally:
        for conn in conns:
            await conn.close()


# --------------------------------------------------------------------------- random events


def at(rng: random.Random) -> datetime:
    """A version time: often later than the last, sometimes older."""
    return NOW + timedelta(minutes=rng.randint(-10, 40))


def employee_change(rng: random.Random, employee_id: str) -> EmployeeChange:
    kind = rng.choices(["record", "goal", "left", "skill"], weights=[5, 2, 1, 4])[0]
    if kind == "record":
        someone = employee(
            employee_id,
            skills={
                s: HeldSkill(rng.choice([2, 3, 4, 5]), TODAY)
                for s in ["python", *rng.sample(SKILLS[1:], rng.randint(0, 3))]
            },
            changed_at=at(rng),
            grade=rng.choice([4, 5, 5, 5, 6]),
            location=rng.choice(["lisbon", "lisbon", "porto"]),
            discoverable=rng.random() > 0.15,
        )
        assert someone.profile is not None
        return RecordChanged(
            employee_id, someone.profile, dict(someone.skills), erased=rng.random() < 0.05
        )
    if kind == "goal":
        return GoalSet(
            employee_id,
            goal(
                target_role_ids=frozenset(rng.sample(["swe-3", "swe-4"], rng.randint(0, 1))),
                move_kinds=frozenset(rng.sample(list(MoveKind), rng.randint(0, 2))),
                set_at=at(rng),
            ),
        )
    if kind == "left":
        return Left(employee_id, TODAY)
    return SkillGained(
        employee_id,
        rng.choice(SKILLS),
        rng.randint(2, 5),
        TODAY,
        newly_acquired=rng.random() > 0.3,
        learned=rng.random() > 0.3,
        last_used_on=TODAY,
    )


def opening_change(rng: random.Random, opening_id: str) -> OpeningChange:
    if rng.random() < 0.12:
        return OpeningClosed(opening_id)
    return OpeningPublished(
        published(
            opening_id,
            grade=rng.choice([5, 5, 6]),
            role_id=rng.choice(["swe-3", "swe-4"]),
            required_skills=(
                required("python", 4),
                *(
                    required(s, rng.choice([3, 4]), must_have=rng.random() < 0.2)
                    for s in rng.sample(SKILLS[1:], rng.randint(0, 1))
                ),
            ),
        ),
        at(rng),
    )


def cuts(rng: random.Random, n: int) -> list[tuple[int, int]]:
    """``range(n)`` cut into random consecutive batches."""
    bounds = sorted(rng.sample(range(1, n), rng.randint(0, n - 1))) if n > 1 else []
    edges = [0, *bounds, n]
    return list(itertools.pairwise(edges))


def one_at_a_time(batch: Sequence[EmployeeChange]) -> list[list[EmployeeChange]]:
    """The batch's changes one at a time, but an employee's consecutive skills together."""
    entries: list[list[EmployeeChange]] = []
    last: dict[str, list[EmployeeChange]] = {}
    for c in batch:
        previous = last.get(c.employee_id)
        if (
            previous is not None
            and isinstance(c, SkillGained)
            and isinstance(previous[-1], SkillGained)
        ):
            previous.append(c)
            continue
        last[c.employee_id] = [c]
        entries.append(last[c.employee_id])
    return entries


# --------------------------------------------------------------------------- the property


async def test_a_batch_in_rounds_has_the_effect_of_its_events_one_at_a_time(
    sides: tuple[asyncpg.Connection, asyncpg.Connection],
) -> None:
    rounds_seen = 0
    for case in range(CASES):
        rng = random.Random(case)
        for conn in sides:
            await conn.execute(f"TRUNCATE outbox, {', '.join(TABLES)}")
        single, batched = Side(sides[0]), Side(sides[1])
        for stream in range(4):
            if stream % 2 == 0:
                keys = rng.sample(OPENINGS, rng.randint(1, len(OPENINGS)))
                opening_events = [
                    opening_change(rng, rng.choice(keys)) for _ in range(rng.randint(1, 12))
                ]
                for c in opening_events:
                    await single.handle(handlers.opening_changes, [c])
                for start, end in cuts(rng, len(opening_events)):
                    part = opening_events[start:end]
                    await batched.handle(handlers.opening_changes, part)
            else:
                keys = rng.sample(EMPLOYEES, rng.randint(1, len(EMPLOYEES)))
                events = [employee_change(rng, rng.choice(keys)) for _ in range(rng.randint(1, 30))]
                for start, end in cuts(rng, len(events)):
                    part = events[start:end]
                    rounds_seen += max(0, len(part) - len({c.employee_id for c in part}))
                    for entry in one_at_a_time(part):
                        await single.handle(handlers.employee_changes, entry)
                    await batched.handle(handlers.employee_changes, part)

        assert await batched.tables() == await single.tables(), f"case {case}: the read model"
        assert by_pair(await batched.published()) == by_pair(await single.published()), (
            f"case {case}: what each pair was told, in order"
        )
        assert sorted_events(await batched.published()) == sorted_events(await single.published())
        assert batched.m.index.employees == single.m.index.employees, f"case {case}: the index"
        assert batched.m.index.openings == single.m.index.openings, f"case {case}: the index"
        assert not batched.m.index.staging_owners()
    assert rounds_seen > CASES, "batches held several events of one key"


def by_pair(published: list[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str], list[Any]]:
    pairs: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for kind, value in published:
        pairs[(value["employee_id"], value["opening_id"])].append((kind, value))
    return dict(pairs)


def sorted_events(published: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return sorted(json.dumps(p, sort_keys=True) for p in published)


async def test_the_daily_cap_follows_the_offset_order_across_rounds() -> None:
    """OP-A's update (second in the batch) surfaces it in the second round, after OP-B (third in
    the batch) in the first: under a cap of one, OP-A is notified and OP-B waits for the digest,
    as one event at a time."""
    uow = FakeNotifierUnitOfWork()
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=1, clock=lambda: NOW)
    someone = employee("E1")
    assert someone.profile is not None
    await handlers.employee_record_changed(uow, m, "E1", someone.profile, dict(someone.skills))
    uow.commit()

    await handlers.opening_changes(
        uow,
        m,
        [
            OpeningPublished(published("OP-A", grade=7), NOW),  # out of E1's reach
            OpeningPublished(published("OP-A"), NOW + timedelta(minutes=1)),
            OpeningPublished(published("OP-B"), NOW),
        ],
    )
    uow.commit()

    notified = [
        e.opening_id
        for e in uow.events(ev.OpportunitySurfaced)
        if isinstance(e, ev.OpportunitySurfaced)
    ]
    assert notified == ["OP-A"]
    assert {(r.opening_id, r.delivery) for r in uow.opportunities.active("E1")} == {
        ("OP-A", "notified"),
        ("OP-B", "digest"),
    }
