"""Wires the learning service: migrations, consumers and the HTTP API. Nothing runs at import."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Runtime

from lattice_learning.adapters.repository import PostgresLearningUnitOfWork
from lattice_learning.entrypoints import consumers, http, xapi
from lattice_learning.service_layer.handlers import PairingPolicy
from lattice_learning.settings import LearningSettings


def build(settings: LearningSettings) -> tuple[Runtime, FastAPI]:
    policy = PairingPolicy(capacity=settings.mentor_capacity, per_goal=settings.mentors_per_goal)
    runtime = Runtime(
        settings=settings,
        migrations=[
            *platform_migrations(),
            *load_migrations(resources.files("lattice_learning") / "migrations"),
        ],
        consumer_specs=[ConsumerSpec("events", consumers.subscriptions(policy))],
    )
    context = ServiceContext(
        runtime,
        settings,
        PostgresLearningUnitOfWork.begin,
        PageSize(default=20, maximum=settings.max_page_size),
    )
    app = create_app(
        context,
        [http.router, xapi.router],
        title="Lattice learning",
        description="Development catalogue, enrolments, completions, recommendations, mentoring.",
        refusals=http.REFUSALS,
    )
    return runtime, app
