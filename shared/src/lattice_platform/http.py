"""The HTTP face every service shares: the app factory, health, readiness and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from lattice_platform.auth import Role, TokenVerifier, require
from lattice_platform.runtime import Runtime
from lattice_platform.telemetry.setup import configure_logging, configure_tracing

health = APIRouter(tags=["operations"])


@health.get("/health/live", summary="The process can do its work (no token needed).")
async def live(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    crashed = runtime.crashed()
    if crashed:  # a task that ended for good (a crashed one is restarted): ask for a restart
        return JSONResponse(
            {"status": "crashed", "problems": crashed}, status.HTTP_503_SERVICE_UNAVAILABLE
        )
    return JSONResponse({"status": "alive"})


@health.get("/health/ready", summary="Database and broker reachable (no token needed).")
async def ready(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    problems = await runtime.readiness()
    if problems:
        return JSONResponse(
            {"status": "not ready", "problems": problems}, status.HTTP_503_SERVICE_UNAVAILABLE
        )
    return JSONResponse({"status": "ready"})


@health.get(
    "/metrics",
    summary="Prometheus metrics (service token).",
    dependencies=[require(Role.SERVICE, Role.HR)],
)
async def prometheus_metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def create_app(
    runtime: Runtime, routers: Sequence[APIRouter], *, title: str, description: str
) -> FastAPI:
    settings = runtime.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        configure_tracing(settings)
        app.state.token_verifier = TokenVerifier(settings)
        async with runtime.running():
            yield

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # every endpoint but health needs a token: docs are published
        redoc_url=None,  # under docs/ and served by `lattice up`, not by the services
        openapi_url=None,
    )
    app.state.runtime = runtime
    app.include_router(health)
    for router in routers:
        app.include_router(router)
    return app
