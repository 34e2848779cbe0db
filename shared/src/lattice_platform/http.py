"""The HTTP face every service shares: the app factory, health and readiness; metrics on their own
port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from lattice_platform.auth import Authenticated, TokenVerifier
from lattice_platform.context import ServiceContext
from lattice_platform.paging import PageSize, document_page_size
from lattice_platform.problems import Refusals, document_problems, install_problem_handlers
from lattice_platform.request_guard import RequestGuard
from lattice_platform.runtime import Runtime
from lattice_platform.telemetry.http import (
    RequestMetrics,
    instrument,
    serving_metrics,
    trace_database_calls,
)
from lattice_platform.telemetry.setup import configure_logging, configure_tracing

health = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str
    problems: dict[str, str] | None = None


UNHEALTHY: dict[int | str, dict[str, Any]] = {
    503: {"model": Health, "description": "Not alive / not ready, with the problems."}
}


@health.get(
    "/health/live",
    summary="The process can do its work (no token needed).",
    response_model=Health,
    responses=UNHEALTHY,
)
async def liveness(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    crashed = runtime.crashed()
    if crashed:  # a task that ended for good (a crashed one is restarted): ask for a restart
        return JSONResponse(
            {"status": "crashed", "problems": crashed}, status.HTTP_503_SERVICE_UNAVAILABLE
        )
    return JSONResponse({"status": "alive"})


@health.get(
    "/health/ready",
    summary="Database and broker reachable (no token needed).",
    response_model=Health,
    responses=UNHEALTHY,
)
async def readiness(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    problems = await runtime.readiness()
    if problems:
        return JSONResponse(
            {"status": "not ready", "problems": problems}, status.HTTP_503_SERVICE_UNAVAILABLE
        )
    return JSONResponse({"status": "ready"})


documentation = APIRouter(include_in_schema=False)


@documentation.get("/openapi.json")
async def openapi_document(request: Request, _caller: Authenticated) -> JSONResponse:
    """The document published under docs/openapi, for any holder of a valid token."""
    return JSONResponse(request.app.openapi())


def operation_id(route: APIRoute) -> str:
    """A route's operationId is its function's name: stable while the code reads the same, and
    unique in a service (the document is refused otherwise)."""
    return route.name


def create_app(
    context: ServiceContext[Any, Any],
    routers: Sequence[APIRouter],
    *,
    title: str,
    description: str,
    refusals: Refusals | None = None,
    body_limits: Mapping[str, int] | None = None,
) -> FastAPI:
    """The service's app; its routes reach ``context`` through :func:`context_of`.
    ``refusals`` maps its domain errors to problems; ``body_limits`` gives paths whose bodies
    may be larger (or must be smaller) than the default."""
    runtime, settings = context.runtime, context.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        configure_tracing(settings)
        trace_database_calls()
        app.state.token_verifier = TokenVerifier(settings)
        async with runtime.running(), serving_metrics(settings.http_host, settings.metrics_port):
            yield

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        contact={"name": "Lattice maintainers"},
        lifespan=lifespan,
        docs_url=None,  # no Swagger UI: `lattice up` serves one from docs/openapi
        redoc_url=None,
        openapi_url=None,  # served by `documentation`, behind a token like every route
        generate_unique_id_function=operation_id,
    )
    app.state.runtime = runtime
    app.state.context = context
    app.include_router(health)
    app.include_router(documentation)
    for router in routers:
        app.include_router(router)
    install_problem_handlers(app, refusals or {})
    app.add_middleware(
        RequestGuard, max_body_bytes=settings.http_max_body_bytes, body_limits=body_limits or {}
    )
    app.add_middleware(RequestMetrics)  # outside the guard: its refusals are counted too
    instrument(app)
    server = _local_server(type(settings).model_fields["http_port"].default)
    app.openapi = _documented(app, context.pages, server)  # type: ignore[method-assign]
    return app


def _check_operation_ids(document: dict[str, Any]) -> None:
    seen: set[str] = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            if operation["operationId"] in seen:
                raise ValueError(f"two routes are named {operation['operationId']}: rename one")
            seen.add(operation["operationId"])


def _tags_of(document: dict[str, Any]) -> list[dict[str, str]]:
    """Every tag an operation is filed under, declared once as OpenAPI asks."""
    used = {
        t for ops in document["paths"].values() for o in ops.values() for t in o.get("tags", [])
    }
    return [{"name": tag} for tag in sorted(used)]


def _local_server(port: int) -> dict[str, str]:
    return {
        "url": f"http://localhost:{port}",
        "description": "`./lattice up` on this machine; in a cluster, the HTTPRoute's host "
        "(deploy/examples/gateway-httproute.yaml)",
    }


def _documented(app: FastAPI, pages: PageSize, server: dict[str, str]) -> Any:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = FastAPI.openapi(app)
            _check_operation_ids(document)
            document["servers"] = [server]
            document["tags"] = _tags_of(document)
            document_problems(document)
            document_page_size(document, pages)
        return app.openapi_schema  # type: ignore[return-value]

    return openapi
