"""Measurement: how soon a completion reported by the LMS is a skill-acquired event on the topic."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

import pytest
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from learning_harness import Learning

SAMPLES = 40


@pytest.mark.slow
async def test_an_lms_completion_becomes_skill_acquired_within_two_seconds_at_p95(
    learning: Learning,
) -> None:
    await learning.add_item("course-sql", ("sql", 2))
    await learning.send(
        t.LMS_INBOUND,
        ev.LmsCompletionReported(
            completion_id="warm-up", employee_id="E0", item_id="course-sql", completed_at=now()
        ),
    )
    seconds = []
    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(2, timeout_s=30)  # the consumer group has joined
        for n in range(SAMPLES):
            start = time.perf_counter()
            await learning.send(
                t.LMS_INBOUND,
                ev.LmsCompletionReported(
                    completion_id=f"C{n}",
                    employee_id=f"E{n}",
                    item_id="course-sql",
                    completed_at=now(),
                ),
            )
            await reader.read_at_least(2 * (n + 2), timeout_s=30)
            seconds.append(time.perf_counter() - start)
    p95 = statistics.quantiles(seconds, n=20)[18]
    print(
        f"\nLMS completion -> SkillAcquired on the topic, {SAMPLES} samples, outbox poll "
        f"{learning.settings.outbox_poll_interval_s}s: median {statistics.median(seconds):.3f}s"
        f" p95 {p95:.3f}s max {max(seconds):.3f}s"
    )
    assert p95 < 2.0


def now() -> datetime:
    return datetime.now(UTC)
