"""A consumer in lanes (``KAFKA_CONSUMER_LANES=2``) on the real broker and real PostgreSQL: a
batch taken while behind the broker has its partitions handled in two transactions at once,
with the same guarantees as one: each event once and in order per key, a bad record or a
failing handler dead-lettered without touching the other lane, a transient failure retried,
offsets committed once every lane has. Batches of two records (``KAFKA_CONSUMER_MAX_BATCH``): a
batch holding two partitions' records is full, so the consumer is behind whenever there is
more than one lane's work."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter, defaultdict

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import encode
from lattice_platform.db import platform_migrations
from lattice_platform.messaging.consumer import Delivery, Handler, Subscription
from lattice_platform.messaging.kafka import partition_index
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import (
    EFFECTS,
    Ledger,
    effects,
    has_effects,
    left,
    until_dead_lettered,
)


def laned_runtime(settings: ServiceSettings, handler: Handler, max_batch: int = 2) -> Runtime:
    """A test service whose one consumer, in two lanes, hands ``EmployeeLeft`` to ``handler``."""
    return Runtime(
        settings=settings.model_copy(
            update={"kafka_consumer_lanes": 2, "kafka_consumer_max_batch": max_batch}
        ),
        migrations=[*platform_migrations(), EFFECTS],
        consumer_specs=[
            ConsumerSpec(
                "employees", [Subscription(t.EMPLOYEES, {ev.EmployeeLeft: handler})], lanes=True
            )
        ],
    )


def keys_apart(settings: ServiceSettings, count: int) -> list[str]:
    """``count`` employee ids, each on a partition of its own."""
    keys: dict[int, str] = {}
    for i in range(1000):
        key = f"E{i}"
        keys.setdefault(partition_index(key.encode(), settings.kafka_partitions), key)
    assert len(keys) >= count
    return list(keys.values())[:count]


def topic_of(settings: ServiceSettings) -> str:
    return settings.kafka_topic_prefix + t.EMPLOYEES.name


async def sent(settings: ServiceSettings, keys: list[str]) -> list[str]:
    """The ids of an event about each of ``keys``, sent in that order."""
    async with RecordWriter(settings.kafka_bootstrap_servers) as writer:
        return [await writer.event(topic_of(settings), left(key)) for key in keys]


async def committed(settings: ServiceSettings, group: str) -> dict[int, int | None]:
    """The offsets ``group`` committed on the employees topic, by partition (None: none)."""
    reader = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
    )
    await reader.start()
    try:
        return {
            p: await reader.committed(TopicPartition(topic_of(settings), p))
            for p in range(settings.kafka_partitions)
        }
    finally:
        await reader.stop()


async def test_behind_lanes_handle_partitions_at_once_each_event_once_and_in_key_order(
    topics: ServiceSettings,
) -> None:
    """Each call waits a while for a call of another lane to come in: the lanes overlap."""
    keys = keys_apart(topics, 3)
    produced: list[tuple[str, str]] = []
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        for i in range(40):
            key = keys[i % len(keys)]
            produced.append((key, await writer.event(topic_of(topics), left(key))))
    ledger = Ledger()
    seen: list[str] = []
    inside: Counter[int] = Counter()  # handler calls under way, by connection
    overlapped = asyncio.Event()

    async def waiting_for_the_other_lane(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        lane = id(delivery.conn)
        inside[lane] += 1
        if len(+inside) > 1:
            overlapped.set()
        if not overlapped.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(overlapped.wait(), 1.0)
        inside[lane] -= 1
        seen.append(delivery.envelope.id)
        await ledger.on_left(delivery, event)

    runtime = laned_runtime(topics, waiting_for_the_other_lane)
    async with runtime.running():
        await wait_until(lambda: has_effects(runtime, 40), 60)
        rows = await effects(runtime)
    assert overlapped.is_set(), "two lanes' transactions were open at once"
    assert sorted(r["event_id"] for r in rows) == sorted(i for _, i in produced), "each once"
    position = {event_id: n for n, event_id in enumerate(seen)}
    per_key: dict[str, list[int]] = defaultdict(list)
    for key, event_id in produced:
        per_key[key].append(position[event_id])
    assert all(order == sorted(order) for order in per_key.values()), "order per key kept"


async def test_a_malformed_record_in_one_lane_is_dead_lettered_once_and_the_rest_applied_once(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    bad_key, *others = keys_apart(topics, 3)
    topic = topic_of(topics)
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        good = [await writer.event(topic, left(key)) for key in others for _ in range(3)]
        record = encode(left(bad_key), source="/t")
        await writer.raw(topic, b"{not json", key=record.key, headers=record.headers)
        good.append(await writer.event(topic, left(bad_key)))
    [dead], rows = await until_dead_lettered(laned_runtime(topics, ledger.on_left), len(good))
    assert sorted(r["event_id"] for r in rows) == sorted(good), "each good event once"
    assert dead.value == b"{not json", "dead-lettered once, whole"
    assert dead.key == bad_key.encode()


async def test_a_failing_handler_in_one_lane_is_dead_lettered_and_the_other_lane_kept_once(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    bad_key, other = keys_apart(topics, 2)  # a lane each
    ledger.failing_for.add(bad_key)
    topic = topic_of(topics)
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        good = [await writer.event(topic, left(other)) for _ in range(3)]
        await writer.event(topic, left(bad_key))
    [dead], rows = await until_dead_lettered(laned_runtime(topics, ledger.on_left), len(good))
    assert sorted(r["event_id"] for r in rows) == sorted(good), "each good event once"
    assert dict(dead.headers)["dlq_reason"].startswith(b"handler failed 3 times: RuntimeError")
    assert dead.key == bad_key.encode()
    assert ledger.calls[bad_key] == topics.handler_attempts
    assert ledger.calls[other] == 3, "the other lane was not redone"


async def test_a_transient_failure_in_one_lane_is_retried_and_the_committed_lane_not_redone(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    """The lane that deadlocked is rewound and done again; a lane that committed beside it is
    not (its events reach the handler once)."""
    stuck, other = keys_apart(topics, 2)  # a lane each
    deadlocks = 2

    async def deadlocking(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        nonlocal deadlocks
        if event.employee_id == stuck and deadlocks:
            deadlocks -= 1
            raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")
        await ledger.on_left(delivery, event)

    produced = await sent(topics, [stuck, other] * 3)
    runtime = laned_runtime(topics, deadlocking)
    async with runtime.running():
        await wait_until(lambda: has_effects(runtime, len(produced)), 60)
        rows = await effects(runtime)
    assert deadlocks == 0
    assert sorted(r["event_id"] for r in rows) == sorted(produced), "each once"
    assert ledger.calls == {stuck: 3, other: 3}, "no effect done twice, the other lane once"


async def test_offsets_are_committed_only_once_every_lane_of_the_batch_has(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    """One lane is held inside its handler; the other lane's effects are committed meanwhile,
    yet no offset of the batch is, until the held lane commits too."""
    held, other = keys_apart(topics, 2)  # a lane each
    release = asyncio.Event()

    async def holding(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        if event.employee_id == held:
            await release.wait()
        await ledger.on_left(delivery, event)

    produced = await sent(topics, [held, other] * 2)
    runtime = laned_runtime(topics, holding)
    async with runtime.running():
        [consumer] = runtime.consumers
        await wait_until(lambda: has_effects(runtime, 2), 60)  # the other lane's, committed
        assert set((await committed(topics, consumer.group_id)).values()) == {None}
        release.set()
        await wait_until(lambda: has_effects(runtime, len(produced)), 30)

        async def all_committed() -> bool:
            offsets = await committed(topics, consumer.group_id)
            return sum(offset or 0 for offset in offsets.values()) == len(produced)

        await wait_until(all_committed, 30)


async def test_a_batch_taken_while_behind_gives_every_lane_work(topics: ServiceSettings) -> None:
    """Three partitions each hold several batches before the consumer starts. A fetch hands
    over one partition's records up to the batch size, so without taking the other lanes'
    share of what is buffered each batch would be one partition's, in one lane, and no two
    transactions would ever be open at once. Six batches a partition: the first fetches of a
    consumer just started may hold one partition only (in one CI run on a loaded machine,
    with two batches a partition, every batch was one partition's)."""
    produced = await sent(topics, [key for key in keys_apart(topics, 3) for _ in range(60)])
    ordered = sorted((await transactions_handling(topics, produced, max_batch=10)).values())
    assert any(later[0] < earlier[1] for earlier, later in itertools.pairwise(ordered)), (
        f"two transactions were open at once: {ordered}"
    )


async def test_a_batch_taken_when_not_behind_is_one_transaction(topics: ServiceSettings) -> None:
    """Records of three partitions, fewer than a batch: one fetch takes them all, and a
    consumer that is not behind handles them in one transaction, however many lanes it has."""
    produced = await sent(topics, [key for key in keys_apart(topics, 3) for _ in range(4)])
    transactions = await transactions_handling(topics, produced, max_batch=500)
    assert len(transactions) == 1, f"one transaction, not {len(transactions)}"


async def transactions_handling(
    topics: ServiceSettings, produced: list[str], max_batch: int
) -> dict[int, list[float]]:
    """The transactions in which a consumer in two lanes, with batches of ``max_batch``, handled
    ``produced`` (each event once), each with the times of its first and last handler call."""
    ledger = Ledger()
    spans: dict[int, list[float]] = {}

    async def timed(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        transaction = await delivery.conn.fetchval("SELECT txid_current()")
        now = asyncio.get_running_loop().time()
        spans.setdefault(transaction, [now, now])[1] = now
        await ledger.on_left(delivery, event)

    runtime = laned_runtime(topics, timed, max_batch)
    async with runtime.running():
        await wait_until(lambda: has_effects(runtime, len(produced)), 120)
        rows = await effects(runtime)
    assert sorted(r["event_id"] for r in rows) == sorted(produced), "each once"
    return spans
