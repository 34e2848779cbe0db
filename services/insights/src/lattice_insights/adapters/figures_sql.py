"""The figures aggregated by PostgreSQL, so that a request reads a row per group instead of
every fact. They compute what ``domain/figures.py`` defines (the in-memory facts of
the unit tests use those functions; the flow tests hold both to the figures worked out by hand).
Groups are ordered by their values in code-point order (``COLLATE "C"``), as Python sorts them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lattice_platform.contracts.base import OpeningKind
from lattice_platform.db import Connection

from lattice_insights.domain import figures
from lattice_insights.domain.facts import Opening, Outcome, Stage
from lattice_insights.domain.figures import Dimension

_MONTH = "to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM')"
_GROUP = {
    d: f"coalesce({column}, '{figures.UNKNOWN}')"
    for d, column in (
        (Dimension.MONTH, _MONTH),
        (Dimension.DEPARTMENT, "department"),
        (Dimension.KIND, "kind"),
    )
}
_FILLED = "outcome IN ('filled', 'filled_externally')"
_FURTHEST = (
    "furthest AS (SELECT opening_id, employee_id, max(stage) AS stage FROM progress"
    " GROUP BY opening_id, employee_id)"
)
_REACHED = ", ".join(
    f"count(*) FILTER (WHERE f.stage >= {s.value}) AS reached_{s.value}" for s in Stage
)


async def fill_rates(conn: Connection, by: Sequence[Dimension]) -> list[figures.FillRate]:
    rows = await conn.fetch(
        f"SELECT {_selected(by)} count(*) FILTER (WHERE outcome = 'filled') AS internal,"
        " count(*) FILTER (WHERE outcome = 'filled_externally') AS external"
        f" FROM openings WHERE {_FILLED} {_grouped(by)}"
    )
    return [figures.FillRate(_group(row, by), row["internal"], row["external"]) for row in rows]


async def time_to_fill(conn: Connection, by: Sequence[Dimension]) -> list[figures.TimeToFill]:
    rows = await conn.fetch(
        f"SELECT {_selected(by)} count(*) AS fills,"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS p50,"
        " percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90"
        " FROM (SELECT *, extract(epoch FROM closed_at - posted_at)::float8 / 86400 AS days"
        f"  FROM openings WHERE {_FILLED} AND posted_at IS NOT NULL AND closed_at IS NOT NULL)"
        f" AS fills {_grouped(by)}"
    )
    return [
        figures.TimeToFill(
            _group(row, by), row["fills"], figures.days(row["p50"]), figures.days(row["p90"])
        )
        for row in rows
    ]


async def funnels(conn: Connection) -> list[figures.OpeningFunnel]:
    """Each opening's funnel, openings no candidate reached included, in opening id order."""
    rows = await conn.fetch(
        f"WITH {_FURTHEST}, ids AS (SELECT opening_id FROM openings"
        "  UNION SELECT opening_id FROM furthest)"
        " SELECT ids.opening_id, o.title, o.kind, o.department, o.hiring_manager_id,"
        f" o.posted_at, o.closed_at, o.outcome, {_REACHED}"
        " FROM ids LEFT JOIN openings o ON o.opening_id = ids.opening_id"
        " LEFT JOIN furthest f ON f.opening_id = ids.opening_id"
        " GROUP BY ids.opening_id, o.opening_id"
        ' ORDER BY ids.opening_id COLLATE "C"'
    )
    return [figures.OpeningFunnel(opening_of(row), _funnel(row)) for row in rows]


async def overall_funnel(conn: Connection) -> figures.Funnel:
    row = await conn.fetchrow(f"WITH {_FURTHEST} SELECT {_REACHED} FROM furthest f")
    return _funnel(row)


_COUNTED = "(outcome IS NOT NULL OR NOT moot)"
_TALLY = (
    "count(*) FILTER (WHERE outcome = 'approved') AS approved,"
    " count(*) FILTER (WHERE outcome = 'declined') AS declined,"
    " count(*) FILTER (WHERE outcome = 'automatic') AS automatic,"
    " count(*) FILTER (WHERE outcome IS NULL AND NOT moot) AS pending"
)
_RELEASED_AND_PLACED = (
    "outcome IN ('approved', 'automatic') AND EXISTS (SELECT 1 FROM placements p"
    " WHERE p.opening_id = r.opening_id AND p.employee_id = r.employee_id)"
)


async def releases_by_manager(conn: Connection) -> dict[str, figures.Releases]:
    rows = await conn.fetch(
        f"WITH tally AS (SELECT manager_id AS name, {_TALLY},"
        f"  count(*) FILTER (WHERE {_RELEASED_AND_PLACED}) AS given"
        f"  FROM releases r GROUP BY manager_id HAVING count(*) FILTER (WHERE {_COUNTED}) > 0),"
        " placed AS (SELECT DISTINCT opening_id, employee_id FROM placements),"
        " received AS (SELECT o.hiring_manager_id AS name, count(*) AS received FROM placed"
        "  JOIN openings o ON o.opening_id = placed.opening_id"
        "  WHERE o.hiring_manager_id IS NOT NULL GROUP BY o.hiring_manager_id)"
        " SELECT name, approved, declined, automatic, pending, given, received"
        ' FROM tally FULL JOIN received USING (name) ORDER BY name COLLATE "C"'
    )
    return {row["name"]: _releases(row) for row in rows}


async def releases_by_department(conn: Connection) -> dict[str, figures.Releases]:
    rows = await conn.fetch(
        f"WITH tally AS (SELECT department AS name, {_TALLY} FROM releases"
        f"  GROUP BY department HAVING count(*) FILTER (WHERE {_COUNTED}) > 0),"
        " moves AS (SELECT department, from_department FROM placements"
        "  WHERE department <> from_department),"
        " given AS (SELECT from_department AS name, count(*) AS given FROM moves"
        "  GROUP BY from_department),"
        " received AS (SELECT department AS name, count(*) AS received FROM moves"
        "  GROUP BY department)"
        " SELECT name, approved, declined, automatic, pending, given, received"
        " FROM tally FULL JOIN given USING (name) FULL JOIN received USING (name)"
        ' ORDER BY name COLLATE "C"'
    )
    return {row["name"]: _releases(row) for row in rows}


async def release_totals(conn: Connection) -> figures.Releases:
    row = await conn.fetchrow(f"SELECT {_TALLY}, 0 AS given, 0 AS received FROM releases")
    return _releases(row)


async def learning_path(conn: Connection) -> figures.LearningPath:
    row: Any = await conn.fetchrow(
        "WITH first_miss AS (SELECT employee_id, min(detected_at) AS missed_at FROM near_misses"
        "  GROUP BY employee_id),"
        " learned AS (SELECT m.employee_id, min(c.completed_at) AS learned_at FROM first_miss m"
        "  JOIN completions c ON c.employee_id = m.employee_id AND c.completed_at > m.missed_at"
        "  GROUP BY m.employee_id)"
        " SELECT (SELECT count(*) FROM first_miss) AS near_missed,"
        " (SELECT count(*) FROM learned) AS learned,"
        " (SELECT count(*) FROM learned l WHERE EXISTS (SELECT 1 FROM placements p"
        "  WHERE p.employee_id = l.employee_id AND p.placed_at > l.learned_at)) AS placed"
    )
    return figures.LearningPath(row["near_missed"], row["learned"], row["placed"])


def _releases(row: Any) -> figures.Releases:
    return figures.Releases(
        **{
            count: row[count] or 0
            for count in ("approved", "declined", "automatic", "pending", "given", "received")
        }
    )


def opening_of(row: Any) -> Opening:
    return Opening(
        opening_id=row["opening_id"],
        title=row["title"],
        kind=OpeningKind(row["kind"]) if row["kind"] else None,
        department=row["department"],
        hiring_manager_id=row["hiring_manager_id"],
        posted_at=row["posted_at"],
        closed_at=row["closed_at"],
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
    )


def _selected(by: Sequence[Dimension]) -> str:
    return "".join(f"{_GROUP[d]} AS {d.value}, " for d in by)


def _grouped(by: Sequence[Dimension]) -> str:
    """Every group that has a row (none: one group, if any row)."""
    if not by:
        return "HAVING count(*) > 0"
    keys = ", ".join(_GROUP[d] for d in by)
    order = ", ".join(f'{_GROUP[d]} COLLATE "C"' for d in by)
    return f"GROUP BY {keys} ORDER BY {order}"


def _group(row: Any, by: Sequence[Dimension]) -> figures.Group:
    return tuple((d.value, row[d.value]) for d in by)


def _funnel(row: Any) -> figures.Funnel:
    return figures.Funnel({stage: row[f"reached_{stage.value}"] for stage in Stage})
