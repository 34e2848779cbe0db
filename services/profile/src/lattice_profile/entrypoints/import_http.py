"""Bulk onboarding over HTTP (HR): the CSV file of ``lattice-profile import-employees``, a part
at a time, each part applied in one transaction and answered with its rejected rows."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from lattice_platform import problems
from lattice_platform.auth import Role, require
from lattice_platform.context import ServiceContext, context_of
from pydantic import BaseModel, Field

from lattice_profile.adapters.employee_csv import (
    MissingColumnsError,
    Rejection,
    read_employee_lines,
)
from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.service_layer import handlers
from lattice_profile.settings import ProfileSettings

PATH = "/v1/employees:import"
MAX_BODY_BYTES = 4 * 1024 * 1024  # the default batch of 2000 rows is well under 1 MiB

Context = Annotated[ServiceContext[ProfileSettings, PostgresProfileUnitOfWork], Depends(context_of)]
router = APIRouter(
    prefix="/v1",
    tags=["onboarding"],
    dependencies=[require(Role.HR)],
    responses=problems.problem_responses(413, 422),
)


class RejectedRow(BaseModel):
    line: int = Field(description="The row's line in the part sent (the header is line 1).")
    employee_id: str
    reason: str


class ImportOut(BaseModel):
    rows: int = Field(description="Data rows in the part.")
    applied: int = Field(description="Employees created or changed, each published.")
    skipped: int = Field(description="Rows whose change (or a newer one) was already applied.")
    ignored: int = Field(description="Rows about an erased employee: nothing of them is kept.")
    rejected: list[RejectedRow]


@router.post(
    PATH.removeprefix("/v1"),
    summary="Onboard employees from CSV (HR): the bulk import's columns, in one transaction.",
    description=f"At most LATTICE_PROFILE_IMPORT_BATCH_SIZE rows and {MAX_BODY_BYTES} bytes "
    "(413 beyond); send a larger file in parts, each with the header row.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
async def import_employees(request: Request, context: Context) -> ImportOut:
    body = await request.body()
    try:
        entries = list(read_employee_lines(io.StringIO(body.decode("utf-8")), context.clock()))
    except (UnicodeDecodeError, MissingColumnsError) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    limit = context.settings.import_batch_size
    if len(entries) > limit:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE, f"send at most {limit} rows a request"
        )
    rejected = [e for e in entries if isinstance(e, Rejection)]
    records = [e for e in entries if not isinstance(e, Rejection)]
    async with context.unit_of_work() as uow:
        outcome = await handlers.import_employment(
            uow, records, discoverable_by_default=context.settings.default_discoverable
        )
    return ImportOut(
        rows=len(entries),
        applied=outcome.applied,
        skipped=len(outcome.stale),
        ignored=len(outcome.erased),
        rejected=[
            RejectedRow(line=r.line, employee_id=r.employee_id, reason=r.reason) for r in rejected
        ],
    )
