"""Batched handlers on the real broker and real PostgreSQL: many events per call, each still
exactly once and in order per key; a poison event still dead-lettered alone, and a malformed
record between good ones dead-lettered without the good ones leaving their batched call."""

from __future__ import annotations

import functools
import gc
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg
from aiokafka import ConsumerRecord
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import encode
from lattice_platform.messaging.consumer import BatchDelivery
from lattice_platform.settings import ServiceSettings
from platform_testkit import (
    BatchLedger,
    batch_runtime,
    effects,
    has_effects,
    left,
    until_dead_lettered,
)


@dataclass
class HoldingLedger(BatchLedger):
    """Each call registers a callback that holds its delivery, as a unit of work that
    registered a callback through the delivery holds it; notes each delivery weakly."""

    deliveries: list[weakref.ref[BatchDelivery]] = field(default_factory=list)
    ran: int = 0

    async def on_many(self, batch: BatchDelivery, events: Sequence[ev.EmployeeLeft]) -> None:
        await super().on_many(batch, events)
        self.deliveries.append(weakref.ref(batch))
        batch.after_commit(functools.partial(self.applied, batch))

    def applied(self, batch: BatchDelivery) -> None:
        """The callback: it holds ``batch`` until it runs."""
        self.ran += 1


async def dead_letters_and_effects(
    topics: ServiceSettings, ledger: BatchLedger, effects_expected: int
) -> tuple[list[ConsumerRecord], list[asyncpg.Record]]:
    """Run a batched consumer over what waits on the topic until a dead letter has arrived and
    ``effects_expected`` effects are in; every dead letter (read until quiet), and the effects."""
    return await until_dead_lettered(batch_runtime(topics, ledger), effects_expected)


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
    assert all(brought == asked for brought, asked in ledger.transactions), (
        "the inbox statement brings the transaction's id"
    )


async def test_a_poison_event_in_a_batch_is_dead_lettered_alone_and_the_rest_applied_once(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        good = [await writer.event(topic, left(f"E{i}")) for i in range(5)]
        await writer.event(topic, left("E-bad"))
        good += [await writer.event(topic, left(f"E{i}")) for i in range(5, 10)]
    ledger = BatchLedger(failing_for={"E-bad"})
    [dead], rows = await dead_letters_and_effects(topics, ledger, 10)
    assert sorted(r["event_id"] for r in rows) == sorted(good)
    assert all(brought == asked for brought, asked in ledger.transactions), (
        "each event's inbox statement brings the transaction's id, one by one too"
    )
    assert dict(dead.headers)["dlq_reason"].startswith(b"handler failed 3 times: RuntimeError")
    assert dead.key == b"E-bad"


async def test_a_malformed_record_mid_batch_is_dead_lettered_and_the_rest_stays_batched(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        # One key, so one partition: the bad record sits between the good ones of one fetch.
        good = [await writer.event(topic, left("E1")) for _ in range(5)]
        record = encode(left("E1"), source="/t")
        await writer.raw(topic, b"{not json", key=record.key, headers=record.headers)
        good += [await writer.event(topic, left("E1")) for _ in range(5)]
    ledger = BatchLedger()
    dead_letters, rows = await dead_letters_and_effects(topics, ledger, 10)
    [dead] = dead_letters
    assert sorted(r["event_id"] for r in rows) == sorted(good), "each good event once"
    assert ledger.seen == good, "in partition order"
    assert max(ledger.call_sizes) > 1, "the good events were not handled one by one"
    assert dead.value == b"{not json", "dead-lettered once, whole"
    assert dict(dead.headers)["dlq_reason"].startswith(b"value is not valid JSON")


async def test_a_batch_done_is_freed_at_once_not_by_the_garbage_collector(
    topics: ServiceSettings,
) -> None:
    """A callback holding its delivery makes no reference cycle once handed over: with the
    collector off, every delivery is gone as soon as its batch is done. Left to the collector,
    a batch's whole graph (its events, the employees read) paused the notifier every second or
    two at 1,000 events/s."""
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        for i in range(40):
            await writer.event(topic, left(f"E{i % 5}"))
    ledger = HoldingLedger()
    runtime = batch_runtime(topics, ledger)
    gc.disable()
    try:
        async with runtime.running():
            await wait_until(lambda: has_effects(runtime, 40), 30)
            await wait_until(lambda: ledger.ran == len(ledger.deliveries), 10)
        alive = [ref for ref in ledger.deliveries if ref() is not None]
    finally:
        gc.enable()
    assert ledger.ran == len(ledger.deliveries) > 0, "every callback ran"
    assert not alive, f"{len(alive)} of {len(ledger.deliveries)} deliveries still held"


async def test_after_each_fetch_a_consumer_tells_whether_it_is_behind_the_broker(
    topics: ServiceSettings,
) -> None:
    """A batch as large as the consumer takes (500) means more waits: behind; then caught up."""
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        for i in range(700):
            await writer.event(topic, left(f"E{i % 50}"))
    heard: list[tuple[str, bool]] = []
    ledger = BatchLedger()
    runtime = batch_runtime(topics, ledger, lambda name, behind: heard.append((name, behind)))
    async with runtime.running():
        await wait_until(lambda: has_effects(runtime, 700), 30)
        await wait_until(lambda: heard[-1] == ("testsvc.employees", False), 10)
    # A fetch can come back empty before the records arrive (told: not behind), so the full
    # batches are counted rather than placed: each handled in one call here.
    full = sum(size == 500 for size in ledger.call_sizes)
    assert full >= 1, "700 waiting: a full batch"
    assert sum(behind for _, behind in heard) == full, "behind after each full batch, only then"
    assert {name for name, _ in heard} == {"testsvc.employees"}
