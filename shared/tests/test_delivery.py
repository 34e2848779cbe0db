"""Outbox, inbox and dead letters on the real broker and real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable

import asyncpg
import pytest
from aiokafka.partitioner import DefaultPartitioner
from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.infra import EmbeddedBroker, wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import example_of
from lattice_platform.contracts.envelope import attributes, encode, schema_uri
from lattice_platform.db import migrate, platform_migrations
from lattice_platform.messaging import kafka
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import _RELAY_LOCK, Outbox, OutboxRelay
from lattice_platform.runtime import Runtime
from lattice_platform.settings import ServiceSettings
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from platform_testkit import Ledger, effects, has_effects, ledger_runtime, left


async def write_through_outbox(settings: ServiceSettings, count: int, keys: int = 10) -> list[str]:
    outbox = Outbox(settings.event_source, TopicNames(settings.kafka_topic_prefix))
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        await migrate(conn, settings.db_schema, platform_migrations())
        await conn.execute(f"SET search_path TO {settings.db_schema}")
        ids = []
        for i in range(count):
            async with conn.transaction():
                ids.append(await outbox.put(conn, t.EMPLOYEES, left(f"E{i % keys}")))
        return ids
    finally:
        await conn.close()


def assert_exactly_once_in_key_order(records: list, ids: list[str]) -> None:
    envelopes = decoded(t.EMPLOYEES, records)
    assert sorted(e.id for e in envelopes) == sorted(ids), "every event id exactly once"
    position = {event_id: i for i, event_id in enumerate(ids)}
    per_key: dict[str, list[int]] = defaultdict(list)
    for envelope in envelopes:
        per_key[envelope.event.key()].append(position[envelope.id])
    for key, order in per_key.items():
        assert order == sorted(order), f"events of {key} out of order"


async def run_relay_until_empty(relay: OutboxRelay, timeout_s: float = 30) -> None:
    task = asyncio.create_task(relay.run())
    try:
        await wait_until(lambda: _empty(relay), timeout_s)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _empty(relay: OutboxRelay) -> bool:
    return await relay.backlog() == 0


async def relayed(settings: ServiceSettings, count: int, keys: int) -> tuple[list[str], list]:
    """Write ``count`` events through the outbox; return their ids and the records relayed."""
    ids = await write_through_outbox(settings, count, keys)
    runtime = Runtime(settings, platform_migrations())
    async with (
        runtime.running(),
        TopicReader(
            settings.kafka_bootstrap_servers, settings.kafka_topic_prefix + t.EMPLOYEES.name
        ) as reader,
    ):
        await reader.read_at_least(count)
        return ids, await reader.settle(0.5)


async def test_a_thousand_outbox_events_arrive_exactly_once_and_in_order_per_key(
    topics: ServiceSettings,
) -> None:
    ids, records = await relayed(topics, 1000, keys=10)
    assert_exactly_once_in_key_order(records, ids)


async def test_relayed_records_carry_each_events_cloudevents_headers_and_payload(
    topics: ServiceSettings,
) -> None:
    """Headers are written per event type and trace once per transaction, and filled in per event:
    what arrives is what :func:`attributes` gives each event, whatever its key holds."""
    goal = ev.CareerGoalSet.model_validate(example_of(ev.CareerGoalSet))
    traced = trace.set_span_in_context(
        NonRecordingSpan(SpanContext(0x1F, 0x2E, is_remote=False, trace_flags=TraceFlags(1)))
    )
    written = [
        (left("E1"), None, None),
        (left('E "2" \\ \u00e9\u4e2d \u2028'), traced, None),
        (goal.model_copy(update={"employee_id": "E3"}), traced, None),
        (left("E4"), None, "an-id-of-the-caller's"),
        (goal.model_copy(update={"employee_id": "E\t5"}), None, None),
    ]
    outbox = Outbox(topics.event_source, TopicNames(topics.kafka_topic_prefix))
    conn = await asyncpg.connect(topics.database_url.get_secret_value())
    try:
        await migrate(conn, topics.db_schema, platform_migrations())
        await conn.execute(f"SET search_path TO {topics.db_schema}")
        async with conn.transaction():
            ids = await outbox.put_all(
                conn,
                [(t.EMPLOYEES, event, context) for event, context, _ in written],
                event_ids=[event_id for _, _, event_id in written],
            )
    finally:
        await conn.close()
    assert ids[3] == "an-id-of-the-caller's"
    assert all(uuid.UUID(i).version == 7 and str(uuid.UUID(i)) == i for i in ids[:3] + ids[4:])
    async with (
        Runtime(topics, platform_migrations()).running(),
        TopicReader(
            topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.name
        ) as reader,
    ):
        records = await reader.read_at_least(len(written))
    by_id = {dict(r.headers)["ce_id"].decode(): r for r in records}
    traceparent = f"00-{0x1F:032x}-{0x2E:016x}-01"
    for (event, context, _), event_id in zip(written, ids, strict=True):
        record = by_id[event_id]
        time = dict(record.headers)["ce_time"].decode()
        expected = attributes(
            event,
            source=topics.event_source,
            event_id=event_id,
            time=time,
            traceparent=traceparent if context else None,
        )
        assert list(record.headers) == [(name, text.encode()) for name, text in expected]
        assert record.key == event.key().encode()
        assert record.value == event.model_dump_json().encode()


async def test_the_relay_puts_each_record_where_kafkas_default_partitioner_would(
    topics: ServiceSettings,
) -> None:
    _, records = await relayed(topics, 200, keys=50)
    partitions = list(range(topics.kafka_partitions))
    kafka = DefaultPartitioner()  # what every keyed producer does, co-partitioning depends on it
    assert [r.partition for r in records] == [kafka(r.key, partitions, partitions) for r in records]
    assert len({r.partition for r in records}) == len(partitions), "the keys were spread"


async def test_events_written_while_the_broker_is_down_all_arrive_once_it_returns(
    platform_settings: ServiceSettings, spare_broker: EmbeddedBroker | ApacheKafka
) -> None:
    broker = spare_broker  # a broker of this test's own, to stop and start
    settings = platform_settings.model_copy(
        update={"kafka_bootstrap_servers": broker.bootstrap_servers}
    )
    runtime = Runtime(
        settings.model_copy(update={"kafka_create_topics": False}), platform_migrations()
    )
    ids_before_start = await write_through_outbox(settings, 300)
    async with runtime.running():
        await asyncio.sleep(1.0)  # the relay is trying, and failing, to reach the broker
        assert runtime.relay is not None
        assert await runtime.relay.backlog() == 300
        ids_during_outage = await write_through_outbox(settings, 700)
        broker.start()
        try:
            await kafka.ensure_topics(settings)
            async with TopicReader(
                broker.bootstrap_servers, settings.kafka_topic_prefix + t.EMPLOYEES.name
            ) as reader:
                await reader.read_at_least(1000, timeout_s=60)
                records = await reader.settle(0.5)
        finally:
            await runtime.stop()
            broker.stop()
    assert_exactly_once_in_key_order(records, ids_before_start + ids_during_outage)


async def test_a_relay_killed_mid_batch_loses_nothing(topics: ServiceSettings) -> None:
    ids = await write_through_outbox(topics, 1000)
    pool = await asyncpg.create_pool(
        topics.database_url.get_secret_value(), server_settings={"search_path": topics.db_schema}
    )
    try:
        sent = 0

        def crashing_producer():  # a producer whose process dies about 400 records in
            producer = kafka.producer(topics)
            original = producer.send_batch

            async def send_batch(batch, *args, **kwargs):
                nonlocal sent
                sent += batch.record_count()
                if sent > 400:
                    raise SystemExit("relay process killed")
                return await original(batch, *args, **kwargs)

            producer.send_batch = send_batch
            return producer

        doomed = OutboxRelay(pool, crashing_producer, topics.db_schema, batch_size=250)
        with pytest.raises(SystemExit):
            await doomed.run()
        assert await doomed.backlog() == 1000 - 250  # one batch made it; the killed one stays
        await run_relay_until_empty(
            OutboxRelay(pool, lambda: kafka.producer(topics), topics.db_schema)
        )
    finally:
        await pool.close()
    async with TopicReader(
        topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.name
    ) as reader:
        await reader.read_at_least(1000)
        records = await reader.settle(0.5)
    envelopes = decoded(t.EMPLOYEES, records)
    assert {e.id for e in envelopes} == set(ids), "none lost"
    # The killed batch was partly sent before the crash and is sent again whole: consumers see
    # those ids twice (their inbox drops the second). Keeping first sightings, order holds.
    seen: set[str] = set()
    first_sightings = []
    for record, envelope in zip(records, envelopes, strict=True):
        if envelope.id not in seen:
            seen.add(envelope.id)
            first_sightings.append(record)
    assert_exactly_once_in_key_order(first_sightings, ids)


async def run_relay_until_read(
    relay: OutboxRelay, pool: asyncpg.Pool, topics: ServiceSettings, count: int, timeout_s: float
) -> list:
    """Run ``relay`` until ``count`` records are on the employees topic; return all it sent by
    then, and close its pool."""
    task = asyncio.create_task(relay.run())
    try:
        async with TopicReader(
            topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.name
        ) as reader:
            await reader.read_at_least(count, timeout_s=timeout_s)
            return await reader.settle(0.5)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await pool.close()


def after_each_batch(relay: OutboxRelay, then: Callable[[int], Awaitable[None]]) -> None:
    """``relay``'s loop runs ``then`` with the count of each batch it sent, before going on."""
    relay_batch = relay.relay_batch

    async def relay_batch_then(*, keep_up: bool = False) -> int:
        sent = await relay_batch(keep_up=keep_up)
        await then(sent)
        return sent

    relay.relay_batch = relay_batch_then  # type: ignore[method-assign]


async def test_an_event_committed_while_the_relay_sends_a_batch_is_relayed_without_a_poll(
    topics: ServiceSettings,
) -> None:
    """The commit's NOTIFY arrives while the relay is busy with a batch: it must not be lost,
    or the event waits for the next poll (an hour here)."""
    await write_through_outbox(topics, 1)
    pool = await asyncpg.create_pool(
        topics.database_url.get_secret_value(), server_settings={"search_path": topics.db_schema}
    )
    relay = OutboxRelay(
        pool, lambda: kafka.producer(topics), topics.db_schema, poll_interval_s=3600
    )
    late: list[str] = []

    async def another_commits(_: int) -> None:
        if not late:  # once: a commit lands, and is notified, before this batch is done
            late.extend(await write_through_outbox(topics, 1))
            await asyncio.sleep(0.3)

    after_each_batch(relay, another_commits)
    records = await run_relay_until_read(relay, pool, topics, 2, timeout_s=10)
    assert late[0] in {e.id for e in decoded(t.EMPLOYEES, records)}


async def test_a_relay_reading_again_at_once_deletes_each_batch_with_that_read(
    topics: ServiceSettings,
) -> None:
    """Twelve rows in batches of five: the two full batches stay until the read after them
    deletes them, the last is deleted at once, and each event is relayed once."""
    ids = await write_through_outbox(topics, 12)
    pool = await asyncpg.create_pool(
        topics.database_url.get_secret_value(), server_settings={"search_path": topics.db_schema}
    )
    relay = OutboxRelay(
        pool, lambda: kafka.producer(topics), topics.db_schema, batch_size=5, poll_interval_s=3600
    )
    after: list[tuple[int, int]] = []  # (sent, rows left in the outbox) after each batch

    async def count(sent: int) -> None:
        after.append((sent, await relay.backlog()))

    after_each_batch(relay, count)
    records = await run_relay_until_read(relay, pool, topics, 12, timeout_s=15)
    assert after == [(5, 12), (5, 7), (2, 0)]
    assert_exactly_once_in_key_order(records, ids)


async def test_a_relay_whose_session_is_cut_leads_again_and_relays_what_follows(
    topics: ServiceSettings,
) -> None:
    """The relay's session holds the lead (an advisory lock): cut, the lock is gone, and the
    relay must take a new session and the lead again, not go on without it or stop."""
    first = await write_through_outbox(topics, 3)
    pool = await asyncpg.create_pool(
        topics.database_url.get_secret_value(), server_settings={"search_path": topics.db_schema}
    )
    relay = OutboxRelay(pool, lambda: kafka.producer(topics), topics.db_schema, poll_interval_s=0.2)
    task = asyncio.create_task(relay.run())
    try:
        async with TopicReader(
            topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.name
        ) as reader:
            await reader.read_at_least(3, timeout_s=15)
            session = relay._session
            assert session is not None, "the leader relays on its own session"
            cut = session.get_server_pid()
            async with pool.acquire() as conn:
                assert await conn.fetchval("SELECT pg_terminate_backend($1)", cut)
            await wait_until(lambda: relay._session not in (None, session), 15)
            assert relay._session is not None
            assert relay._session.get_server_pid() != cut
            assert relay.is_leader
            later = await write_through_outbox(topics, 3)
            # Not six records: cut before it deleted what it had sent, the relay sends that again.
            records = await reader.read_until(
                lambda records: set(later) <= {e.id for e in decoded(t.EMPLOYEES, records)}, 15
            )
        assert not task.done(), "the relay lives on"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await pool.close()
    assert {e.id for e in decoded(t.EMPLOYEES, records)} == {*first, *later}


async def test_a_replica_that_does_not_lead_leaves_the_outbox_to_the_leader_when_it_stops(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    """Its last flush would publish beside the leader and could break per-key order."""
    holder = await asyncpg.connect(topics.database_url.get_secret_value())
    try:  # another replica leads
        await holder.execute(
            "SELECT pg_advisory_lock($1, hashtext($2))", _RELAY_LOCK, topics.db_schema
        )
        runtime = ledger_runtime(topics, ledger)
        await runtime.start()
        await write_through_outbox(topics, 3)
        await runtime.stop()
        assert runtime.relay is not None
        assert not runtime.relay.is_leader
        left_over = await holder.fetchval(f"SELECT count(*) FROM {topics.db_schema}.outbox")
        assert left_over == 3, "the rows are left for the leader"
    finally:
        await holder.close()


async def test_an_event_delivered_twice_has_one_effect(
    running_ledger: Runtime, ledger: Ledger, topics: ServiceSettings
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await writer.event(topic, left("E1"), event_id="same-id")
        await writer.event(topic, left("E1"), event_id="same-id")
        await writer.event(topic, left("E2"), event_id="other-id")
    await wait_until(lambda: has_effects(running_ledger, 2), 15)
    await asyncio.sleep(0.5)
    assert [r["event_id"] for r in await effects(running_ledger)].count("same-id") == 1
    assert ledger.calls == {"E1": 1, "E2": 1}


async def test_an_event_without_the_optional_time_is_applied_not_dead_lettered(
    running_ledger: Runtime, ledger: Ledger, topics: ServiceSettings
) -> None:
    record = encode(left("E7"), source="/hris")
    headers = [(k, v) for k, v in record.headers if k != "ce_time"]
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await writer.raw(topic, record.value, key=record.key, headers=headers)
    await wait_until(lambda: has_effects(running_ledger, 1), 15)
    assert ledger.calls == {"E7": 1}


async def test_a_consumer_killed_after_its_effect_but_before_its_commit_does_not_apply_it_twice(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    first = Ledger()
    runtime = ledger_runtime(topics, first)
    await runtime.start()
    consumer = runtime.consumers[0]
    committed = asyncio.Event()

    async def no_commit(*_: object, **__: object) -> None:
        committed.set()
        raise asyncio.CancelledError  # the process dies before the offset commit reaches Kafka

    await wait_until(lambda: consumer._consumer is not None and consumer.assigned.is_set(), 20)
    consumer._consumer.commit = no_commit
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await writer.event(topic, left("E9"), event_id="effect-once")
    await asyncio.wait_for(committed.wait(), 15)
    await runtime.stop()

    second = Ledger()
    restarted = ledger_runtime(topics, second)
    async with restarted.running():
        await wait_until(restarted.consumers[0].assigned.is_set, 30)
        await asyncio.sleep(1.0)
        rows = await effects(restarted)
    assert [r["event_id"] for r in rows] == ["effect-once"]
    assert first.calls == {"E9": 1}


async def test_a_consumer_whose_database_connection_is_cut_rewinds_and_applies_each_event_once(
    running_ledger: Runtime, ledger: Ledger, topics: ServiceSettings
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    consumer = running_ledger.consumers[0]
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        for i in range(10):
            await writer.event(topic, left(f"E{i}"), event_id=f"before-{i}")
        await wait_until(lambda: has_effects(running_ledger, 10), 15)
        held = consumer._conns.get(0)
        assert held is not None, "the consumer keeps its connection between batches"
        cut = held.get_server_pid()
        async with running_ledger.pool.acquire() as conn:
            assert await conn.fetchval("SELECT pg_terminate_backend($1)", cut)
            gone = "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)"
            await wait_until(lambda: conn.fetchval(gone, cut), 10)  # before anything is sent
        for i in range(10):
            await writer.event(topic, left(f"E{i}"), event_id=f"after-{i}")
    await wait_until(lambda: has_effects(running_ledger, 20), 30)
    await asyncio.sleep(0.5)
    ids = [r["event_id"] for r in await effects(running_ledger)]
    sent = [f"{when}-{i}" for when in ("before", "after") for i in range(10)]
    assert sorted(ids) == sorted(sent), "every event applied once"
    assert ledger.calls == {f"E{i}": 2 for i in range(10)}
    assert consumer._conns.get(0) is not None
    assert consumer._conns[0].get_server_pid() != cut, "the cut connection was replaced"


BAD_RECORDS = {
    "not JSON": (b"{not json", (), "not valid JSON"),
    "JSON violating the contract": (
        json.dumps({"employee_id": "E1"}).encode(),
        (),
        "violates its contract",
    ),
    "unknown ce_type": (None, (("ce_type", b"io.lattice.nope"),), "unknown ce_type"),
    "unsupported schema version": (
        None,
        (("ce_schemaversion", b"9"), ("ce_dataschema", None)),
        "schema version 9 is not supported",
    ),
    "unsupported schema version named by dataschema": (
        None,
        (
            ("ce_schemaversion", None),
            ("ce_dataschema", schema_uri(ev.EmployeeLeft.event_type, 9).encode()),
        ),
        "schema version 9 is not supported",
    ),
    "dataschema not one of ours": (
        None,
        (("ce_dataschema", b"https://example.com/employee-left.json"),),
        "is not one of Lattice's published schemas",
    ),
    "missing CloudEvents headers": (
        None,
        (("ce_id", None),),
        "missing CloudEvents headers: ce_id",
    ),
}


@pytest.mark.parametrize("case", list(BAD_RECORDS))
async def test_a_bad_message_is_dead_lettered_with_the_reason_and_the_partition_keeps_flowing(
    case: str, running_ledger: Runtime, topics: ServiceSettings
) -> None:
    value, header_changes, reason = BAD_RECORDS[case]
    good = encode(left("E5"), source="/t")
    headers = list(good.headers)
    for name, new in header_changes:
        headers = [(k, v) for k, v in headers if k != name] + ([(name, new)] if new else [])
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await writer.raw(topic, value or good.value, key=b"E5", headers=headers)
        after = await writer.event(topic, left("E5"))  # same key: same partition, right behind it
    await wait_until(lambda: has_effects(running_ledger, 1), 15)
    assert [r["event_id"] for r in await effects(running_ledger)] == [after]
    async with TopicReader(
        topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.dead_letter
    ) as reader:
        [dead] = await reader.read_at_least(1)
    dead_headers = dict(dead.headers)
    assert reason in dead_headers["dlq_reason"].decode()
    assert dead.value == (value or good.value), "original bytes kept"
    assert dead.key == b"E5"
    assert dead_headers["dlq_original_topic"].decode() == topic
    assert all(h in dead.headers for h in headers), "original headers kept"


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered(
    running_ledger: Runtime, ledger: Ledger, topics: ServiceSettings
) -> None:
    ledger.failing_for.add("E-bad")
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
        await writer.event(topic, left("E-bad"))
        ok = await writer.event(topic, left("E-good"))
    async with TopicReader(
        topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.dead_letter
    ) as reader:
        [dead] = await reader.read_at_least(1)
    await wait_until(lambda: has_effects(running_ledger, 1), 15)
    assert [r["event_id"] for r in await effects(running_ledger)] == [ok]
    assert ledger.calls["E-bad"] == topics.handler_attempts
    assert (
        b"handler failed 3 times: RuntimeError: cannot handle E-bad"
        in dict(dead.headers)["dlq_reason"]
    )
