"""Soak and chaos: many events while consumers are killed and restarted. Run with -m slow."""

from __future__ import annotations

import asyncio
import os
import random
from datetime import date

import pytest
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.settings import ServiceSettings
from platform_testkit import BatchLedger, Ledger, batch_runtime, effects, ledger_runtime

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


RUNTIMES = {
    "one event per call": lambda settings: ledger_runtime(settings, Ledger()),
    "batched": lambda settings: batch_runtime(settings, BatchLedger()),
}


@pytest.mark.parametrize("handler", list(RUNTIMES))
async def test_every_event_has_exactly_one_effect_while_consumers_are_killed_and_restarted(
    handler: str, topics: ServiceSettings
) -> None:
    new_runtime = RUNTIMES[handler]
    total = int(os.environ.get("CHAOS_EVENTS", "5000"))
    rng = random.Random(3)
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name

    async def produce() -> None:
        async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
            for i in range(total):
                event = ev.EmployeeLeft(employee_id=f"E{i % 97}", left_on=date(2026, 1, 1))
                await writer.event(topic, event, event_id=f"chaos-{i}")
                if i % 100 == 0:
                    await asyncio.sleep(0.3)  # a steady stream, so every kill lands mid-flow

    producing = asyncio.create_task(produce())
    runtime = new_runtime(topics)
    for _ in range(4):  # kill the consumer abruptly mid-stream, four times
        await runtime.start()
        await asyncio.sleep(rng.uniform(2.0, 4.0))
        for task in runtime._tasks:
            task.cancel()  # no drain, no commit: as if the process died
        await asyncio.gather(*runtime._tasks, return_exceptions=True)
        await runtime._stack.aclose()
        runtime = new_runtime(topics)
    await producing
    async with runtime.running():
        await wait_until(lambda: _settled(runtime, total), timeout_s=120, interval_s=1)
        rows = await effects(runtime)
    ids = [r["event_id"] for r in rows]
    assert len(ids) == total
    assert len(set(ids)) == total


async def _settled(runtime, total: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await effects(runtime)) >= total
