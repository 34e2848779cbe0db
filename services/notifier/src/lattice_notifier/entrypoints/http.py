"""The opportunity feed over HTTP. An employee reads their own feed, known from the token; HR
and service accounts read anyone's by id. Everyone else gets 403 on another's feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from lattice_platform.auth import Authenticated, Principal, Role, own_employee_id, require
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.paging import Cursor, Limit, decode_cursor, encode_cursor

from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.entrypoints.schemas import FeedEntry, FeedPage
from lattice_notifier.settings import NotifierSettings

router = APIRouter(prefix="/v1", tags=["feed"])


Context = Annotated[
    ServiceContext[NotifierSettings, PostgresNotifierUnitOfWork], Depends(context_of)
]
IncludeWithdrawn = Annotated[bool, Query(description="Also list withdrawn items, marked.")]


@router.get("/feed", summary="My opportunities, best ranked first.")
async def my_feed(
    context: Context,
    principal: Authenticated,
    *,
    limit: Limit,
    cursor: Cursor = None,
    include_withdrawn: IncludeWithdrawn = False,
) -> FeedPage:
    me = own_employee_id(principal)
    return await _page(context, me, limit, cursor, include_withdrawn)


@router.get(
    "/feed/{employee_id}",
    summary="Anyone's opportunities (HR and service accounts only).",
)
async def feed_of(
    context: Context,
    employee_id: str,
    _: Annotated[Principal, require(Role.HR, Role.SERVICE)],
    *,
    limit: Limit,
    cursor: Cursor = None,
    include_withdrawn: IncludeWithdrawn = False,
) -> FeedPage:
    return await _page(context, employee_id, limit, cursor, include_withdrawn)


async def _page(
    context: Context, employee_id: str, limit: int, cursor: str | None, include_withdrawn: bool
) -> FeedPage:
    async with context.unit_of_work() as uow:
        items = await uow.feed.page(
            employee_id,
            limit=limit,
            after=decode_cursor(cursor, float, str) if cursor else None,
            include_withdrawn=include_withdrawn,
        )
    next_cursor = (
        encode_cursor(items[-1].rank, items[-1].opportunity_id) if len(items) == limit else None
    )
    return FeedPage(items=[FeedEntry.of(i) for i in items], next_cursor=next_cursor)
