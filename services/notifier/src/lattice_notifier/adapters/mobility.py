"""The notifier's tables of the mobility loop, in SQL: what employees did with their opportunities,
their applications' statuses, the learning catalogue and the mentors it may suggest."""

from __future__ import annotations

from datetime import datetime

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from lattice_platform.contracts import events as ev

from lattice_notifier.adapters.wire import opening_of
from lattice_notifier.domain.actions import LearningItem, PairState
from lattice_notifier.domain.model import Opening
from lattice_notifier.service_layer.mobility_unit_of_work import Item, Pair

Connection = asyncpg.Connection | PoolConnectionProxy


class ActionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def item(self, opportunity_id: str, employee_id: str) -> Item | None:
        """The employee's own item, locked: someone else's is not found."""
        row = await self.conn.fetchrow(
            "SELECT opportunity_id, employee_id, opening_id, status, withdraw_reason, explanation"
            " FROM opportunities WHERE opportunity_id = $1 AND employee_id = $2 FOR UPDATE",
            opportunity_id,
            employee_id,
        )
        if row is None:
            return None
        return Item(
            row["opportunity_id"],
            row["employee_id"],
            row["opening_id"],
            row["status"] == "active",
            row["withdraw_reason"],
            ev.Explanation.model_validate_json(row["explanation"]),
        )

    async def active_item_of(self, employee_id: str, opening_id: str) -> str | None:
        return await self.conn.fetchval(  # type: ignore[no-any-return]
            "SELECT opportunity_id FROM opportunities"
            " WHERE employee_id = $1 AND opening_id = $2 AND status = 'active'",
            employee_id,
            opening_id,
        )

    async def open_opening(self, opening_id: str) -> Opening | None:
        details = await self.conn.fetchval(
            "SELECT details FROM openings WHERE opening_id = $1 AND status = 'open'", opening_id
        )
        return opening_of(ev.OpeningDetails.model_validate_json(details)) if details else None

    async def claim(self, employee_id: str, opening_id: str) -> Pair:
        """The pair's state, its row locked for this transaction (created as 'new' if absent),
        so two requests about one pair take turns."""
        await self.conn.execute(
            "INSERT INTO pair_actions (employee_id, opening_id) VALUES ($1, $2)"
            " ON CONFLICT DO NOTHING",
            employee_id,
            opening_id,
        )
        state = await self.conn.fetchval(
            "SELECT state FROM pair_actions WHERE employee_id = $1 AND opening_id = $2 FOR UPDATE",
            employee_id,
            opening_id,
        )
        return Pair(employee_id, opening_id, PairState(state))

    async def state_of(self, employee_id: str, opening_id: str) -> PairState:
        state = await self.conn.fetchval(
            "SELECT state FROM pair_actions WHERE employee_id = $1 AND opening_id = $2",
            employee_id,
            opening_id,
        )
        return PairState(state) if state else PairState.NEW

    async def record(
        self,
        pair: Pair,
        state: PairState,
        *,
        opportunity_id: str | None,
        at: datetime,
        note: str | None = None,
        dismiss_reason: str | None = None,
        dismissed_terms: str | None = None,
    ) -> None:
        await self.conn.execute(
            "UPDATE pair_actions SET state = $3, opportunity_id = coalesce($4, opportunity_id),"
            " note = coalesce($5, note), dismiss_reason = $6, dismissed_terms = $7, acted_at = $8"
            " WHERE employee_id = $1 AND opening_id = $2",
            pair.employee_id,
            pair.opening_id,
            state.value,
            opportunity_id,
            note,
            dismiss_reason,
            dismissed_terms,
            at,
        )

    async def set_aside(self, opportunity_id: str, at: datetime) -> None:
        """A dismissed item leaves the feed (listed only with the withdrawn ones)."""
        await self.conn.execute(
            "UPDATE opportunities SET status = 'withdrawn', withdrawn_at = $2,"
            " withdraw_reason = 'dismissed' WHERE opportunity_id = $1 AND status = 'active'",
            opportunity_id,
            at,
        )

    async def forget_words_of(self, employee_id: str) -> None:
        """The employee was erased: the notes they wrote and the reasons they gave go. The state
        of each pair and the opening's terms at dismissal stay (nothing the person wrote)."""
        await self.conn.execute(
            "UPDATE pair_actions SET note = NULL, dismiss_reason = NULL"
            " WHERE employee_id = $1 AND (note IS NOT NULL OR dismiss_reason IS NOT NULL)",
            employee_id,
        )


class ApplicationRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def status_of(self, employee_id: str, opening_id: str) -> ev.ApplicationStatus | None:
        status = await self.conn.fetchval(
            "SELECT status FROM applications WHERE employee_id = $1 AND opening_id = $2",
            employee_id,
            opening_id,
        )
        return ev.ApplicationStatus(status) if status else None

    async def changed(self, event: ev.ApplicationChanged) -> None:
        """Keep the newest status of the candidate's application (redelivered or late events
        change nothing)."""
        await self.conn.execute(
            "INSERT INTO applications (employee_id, opening_id, status, title, kind, changed_at)"
            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (employee_id, opening_id) DO UPDATE SET"
            " status = excluded.status, title = excluded.title, kind = excluded.kind,"
            " changed_at = excluded.changed_at"
            " WHERE applications.changed_at < excluded.changed_at",
            event.employee_id,
            event.opening_id,
            event.status.value,
            event.title,
            event.kind.value,
            event.changed_at,
        )


class CatalogueRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def changed(self, event: ev.CatalogueItemChanged) -> None:
        """Keep the newest version of the item, skills and all."""
        stored = await self.conn.fetchval(
            "INSERT INTO catalogue_items (item_id, title, available, changed_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (item_id) DO UPDATE SET"
            " title = excluded.title, available = excluded.available,"
            " changed_at = excluded.changed_at"
            " WHERE catalogue_items.changed_at <= excluded.changed_at RETURNING true",
            event.item_id,
            event.title,
            event.available,
            event.changed_at,
        )
        if not stored:
            return
        await self.conn.execute("DELETE FROM catalogue_skills WHERE item_id = $1", event.item_id)
        await self.conn.executemany(
            "INSERT INTO catalogue_skills (item_id, skill_id, level) VALUES ($1, $2, $3)"
            " ON CONFLICT (item_id, skill_id) DO UPDATE SET"
            " level = greatest(catalogue_skills.level, excluded.level)",
            [(event.item_id, s.skill_id, s.level) for s in event.skills_built],
        )

    async def building(self, skill_id: str, level: int, limit: int) -> tuple[LearningItem, ...]:
        """Available items that bring a learner to ``level`` in the skill, the nearest first."""
        rows = await self.conn.fetch(
            "SELECT i.item_id, i.title, s.level FROM catalogue_skills s"
            " JOIN catalogue_items i USING (item_id)"
            " WHERE s.skill_id = $1 AND s.level >= $2 AND i.available"
            " ORDER BY s.level, i.item_id LIMIT $3",
            skill_id,
            level,
            limit,
        )
        return tuple(LearningItem(r["item_id"], r["title"], r["level"]) for r in rows)


class MentorRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def holding(
        self, skill_id: str, level: int, excluding: str, limit: int
    ) -> tuple[str, ...]:
        """Ids of active, discoverable employees who opted in to mentoring and hold the skill at
        ``level`` or above; never ``excluding`` (the one asking)."""
        rows = await self.conn.fetch(
            "SELECT e.employee_id FROM employees e JOIN employee_skills s USING (employee_id)"
            " WHERE e.mentor_opt_in AND e.status = 'active' AND e.discoverable"
            " AND s.skill_id = $1 AND s.level >= $2 AND e.employee_id <> $3"
            " ORDER BY e.employee_id LIMIT $4",
            skill_id,
            level,
            excluding,
            limit,
        )
        return tuple(r["employee_id"] for r in rows)
