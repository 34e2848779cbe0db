"""Wires the openings service: migrations, runtime and HTTP. Nothing happens at import time."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import Runtime

from lattice_openings.adapters.repository import unit_of_work
from lattice_openings.entrypoints import http
from lattice_openings.settings import OpeningsSettings

MAX_PAGE_SIZE = 100


def runtime_for(settings: OpeningsSettings) -> Runtime:
    migrations = load_migrations(resources.files("lattice_openings") / "migrations")
    return Runtime(settings=settings, migrations=[*platform_migrations(), *migrations])


def build(settings: OpeningsSettings) -> tuple[Runtime, FastAPI]:
    runtime = runtime_for(settings)
    context = ServiceContext(
        runtime,
        settings,
        unit_of_work,
        PageSize(default=settings.default_page_size, maximum=MAX_PAGE_SIZE),
    )
    app = create_app(
        context,
        [http.roles, http.openings],
        title="Lattice openings",
        description="The job architecture (roles, career paths) and openings, draft to filled.",
        refusals=http.REFUSALS,
        body_limits={http.BULK_PATH: http.MAX_BULK_BYTES},
    )
    return runtime, app
