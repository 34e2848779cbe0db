"""Wires the notifier: read model, index, consumers, digest job and the HTTP feed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

import structlog
from fastapi import FastAPI
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.heap import LongLivedHeap
from lattice_platform.http import create_app
from lattice_platform.runtime import ConsumerSpec, Runtime

from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import MatchPolicy
from lattice_notifier.entrypoints import actions_http, http
from lattice_notifier.entrypoints.consumers import EmployeeEvents, EmployeePartitions, OpeningEvents
from lattice_notifier.entrypoints.mobility_consumers import MobilityEvents
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Clock, Matching, utc_now
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


def build(settings: NotifierSettings, clock: Clock = utc_now) -> tuple[Runtime, FastAPI]:
    matching = Matching(
        index=MatchIndex(policy_of(settings)),
        partitions=settings.kafka_partitions,
        daily_cap=settings.daily_cap,
        clock=clock,
    )
    digests = DigestJob(matching, settings.digest_interval_s)
    heap = LongLivedHeap()
    runtime: Runtime

    async def load_index(rt: Runtime) -> None:
        async with rt.pool.acquire() as conn:
            uow = PostgresNotifierUnitOfWork(conn, rt.outbox)
            await handlers.load_index(uow, matching, range(matching.partitions))
        # The index is millions of long-lived objects: keep the collector from walking them on
        # every full collection (pauses of hundreds of milliseconds at 100k employees).
        heap.freeze_loaded()
        heap.watch()
        log.info(
            "notifier.index_loaded",
            employees=len(matching.index.employees),
            openings=len(matching.index.openings),
        )

    async def start_digests(rt: Runtime) -> None:
        digests.start(rt)

    partitions = EmployeePartitions(matching, lambda: runtime)
    runtime = Runtime(
        settings=settings,
        migrations=[
            *platform_migrations(),
            *load_migrations(resources.files("lattice_notifier") / "migrations"),
        ],
        consumer_specs=[
            # Both surface pairs of the employees this instance holds: they take turns, so their
            # transactions never deadlock on the same opportunity.
            ConsumerSpec(
                "employees",
                EmployeeEvents(matching).subscriptions(),
                listener=partitions,
                turns="matching",
            ),
            ConsumerSpec(
                "openings",
                OpeningEvents(matching).subscriptions(),
                broadcast=True,
                turns="matching",
            ),
            # Applications' statuses and the catalogue: tables of their own, read by requests.
            ConsumerSpec("mobility", MobilityEvents().subscriptions()),
        ],
        on_started=[load_index, start_digests],
    )
    app = create_app(
        runtime,
        [http.router, actions_http.router],
        title="Lattice notifier",
        description="Matching engine and opportunity feed.",
        refusals=actions_http.REFUSALS,
    )
    app.state.feed_page_max = settings.feed_page_max
    app.state.matching = matching
    app.state.partitions = partitions
    platform_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with platform_lifespan(app):
            try:
                yield
            finally:
                heap.unwatch()
                await digests.stop()

    app.router.lifespan_context = lifespan
    return runtime, app


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
