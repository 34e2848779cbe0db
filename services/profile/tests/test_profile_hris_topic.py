"""HRIS events and learned skills consumed from the real broker into the real database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import EmployeeStatus
from lattice_platform.contracts.envelope import encode
from lattice_platform.contracts.topics import EMPLOYEES, HRIS_INBOUND, LEARNING_TOPIC
from profile_testkit import RunningProfile, hris_record

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def topic(profile: RunningProfile, name: str) -> str:
    return profile.settings.kafka_topic_prefix + name


async def employee_events(profile: RunningProfile, count: int) -> list[wire.Event]:
    async with TopicReader(
        profile.settings.kafka_bootstrap_servers, topic(profile, EMPLOYEES.name)
    ) as reader:
        await reader.read_at_least(count)
        records = await reader.settle(1.0)
    return [e.event for e in decoded(EMPLOYEES, records)]


async def test_late_and_duplicated_hris_changes_leave_the_newest_one_in_place(
    profile: RunningProfile,
) -> None:
    hris = topic(profile, HRIS_INBOUND.name)
    newest = hris_record("E1", effective_at=T0 + timedelta(days=2), grade=7)
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, hris_record("E1", change="hired", effective_at=T0))
        await writer.event(hris, newest, event_id="change-2")
        await writer.event(hris, hris_record("E1", effective_at=T0 + timedelta(days=1), grade=6))
        await writer.event(hris, newest, event_id="change-2")  # redelivered: same event id
        await writer.event(hris, newest)  # the HRIS sent the same change again: a new id
        await writer.event(hris, hris_record("E2", change="hired", effective_at=T0))

    async def both_applied() -> bool:
        row = await profile.row("E1")
        return row is not None and row["grade"] == 7 and await profile.row("E2") is not None

    await wait_until(both_applied, 20)
    events = await employee_events(profile, 3)
    assert [(e.key(), e.grade) for e in events] == [("E1", 5), ("E1", 7), ("E2", 5)]  # type: ignore[attr-defined]
    row = await profile.row("E1")
    assert row is not None
    assert row["hris_effective_at"] == T0 + timedelta(days=2)


async def test_a_leaver_is_published_and_an_older_change_arriving_later_does_not_revive_them(
    profile: RunningProfile,
) -> None:
    hris = topic(profile, HRIS_INBOUND.name)
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, hris_record("E1", change="hired", effective_at=T0))
        await writer.event(
            hris,
            wire.HrisEmployeeTerminated(
                hris_id="E1", left_on=date(2026, 3, 31), effective_at=T0 + timedelta(days=90)
            ),
        )
        await writer.event(hris, hris_record("E1", effective_at=T0 + timedelta(days=30), grade=8))
    events = await employee_events(profile, 3)
    assert [type(e).__name__ for e in events] == [
        "EmployeeUpserted",
        "EmployeeUpserted",
        "EmployeeLeft",
    ]
    row = await profile.row("E1")
    assert row is not None
    assert (row["status"], row["grade"]) == (EmployeeStatus.LEFT.value, 5)
    assert all(b"example.com" not in json.dumps(e.model_dump(mode="json")).encode() for e in events)


async def test_malformed_hris_records_are_dead_lettered_with_the_reason_and_the_rest_flows(
    profile: RunningProfile,
) -> None:
    hris = topic(profile, HRIS_INBOUND.name)
    good = encode(hris_record("E1", change="hired"), source="/hris")
    broken = json.loads(good.value)
    broken["grade"] = "senior"
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.raw(hris, json.dumps(broken).encode(), key=b"E1", headers=good.headers)
        await writer.event(  # well-formed, but about nobody the profile knows
            hris,
            wire.HrisEmployeeTerminated(hris_id="E404", left_on=date(2026, 1, 31), effective_at=T0),
        )
        await writer.event(hris, hris_record("E1", change="hired"))
    await wait_until(lambda: _exists(profile, "E1"), 20)
    async with TopicReader(
        profile.settings.kafka_bootstrap_servers, topic(profile, HRIS_INBOUND.dead_letter)
    ) as reader:
        dead = await reader.read_at_least(2, timeout_s=20)
    reasons = sorted(dict(d.headers)["dlq_reason"].decode() for d in dead)
    assert "grade: Input should be a valid integer" in reasons[1]
    assert "violates its contract" in reasons[1]
    assert reasons[0].startswith("handler failed 3 times: EmployeeNotFoundError")
    assert "E404" in reasons[0]


async def _exists(profile: RunningProfile, employee_id: str) -> bool:
    return await profile.row(employee_id) is not None


async def test_a_learned_skill_raises_the_level_and_republishes_only_the_snapshot(
    profile: RunningProfile,
) -> None:
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(topic(profile, HRIS_INBOUND.name), hris_record("E1", change="hired"))
        await wait_until(lambda: _exists(profile, "E1"), 20)
        await writer.event(
            topic(profile, LEARNING_TOPIC.name),
            wire.SkillAcquired(
                employee_id="E1",
                skill_id="k8s",  # an alias: normalised by the taxonomy
                level=3,
                previous_level=None,
                source="learning",
                evidence="course-k8s-101",
                acquired_at=T0 + timedelta(days=5),
            ),
        )
    events = await employee_events(profile, 2)
    assert [type(e).__name__ for e in events] == ["EmployeeUpserted", "EmployeeUpserted"]
    [skill] = events[1].skills  # type: ignore[attr-defined]
    assert (skill.skill_id, skill.level, skill.source, skill.last_used_on) == (
        "kubernetes",
        3,
        "learning",
        date(2026, 1, 6),
    )


async def test_an_hris_record_after_a_learned_skill_keeps_it_in_the_profile_and_the_snapshot(
    profile: RunningProfile,
) -> None:
    hris = topic(profile, HRIS_INBOUND.name)
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, hris_record("E1", change="hired"))
        await wait_until(lambda: _exists(profile, "E1"), 20)
        await writer.event(
            topic(profile, LEARNING_TOPIC.name),
            wire.SkillAcquired(
                employee_id="E1",
                skill_id="kubernetes",
                level=3,
                previous_level=None,
                source="learning",
                evidence="course-k8s-101",
                acquired_at=T0 + timedelta(days=5),
            ),
        )
        await wait_until(lambda: _holds(profile, "E1", "kubernetes"), 20)
        await writer.event(hris, hris_record("E1", effective_at=T0 + timedelta(days=6), grade=6))
    events = await employee_events(profile, 3)
    last = events[-1]
    assert isinstance(last, wire.EmployeeUpserted)
    assert last.grade == 6
    assert [(s.skill_id, s.level, s.source) for s in last.skills] == [("kubernetes", 3, "learning")]


async def _holds(profile: RunningProfile, employee_id: str, skill_id: str) -> bool:
    row = await profile.row(employee_id)
    return row is not None and skill_id in str(row["skills"])
