"""A service's life: open the pool, migrate, create topics, start the outbox relay and consumers,
serve HTTP; on shutdown, finish the batch in hand, commit, and close in reverse order.

Nothing here runs at import time: a service builds a :class:`Runtime` in its ``bootstrap`` and the
FastAPI lifespan starts and stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property

import asyncpg
import structlog
from aiokafka import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient

from lattice_platform import db
from lattice_platform.messaging import kafka
from lattice_platform.messaging.consumer import EventConsumer, Subscription
from lattice_platform.messaging.outbox import Outbox, OutboxRelay
from lattice_platform.settings import ServiceSettings
from lattice_platform.telemetry import metrics

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer group of the service.

    ``broadcast`` consumers read every partition on every replica (each replica gets its own
    group and its own inbox name), for data every replica must hold in full, such as the
    notifier's openings. ``listener`` hears partition assignments (e.g. to load the state of the
    partitions a replica now owns).
    """

    name: str
    subscriptions: Sequence[Subscription]
    broadcast: bool = False
    listener: ConsumerRebalanceListener | None = None


StartupHook = Callable[["Runtime"], Awaitable[None]]


@dataclass
class Runtime:
    settings: ServiceSettings
    migrations: list[db.Migration]
    consumer_specs: Sequence[ConsumerSpec] = ()
    on_started: Sequence[StartupHook] = ()
    instance_id: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    _pool: asyncpg.Pool | None = None
    _consumers: list[EventConsumer] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
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

    async def migrate(self) -> list[str]:
        conn = await asyncpg.connect(self.settings.database_url.get_secret_value())
        try:
            return await db.migrate(conn, self.settings.db_schema, self.migrations)
        finally:
            await conn.close()

    async def start(self) -> None:
        s = self.settings
        await self.migrate()
        if s.kafka_create_topics:
            await kafka.wait_for_broker(s)
            await kafka.ensure_topics(s)
        self._pool = await self._stack.enter_async_context(
            db.open_pool(
                s.database_url.get_secret_value(), s.db_schema, s.db_pool_min, s.db_pool_max
            )
        )
        for hook in self.on_started:
            await hook(self)
        self.relay = OutboxRelay(
            self.pool,
            lambda: kafka.producer(s),
            s.db_schema,
            batch_size=s.outbox_batch_size,
            poll_interval_s=s.outbox_poll_interval_s,
        )
        self._spawn(self.relay.run(), "outbox-relay")
        for spec in self.consumer_specs:
            consumer = self._consumer(spec)
            self._consumers.append(consumer)
            self._spawn(consumer.run(), f"consumer-{spec.name}")
        log.info(
            "service.started", service=s.service_name, consumers=[c.name for c in self._consumers]
        )

    async def stop(self) -> None:
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
                metrics.outbox_backlog.labels(self.settings.db_schema).set(
                    await conn.fetchval("SELECT count(*) FROM outbox")
                )
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
        return problems

    def crashed(self) -> dict[str, str]:
        """Background work (relay, consumers) that died: the process can no longer do its job."""
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

    def _consumer(self, spec: ConsumerSpec) -> EventConsumer:
        s = self.settings
        name = f"{s.service_name}.{spec.name}"
        group = f"{s.kafka_topic_prefix}lattice.{name}"
        if spec.broadcast:
            name, group = f"{name}.{self.instance_id}", f"{group}.{self.instance_id}"
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
            listener=spec.listener,
        )

    def _spawn(self, work: Awaitable[None], name: str) -> None:
        async def guarded() -> None:
            try:
                await work
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("service.task_crashed", task=name)
                raise

        self._tasks.append(asyncio.create_task(guarded(), name=name))
