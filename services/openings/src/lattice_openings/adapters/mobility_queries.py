"""The read side of the mobility loop, shaped for each reader: the hiring manager's candidates,
the candidate's own applications, the current manager's release requests and team, HR's figures.

Privacy lives here: a non-discoverable employee is shown to a hiring manager only once they
expressed interest; a current manager sees nothing of a report who hides their mobility activity
until a release request for that report exists; a candidate never sees a decline's reason.
"""

from __future__ import annotations

import json
from typing import Any

from lattice_platform.db import Connection

from lattice_openings.adapters.mobility import offer_stands
from lattice_openings.domain.applications import COURTEOUS, Stage

Json = dict[str, Any]

_ACTED = [Stage.INTERESTED, Stage.SHORTLISTED, Stage.OFFERED, Stage.ACCEPTED, Stage.PLACED]


async def candidates(conn: Connection, opening_id: str, *, still_open: bool) -> list[Json]:
    """Interested candidates first (in the order they came), then those surfaced or invited who
    have not acted (surfaced ones only while the opening is open), then applications that
    ended."""
    rows = await conn.fetch(
        "SELECT a.employee_id, a.stage AS status, a.note, a.explanation, a.decline_reason,"
        "  CASE WHEN a.stage = ANY($2::text[]) THEN 0 WHEN a.stage = 'invited' THEN 1 ELSE 3 END"
        "  AS rank, a.seq, r.outcome AS release_outcome, r.deadline AS release_deadline"
        " FROM applications a"
        " LEFT JOIN employees e ON e.employee_id = a.employee_id"
        " LEFT JOIN releases r ON r.opening_id = a.opening_id AND r.employee_id = a.employee_id"
        " WHERE a.opening_id = $1 AND (a.stage <> 'invited' OR coalesce(e.discoverable, false))"
        " UNION ALL"
        " SELECT s.employee_id, 'surfaced', NULL, s.explanation, NULL, 2, s.seq, NULL, NULL"
        " FROM surfacings s JOIN employees e ON e.employee_id = s.employee_id"
        " WHERE $3 AND s.opening_id = $1 AND e.discoverable AND e.status = 'active'"
        "  AND NOT EXISTS (SELECT 1 FROM applications a"
        "   WHERE a.opening_id = s.opening_id AND a.employee_id = s.employee_id)"
        " ORDER BY rank, seq",
        opening_id,
        _ACTED,
        still_open,
    )
    return [_candidate(row) for row in rows]


async def own_applications(conn: Connection, employee_id: str) -> list[Json]:
    """The candidate's applications with a courteous status; never a reason, never anyone else's."""
    rows = await conn.fetch(
        "SELECT a.application_id, a.opening_id, o.spec ->> 'title' AS title,"
        " o.spec ->> 'kind' AS kind, a.stage, a.changed_at,"
        " r.outcome AS release_outcome, r.request_id IS NOT NULL AS release_requested"
        " FROM applications a JOIN openings o ON o.opening_id = a.opening_id"
        " LEFT JOIN releases r ON r.opening_id = a.opening_id AND r.employee_id = a.employee_id"
        " WHERE a.employee_id = $1 ORDER BY a.seq",
        employee_id,
    )
    return [
        {
            "application_id": row["application_id"],
            "opening_id": row["opening_id"],
            "title": row["title"],
            "kind": row["kind"],
            "status": row["stage"],
            "message": COURTEOUS[Stage(row["stage"])],
            "can_accept": row["stage"] == Stage.OFFERED
            and (not row["release_requested"] or row["release_outcome"] in _CLEARED),
            "changed_at": row["changed_at"],
        }
        for row in rows
    ]


_CLEARED = ("approved", "automatic")


async def release_requests(conn: Connection, manager_id: str | None) -> list[Json]:
    """The requests a current manager was sent (``None``: every request, for HR, with the
    reasons of declines), but not an unanswered one whose offer no longer stands."""
    rows = await conn.fetch(
        "SELECT r.request_id, r.opening_id, o.spec ->> 'title' AS title, r.employee_id,"
        " r.manager_id, r.department, r.requested_at, r.deadline, r.outcome, r.reason,"
        " r.decided_at, r.answered_by, r.on_behalf"
        " FROM releases r JOIN openings o ON o.opening_id = r.opening_id"
        " WHERE ($1::text IS NULL OR r.manager_id = $1)"
        f" AND (r.outcome IS NOT NULL OR {offer_stands('r')})"
        " ORDER BY r.requested_at, r.request_id",
        manager_id,
    )
    return [dict(row) | ({"reason": None} if manager_id is not None else {}) for row in rows]


async def team_applications(conn: Connection, manager_id: str) -> list[Json]:
    """The applications of a manager's direct reports; a report who hides their mobility
    activity shows only applications their manager was asked to release them for."""
    rows = await conn.fetch(
        "SELECT a.application_id, a.opening_id, o.spec ->> 'title' AS title, a.employee_id,"
        " a.stage AS status, a.changed_at"
        " FROM applications a JOIN employees e ON e.employee_id = a.employee_id"
        " JOIN openings o ON o.opening_id = a.opening_id"
        " WHERE e.manager_id = $1 AND (NOT e.hidden_from_manager OR EXISTS ("
        "  SELECT 1 FROM releases r WHERE r.opening_id = a.opening_id"
        "   AND r.employee_id = a.employee_id AND r.manager_id = $1))"
        " ORDER BY a.seq",
        manager_id,
    )
    return [dict(row) for row in rows]


async def releases_by_manager(conn: Connection) -> list[Json]:
    """For HR: per current manager, releases approved, declined, automatic and still waiting."""
    rows = await conn.fetch(
        "SELECT manager_id,"
        " count(*) FILTER (WHERE outcome = 'approved') AS approved,"
        " count(*) FILTER (WHERE outcome = 'declined') AS declined,"
        " count(*) FILTER (WHERE outcome = 'automatic') AS automatic,"
        f" count(*) FILTER (WHERE outcome IS NULL AND {offer_stands('releases')}) AS waiting"
        " FROM releases GROUP BY manager_id ORDER BY manager_id"
    )
    return [dict(row) for row in rows]


def _candidate(row: Any) -> Json:
    explanation = row["explanation"]
    release = None
    if row["release_deadline"] is not None:
        release = {"outcome": row["release_outcome"], "deadline": row["release_deadline"]}
    return {
        "employee_id": row["employee_id"],
        "status": row["status"],
        "note": row["note"],
        "explanation": json.loads(explanation) if explanation is not None else None,
        "decline_reason": row["decline_reason"],
        "release": release,
    }
