"""Idempotent, at-least-once consumption with retries and dead letters.

One :class:`EventConsumer` drives one Kafka consumer for a set of subscriptions. For every batch
it opens one PostgreSQL transaction in which the event ids are written to the inbox together with
the handlers' effects: a redelivered event finds its id there and has no second effect. Offsets
are committed only after the transaction commits (while the next batch is handled). The batch
is first tried swiftly (one inbox insert, no savepoints; a malformed record is dead-lettered
without leaving that path); if any handler raises, the batch is rolled back and done carefully,
each record in a savepoint of its own with retries.

With ``lanes`` above 1, a batch of several partitions is split by partition number into lanes,
each handled as above in a transaction and on a connection of its own, all at once: the service's
CPU and PostgreSQL's work overlap. Offsets are committed once every lane has committed; a lane
that fails transiently is rewound alone (the lanes that committed beside it are not done again).

A record that cannot be decoded, or whose handler keeps failing, goes to ``<topic>.dlq`` with its
original key, value and headers plus the reason (cut to :data:`MAX_REASON_CHARS`), and the
partition keeps flowing. A dead letter too large for the topic is kept whole in the service's
``dead_letter`` table and the topic gets a small record that refers to it. Infrastructure failures
(the database or broker unreachable) and conflicts between transactions (a deadlock, a
serialization failure) are not the record's fault: the batch is rolled back, rewound and retried
with backoff for as long as it takes, without using up the handlers' attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import asyncpg
import structlog
from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    ConsumerRebalanceListener,
    ConsumerRecord,
    TopicPartition,
)
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    LeaderNotAvailableError,
    MessageSizeTooLargeError,
    NodeNotReadyError,
    NotLeaderForPartitionError,
    RecordListTooLargeError,
    RequestTimedOutError,
)
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from asyncpg.pool import PoolConnectionProxy
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind
from prometheus_client import Gauge
from tenacity import (
    AsyncRetrying,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import Envelope, Headers, MalformedEventError, decode
from lattice_platform.contracts.topics import Topic
from lattice_platform.db import Connection
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.messaging.parking import PARKED_FIRST, EntityNotYetKnown, Parked, ParkingLot
from lattice_platform.telemetry import metrics

log = structlog.get_logger(__name__)
tracer = trace.get_tracer("lattice.messaging")

TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InterfaceError,
    # Class 40: deadlock detected, serialization failure. The other transaction wins; ours is
    # rolled back and tried again.
    asyncpg.exceptions.TransactionRollbackError,
    asyncpg.exceptions.LockNotAvailableError,  # lock_timeout
    # The broker, while a dead letter is sent.
    KafkaConnectionError,
    KafkaTimeoutError,
    NodeNotReadyError,
    RequestTimedOutError,
    NotLeaderForPartitionError,
    LeaderNotAvailableError,
)
"""Failures of the infrastructure or of concurrency, not of the record: the batch is rolled back
and retried without end, never dead-lettered."""

MAX_REASON_CHARS = 2048
"""A dead letter's reason is cut to this (a handler's error may echo an arbitrarily long input)."""

MAX_DEAD_LETTER_BYTES = 1_000_000
"""Largest dead letter sent whole: under the producer's ``max_request_size`` and the broker's
``message.max.bytes`` (both about 1 MB by default). A larger one is kept in the database."""

_TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)


class _Effects:
    """Publishing and after-commit callbacks, shared by both kinds of delivery."""

    conn: Connection
    outbox: Outbox
    _after_commit: list[Callable[[], None]]

    async def publish(self, topic: Topic, event: Event) -> str:
        """Publish ``event`` atomically with this delivery's effect."""
        return await self.outbox.put(self.conn, topic, event)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the effect is committed (e.g. to update an in-memory index)."""
        self._after_commit.append(callback)

    def _handed_over(self) -> list[Callable[[], None]]:
        """The callbacks, no longer held here. A callback often holds what holds this delivery
        (an index change its unit of work, which registered it through :meth:`after_commit`):
        kept here, they would make the batch's whole graph a reference cycle, freed only by
        the garbage collector's pauses instead of as soon as the batch is done."""
        callbacks, self._after_commit = self._after_commit, []
        return callbacks


@dataclass
class Delivery(_Effects):
    """What a handler gets besides the event: its transaction, the envelope, and the outbox."""

    conn: Connection
    envelope: Envelope
    outbox: Outbox
    transaction_id: str | None = None
    """The transaction's PostgreSQL id (``pg_current_xact_id()``), returned by the inbox
    statement so that a handler need not ask for it; None when not known."""
    _after_commit: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class BatchDelivery(_Effects):
    """What a :class:`Batched` handler gets besides the events: their transaction, their
    envelopes (in the same order) and the outbox."""

    conn: Connection
    envelopes: Sequence[Envelope]
    outbox: Outbox
    _traces: Mapping[str, Context] | None = field(default_factory=dict)
    """The consumer span of each envelope by id; None when no span is recorded, where an event's
    trace is the one it arrived in."""
    transaction_id: str | None = None
    """As :attr:`Delivery.transaction_id`."""
    _after_commit: list[Callable[[], None]] = field(default_factory=list)

    def trace_of(self, envelope: Envelope) -> Context | None:
        """The trace an event published because of ``envelope`` continues (its consumer span);
        None when handled on its own, where the current span is that envelope's."""
        if self._traces is None:
            return _arrived_in(envelope)
        return self._traces.get(envelope.id)

    def trace_by_key(
        self, about: Callable[[Event], str | None] | None = None
    ) -> Callable[[Event], Context | None]:
        """For an event to publish, the trace of the last event handled with the same key (the
        same employee, opening...): what a batch publishes about an entity continues the trace
        of what it heard about it. ``about``: the key of the handled events an event to publish
        is about, when not its own (an opening's, for a surfacing keyed by its employee). Each
        trace is taken when first asked for: most events of a batch publish nothing."""
        last = {envelope.event.key(): envelope for envelope in self.envelopes}
        traces: dict[str | None, Context | None] = {}

        def trace_of(event: Event) -> Context | None:
            key = event.key() if about is None else about(event)
            if key not in traces:
                envelope = None if key is None else last.get(key)
                traces[key] = None if envelope is None else self.trace_of(envelope)
            return traces[key]

        return trace_of


Handler = Callable[[Delivery, Any], Awaitable[None]]


@dataclass(frozen=True)
class Batched:
    """A handler for many events at once: the consecutive events of its kind in a batch (in
    partition order) with one call, so it can read and write them with a few statements.

    The inbox still counts every event. If the call raises, the batch is done again carefully
    and the handler gets each event alone, so a poison event is dead-lettered by itself.
    """

    handle: Callable[[BatchDelivery, Sequence[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """The handlers for one topic's events. Events without a handler are skipped."""

    topic: Topic
    handlers: Mapping[type[Event], Handler | Batched]

    def __post_init__(self) -> None:
        stray = [m.__name__ for m in self.handlers if m not in self.topic.events]
        if stray:
            raise ValueError(f"{', '.join(stray)} never arrive on {self.topic.name}")


class _Work(NamedTuple):
    """A record to handle: its event and the handler subscribed to it."""

    record: ConsumerRecord
    envelope: Envelope
    handler: Handler | Batched


class _Call(NamedTuple):
    """What one handler call gets: one event, or the consecutive events of one batched handler
    (only on the swift path; the careful path calls for each event alone)."""

    handler: Handler | Batched
    work: list[_Work]

    @property
    def envelopes(self) -> list[Envelope]:
        return [item.envelope for item in self.work]


class _Meter:
    """A consumer's metrics, counted the same way on both paths. Each child of a labelled
    metric is looked up once, not for every event."""

    def __init__(self, consumer: str) -> None:
        self._consumer = consumer
        self._seconds = metrics.handle_seconds.labels(consumer)
        self._duplicates = metrics.events_duplicate.labels(consumer)
        self._handled: dict[str, Any] = {}
        self._failed: dict[str, Any] = {}

    def call(self, envelopes: Sequence[Envelope], seconds: float, *, handled: bool) -> None:
        """A handler call of ``seconds`` for ``envelopes`` (shared equally, as each event's
        time); ``handled``: their effects are in the batch's transaction."""
        if len(envelopes) == 1:  # the common case, once per event
            self._seconds.observe(seconds)
            if handled:
                self._handled_of(envelopes[0].type).inc()
            return
        each = seconds / len(envelopes)
        for _ in envelopes:
            self._seconds.observe(each)
        if not handled:
            return
        for kind, count in Counter(envelope.type for envelope in envelopes).items():
            self._handled_of(kind).inc(count)

    def failed(self, envelope: Envelope) -> None:
        kind = envelope.type
        if kind not in self._failed:
            self._failed[kind] = metrics.events_failed.labels(self._consumer, kind)
        self._failed[kind].inc()

    def duplicate(self) -> None:
        self._duplicates.inc()

    def _handled_of(self, kind: str) -> Any:
        if kind not in self._handled:
            self._handled[kind] = metrics.events_handled.labels(self._consumer, kind)
        return self._handled[kind]


class _CarefulPathNeededError(Exception):
    """The batch needs the careful path: a handler that raised (that failed try counts as the
    event's first), an event id the inbox cannot hold, or parked events of its keys."""

    def __init__(self, failed_event_id: str | None = None) -> None:
        super().__init__(failed_event_id)
        self.failed_event_id = failed_event_id


class EventConsumer:
    def __init__(
        self,
        *,
        name: str,
        group_id: str,
        subscriptions: Sequence[Subscription],
        pool: asyncpg.Pool,
        outbox: Outbox,
        names: TopicNames,
        consumer_factory: Callable[[str], AIOKafkaConsumer],
        producer_factory: Callable[[], AIOKafkaProducer],
        attempts: int = 3,
        retry_wait_s: float = 0.05,
        max_batch: int = 500,
        max_dead_letter_bytes: int = MAX_DEAD_LETTER_BYTES,
        listener: ConsumerRebalanceListener | None = None,
        turns: asyncio.Lock | None = None,
        lanes: int = 1,
        paced: Callable[[str, bool], None] | None = None,
        commit_every_s: float = 0.0,
    ) -> None:
        """``lanes``: up to how many transactions handle a batch at once while this consumer is
        behind the broker (its fetch came full), each the whole of some of its partitions and up
        to ``max_batch`` records (1, or not behind: the batch is one transaction). ``paced`` hears,
        after each fetch, this consumer's name and whether it is behind. ``commit_every_s``: the
        least time between two offset commits (:class:`OffsetCommits`)."""
        self.name = name
        self.group_id = group_id
        self._subscriptions = {s.topic: s for s in subscriptions}
        self._handlers = {names.of(s.topic): (s.topic, s.handlers) for s in subscriptions}
        """Each subscription's topic and handlers by physical topic name, as records name it."""
        self._pool = pool
        self._outbox = outbox
        self._names = names
        self._consumer_factory = consumer_factory
        self._producer_factory = producer_factory
        self._attempts = attempts
        self._retry_wait_s = retry_wait_s
        self._max_batch = max_batch
        self._max_dead_letter_bytes = max_dead_letter_bytes
        self._listener = listener
        self._turns = turns  # held while a batch is handled, if shared with other consumers
        self._paced = paced
        if lanes < 1:
            raise ValueError(f"a consumer needs at least one lane, not {lanes}")
        self._lanes = lanes
        self._commit_every_s = commit_every_s
        self._settled: set[TopicPartition] = set()
        """The partitions of the batch in hand whose lane committed, when another lane failed."""
        self._stopping = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None
        self._conns: dict[int, PoolConnectionProxy[Any]] = {}  # kept between batches, by lane
        self._producing = asyncio.Lock()  # lanes that dead-letter at once start one producer
        self.assigned = asyncio.Event()
        self.parking = ParkingLot(name)
        self._meter = _Meter(name)
        self._lag_reported: set[TopicPartition] = set()  # whose lattice_consumer_lag it reports

    @property
    def topics(self) -> list[str]:
        return [self._names.of(t) for t in self._subscriptions]

    def stop(self) -> None:
        """Finish the batch in hand, commit it, then leave."""
        self._stopping.set()

    async def run(self) -> None:
        consumer = self._consumer_factory(self.group_id)
        offsets = OffsetCommits(consumer, self._commit_every_s)
        consumer.subscribe(
            self.topics, listener=_CommitBeforeRevoke(self.name, offsets, self._listener)
        )
        self._consumer = consumer
        await consumer.start()
        partitions = metrics.consumer_partitions.labels(self.name)
        try:
            backoff = 0.2
            while not self._stopping.is_set():
                batch, behind = await self._fetch(consumer, partitions)
                offsets.check()
                if not batch:
                    continue
                try:
                    async with self._turns or contextlib.nullcontext():
                        await self._process_batch(batch, behind)
                    backoff = 0.2
                except TRANSIENT as exc:
                    settled, self._settled = self._settled, set()
                    log.warning(
                        "consumer.batch_rewound",
                        consumer=self.name,
                        error=_bounded(repr(exc), 500),
                        retry_in_s=backoff,
                    )
                    metrics.batches_rewound.labels(self.name, type(exc).__name__).inc()
                    await self._drop_connection()
                    for tp, records in batch.items():
                        if tp not in settled:  # a lane that committed is not done again
                            consumer.seek(tp, records[0].offset)
                    # Jittered: two consumers whose transactions deadlocked retry apart.
                    await asyncio.sleep(backoff * random.uniform(0.5, 1.0))  # noqa: S311
                    backoff = min(backoff * 2, 5.0)
                    continue
                finally:
                    self._record_lag(consumer, batch)
                offsets.handled({tp: rs[-1].offset + 1 for tp, rs in batch.items()})
            await offsets.sent()  # stopping: the batch in hand is committed before leaving
        finally:
            offsets.cancel()
            await self._drop_connection()
            self._forget_lag(set(self._lag_reported))
            # Bounded: a consumer cancelled mid-commit can otherwise wait out a request timeout.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(consumer.stop(), 5)
            producer, self._producer = self._producer, None
            if producer is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(producer.stop(), 5)

    async def _fetch(
        self, consumer: AIOKafkaConsumer, partitions: Gauge
    ) -> tuple[dict[TopicPartition, list[ConsumerRecord]], bool]:
        """The next batch (empty after a quarter of a second without records), and whether it
        came full: this consumer is behind the broker. Who hears of the pace is told."""
        batch: dict[TopicPartition, list[ConsumerRecord]] = await consumer.getmany(
            timeout_ms=250, max_records=self._max_batch
        )
        assignment = consumer.assignment()
        self._note_assignment(assignment, partitions)
        behind = sum(map(len, batch.values())) >= self._max_batch
        # A fetch hands over the partitions it buffered one after another, so a batch taken
        # while behind is mostly one partition's: each further lane takes what is buffered
        # already for partition numbers not in the batch yet, without waiting.
        for _ in range(self._lanes - 1 if behind else 0):
            numbers = {tp.partition for tp in batch}
            others = [tp for tp in assignment if tp.partition not in numbers]
            more = await consumer.getmany(*others, max_records=self._max_batch) if others else {}
            if not more:
                break
            batch.update(more)
        if self._paced is not None:
            self._paced(self.name, behind)
        return batch, behind

    async def _connection(self, lane: int = 0) -> PoolConnectionProxy[Any]:
        """The connection this consumer keeps between batches for ``lane``: no pool round trip
        (and no session reset) per batch."""
        if lane not in self._conns:
            self._conns[lane] = await self._pool.acquire()
        return self._conns[lane]

    async def _drop_connection(self) -> None:
        """Give the connections back (the pool replaces a broken one); the next batch takes
        them again."""
        conns, self._conns = self._conns, {}
        for conn in conns.values():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._pool.release(conn), 5)

    async def _process_batch(
        self, batch: Mapping[TopicPartition, list[ConsumerRecord]], behind: bool
    ) -> None:
        # Not behind, one transaction: a batch's lanes cost a commit each, and only overlap
        # work when there is more waiting than one transaction takes.
        lanes = _lanes(batch, self._lanes) if behind and self._lanes > 1 else [batch]
        if len(lanes) == 1:
            await self._process_lane(batch, 0)
            return
        # Each lane commits or fails alone; the batch's offsets are committed only once every
        # lane has. A lane that committed runs its callbacks whatever the others do, and its
        # partitions are not rewound if another lane's failure is transient.
        outcomes = await asyncio.gather(
            *(self._process_lane(part, lane) for lane, part in enumerate(lanes)),
            return_exceptions=True,
        )
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if not failures:
            return
        # What is not transient (a bug, a cancellation) goes first: it ends the run.
        failure = next((f for f in failures if not isinstance(f, TRANSIENT)), failures[0])
        if isinstance(failure, TRANSIENT):  # the batch is rewound, but for what committed
            self._settled = {
                tp
                for part, outcome in zip(lanes, outcomes, strict=True)
                if not isinstance(outcome, BaseException)
                for tp in part
            }
        raise failure

    async def _process_lane(
        self, batch: Mapping[TopicPartition, list[ConsumerRecord]], lane: int
    ) -> None:
        """``batch`` (or the part of it that is ``lane``'s) in one transaction: swiftly, else
        carefully; then the callbacks of what it committed."""
        records = [record for records in batch.values() for record in records]
        try:
            callbacks = await self._process_swiftly(records, lane)
        except _CarefulPathNeededError as needed:
            tried = {needed.failed_event_id: 1} if needed.failed_event_id else {}
            callbacks = await self._process_carefully(records, tried, lane)
        for callback in callbacks:
            callback()

    def _work_of(self, record: ConsumerRecord) -> _Work | None:
        """``record``'s event and its handler; None when no handler is subscribed to it. Raises
        :class:`MalformedEventError` for a record that is not a valid event."""
        topic, handlers = self._handlers[record.topic]
        envelope = decode(topic, record.key, record.value, list(record.headers))
        handler = handlers.get(type(envelope.event))
        return None if handler is None else _Work(record, envelope, handler)

    async def _deliver(
        self,
        conn: Connection,
        call: _Call,
        traces: Mapping[str, Context] | None,
        transaction_id: str | None,
    ) -> _Effects:
        """Call the handler with its delivery; ``traces`` as for :class:`BatchDelivery`."""
        if isinstance(call.handler, Batched):
            envelopes = call.envelopes
            batch = BatchDelivery(conn, envelopes, self._outbox, traces, transaction_id)
            await call.handler.handle(batch, [envelope.event for envelope in envelopes])
            return batch
        envelope = call.work[0].envelope
        delivery = Delivery(conn, envelope, self._outbox, transaction_id)
        await call.handler(delivery, envelope.event)
        return delivery

    async def _process_swiftly(
        self, records: list[ConsumerRecord], lane: int = 0
    ) -> list[Callable[[], None]]:
        """The common case: every handler succeeding. One inbox insert for the batch, no
        savepoints; consecutive events of a :class:`Batched` handler in one call. A record that
        is not a valid event has no effect to isolate: it is dead-lettered and the rest of the
        batch stays here. Any handler failure rolls the whole batch back and it is done again
        carefully, record by record."""
        work: list[_Work] = []
        malformed: list[tuple[ConsumerRecord, str]] = []  # and why
        for record in records:
            try:
                item = self._work_of(record)
            except MalformedEventError as exc:
                malformed.append((record, str(exc)))
                continue
            if item is not None:
                work.append(item)
        callbacks: list[Callable[[], None]] = []
        conn = await self._connection(lane)
        async with conn.transaction():
            try:
                rows = await conn.fetch(
                    "WITH fresh AS (INSERT INTO inbox (consumer, event_id)"
                    " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id),"
                    f" found AS (SELECT event_id FROM fresh UNION ALL {PARKED_FIRST})"
                    # The transaction's id, for the handlers (IndexChange): no round trip of
                    # their own to ask for it.
                    " SELECT event_id, pg_current_xact_id()::text AS transaction_id FROM found",
                    self.name,
                    # In id order: replicas that both hold a batch during a rebalance
                    # insert the same ids without deadlocking.
                    sorted({item.envelope.id for item in work}),
                    list({item.envelope.event.key() for item in work}),
                )
            except TRANSIENT:
                raise
            except asyncpg.PostgresError as exc:  # an id the inbox cannot hold: find which
                raise _CarefulPathNeededError from exc
            fresh = {row["event_id"] for row in rows}
            if None in fresh:
                raise _CarefulPathNeededError  # parked events of these keys go first
            transaction_id = rows[0]["transaction_id"] if rows else None
            todo = []
            for item in work:
                if item.envelope.id not in fresh:
                    self._meter.duplicate()
                    continue
                fresh.discard(item.envelope.id)  # the same id twice in one batch: the first counts
                todo.append(item)
            arrivals: dict[str | None, Context] | None = None if spans_recorded() else {}
            for call in _calls(todo):
                callbacks.extend(await self._handle_swiftly(conn, call, arrivals, transaction_id))
            # Last, before the commit: if a handler above sends the batch down the careful path,
            # that path dead-letters these itself, and none of them is sent twice.
            for record, reason in malformed:
                await self._dead_letter(record, reason)
        return callbacks

    async def _handle_swiftly(
        self,
        conn: Connection,
        call: _Call,
        arrivals: dict[str | None, Context] | None,
        transaction_id: str | None,
    ) -> list[Callable[[], None]]:
        """``arrivals``: None when spans are recorded, else the contexts of the spans the batch's
        events arrived in so far, by ``traceparent`` (a batch's events share a few)."""
        started = time.perf_counter()
        if arrivals is not None and not isinstance(call.handler, Batched):
            # A lone event and no span recorded: what the no-op tracer's span would be, without
            # its machinery (this runs for every such event).
            token = otel_context.attach(_arrival(call.work[0].envelope, arrivals))
            try:
                effects = await self._deliver(conn, call, {}, transaction_id)
            except TRANSIENT:
                raise
            except Exception as exc:
                raise self._careful_path_needed(call) from exc
            finally:
                otel_context.detach(token)
        else:
            with contextlib.ExitStack() as spans:
                try:
                    traces = self._enter_spans(call, spans, arrivals)
                    effects = await self._deliver(conn, call, traces, transaction_id)
                except TRANSIENT:
                    raise
                except Exception as exc:
                    raise self._careful_path_needed(call) from exc
        self._meter.call(call.envelopes, time.perf_counter() - started, handled=True)
        return effects._handed_over()

    def _careful_path_needed(self, call: _Call) -> _CarefulPathNeededError:
        """``call`` raised: counted as failed, and its batch goes down the careful path."""
        first = call.work[0].envelope
        self._meter.failed(first)
        return _CarefulPathNeededError(first.id if len(call.work) == 1 else None)

    def _enter_spans(
        self,
        call: _Call,
        spans: contextlib.ExitStack,
        arrivals: dict[str | None, Context] | None,
    ) -> Mapping[str, Context] | None:
        """A consumer span for each event of ``call``, ending with ``spans``; for a batched
        handler, the traces its events continue (None when no span is recorded: what the
        events arrived in is enough). A lone event's span when none is recorded is
        :meth:`_handle_swiftly`'s."""
        if not isinstance(call.handler, Batched):
            item = call.work[0]
            spans.enter_context(self._span(item.envelope, item.record.topic))
            return {}
        if arrivals is not None:
            return None
        alone = len(call.work) == 1  # its statements are in its event's span, as a lone event's
        return {
            item.envelope.id: trace.set_span_in_context(
                spans.enter_context(self._span(item.envelope, item.record.topic, current=alone))
            )
            for item in call.work
        }

    async def _process_carefully(
        self, records: list[ConsumerRecord], tried: Mapping[str, int], lane: int = 0
    ) -> list[Callable[[], None]]:
        """Record by record, each in a savepoint with retries; bad ones are dead-lettered."""
        callbacks: list[Callable[[], None]] = []
        conn = await self._connection(lane)
        async with conn.transaction():
            for record in records:
                await self._process(conn, record, callbacks, tried)
        return callbacks

    def _span(
        self, envelope: Envelope, physical_topic: str, *, current: bool = True
    ) -> AbstractContextManager[Span]:
        """A consumer span, child of the producer's span carried in ``traceparent``; the current
        span unless ``current`` is False (one of a batch's spans)."""
        options: dict[str, Any] = {
            "context": _arrived_in(envelope),
            "kind": SpanKind.CONSUMER,
            "attributes": {
                "messaging.system": "kafka",
                "messaging.destination.name": physical_topic,
                "messaging.message.id": envelope.id,
                "messaging.consumer.group.name": self.group_id,
            },
        }
        name = f"{envelope.type} process"
        if current:
            return tracer.start_as_current_span(name, **options)
        return tracer.start_span(name, **options)  # a span ends when its block does

    async def _process(
        self,
        conn: Connection,
        record: ConsumerRecord,
        callbacks: list[Callable[[], None]],
        tried: Mapping[str, int],
        *,
        parked: bool = False,
    ) -> None:
        """``parked``: ``record`` is a parked one, retried."""
        try:
            item = self._work_of(record)
        except MalformedEventError as exc:
            await self._dead_letter(record, str(exc))
            return
        if item is None:
            return
        envelope = item.envelope
        if not parked:
            await self._retry_parked(conn, envelope.event.key(), callbacks)
        with self._span(envelope, record.topic):
            try:
                await self._handle_carefully(
                    conn, item, callbacks, self._attempts - tried.get(envelope.id, 0)
                )
            except EntityNotYetKnown as missing:
                await self.parking.park(conn, record, envelope, missing)
            except TRANSIENT:
                raise
            except Exception as exc:
                reason = f"handler failed {self._attempts} times: {type(exc).__name__}: {exc}"
                log.error(
                    "consumer.handler_gave_up",
                    consumer=self.name,
                    event_id=envelope.id,
                    type=envelope.type,
                    error=_bounded(repr(exc), 500),
                )
                await self._dead_letter(record, reason)

    async def _handle_carefully(
        self,
        conn: Connection,
        item: _Work,
        callbacks: list[Callable[[], None]],
        attempts: int,
    ) -> None:
        """``item`` alone, each try in a savepoint of its own. Its time is counted over every
        try, for a duplicate or an event given up on too."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(max(attempts, 1)),
            wait=wait_exponential(multiplier=self._retry_wait_s, max=2.0),
            retry=retry_if_not_exception_type((*TRANSIENT, EntityNotYetKnown)),
            reraise=True,
        )
        effects: _Effects | None = None
        started = time.perf_counter()
        try:
            async for attempt in retrying:
                with attempt:
                    try:
                        effects = await self._apply(conn, item)
                    except Exception:
                        self._meter.failed(item.envelope)
                        raise
        finally:
            seconds = time.perf_counter() - started
            self._meter.call([item.envelope], seconds, handled=effects is not None)
        if effects is None:
            self._meter.duplicate()
            return
        callbacks.extend(effects._handed_over())

    async def _apply(self, conn: Connection, item: _Work) -> _Effects | None:
        """Handle ``item`` in a savepoint, unless the inbox holds it already (None)."""
        async with conn.transaction():
            transaction_id = await conn.fetchval(
                # The id is the whole transaction's (a savepoint has none of its own).
                "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)"
                " ON CONFLICT DO NOTHING RETURNING pg_current_xact_id()::text",
                self.name,
                item.envelope.id,
            )
            if transaction_id is None:
                return None
            # Alone, the event's span is the current one: no trace to hand a batched handler.
            return await self._deliver(conn, _Call(item.handler, [item]), {}, transaction_id)

    async def _retry_parked(
        self, conn: Connection, key: str, callbacks: list[Callable[[], None]]
    ) -> None:
        """Handle the parked records of ``key`` again, oldest first, until one still waits."""
        for parked in await self.parking.queue(conn, key):
            await self._process(conn, parked.record, callbacks, {}, parked=True)
            if not await self.parking.take_back(conn, parked):
                return

    async def sweep_parked(self, timeout_s: float) -> None:
        """Retry the parked records whose entity arrived; dead-letter, after a last try, those
        parked longer than ``timeout_s``."""
        conn: Connection
        async with self._pool.acquire() as conn:
            for key in await self.parking.due(conn, timeout_s):
                callbacks: list[Callable[[], None]] = []
                async with conn.transaction():
                    await self._retry_parked(conn, key, callbacks)
                    for parked in await self.parking.expired(conn, key, timeout_s):
                        await self._give_up_waiting(conn, parked, timeout_s)
                for callback in callbacks:
                    callback()
            metrics.events_parked.labels(self.name).set(await self.parking.count(conn))

    async def _give_up_waiting(self, conn: Connection, parked: Parked, timeout_s: float) -> None:
        reason = (
            f"waited {timeout_s:g} s for {parked.awaited}, which has not arrived"
            f" (parked at {parked.parked_at.isoformat()}, tried {parked.tries} times)"
        )
        await self._dead_letter(parked.record, reason)
        await self.parking.remove(conn, parked)

    async def _dead_letter(self, record: ConsumerRecord, reason: str) -> None:
        """Send ``record`` to its dead-letter topic with the reason; if it would be too large
        for the topic, keep it in the ``dead_letter`` table and send a reference instead."""
        topic = self._names.topic(record.topic)
        async with self._producing:
            if self._producer is None:
                started = self._producer_factory()
                await started.start()
                self._producer = started
            producer = self._producer
        reason = _bounded(reason)
        about = [
            ("dlq_reason", reason.encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_consumer", self.name.encode()),
            ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        target = self._names.dead_letter(topic)
        stored = None
        if not await self._send_whole(producer, target, record, [*list(record.headers), *about]):
            stored = await self._store_dead_letter(record, reason)
            reference = {
                "dead_letter_id": stored,
                "original_topic": record.topic,
                "original_partition": record.partition,
                "original_offset": record.offset,
                "reason": reason,
            }
            await producer.send_and_wait(
                target,
                value=json.dumps(reference).encode(),
                key=record.key if record.key is None or len(record.key) <= 1024 else None,
                headers=[*about, ("dlq_dead_letter_id", str(stored).encode())],
            )
        metrics.events_dead_lettered.labels(self.name, topic.name).inc()
        log.warning(
            "consumer.dead_lettered",
            consumer=self.name,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=reason,
            dead_letter_id=stored,
        )

    async def _send_whole(
        self, producer: AIOKafkaProducer, target: str, record: ConsumerRecord, headers: Headers
    ) -> bool:
        """Send the dead letter with the original key and value; False if it is too large."""
        size = DefaultRecordBatchBuilder.estimate_size_in_bytes(record.key, record.value, headers)
        if size > self._max_dead_letter_bytes:
            return False
        try:
            await producer.send_and_wait(
                target, value=record.value, key=record.key, headers=headers
            )
        except _TOO_LARGE:  # the broker's limit is below ours
            return False
        return True

    async def _store_dead_letter(self, record: ConsumerRecord, reason: str) -> int:
        """Keep the whole record in the ``dead_letter`` table, committed on a connection of its
        own (the batch's transaction may yet be rolled back and the record dead-lettered again:
        the same row is found). Returns the row's id."""
        async with self._pool.acquire() as conn:
            stored: int = await conn.fetchval(
                "INSERT INTO dead_letter (consumer, topic, partition, record_offset, key, value,"
                " header_names, header_values, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                " ON CONFLICT (consumer, topic, partition, record_offset)"
                " DO UPDATE SET reason = excluded.reason, failed_at = now() RETURNING id",
                self.name,
                record.topic,
                record.partition,
                record.offset,
                record.key,
                record.value,
                [name.encode() for name, _ in record.headers],
                [value for _, value in record.headers],
                reason,
            )
        return stored

    def _note_assignment(self, assignment: set[TopicPartition], partitions: Gauge) -> None:
        """What the replica reads now: its partition count, whether it has any, and no lag
        reported for partitions it lost."""
        partitions.set(len(assignment))
        if assignment:
            self.assigned.set()
        if not self._lag_reported <= assignment:
            self._forget_lag(self._lag_reported - assignment)

    def _record_lag(
        self, consumer: AIOKafkaConsumer, batch: Mapping[TopicPartition, list[ConsumerRecord]]
    ) -> None:
        for tp, records in batch.items():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                lag = max(highwater - records[-1].offset - 1, 0)
                metrics.consumer_lag.labels(self.name, tp.topic, str(tp.partition)).set(lag)
                self._lag_reported.add(tp)

    def _forget_lag(self, partitions: set[TopicPartition]) -> None:
        """Drop the lag series of partitions this replica no longer reads (revoked or lost in a
        rebalance, or the consumer stopped): their last value would otherwise be reported for
        ever, beside the new owner's."""
        for tp in partitions:
            metrics.consumer_lag.remove(self.name, tp.topic, str(tp.partition))
        self._lag_reported -= partitions


class OffsetCommits:
    """A consumer's handled offsets on their way to the broker while the next batches are
    fetched and handled: one commit at a time, so they arrive in order, at most one every
    ``every_s`` (a commit is a write to the broker's offsets log), and offsets handled meanwhile
    go together in the next (a partition's later offset covers its earlier). Offsets of
    partitions no longer assigned are left to the new owner. A failed commit surfaces at the
    next :meth:`check`; what was not committed (a crash, a failure, a partition taken away) is
    redelivered and found in the inbox."""

    def __init__(self, consumer: AIOKafkaConsumer, every_s: float = 0.0) -> None:
        self._consumer = consumer
        self._every_s = every_s
        self._waiting: dict[TopicPartition, int] = {}
        self._sending: asyncio.Task[None] | None = None
        self._at_once = asyncio.Event()  # set: no pause between commits (see :meth:`sent`)

    def handled(self, offsets: Mapping[TopicPartition, int]) -> None:
        self.check()
        self._waiting.update(offsets)
        if self._sending is None:
            self._sending = asyncio.create_task(self._send())

    def check(self) -> None:
        """Raise what a finished commit raised."""
        if self._sending is not None and self._sending.done():
            sending, self._sending = self._sending, None
            sending.result()

    async def sent(self) -> None:
        """Once every offset handled is committed, without waiting out the pause: the consumer
        is stopping, or partitions are being taken away."""
        self._at_once.set()
        try:
            # The task stays known while it runs: offsets handled meanwhile (the consumer goes
            # on during a revocation) join it, rather than start a second task whose commit
            # could overtake its last.
            while self._sending is not None:
                sending = self._sending
                try:
                    await sending
                finally:
                    if self._sending is sending:
                        self._sending = None
        finally:
            self._at_once.clear()

    def cancel(self) -> None:
        """Give up what is being sent (the consumer is leaving after a failure): a later
        :meth:`sent` finds nothing to wait for, rather than the cancelled commit."""
        sending, self._sending = self._sending, None
        if sending is not None and not sending.done():
            sending.cancel()

    async def _send(self) -> None:
        while self._waiting:
            offsets, self._waiting = self._waiting, {}
            assigned = self._consumer.assignment()
            mine = {tp: offset for tp, offset in offsets.items() if tp in assigned}
            if mine:
                await self._consumer.commit(mine)
            if self._every_s and not self._at_once.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._at_once.wait(), self._every_s)


class _CommitBeforeRevoke(ConsumerRebalanceListener):  # type: ignore[misc]
    """Commits what was handled before partitions are taken away, so that their new owner
    starts after it, then tells the consumer's own listener, if any."""

    def __init__(
        self, name: str, offsets: OffsetCommits, listener: ConsumerRebalanceListener | None
    ) -> None:
        self._name = name
        self._offsets = offsets
        self._listener = listener

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        try:
            await self._offsets.sent()
        except Exception as exc:  # the new owner redelivers it; its inbox drops the copies
            log.warning(
                "consumer.commit_before_revoke_failed", consumer=self._name, error=repr(exc)
            )
        if self._listener is not None:
            await self._listener.on_partitions_revoked(revoked)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        if self._listener is not None:
            await self._listener.on_partitions_assigned(assigned)


def spans_recorded() -> bool:
    """Whether spans are recorded (a tracer provider of the SDK is set). Without one, a consumer
    span is the context its record arrived in, handed on: the API's no-op tracer makes no span."""
    return not isinstance(
        trace.get_tracer_provider(), trace.ProxyTracerProvider | trace.NoOpTracerProvider
    )


def _arrived_in(envelope: Envelope) -> Context:
    """The trace context ``envelope`` arrived in (its ``traceparent``)."""
    return propagate.extract({"traceparent": envelope.traceparent or ""})


def _arrival(envelope: Envelope, arrivals: dict[str | None, Context]) -> Context:
    """A context whose current span is the one ``envelope`` arrived in (non-recording), from
    ``arrivals`` if known there."""
    traceparent = envelope.traceparent
    if traceparent not in arrivals:
        span = trace.get_current_span(_arrived_in(envelope))
        arrivals[traceparent] = trace.set_span_in_context(span)
    return arrivals[traceparent]


def _bounded(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters cut]"


def _lanes(
    batch: Mapping[TopicPartition, list[ConsumerRecord]], most: int
) -> list[Mapping[TopicPartition, list[ConsumerRecord]]]:
    """``batch`` split into up to ``most`` lanes of about as many records, each partition wholly
    in one lane (its order kept); the batch itself when it has one partition. A partition number
    is in one lane on every topic: topics keyed alike put an entity's events at the same number
    (an employee's on the employees and the learning topics), so no two lanes touch one entity."""
    numbers: dict[int, dict[TopicPartition, list[ConsumerRecord]]] = {}
    for tp, records in batch.items():
        numbers.setdefault(tp.partition, {})[tp] = records
    if len(numbers) == 1:
        return [batch]
    lanes: list[dict[TopicPartition, list[ConsumerRecord]]] = [{} for _ in range(most)]
    sizes = [0] * most
    for part in sorted(numbers.values(), key=lambda p: -sum(map(len, p.values()))):
        lightest = sizes.index(min(sizes))
        lanes[lightest].update(part)
        sizes[lightest] += sum(map(len, part.values()))
    return [lane for lane in lanes if lane]  # a batch of fewer partitions than lanes


def _calls(work: list[_Work]) -> list[_Call]:
    """Split ``work`` into handler calls: a lone event, or the consecutive events of one
    batched handler (order kept)."""
    calls: list[_Call] = []
    for item in work:
        if calls and isinstance(item.handler, Batched) and calls[-1].handler == item.handler:
            calls[-1].work.append(item)
        else:
            calls.append(_Call(item.handler, [item]))
    return calls
