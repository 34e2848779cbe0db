"""Wires the profile service: migrations, consumers, HTTP routes. Nothing runs at import time."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform import db
from lattice_platform.context import ServiceContext
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.skills import load_taxonomy

from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.adapters.scim import ScimError
from lattice_profile.entrypoints import http, scim, webhook
from lattice_profile.entrypoints.consumers import subscriptions
from lattice_profile.settings import ProfileSettings


def build_runtime(settings: ProfileSettings) -> Runtime:
    return Runtime(
        settings=settings,
        migrations=[
            *db.platform_migrations(),
            *db.load_migrations(resources.files("lattice_profile") / "migrations"),
        ],
        consumer_specs=[ConsumerSpec("inbound", subscriptions(settings, load_taxonomy()))],
    )


def build(settings: ProfileSettings) -> tuple[Runtime, FastAPI]:
    runtime = build_runtime(settings)
    context = ServiceContext(
        runtime,
        settings,
        PostgresProfileUnitOfWork.begin,
        PageSize(default=50, maximum=200),
    )
    app = create_app(
        context,
        [http.router, webhook.router, scim.router],
        title="Lattice profile",
        description="Employees, skills, career goals and privacy; HRIS ingestion.",
        refusals={**http.REFUSALS, **webhook.REFUSALS},
        body_limits={webhook.PATH: webhook.MAX_BODY_BYTES},
    )
    app.add_exception_handler(ScimError, scim.error_response)  # SCIM's error format, not 9457
    return runtime, app
