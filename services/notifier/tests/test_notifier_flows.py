"""The notifier's flows on the real broker and real PostgreSQL: one running notifier for the
module; each test uses its own employees and openings."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import TopicPartition
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_devstack.testing.plugin import (
    Infrastructure,
    bearer,
    database_named,
    serving,
    settings_for,
)
from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.adapters.repository import OpportunityRepository, PostgresNotifierUnitOfWork
from lattice_notifier.bootstrap import assemble, publish_digests
from lattice_notifier.entrypoints.consumers import EmployeePartitions
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching
from lattice_notifier.settings import NotifierSettings
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, OpeningKind, SkillSource
from lattice_platform.contracts.envelope import Envelope
from lattice_platform.runtime import Runtime
from lattice_profile.adapters.wire import contract_events
from lattice_profile.domain.model import Employee as Profile
from lattice_profile.domain.model import EmploymentRecord
from notifier_builders import (
    IC,
    NOW,
    TODAY,
    TemporaryKind,
    held,
    posted,
    required,
    skill_acquired,
    upserted,
)

pytestmark = pytest.mark.timeout(120)


class Clock:
    def __init__(self) -> None:
        self.now = NOW + timedelta(hours=1)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Notifier:
    client: httpx.AsyncClient
    runtime: Runtime
    matching: Matching
    partitions: EmployeePartitions
    settings: NotifierSettings
    clock: Clock
    writer: RecordWriter
    keys: SigningKey

    def topic(self, topic: t.Topic) -> str:
        return self.settings.kafka_topic_prefix + topic.name

    async def send(self, topic: t.Topic, event: ev.Event, event_id: str | None = None) -> str:
        return await self.writer.event(self.topic(topic), event, event_id=event_id)

    async def opportunities(self, done, timeout_s: float = 20.0) -> list[Envelope]:  # type: ignore[no-untyped-def]
        async with TopicReader(
            self.settings.kafka_bootstrap_servers, self.topic(t.OPPORTUNITIES)
        ) as reader:
            await reader.read_until(
                lambda records: done(decoded(t.OPPORTUNITIES, records)), timeout_s
            )
            return decoded(t.OPPORTUNITIES, await reader.settle(1.0))

    async def rows(self, sql: str, *args: object) -> list[asyncpg.Record]:
        async with self.runtime.pool.acquire() as conn:
            return list(await conn.fetch(sql, *args))


@pytest.fixture(scope="module", params=["1", "3"], ids=["lanes1", "lanes3"])
async def notifier(
    request: pytest.FixtureRequest, infrastructure: Infrastructure, signing_key: SigningKey
) -> AsyncIterator[Notifier]:
    """A notifier whose employees consumer handles a batch in one transaction, or in three lanes
    (``KAFKA_CONSUMER_LANES``, the default) whenever a batch holds several partitions' records
    (batches of two: a full batch is one taken while behind): every flow holds either way."""
    name = f"lattice_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(infrastructure.database_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    environment = {
        "DATABASE_URL": database_named(infrastructure.database_url, name),
        **infrastructure.kafka_environment,
        "KAFKA_TOPIC_PREFIX": f"t{uuid.uuid4().hex[:10]}.",
        "KAFKA_PARTITIONS": "3",
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "300",
        "KAFKA_CONSUMER_LANES": request.param,
        "KAFKA_CONSUMER_MAX_BATCH": "2" if request.param == "3" else "500",
        "OUTBOX_POLL_INTERVAL_S": "0.2",
        "JWT_PUBLIC_KEY": signing_key.public_pem,
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        "SHUTDOWN_GRACE_S": "5",
        "LATTICE_NOTIFIER_DIGEST_INTERVAL_S": "3600",
        "LATTICE_NOTIFIER_FEED_PAGE_MAX": "3",
    }
    settings = settings_for(NotifierSettings, environment)
    clock = Clock()
    notifier = assemble(settings, clock=clock)
    runtime = notifier.runtime
    try:
        async with (
            serving(notifier.app) as client,
            RecordWriter(settings.kafka_bootstrap_servers) as writer,
        ):
            await wait_until(lambda: all(c.assigned.is_set() for c in runtime.consumers), 30)
            yield Notifier(
                client,
                runtime,
                notifier.matching,
                notifier.partitions,
                settings,
                clock,
                writer,
                signing_key,
            )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def of_type(envelopes: list[Envelope], kind: type[ev.Event], ids: set[str]) -> list:  # type: ignore[type-arg]
    return [e.event for e in envelopes if isinstance(e.event, kind) and e.event.employee_id in ids]  # type: ignore[attr-defined]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


async def surfaced_pair(notifier: Notifier, who: str) -> tuple[str, str, str]:
    """A new employee with a new skill, and a new opening asking for it, surfaced to them:
    (employee id, skill id, opening id)."""
    skill, someone, opening_id = unique("skill"), unique(who), unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),)))
    await notifier.send(t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 4),)))
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunitySurfaced, {someone}))
    return someone, skill, opening_id


async def test_a_posted_opening_is_surfaced_to_exactly_the_eligible_employees(
    notifier: Notifier,
) -> None:
    skill = unique("skill")
    fit, opted_out, weak, elsewhere, manager = (
        unique(p) for p in ("fit", "out", "weak", "far", "mgr")
    )
    people = {fit, opted_out, weak, elsewhere, manager}
    await notifier.send(t.EMPLOYEES, upserted(fit, skills=(held(skill, 4),)))
    await notifier.send(
        t.EMPLOYEES, upserted(opted_out, skills=(held(skill, 4),), discoverable=False)
    )
    await notifier.send(t.EMPLOYEES, upserted(weak, skills=(held(skill, 1),)))
    await notifier.send(
        t.EMPLOYEES, upserted(elsewhere, skills=(held(skill, 4),), location="porto")
    )
    await notifier.send(t.EMPLOYEES, upserted(manager, skills=(held(skill, 4),)))
    opening_id = unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(skill, 4),), hiring_manager_id=manager),
    )

    envelopes = await notifier.opportunities(lambda es: of_type(es, ev.OpportunitySurfaced, people))

    surfaced = of_type(envelopes, ev.OpportunitySurfaced, people)
    assert [(s.employee_id, s.opening_id) for s in surfaced] == [(fit, opening_id)]
    explanation = surfaced[0].explanation
    assert explanation.mobility_type == "lateral"
    assert explanation.score == 1.0
    assert [m.skill_id for m in explanation.matched_skills] == [skill]


async def test_an_acquired_skill_surfaces_the_new_match_with_its_recent_skill_reason(
    notifier: Notifier,
) -> None:
    learner, _, opening_id = await one_skill_short_of_a_gig(notifier)

    await notifier.send(t.LEARNING_TOPIC, skill_acquired(learner, "kubernetes", 3))

    assert await surfaced_for_recent_skill(notifier, learner) == opening_id


async def test_a_learned_skill_heard_first_in_the_profiles_snapshot_keeps_its_recent_skill_reason(
    notifier: Notifier,
) -> None:
    """The profile applies learning's SkillAcquired and publishes its snapshot on another topic:
    the snapshot may reach the notifier first. A skill it says was learned, at a level above what
    the notifier held, is as newly acquired as the SkillAcquired would have said."""
    learner, skill, opening_id = await one_skill_short_of_a_gig(notifier)

    learned = ev.HeldSkill(
        skill_id="kubernetes", level=3, source=SkillSource.LEARNING, last_used_on=TODAY
    )
    later = NOW + timedelta(minutes=1)
    await notifier.send(t.EMPLOYEES, upserted(learner, skills=(held(skill, 4), learned), at=later))

    assert await surfaced_for_recent_skill(notifier, learner) == opening_id


async def one_skill_short_of_a_gig(notifier: Notifier) -> tuple[str, str, str]:
    """A learner holding a skill of their own at 4, and an open project needing it and
    Kubernetes 3 (a must-have they lack): the learner, their skill and the opening."""
    skill = unique("skill")
    learner = unique("learner")
    await notifier.send(t.EMPLOYEES, upserted(learner, skills=(held(skill, 4),)))
    opening_id = unique("OP")
    gig = posted(
        opening_id,
        kind=OpeningKind.TEMPORARY,
        temporary_kind=TemporaryKind.PROJECT,
        required_skills=(required("kubernetes", 3, must_have=True), required(skill, 3)),
    )
    await notifier.send(t.OPENINGS_TOPIC, gig)
    await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)
    return learner, skill, opening_id


async def surfaced_for_recent_skill(notifier: Notifier, learner: str) -> str:
    """The one opening surfaced to ``learner``, after checking it was for a recent skill."""
    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunitySurfaced, {learner})
    )
    (surfaced,) = of_type(envelopes, ev.OpportunitySurfaced, {learner})
    assert surfaced.explanation.reasons == ("uses_recent_skill",)
    return surfaced.opening_id


async def test_skills_arriving_together_have_the_effect_of_arriving_one_by_one(
    notifier: Notifier,
) -> None:
    """Sent at once, so the consumer takes several in one call: one employee gains both skills
    an opening needs, another the one missing, a third one of two (not enough)."""
    first, second = unique("skill"), unique("skill")
    both, missing_one, half = unique("both"), unique("missing"), unique("half")
    people = {both, missing_one, half}
    await notifier.send(t.EMPLOYEES, upserted(both, skills=()))
    await notifier.send(t.EMPLOYEES, upserted(missing_one, skills=(held(first, 3),)))
    await notifier.send(t.EMPLOYEES, upserted(half, skills=()))
    opening_id = unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(first, 3), required(second, 3))),
    )
    await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)
    await wait_until(lambda: people <= notifier.matching.index.employees.keys(), 20)

    gains = [(both, first), (both, second), (missing_one, second), (half, first)]
    await notifier.writer.events(
        notifier.topic(t.LEARNING_TOPIC), [skill_acquired(e, s, 3) for e, s in gains]
    )

    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, people)) >= 2
    )
    surfaced = of_type(envelopes, ev.OpportunitySurfaced, people)
    assert sorted(s.employee_id for s in surfaced) == sorted([both, missing_one])
    assert all(s.opening_id == opening_id and s.explanation.score == 1.0 for s in surfaced)
    rows = await notifier.rows(
        "SELECT employee_id, skill_id FROM employee_skills WHERE employee_id = ANY($1::text[])",
        sorted(people),
    )
    assert sorted((r["employee_id"], r["skill_id"]) for r in rows) == sorted(
        [(both, first), (both, second), (missing_one, first), (missing_one, second), (half, first)]
    )


async def test_a_closed_opening_withdraws_what_was_surfaced(notifier: Notifier) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "closing")

    await notifier.send(
        t.OPENINGS_TOPIC, ev.OpeningClosed(opening_id=opening_id, outcome="filled", closed_at=NOW)
    )

    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunityWithdrawn, {someone})
    )
    (withdrawn,) = of_type(envelopes, ev.OpportunityWithdrawn, {someone})
    (surfaced,) = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    assert (withdrawn.opportunity_id, withdrawn.reason) == (
        surfaced.opportunity_id,
        "opening_closed",
    )


async def test_redelivered_and_repeated_events_never_surface_a_pair_twice(
    notifier: Notifier,
) -> None:
    skill = unique("skill")
    someone = unique("again")
    opening_id = unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),)))
    event = posted(opening_id, required_skills=(required(skill, 4),))
    event_id = await notifier.send(t.OPENINGS_TOPIC, event)
    await notifier.send(t.OPENINGS_TOPIC, event, event_id=event_id)  # redelivered as is
    await notifier.send(  # the same facts under a new event id
        t.OPENINGS_TOPIC,
        ev.OpeningUpdated(opening_id=opening_id, opening=event.opening, updated_at=NOW),
    )
    await notifier.send(
        t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),), at=NOW + timedelta(minutes=1))
    )

    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunitySurfaced, {someone})
    )

    assert len(of_type(envelopes, ev.OpportunitySurfaced, {someone})) == 1
    rows = await notifier.rows("SELECT * FROM opportunities WHERE employee_id = $1", someone)
    assert len(rows) == 1


async def test_opting_out_withdraws_and_opting_back_in_surfaces_again(notifier: Notifier) -> None:
    someone, skill, _ = await surfaced_pair(notifier, "shy")

    await notifier.send(
        t.EMPLOYEES,
        upserted(
            someone, skills=(held(skill, 4),), discoverable=False, at=NOW + timedelta(minutes=1)
        ),
    )
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunityWithdrawn, {someone}))
    await notifier.send(
        t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),), at=NOW + timedelta(minutes=2))
    )

    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, {someone})) == 2
    )
    first, second = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    (withdrawn,) = of_type(envelopes, ev.OpportunityWithdrawn, {someone})
    assert withdrawn.reason == "opted_out"
    assert first.opportunity_id != second.opportunity_id


async def test_events_sent_together_publish_what_each_would_alone_in_order(
    notifier: Notifier,
) -> None:
    """An employee surfaced, opting out and back in within one burst (most likely one batch,
    handled in rounds) is told all three, in order; another one of the burst is surfaced."""
    skill, opening_id = unique("skill"), unique("OP")
    shy, other = unique("shy"), unique("other")
    await notifier.send(t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 4),)))
    await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)
    skills = (held(skill, 4),)
    await notifier.writer.events(
        notifier.topic(t.EMPLOYEES),
        [
            upserted(shy, skills=skills),
            upserted(other, skills=skills),
            upserted(shy, skills=skills, discoverable=False, at=NOW + timedelta(minutes=1)),
            upserted(shy, skills=skills, at=NOW + timedelta(minutes=2)),
        ],
    )

    envelopes = await notifier.opportunities(
        lambda es: (
            len(of_type(es, ev.OpportunitySurfaced, {shy})) == 2
            and of_type(es, ev.OpportunitySurfaced, {other})
        )
    )
    told = [
        (type(e).__name__, e.opportunity_id)
        for e in of_type(envelopes, ev.Event, {shy})
        if isinstance(e, ev.OpportunitySurfaced | ev.OpportunityWithdrawn)
    ]
    first, second = f"{shy}:{opening_id}:1", f"{shy}:{opening_id}:2"
    assert told == [
        ("OpportunitySurfaced", first),
        ("OpportunityWithdrawn", first),
        ("OpportunitySurfaced", second),
    ]
    (to_other,) = of_type(envelopes, ev.OpportunitySurfaced, {other})
    assert to_other.opening_id == opening_id


async def test_a_leaver_and_an_unwanted_kind_of_move_are_withdrawn(notifier: Notifier) -> None:
    skill = unique("skill")
    leaver, picky = unique("leaver"), unique("picky")
    opening_id = unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(leaver, skills=(held(skill, 4),)))
    await notifier.send(t.EMPLOYEES, upserted(picky, skills=(held(skill, 4),)))
    await notifier.send(t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 4),)))
    await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, {leaver, picky})) == 2
    )

    await notifier.send(t.EMPLOYEES, ev.EmployeeLeft(employee_id=leaver, left_on=NOW.date()))
    await notifier.send(
        t.EMPLOYEES,
        ev.CareerGoalSet(
            employee_id=picky,
            target_role_ids=(),
            move_kinds=(MoveKind.PROMOTION,),
            willing_to_relocate=False,
            acceptable_locations=(),
            set_at=NOW,
        ),
    )

    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunityWithdrawn, {leaver, picky})) == 2
    )
    reasons = {
        w.employee_id: w.reason
        for w in of_type(envelopes, ev.OpportunityWithdrawn, {leaver, picky})
    }
    assert reasons == {leaver: "employee_left", picky: "no_longer_eligible"}


@pytest.mark.parametrize(
    ("leaves_in_days", "rehired"),
    [(0, True), (0, False), (30, False)],
    ids=["same_day_rehire", "rescinded_termination", "future_leaving_date_rescinded"],
)
async def test_a_newer_record_after_a_termination_applies_at_once(
    notifier: Notifier, leaves_in_days: int, rehired: bool
) -> None:
    """As the profile publishes a termination (the snapshot, then the departure) and then a
    newer record making them active again, the same day (the clock is an hour later)."""
    someone, skill, opening_id = await surfaced_pair(notifier, "back")
    skills = (held(skill, 4),)
    await notifier.send(
        t.EMPLOYEES,
        upserted(someone, skills=skills, status=EmployeeStatus.LEFT, at=NOW + timedelta(minutes=1)),
    )
    leaving = NOW.date() + timedelta(days=leaves_in_days)
    await notifier.send(t.EMPLOYEES, ev.EmployeeLeft(employee_id=someone, left_on=leaving))
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunityWithdrawn, {someone}))

    again = {"hire_date": NOW.date()} if rehired else {}
    await notifier.send(
        t.EMPLOYEES, upserted(someone, skills=skills, at=NOW + timedelta(minutes=2), **again)
    )

    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, {someone})) == 2
    )
    first, second = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    assert (second.opening_id, first.opening_id) == (opening_id, opening_id)
    assert second.opportunity_id != first.opportunity_id
    rows = await notifier.rows("SELECT status FROM employees WHERE employee_id = $1", someone)
    assert [r["status"] for r in rows] == ["active"]
    assert someone in notifier.matching.index.employees


# --------------------------------------------------------------------------- last use


def profile_of(employee_id: str, skill: str, level: int, last_used_on: date) -> Profile:
    """An employee of the profile service's own domain, hired with one declared skill."""
    record = EmploymentRecord(
        employee_id=employee_id,
        name="Ana Silva",
        work_email="ana@example.com",
        role_id="swe-2",
        grade=5,
        track=IC,
        department="engineering",
        location="lisbon",
        manager_id="M0",
        hire_date=date(2020, 1, 1),
        role_start_date=date(2024, 1, 1),
        status=EmployeeStatus.ACTIVE,
        effective_at=NOW - timedelta(days=1),
    )
    employee = Profile.hire(record, discoverable_by_default=True)
    employee.set_skill(skill, level, SkillSource.SELF, last_used_on, NOW - timedelta(hours=1))
    return employee


async def publish_as_the_profile(notifier: Notifier, employee: Profile) -> str:
    """Send what the profile publishes for the changes since last time, as it publishes them;
    the id of the last event sent."""
    sent = ""
    for event in contract_events(employee, employee.pull_events()):
        sent = await notifier.send(t.EMPLOYEES, event)
    return sent


async def test_a_skill_declared_with_an_old_last_use_stays_stale_after_its_skill_event(
    notifier: Notifier,
) -> None:
    """Declared through the profile with a last use three years ago, as the employee's latest
    skill change: the profile's snapshot and its SkillAcquired both say three years ago."""
    skill, someone, opening_id = unique("skill"), unique("declared"), unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(skill, 4),), match_threshold=0.9),
    )
    await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)
    employee = profile_of(someone, "python", 4, NOW.date())
    await publish_as_the_profile(notifier, employee)
    three_years_ago = date(2023, 2, 1)
    employee.set_skill(skill, 4, SkillSource.SELF, three_years_ago, NOW)

    last = await publish_as_the_profile(notifier, employee)
    await wait_until(lambda: _handled(notifier, last), 20)

    envelopes = await notifier.opportunities(lambda es: of_type(es, ev.NearMissDetected, {someone}))
    assert not of_type(envelopes, ev.OpportunitySurfaced, {someone})
    (near,) = of_type(envelopes, ev.NearMissDetected, {someone})
    assert [(m.skill_id, m.effective_level, m.stale) for m in near.missing_skills] == [
        (skill, 3, True)
    ]
    assert await _last_used(notifier, someone, skill) == three_years_ago


async def test_a_completion_dated_in_the_past_never_makes_a_skill_in_use_today_stale(
    notifier: Notifier,
) -> None:
    """An LMS backfill: a course done three years ago raises a skill the employee uses today.
    The learning service announces it, the profile applies it and publishes its snapshot; both
    reach the notifier (the snapshot first: the two topics are not ordered with each other), and
    an opening posted afterwards finds the skill fresh."""
    skill, someone, opening_id = unique("skill"), unique("backfill"), unique("OP")
    employee = profile_of(someone, skill, 3, NOW.date())
    await publish_as_the_profile(notifier, employee)
    completed_at = NOW - timedelta(days=3 * 365)
    completion = ev.SkillAcquired(
        employee_id=someone,
        skill_id=skill,
        level=4,
        previous_level=3,
        source=SkillSource.LEARNING,
        evidence="course-1",
        acquired_at=completed_at,
    )
    employee.learn(skill, 4, completed_at, "course-1")
    assert employee.skills[skill].last_used_on == NOW.date()
    snapshot = await publish_as_the_profile(notifier, employee)
    await wait_until(lambda: _handled(notifier, snapshot), 20)
    learned = await notifier.send(t.LEARNING_TOPIC, completion)
    await wait_until(lambda: _handled(notifier, learned), 20)

    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(skill, 4),), match_threshold=0.9),
    )

    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunitySurfaced, {someone})
    )
    (surfaced,) = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    assert [
        (m.skill_id, m.effective_level, m.stale) for m in surfaced.explanation.matched_skills
    ] == [(skill, 4, False)]
    assert await _last_used(notifier, someone, skill) == NOW.date()


async def _last_used(notifier: Notifier, employee_id: str, skill_id: str) -> date | None:
    rows = await notifier.rows(
        "SELECT last_used_on FROM employee_skills WHERE employee_id = $1 AND skill_id = $2",
        employee_id,
        skill_id,
    )
    return rows[0]["last_used_on"] if rows else None


async def test_a_near_miss_is_published_once_for_the_learning_service(notifier: Notifier) -> None:
    skill = unique("skill")
    close = unique("close")
    await notifier.send(t.EMPLOYEES, upserted(close, skills=(held(skill, 3),)))
    opening_id = unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(skill, 4),), match_threshold=0.9),
    )
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(opening_id, required_skills=(required(skill, 4),), match_threshold=0.9),
    )

    envelopes = await notifier.opportunities(lambda es: of_type(es, ev.NearMissDetected, {close}))

    (near,) = of_type(envelopes, ev.NearMissDetected, {close})
    assert (near.opening_id, near.score, near.threshold) == (opening_id, 0.75, 0.9)
    assert not of_type(envelopes, ev.OpportunitySurfaced, {close})


async def test_beyond_the_daily_cap_surfacings_wait_for_the_daily_digest(
    notifier: Notifier,
) -> None:
    busy = unique("busy")
    await notifier.send(t.EMPLOYEES, upserted(busy, skills=(held("rust", 5),)))
    openings = [unique("OP") for _ in range(7)]
    for opening_id in openings:
        await notifier.send(
            t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required("rust", 4),))
        )
    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, {busy})) == 5
    )
    assert len(of_type(envelopes, ev.OpportunitySurfaced, {busy})) == 5
    await wait_until(lambda: _held_back(notifier, busy), 20)

    notifier.clock.now += timedelta(days=1)
    try:
        assert await publish_digests(notifier.runtime, notifier.matching) >= 1
        assert await publish_digests(notifier.runtime, notifier.matching) == 0
    finally:
        notifier.clock.now -= timedelta(days=1)

    envelopes = await notifier.opportunities(lambda es: of_type(es, ev.OpportunityDigested, {busy}))
    (digest,) = of_type(envelopes, ev.OpportunityDigested, {busy})
    notified = {s.opening_id for s in of_type(envelopes, ev.OpportunitySurfaced, {busy})}
    assert len(digest.opening_ids) == 2
    assert set(digest.opening_ids) | notified == set(openings)
    assert digest.day == NOW.date()


async def _held_back(notifier: Notifier, employee_id: str) -> bool:
    rows = await notifier.rows(
        "SELECT 1 FROM opportunities WHERE employee_id = $1 AND delivery = 'digest'", employee_id
    )
    return len(rows) == 2


async def test_an_update_that_excludes_the_employee_withdraws_and_a_late_post_never_reopens(
    notifier: Notifier,
) -> None:
    skill, someone, opening_id = unique("skill"), unique("narrowed"), unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),)))
    event = posted(opening_id, required_skills=(required(skill, 4),))
    await notifier.send(t.OPENINGS_TOPIC, event)
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunitySurfaced, {someone}))

    narrowed = event.opening.model_copy(update={"departments_excluded": ("engineering",)})
    later = NOW + timedelta(minutes=5)
    await notifier.send(
        t.OPENINGS_TOPIC,
        ev.OpeningUpdated(opening_id=opening_id, opening=narrowed, updated_at=later),
    )
    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunityWithdrawn, {someone})
    )
    (withdrawn,) = of_type(envelopes, ev.OpportunityWithdrawn, {someone})
    assert withdrawn.reason == "no_longer_eligible"

    await notifier.send(
        t.OPENINGS_TOPIC, ev.OpeningClosed(opening_id=opening_id, outcome="closed", closed_at=NOW)
    )
    late = await notifier.send(t.OPENINGS_TOPIC, event)  # an old 'posted', delivered late
    await wait_until(lambda: _handled(notifier, late), 20)

    envelopes = await notifier.opportunities(lambda _: True)
    assert len(of_type(envelopes, ev.OpportunitySurfaced, {someone})) == 1
    assert opening_id not in notifier.matching.index.openings
    rows = await notifier.rows("SELECT status FROM openings WHERE opening_id = $1", opening_id)
    assert [r["status"] for r in rows] == ["closed"]


async def _handled(notifier: Notifier, event_id: str) -> bool:
    return bool(await notifier.rows("SELECT 1 FROM inbox WHERE event_id = $1", event_id))


async def test_an_older_employee_record_never_overwrites_a_newer_one(notifier: Notifier) -> None:
    skill, someone, opening_id = unique("skill"), unique("ordered"), unique("OP")
    newer = NOW + timedelta(minutes=10)
    await notifier.send(
        t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),), discoverable=False, at=newer)
    )
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),), at=NOW))
    await notifier.send(t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 4),)))
    await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)

    envelopes = await notifier.opportunities(lambda _: True)

    assert not of_type(envelopes, ev.OpportunitySurfaced, {someone})
    rows = await notifier.rows("SELECT discoverable FROM employees WHERE employee_id = $1", someone)
    assert [r["discoverable"] for r in rows] == [False]


async def test_an_opening_whose_handler_fails_after_staging_leaves_no_ghost_in_the_index(
    notifier: Notifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two openings posted in one batch; the second one's handler fails on a database error
    after it staged the opening, every time (dead-lettered). The batch is rolled back and done
    carefully: the first opening is surfaced as usual, and nobody, not even an employee who
    arrives later, is surfaced the one the database never stored."""
    skill, first, later = unique("skill"), unique("first"), unique("later")
    kept, failing = unique("OP"), unique("OP")
    record = OpportunityRepository.record

    async def failing_for_first(self: OpportunityRepository, surfacings, near, day, at):  # type: ignore[no-untyped-def]
        if any((a.employee_id, o.opening_id) == (first, failing) for a, o in surfacings):
            await self.conn.execute("SELECT 1 / 0")  # the transaction is aborted by PostgreSQL
        return await record(self, surfacings, near, day, at)

    monkeypatch.setattr(OpportunityRepository, "record", failing_for_first)
    await notifier.send(t.EMPLOYEES, upserted(first, skills=(held(skill, 4),)))
    await wait_until(lambda: first in notifier.matching.index.employees, 20)
    wanted = (required(skill, 4),)
    await notifier.writer.events(
        notifier.topic(t.OPENINGS_TOPIC),
        [posted(kept, required_skills=wanted), posted(failing, required_skills=wanted)],
    )
    async with TopicReader(
        notifier.settings.kafka_bootstrap_servers,
        notifier.runtime.names.dead_letter(t.OPENINGS_TOPIC),
    ) as dead_letters:
        await dead_letters.read_until(
            lambda records: any(failing.encode() in (r.value or b"") for r in records), 60
        )

    await notifier.send(t.EMPLOYEES, upserted(later, skills=(held(skill, 4),)))
    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunitySurfaced, {later})
    )

    surfaced = of_type(envelopes, ev.OpportunitySurfaced, {first, later})
    assert sorted((s.employee_id, s.opening_id) for s in surfaced) == sorted(
        [(first, kept), (later, kept)]
    ), "the same as if the failing opening had never been posted"
    rows = await notifier.rows(
        "SELECT opening_id FROM openings WHERE opening_id = ANY($1::text[])", [kept, failing]
    )
    assert [r["opening_id"] for r in rows] == [kept]
    assert failing not in notifier.matching.index.openings
    assert not notifier.matching.index.staging_owners()


async def test_postgresql_tells_a_rolled_back_transaction_from_a_live_or_committed_one(
    notifier: Notifier,
) -> None:
    """What IndexChange relies on to unstage what a rolled-back batch left."""
    outbox = notifier.runtime.outbox
    async with notifier.runtime.pool.acquire() as conn, notifier.runtime.pool.acquire() as other:
        async with conn.transaction():
            committed = await PostgresNotifierUnitOfWork(conn, outbox).transaction_id()
        rolled_back = conn.transaction()
        await rolled_back.start()
        aborted = await PostgresNotifierUnitOfWork(conn, outbox).transaction_id()
        await rolled_back.rollback()
        async with other.transaction():
            live = await PostgresNotifierUnitOfWork(other, outbox).transaction_id()
            async with conn.transaction():
                asked = await PostgresNotifierUnitOfWork(conn, outbox).aborted(
                    {committed, aborted, live}
                )
    assert len({committed, aborted, live}) == 3
    assert asked == {aborted}


async def test_an_instance_matches_only_its_partitions_and_catches_up_on_taking_one(
    notifier: Notifier,
) -> None:
    skill, someone, opening_id = unique("skill"), unique("moved"), unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 4),)))
    await wait_until(lambda: someone in notifier.matching.index.employees, 20)
    topic = notifier.runtime.names.of(t.EMPLOYEES)
    partitions = notifier.settings.kafka_partitions
    theirs = partition_of(someone, partitions)
    everything = [TopicPartition(topic, p) for p in range(partitions)]
    try:
        await notifier.partitions.on_partitions_assigned(
            [tp for tp in everything if tp.partition != theirs]
        )
        assert someone not in notifier.matching.index.employees

        await notifier.send(
            t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 4),))
        )
        await wait_until(lambda: opening_id in notifier.matching.index.openings, 20)
        assert not of_type(
            await notifier.opportunities(lambda _: True), ev.OpportunitySurfaced, {someone}
        )
    finally:
        await notifier.partitions.on_partitions_assigned(everything)

    envelopes = await notifier.opportunities(
        lambda es: of_type(es, ev.OpportunitySurfaced, {someone})
    )
    (surfaced,) = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    assert surfaced.opening_id == opening_id


async def test_a_takeover_that_fails_is_taken_again_until_it_holds_everyone(
    notifier: Notifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """aiokafka logs a rebalance listener's failure and goes on reading the partitions: an
    employee of them missing from the index would miss every opening posted after. The
    listener takes the partitions again instead."""
    someone = unique("retaken")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(unique("skill"), 4),)))
    await wait_until(lambda: someone in notifier.matching.index.employees, 20)
    topic = notifier.runtime.names.of(t.EMPLOYEES)
    partitions = notifier.settings.kafka_partitions
    theirs = partition_of(someone, partitions)
    everything = [TopicPartition(topic, p) for p in range(partitions)]
    take = handlers.take_partitions
    attempts: list[list[int]] = []

    async def failing_once(*args: Any) -> int:
        attempts.append(list(args[3]))
        if len(attempts) == 1:
            raise asyncpg.ConnectionDoesNotExistError("the connection was lost")
        return await take(*args)

    try:
        await notifier.partitions.on_partitions_assigned(
            [tp for tp in everything if tp.partition != theirs]
        )
        assert someone not in notifier.matching.index.employees
        monkeypatch.setattr(handlers, "take_partitions", failing_once)

        await notifier.partitions.on_partitions_assigned(everything)

        assert attempts == [[theirs], [theirs]]
        assert someone in notifier.matching.index.employees
    finally:
        monkeypatch.undo()
        await notifier.partitions.on_partitions_assigned(everything)


# --------------------------------------------------------------------------- the HTTP feed


@pytest.fixture(scope="module")
async def feed_owner(notifier: Notifier) -> str:
    """An employee with four opportunities surfaced (one page holds three)."""
    owner = unique("reader")
    await notifier.send(t.EMPLOYEES, upserted(owner, skills=(held("scala", 5),)))
    for _ in range(4):
        await notifier.send(
            t.OPENINGS_TOPIC, posted(unique("OP"), required_skills=(required("scala", 4),))
        )
    await notifier.opportunities(lambda es: len(of_type(es, ev.OpportunitySurfaced, {owner})) == 4)
    return owner


def token(notifier: Notifier, role: Role, employee_id: str | None) -> dict[str, str]:
    return bearer(notifier.keys.mint(f"user-{role.value}", [role], employee_id=employee_id))


async def test_an_employee_pages_through_their_own_feed_with_explanations(
    notifier: Notifier, feed_owner: str
) -> None:
    headers = token(notifier, Role.EMPLOYEE, feed_owner)
    too_big = await notifier.client.get("/v1/feed", params={"limit": 50}, headers=headers)
    assert too_big.status_code == 422, "a page above the service's maximum is refused"
    first = await notifier.client.get("/v1/feed", headers=headers)
    assert first.status_code == 200, first.text
    page = first.json()
    assert len(page["items"]) == 3, "the default page size is at most the maximum"
    assert page["items"][0]["explanation"]["matched_skills"][0]["skill_id"] == "scala"
    second = await notifier.client.get(
        "/v1/feed", params={"cursor": page["next_cursor"]}, headers=headers
    )
    rest = second.json()
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    ids = [i["opportunity_id"] for i in page["items"] + rest["items"]]
    assert len(set(ids)) == 4
    assert all(i.startswith(feed_owner) for i in ids)


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.MANAGER])
async def test_an_employee_or_manager_cannot_read_another_employees_feed(
    notifier: Notifier, feed_owner: str, role: Role
) -> None:
    response = await notifier.client.get(
        f"/v1/feed/{feed_owner}", headers=token(notifier, role, unique("nosy"))
    )
    assert response.status_code == 403


async def test_the_own_feed_is_never_taken_from_the_path_or_query(
    notifier: Notifier, feed_owner: str
) -> None:
    stranger = unique("stranger")
    response = await notifier.client.get(
        "/v1/feed",
        params={"employee_id": feed_owner},
        headers=token(notifier, Role.EMPLOYEE, stranger),
    )
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(("role", "employee_id"), [(Role.HR, "hr-1"), (Role.SERVICE, None)])
async def test_hr_and_service_accounts_read_anyones_feed(
    notifier: Notifier, feed_owner: str, role: Role, employee_id: str | None
) -> None:
    response = await notifier.client.get(
        f"/v1/feed/{feed_owner}", headers=token(notifier, role, employee_id)
    )
    assert response.status_code == 200
    assert len(response.json()["items"]) == 3


async def test_the_feed_needs_a_token_and_a_service_account_has_no_own_feed(
    notifier: Notifier,
) -> None:
    assert (await notifier.client.get("/v1/feed")).status_code == 401
    response = await notifier.client.get("/v1/feed", headers=token(notifier, Role.SERVICE, None))
    assert response.status_code == 403


async def test_a_forged_cursor_is_rejected(notifier: Notifier, feed_owner: str) -> None:
    response = await notifier.client.get(
        "/v1/feed",
        params={"cursor": "not-a-cursor"},
        headers=token(notifier, Role.EMPLOYEE, feed_owner),
    )
    assert response.status_code == 400


async def test_withdrawn_items_leave_the_feed_unless_asked_for(notifier: Notifier) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "gone")
    await notifier.send(
        t.OPENINGS_TOPIC, ev.OpeningClosed(opening_id=opening_id, outcome="closed", closed_at=NOW)
    )
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunityWithdrawn, {someone}))
    headers = token(notifier, Role.EMPLOYEE, someone)

    default = (await notifier.client.get("/v1/feed", headers=headers)).json()
    everything = (
        await notifier.client.get("/v1/feed", params={"include_withdrawn": True}, headers=headers)
    ).json()

    assert default["items"] == []
    assert [(i["status"], i["withdraw_reason"]) for i in everything["items"]] == [
        ("withdrawn", "opening_closed")
    ]


async def test_a_deeply_nested_or_nul_bearing_request_is_a_4xx_problem(
    notifier: Notifier, feed_owner: str
) -> None:
    headers = token(notifier, Role.EMPLOYEE, feed_owner)
    nested = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode()
    shallow = base64.urlsafe_b64encode(b"[" * 60 + b"]" * 60).decode()
    for cursor in (nested, shallow, base64.urlsafe_b64encode(b'[1, "a\\u0000"]').decode()):
        response = await notifier.client.get("/v1/feed", params={"cursor": cursor}, headers=headers)
        assert response.status_code in (400, 422)
        assert response.headers["content-type"] == "application/problem+json"
    hr = token(notifier, Role.HR, "E-HR")
    assert (await notifier.client.get("/v1/feed/E%001", headers=hr)).status_code == 400


async def test_an_employee_change_waits_for_a_closing_opening_before_it_locks_the_employee(
    notifier: Notifier,
) -> None:
    """Openings before employees is every writer's lock order. An opening's close holds its
    opening and then withdraws what was surfaced to employees; an employee's handler that must
    wait for that opening has to wait before it holds the employee, or the two can deadlock."""
    someone, skill, opening_id = await surfaced_pair(notifier, "locks")
    async with notifier.runtime.pool.acquire() as closing, closing.transaction():
        await closing.execute("SELECT 1 FROM openings WHERE opening_id = $1 FOR UPDATE", opening_id)
        later = NOW + timedelta(minutes=1)
        await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 5),), at=later))
        await wait_until(lambda: _waiting_for_a_lock(notifier), 20)
        async with notifier.runtime.pool.acquire() as probe, probe.transaction():
            await probe.execute(  # raises if the waiting handler holds the employee
                "SELECT 1 FROM employees WHERE employee_id = $1 FOR UPDATE NOWAIT", someone
            )
    await wait_until(lambda: _skill_level(notifier, someone, 5), 20)


async def test_an_employee_change_does_not_wait_for_an_opening_being_updated(
    notifier: Notifier,
) -> None:
    """The two consumers share rows: an opening's handler updates its opening while an
    employee's handler surfaces that opening. Only a close must be waited for; waiting for every
    update made the consumers deadlock under steady load."""
    someone, skill, opening_id = await surfaced_pair(notifier, "updated")
    async with notifier.runtime.pool.acquire() as updating, updating.transaction():
        await updating.execute(
            "UPDATE openings SET version_at = version_at WHERE opening_id = $1", opening_id
        )
        later = NOW + timedelta(minutes=1)
        await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 5),), at=later))
        await wait_until(lambda: _skill_level(notifier, someone, 5), 20)


async def _waiting_for_a_lock(notifier: Notifier) -> bool:
    rows = await notifier.rows(
        "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
        " WHERE NOT l.granted AND a.datname = current_database()"
    )
    return bool(rows)


async def _skill_level(notifier: Notifier, employee_id: str, level: int) -> bool:
    sql = "SELECT level FROM employee_skills WHERE employee_id = $1"
    return [r["level"] for r in await notifier.rows(sql, employee_id)] == [level]
