"""Learned skills read before the hire (the learning topic ahead of the HRIS topic, as after a
restart) wait for it, on the real broker and PostgreSQL: nothing is lost, the order per
employee is kept, and a skill whose employee never arrives is dead-lettered after the bound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import ConsumerRecord
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.topics import EMPLOYEES, HRIS_INBOUND, LEARNING_TOPIC
from profile_testkit import RunningProfile, hris_record, running, signed_push
from prometheus_client import REGISTRY

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def learned(employee_id: str, skill_id: str, day: int) -> wire.SkillAcquired:
    return wire.SkillAcquired(
        employee_id=employee_id,
        skill_id=skill_id,
        level=3,
        previous_level=None,
        source="learning",
        evidence=f"course-{skill_id}",
        acquired_at=T0 + timedelta(days=day),
    )


def topic(profile: RunningProfile, name: str) -> str:
    return profile.settings.kafka_topic_prefix + name


async def snapshots_of(profile: RunningProfile, employee_id: str, count: int) -> list[list[str]]:
    """The skills of each ``EmployeeUpserted`` published about ``employee_id``, in order."""

    def about(records: list[ConsumerRecord]) -> list[wire.EmployeeUpserted]:
        return [
            e.event
            for e in decoded(EMPLOYEES, records)
            if isinstance(e.event, wire.EmployeeUpserted) and e.event.employee_id == employee_id
        ]

    async with TopicReader(
        profile.settings.kafka_bootstrap_servers, topic(profile, EMPLOYEES.name)
    ) as reader:
        await reader.read_until(lambda records: len(about(records)) >= count, 30)
        records = await reader.settle(1.0)
    return [sorted(s.skill_id for s in snapshot.skills) for snapshot in about(records)]


async def parked_count(profile: RunningProfile) -> int:
    async with profile.runtime.pool.acquire() as conn:
        count: int = await conn.fetchval("SELECT count(*) FROM parked")
        return count


async def test_skills_learned_before_the_hire_are_applied_once_it_arrives_in_their_order(
    profile: RunningProfile,
) -> None:
    servers = profile.settings.kafka_bootstrap_servers
    learning, hris = topic(profile, LEARNING_TOPIC.name), topic(profile, HRIS_INBOUND.name)
    async with RecordWriter(servers) as writer:
        await writer.event(learning, learned("E1", "python", 1))
        await writer.event(learning, learned("E1", "sql", 2))
        await wait_until(lambda: parked(profile, 2), 20)
        await writer.event(hris, hris_record("E1", change="hired"))
        await writer.event(learning, learned("E1", "go", 3))  # may come before the parked ones

    assert await snapshots_of(profile, "E1", 4) == [
        [],
        ["python"],
        ["python", "sql"],
        ["go", "python", "sql"],
    ]
    assert await parked_count(profile) == 0


async def parked(profile: RunningProfile, count: int) -> bool:
    return await parked_count(profile) == count


async def test_a_hire_pushed_to_the_webhook_releases_the_skills_waiting_for_it(
    profile: RunningProfile,
) -> None:
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(topic(profile, LEARNING_TOPIC.name), learned("E2", "python", 1))
    await wait_until(lambda: parked(profile, 1), 20)
    await wait_until(lambda: parked_gauge() == 1, 10)

    body, headers = signed_push(hris_record("E2", change="hired"))
    response = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert response.status_code == 200, response.text

    assert (await snapshots_of(profile, "E2", 2))[-1] == ["python"]
    assert await parked_count(profile) == 0
    await wait_until(lambda: parked_gauge() == 0, 10)


def parked_gauge() -> float | None:
    return REGISTRY.get_sample_value("lattice_events_parked", {"consumer": "profile.inbound"})


@pytest.mark.timeout(120)
async def test_a_skill_whose_employee_never_arrives_is_dead_lettered_after_the_bound(
    service_environment: dict[str, str],
) -> None:
    async with running(service_environment, PARKING_TIMEOUT_S="3") as profile:
        learning = topic(profile, LEARNING_TOPIC.name)
        async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
            await writer.event(learning, learned("E404", "python", 1))
            await writer.event(topic(profile, HRIS_INBOUND.name), hris_record("E1", change="hired"))
            await writer.event(learning, learned("E1", "sql", 2))
        await wait_until(lambda: parked(profile, 1), 20)
        assert (await snapshots_of(profile, "E1", 2))[-1] == ["sql"]  # the partition flowed on

        async with TopicReader(
            profile.settings.kafka_bootstrap_servers, topic(profile, LEARNING_TOPIC.dead_letter)
        ) as reader:
            [dead] = await reader.read_at_least(1, timeout_s=30)
            assert await reader.settle(2.0) == [dead]
        reason = dict(dead.headers)["dlq_reason"].decode()
        assert reason.startswith("waited 3 s for employee E404, which has not arrived")
        assert dead.key == b"E404"
        assert await parked_count(profile) == 0


async def test_a_skill_learned_after_a_pushed_hire_waits_behind_the_skills_parked_before_it(
    service_environment: dict[str, str],
) -> None:
    async with running(service_environment, PARKING_RETRY_INTERVAL_S="3600") as profile:
        learning = topic(profile, LEARNING_TOPIC.name)
        async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
            await writer.event(learning, learned("E3", "python", 1))
            await wait_until(lambda: parked(profile, 1), 20)
            body, headers = signed_push(hris_record("E3", change="hired"))
            response = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
            assert response.status_code == 200, response.text
            await writer.event(learning, learned("E3", "go", 2))  # before any sweep

        assert await snapshots_of(profile, "E3", 3) == [[], ["python"], ["go", "python"]]
        assert await parked_count(profile) == 0
