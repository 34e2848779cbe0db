"""Broker and database faults on a three-node Apache Kafka cluster while the outbox relay
publishes and a consumer applies: nothing lost, nothing applied twice, each key's order kept, both
on the topic and in what the consumer applied. Each test prints its figures, captured or not. Run
with ``-m fault`` (Java 17+ and Maven; the cluster is started for each test)."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
from aiokafka import ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient
from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.history import Verdict, check
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.db import Migration, platform_migrations
from lattice_platform.messaging.consumer import Delivery, Subscription
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import left

pytestmark = [pytest.mark.fault, pytest.mark.timeout(600)]

APPLIED = Migration(
    100,
    "0100_applied.sql",
    "CREATE TABLE applied (seq bigserial PRIMARY KEY, event_id text NOT NULL, key text NOT NULL);",
)
KEYS = 24
FLOWING_S = 4.0  # events flow this long before the fault, and again after it
LOAD = "fault-load"  # the load's connection, told apart from the runtime's by its name


async def apply(delivery: Delivery, event: ev.EmployeeLeft) -> None:
    """The consumer's effect: one row per application, numbered in the order applied."""
    await delivery.conn.execute(
        "INSERT INTO applied (event_id, key) VALUES ($1, $2)",
        delivery.envelope.id,
        event.employee_id,
    )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[ApacheKafka]:
    # Followers fetch at most every 200 ms, so a record a leader has taken is, for a while,
    # on that leader alone: a kill then loses whatever the producer let it confirm alone.
    lagging = {"replica.fetch.min.bytes": 1 << 20, "replica.fetch.wait.max.ms": 200}
    kafka = ApacheKafka(nodes=3, directory=tmp_path / "cluster", overrides=lagging).start()
    try:
        yield kafka
    finally:
        kafka.stop()


@pytest.fixture
def settings(cluster: ApacheKafka, platform_settings: ServiceSettings) -> ServiceSettings:
    return platform_settings.model_copy(
        update={
            "kafka_bootstrap_servers": cluster.bootstrap_servers,
            "kafka_replication_factor": 3,
            "kafka_idempotence": True,
            "kafka_fetch_max_wait_ms": ApacheKafka.FETCH_MAX_WAIT_MS,
            "kafka_session_timeout_ms": 6000,
            "kafka_heartbeat_interval_ms": 1000,
        }
    )


@dataclass
class Load:
    """Writes events through the outbox, one transaction each, round the keys, until stopped;
    ``sent`` holds them in commit order."""

    settings: ServiceSettings
    sent: list[tuple[str, str]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, pause_s: float = 0.005) -> None:
        outbox = Outbox(self.settings.event_source, TopicNames(self.settings.kafka_topic_prefix))
        conn = await asyncpg.connect(
            self.settings.database_url.get_secret_value(),
            server_settings={"search_path": self.settings.db_schema, "application_name": LOAD},
        )
        try:
            while not self.stop.is_set():
                key = f"E{len(self.sent) % KEYS}"
                async with conn.transaction():
                    event_id = await outbox.put(conn, t.EMPLOYEES, left(key))
                self.sent.append((key, event_id))
                await asyncio.sleep(pause_s)
        finally:
            await conn.close()


async def under_fault(
    settings: ServiceSettings, fault: Callable[[], Awaitable[None]], name: str
) -> tuple[Verdict, Verdict]:
    """Run the relay, a consumer and the load; inject ``fault`` midway; check the topic and the
    effects against what was sent."""
    runtime = Runtime(
        settings,
        [*platform_migrations(), APPLIED],
        [ConsumerSpec("employees", [Subscription(t.EMPLOYEES, {ev.EmployeeLeft: apply})])],
    )
    topic = settings.kafka_topic_prefix + t.EMPLOYEES.name
    async with runtime.running():
        await wait_until(runtime.consumers[0].assigned.is_set, 60)
        load = Load(settings)
        writing = asyncio.create_task(load.run())
        await asyncio.sleep(FLOWING_S)
        await fault()
        await asyncio.sleep(FLOWING_S)
        load.stop.set()
        await writing
        sent_ids = {event_id for _, event_id in load.sent}

        async def all_applied() -> bool:
            async with runtime.pool.acquire() as conn:
                ids = await conn.fetchval("SELECT count(DISTINCT event_id) FROM applied")
            return int(ids) >= len(sent_ids)

        with contextlib.suppress(TimeoutError):  # what never arrives is counted below
            await wait_until(all_applied, 120, interval_s=0.5)
        await asyncio.sleep(2.0)  # a late redelivery would show as applied twice
        async with runtime.pool.acquire() as conn:
            rows = await conn.fetch("SELECT key, event_id FROM applied ORDER BY seq")
    async with TopicReader(settings.kafka_bootstrap_servers, topic) as reader:
        with contextlib.suppress(TimeoutError):
            await reader.read_until(lambda records: len(ids_in(records)) >= len(sent_ids), 30)
        records = await reader.settle(1.0)
    published = [(e.event.key(), e.id) for e in decoded(t.EMPLOYEES, records)]
    on_topic = check(f"{name} · topic", load.sent, published)
    applied = check(f"{name} · applied", load.sent, [(r["key"], r["event_id"]) for r in rows])
    return on_topic, applied


def ids_in(records: list[ConsumerRecord]) -> set[bytes]:
    return {dict(r.headers)["ce_id"] for r in records}


def assert_no_anomaly(
    capsys: pytest.CaptureFixture[str], on_topic: Verdict, applied: Verdict
) -> None:
    with capsys.disabled():  # the figures are the point: shown whether output is captured or not
        print(f"\n  {on_topic.figures()}\n  {applied.figures()}")
    assert on_topic.sent > 500, "events flowed throughout"
    assert not on_topic.lost, f"lost on the topic: {on_topic.lost[:10]}"
    assert not on_topic.out_of_order, f"out of order on the topic: {on_topic.out_of_order[:10]}"
    assert not applied.lost, f"never applied: {applied.lost[:10]}"
    assert not applied.duplicated, f"applied twice: {list(applied.duplicated)[:10]}"
    assert not applied.out_of_order, f"applied out of order: {applied.out_of_order[:10]}"
    assert not applied.unexpected
    assert not on_topic.unexpected


async def partition_leaders(settings: ServiceSettings) -> dict[int, tuple[int, int]]:
    """Partition -> (leader, size of its in-sync replica set) of the employees topic."""
    topic = settings.kafka_topic_prefix + t.EMPLOYEES.name
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return {p["partition"]: (p["leader"], len(p["isr"])) for p in described["partitions"]}


async def fully_replicated(settings: ServiceSettings) -> bool:
    leaders = await partition_leaders(settings)
    return bool(leaders) and all(isr == 3 and leader >= 0 for leader, isr in leaders.values())


async def test_killing_the_leader_mid_stream_loses_nothing_and_applies_each_event_once_in_order(
    cluster: ApacheKafka, settings: ServiceSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    async def kill_the_leader() -> None:
        leader, _ = (await partition_leaders(settings))[0]
        cluster.kill(leader)  # kill -9: the relay and the consumer lose it mid-request
        await asyncio.sleep(FLOWING_S)  # the two others carry on
        await asyncio.to_thread(cluster.restart, leader)

    assert_no_anomaly(capsys, *await under_fault(settings, kill_the_leader, "kill -9 the leader"))


async def test_a_leader_cut_off_longer_than_the_session_timeout_loses_nothing_and_keeps_order(
    cluster: ApacheKafka, settings: ServiceSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    async def pause_the_leader() -> None:
        leader, _ = (await partition_leaders(settings))[0]
        cluster.pause(leader)  # SIGSTOP: connections stay open, nothing answers
        try:  # longer than the broker's (3 s) and the consumer's (6 s) session timeouts
            await asyncio.sleep(10)
        finally:
            cluster.resume(leader)

    verdicts = await under_fault(settings, pause_the_leader, "SIGSTOP the leader 10 s")
    assert_no_anomaly(capsys, *verdicts)


async def test_a_rolling_restart_of_every_broker_loses_nothing_and_keeps_order(
    cluster: ApacheKafka, settings: ServiceSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    async def rolling_restart() -> None:
        for node in cluster.members:
            await asyncio.to_thread(cluster.terminate, node.node_id)
            await asyncio.to_thread(cluster.restart, node.node_id)
            await wait_until(lambda: fully_replicated(settings), 60, interval_s=0.5)

    assert_no_anomaly(capsys, *await under_fault(settings, rolling_restart, "rolling restart"))


async def test_postgresql_connections_killed_again_and_again_lose_nothing_and_keep_order(
    settings: ServiceSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    """pg_terminate_backend on every connection of the runtime's pool (the relay's and the
    consumer's, mid-transaction or idle) every half second or so, for 10 s."""
    terminated: list[int] = []

    async def kill_the_connections() -> None:
        rng = random.Random(3)
        conn = await asyncpg.connect(settings.database_url.get_secret_value())
        try:
            loop = asyncio.get_running_loop()
            until = loop.time() + 10
            while loop.time() < until:
                terminated.append(
                    await conn.fetchval(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        " FROM pg_stat_activity"
                        " WHERE datname = current_database() AND application_name = $1",
                        settings.db_schema,
                    )
                )
                await asyncio.sleep(rng.uniform(0.2, 0.8))
        finally:
            await conn.close()

    verdicts = await under_fault(settings, kill_the_connections, "PostgreSQL connections killed")
    with capsys.disabled():
        print(f"\n  {sum(terminated)} connections terminated in {len(terminated)} rounds")
    assert sum(1 for n in terminated if n) >= 5, "the runtime's connections were killed repeatedly"
    assert_no_anomaly(capsys, *verdicts)
