"""A service's life: open the pool, migrate, create topics, start the outbox relay and consumers,
serve HTTP; on shutdown, finish the batch in hand, commit, and close in reverse order.

The relay and every consumer run as supervised tasks: one that crashes is logged, counted
(``lattice_task_restarts_total``) and restarted with backoff, never left dead. A periodic task
purges the inbox of ids older than the retention window.

Nothing here runs at import time: a service builds a :class:`Runtime` in its ``bootstrap`` and the
FastAPI lifespan starts and stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, partial

import asyncpg
import structlog
from aiokafka import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from lattice_platform import db
from lattice_platform.contracts.topics import ALL_TOPICS
from lattice_platform.messaging import kafka
from lattice_platform.messaging.consumer import TRANSIENT, EventConsumer, Subscription
from lattice_platform.messaging.outbox import Outbox, OutboxRelay, backlog_state
from lattice_platform.settings import ServiceSettings
from lattice_platform.telemetry import metrics

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer group of the service.

    ``broadcast`` consumers read every partition on every replica, for data every replica must
    hold in full, such as the notifier's openings: each replica takes a :class:`BroadcastSlot`
    and reads as group ``<group>.<slot>`` with inbox name ``<name>.<slot>``. ``listener`` hears
    partition assignments (e.g. to load the state of the partitions a replica now owns).
    Consumers that name the same ``turns`` handle their batches one at a time in a process: for
    consumers whose handlers write the same rows, whose transactions would otherwise deadlock
    each other. ``lanes``: its handlers allow a batch's partitions to be handled concurrently,
    in up to ``KAFKA_CONSUMER_LANES`` transactions while it is behind (what one partition's
    events write, no other partition's events write; the lanes of one consumer hold its turn
    together). ``paced`` hears, after each fetch, the consumer's name and whether it is behind
    the broker (its batch came full): e.g. :meth:`~lattice_platform.heap.LongLivedHeap.paced`.
    """

    name: str
    subscriptions: Sequence[Subscription]
    broadcast: bool = False
    listener: ConsumerRebalanceListener | None = None
    turns: str | None = None
    lanes: bool = False
    paced: Callable[[str, bool], None] | None = None


Hook = Callable[["Runtime"], Awaitable[None]]
"""Work of the service's own that starts with the runtime (``on_started``: the database is open,
no consumer runs yet) or stops with it (``on_stopping``: before the consumers stop)."""


@dataclass(frozen=True)
class Periodic:
    """Work a service repeats while it runs, every ``every_s`` seconds (the first time at once),
    such as refreshing gauges from its tables. A round that fails is logged, and the next round
    tries again."""

    name: str
    every_s: float
    work: Callable[[Runtime], Awaitable[None]]


RESTART_BACKOFF_S = (1.0, 60.0)
"""First and longest wait before a crashed task is restarted; the wait doubles per crash and
starts over once the task has run for the longest wait without crashing."""

INBOX_PURGE_BATCH = 5000


@dataclass
class Runtime:
    settings: ServiceSettings
    migrations: list[db.Migration]
    consumer_specs: Sequence[ConsumerSpec] = ()
    on_started: Sequence[Hook] = ()
    on_stopping: Sequence[Hook] = ()
    periodic: Sequence[Periodic] = ()
    _pool: asyncpg.Pool | None = None
    _consumers: list[EventConsumer] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _down: dict[str, str] = field(default_factory=dict)  # crashed tasks awaiting their restart
    _turns: dict[str, asyncio.Lock] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    relay: OutboxRelay | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the runtime is not started")
        return self._pool

    @cached_property
    def names(self) -> kafka.TopicNames:
        return kafka.TopicNames(self.settings.kafka_topic_prefix)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.settings.event_source, self.names)

    @property
    def consumers(self) -> list[EventConsumer]:
        return self._consumers

    async def migrate(self, *, dry_run: bool = False) -> list[str]:
        async with self._connection() as conn:
            return await db.migrate(conn, self.settings.db_schema, self.migrations, dry_run=dry_run)

    async def migration_status(self) -> list[db.MigrationStatus]:
        async with self._connection() as conn:
            return await db.status(conn, self.settings.db_schema, self.migrations)

    async def wait_for_schema(self, timeout_s: float, poll_s: float = 2.0) -> None:
        """Return once the schema is current (every migration of this release applied, unedited);
        after ``timeout_s`` raise the last reason it was not."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            try:
                async with self._connection() as conn:
                    await db.require_current(conn, self.settings.db_schema, self.migrations)
                return
            except (db.SchemaNotCurrentError, OSError, asyncpg.PostgresError) as error:
                if asyncio.get_running_loop().time() + poll_s > deadline:
                    raise
                log.info("schema.waiting", schema=self.settings.db_schema, reason=str(error))
                await asyncio.sleep(poll_s)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        conn = await asyncpg.connect(self.settings.database_url.get_secret_value())
        try:
            yield conn
        finally:
            await conn.close()

    async def start(self) -> None:
        s = self.settings
        self._stopping.clear()
        if s.db_migrate_on_start:
            await self.migrate()
        else:
            async with self._connection() as conn:
                await db.require_current(conn, s.db_schema, self.migrations)
        if s.kafka_create_topics:
            await kafka.wait_for_broker(s)
            await kafka.ensure_topics(s)
        self._pool = await self._stack.enter_async_context(
            db.open_pool(
                s.database_url.get_secret_value(), s.db_schema, s.db_pool_min, s.db_pool_max
            )
        )
        # Slots first: once held, no one moves their offsets, so what the hooks load (e.g. an
        # index from the database) already holds everything before them.
        slots = {
            spec.name: await self._claim_slot(spec)
            for spec in self.consumer_specs
            if spec.broadcast
        }
        for hook in self.on_started:
            await hook(self)
        self.relay = OutboxRelay(
            self.pool,
            lambda: kafka.producer(s),
            s.db_schema,
            batch_size=s.outbox_batch_size,
            poll_interval_s=s.outbox_poll_interval_s,
        )
        self._spawn(self.relay.run, "outbox-relay")
        for spec in self.consumer_specs:
            slot = slots.get(spec.name)
            consumer = self._consumer(spec, slot.number if slot else None)
            self._consumers.append(consumer)
            self._spawn(consumer.run, f"consumer-{spec.name}")
            self._spawn(partial(self._sweep_parked, consumer), f"parking-{spec.name}")
            if slot is not None:  # a lost slot is not restarted: liveness fails, the pod restarts
                self._tasks.append(
                    asyncio.create_task(slot.hold(consumer.stop), name=f"slot-{spec.name}")
                )
        self._tasks.append(asyncio.create_task(self._purge_periodically(), name="retention"))
        for job in self.periodic:
            self._tasks.append(asyncio.create_task(self._repeat(job), name=job.name))
        log.info(
            "service.started", service=s.service_name, consumers=[c.name for c in self._consumers]
        )

    async def stop(self) -> None:
        self._stopping.set()
        try:
            for hook in self.on_stopping:
                await hook(self)
        finally:
            await self._stop_work()

    async def wait_stopping(self, timeout_s: float) -> bool:
        """Wait ``timeout_s``, less if the runtime begins to stop; whether it is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout_s)
        return self._stopping.is_set()

    async def _stop_work(self) -> None:
        for consumer in self._consumers:
            consumer.stop()
        consumer_tasks = [t for t in self._tasks if t.get_name().startswith("consumer-")]
        if consumer_tasks:
            _, late = await asyncio.wait(consumer_tasks, timeout=self.settings.shutdown_grace_s)
            for task in late:
                task.cancel()
        if self.relay is not None and self.relay.is_leader:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.relay.relay_batch(), 5)  # a last flush
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._stack.aclose()
        log.info("service.stopped", service=self.settings.service_name)

    async def readiness(self) -> dict[str, str]:
        """What is not reachable, by component; empty when ready."""
        problems: dict[str, str] = {}
        try:
            async with self.pool.acquire(timeout=2) as conn:
                await conn.fetchval("SELECT 1")
                rows, oldest_s = await backlog_state(conn)
                metrics.outbox_backlog.labels(self.settings.db_schema).set(rows)
                metrics.outbox_oldest_age.labels(self.settings.db_schema).set(oldest_s)
        except Exception as exc:
            problems["database"] = repr(exc)
        admin = AIOKafkaAdminClient(**kafka.connection(self.settings))
        try:
            await asyncio.wait_for(admin.start(), 3)
        except Exception as exc:
            problems["kafka"] = repr(exc)
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        problems.update(self.crashed())
        problems.update(self.tasks_down())
        return problems

    def tasks_down(self) -> dict[str, str]:
        """Crashed tasks waiting out their backoff before they are restarted."""
        return {name: f"restarting after {error}" for name, error in self._down.items()}

    def crashed(self) -> dict[str, str]:
        """Background work that died for good (crashed tasks are restarted, so only something
        like a ``SystemExit`` lands here): the process can no longer do its job."""
        return {
            task.get_name(): repr(task.exception())
            for task in self._tasks
            if task.done() and not task.cancelled() and task.exception() is not None
        }

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Runtime]:
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def _claim_slot(self, spec: ConsumerSpec) -> BroadcastSlot:
        """A slot for ``spec``, held until the runtime stops (after its consumer has)."""
        s = self.settings
        slot = await BroadcastSlot.claim(
            s.database_url.get_secret_value(), f"{s.db_schema}.{spec.name}"
        )
        self._stack.push_async_callback(slot.release)
        log.info("consumer.slot_claimed", consumer=spec.name, slot=slot.number)
        return slot

    def _consumer(self, spec: ConsumerSpec, slot: int | None = None) -> EventConsumer:
        """``slot``: the :class:`BroadcastSlot` a broadcast consumer reads as."""
        s = self.settings
        name = f"{s.service_name}.{spec.name}"
        group = f"{s.kafka_topic_prefix}lattice.{name}"
        if spec.broadcast:
            if slot is None:
                raise ValueError(f"broadcast consumer {spec.name} needs a slot")
            name, group = f"{name}.{slot}", f"{group}.{slot}"
        return EventConsumer(
            name=name,
            group_id=group,
            subscriptions=spec.subscriptions,
            pool=self.pool,
            outbox=self.outbox,
            names=self.names,
            consumer_factory=lambda group_id: kafka.consumer(s, group_id),
            producer_factory=lambda: kafka.producer(s),
            attempts=s.handler_attempts,
            max_batch=s.kafka_consumer_max_batch,
            listener=spec.listener,
            turns=self._turns_named(spec.turns),
            lanes=s.kafka_consumer_lanes if spec.lanes else 1,
            paced=spec.paced,
            commit_every_s=s.kafka_commit_interval_ms / 1000,
        )

    def _turns_named(self, name: str | None) -> asyncio.Lock | None:
        """The lock the consumers taking turns under ``name`` share (None: no turns)."""
        return None if name is None else self._turns.setdefault(name, asyncio.Lock())

    def _spawn(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        """Run ``work`` until it returns; restart it with backoff whenever it crashes."""
        self._tasks.append(asyncio.create_task(self._supervise(work, name), name=name))

    async def _supervise(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        first, longest = RESTART_BACKOFF_S
        backoff = first
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            try:
                await work()
                return
            except Exception as exc:
                if self._stopping.is_set():
                    raise
                if loop.time() - started >= longest:
                    backoff = first
                self._down[name] = repr(exc)[:500]
                log.exception("service.task_crashed", task=name, restart_in_s=backoff)
                metrics.task_restarts.labels(name).inc()
            stopping = await self.wait_stopping(backoff)
            self._down.pop(name, None)
            if stopping:
                return
            backoff = min(backoff * 2, longest)
            log.info("service.task_restarted", task=name)

    async def purge_inbox(self) -> int:
        """Delete inbox ids older than the retention window, a batch at a time (short
        transactions, no long lock on the table); return how many were deleted."""
        retention = timedelta(days=self.settings.inbox_retention_days)
        purged = 0
        while True:
            async with self.pool.acquire() as conn:
                deleted: int = await conn.fetchval(
                    "WITH old AS (DELETE FROM inbox WHERE (consumer, event_id) IN ("
                    "  SELECT consumer, event_id FROM inbox"
                    "  WHERE processed_at < now() - $1::interval"
                    "  ORDER BY processed_at LIMIT $2) RETURNING 1)"
                    " SELECT count(*) FROM old",
                    retention,
                    INBOX_PURGE_BATCH,
                )
            purged += deleted
            metrics.inbox_purged.labels(self.settings.db_schema).inc(deleted)
            if deleted < INBOX_PURGE_BATCH:
                return purged

    async def purge_dead_letters(self) -> int:
        """Delete the dead letters kept in the ``dead_letter`` table once they are as old as
        their topic's dead letters may be (HRIS records carry personal data: 7 days)."""
        async with self.pool.acquire() as conn:
            deleted: int = await conn.fetchval(
                "WITH old AS (DELETE FROM dead_letter d USING unnest($1::text[], $2::interval[])"
                "   AS k(topic, retention)"
                "  WHERE d.topic = k.topic AND d.failed_at < now() - k.retention RETURNING 1)"
                " SELECT count(*) FROM old",
                [self.names.of(t) for t in ALL_TOPICS],
                [t.dead_letter_retention for t in ALL_TOPICS],
            )
        return deleted

    async def _purge_periodically(self) -> None:
        while not self._stopping.is_set():
            try:
                purged = await self.purge_inbox()
                if purged:
                    log.info("inbox.purged", schema=self.settings.db_schema, rows=purged)
                expired = await self.purge_dead_letters()
                if expired:
                    log.info("dead_letters.purged", schema=self.settings.db_schema, rows=expired)
            except Exception as exc:  # the next round tries again; the rows only wait longer
                log.warning("inbox.purge_failed", error=repr(exc))
            await self.wait_stopping(self.settings.inbox_purge_interval_s)

    async def _repeat(self, job: Periodic) -> None:
        while not self._stopping.is_set():
            try:
                await job.work(self)
            except Exception as exc:
                log.warning("service.periodic_failed", task=job.name, error=repr(exc))
            await self.wait_stopping(job.every_s)

    async def _sweep_parked(self, consumer: EventConsumer) -> None:
        """Retry released parked events and dead-letter expired ones, for as long as it runs."""
        s = self.settings
        while True:
            await asyncio.sleep(s.parking_retry_interval_s)
            try:
                await consumer.sweep_parked(s.parking_timeout_s)
            except (*TRANSIENT, KafkaError, asyncpg.DeadlockDetectedError) as exc:
                log.warning(
                    "consumer.parking_sweep_failed", consumer=consumer.name, error=repr(exc)
                )


_SLOT_CHECK_S = 2.0
_SLOT_PING_TIMEOUT_S = 15.0  # a busy database answers slowly; one this silent may have dropped us


class SlotLostError(RuntimeError):
    """The session holding a broadcast slot ended: another replica may take the slot now."""


class BroadcastSlot:
    """The identity a broadcast consumer reads as: the lowest slot number no running replica
    holds, kept by a session-level advisory lock on a connection of its own.

    A replica that restarts (a new process, a new pod name) takes a free slot again and resumes
    from that slot's committed offsets, its inbox name included, so it neither rereads the topic
    nor meets a record it already dead-lettered. Slots are reused, so there are never more
    groups and inbox names than the most replicas ever run at once: nothing is left behind per
    restart. A slot another replica held before may be behind what this replica's state was
    loaded from; the consumer catches up from it.
    """

    LOCK_NAMESPACE = 0x1A79  # advisory-lock namespace (the first key) of the slots' locks

    def __init__(self, conn: asyncpg.Connection, number: int) -> None:
        self._conn = conn
        self.number = number

    @classmethod
    async def claim(cls, dsn: str, consumer: str) -> BroadcastSlot:
        conn = await asyncpg.connect(dsn)
        try:
            number = 0
            while not await conn.fetchval(
                "SELECT pg_try_advisory_lock($1, hashtext($2))",
                cls.LOCK_NAMESPACE,
                f"{consumer}.{number}",
            ):
                number += 1
        except BaseException:
            await conn.close()
            raise
        return cls(conn, number)

    async def hold(self, on_lost: Callable[[], None], interval_s: float = _SLOT_CHECK_S) -> None:
        """Check the session every ``interval_s``. If it is gone, so is the lock, and another
        replica may read as this slot: stop the consumer (``on_lost``) and fail, so that the
        liveness probe restarts the process, which claims a slot afresh."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await asyncio.wait_for(self._conn.fetchval("SELECT 1"), _SLOT_PING_TIMEOUT_S)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                on_lost()
                raise SlotLostError(f"lost broadcast slot {self.number}") from exc

    async def release(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._conn.close(), 5)
