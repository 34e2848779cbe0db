"""Completions from the LMS become skill-acquired events, once each, on the real broker."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import SkillSource
from lattice_platform.contracts.envelope import encode
from learning_harness import Learning, employee, read_events

COMPLETED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def lms_completion(completion_id: str, item_id: str = "course-k8s-101") -> ev.LmsCompletionReported:
    return ev.LmsCompletionReported(
        completion_id=completion_id, employee_id="E1", item_id=item_id, completed_at=COMPLETED_AT
    )


async def test_a_completion_delivered_twice_publishes_completed_and_skill_acquired_once(
    learning: Learning,
) -> None:
    await learning.add_item("course-k8s-101", ("k8s", 3), ("golang", 2))
    await learning.send(t.EMPLOYEES, employee("E1", skills={"kubernetes": 1, "go": 4}))
    await learning.wait_for_row("SELECT true FROM employee_skills WHERE employee_id = 'E1'")

    await learning.send(t.LMS_INBOUND, lms_completion("LMS-1"), event_id="delivery-1")
    await learning.send(t.LMS_INBOUND, lms_completion("LMS-1"), event_id="delivery-1")  # redelivery
    await learning.send(t.LMS_INBOUND, lms_completion("LMS-1"))  # the LMS replays, new event id

    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(3, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC)

    completed = [e for e in events if isinstance(e, ev.LearningCompleted)]
    acquired = sorted(
        (e for e in events if isinstance(e, ev.SkillAcquired)), key=lambda e: e.skill_id
    )
    assert [c.completion_id for c in completed] == ["lms:LMS-1"]
    assert completed[0].item_id == "course-k8s-101"
    assert [(a.skill_id, a.level, a.previous_level) for a in acquired] == [
        ("go", 4, 4),  # held higher than the course builds: never lowered
        ("kubernetes", 3, 1),
    ]
    assert all(a.source is SkillSource.LEARNING for a in acquired)
    assert all(a.evidence == "course-k8s-101" and a.employee_id == "E1" for a in acquired)
    assert await learning.fetchval("SELECT count(*) FROM completions") == 1
    assert (
        await learning.fetchval(
            "SELECT level FROM employee_skills WHERE employee_id = 'E1' AND skill_id = 'kubernetes'"
        )
        == 3
    )


async def test_malformed_and_unknown_item_completions_are_dead_lettered_and_good_ones_flow(
    learning: Learning,
) -> None:
    await learning.add_item("course-sql", ("sql", 2))
    good = encode(lms_completion("LMS-2", "course-sql"), source="/lms")
    async with learning.reader(t.LMS_INBOUND, dead_letters=True) as dead:
        async with RecordWriter(learning.settings.kafka_bootstrap_servers) as writer:
            topic = learning.topic(t.LMS_INBOUND)
            await writer.raw(topic, b"{not json", key=b"E1", headers=list(good.headers))
            contract_violation = json.dumps({"employee_id": "E1"}).encode()
            await writer.raw(topic, contract_violation, key=b"E1", headers=list(good.headers))
            await writer.event(topic, lms_completion("LMS-3", "no-such-item"))
            await writer.event(topic, lms_completion("LMS-2", "course-sql"))
        dead_records = await dead.read_at_least(3, timeout_s=30)

    reasons = sorted(dict(r.headers)["dlq_reason"].decode() for r in dead_records)
    assert any("not valid JSON" in r for r in reasons)
    assert any("violates its contract" in r for r in reasons)
    assert any("unknown catalogue item no-such-item" in r for r in reasons)
    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(2, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC, quiet_s=0.5)
    assert [type(e).__name__ for e in events] == ["LearningCompleted", "SkillAcquired"]
    assert events[1].skill_id == "sql"
    assert events[1].previous_level is None
