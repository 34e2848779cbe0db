"""Wires the openings service: migrations, consumers, the deadline job and HTTP. Nothing happens
at import time."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform.clock import Clock, MovableClock, utc_now
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Periodic, Runtime

from lattice_openings.adapters.repository import unit_of_work
from lattice_openings.entrypoints import applications_http, consumers, http
from lattice_openings.settings import OpeningsSettings

MAX_PAGE_SIZE = 100


def runtime_for(settings: OpeningsSettings, clock: Clock = utc_now) -> Runtime:
    migrations = load_migrations(resources.files("lattice_openings") / "migrations")

    async def deadlines(runtime: Runtime) -> None:
        await applications_http.pass_deadlines(runtime, clock)

    return Runtime(
        settings=settings,
        migrations=[*platform_migrations(), *migrations],
        consumer_specs=[ConsumerSpec("events", consumers.subscriptions())],
        periodic=[Periodic("deadlines", settings.deadline_check_interval_s, deadlines)],
    )


def build(settings: OpeningsSettings) -> tuple[Runtime, FastAPI]:
    clock = MovableClock(movable=settings.dev_clock)
    runtime = runtime_for(settings, clock)
    context = ServiceContext(
        runtime,
        settings,
        unit_of_work,
        PageSize(default=settings.default_page_size, maximum=MAX_PAGE_SIZE),
        clock=clock,
    )
    app = create_app(
        context,
        [http.roles, http.openings, applications_http.router, applications_http.dev],
        title="Lattice openings",
        description="The job architecture (roles, career paths), openings draft to filled, and "
        "filling them: candidates, release requests, placements.",
        refusals={**http.REFUSALS, **applications_http.REFUSALS},
        body_limits={http.BULK_PATH: http.MAX_BULK_BYTES},
    )
    return runtime, app
