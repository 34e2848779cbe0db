"""What matching publishes, under the notification policy: surfacings (past the daily cap, held back
for the day's digest), near misses, withdrawals and digests. Each is written and published in the
use case's unit of work (outbox)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic

from lattice_notifier.adapters import wire
from lattice_notifier.domain.matching import Assessment, Verdict, ineligibility
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.domain.policy import split_by_daily_cap, withdrawal_reason
from lattice_notifier.service_layer.unit_of_work import (
    NewSurfacing,
    NotifierUnitOfWork,
    Withdrawal,
)


@dataclass(frozen=True)
class Notices:
    daily_cap: int

    async def surface(
        self,
        uow: NotifierUnitOfWork,
        assessed: Sequence[tuple[Assessment, Opening]],
        now: datetime,
        *,
        skills: Sequence[tuple[Employee, str]] = (),
    ) -> None:
        """Record the new surfacings among ``assessed`` (once per pair), notify the best ranked
        up to each employee's daily cap and hold back the rest; report new near misses.
        ``skills``: the skills gained that ``assessed`` follows from, saved with the record."""
        matches = [(a, o) for a, o in assessed if a.verdict is Verdict.SURFACE]
        near = [a for a, _ in assessed if a.verdict is Verdict.NEAR_MISS]
        recorded = await uow.opportunities.record(matches, near, now.date(), now, skills=skills)
        per_employee: dict[str, list[NewSurfacing]] = defaultdict(list)
        for surfacing in recorded.surfaced:
            per_employee[surfacing.assessment.employee_id].append(surfacing)
        held_back: list[str] = []
        published: list[tuple[Topic, Event]] = []
        for surfacings in per_employee.values():
            by_opening = {s.opening.opening_id: s for s in surfacings}
            notify, hold = split_by_daily_cap(
                [s.assessment for s in surfacings], surfacings[0].earlier_today, self.daily_cap
            )
            held_back.extend(by_opening[a.opening_id].opportunity_id for a in hold)
            for a in notify:
                s = by_opening[a.opening_id]
                published.append(
                    (
                        t.OPPORTUNITIES,
                        wire.surfaced(s.opportunity_id, a, s.opening, s.explanation, now),
                    )
                )
        await uow.opportunities.hold_for_digest(held_back)
        published.extend((t.OPPORTUNITIES, wire.near_miss(a, now)) for a in recorded.near_misses)
        await uow.publish_all(published)

    async def withdraw_ineligible(
        self,
        uow: NotifierUnitOfWork,
        active: Sequence[tuple[Employee, Opening]],
        now: datetime,
    ) -> None:
        """Withdraw the ``active`` surfacings whose employee fails a hard filter now (a lower
        score alone withdraws nothing), each with the reason."""
        by_reason: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for employee, opening in active:
            blocked = ineligibility(employee, opening, now.date())
            if blocked is not None:
                by_reason[withdrawal_reason(blocked)].append(
                    (employee.employee_id, opening.opening_id)
                )
        for reason, pairs in by_reason.items():
            withdrawn = await uow.opportunities.withdraw_pairs(pairs, reason, now)
            await self.publish_withdrawals(uow, withdrawn, reason, now)

    async def publish_withdrawals(
        self, uow: NotifierUnitOfWork, withdrawn: Sequence[Withdrawal], reason: str, now: datetime
    ) -> None:
        await uow.publish_all(
            [
                (
                    t.OPPORTUNITIES,
                    ev.OpportunityWithdrawn(
                        opportunity_id=w.opportunity_id,
                        employee_id=w.employee_id,
                        opening_id=w.opening_id,
                        reason=reason,
                        withdrawn_at=now,
                    ),
                )
                for w in withdrawn
            ]
        )

    async def publish_due_digests(self, uow: NotifierUnitOfWork, now: datetime) -> int:
        """One digest per employee and past day, of the surfacings the daily cap held back."""
        held = await uow.opportunities.take_due_digests(now.date(), now)
        grouped: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
        for item in held:
            grouped[(item.employee_id, item.day)].append((item.opportunity_id, item.opening_id))
        await uow.publish_all(
            [
                (
                    t.OPPORTUNITIES,
                    ev.OpportunityDigested(
                        employee_id=employee_id,
                        day=day,
                        opportunity_ids=tuple(i for i, _ in items),
                        opening_ids=tuple(o for _, o in items),
                    ),
                )
                for (employee_id, day), items in sorted(grouped.items())
            ]
        )
        return len(grouped)
