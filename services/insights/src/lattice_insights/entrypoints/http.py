"""The figures over HTTP, for HR and service accounts only (anyone else: 403).

Every figure is a table: JSON ``{"items": [...]}`` by default, CSV (one header line, then a line
per item) with ``?format=csv`` or ``Accept: text/csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from lattice_platform.auth import Role, require
from lattice_platform.context import ServiceContext, context_of
from pydantic import BaseModel

from lattice_insights.adapters.repository import PostgresFacts
from lattice_insights.domain import figures
from lattice_insights.domain.facts import Stage
from lattice_insights.entrypoints.schemas import (
    DepartmentReleasesRow,
    FillRateRow,
    FunnelRow,
    LearningPathRow,
    ManagerReleasesRow,
    Table,
    TimeToFillRow,
)
from lattice_insights.service_layer import handlers
from lattice_insights.settings import InsightsSettings

CSV = "text/csv"
RATE_DIGITS = 4

Format = Annotated[
    Literal["json", "csv"] | None,
    Query(description="csv for a CSV table; otherwise the Accept header decides (JSON default)."),
]
By = Annotated[
    list[figures.Dimension] | None,
    Query(description="Group by these, in this order (repeat the parameter); none: one row."),
]

Context = Annotated[ServiceContext[InsightsSettings, PostgresFacts], Depends(context_of)]


router = APIRouter(
    prefix="/v1/figures",
    tags=["figures"],
    dependencies=[require(Role.HR, Role.SERVICE)],
    responses={200: {"content": {CSV: {"schema": {"type": "string"}}}}},
)


@router.get(
    "/fill-rate",
    summary="Internal fill rate: internal fills / all fills, by month, department, kind.",
    response_model=Table[FillRateRow],
)
async def fill_rate(
    request: Request, context: Context, by: By = None, format: Format = None
) -> Response:
    dimensions = _dimensions(by)
    async with context.unit_of_work() as facts:
        rates = await handlers.fill_rates(facts, dimensions)
    rows = [
        FillRateRow(
            **dict(r.group),
            internal_fills=r.internal_fills,
            external_fills=r.external_fills,
            fills=r.fills,
            internal_fill_rate=_rate(r.internal_fill_rate),
        )
        for r in rates
    ]
    return _table(request, rows, format, omit=_unasked(dimensions))


@router.get(
    "/time-to-fill",
    summary="Days from posted to filled, p50 and p90, by month, department, kind.",
    response_model=Table[TimeToFillRow],
)
async def time_to_fill(
    request: Request, context: Context, by: By = None, format: Format = None
) -> Response:
    dimensions = _dimensions(by)
    async with context.unit_of_work() as facts:
        times = await handlers.time_to_fill(facts, dimensions)
    rows = [
        TimeToFillRow(**dict(t.group), fills=t.fills, p50_days=t.p50_days, p90_days=t.p90_days)
        for t in times
    ]
    return _table(request, rows, format, omit=_unasked(dimensions))


@router.get(
    "/funnel",
    summary="The funnel of every opening together: surfaced to placed, with conversion rates.",
    response_model=Table[FunnelRow],
)
async def funnel(request: Request, context: Context, format: Format = None) -> Response:
    async with context.unit_of_work() as facts:
        overall = await handlers.overall_funnel(facts)
    row = _funnel_row(overall)
    return _table(request, [row], format, omit={"opening_id", "title", "department", "kind"})


@router.get(
    "/funnel/openings",
    summary="The funnel of each opening, in opening id order.",
    response_model=Table[FunnelRow],
)
async def opening_funnels(request: Request, context: Context, format: Format = None) -> Response:
    async with context.unit_of_work() as facts:
        each = await handlers.funnels(facts)
    rows = [
        _funnel_row(
            f.funnel,
            opening_id=f.opening.opening_id,
            title=f.opening.title,
            department=f.opening.department,
            kind=f.opening.kind.value if f.opening.kind else None,
        )
        for f in each
    ]
    return _table(request, rows, format)


@router.get(
    "/releases/managers",
    summary="Releases approved, declined, automatic and pending per current manager; talent "
    "given and received.",
    response_model=Table[ManagerReleasesRow],
)
async def manager_releases(request: Request, context: Context, format: Format = None) -> Response:
    async with context.unit_of_work() as facts:
        tallies = await handlers.releases_by_manager(facts)
    rows = [ManagerReleasesRow(manager_id=m, **vars(r)) for m, r in tallies.items()]
    return _table(request, rows, format)


@router.get(
    "/releases/departments",
    summary="Releases of each department's people; talent given to and received from others.",
    response_model=Table[DepartmentReleasesRow],
)
async def department_releases(
    request: Request, context: Context, format: Format = None
) -> Response:
    async with context.unit_of_work() as facts:
        tallies = await handlers.releases_by_department(facts)
    rows = [DepartmentReleasesRow(department=d, **vars(r)) for d, r in tallies.items()]
    return _table(request, rows, format)


@router.get(
    "/near-miss-to-placement",
    summary="Near miss, then learning completed, then placed: how many employees took each step.",
    response_model=Table[LearningPathRow],
)
async def near_miss_to_placement(
    request: Request, context: Context, format: Format = None
) -> Response:
    async with context.unit_of_work() as facts:
        path = await handlers.learning_path(facts)
    row = LearningPathRow(
        near_missed=path.near_missed,
        learned=path.learned,
        placed=path.placed,
        learned_rate=_rate(path.learned_rate),
        placed_rate=_rate(path.placed_rate),
    )
    return _table(request, [row], format)


def _funnel_row(funnel: figures.Funnel, **opening: Any) -> FunnelRow:
    counts = {stage.label: funnel.reached[stage] for stage in Stage}
    rates = {
        f"{stage.label}_rate": _rate(funnel.rate(stage))
        for stage in Stage
        if stage > Stage.SURFACED
    }
    return FunnelRow(**opening, **counts, **rates)


def _table(
    request: Request,
    rows: Sequence[BaseModel],
    format: str | None,
    omit: set[str] | frozenset[str] = frozenset(),
) -> Response:
    items = [row.model_dump(mode="json", exclude=set(omit)) for row in rows]
    if not _wants_csv(request, format):
        return JSONResponse({"items": items})
    if not rows:
        return Response("", media_type=CSV)
    columns = [c for c in type(rows[0]).model_fields if c not in omit]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(items)
    return Response(out.getvalue(), media_type=CSV)


def _wants_csv(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "csv"
    accepted = [part.split(";")[0].strip() for part in request.headers.get("accept", "").split(",")]
    return CSV in accepted and "application/json" not in accepted


def _dimensions(by: list[figures.Dimension] | None) -> list[figures.Dimension]:
    return list(dict.fromkeys(by or ()))


def _unasked(dimensions: Sequence[figures.Dimension]) -> set[str]:
    return {d.value for d in figures.Dimension if d not in dimensions}


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, RATE_DIGITS)
