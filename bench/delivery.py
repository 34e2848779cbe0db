"""Throughput of the platform's delivery path against raw Kafka, in the same run.

    .venv/bin/python -m bench.delivery [--events 20000] [--kafka apache]

Uses KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL when set, else the embedded broker (Tansu, or Apache
Kafka with ``--kafka apache``) and PostgreSQL. Prints: raw produce+consume rate (the ceiling) and
the consume alone of the same records once they wait on the topic, outbox relay rate (commit ->
Kafka, acks=all), and inbox consumer rate (Kafka -> inbox row and handler effect committed,
exactly once, the records already waiting) through a handler that does nothing and through one
with an INSERT of its own per event, each with its ratio to both raw rates and the CPU this
process used per event meanwhile (the consumer runs in it; the broker and PostgreSQL do not),
and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from datetime import date
from typing import NamedTuple

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.infra import EmbeddedBroker, EmbeddedPostgres, wait_until
from lattice_devstack.testing.kafka import partitions_of
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import encode
from lattice_platform.db import Migration, migrate, platform_migrations
from lattice_platform.messaging import kafka
from lattice_platform.messaging.consumer import Delivery, Handler, Subscription
from lattice_platform.messaging.outbox import Outbox, OutboxRelay
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings

from bench.setup import start_broker

EFFECTS = Migration(100, "0100_effects.sql", "CREATE TABLE effects (event_id text PRIMARY KEY);")


class Measured(NamedTuple):
    rate: float  # events/s
    cpu_us: float  # this process's CPU per event over the same time: the machine's load
    # slows the rate far more than it does this


def measured(count: int, wall: tuple[float, float], cpu: tuple[float, float]) -> Measured:
    """``count`` events over the (start, end) of wall-clock and CPU time."""
    return Measured(count / (wall[1] - wall[0]), (cpu[1] - cpu[0]) / count * 1e6)


async def raw_rates(
    settings: ServiceSettings, topic: str, records: list
) -> tuple[Measured, Measured]:
    """Produce ``records`` then consume them: both together, and the consume alone (the records
    waiting, as for the inbox consumer below)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=5
    )
    await producer.start()
    started, started_cpu = time.perf_counter(), time.process_time()
    futures = [await producer.send(topic, r.value, key=r.key, headers=r.headers) for r in records]
    await asyncio.gather(*futures)
    await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await consumer.start()
    parts = await partitions_of(consumer, [topic])  # Apache Kafka may not know them at once
    consumer.assign(parts)
    await consumer.seek_to_beginning(*parts)
    consuming, consuming_cpu = time.perf_counter(), time.process_time()
    seen = 0
    while seen < len(records):
        batch = await consumer.getmany(timeout_ms=500, max_records=1000)
        seen += sum(len(rs) for rs in batch.values())
    finished, finished_cpu = time.perf_counter(), time.process_time()
    await consumer.stop()
    count = len(records)
    return (
        measured(count, (started, finished), (started_cpu, finished_cpu)),
        measured(count, (consuming, finished), (consuming_cpu, finished_cpu)),
    )


async def outbox_rate(settings: ServiceSettings, count: int) -> Measured:
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
    started, started_cpu = time.perf_counter(), time.process_time()
    task = asyncio.create_task(relay.run())
    await wait_until(lambda: _drained(relay), timeout_s=300, interval_s=0.02)
    wall, cpu = (started, time.perf_counter()), (started_cpu, time.process_time())
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await pool.close()
    return measured(count, wall, cpu)


async def _drained(relay: OutboxRelay) -> bool:
    return await relay.backlog() == 0


async def nothing(delivery: Delivery, event: ev.EmployeeLeft) -> None:
    """A handler that does nothing: what remains is the delivery path itself (its effect is
    the inbox row)."""


async def one_insert(delivery: Delivery, event: ev.EmployeeLeft) -> None:
    """A handler with one statement of its own per event."""
    await delivery.conn.execute("INSERT INTO effects VALUES ($1)", delivery.envelope.id)


async def consumer_rate(settings: ServiceSettings, count: int, handler: Handler) -> Measured:
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
        # The join is not throughput; the records are all waiting.
        started, started_cpu = time.perf_counter(), time.process_time()
        await wait_until(
            lambda: _handled(runtime, consumer.name, count), timeout_s=600, interval_s=0.05
        )
        wall, cpu = (started, time.perf_counter()), (started_cpu, time.process_time())
        return measured(count, wall, cpu)


async def _handled(runtime: Runtime, consumer: str, count: int) -> bool:
    async with runtime.pool.acquire() as conn:
        held = await conn.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", consumer)
        return bool(held >= count)


async def main(events: int, kind: str) -> None:
    broker: EmbeddedBroker | ApacheKafka | None = None
    pg = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        broker = start_broker(kind)
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
    load_before = os.getloadavg()[0]
    try:
        await kafka.ensure_topics(settings)
        records = [
            encode(
                ev.EmployeeLeft(employee_id=f"E{i % 1000}", left_on=date(2026, 1, 1)),
                source="/bench",
            )
            for i in range(events)
        ]
        raw, consume_only = await raw_rates(settings, prefix + "lattice.opportunities", records)
        relay = await outbox_rate(settings, events)
        consume = await consumer_rate(settings, events, nothing)
        consume_insert = await consumer_rate(settings, events, one_insert)
    finally:
        if broker:
            broker.stop()
        if pg:
            pg.stop()
    print(
        f"events: {events} (6 partitions); load average (1 min) {load_before:.1f} before,"
        f" {os.getloadavg()[0]:.1f} after"
    )
    rows = [
        ("raw Kafka produce+consume (baseline)", raw),
        ("raw Kafka consume alone", consume_only),
        ("outbox relay, commit -> Kafka acked", relay),
        ("inbox consumer, handler doing nothing", consume),
        ("inbox consumer, one INSERT per event", consume_insert),
    ]
    print(f"{'':<38} {'events/s':>10}  {'baseline':>8}  {'consume':>7}  CPU here per event")
    for label, (rate, cpu_us) in rows:
        print(
            f"{label:<38} {rate:10,.0f}  {rate / raw.rate:7.2f}x  {rate / consume_only.rate:6.2f}x"
            f"  {cpu_us:6.1f} µs"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument(
        "--kafka",
        choices=("tansu", "apache"),
        default=os.environ.get("LATTICE_KAFKA") or "tansu",
        help="the broker when KAFKA_BOOTSTRAP_SERVERS is not set: embedded Tansu, or one"
        " Apache Kafka node (default: LATTICE_KAFKA)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.events, args.kafka))
