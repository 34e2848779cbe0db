"""Wires the openings service: migrations, consumers, the deadline job and HTTP. Nothing happens
at import time."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform.clock import Clock
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.runtime import ConsumerSpec, Periodic, Runtime
from lattice_platform.settings import ServiceSettings
from lattice_platform.skills import load_taxonomy

from lattice_openings.domain.releases import ReleasePolicy
from lattice_openings.entrypoints import applications_http, consumers, http
from lattice_openings.settings import OpeningsSettings


def runtime_for(settings: OpeningsSettings, clock: Clock | None = None) -> Runtime:
    migrations = load_migrations(resources.files("lattice_openings") / "migrations")
    clock = clock or Clock(movable=settings.dev_clock)

    async def deadlines(runtime: Runtime) -> None:
        await applications_http.pass_deadlines(runtime, clock)

    return Runtime(
        settings=settings,
        migrations=[*platform_migrations(), *migrations],
        consumer_specs=[ConsumerSpec("events", consumers.subscriptions())],
        periodic=[Periodic("deadlines", settings.deadline_check_interval_s, deadlines)],
    )


def build(settings: ServiceSettings) -> tuple[Runtime, FastAPI]:
    if not isinstance(settings, OpeningsSettings):
        raise TypeError("the openings service needs OpeningsSettings")
    clock = Clock(movable=settings.dev_clock)
    runtime = runtime_for(settings, clock)
    app = create_app(
        runtime,
        [http.roles, http.openings, applications_http.router, applications_http.dev],
        title="Lattice openings",
        description="The job architecture (roles, career paths), openings draft to filled, and "
        "filling them: candidates, release requests, placements.",
        refusals={**http.REFUSALS, **applications_http.REFUSALS},
        body_limits={http.BULK_PATH: http.MAX_BULK_BYTES},
    )
    app.state.taxonomy = load_taxonomy()
    app.state.clock = clock
    app.state.release_policy = ReleasePolicy(
        working_days=settings.release_working_days,
        permanent_moves=settings.release_permanent_moves,
    )
    return runtime, app
