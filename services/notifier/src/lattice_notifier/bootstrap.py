"""Wires the notifier: read model, index, consumers, digest job and the HTTP feed."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from importlib import resources

import structlog
from fastapi import FastAPI
from lattice_platform.clock import Clock, utc_now
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.heap import LongLivedHeap
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Runtime

from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import MatchPolicy
from lattice_notifier.entrypoints import actions_http, http
from lattice_notifier.entrypoints.consumers import EmployeeEvents, EmployeePartitions, OpeningEvents
from lattice_notifier.entrypoints.mobility_consumers import MobilityEvents
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching
from lattice_notifier.settings import NotifierSettings

log = structlog.get_logger(__name__)


def policy_of(settings: NotifierSettings) -> MatchPolicy:
    return MatchPolicy(
        threshold=settings.match_threshold,
        decay_months=settings.decay_months,
        optional_bonus=settings.optional_bonus,
        near_miss_margin=settings.near_miss_margin,
        recent_skill_days=settings.recent_skill_days,
    )


@dataclass(frozen=True)
class Assembly:
    """The notifier as wired: what runs it, and the matching state it keeps in memory."""

    runtime: Runtime
    app: FastAPI
    matching: Matching
    partitions: EmployeePartitions


def build(settings: NotifierSettings, clock: Clock = utc_now) -> tuple[Runtime, FastAPI]:
    notifier = assemble(settings, clock)
    return notifier.runtime, notifier.app


def assemble(settings: NotifierSettings, clock: Clock = utc_now) -> Assembly:
    matching = Matching(
        index=MatchIndex(policy_of(settings)),
        partitions=settings.kafka_partitions,
        daily_cap=settings.daily_cap,
        clock=clock,
    )
    partitions = EmployeePartitions(matching)
    digests = DigestJob(matching, settings.digest_interval_s)
    heap = LongLivedHeap()

    async def load_index(rt: Runtime) -> None:
        partitions.attach(rt)
        # The index is millions of long-lived objects: keep the collector from walking them while
        # they are loaded (half the load's CPU) and on every full collection after (pauses of
        # hundreds of milliseconds at 100k employees).
        async with rt.pool.acquire() as conn:
            uow = PostgresNotifierUnitOfWork(conn, rt.outbox)
            with heap.loading():
                await handlers.load_index(uow, matching, range(matching.partitions))
        heap.watch()
        log.info(
            "notifier.index_loaded",
            employees=len(matching.index.employees),
            openings=len(matching.index.openings),
        )

    async def start_digests(rt: Runtime) -> None:
        digests.start(rt)

    async def stop_background(_: Runtime) -> None:
        heap.unwatch()
        await digests.stop()

    runtime = Runtime(
        settings=settings,
        migrations=[
            *platform_migrations(),
            *load_migrations(resources.files("lattice_notifier") / "migrations"),
        ],
        consumer_specs=[
            # Both surface pairs of the employees this instance holds: they take turns, so their
            # transactions never deadlock on the same opportunity. The employees' partitions hold
            # distinct employees (and openings are only key-share locked there), so they may be
            # handled in lanes; an opening's surfacings reach any employee, so not the openings'.
            ConsumerSpec(
                "employees",
                EmployeeEvents(matching).subscriptions(),
                listener=partitions,
                turns="matching",
                lanes=True,
                paced=heap.paced,
            ),
            ConsumerSpec(
                "openings",
                OpeningEvents(matching).subscriptions(),
                broadcast=True,
                turns="matching",
                paced=heap.paced,
            ),
            # Applications' statuses and the catalogue: tables of their own, read by requests.
            ConsumerSpec("mobility", MobilityEvents().subscriptions()),
        ],
        on_started=[load_index, start_digests],
        on_stopping=[stop_background],
    )
    context = ServiceContext(
        runtime,
        settings,
        PostgresNotifierUnitOfWork.begin,
        PageSize(default=20, maximum=settings.feed_page_max),
        clock,
    )
    app = create_app(
        context,
        [http.router, actions_http.router],
        title="Lattice notifier",
        description="Matching engine and opportunity feed.",
        refusals=actions_http.REFUSALS,
    )
    app.state.matching = matching  # the employee's actions assess with the matching's rules
    return Assembly(runtime, app, matching, partitions)


class DigestJob:
    """Every interval, publish the digests of past days (any replica may; claims are row-locked)."""

    def __init__(self, matching: Matching, interval_s: float) -> None:
        self._matching = matching
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self, runtime: Runtime) -> None:
        self._task = asyncio.create_task(self._run(runtime), name="notifier-digests")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self, runtime: Runtime) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await publish_digests(runtime, self._matching)
            except Exception:
                log.exception("notifier.digest_failed")  # retried at the next interval


async def publish_digests(runtime: Runtime, matching: Matching) -> int:
    async with runtime.pool.acquire() as conn, conn.transaction():
        return await handlers.publish_due_digests(
            PostgresNotifierUnitOfWork(conn, runtime.outbox), matching
        )
