"""Wires the webhooks service: migrations, the consumer of the suite's topics, the delivery
worker and the HTTP API. Nothing runs at import."""

from __future__ import annotations

import random
import ssl
from datetime import timedelta
from importlib import resources

import httpx
import structlog
from fastapi import FastAPI
from lattice_platform.context import ServiceContext
from lattice_platform.contracts.topics import RETENTION
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
GAUGE_EVERY_S = 15.0
DEAD_LETTER_RETENTION = RETENTION
"""Dead letters carry employee ids: kept as long as the topics' dead letters, then purged."""


class DeliveryWorker:
    """Delivers what is due, every poll interval; a round goes on while full batches are due.
    Each round has its own HTTP client, so a round cut short by a stop leaves nothing open
    (what it had claimed is tried again once its lease is over)."""

    def __init__(self, settings: WebhooksSettings) -> None:
        self._settings = settings
        self._policy = RetryPolicy(
            settings.max_attempts, settings.first_retry_s, settings.longest_retry_s
        )
        self._tls = ssl.create_default_context()  # loaded once; a client per round is cheap

    async def deliver(self, runtime: Runtime) -> None:
        s = self._settings
        queue = PostgresDeliveryQueue(runtime.pool)
        async with httpx.AsyncClient(
            verify=self._tls, timeout=s.timeout_s, follow_redirects=False, trust_env=False
        ) as client:
            send = HttpSender(client)
            while (
                await handlers.deliver_due(
                    queue,
                    send,
                    self._policy,
                    batch=s.batch_size,
                    lease_s=s.lease_s,
                    jitter=random.random,
                )
                == s.batch_size
            ):
                pass

    async def refresh_gauges(self, runtime: Runtime) -> None:
        await PostgresDeliveryQueue(runtime.pool).refresh_gauges()

    async def purge(self, runtime: Runtime) -> None:
        delivered = timedelta(days=self._settings.delivered_retention_days)
        purged = await PostgresDeliveryQueue(runtime.pool).purge(delivered, DEAD_LETTER_RETENTION)
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
        periodic=[
            Periodic("deliveries", settings.poll_interval_s, worker.deliver),
            Periodic("gauges", GAUGE_EVERY_S, worker.refresh_gauges),
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
