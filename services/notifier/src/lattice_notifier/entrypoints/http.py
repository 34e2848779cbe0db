"""The opportunity feed over HTTP. An employee reads their own feed, known from the token; HR
and service accounts read anyone's by id. Everyone else gets 403 on another's feed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from lattice_platform.auth import Authenticated, Principal, Role, require
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.events import ApplicationStatus
from lattice_platform.paging import Cursor, decode_cursor, encode_cursor
from lattice_platform.runtime import Runtime
from pydantic import BaseModel, Field

from lattice_notifier.adapters.repository import FeedItem, PostgresNotifierUnitOfWork
from lattice_notifier.domain.actions import candidate_status

router = APIRouter(prefix="/v1", tags=["feed"])


class FeedEntry(BaseModel):
    opportunity_id: str
    opening_id: str
    title: str
    kind: str
    temporary_kind: str | None
    status: str = Field(description="active, or withdrawn (listed only with include_withdrawn).")
    delivery: str = Field(description="notified, or digest when held back by the daily cap.")
    surfaced_at: datetime
    withdrawn_at: datetime | None
    withdraw_reason: str | None = Field(
        description="Why it left the feed: dismissed, when you did."
    )
    explanation: ev.Explanation
    state: str = Field(description="new, saved, dismissed, interested or interest_withdrawn.")
    application: str | None = Field(
        description="Your application's status, in courteous words (e.g. invited to apply, "
        "shortlisted, not progressing); null when there is none."
    )


class FeedPage(BaseModel):
    items: list[FeedEntry]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


Limit = Annotated[int, Query(ge=1, description="Page size; capped by the service.")]
IncludeWithdrawn = Annotated[bool, Query(description="Also list withdrawn items, marked.")]


@router.get("/feed", summary="My opportunities, best ranked first.")
async def my_feed(
    request: Request,
    principal: Authenticated,
    *,
    limit: Limit = 20,
    cursor: Cursor = None,
    include_withdrawn: IncludeWithdrawn = False,
) -> FeedPage:
    if principal.employee_id is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="this token names no employee; service accounts use /v1/feed/{employee_id}",
        )
    return await _page(request, principal.employee_id, limit, cursor, include_withdrawn)


@router.get(
    "/feed/{employee_id}",
    summary="Anyone's opportunities (HR and service accounts only).",
)
async def feed_of(
    request: Request,
    employee_id: str,
    _: Annotated[Principal, require(Role.HR, Role.SERVICE)],
    *,
    limit: Limit = 20,
    cursor: Cursor = None,
    include_withdrawn: IncludeWithdrawn = False,
) -> FeedPage:
    return await _page(request, employee_id, limit, cursor, include_withdrawn)


async def _page(
    request: Request, employee_id: str, limit: int, cursor: str | None, include_withdrawn: bool
) -> FeedPage:
    runtime: Runtime = request.app.state.runtime
    limit = min(limit, request.app.state.feed_page_max)
    async with runtime.pool.acquire() as conn:
        items = await PostgresNotifierUnitOfWork(conn, runtime.outbox).feed.page(
            employee_id,
            limit=limit,
            after=decode_cursor(cursor, float, str) if cursor else None,
            include_withdrawn=include_withdrawn,
        )
    next_cursor = (
        encode_cursor(items[-1].rank, items[-1].opportunity_id) if len(items) == limit else None
    )
    return FeedPage(items=[_entry(i) for i in items], next_cursor=next_cursor)


def _entry(item: FeedItem) -> FeedEntry:
    return FeedEntry(
        opportunity_id=item.opportunity_id,
        opening_id=item.opening_id,
        title=item.title,
        kind=item.kind,
        temporary_kind=item.temporary_kind,
        status=item.status,
        delivery=item.delivery,
        surfaced_at=item.surfaced_at,
        withdrawn_at=item.withdrawn_at,
        withdraw_reason=item.withdraw_reason,
        explanation=item.explanation,
        state=item.state,
        application=candidate_status(ApplicationStatus(item.application))
        if item.application
        else None,
    )
