"""The read side: SQL queries for pages of openings and roles, shaped for whoever reads them.

Employees see the public view only; the confidential part is dropped here, the one place
stored openings are turned into answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import asyncpg
from lattice_platform.db import Connection
from lattice_platform.paging import encode_cursor

from lattice_openings.domain.openings import Status

Json = dict[str, Any]


@dataclass(frozen=True)
class Page:
    items: list[Json]
    next_cursor: str | None


def opening_view(row: asyncpg.Record, *, confidential: bool) -> Json:
    spec: Json = json.loads(row["spec"])
    if not confidential:
        spec.pop("confidential")
    return {"opening_id": row["opening_id"], "status": row["status"], **spec}


async def open_openings(conn: Connection, after: int, limit: int) -> Page:
    rows = await conn.fetch(
        "SELECT seq, opening_id, status, spec FROM openings"
        " WHERE status = 'open' AND seq > $1 ORDER BY seq LIMIT $2",
        after,
        limit + 1,
    )
    return _page(rows, limit, confidential=False)


async def managed_openings(
    conn: Connection, manager_id: str | None, status: Status | None, after: int, limit: int
) -> Page:
    """Openings of one hiring manager (every opening when ``manager_id`` is None), in full."""
    rows = await conn.fetch(
        "SELECT seq, opening_id, status, spec FROM openings"
        " WHERE ($1::text IS NULL OR hiring_manager_id = $1)"
        " AND ($2::text IS NULL OR status = $2) AND seq > $3 ORDER BY seq LIMIT $4",
        manager_id,
        status.value if status else None,
        after,
        limit + 1,
    )
    return _page(rows, limit, confidential=True)


async def opening(conn: Connection, opening_id: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT opening_id, status, hiring_manager_id, spec FROM openings WHERE opening_id = $1",
        opening_id,
    )


async def roles(conn: Connection, after: str, limit: int) -> Page:
    rows = await conn.fetch(
        "SELECT role_id, definition FROM roles WHERE role_id > $1 ORDER BY role_id LIMIT $2",
        after,
        limit + 1,
    )
    items = [json.loads(row["definition"]) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(items, encode_cursor(rows[limit - 1]["role_id"]) if more else None)


async def role(conn: Connection, role_id: str) -> Json | None:
    found = await conn.fetchval("SELECT definition FROM roles WHERE role_id = $1", role_id)
    return json.loads(found) if found is not None else None


def _page(rows: list[asyncpg.Record], limit: int, *, confidential: bool) -> Page:
    items = [opening_view(row, confidential=confidential) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(items, encode_cursor(rows[limit - 1]["seq"]) if more else None)
