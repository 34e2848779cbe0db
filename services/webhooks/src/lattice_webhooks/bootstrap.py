"""Wires the webhooks service: migrations, the consumer of the suite's topics, the delivery
worker and the HTTP API. Nothing runs at import."""

from __future__ import annotations

import random
from datetime import timedelta
from importlib import resources

import httpx
import structlog
from fastapi import FastAPI
from lattice_platform.context import ServiceContext
from lattice_platform.db import load_migrations, platform_migrations
from lattice_platform.http import create_app
from lattice_platform.paging import PageSize
from lattice_platform.runtime import ConsumerSpec, Periodic, Runtime

from lattice_webhooks.adapters.repository import PostgresDeliveryQueue, PostgresWebhooksUnitOfWork
from lattice_webhooks.adapters.sender import HttpSender
from lattice_webhooks.domain.subscriptions import RetryPolicy
from lattice_webhooks.entrypoints import consumers, http
from lattice_webhooks.service_layer import handlers
from lattice_webhooks.settings import WebhooksSettings

log = structlog.get_logger(__name__)

PAGE_SIZE = PageSize(50, 200)
PURGE_EVERY_S = 3600.0


class DeliveryWorker:
    """Delivers what is due, every poll interval, on an HTTP client opened and closed with the
    runtime; a round goes on while full batches are due."""

    def __init__(self, settings: WebhooksSettings) -> None:
        self._settings = settings
        self._policy = RetryPolicy(
            settings.max_attempts, settings.first_retry_s, settings.longest_retry_s
        )
        self._client: httpx.AsyncClient | None = None

    async def open(self, _runtime: Runtime) -> None:
        self._client = httpx.AsyncClient(
            timeout=self._settings.timeout_s, follow_redirects=False, trust_env=False
        )

    async def close(self, _runtime: Runtime) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def deliver(self, runtime: Runtime) -> None:
        if self._client is None:
            raise RuntimeError("the delivery worker is not open")
        queue, send = PostgresDeliveryQueue(runtime.pool), HttpSender(self._client)
        batch = self._settings.batch_size
        while (
            await handlers.deliver_due(
                queue,
                send,
                self._policy,
                batch=batch,
                lease_s=self._settings.lease_s,
                jitter=random.random,
            )
            == batch
        ):
            pass

    async def purge(self, runtime: Runtime) -> None:
        retention = timedelta(days=self._settings.delivered_retention_days)
        purged = await PostgresDeliveryQueue(runtime.pool).purge_delivered(retention)
        if purged:
            log.info("webhook.deliveries_purged", rows=purged)


def build(settings: WebhooksSettings) -> tuple[Runtime, FastAPI]:
    worker = DeliveryWorker(settings)
    runtime = Runtime(
        settings=settings,
        migrations=[
            *platform_migrations(),
            *load_migrations(resources.files("lattice_webhooks") / "migrations"),
        ],
        consumer_specs=[ConsumerSpec("events", consumers.subscriptions())],
        on_started=[worker.open],
        on_stopping=[worker.close],
        periodic=[
            Periodic("deliveries", settings.poll_interval_s, worker.deliver),
            Periodic("purge-delivered", PURGE_EVERY_S, worker.purge),
        ],
    )
    context = ServiceContext(runtime, settings, PostgresWebhooksUnitOfWork.begin, PAGE_SIZE)
    app = create_app(
        context,
        [http.router],
        title="Lattice webhooks",
        description="Signed webhooks (Standard Webhooks) of the suite's events, for systems "
        "that do not read Kafka: subscriptions per event type, scoped, retried, with dead "
        "letters that can be replayed.",
        refusals=http.REFUSALS,
    )
    return runtime, app
