"""What a batch of trigger events publishes, in the order and under the daily cap that handling
its events one at a time would give, though it is handled round by round (:mod:`handlers`).

Every event of the batch has a position (its offset order). A round handles one event of each
key at once, so what it publishes is tagged with the position of the event it answers (found by
the key: the employee, or the opening), and published with the batch, in position order: each
key's events come out as they would have one event at a time (withdrawals, then surfacings,
then near misses, as :class:`Notices` publishes them).

The daily cap is per employee, across keys: an employee may be surfaced by several openings of
one batch, in different rounds. So which new surfacings are notified is decided last, cause by
cause in position order, each employee's count of the day carried in memory from what the
database counted before the batch: the held-back set is the one sequential handling gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic

from lattice_notifier.adapters import wire
from lattice_notifier.domain.matching import Assessment, Verdict
from lattice_notifier.domain.model import Opening
from lattice_notifier.domain.policy import split_by_daily_cap
from lattice_notifier.service_layer.unit_of_work import (
    Dismissals,
    Employees,
    NewSurfacing,
    NotifierUnitOfWork,
    Openings,
    Opportunities,
)

_ABOUT_A_PAIR = (ev.OpportunityWithdrawn, ev.OpportunitySurfaced, ev.NearMissDetected)

_PHASE: Mapping[type[Event], int] = {
    ev.OpportunityWithdrawn: 0,
    ev.OpportunitySurfaced: 1,
    ev.NearMissDetected: 2,
}
"""An event's place among what one trigger publishes, as :class:`Notices` orders it."""


class Announcements:
    """A batch's publications, held until :meth:`release`. It is the batch's unit of work too,
    whose ``publish_all`` holds, so :class:`Notices` withdraws through it unchanged."""

    def __init__(
        self, uow: NotifierUnitOfWork, *, daily_cap: int, now: datetime, by_opening: bool
    ) -> None:
        self._uow = uow
        self._cap = daily_cap
        self._now = now
        self._by_opening = by_opening  # else by employee: what keys the batch's events
        self._positions: Mapping[str, int] = {}
        self._held: list[tuple[int, int, tuple[Topic, Event]]] = []
        self._new: list[tuple[int, NewSurfacing]] = []
        self._counted: Counter[str] = Counter()  # new surfacings of the batch, by employee
        self._before: dict[str, int] = {}  # each employee's surfacings of the day before it

    def round(self, positions: Mapping[str, int]) -> None:
        """The next round: the position of its event of each key."""
        self._positions = positions

    async def surface(self, assessed: Sequence[tuple[Assessment, Opening]]) -> None:
        """Record the new surfacings among ``assessed`` (once per pair) and report new near
        misses; which surfacings are notified and which held back is decided at
        :meth:`release`."""
        uow, now = self._uow, self._now
        matches = [(a, o) for a, o in assessed if a.verdict is Verdict.SURFACE]
        near = [a for a, _ in assessed if a.verdict is Verdict.NEAR_MISS]
        recorded = await uow.opportunities.record(matches, near, now.date(), now)
        new = recorded.surfaced
        for s in new:
            employee_id = s.assessment.employee_id
            self._before.setdefault(employee_id, s.earlier_today - self._counted[employee_id])
        self._counted.update(s.assessment.employee_id for s in new)
        self._new.extend(
            (self._position(s.assessment.employee_id, s.opening.opening_id), s) for s in new
        )
        await self.publish_all(
            [(t.OPPORTUNITIES, wire.near_miss(a, now)) for a in recorded.near_misses]
        )

    async def release(self) -> None:
        """Notify the new surfacings up to each employee's daily cap, cause by cause in position
        order (the best ranked first within one), hold back the rest, and publish everything in
        position order."""
        now = self._now
        causes: dict[tuple[int, str], list[NewSurfacing]] = defaultdict(list)
        for position, s in self._new:
            causes[(position, s.assessment.employee_id)].append(s)
        surfaced_today = dict(self._before)
        held_back: list[str] = []
        for (position, employee_id), surfacings in sorted(causes.items(), key=lambda c: c[0][0]):
            by_opening = {s.opening.opening_id: s for s in surfacings}
            notify, hold = split_by_daily_cap(
                [s.assessment for s in surfacings], surfaced_today[employee_id], self._cap
            )
            surfaced_today[employee_id] += len(surfacings)
            held_back.extend(by_opening[a.opening_id].opportunity_id for a in hold)
            for a in notify:
                s = by_opening[a.opening_id]
                event = wire.surfaced(s.opportunity_id, a, s.opening, s.explanation, now)
                self._held.append((position, _PHASE[type(event)], (t.OPPORTUNITIES, event)))
        await self._uow.opportunities.hold_for_digest(held_back)
        in_order = sorted(self._held, key=lambda held: held[:2])  # stable: each statement's order
        self._held, self._new = [], []
        await self._uow.publish_all([published for _, _, published in in_order])

    def _position(self, employee_id: str, opening_id: str) -> int:
        return self._positions[opening_id if self._by_opening else employee_id]

    # ------------------------------------------------------------------ as a unit of work

    async def publish_all(self, events: Sequence[tuple[Topic, Event]]) -> None:
        for topic, event in events:
            if not isinstance(event, _ABOUT_A_PAIR):
                raise TypeError(f"{type(event).__name__} is not published by a trigger")
            position = self._position(event.employee_id, event.opening_id)
            self._held.append((position, _PHASE[type(event)], (topic, event)))

    async def publish(self, topic: Topic, event: Event) -> None:
        await self.publish_all([(topic, event)])

    @property
    def employees(self) -> Employees:
        return self._uow.employees

    @property
    def openings(self) -> Openings:
        return self._uow.openings

    @property
    def opportunities(self) -> Opportunities:
        return self._uow.opportunities

    @property
    def actions(self) -> Dismissals:
        return self._uow.actions

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._uow.after_commit(callback)

    async def transaction_id(self) -> str:
        return await self._uow.transaction_id()

    async def aborted(self, transaction_ids: Collection[str]) -> set[str]:
        return await self._uow.aborted(transaction_ids)
