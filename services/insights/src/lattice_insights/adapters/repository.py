"""The facts in PostgreSQL (migrations/0001_mobility_facts.sql), on the unit of work's
connection: the transaction a consumed event is handled in, or a read-only one for the figures."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
from lattice_platform.db import Connection
from lattice_platform.messaging.consumer import Delivery

from lattice_insights.adapters import figures_sql
from lattice_insights.domain import figures
from lattice_insights.domain.facts import (
    Completion,
    NearMiss,
    Opening,
    Outcome,
    Placement,
    Progress,
    Release,
)

_DETAILS = ("title", "kind", "department", "hiring_manager_id")
_NEWER = "EXCLUDED.details_at >= coalesce(openings.details_at, '-infinity')"
_NOTE_OPENING = (
    "INSERT INTO openings (opening_id, title, kind, department, hiring_manager_id, posted_at,"
    " details_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (opening_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = CASE WHEN {_NEWER} THEN coalesce(EXCLUDED.{c}, openings.{c})"
        f" ELSE coalesce(openings.{c}, EXCLUDED.{c}) END"
        for c in _DETAILS
    )
    + ", posted_at = coalesce(openings.posted_at, EXCLUDED.posted_at)"
    ", details_at = greatest(openings.details_at, EXCLUDED.details_at)"
)
"""Details as of a time (the opening's own events) replace older ones; details as of no time
(other events that name the opening) only fill what is not known."""


class PostgresFacts:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def note_opening(self, opening: Opening, as_of: datetime | None) -> None:
        await self._conn.execute(
            _NOTE_OPENING,
            opening.opening_id,
            opening.title,
            opening.kind.value if opening.kind else None,
            opening.department,
            opening.hiring_manager_id,
            opening.posted_at,
            as_of,
        )

    async def close_opening(self, opening_id: str, outcome: Outcome, closed_at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO openings (opening_id, outcome, closed_at) VALUES ($1, $2, $3)"
            " ON CONFLICT (opening_id) DO UPDATE"
            " SET outcome = EXCLUDED.outcome, closed_at = EXCLUDED.closed_at",
            opening_id,
            outcome.value,
            closed_at,
        )

    async def reach(self, progress: Progress) -> None:
        await self._conn.execute(
            "INSERT INTO progress (opening_id, employee_id, stage, reached_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            progress.opening_id,
            progress.employee_id,
            int(progress.stage),
            progress.at,
        )

    async def ask_release(self, release: Release) -> None:
        await self._put_release(release, "ON CONFLICT DO NOTHING")

    async def decide_release(self, release: Release) -> None:
        await self._put_release(
            release, "ON CONFLICT (request_id) DO UPDATE SET outcome = EXCLUDED.outcome"
        )

    async def end_release(self, opening_id: str, employee_id: str) -> None:
        await self._conn.execute(
            "UPDATE releases SET moot = true"
            " WHERE opening_id = $1 AND employee_id = $2 AND outcome IS NULL",
            opening_id,
            employee_id,
        )

    async def _put_release(self, release: Release, on_conflict: str) -> None:
        await self._conn.execute(
            "INSERT INTO releases (request_id, opening_id, employee_id, manager_id, department,"
            f" outcome) VALUES ($1, $2, $3, $4, $5, $6) {on_conflict}",
            release.request_id,
            release.opening_id,
            release.employee_id,
            release.manager_id,
            release.department,
            release.outcome.value if release.outcome else None,
        )

    async def place(self, placement: Placement) -> None:
        await self._conn.execute(
            "INSERT INTO placements (placement_id, employee_id, opening_id, department,"
            " from_department, placed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            placement.placement_id,
            placement.employee_id,
            placement.opening_id,
            placement.department,
            placement.from_department,
            placement.placed_at,
        )

    async def near_miss(self, miss: NearMiss) -> None:
        await self._conn.execute(
            "INSERT INTO near_misses (employee_id, opening_id, detected_at) VALUES ($1, $2, $3)"
            " ON CONFLICT (employee_id, opening_id) DO UPDATE"
            " SET detected_at = least(near_misses.detected_at, EXCLUDED.detected_at)",
            miss.employee_id,
            miss.opening_id,
            miss.detected_at,
        )

    async def complete(self, completion: Completion) -> None:
        await self._conn.execute(
            "INSERT INTO completions (completion_id, employee_id, completed_at)"
            " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            completion.completion_id,
            completion.employee_id,
            completion.completed_at,
        )

    async def fill_rates(self, by: Sequence[figures.Dimension]) -> list[figures.FillRate]:
        return await figures_sql.fill_rates(self._conn, by)

    async def time_to_fill(self, by: Sequence[figures.Dimension]) -> list[figures.TimeToFill]:
        return await figures_sql.time_to_fill(self._conn, by)

    async def funnels(self) -> list[figures.OpeningFunnel]:
        return await figures_sql.funnels(self._conn)

    async def overall_funnel(self) -> figures.Funnel:
        return await figures_sql.overall_funnel(self._conn)

    async def releases_by_manager(self) -> dict[str, figures.Releases]:
        return await figures_sql.releases_by_manager(self._conn)

    async def releases_by_department(self) -> dict[str, figures.Releases]:
        return await figures_sql.releases_by_department(self._conn)

    async def release_totals(self) -> figures.Releases:
        return await figures_sql.release_totals(self._conn)

    async def learning_path(self) -> figures.LearningPath:
        return await figures_sql.learning_path(self._conn)


class PostgresInsightsUnitOfWork:
    def __init__(self, conn: Connection) -> None:
        self.facts = PostgresFacts(conn)

    @classmethod
    def within(cls, delivery: Delivery) -> PostgresInsightsUnitOfWork:
        """The transaction a consumed event is being handled in (inbox included)."""
        return cls(delivery.conn)


@asynccontextmanager
async def reading(pool: asyncpg.Pool) -> AsyncIterator[PostgresFacts]:
    """The facts as of one snapshot, so that every figure of an answer agrees."""
    async with (
        pool.acquire() as conn,
        conn.transaction(isolation="repeatable_read", readonly=True),
    ):
        yield PostgresFacts(conn)
