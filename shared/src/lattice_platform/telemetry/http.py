"""The HTTP edge's telemetry, the same in every service: a span per request (continuing an
incoming ``traceparent``) and per database call, from OpenTelemetry's own instrumentations, and
RED metrics per route template for Prometheus."""

from __future__ import annotations

import time

from fastapi import FastAPI
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lattice_platform.telemetry import metrics

UNTRACED_PATHS = "/health/live,/health/ready,/metrics"
"""Probes and scrapes: polled every few seconds, no span for them (regexes, as the instrumentation
reads them)."""

UNMATCHED_ROUTE = "unmatched"
"""The route label of a request no route matched: raw paths would make the label unbounded."""


def instrument(app: FastAPI) -> None:
    """Spans for the app's requests and for every asyncpg call of the process. Without an SDK
    tracer provider the spans are not recorded, but an incoming ``traceparent`` still becomes the
    current context, so the events a request writes to the outbox continue the caller's trace."""
    FastAPIInstrumentor.instrument_app(app, excluded_urls=UNTRACED_PATHS)
    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]  # untyped upstream
    if not instrumentor.is_instrumented_by_opentelemetry:  # it patches asyncpg, once a process
        instrumentor.instrument()


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
            labels = (route, scope["method"])
            metrics.http_requests.labels(*labels, str(status)).inc()
            metrics.http_request_duration.labels(*labels).observe(time.perf_counter() - started)
