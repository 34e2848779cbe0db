"""PostgreSQL repositories of the mobility loop: applications, release requests, placements and
the read models (employees, surfacings) they are decided on."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from lattice_platform.db import Connection

from lattice_openings.domain.applications import ACTIVE, Application, Colleague, Stage
from lattice_openings.domain.placements import Placement
from lattice_openings.domain.releases import Outcome, Release


def offer_stands(releases: str) -> str:
    """SQL: the offer a release request (table or alias ``releases``) was sent for still stands.
    An unanswered request whose application ended (withdrawn, the candidate left, the opening
    closed) is moot: it neither lapses nor waits on the manager."""
    return (
        f"EXISTS (SELECT 1 FROM applications a WHERE a.opening_id = {releases}.opening_id"
        f" AND a.employee_id = {releases}.employee_id AND a.stage = 'offered')"
    )


_APPLICATION = (
    "SELECT opening_id, employee_id, stage, note, explanation, decline_reason, release_waived"
    " FROM applications"
)
_RELEASE = (
    "SELECT opening_id, employee_id, manager_id, department, requested_at, deadline, outcome,"
    " reason, decided_at, answered_by, on_behalf FROM releases"
)
_PLACEMENT = (
    "SELECT opening_id, employee_id, effective_on, ends_on, skills_used, ended FROM placements"
)


class PostgresPeople:
    """The read models: employees and the opportunities surfaced to them."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def record(
        self, colleague: Colleague, grade: int, track: str, location: str, changed_at: datetime
    ) -> None:
        """Keep the newer of the stored and the given facts."""
        await self._conn.execute(
            "INSERT INTO employees (employee_id, manager_id, department, grade, track, location,"
            " discoverable, hidden_from_manager, status, changed_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            " ON CONFLICT (employee_id) DO UPDATE SET manager_id = EXCLUDED.manager_id,"
            " department = EXCLUDED.department, grade = EXCLUDED.grade, track = EXCLUDED.track,"
            " location = EXCLUDED.location, discoverable = EXCLUDED.discoverable,"
            " hidden_from_manager = EXCLUDED.hidden_from_manager, status = EXCLUDED.status,"
            " changed_at = EXCLUDED.changed_at WHERE employees.changed_at <= EXCLUDED.changed_at",
            colleague.employee_id,
            colleague.manager_id,
            colleague.department,
            grade,
            track,
            location,
            colleague.discoverable,
            colleague.hidden_from_manager,
            "active" if colleague.active else "left",
            changed_at,
        )

    async def left(self, employee_id: str) -> None:
        await self._conn.execute(
            "UPDATE employees SET status = 'left' WHERE employee_id = $1", employee_id
        )
        await self._conn.execute("DELETE FROM surfacings WHERE employee_id = $1", employee_id)

    async def colleague(self, employee_id: str) -> Colleague | None:
        row = await self._conn.fetchrow(
            "SELECT employee_id, manager_id, department, discoverable, hidden_from_manager,"
            " status = 'active' AS active FROM employees WHERE employee_id = $1",
            employee_id,
        )
        return Colleague(**dict(row)) if row else None

    async def surfaced(
        self,
        opening_id: str,
        employee_id: str,
        opportunity_id: str,
        explanation: dict[str, Any],
        at: datetime,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO surfacings (opening_id, employee_id, opportunity_id, explanation,"
            " surfaced_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (opening_id, employee_id)"
            " DO UPDATE SET opportunity_id = EXCLUDED.opportunity_id,"
            " explanation = EXCLUDED.explanation, surfaced_at = EXCLUDED.surfaced_at",
            opening_id,
            employee_id,
            opportunity_id,
            json.dumps(explanation),
            at,
        )

    async def withdrawn(self, opening_id: str, employee_id: str, opportunity_id: str) -> None:
        await self._conn.execute(
            "DELETE FROM surfacings WHERE opening_id = $1 AND employee_id = $2"
            " AND opportunity_id = $3",
            opening_id,
            employee_id,
            opportunity_id,
        )

    async def explanation(self, opening_id: str, employee_id: str) -> dict[str, Any] | None:
        found = await self._conn.fetchval(
            "SELECT explanation FROM surfacings WHERE opening_id = $1 AND employee_id = $2",
            opening_id,
            employee_id,
        )
        return json.loads(found) if found is not None else None


class PostgresApplications:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, opening_id: str, employee_id: str) -> Application | None:
        row = await self._conn.fetchrow(
            f"{_APPLICATION} WHERE opening_id = $1 AND employee_id = $2 FOR UPDATE",
            opening_id,
            employee_id,
        )
        return _application(row) if row else None

    async def active_for(self, opening_id: str) -> list[Application]:
        rows = await self._conn.fetch(
            f"{_APPLICATION} WHERE opening_id = $1 AND stage = ANY($2::text[])"
            " ORDER BY seq FOR UPDATE",
            opening_id,
            sorted(ACTIVE),
        )
        return [_application(row) for row in rows]

    async def opening_ids_of(self, employee_id: str) -> list[str]:
        rows = await self._conn.fetch(
            "SELECT opening_id FROM applications WHERE employee_id = $1"
            " AND stage = ANY($2::text[]) ORDER BY opening_id",
            employee_id,
            sorted(ACTIVE),
        )
        return [row["opening_id"] for row in rows]

    async def save(self, application: Application, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO applications (application_id, opening_id, employee_id, stage, note,"
            " explanation, decline_reason, release_waived, changed_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            " ON CONFLICT (application_id) DO UPDATE SET stage = EXCLUDED.stage,"
            " note = EXCLUDED.note, explanation = EXCLUDED.explanation,"
            " decline_reason = EXCLUDED.decline_reason,"
            " release_waived = EXCLUDED.release_waived, changed_at = EXCLUDED.changed_at",
            application.application_id,
            application.opening_id,
            application.employee_id,
            application.stage.value,
            application.note,
            json.dumps(application.explanation) if application.explanation is not None else None,
            application.decline_reason,
            application.release_waived,
            at,
        )

    async def forget_words_about(self, employee_id: str) -> None:
        """The employee was erased: their note and a decline's reason go from their applications."""
        await self._conn.execute(
            "UPDATE applications SET note = NULL, decline_reason = NULL WHERE employee_id = $1"
            " AND (note IS NOT NULL OR decline_reason IS NOT NULL)",
            employee_id,
        )


class PostgresReleases:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def about(self, request_id: str) -> tuple[str, str] | None:
        row = await self._conn.fetchrow(
            "SELECT opening_id, employee_id FROM releases WHERE request_id = $1", request_id
        )
        return (row["opening_id"], row["employee_id"]) if row else None

    async def get(self, request_id: str) -> Release | None:
        row = await self._conn.fetchrow(f"{_RELEASE} WHERE request_id = $1 FOR UPDATE", request_id)
        return _release(row) if row else None

    async def due(self, now: datetime) -> list[Release]:
        """Unanswered requests past their deadline, skipping those another replica holds."""
        rows = await self._conn.fetch(
            f"{_RELEASE} WHERE outcome IS NULL AND deadline <= $1 AND {offer_stands('releases')}"
            " ORDER BY deadline FOR UPDATE OF releases SKIP LOCKED",
            now,
        )
        return [_release(row) for row in rows]

    async def save(self, release: Release) -> None:
        await self._conn.execute(
            "INSERT INTO releases (request_id, opening_id, employee_id, manager_id, department,"
            " requested_at, deadline, outcome, reason, decided_at, answered_by, on_behalf)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            " ON CONFLICT (request_id) DO UPDATE SET outcome = EXCLUDED.outcome,"
            " reason = EXCLUDED.reason, decided_at = EXCLUDED.decided_at,"
            " answered_by = EXCLUDED.answered_by, on_behalf = EXCLUDED.on_behalf",
            release.request_id,
            release.opening_id,
            release.employee_id,
            release.manager_id,
            release.department,
            release.requested_at,
            release.deadline,
            release.outcome.value if release.outcome else None,
            release.reason,
            release.decided_at,
            release.answered_by,
            release.on_behalf,
        )

    async def forget_reasons_about(self, employee_id: str) -> None:
        """The employee was erased: a decline's reason goes from the releases about them."""
        await self._conn.execute(
            "UPDATE releases SET reason = NULL WHERE employee_id = $1 AND reason IS NOT NULL",
            employee_id,
        )


class PostgresPlacements:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def due(self, today: date) -> list[Placement]:
        rows = await self._conn.fetch(
            f"{_PLACEMENT} WHERE ends_on IS NOT NULL AND NOT ended AND ends_on <= $1"
            " ORDER BY ends_on FOR UPDATE SKIP LOCKED",
            today,
        )
        return [_placement(row) for row in rows]

    async def save(self, placement: Placement) -> None:
        await self._conn.execute(
            "INSERT INTO placements (placement_id, opening_id, employee_id, effective_on,"
            " ends_on, skills_used, ended) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT (placement_id) DO UPDATE SET ended = EXCLUDED.ended",
            placement.placement_id,
            placement.opening_id,
            placement.employee_id,
            placement.effective_on,
            placement.ends_on,
            list(placement.skills_used),
            placement.ended,
        )


async def expired_openings(conn: Connection, today: date) -> list[str]:
    """Open openings whose end date has passed."""
    rows = await conn.fetch(
        "SELECT opening_id FROM openings WHERE status = 'open'"
        " AND (spec ->> 'ends_on')::date < $1 ORDER BY seq",
        today,
    )
    return [row["opening_id"] for row in rows]


def _application(row: Any) -> Application:
    explanation = row["explanation"]
    return Application(
        row["opening_id"],
        row["employee_id"],
        Stage(row["stage"]),
        row["note"],
        json.loads(explanation) if explanation is not None else None,
        row["decline_reason"],
        row["release_waived"],
    )


def _release(row: Any) -> Release:
    fields = dict(row)
    fields["outcome"] = Outcome(row["outcome"]) if row["outcome"] else None
    return Release(**fields)


def _placement(row: Any) -> Placement:
    fields = dict(row)
    fields["skills_used"] = tuple(row["skills_used"])
    return Placement(**fields)
