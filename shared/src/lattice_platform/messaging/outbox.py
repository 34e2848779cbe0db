"""Transactional outbox: events are written in the same PostgreSQL transaction as the state they
describe, then relayed to Kafka in commit order by a single leader relay per service."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.producer.message_accumulator import BatchBuilder
from opentelemetry import propagate
from opentelemetry.context import Context
from pydantic import TypeAdapter

from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import (
    TRACEPARENT_HEADER,
    attributes_of,
    new_event_ids,
    rfc3339,
)
from lattice_platform.contracts.topics import Topic
from lattice_platform.db import Connection
from lattice_platform.messaging.kafka import TopicNames, partition_index
from lattice_platform.telemetry import metrics

log = structlog.get_logger(__name__)

_RELAY_LOCK = 0x1A78  # advisory-lock namespace: one relay per service schema publishes


# The record headers as JSON, encoded by their type: a sixth of json.dumps' time per event.
_HEADERS = TypeAdapter(list[tuple[str, str]])
# Read back by the relay straight into the records' headers: a quarter less than json.loads and
# encoding each value.
_RECORD_HEADERS = TypeAdapter(list[tuple[str, bytes]])
_TEXT = TypeAdapter(str)
_ID, _SUBJECT = "\x00ce_id\x00", "\x00ce_subject\x00"  # what no attribute holds


class _HeadersJson:
    """The record headers of a transaction's events as the outbox stores them (JSON text),
    written by :func:`attributes_of` once per event type and trace, with the id and the subject
    left open: per event only those two are filled in (a seventh of the time of writing the
    headers and encoding them whole)."""

    def __init__(self, source: str, time: str) -> None:
        self._source = source
        self._time = time
        self._templates: dict[tuple[type[Event], str | None], tuple[str, str, str]] = {}

    def of(self, event: Event, event_id: str, traceparent: str | None) -> str:
        kind = (type(event), traceparent)
        template = self._templates.get(kind)
        if template is None:
            template = self._templates[kind] = self._template(*kind)
        before, between, after = template
        return (
            before + encode_basestring(event_id) + between + encode_basestring(event.key()) + after
        )

    def _template(self, model: type[Event], traceparent: str | None) -> tuple[str, str, str]:
        pairs = attributes_of(
            model,
            source=self._source,
            event_id=_ID,
            time=self._time,
            subject=_SUBJECT,
            traceparent=traceparent,
        )
        text = _HEADERS.dump_json(pairs).decode()
        open_id, open_subject = (_TEXT.dump_json(mark).decode() for mark in (_ID, _SUBJECT))
        if text.count(open_id) != 1 or text.count(open_subject) != 1:
            raise ValueError(f"record headers that hold the outbox's placeholders: {text}")
        before, rest = text.split(open_id)
        between, after = rest.split(open_subject)
        return before, between, after


class Outbox:
    """Writes events into the outbox table, inside the caller's transaction."""

    def __init__(self, source: str, names: TopicNames) -> None:
        self._source = source
        self._names = names

    async def put(
        self,
        conn: Connection,
        topic: Topic,
        event: Event,
        *,
        event_id: str | None = None,
        context: Context | None = None,
    ) -> str:
        """Write one event; ``context`` is the trace it continues (the current one by default)."""
        [written] = await self.put_all(conn, [(topic, event, context)], event_ids=[event_id])
        return written

    async def put_all(
        self,
        conn: Connection,
        events: Sequence[tuple[Topic, Event, Context | None]],
        *,
        event_ids: Sequence[str | None] | None = None,
    ) -> list[str]:
        """Write ``events`` in order with one statement; return their ids."""
        if not events:
            return []
        if not conn.is_in_transaction():
            raise RuntimeError("outbox writes belong in the transaction that changes the state")
        given = event_ids or [None] * len(events)
        fresh = iter(new_event_ids(sum(not event_id for event_id in given)))
        ids = [event_id or next(fresh) for event_id in given]
        # The events of one transaction happen together.
        headers = _HeadersJson(self._source, rfc3339(datetime.now(UTC)))
        traceparents: dict[int, str | None] = {}  # by context: a batch shares a few traces
        columns: tuple[list[str], list[bytes], list[bytes], list[str]] = ([], [], [], [])
        for (topic, event, context), event_id in zip(events, ids, strict=True):
            if not topic.carries(event):
                raise ValueError(f"{event.event_type} is not an event of topic {topic.name}")
            if id(context) not in traceparents:
                carrier: dict[str, str] = {}
                propagate.inject(carrier, context=context)
                traceparents[id(context)] = carrier.get(TRACEPARENT_HEADER)
            columns[0].append(self._names.of(topic))
            columns[1].append(event.key().encode())
            # model_dump_json().encode(), without its wrapper and the round trip through str
            columns[2].append(event.__pydantic_serializer__.to_json(event))
            columns[3].append(headers.of(event, event_id, traceparents[id(context)]))
        await conn.execute(
            "INSERT INTO outbox (topic, key, value, headers, event_id)"
            " SELECT topic, key, value, headers, event_id FROM unnest($1::text[], $2::bytea[],"
            "   $3::bytea[], $4::jsonb[], $5::text[]) WITH ORDINALITY"
            "   AS e(topic, key, value, headers, event_id, n) ORDER BY n",  # ids in given order
            *columns,
            ids,
        )
        return ids


class _SessionLostError(Exception):
    """The relay's own database session ended (and the lead with it)."""


class OutboxRelay:
    """Publishes outbox rows in id order and deletes them once Kafka acknowledged every one.

    A crash or a broker outage before the delete leaves the rows in place: they are sent again
    (at least once; consumers drop duplicates by event id). Only the replica holding the relay's
    advisory lock publishes, so per-key order is the commit order.
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        producer_factory: Callable[[], AIOKafkaProducer],
        schema: str,
        *,
        batch_size: int = 500,
        poll_interval_s: float = 1.0,
        send_timeout_s: float = 20.0,
    ) -> None:
        self._pool = pool
        self._producer_factory = producer_factory
        self._schema = schema
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._send_timeout_s = send_timeout_s
        self._producer: AIOKafkaProducer | None = None
        self._partitions: dict[str, list[int]] = {}  # by topic, while the producer lives
        self._wake = asyncio.Event()
        self._session: Connection | None = None  # the leader's own connection
        self._sent: list[int] = []  # rows Kafka has, deleted by the leader's next read
        self._sending = asyncio.Lock()  # one batch at a time, the last flush included
        self.is_leader = False

    async def run(self) -> None:
        """Relay until cancelled. Leading takes a session of its own, which holds the lock: when
        it is lost, so is the lead, and the relay competes for it again."""
        while True:
            try:
                await self._lead_and_relay()
            except _SessionLostError as lost:
                self.is_leader = False
                log.warning("outbox.relay_session_lost", error=repr(lost.__cause__))
                await asyncio.sleep(self._poll_interval_s)

    async def _lead_and_relay(self) -> None:
        async with self._pool.acquire() as session:
            try:
                await session.add_listener(f"{self._schema}_outbox", self._on_notify)
                await self._lead(session)
                # The leader's session reads and deletes the rows too: no pool round trip per
                # batch. A delete lost in a database crash only means rows sent again (at
                # least once, as after a relay crash), so its commit need not wait for disk.
                await session.execute("SET synchronous_commit TO off")
                self._session = session
                backoff = 0.5
                while True:
                    # Cleared before reading the outbox, not after: a commit notified while a
                    # batch is being sent must still wake the wait below.
                    self._wake.clear()
                    try:
                        sent = await self.relay_batch(keep_up=True)
                        backoff = 0.5
                    except Exception as exc:
                        if _closed(session):
                            raise
                        log.warning("outbox.relay_failed", error=repr(exc), retry_in_s=backoff)
                        await self._drop_producer()
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, 10.0)
                        continue
                    if sent < self._batch_size:
                        await self._sleep_until_woken()
            except Exception as exc:
                if _closed(session):
                    raise _SessionLostError from exc
                raise
            finally:
                self._session = None
                self._sent = []  # left for the next leader to send again, as after a crash
                await self._drop_producer()
                if not _closed(session):
                    await session.remove_listener(f"{self._schema}_outbox", self._on_notify)

    async def relay_batch(self, *, keep_up: bool = False) -> int:
        """Send one batch; return how many rows it published. Called outside :meth:`run`, it is
        for a relay that leads or has no rival (a shutting-down replica flushes only if it
        leads). ``keep_up``: the leader's loop, which, when it reads again at once (a full batch,
        or commits came in while this one was sent), deletes this batch with that read (one
        round trip, not two)."""
        async with self._sending:
            if self._session is not None:
                return await self._relay(self._session, keep_up=keep_up)
            async with self._pool.acquire() as conn:
                return await self._relay(conn, keep_up=False)

    async def _relay(self, conn: Connection, *, keep_up: bool) -> int:
        # No transaction: this relay is the only one deleting, so the rows it read stay until
        # it deletes them once Kafka has them all.
        rows = await self._next_rows(conn)
        if rows:
            producer = await self._ensure_producer()
            deliveries = await self._send(producer, rows)
            await asyncio.wait_for(asyncio.gather(*deliveries), self._send_timeout_s)
            metrics.outbox_published.labels(self._schema).inc(len(rows))
            self._sent = [r["id"] for r in rows]
        more = len(rows) == self._batch_size or self._wake.is_set()
        if self._sent and not (keep_up and more):
            # The last batch waiting (or not the loop): deleted now, so that no published row
            # lingers in the outbox, its backlog and the age of its oldest row.
            await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])", self._sent)
            self._sent = []
        return len(rows)

    async def _next_rows(self, conn: Connection) -> list[asyncpg.Record]:
        """The rows to send next, in id order; the rows sent last, if still there, deleted in
        the same statement (which still sees them, so it passes over them)."""
        if not self._sent:
            return await conn.fetch(
                "SELECT id, topic, key, value, headers FROM outbox ORDER BY id LIMIT $1",
                self._batch_size,
            )
        rows = await conn.fetch(
            "WITH sent AS (DELETE FROM outbox WHERE id = ANY($2::bigint[]))"
            " SELECT id, topic, key, value, headers FROM outbox"
            " WHERE id NOT IN (SELECT unnest($2::bigint[])) ORDER BY id LIMIT $1",
            self._batch_size,
            self._sent,
        )
        self._sent = []
        return rows

    async def _send(
        self, producer: AIOKafkaProducer, rows: Sequence[asyncpg.Record]
    ) -> list[asyncio.Future[Any]]:
        """Hand ``rows`` to the producer as one record batch per partition, filled in id order
        (a full one is sent and another started): the producer keeps one batch of a partition
        in flight at a time, so each partition's records arrive in commit order. Building the
        batches here saves the per-record bookkeeping of ``send``."""
        deliveries: list[asyncio.Future[Any]] = []
        filling: dict[tuple[str, int], BatchBuilder] = {}
        partitions = {
            topic: await self._partitions_of(producer, topic)
            for topic in {row["topic"] for row in rows}
        }
        for row in rows:
            topic, key = row["topic"], row["key"]
            partition = _partition(partitions[topic], key)
            record = {
                "key": key,
                "value": row["value"],
                "timestamp": None,
                "headers": _RECORD_HEADERS.validate_json(row["headers"]),
            }
            batch = filling.get((topic, partition))
            if batch is None or batch.append(**record) is None:
                if batch is not None:  # full
                    deliveries.append(await _send_batch(producer, batch, topic, partition))
                batch = filling[topic, partition] = producer.create_batch()
                if batch.append(**record) is None:
                    raise ValueError(f"outbox row {row['id']} is larger than a record batch")
        for (topic, partition), batch in filling.items():
            deliveries.append(await _send_batch(producer, batch, topic, partition))
        return deliveries

    async def _partitions_of(self, producer: AIOKafkaProducer, topic: str) -> list[int]:
        """The topic's partitions, asked once while the producer lives."""
        if topic not in self._partitions:
            self._partitions[topic] = sorted(await producer.partitions_for(topic))
        return self._partitions[topic]

    async def backlog(self) -> int:
        async with self._pool.acquire() as conn:
            return int(await conn.fetchval("SELECT count(*) FROM outbox"))

    async def _lead(self, listener: Connection) -> None:
        # Not an event to wait on: the lock is free only when another replica's session ends.
        while not await listener.fetchval(  # noqa: ASYNC110
            "SELECT pg_try_advisory_lock($1, hashtext($2))", _RELAY_LOCK, self._schema
        ):
            await asyncio.sleep(self._poll_interval_s)
        self.is_leader = True
        log.info("outbox.relay_leading", schema=self._schema)

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            try:
                await asyncio.wait_for(producer.start(), self._send_timeout_s)
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        self._partitions.clear()
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), 5)
            except Exception as exc:
                log.debug("outbox.producer_stop_failed", error=repr(exc))

    async def _sleep_until_woken(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self._poll_interval_s)

    def _on_notify(self, *_: Any) -> None:
        self._wake.set()


async def _send_batch(
    producer: AIOKafkaProducer, batch: BatchBuilder, topic: str, partition: int
) -> asyncio.Future[Any]:
    """Closed first: the producer lingers on an open batch (``linger_ms``) in case ``send``
    adds to it, which would only delay a batch the relay has already filled."""
    batch.close()
    delivery: asyncio.Future[Any] = await producer.send_batch(batch, topic, partition=partition)
    return delivery


def _closed(session: Connection) -> bool:
    try:
        return session.is_closed()
    except asyncpg.InterfaceError:  # the pool already took back a pool connection that died
        return True


def _partition(partitions: list[int], key: bytes | None) -> int:
    """The partition the producer's default partitioner would choose for ``key``."""
    if key is None:
        return random.choice(partitions)  # noqa: S311 - spreading load, not a secret
    return partitions[partition_index(key, len(partitions))]


async def backlog_state(conn: Connection) -> tuple[int, float]:
    """Outbox rows not yet published, and how long the oldest has waited, in seconds (0 if none)."""
    row = await conn.fetchrow(
        "SELECT count(*) AS rows,"
        " greatest(coalesce(extract(epoch FROM now() - min(created_at)), 0), 0) AS age"
        " FROM outbox"
    )
    assert row is not None  # an aggregate always returns a row
    return int(row["rows"]), float(row["age"])
