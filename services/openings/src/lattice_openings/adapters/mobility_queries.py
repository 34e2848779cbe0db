"""The read side of the mobility loop, shaped for each reader: the hiring manager's candidates,
the candidate's own applications, the current manager's release requests and team, HR's figures.

Privacy lives here: a non-discoverable employee is shown to a hiring manager only once they
expressed interest; a current manager sees nothing of a report who hides their mobility activity
until a release request for that report exists; a candidate never sees a decline's reason.

Every list is a page: ``after`` is the sort key of the previous page's last item (what the
route decoded from its cursor), and one row more than ``limit`` is read to know whether another
page follows.
"""

from __future__ import annotations

import json
from typing import Any

from lattice_platform.db import Connection
from lattice_platform.paging import Scalar, encode_cursor

from lattice_openings.adapters.mobility import offer_stands
from lattice_openings.adapters.queries import Page
from lattice_openings.domain.applications import COURTEOUS, Stage

Json = dict[str, Any]

_ACTED = [Stage.INTERESTED, Stage.SHORTLISTED, Stage.OFFERED, Stage.ACCEPTED, Stage.PLACED]


FIRST_CANDIDATE = (-1, -1)
FIRST_RELEASE = ("", "")


async def candidates(
    conn: Connection,
    opening_id: str,
    *,
    still_open: bool,
    after: tuple[int, int] = FIRST_CANDIDATE,
    limit: int,
) -> Page:
    """Interested candidates first (in the order they came), then those surfaced or invited who
    have not acted (surfaced ones only while the opening is open), then applications that
    ended. Sorted by (rank, seq): each rank comes from one table, so the key is unique."""
    rows = await conn.fetch(
        "SELECT * FROM ("
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
        ") c WHERE (rank, seq) > ($4, $5) ORDER BY rank, seq LIMIT $6",
        opening_id,
        _ACTED,
        still_open,
        *after,
        limit + 1,
    )
    return _page([_candidate(row) for row in rows], rows, limit, "rank", "seq")


async def own_applications(
    conn: Connection, employee_id: str, *, after: int = -1, limit: int
) -> Page:
    """The candidate's applications with a courteous status; never a reason, never anyone else's."""
    rows = await conn.fetch(
        "SELECT a.application_id, a.opening_id, o.spec ->> 'title' AS title,"
        " o.spec ->> 'kind' AS kind, a.stage, a.changed_at,"
        " r.outcome AS release_outcome, r.request_id IS NOT NULL AS release_requested, a.seq"
        " FROM applications a JOIN openings o ON o.opening_id = a.opening_id"
        " LEFT JOIN releases r ON r.opening_id = a.opening_id AND r.employee_id = a.employee_id"
        " WHERE a.employee_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT $3",
        employee_id,
        after,
        limit + 1,
    )
    items = [
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
    return _page(items, rows, limit, "seq")


_CLEARED = ("approved", "automatic")


_RELEASE = (
    "SELECT r.request_id, r.opening_id, o.spec ->> 'title' AS title, r.employee_id,"
    " r.manager_id, r.department, r.requested_at, r.deadline, r.outcome, r.reason,"
    " r.decided_at, r.answered_by, r.on_behalf"
    " FROM releases r JOIN openings o ON o.opening_id = r.opening_id"
)


async def release_requests(
    conn: Connection,
    manager_id: str | None,
    *,
    after: tuple[str, str] = FIRST_RELEASE,
    limit: int,
) -> Page:
    """The requests a current manager was sent (``None``: every request, for HR, with the
    reasons of declines), but not an unanswered one whose offer no longer stands; oldest
    first, ``after`` being (the request's id, its time as text)."""
    after_id, after_at = after
    rows = await conn.fetch(
        _RELEASE + " WHERE ($1::text IS NULL OR r.manager_id = $1)"
        f" AND (r.outcome IS NOT NULL OR {offer_stands('r')})"
        " AND ($3 = '' OR (r.requested_at, r.request_id) > ($3::timestamptz, $2))"
        " ORDER BY r.requested_at, r.request_id LIMIT $4",
        manager_id,
        after_id,
        after_at,
        limit + 1,
    )
    items = [_release(row, manager_id) for row in rows[:limit]]
    more = len(rows) > limit
    last = rows[limit - 1] if more else None
    cursor = encode_cursor(last["request_id"], last["requested_at"].isoformat()) if last else None
    return Page(items, cursor)


async def release_request(conn: Connection, request_id: str, manager_id: str | None) -> Json:
    """One request, as :func:`release_requests` shows it to ``manager_id``."""
    row = await conn.fetchrow(_RELEASE + " WHERE r.request_id = $1", request_id)
    return _release(row, manager_id)


def _release(row: Any, manager_id: str | None) -> Json:
    return dict(row) | ({"reason": None} if manager_id is not None else {})


async def team_applications(
    conn: Connection, manager_id: str, *, after: int = -1, limit: int
) -> Page:
    """The applications of a manager's direct reports; a report who hides their mobility
    activity shows only applications their manager was asked to release them for."""
    rows = await conn.fetch(
        "SELECT a.application_id, a.opening_id, o.spec ->> 'title' AS title, a.employee_id,"
        " a.stage AS status, a.changed_at, a.seq"
        " FROM applications a JOIN employees e ON e.employee_id = a.employee_id"
        " JOIN openings o ON o.opening_id = a.opening_id"
        " WHERE e.manager_id = $1 AND (NOT e.hidden_from_manager OR EXISTS ("
        "  SELECT 1 FROM releases r WHERE r.opening_id = a.opening_id"
        "   AND r.employee_id = a.employee_id AND r.manager_id = $1))"
        " AND a.seq > $2 ORDER BY a.seq LIMIT $3",
        manager_id,
        after,
        limit + 1,
    )
    return _page([dict(row) for row in rows], rows, limit, "seq")


async def releases_by_manager(conn: Connection, *, after: str = "", limit: int) -> Page:
    """For HR: per current manager, releases approved, declined, automatic and still waiting."""
    rows = await conn.fetch(
        "SELECT manager_id,"
        " count(*) FILTER (WHERE outcome = 'approved') AS approved,"
        " count(*) FILTER (WHERE outcome = 'declined') AS declined,"
        " count(*) FILTER (WHERE outcome = 'automatic') AS automatic,"
        f" count(*) FILTER (WHERE outcome IS NULL AND {offer_stands('releases')}) AS waiting"
        " FROM releases WHERE manager_id > $1 GROUP BY manager_id ORDER BY manager_id LIMIT $2",
        after,
        limit + 1,
    )
    return _page([dict(row) for row in rows], rows, limit, "manager_id")


def _page(items: list[Json], rows: list[Any], limit: int, *key: str) -> Page:
    """The first ``limit`` items, and the cursor of the next page when a row more was read."""
    more = len(rows) > limit
    cursor: tuple[Scalar, ...] = tuple(rows[limit - 1][k] for k in key) if more else ()
    return Page(items[:limit], encode_cursor(*cursor) if more else None)


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
