"""Wires the insights service: migrations, consumers, the gauges and the HTTP API. Nothing runs
at import."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Periodic, Runtime

from lattice_insights import metrics
from lattice_insights.adapters.repository import reading
from lattice_insights.entrypoints import consumers, dead_letters_http, http
from lattice_insights.settings import InsightsSettings

PAGE_SIZE = 100
"""The figures are whole tables, not paged; the context still states a page size."""


async def refresh_gauges(runtime: Runtime) -> None:
    async with reading(runtime.pool) as facts:
        await metrics.refresh(facts)


def build(settings: InsightsSettings) -> tuple[Runtime, FastAPI]:
    runtime = Runtime(
        settings=settings,
        migrations=[
            *platform_migrations(),
            *load_migrations(resources.files("lattice_insights") / "migrations"),
        ],
        consumer_specs=[ConsumerSpec("events", consumers.subscriptions())],
        periodic=[Periodic("gauges", settings.gauge_interval_s, refresh_gauges)],
    )
    context = ServiceContext(
        runtime, settings, lambda pool, _outbox: reading(pool), PageSize(PAGE_SIZE, PAGE_SIZE)
    )
    app = create_app(
        context,
        [http.router, dead_letters_http.router],
        title="Lattice insights",
        description="The internal-mobility figures, built from the suite's events: internal fill "
        "rate, time to fill, the funnel, releases, near miss to placement.",
    )
    return runtime, app
