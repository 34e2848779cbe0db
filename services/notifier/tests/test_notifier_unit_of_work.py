"""The in-memory unit of work the handler tests use keeps the rules PostgreSQL's does: each test
runs on both, through the protocol the handlers see."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import partial
from importlib import resources

import asyncpg
import pytest
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.actions import material_terms
from lattice_notifier.domain.index import MatchIndex, SharedValues
from lattice_notifier.domain.matching import Assessment, Verdict, assess
from lattice_notifier.domain.model import CareerGoal, Employee, HeldSkill, MatchPolicy, Opening
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching
from lattice_notifier.service_layer.unit_of_work import NotifierUnitOfWork
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, Track
from lattice_platform.db import load_migrations, migrate, platform_migrations
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox
from notifier_builders import NOW, TODAY, employee, opening, published
from notifier_fakes import FakeNotifierUnitOfWork


@pytest.fixture
def in_memory() -> NotifierUnitOfWork:
    return FakeNotifierUnitOfWork()


@pytest.fixture
async def in_postgresql(database_url: str) -> AsyncIterator[NotifierUnitOfWork]:
    conn = await asyncpg.connect(database_url)
    try:
        migrations = load_migrations(resources.files("lattice_notifier") / "migrations")
        await migrate(conn, "notifier", [*platform_migrations(), *migrations])
        await conn.execute("SET search_path TO notifier, public")
        yield PostgresNotifierUnitOfWork(conn, Outbox("notifier", TopicNames()))
    finally:
        await conn.close()


@pytest.fixture(params=["in_memory", "in_postgresql"])
def uow(request: pytest.FixtureRequest) -> NotifierUnitOfWork:
    found: NotifierUnitOfWork = request.getfixturevalue(request.param)
    return found


def match(employee_id: str, posted: Opening) -> tuple[Assessment, Opening]:
    assessment = assess(employee(employee_id), posted, MatchPolicy(), TODAY)
    assert assessment.verdict is Verdict.SURFACE
    return assessment, posted


async def test_a_pair_is_inserted_once_while_active_and_anew_after_a_withdrawal(
    uow: NotifierUnitOfWork,
) -> None:
    op1, op2 = opening("OP1"), opening("OP2")
    first = await uow.opportunities.insert_new([match("E1", op1)], TODAY, NOW)
    again = await uow.opportunities.insert_new([match("E1", op1), match("E1", op2)], TODAY, NOW)
    assert [s.opportunity_id for s in first] == ["E1:OP1:1"]
    assert [s.opportunity_id for s in again] == ["E1:OP2:1"]

    withdrawn = await uow.opportunities.withdraw_pairs([("E1", "OP1")], "opted_out", NOW)
    assert [w.opportunity_id for w in withdrawn] == ["E1:OP1:1"]
    assert await uow.opportunities.withdraw_pairs([("E1", "OP1")], "opted_out", NOW) == []

    anew = await uow.opportunities.insert_new([match("E1", op1)], TODAY, NOW)
    assert [s.opportunity_id for s in anew] == ["E1:OP1:2"]
    active = await uow.opportunities.active_openings_of_all(["E1", "E2"])
    assert {e: sorted(ids) for e, ids in active.items()} == {"E1": ["OP1", "OP2"]}
    assert await uow.opportunities.active_employees_for_all(["OP1", "OP3"]) == {"OP1": ["E1"]}


async def test_each_surfacing_knows_how_many_the_employee_had_earlier_that_day(
    uow: NotifierUnitOfWork,
) -> None:
    posted = [opening(f"OP{i}") for i in range(4)]
    await uow.opportunities.insert_new([match("E1", posted[0])], TODAY, NOW)

    later = await uow.opportunities.insert_new(
        [match("E1", posted[1]), match("E1", posted[2]), match("E2", posted[1])], TODAY, NOW
    )
    next_day = await uow.opportunities.insert_new(
        [match("E1", posted[3])], TODAY + timedelta(days=1), NOW + timedelta(days=1)
    )

    assert sorted((s.assessment.employee_id, s.earlier_today) for s in later) == [
        ("E1", 1),
        ("E1", 1),
        ("E2", 0),
    ]
    assert [s.earlier_today for s in next_day] == [0]


async def test_nothing_is_surfaced_for_a_closed_opening_or_to_a_leaver_or_an_opted_out(
    uow: NotifierUnitOfWork,
) -> None:
    await uow.openings.open(published("OP1"), NOW)
    await uow.openings.close("OP1", NOW)
    await uow.employees.save(employee("E2", status=EmployeeStatus.LEFT))
    await uow.employees.save(employee("E3", discoverable=False))
    await uow.employees.save(employee("E4"))
    op2 = opening("OP2")

    new = await uow.opportunities.insert_new(
        [match("E4", opening("OP1")), match("E2", op2), match("E3", op2), match("E4", op2)],
        TODAY,
        NOW,
    )

    assert [s.opportunity_id for s in new] == ["E4:OP2:1"]


async def test_withdrawing_an_opening_or_an_employee_ends_only_their_active_surfacings(
    uow: NotifierUnitOfWork,
) -> None:
    op1, op2 = opening("OP1"), opening("OP2")
    await uow.opportunities.insert_new(
        [match("E1", op1), match("E1", op2), match("E2", op1)], TODAY, NOW
    )

    by_opening = await uow.opportunities.withdraw_opening("OP1", "opening_closed", NOW)
    by_employee = await uow.opportunities.withdraw_employee("E1", "employee_left", NOW)

    assert sorted(w.opportunity_id for w in by_opening) == ["E1:OP1:1", "E2:OP1:1"]
    assert [w.opportunity_id for w in by_employee] == ["E1:OP2:1"]
    assert await uow.opportunities.active_openings_of_all(["E1"]) == {}


async def test_held_back_surfacings_of_past_days_are_claimed_for_a_digest_once(
    uow: NotifierUnitOfWork,
) -> None:
    op1, op2, op3 = opening("OP1"), opening("OP2"), opening("OP3")
    new = await uow.opportunities.insert_new(
        [match("E1", op1), match("E1", op2), match("E1", op3)], TODAY, NOW
    )
    held = sorted(s.opportunity_id for s in new if s.opening.opening_id != "OP1")
    await uow.opportunities.hold_for_digest(held)
    await uow.opportunities.withdraw_pairs([("E1", "OP3")], "opted_out", NOW)

    assert await uow.opportunities.take_due_digests(TODAY, NOW) == []  # the day is not over
    tomorrow = TODAY + timedelta(days=1)
    claimed = await uow.opportunities.take_due_digests(tomorrow, NOW)
    assert [(h.opportunity_id, h.day) for h in claimed] == [("E1:OP2:1", TODAY)]
    assert await uow.opportunities.take_due_digests(tomorrow, NOW) == []


async def dismiss(uow: NotifierUnitOfWork, employee_id: str, dismissed: Opening) -> None:
    """What the dismiss action stores: the pair's state and the opening's terms then."""
    terms = material_terms(dismissed)
    if isinstance(uow, FakeNotifierUnitOfWork):
        uow.actions.rows[(employee_id, dismissed.opening_id)] = terms
        return
    assert isinstance(uow, PostgresNotifierUnitOfWork)
    await uow.conn.execute(
        "INSERT INTO pair_actions (employee_id, opening_id, state, dismiss_reason,"
        " dismissed_terms) VALUES ($1, $2, 'dismissed', 'not_now', $3)",
        employee_id,
        dismissed.opening_id,
        terms,
    )


async def dismissed_pairs(uow: NotifierUnitOfWork) -> set[tuple[str, str]]:
    if isinstance(uow, FakeNotifierUnitOfWork):
        return set(uow.actions.rows)
    assert isinstance(uow, PostgresNotifierUnitOfWork)
    rows = await uow.conn.fetch(
        "SELECT employee_id, opening_id FROM pair_actions WHERE state = 'dismissed'"
    )
    return {(r["employee_id"], r["opening_id"]) for r in rows}


async def test_a_dismissed_pair_is_left_out_until_the_opening_changes_materially(
    uow: NotifierUnitOfWork,
) -> None:
    await dismiss(uow, "E1", opening("OP1"))
    await dismiss(uow, "E1", opening("OP2"))

    new = await uow.opportunities.insert_new(
        [
            match("E1", opening("OP1", title="Renamed")),  # not material
            match("E1", opening("OP2", remote=True)),  # material
            match("E2", opening("OP1")),  # dismissed by someone else only
        ],
        TODAY,
        NOW,
    )

    assert sorted(s.opportunity_id for s in new) == ["E1:OP2:1", "E2:OP1:1"]
    assert await dismissed_pairs(uow) == {("E1", "OP1")}, "E1 and OP2 start anew"
    again = await uow.opportunities.insert_new([match("E1", opening("OP1"))], TODAY, NOW)
    assert again == []


async def test_a_near_miss_is_new_once_per_pair(uow: NotifierUnitOfWork) -> None:
    near = assess(employee("E1"), opening("OP1", threshold=1.1), MatchPolicy(), TODAY)
    assert near.verdict is Verdict.NEAR_MISS

    assert await uow.opportunities.new_near_misses([near], NOW) == [near]
    assert await uow.opportunities.new_near_misses([near], NOW) == []


async def test_surfacings_and_near_misses_are_recorded_together_each_once(
    uow: NotifierUnitOfWork,
) -> None:
    near = assess(employee("E1"), opening("OP2", threshold=1.1), MatchPolicy(), TODAY)
    assert near.verdict is Verdict.NEAR_MISS

    first = await uow.opportunities.record([match("E1", opening("OP1"))], [near], TODAY, NOW)
    again = await uow.opportunities.record([match("E1", opening("OP1"))], [near], TODAY, NOW)
    only_near = await uow.opportunities.record([], [near], TODAY, NOW)

    assert [(s.opportunity_id, s.earlier_today) for s in first.surfaced] == [("E1:OP1:1", 0)]
    assert first.near_misses == [near]
    assert again.surfaced == []
    assert again.near_misses == []
    assert only_near.near_misses == []


async def test_an_opening_keeps_its_newest_version_and_stays_closed(
    uow: NotifierUnitOfWork,
) -> None:
    assert await uow.openings.open(published("OP1", title="Second"), NOW)
    assert not await uow.openings.open(published("OP1", title="First"), NOW - timedelta(hours=1))
    assert await uow.openings.open(published("OP2"), NOW)
    await uow.openings.close("OP2", NOW)
    assert not await uow.openings.open(published("OP2"), NOW + timedelta(days=1))

    assert [o.title for o in await uow.openings.all_open()] == ["Second"]


async def known_and_unknown_learning(uow: NotifierUnitOfWork) -> tuple[Employee, Employee]:
    """E1, saved, and E2, not known yet, each with a new skill (go) as a handler passes it."""
    known = employee("E1")
    await uow.employees.save(known)
    learned = known.with_skill("go", 3, TODAY)
    skeleton = replace(employee("E2"), profile=None, skills={}).with_skill("go", 2, TODAY)
    return learned, skeleton


async def test_skills_of_an_unknown_employee_make_a_skeleton_and_keep_a_known_record(
    uow: NotifierUnitOfWork,
) -> None:
    learned, skeleton = await known_and_unknown_learning(uow)
    skeleton = skeleton.with_skill("sql", 1, TODAY)  # two skills in one call

    await uow.employees.save_skills([(learned, "go"), (skeleton, "go"), (skeleton, "sql")])

    assert await uow.employees.get("E1") == learned
    assert await uow.employees.get("E2") == skeleton
    assert await uow.employees.get("E3") is None
    assert {e.employee_id for e in await streamed(uow, [0])} == {"E1", "E2"}


async def test_skills_recorded_with_what_matching_found_are_saved_as_on_their_own(
    uow: NotifierUnitOfWork,
) -> None:
    learned, skeleton = await known_and_unknown_learning(uow)
    alone = replace(employee("E3"), profile=None, skills={}).with_skill("sql", 4, TODAY)
    near = assess(employee("E1"), opening("OP2", threshold=1.1), MatchPolicy(), TODAY)

    recorded = await uow.opportunities.record(
        [match("E1", opening("OP1"))],
        [near],
        TODAY,
        NOW,
        skills=[(learned, "go"), (skeleton, "go")],
    )
    nothing_found = await uow.opportunities.record([], [], TODAY, NOW, skills=[(alone, "sql")])

    assert [s.opportunity_id for s in recorded.surfaced] == ["E1:OP1:1"]
    assert recorded.near_misses == [near]
    assert (nothing_found.surfaced, nothing_found.near_misses) == ([], [])
    assert await uow.employees.get("E1") == learned
    assert await uow.employees.get("E2") == skeleton
    assert await uow.employees.get("E3") == alone


def employees_of_every_kind() -> list[Employee]:
    """Employees of partitions 0 and 1 as the read model gives them back: sharing held skills,
    of either track and every status, with and without a goal, known only by a skill."""
    used = HeldSkill(3, TODAY - timedelta(days=40), TODAY - timedelta(days=400))
    goal = CareerGoal(
        frozenset({"staff-engineer"}),
        frozenset({MoveKind.LATERAL, MoveKind.TEMPORARY}),
        True,
        frozenset({"porto", "remote"}),
        NOW,
    )
    return [
        employee("E1", skills={"python": used, "go": HeldSkill(2)}),
        employee(
            "E2",
            skills={"python": used, "sql": HeldSkill(5, TODAY)},
            track=Track.MANAGEMENT,
            status=EmployeeStatus.ON_LEAVE,
            discoverable=False,
            role_id="engineering-manager",
            manager_id="E1",
            mentor_opt_in=True,
        ),
        replace(employee("E3", skills={}, goal=goal), partition=1),
        replace(employee("E4", status=EmployeeStatus.LEFT), partition=1),
        replace(employee("E5"), profile=None),  # a skill heard of before the employee
    ]


async def streamed(uow: NotifierUnitOfWork, partitions: Sequence[int]) -> list[Employee]:
    return [e async for batch in uow.employees.stream(partitions, SharedValues()) for e in batch]


async def save_with_another_partition(uow: NotifierUnitOfWork, employees: list[Employee]) -> None:
    for saved in [*employees, replace(employee("E6"), partition=2)]:
        await uow.employees.save(saved)


async def test_the_employees_of_partitions_read_in_bulk_are_those_read_one_by_one(
    uow: NotifierUnitOfWork,
) -> None:
    """Partitions loaded or taken over are read in bulk, sharing equal values between their
    employees: each must be the employee saved, as reading them one by one gives it."""
    read_back = employees_of_every_kind()
    await save_with_another_partition(uow, read_back)

    read = sorted(await streamed(uow, [0, 1]), key=lambda e: e.employee_id)

    assert read == read_back
    assert read == [await uow.employees.get(e.employee_id) for e in read_back]


async def test_an_index_loaded_from_the_read_model_holds_each_employee_as_saved(
    uow: NotifierUnitOfWork,
) -> None:
    read_back = employees_of_every_kind()
    await save_with_another_partition(uow, read_back)
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=lambda: NOW)

    await handlers.load_index(uow, m, [0, 1])

    assert m.index.employees == {e.employee_id: e for e in read_back}


async def test_an_index_loaded_from_the_read_model_holds_one_copy_of_the_values_alike(
    uow: NotifierUnitOfWork,
) -> None:
    """A load makes its employees with the index's shared values, one partition after another:
    equal values are one object, across partitions too, as when the index shares them itself."""
    await save_with_another_partition(uow, employees_of_every_kind())
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=lambda: NOW)

    await handlers.load_index(uow, m, [0, 1])

    e1, e2, e4 = (m.index.employees[i] for i in ("E1", "E2", "E4"))
    assert e1.skills["python"] is e2.skills["python"]
    assert e1.profile is not None
    assert e4.profile is not None  # of partition 1
    assert e1.profile.department is e4.profile.department
    assert e1.profile.role_start_date is e4.profile.role_start_date
    assert e1.goal is e4.goal
    m.index.put_employee(employee("E7", grade=6))  # a change after the load
    assert m.index.employees["E7"].profile.department is e1.profile.department  # type: ignore[union-attr]


async def test_a_load_holds_the_employees_it_reads_as_they_are(
    uow: NotifierUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each employee is made once in a load: read with the index's values, then held as read,
    not copied again (at 1M employees the copies were a fifth of a restart's CPU)."""
    await save_with_another_partition(uow, employees_of_every_kind())
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=lambda: NOW)
    read: list[Employee] = []
    stream = uow.employees.stream

    async def reading(
        partitions: Sequence[int], values: SharedValues, batch: int = 10_000
    ) -> AsyncGenerator[list[Employee]]:
        async for employees in stream(partitions, values, batch):
            read.extend(employees)
            yield employees

    monkeypatch.setattr(uow.employees, "stream", reading)
    await handlers.load_index(uow, m, [0, 1])

    assert sorted(e.employee_id for e in read) == ["E1", "E2", "E3", "E4", "E5"]
    assert all(m.index.employees[e.employee_id] is e for e in read)


async def test_the_employees_of_partitions_streamed_in_batches_are_those_saved(
    uow: NotifierUnitOfWork,
) -> None:
    read_back = employees_of_every_kind()
    await save_with_another_partition(uow, read_back)

    batches = [b async for b in uow.employees.stream([0, 1], SharedValues(), batch=2)]

    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted((e for b in batches for e in b), key=lambda e: e.employee_id) == read_back


async def test_partitions_taken_over_are_caught_up_a_batch_at_a_time_each_committed(
    in_postgresql: NotifierUnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A takeover reads its employees as a restart does (one snapshot, through a cursor) and
    catches each batch up in a transaction of its own, on another connection, before it reads
    the next: what a batch surfaced is committed, and the rows it locked are free again (a
    close of the opening could wait for them), while the later batches are read. Each employee
    is held as read (made once), and matched against the openings held."""
    assert isinstance(in_postgresql, PostgresNotifierUnitOfWork)
    await save_with_another_partition(in_postgresql, employees_of_every_kind())
    posted = opening("OP1")
    await in_postgresql.openings.open(posted, NOW)
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=lambda: NOW)
    m.index.put_opening(posted)
    batches: list[list[Employee]] = []
    seen: list[tuple[int, bool]] = []  # before each batch: surfacings committed, OP1 free
    writing, looking = await _connected(database_url), await _connected(database_url)

    async def committed_and_free() -> tuple[int, bool]:
        count = await looking.fetchval("SELECT count(*) FROM opportunities")
        try:
            async with looking.transaction():
                await looking.execute(
                    "SELECT 1 FROM openings WHERE opening_id = 'OP1' FOR UPDATE NOWAIT"
                )
        except asyncpg.LockNotAvailableError:
            return count, False
        return count, True

    stream = in_postgresql.employees.stream

    async def one_at_a_time(
        partitions: Sequence[int], values: SharedValues, batch: int = 10_000
    ) -> AsyncGenerator[list[Employee]]:
        async for employees in stream(partitions, values, 1):
            seen.append(await committed_and_free())
            batches.append(employees)
            yield employees

    each_batch = partial(
        PostgresNotifierUnitOfWork.committed, writing, Outbox("notifier", TopicNames())
    )
    monkeypatch.setattr(in_postgresql.employees, "stream", one_at_a_time)
    try:
        taken = await handlers.take_partitions(in_postgresql, each_batch, m, [0, 1])
    finally:
        await writing.close()
        await looking.close()

    assert taken == 5
    assert [len(b) for b in batches] == [1, 1, 1, 1, 1]
    assert all(m.index.employees[e.employee_id] is e for b in batches for e in b)
    assert await in_postgresql.opportunities.active_openings_of_all(
        ["E1", "E2", "E3", "E4", "E5", "E6"]
    ) == {"E1": ["OP1"]}
    e1_read = next(i for i, b in enumerate(batches) if b[0].employee_id == "E1")
    assert e1_read < len(batches) - 1  # a batch is read after E1's was caught up
    assert seen[: e1_read + 1] == [(0, True)] * (e1_read + 1)
    assert seen[e1_read + 1 :] == [(1, True)] * (len(batches) - e1_read - 1)


async def _connected(database_url: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(database_url)
    await conn.execute("SET search_path TO notifier, public")
    return conn
