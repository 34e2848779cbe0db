"""xAPI statements from an LMS: ``POST /v1/xapi/statements`` (the LMS service account).

One statement or a list; each is taken on its own (its own transaction) and answered in the
result list, so one refused statement does not hold back the rest. Completions go through the same
use case as completions on the LMS topic, with the statement id as the completion id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, status
from lattice_platform.auth import Role, require

from lattice_learning.adapters import xapi
from lattice_learning.entrypoints.http import Context
from lattice_learning.entrypoints.schemas import StatementOutcome, StatementsOutcome
from lattice_learning.metrics import xapi_statements_ignored
from lattice_learning.service_layer import handlers

MAX_STATEMENTS = 100
router = APIRouter(prefix="/v1", tags=["xapi"])


@router.post(
    "/xapi/statements",
    summary="Record xAPI completed/passed statements as completions (the LMS service account).",
    description=f"One statement or a list of at most {MAX_STATEMENTS}; 200 with one result per "
    "statement, in order.",
    dependencies=[require(Role.SERVICE)],
)
async def post_statements(
    context: Context,
    body: Annotated[dict[str, Any] | list[dict[str, Any]], Body()],
) -> StatementsOutcome:
    statements = xapi.statements_of(body)
    if not statements or len(statements) > MAX_STATEMENTS:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"send between 1 and {MAX_STATEMENTS} statements",
        )
    return StatementsOutcome(results=[await _take(context, raw) for raw in statements])


async def _take(context: Context, raw: dict[str, Any]) -> StatementOutcome:
    given = raw.get("id")
    statement_id = given if isinstance(given, str) else None
    try:
        done = xapi.completion(
            raw, activity_prefix=context.settings.xapi_activity_prefix, now=context.clock()
        )
        async with context.unit_of_work() as uow:
            if await uow.catalogue.get(done.item_id) is None:
                raise xapi.RefusedStatementError(
                    f"activity names no catalogue item: {done.item_id}"
                )
            await handlers.lms_completion_reported(
                uow, done.statement_id, done.employee_id, done.item_id, done.completed_at
            )
    except xapi.NotACompletionError as ignored:
        xapi_statements_ignored.labels(verb=ignored.verb[:200]).inc()
        return StatementOutcome(statement_id=statement_id, outcome="ignored", detail=str(ignored))
    except xapi.RefusedStatementError as refused:
        return StatementOutcome(statement_id=statement_id, outcome="refused", detail=str(refused))
    return StatementOutcome(statement_id=done.statement_id, outcome="recorded")
