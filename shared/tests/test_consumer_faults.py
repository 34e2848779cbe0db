"""What must not stop a consumer or lose an event, on the real broker and real PostgreSQL:
deadlocks, records crafted to break the dead letter or the inbox, records keyed by something
else than their entity, a consumer task that crashes, an inbox that grows."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import Headers, encode
from lattice_platform.db import platform_migrations
from lattice_platform.messaging.consumer import Delivery, Subscription
from lattice_platform.messaging.kafka import partition_index
from lattice_platform.messaging.outbox import OutboxRelay
from lattice_platform.runtime import ConsumerSpec, Periodic, Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import Ledger, effects, effects_runtime, has_effects, ledger_runtime, left
from prometheus_client import REGISTRY
from test_delivery import write_through_outbox

# --------------------------------------------------------------------------- deadlocks


async def test_a_handler_that_deadlocks_is_retried_until_it_succeeds_and_never_dead_lettered(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    """More deadlocks than the handler has attempts: a deadlock is not the event's fault."""
    deadlocks = 5
    assert deadlocks > topics.handler_attempts

    async def deadlocking(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        nonlocal deadlocks
        if deadlocks:
            deadlocks -= 1
            raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")
        await ledger.on_left(delivery, event)

    await applied_once_and_never_dead_lettered(effects_runtime(topics, deadlocking), topics)
    assert deadlocks == 0
    assert ledger.calls == {"E1": 1}


async def test_a_real_deadlock_with_another_transaction_is_retried_and_the_event_applied_once(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    """The handler locks row a then b; another session holds b and then wants a, each time the
    handler tries: PostgreSQL aborts the handler's transaction as the deadlock's victim (the
    other session waits longer before it looks for deadlocks), more times than the handler has
    attempts."""
    rounds = topics.handler_attempts + 1
    dsn = topics.database_url.get_secret_value()
    setup = await asyncpg.connect(dsn)
    await setup.execute(
        "CREATE TABLE public.locks (name text PRIMARY KEY, n int NOT NULL DEFAULT 0);"
        "INSERT INTO public.locks (name) VALUES ('a'), ('b')"
    )
    await setup.close()
    holds_a = asyncio.Event()
    victims = 0

    async def a_then_b(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        nonlocal victims
        await delivery.conn.execute("UPDATE public.locks SET n = n + 1 WHERE name = 'a'")
        holds_a.set()
        try:
            await delivery.conn.execute("UPDATE public.locks SET n = n + 1 WHERE name = 'b'")
        except asyncpg.exceptions.DeadlockDetectedError:
            victims += 1
            raise
        await ledger.on_left(delivery, event)

    async def b_then_a() -> int:
        other = await asyncpg.connect(dsn, server_settings={"deadlock_timeout": "20s"})
        done = 0
        try:
            for _ in range(rounds):
                holds_a.clear()
                async with other.transaction():
                    await other.execute("UPDATE public.locks SET n = n + 1 WHERE name = 'b'")
                    await holds_a.wait()
                    await other.execute("UPDATE public.locks SET n = n + 1 WHERE name = 'a'")
                    done += 1
        finally:
            await other.close()
        return done

    rival = asyncio.create_task(b_then_a())
    await applied_once_and_never_dead_lettered(effects_runtime(topics, a_then_b), topics)
    assert rival.done()
    assert victims == rival.result() == rounds, "the handler deadlocked in every round"
    assert ledger.calls == {"E1": 1}


async def applied_once_and_never_dead_lettered(runtime: Runtime, settings: ServiceSettings) -> None:
    async with (
        runtime.running(),
        RecordWriter(settings.kafka_bootstrap_servers) as writer,
        dead_letters(settings) as dead,
    ):
        applied = await writer.event(topic_of(settings), left("E1"))
        await wait_until(lambda: has_effects(runtime, 1), 60)
        await asyncio.sleep(0.5)
        assert [r["event_id"] for r in await effects(runtime)] == [applied]
        assert await dead.settle(0.5) == [], "nothing dead-lettered"


async def test_consumers_that_take_turns_never_handle_batches_at_the_same_time(
    topics: ServiceSettings,
) -> None:
    """Two consumers whose handlers write the same rows can deadlock each other's batch
    transactions; taking turns, they cannot. Each handler waits a while for the other to come
    in: without turns it does."""
    inside: set[str] = set()
    overlapped: list[set[str]] = []
    entered = asyncio.Event()
    handled: list[str] = []

    def handler(consumer: str) -> Callable[[Delivery, ev.EmployeeLeft], Awaitable[None]]:
        async def waiting_for_the_other(delivery: Delivery, event: ev.EmployeeLeft) -> None:
            inside.add(consumer)
            if len(inside) > 1:
                overlapped.append(set(inside))
            entered.set()
            entered.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(entered.wait(), 1.0)
            inside.discard(consumer)
            handled.append(consumer)

        return waiting_for_the_other

    runtime = Runtime(
        topics,
        platform_migrations(),
        [
            ConsumerSpec(
                name,
                [Subscription(t.EMPLOYEES, {ev.EmployeeLeft: handler(name)})],
                turns="shared rows",
            )
            for name in ("first", "second")
        ],
    )
    async with runtime.running(), RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await wait_until(lambda: all(c.assigned.is_set() for c in runtime.consumers), 30)
        await writer.event(topic_of(topics), left("E1"))
        await wait_until(lambda: len(handled) == 2, 30)
    assert overlapped == []


# --------------------------------------------------------------------------- poison records


@dataclass(frozen=True)
class Crafted:
    """A record built to break the consumer, and the reason its dead letter must give."""

    key: bytes
    value: bytes
    headers: Headers
    reason: str
    stored: bool  # too large for the dead-letter topic: kept in the dead_letter table


def with_id(event_id: str, key: str = "E5") -> Crafted:
    good = encode(left(key), source="/t")
    headers = [(k, event_id.encode() if k == "ce_id" else v) for k, v in good.headers]
    reason = "ce_id contains control characters" if "\x00" in event_id else "characters long"
    return Crafted(good.key, good.value, headers, reason, stored=False)


def two_megabytes() -> Crafted:
    good = encode(left("E5"), source="/t")
    value = json.dumps({"pad": "x" * 2_000_000}).encode()
    return Crafted(good.key, value, good.headers, "violates its contract", stored=True)


def echoed_input(ledger: Ledger) -> Crafted:
    """A handler error of 1.2 MB (as one quoting its input at length would be). Contract strings
    are bounded, so the record itself is small and valid."""
    employee_id = "E-error"
    ledger.failing_for.add(employee_id)
    ledger.failure_detail = ": " + secrets.token_hex(600_000)
    record = encode(left(employee_id), source="/t")
    return Crafted(record.key, record.value, record.headers, "cannot handle E", stored=False)


POISON = {
    "a 2 MB value": lambda _: two_megabytes(),
    "a 1.2 MB handler error": echoed_input,
    "a NUL character in the event id": lambda _: with_id("id-\x00-1"),
    "an 8 KB event id": lambda _: with_id(secrets.token_hex(4096)),
}


@pytest.mark.parametrize("case", list(POISON))
async def test_a_crafted_record_is_dead_lettered_with_its_original_and_the_partition_flows_on(
    case: str, topics: ServiceSettings, ledger: Ledger
) -> None:
    crafted = POISON[case](ledger)
    restarts_before = restarts("consumer-employees")
    runtime = ledger_runtime(topics, ledger)
    async with (
        runtime.running(),
        big_producer(topics) as producer,
        RecordWriter(topics.kafka_bootstrap_servers) as writer,
        dead_letters(topics) as dead,
    ):
        await producer.send_and_wait(
            topic_of(topics), crafted.value, key=crafted.key, headers=crafted.headers
        )
        behind = left(same_partition_as(crafted.key, topics.kafka_partitions))
        after = await writer.event(topic_of(topics), behind)
        await wait_until(lambda: has_effects(runtime, 1), 30)
        [letter] = await dead.read_at_least(1, timeout_s=30)
        assert [r["event_id"] for r in await effects(runtime)] == [after]
        assert runtime.tasks_down() == {}, "the consumer never crashed"
        headers = dict(letter.headers)
        reason = headers["dlq_reason"].decode()
        assert crafted.reason in reason
        assert len(reason) <= 2100, "the reason is bounded"
        if crafted.stored:
            row = await stored_dead_letter(runtime, int(headers["dlq_dead_letter_id"]))
            assert (row["key"], row["value"]) == (crafted.key, crafted.value), "original kept"
            assert list(zip(row["header_names"], row["header_values"], strict=True)) == [
                (k.encode(), v) for k, v in crafted.headers
            ]
            assert row["record_offset"] == int(headers["dlq_original_offset"])
            assert json.loads(letter.value)["dead_letter_id"] == row["id"]
        else:
            assert (letter.key, letter.value) == (crafted.key, crafted.value), "original kept"
            assert all(h in letter.headers for h in crafted.headers), "original headers kept"
    assert restarts("consumer-employees") == restarts_before


async def test_a_record_keyed_by_something_else_than_its_entity_is_dead_lettered(
    running_ledger: Runtime, topics: ServiceSettings
) -> None:
    record = encode(left("E5"), source="/t")
    async with (
        RecordWriter(topics.kafka_bootstrap_servers) as writer,
        dead_letters(topics) as dead,
    ):
        await writer.raw(topic_of(topics), record.value, key=b"E6", headers=record.headers)
        after = await writer.event(topic_of(topics), left("E6"))  # the partition of key E6
        letters = await dead.read_at_least(1, timeout_s=30)
        await wait_until(lambda: has_effects(running_ledger, 1), 30)
    assert [r["event_id"] for r in await effects(running_ledger)] == [after]
    assert b"record key is not the event's employee_id" in dict(letters[0].headers)["dlq_reason"]


async def test_a_keyless_record_is_dead_lettered(
    running_ledger: Runtime, topics: ServiceSettings
) -> None:
    record = encode(left("E5"), source="/t")
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        producer = writer._producer
        await producer.send_and_wait(topic_of(topics), record.value, headers=record.headers)
        async with dead_letters(topics) as dead:
            [letter] = await dead.read_at_least(1, timeout_s=30)
    assert letter.key is None
    assert b"record has no key" in dict(letter.headers)["dlq_reason"]
    assert await effects(running_ledger) == []


# --------------------------------------------------------------------------- supervision


async def test_a_consumer_whose_task_crashes_is_restarted_and_handles_what_follows(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    runtime = ledger_runtime(topics, ledger)
    restarts_before = restarts("consumer-employees")
    async with runtime.running():
        consumer = runtime.consumers[0]
        consumer._process_batch = crashing_once(consumer._process_batch)  # type: ignore[method-assign]
        async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
            first = await writer.event(topic_of(topics), left("E1"))
            await wait_until(lambda: runtime.tasks_down() != {}, 15)
            assert "restarting after RuntimeError" in runtime.tasks_down()["consumer-employees"]
            await wait_until(lambda: has_effects(runtime, 1), 30)
            second = await writer.event(topic_of(topics), left("E2"))
            await wait_until(lambda: has_effects(runtime, 2), 30)
        assert sorted(r["event_id"] for r in await effects(runtime)) == sorted([first, second])
        assert runtime.crashed() == {}, "alive: liveness holds"
        assert runtime.tasks_down() == {}
    assert restarts("consumer-employees") == restarts_before + 1


async def test_an_outbox_relay_that_crashes_is_restarted(
    topics: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    restarts_before = restarts("outbox-relay")
    monkeypatch.setattr(OutboxRelay, "run", crashing_once(OutboxRelay.run))
    ids = await write_through_outbox(topics, 3)
    async with (
        Runtime(topics, platform_migrations()).running(),
        TopicReader(topics.kafka_bootstrap_servers, topic_of(topics)) as reader,
    ):
        records = await reader.read_at_least(3, timeout_s=30)
    assert restarts("outbox-relay") == restarts_before + 1
    assert sorted(dict(r.headers)["ce_id"].decode() for r in records) == sorted(ids)


async def test_periodic_work_that_fails_a_round_is_tried_again_at_the_next(
    topics: ServiceSettings,
) -> None:
    rounds: list[int] = []

    async def failing_every_other_round(runtime: Runtime) -> None:
        rounds.append(await runtime.pool.fetchval("SELECT 1"))
        if len(rounds) % 2:
            raise RuntimeError("this round fails")

    runtime = Runtime(
        topics,
        platform_migrations(),
        periodic=[Periodic("gauges", 0.05, failing_every_other_round)],
    )
    async with runtime.running():
        await wait_until(lambda: len(rounds) >= 4, 15)
        assert runtime.crashed() == {}
        assert runtime.tasks_down() == {}
    stopped_at = len(rounds)
    await asyncio.sleep(0.2)
    assert len(rounds) == stopped_at, "no round after the runtime stopped"


# --------------------------------------------------------------------------- inbox retention


async def test_the_inbox_keeps_recent_ids_and_purges_old_ones_and_a_recent_redelivery_is_dropped(
    running_ledger: Runtime, ledger: Ledger, topics: ServiceSettings
) -> None:
    retention = timedelta(days=topics.inbox_retention_days)
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        recent = await writer.event(topic_of(topics), left("E1"))
        await wait_until(lambda: has_effects(running_ledger, 1), 30)
        async with running_ledger.pool.acquire() as conn:
            await conn.executemany(
                "INSERT INTO inbox (consumer, event_id, processed_at)"
                " VALUES ('testsvc.employees', $1, now() - $2::interval)",
                [(f"old-{i}", retention + timedelta(hours=1)) for i in range(12_000)]
                + [(f"kept-{i}", retention - timedelta(hours=1)) for i in range(10)],
            )
        assert await running_ledger.purge_inbox() == 12_000
        async with running_ledger.pool.acquire() as conn:
            left_ids = {r["event_id"] for r in await conn.fetch("SELECT event_id FROM inbox")}
        assert left_ids == {recent, *(f"kept-{i}" for i in range(10))}
        await writer.event(topic_of(topics), left("E1"), event_id=recent)  # redelivered
        await writer.event(topic_of(topics), left("E2"))
        await wait_until(lambda: has_effects(running_ledger, 2), 30)
        await asyncio.sleep(0.5)
    assert [r["event_id"] for r in await effects(running_ledger)].count(recent) == 1
    assert ledger.calls == {"E1": 1, "E2": 1}


async def test_a_stored_dead_letter_expires_with_its_topics_dead_letters(
    running_ledger: Runtime, topics: ServiceSettings
) -> None:
    """HRIS dead letters carry names and emails: kept whole in the table, they must leave it as
    soon as the HRIS dead-letter topic drops its records (7 days), the others after 30."""
    names = running_ledger.names
    rows = [
        (names.of(t.HRIS_INBOUND), 0, timedelta(days=8)),
        (names.of(t.HRIS_INBOUND), 1, timedelta(days=6)),
        (names.of(t.EMPLOYEES), 2, timedelta(days=8)),
        (names.of(t.EMPLOYEES), 3, timedelta(days=31)),
    ]
    async with running_ledger.pool.acquire() as conn:
        await conn.executemany(
            "INSERT INTO dead_letter (consumer, topic, partition, record_offset, key, value,"
            " header_names, header_values, reason, failed_at)"
            " VALUES ('testsvc.employees', $1, 0, $2, NULL, 'x', '{}', '{}', 'r',"
            " now() - $3::interval)",
            rows,
        )
    await running_ledger.purge_dead_letters()  # the runtime's own round may have come first
    async with running_ledger.pool.acquire() as conn:
        kept = await conn.fetch("SELECT record_offset FROM dead_letter")
    assert sorted(r["record_offset"] for r in kept) == [1, 2]


# --------------------------------------------------------------------------- helpers


def topic_of(settings: ServiceSettings) -> str:
    return settings.kafka_topic_prefix + t.EMPLOYEES.name


@asynccontextmanager
async def dead_letters(settings: ServiceSettings) -> AsyncIterator[TopicReader]:
    dlq = settings.kafka_topic_prefix + t.EMPLOYEES.dead_letter
    async with TopicReader(settings.kafka_bootstrap_servers, dlq) as reader:
        yield reader


@asynccontextmanager
async def big_producer(settings: ServiceSettings) -> AsyncIterator[AIOKafkaProducer]:
    """A producer that sends what an attacker or a careless partner might: up to 4 MB."""
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, max_request_size=4_000_000
    )
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()


def same_partition_as(key: bytes, partitions: int) -> str:
    """A short employee id whose records land in the partition of ``key``."""
    wanted = partition_index(key, partitions)
    return next(
        f"E{i}" for i in range(1000) if partition_index(f"E{i}".encode(), partitions) == wanted
    )


async def stored_dead_letter(runtime: Runtime, row_id: int) -> asyncpg.Record:
    async with runtime.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT * FROM dead_letter WHERE id = $1", row_id)
    assert row is not None
    return row


def crashing_once(work: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """``work``, raising the first time it is called: a bug its task does not survive."""
    calls = 0

    async def crashing(*args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("a bug the task does not survive")
        await work(*args)

    return crashing


def restarts(task: str) -> float:
    return REGISTRY.get_sample_value("lattice_task_restarts_total", {"task": task}) or 0.0
