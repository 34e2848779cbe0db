"""Throughput of the platform's delivery path against raw Kafka, in the same run.

    .venv/bin/python -m bench.delivery [--events 20000]

Uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL when set, else the embedded broker and PostgreSQL.
Prints: raw produce+consume rate (the ceiling), outbox relay rate (commit -> Kafka, acks=all),
and inbox consumer rate (Kafka -> inbox row and handler effect committed, exactly once) through a
handler that does nothing and through one with an INSERT of its own per event, each with its
ratio to the raw rate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from datetime import date

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from lattice_devstack.infra import EmbeddedBroker, EmbeddedPostgres, wait_until
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import encode
from lattice_platform.db import Migration, migrate, platform_migrations
from lattice_platform.messaging import kafka
from lattice_platform.messaging.consumer import Delivery, Handler, Subscription
from lattice_platform.messaging.outbox import Outbox, OutboxRelay
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings

EFFECTS = Migration(100, "0100_effects.sql", "CREATE TABLE effects (event_id text PRIMARY KEY);")


async def raw_rate(settings: ServiceSettings, topic: str, records: list) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=5
    )
    await producer.start()
    started = time.perf_counter()
    futures = [await producer.send(topic, r.value, key=r.key, headers=r.headers) for r in records]
    await asyncio.gather(*futures)
    await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await consumer.start()
    parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
    consumer.assign(parts)
    await consumer.seek_to_beginning(*parts)
    seen = 0
    while seen < len(records):
        batch = await consumer.getmany(timeout_ms=500, max_records=1000)
        seen += sum(len(rs) for rs in batch.values())
    elapsed = time.perf_counter() - started
    await consumer.stop()
    return len(records) / elapsed


async def outbox_rate(settings: ServiceSettings, count: int) -> float:
    dsn = settings.database_url.get_secret_value()
    conn = await asyncpg.connect(dsn)
    await migrate(conn, settings.db_schema, [*platform_migrations(), EFFECTS])
    await conn.execute(f"SET search_path TO {settings.db_schema}")
    outbox = Outbox(settings.event_source, kafka.TopicNames(settings.kafka_topic_prefix))
    for start in range(0, count, 100):
        async with conn.transaction():
            for i in range(start, min(start + 100, count)):
                await outbox.put(
                    conn,
                    t.EMPLOYEES,
                    ev.EmployeeLeft(employee_id=f"E{i % 1000}", left_on=date(2026, 1, 1)),
                )
    await conn.close()
    pool = await asyncpg.create_pool(dsn, server_settings={"search_path": settings.db_schema})
    relay = OutboxRelay(pool, lambda: kafka.producer(settings), settings.db_schema, batch_size=1000)
    started = time.perf_counter()
    task = asyncio.create_task(relay.run())
    await wait_until(lambda: _drained(relay), timeout_s=300, interval_s=0.02)
    elapsed = time.perf_counter() - started
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await pool.close()
    return count / elapsed


async def _drained(relay: OutboxRelay) -> bool:
    return await relay.backlog() == 0


async def nothing(delivery: Delivery, event: ev.EmployeeLeft) -> None:
    """A handler that does nothing: what remains is the delivery path itself (its effect is
    the inbox row)."""


async def one_insert(delivery: Delivery, event: ev.EmployeeLeft) -> None:
    """A handler with one statement of its own per event."""
    await delivery.conn.execute("INSERT INTO effects VALUES ($1)", delivery.envelope.id)


async def consumer_rate(settings: ServiceSettings, count: int, handler: Handler) -> float:
    """Records already waiting on the topic, read by a consumer group of its own; the rate is
    until the inbox holds them all."""
    runtime = Runtime(
        settings,
        [*platform_migrations(), EFFECTS],
        [ConsumerSpec(handler.__name__, [Subscription(t.EMPLOYEES, {ev.EmployeeLeft: handler})])],
    )
    async with runtime.running():
        consumer = runtime.consumers[0]
        await wait_until(consumer.assigned.is_set, timeout_s=60)
        started = time.perf_counter()  # the join is not throughput; the records are all waiting
        await wait_until(
            lambda: _handled(runtime, consumer.name, count), timeout_s=600, interval_s=0.05
        )
        return count / (time.perf_counter() - started)


async def _handled(runtime: Runtime, consumer: str, count: int) -> bool:
    async with runtime.pool.acquire() as conn:
        held = await conn.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", consumer)
        return bool(held >= count)


async def main(events: int) -> None:
    broker = pg = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        broker = EmbeddedBroker().start()
        bootstrap = broker.bootstrap_servers
    database = os.environ.get("DATABASE_URL")
    if not database:
        pg = EmbeddedPostgres().start()
        database = pg.database_url
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    settings = ServiceSettings.model_validate(
        {
            "service_name": f"bench_{uuid.uuid4().hex[:6]}",
            "database_url": database,
            "kafka_bootstrap_servers": bootstrap,
            "kafka_topic_prefix": prefix,
            "kafka_partitions": 6,
            "kafka_session_timeout_ms": 3000,
            "kafka_heartbeat_interval_ms": 500,
            "kafka_idempotence": broker is None or broker.IDEMPOTENT_PRODUCER,
        }
    )
    try:
        await kafka.ensure_topics(settings)
        records = [
            encode(
                ev.EmployeeLeft(employee_id=f"E{i % 1000}", left_on=date(2026, 1, 1)),
                source="/bench",
            )
            for i in range(events)
        ]
        raw = await raw_rate(settings, prefix + "lattice.opportunities", records)
        relay = await outbox_rate(settings, events)
        consume = await consumer_rate(settings, events, nothing)
        consume_insert = await consumer_rate(settings, events, one_insert)
    finally:
        if broker:
            broker.stop()
        if pg:
            pg.stop()
    print(f"events: {events} (6 partitions)")
    rows = [
        ("raw Kafka produce+consume (baseline)", raw),
        ("outbox relay, commit -> Kafka acked", relay),
        ("inbox consumer, handler doing nothing", consume),
        ("inbox consumer, one INSERT per event", consume_insert),
    ]
    for label, rate in rows:
        print(f"{label:<38} {rate:10,.0f} events/s  ({rate / raw:.2f}x baseline)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20000)
    asyncio.run(main(parser.parse_args().events))
