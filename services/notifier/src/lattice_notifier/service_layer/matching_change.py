"""One use case's change of the read model, with everything that follows from it, as one construct:

    async with matching.change(uow) as change:
        current = await change.employees([employee_id])
        await change.change_employees(
            EmployeeRound(saved=[(0, current[employee_id].with_goal(goal))])
        )
    # committed: the index holds the new employee; rolled back: nothing of it remains

Each operation runs the whole sequence a change needs, in its one safe order: stage the new state
in the index (so the other consumer matches against it), lock what the re-match will surface
(openings before employees, each in id order: the lock order of every writer), save, re-match,
withdraw and publish (what a batch's rounds publish is held to its end: :class:`Announcements`).
What was staged reaches the index when the transaction commits, and is
forgotten if it does not (:class:`IndexChange`). A handler decides what the new state is; it
cannot stage without saving, save without re-matching, or index before the commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Assessment, Verdict, assess
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.domain.policy import WithdrawalReason
from lattice_notifier.service_layer.announcements import Announcements
from lattice_notifier.service_layer.index_change import IndexChange
from lattice_notifier.service_layer.notices import Notices
from lattice_notifier.service_layer.unit_of_work import NotifierUnitOfWork


@dataclass
class EmployeeRound:
    """One round of employee changes, each with its event's position in the batch; an employee
    once in a round."""

    saved: list[tuple[int, Employee]] = field(default_factory=list)  # a new record or goal
    gained: list[tuple[int, Employee, frozenset[str]]] = field(default_factory=list)  # skills
    left: list[tuple[int, Employee]] = field(default_factory=list)  # marked left

    def positions(self) -> dict[str, int]:
        return {
            e.employee_id: p
            for p, e in [*self.saved, *((p, e) for p, e, _ in self.gained), *self.left]
        }


@dataclass
class OpeningRound:
    """One round of opening changes, each with its event's position in the batch; an opening
    once in a round."""

    published: list[tuple[int, Opening, datetime]] = field(default_factory=list)  # its version
    closed: list[tuple[int, str]] = field(default_factory=list)

    def positions(self) -> dict[str, int]:
        return {o.opening_id: p for p, o, _ in self.published} | {i: p for p, i in self.closed}


class MatchingChange:
    def __init__(
        self,
        uow: NotifierUnitOfWork,
        staging: IndexChange,
        *,
        index: MatchIndex,
        notices: Notices,
        clock: Callable[[], datetime],
        partitions: int,
    ) -> None:
        self._uow = uow
        self._staging = staging
        self._index = index
        self._notices = notices
        self._clock = clock
        self._partitions = partitions
        self._open = True
        self._announced: Announcements | None = None  # what the rounds publish, in order
        self._changed: dict[str, Employee] = {}  # each employee as this change left them
        self._started_at: datetime | None = None

    @classmethod
    @asynccontextmanager
    async def begin(
        cls,
        uow: NotifierUnitOfWork,
        index: MatchIndex,
        *,
        notices: Notices,
        clock: Callable[[], datetime],
        partitions: int,
    ) -> AsyncIterator[MatchingChange]:
        """A change for the block: what it stages reaches ``index`` once ``uow`` commits."""
        async with IndexChange(index, uow) as staging:
            change = cls(
                uow, staging, index=index, notices=notices, clock=clock, partitions=partitions
            )
            try:
                yield change
                if change._announced is not None:
                    await change._announced.release()
            finally:
                change._open = False

    # ------------------------------------------------------------------ employees

    async def save_skills(self, changed: Sequence[tuple[Employee, Collection[str]]]) -> None:
        """Employees who gained ``skills`` (each employee once, with every skill they gained):
        saved with a few statements, and each matched against the openings that mention any of
        their new skills (gaining a skill ends no eligibility: nothing is withdrawn). The skills
        are saved with what the matching found, in one statement."""
        self._check_open()
        for employee, _ in changed:
            self._staging.put_employee(employee)
        now = self._clock()
        today = now.date()
        assessed: list[tuple[Assessment, Opening]] = []
        for employee, skills in changed:
            openings = {
                o.opening_id: o
                for skill_id in skills
                for o in self._index.candidates_for_employee(employee, today, skill_id)
            }
            assessed.extend(
                (assess(employee, o, self._index.policy, today), o) for o in openings.values()
            )
        await self._notices.surface(
            self._uow,
            assessed,
            now,
            skills=[(employee, skill_id) for employee, skills in changed for skill_id in skills],
        )

    async def employees(self, employee_ids: Collection[str]) -> dict[str, Employee]:
        """Each of ``employee_ids`` as this transaction sees them, with one read of the read
        model for those the index cannot answer for. The index holds the committed state of the
        employees this consumer handles; while a change of an employee is staged (by a
        transaction not yet committed) the read model decides, as it sees that change. An
        employee an earlier round of this change saved is as it left them. Unknown: an employee
        with no record yet, never eligible."""
        self._check_open()
        found: dict[str, Employee] = {}
        unknown: list[str] = []
        for employee_id in employee_ids:
            mine = self._changed.get(employee_id)
            held = self._index.employees.get(employee_id)
            if mine is not None:
                found[employee_id] = mine
            elif held is not None and not self._index.staged_employee(employee_id):
                found[employee_id] = held
            else:
                unknown.append(employee_id)
        stored = await self._uow.employees.get_all(unknown) if unknown else {}
        for employee_id in unknown:
            found[employee_id] = stored.get(employee_id) or Employee(
                employee_id, partition_of(employee_id, self._partitions)
            )
        return found

    async def change_employees(self, round_: EmployeeRound) -> None:
        """One round of employee changes, each employee once, with a statement per kind: the
        changed records and goals matched again against every opening they might match (and
        what they are no longer eligible for withdrawn), the skills gained matched against the
        openings that mention them (gaining a skill ends no eligibility), the leavers' records
        saved (when known) and everything surfaced to them withdrawn, out of the index on
        commit."""
        self._check_open()
        now, today, policy = self._now, self._now.date(), self._index.policy
        out = self._announcements(by_opening=False)
        out.round(round_.positions())
        for _, employee in round_.saved:
            self._stage(employee)
        for _, employee, _ in round_.gained:
            self._stage(employee)
        for _, employee in round_.left:
            if employee.profile is None:
                self._changed[employee.employee_id] = employee
            else:
                self._stage(employee)
        rematched = [
            (employee, self._index.candidates_for_employee(employee, today, None))
            for _, employee in round_.saved
        ]
        gained = [
            (
                employee,
                {
                    o.opening_id: o
                    for skill_id in skills
                    for o in self._index.candidates_for_employee(employee, today, skill_id)
                },
            )
            for _, employee, skills in round_.gained
        ]
        await self._uow.openings.lock_for_surfacing(
            [o.opening_id for _, openings in rematched for o in openings]
            + [opening_id for _, openings in gained for opening_id in openings]
        )
        await self._uow.employees.save_all(
            [e for _, e in round_.saved] + [e for _, e in round_.left if e.profile is not None]
        )
        await self._uow.employees.save_skills(
            [(employee, skill_id) for _, employee, skills in round_.gained for skill_id in skills]
        )
        reason = WithdrawalReason.EMPLOYEE_LEFT
        for _, employee in round_.left:
            withdrawn = await self._uow.opportunities.withdraw_employee(
                employee.employee_id, reason, now
            )
            await self._notices.publish_withdrawals(out, withdrawn, reason, now)
            self._staging.remove_employee(employee.employee_id)
        active = await self._still_surfaced([employee for employee, _ in rematched])
        await self._notices.withdraw_ineligible(out, active, now)
        await out.surface(
            [(assess(e, o, policy, today), o) for e, openings in rematched for o in openings]
            + [
                (assess(e, o, policy, today), o)
                for e, openings in gained
                for o in openings.values()
            ]
        )

    async def hold_employees(self, employees: Sequence[Employee]) -> None:
        """Employees of partitions newly assigned to this instance, as committed in the read
        model and made with the index's shared values (``EmployeeRepository.stream``): indexed
        at once, then matched against every open opening (one may have gone by while no
        instance held them), with a statement of each kind for all of them: what they are no
        longer eligible for withdrawn, then what they match surfaced."""
        self._check_open()
        for employee in employees:
            self._index.put_employee(employee, shared=True)
        now = self._clock()
        policy, today = self._index.policy, now.date()
        active = await self._still_surfaced(employees)
        await self._notices.withdraw_ineligible(self._uow, active, now)
        await self._notices.surface(
            self._uow,
            [
                (assess(employee, o, policy, today), o)
                for employee in employees
                for o in self._index.candidates_for_employee(employee, today, None)
            ],
            now,
        )

    # ------------------------------------------------------------------ openings

    async def change_openings(self, round_: OpeningRound) -> None:
        """One round of opening changes, each opening once, with a statement per kind. Posted
        or updated (ignored when closed already or older than the version held): matched
        against the employees this instance holds, and what the update made someone ineligible
        for withdrawn. Closed for good: everything surfaced for it withdrawn, out of the index
        on commit."""
        self._check_open()
        now, today, policy = self._now, self._now.date(), self._index.policy
        out = self._announcements(by_opening=True)
        out.round(round_.positions())
        for _, opening_id in sorted(round_.closed, key=lambda c: c[1]):
            await self._uow.openings.close(opening_id, now)
        stored = await self._uow.openings.open_all(
            [(opening, version_at) for _, opening, version_at in round_.published]
        )
        posted = [o for _, o, _ in round_.published if o.opening_id in stored]
        for opening in posted:
            self._staging.put_opening(opening)
        assessed = [
            (assess(e, opening, policy, today), opening)
            for opening in posted
            for e in self._index.candidates_for_opening(opening, today)
        ]
        active_for = await self._uow.opportunities.active_employees_for_all(
            [o.opening_id for o in posted]
        )
        # Before any opportunity row: employees after openings, in id order, as every writer does.
        await self._uow.employees.lock_for_surfacing(
            [a.employee_id for a, _ in assessed if a.verdict is Verdict.SURFACE]
            + [employee_id for ids in active_for.values() for employee_id in ids]
        )
        held = self._index.employees
        active = [
            (held[employee_id], opening)
            for opening in posted
            for employee_id in active_for.get(opening.opening_id, ())
            if employee_id in held
        ]
        await self._notices.withdraw_ineligible(out, active, now)
        await out.surface(assessed)
        reason = WithdrawalReason.OPENING_CLOSED
        for _, opening_id in round_.closed:
            withdrawn = await self._uow.opportunities.withdraw_opening(opening_id, reason, now)
            await self._notices.publish_withdrawals(out, withdrawn, reason, now)
            self._staging.remove_opening(opening_id)

    # ------------------------------------------------------------------ rounds

    async def _still_surfaced(
        self, employees: Sequence[Employee]
    ) -> list[tuple[Employee, Opening]]:
        """Each of ``employees`` with the held openings surfaced to them and still active: what
        their re-match may withdraw."""
        active_of = await self._uow.opportunities.active_openings_of_all(
            [employee.employee_id for employee in employees]
        )
        openings = self._index.openings
        return [
            (employee, openings[opening_id])
            for employee in employees
            for opening_id in active_of.get(employee.employee_id, ())
            if opening_id in openings
        ]

    def _stage(self, employee: Employee) -> None:
        self._staging.put_employee(employee)
        self._changed[employee.employee_id] = employee

    @property
    def _now(self) -> datetime:
        """The time of the whole change: its rounds publish together, with one daily count."""
        if self._started_at is None:
            self._started_at = self._clock()
        return self._started_at

    def _announcements(self, *, by_opening: bool) -> Announcements:
        if self._announced is None:
            self._announced = Announcements(
                self._uow, daily_cap=self._notices.daily_cap, now=self._now, by_opening=by_opening
            )
        return self._announced

    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("a MatchingChange is used inside its 'async with' block only")
