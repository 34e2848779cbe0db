"""Test helpers of the platform (imported by its tests and its conftest): a test service whose
consumer records each event's effect in a table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import asyncpg
from aiokafka import ConsumerRecord
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import TopicReader
from lattice_platform.context import ServiceContext
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.db import Migration, platform_migrations
from lattice_platform.messaging.consumer import (
    BatchDelivery,
    Batched,
    Delivery,
    Handler,
    Subscription,
)
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings
from lattice_platform.uow import PostgresUnitOfWork

EFFECTS = Migration(
    100,
    "0100_effects.sql",
    "CREATE TABLE effects (event_id text, employee_id text, seen_at timestamptz DEFAULT now());",
)


@dataclass
class Ledger:
    """A test service's handler: records each event's effect in a table; can be told to fail."""

    failing_for: set[str] = field(default_factory=set)
    failure_detail: str = ""  # appended to the error, as an error quoting its input would be
    calls: Counter[str] = field(default_factory=Counter)  # handler calls, by employee

    async def on_left(self, delivery: Delivery, event: ev.EmployeeLeft) -> None:
        self.calls[event.employee_id] += 1
        if event.employee_id in self.failing_for:
            raise RuntimeError(f"cannot handle {event.employee_id}{self.failure_detail}")
        await delivery.conn.execute(
            "INSERT INTO effects (event_id, employee_id) VALUES ($1, $2)",
            delivery.envelope.id,
            event.employee_id,
        )


@dataclass
class BatchLedger:
    """Records every event of a call with one statement; fails a call holding a listed key."""

    failing_for: set[str] = field(default_factory=set)
    call_sizes: list[int] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # event ids, in the order handled
    transactions: list[tuple[str | None, str]] = field(default_factory=list)
    """Of each call: the transaction id its delivery brought, and the one PostgreSQL gives."""

    async def on_many(self, batch: BatchDelivery, events: Sequence[ev.EmployeeLeft]) -> None:
        self.call_sizes.append(len(events))
        asked = await batch.conn.fetchval("SELECT pg_current_xact_id()::text")
        self.transactions.append((batch.transaction_id, asked))
        if any(e.employee_id in self.failing_for for e in events):
            raise RuntimeError(f"cannot handle {sorted(self.failing_for)}")
        await batch.conn.executemany(
            "INSERT INTO effects (event_id, employee_id) VALUES ($1, $2)",
            [
                (envelope.id, e.employee_id)
                for envelope, e in zip(batch.envelopes, events, strict=True)
            ],
        )
        self.seen.extend(envelope.id for envelope in batch.envelopes)


def effects_runtime(
    settings: ServiceSettings,
    handler: Handler | Batched,
    paced: Callable[[str, bool], None] | None = None,
) -> Runtime:
    """A test service whose one consumer hands ``EmployeeLeft`` events to ``handler``."""
    return Runtime(
        settings=settings,
        migrations=[*platform_migrations(), EFFECTS],
        consumer_specs=[
            ConsumerSpec(
                "employees",
                [Subscription(t.EMPLOYEES, {ev.EmployeeLeft: handler})],
                paced=paced,
            )
        ],
    )


def ledger_runtime(settings: ServiceSettings, ledger: Ledger) -> Runtime:
    return effects_runtime(settings, ledger.on_left)


def batch_runtime(
    settings: ServiceSettings,
    ledger: BatchLedger,
    paced: Callable[[str, bool], None] | None = None,
) -> Runtime:
    return effects_runtime(settings, Batched(ledger.on_many), paced)


async def effects(runtime: Runtime) -> list[asyncpg.Record]:
    async with runtime.pool.acquire() as conn:
        return list(await conn.fetch("SELECT event_id, employee_id FROM effects ORDER BY seen_at"))


async def has_effects(runtime: Runtime, n: int) -> bool:
    return len(await effects(runtime)) >= n


async def until_dead_lettered(
    runtime: Runtime, effects_expected: int
) -> tuple[list[ConsumerRecord], list[asyncpg.Record]]:
    """Run ``runtime`` over what waits on the employees topic until a dead letter has arrived
    and ``effects_expected`` effects are in; every dead letter (read until quiet), and the
    effects."""
    settings = runtime.settings
    async with (
        runtime.running(),
        TopicReader(
            settings.kafka_bootstrap_servers,
            settings.kafka_topic_prefix + t.EMPLOYEES.dead_letter,
        ) as reader,
    ):
        await reader.read_at_least(1)
        await wait_until(lambda: has_effects(runtime, effects_expected), 30)
        rows = await effects(runtime)
        return await reader.settle(0.5), rows


def left(employee_id: str) -> ev.EmployeeLeft:
    return ev.EmployeeLeft(employee_id=employee_id, left_on=date(2026, 1, 31))


def context_for(settings: ServiceSettings) -> ServiceContext[ServiceSettings, PostgresUnitOfWork]:
    """The context of a test service with the platform's tables only; pages of 20, at most 100."""
    runtime = Runtime(settings, platform_migrations())
    return ServiceContext(runtime, settings, PostgresUnitOfWork.begin, PageSize(20, 100))
