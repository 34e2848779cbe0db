"""Batched handlers on the real broker and real PostgreSQL: many events per call, each still
exactly once and in order per key; a poison event still dead-lettered alone."""

from __future__ import annotations

from collections import defaultdict

from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader
from lattice_platform.contracts import topics as t
from lattice_platform.settings import ServiceSettings
from platform_testkit import BatchLedger, batch_runtime, effects, has_effects, left


async def test_a_batched_handler_takes_many_events_per_call_each_once_and_in_key_order(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    produced: list[tuple[str, str]] = []
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        for i in range(60):
            key = f"E{i % 7}"
            produced.append((key, await writer.event(topic, left(key))))
    ledger = BatchLedger()
    runtime = batch_runtime(topics, ledger)
    async with runtime.running():
        await wait_until(lambda: has_effects(runtime, 60), 30)
        rows = await effects(runtime)
    assert sorted(r["event_id"] for r in rows) == sorted(i for _, i in produced), "each once"
    assert max(ledger.call_sizes) > 1, "events already waiting arrive together"
    assert sum(ledger.call_sizes) == 60, "no event handled twice"
    position = {event_id: n for n, event_id in enumerate(ledger.seen)}
    per_key: dict[str, list[int]] = defaultdict(list)
    for key, event_id in produced:
        per_key[key].append(position[event_id])
    assert all(order == sorted(order) for order in per_key.values()), "order per key kept"


async def test_a_poison_event_in_a_batch_is_dead_lettered_alone_and_the_rest_applied_once(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        good = [await writer.event(topic, left(f"E{i}")) for i in range(5)]
        await writer.event(topic, left("E-bad"))
        good += [await writer.event(topic, left(f"E{i}")) for i in range(5, 10)]
    ledger = BatchLedger(failing_for={"E-bad"})
    runtime = batch_runtime(topics, ledger)
    async with (
        runtime.running(),
        TopicReader(
            topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.dead_letter
        ) as reader,
    ):
        [dead] = await reader.read_at_least(1)
        await wait_until(lambda: has_effects(runtime, 10), 30)
        rows = await effects(runtime)
    assert sorted(r["event_id"] for r in rows) == sorted(good)
    assert dict(dead.headers)["dlq_reason"].startswith(b"handler failed 3 times: RuntimeError")
    assert dead.key == b"E-bad"
