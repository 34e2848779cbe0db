"""The HTTP edge's telemetry, the same in every service: a span per request (continuing an
incoming ``traceparent``) and, when spans are recorded, per database call, from OpenTelemetry's
own instrumentations, and RED metrics per route template for Prometheus."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from prometheus_client import start_http_server
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lattice_platform.telemetry import metrics

UNTRACED_PATHS = "/health/live,/health/ready"
"""Probes: polled every few seconds, no span for them (regexes, as the instrumentation
reads them)."""

UNMATCHED_ROUTE = "unmatched"
"""The route label of a request no route matched: raw paths would make the label unbounded."""

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods labelled as they are; any other a client invents is labelled ``other``."""


def instrument(app: FastAPI) -> None:
    """Spans for the app's requests. Without an SDK tracer provider they are not recorded, but
    an incoming ``traceparent`` still becomes the current context, so the events a request writes
    to the outbox continue the caller's trace."""
    FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED_PATHS)


def trace_database_calls() -> bool:
    """A span for every asyncpg call of the process, once the process records spans; says
    whether asyncpg is instrumented. Run after the tracer provider is set (in the lifespan).

    Without an SDK tracer provider, or with one that samples nothing, asyncpg is left alone: the
    instrumentation's wrapper would still build each call's attributes and a span nobody
    records, about as much CPU as a simple statement itself (``bench.db_tracing``). The context
    is the same either way: a database call's span is never the parent of anything."""
    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]  # untyped upstream
    if instrumentor.is_instrumented_by_opentelemetry:  # it patches asyncpg, once a process
        return True
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider) or provider.sampler is ALWAYS_OFF:
        return False
    instrumentor.instrument()
    return True


class RequestMetrics:
    """ASGI middleware counting requests and timing them by route template, method and status
    (``lattice_http_requests_total``, ``lattice_http_request_duration_seconds``). The ``service``
    label is Prometheus's: the Kubernetes Service it scraped (one emitted here would collide
    with it and be renamed ``exported_service``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaped the app

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = getattr(scope.get("route"), "path", UNMATCHED_ROUTE)
            method = scope["method"] if scope["method"] in METHODS else "other"
            labels = (route, method)
            metrics.http_requests.labels(*labels, str(status)).inc()
            metrics.http_request_duration.labels(*labels).observe(time.perf_counter() - started)


@asynccontextmanager
async def serving_metrics(host: str, port: int | None) -> AsyncIterator[None]:
    """While open, Prometheus's own exporter serves the process's metrics on ``port`` (any path,
    ``/metrics`` included), with no token: in Kubernetes a NetworkPolicy lets only the monitoring
    namespace reach it. It runs in a thread of its own, so a busy event loop does not delay a
    scrape. Nothing is served when ``port`` is None."""
    if port is None:
        yield
        return
    server, thread = start_http_server(port, host)
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        await asyncio.to_thread(thread.join)
