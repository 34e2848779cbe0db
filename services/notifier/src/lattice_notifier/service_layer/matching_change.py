"""One use case's change of the read model, with everything that follows from it, as one construct:

    async with matching.change(uow) as change:
        current = await change.employee(employee_id)
        await change.save_employee(current.with_goal(goal))
    # committed: the index holds the new employee; rolled back: nothing of it remains

Each operation runs the whole sequence a change needs, in its one safe order: stage the new state
in the index (so the other consumer matches against it), lock what the re-match will surface
(openings before employees, each in id order: the lock order of every writer), save, re-match,
withdraw and publish. What was staged reaches the index when the transaction commits, and is
forgotten if it does not (:class:`IndexChange`). A handler decides what the new state is; it
cannot stage without saving, save without re-matching, or index before the commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Assessment, Verdict, assess
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.domain.policy import WithdrawalReason
from lattice_notifier.service_layer.index_change import IndexChange
from lattice_notifier.service_layer.notices import Notices
from lattice_notifier.service_layer.unit_of_work import NotifierUnitOfWork


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
            finally:
                change._open = False

    # ------------------------------------------------------------------ employees

    async def employee(self, employee_id: str) -> Employee:
        """The employee as this transaction sees them. The index holds the committed state of the
        employees this consumer handles; while a change of the employee is staged (an earlier
        event of the same batch, not yet committed) the read model decides, as it sees that
        change. Unknown: an employee with no record yet, never eligible."""
        self._check_open()
        held = self._index.employees.get(employee_id)
        if held is not None and not self._index.staged_employee(employee_id):
            return held
        found = await self._uow.employees.get(employee_id)
        return found or Employee(employee_id, partition_of(employee_id, self._partitions))

    async def save_employee(self, employee: Employee) -> None:
        """A changed record or goal: match the employee again against every opening they might
        match, and withdraw what they are no longer eligible for."""
        self._check_open()
        self._staging.put_employee(employee)
        now = self._clock()
        openings = self._index.candidates_for_employee(employee, now.date(), None)
        await self._uow.openings.lock_for_surfacing(o.opening_id for o in openings)
        await self._uow.employees.save(employee)
        await self._rematch(employee, openings, now)

    async def save_skills(self, changed: Sequence[tuple[Employee, Collection[str]]]) -> None:
        """Employees who gained ``skills`` (each employee once, with every skill they gained):
        saved with a few statements, and each matched against the openings that mention any of
        their new skills (gaining a skill ends no eligibility: nothing is withdrawn)."""
        self._check_open()
        for employee, _ in changed:
            self._staging.put_employee(employee)
        await self._uow.employees.save_skills(
            [(employee, skill_id) for employee, skills in changed for skill_id in skills]
        )
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
        await self._notices.surface(self._uow, assessed, now)

    async def remove_employee(self, employee: Employee) -> None:
        """A leaver: their record saved as ``employee`` says (when known), everything surfaced to
        them withdrawn, and out of the index on commit."""
        self._check_open()
        if employee.profile is not None:
            self._staging.put_employee(employee)
            await self._uow.employees.save(employee)
        now = self._clock()
        reason = WithdrawalReason.EMPLOYEE_LEFT
        withdrawn = await self._uow.opportunities.withdraw_employee(
            employee.employee_id, reason, now
        )
        await self._notices.publish_withdrawals(self._uow, withdrawn, reason, now)
        self._staging.remove_employee(employee.employee_id)

    async def hold_employees(self, employees: Sequence[Employee]) -> None:
        """Employees of partitions newly assigned to this instance, as committed in the read
        model: indexed at once, then matched against every open opening (one may have gone by
        while no instance held them)."""
        self._check_open()
        for employee in employees:
            self._index.put_employee(employee)
        now = self._clock()
        for employee in employees:
            openings = self._index.candidates_for_employee(employee, now.date(), None)
            await self._rematch(employee, openings, now)

    async def _rematch(
        self, employee: Employee, openings: Sequence[Opening], now: datetime
    ) -> None:
        """Withdraw what ``employee`` is no longer eligible for, then surface what they match
        among ``openings``."""
        policy, today = self._index.policy, now.date()
        assessed = [(assess(employee, o, policy, today), o) for o in openings]
        active = []
        for opening_id in await self._uow.opportunities.active_openings_of(employee.employee_id):
            opening = self._index.openings.get(opening_id)
            if opening is not None:
                active.append((employee, opening))
        await self._notices.withdraw_ineligible(self._uow, active, now)
        await self._notices.surface(self._uow, assessed, now)

    # ------------------------------------------------------------------ openings

    async def save_opening(self, opening: Opening, version_at: datetime) -> None:
        """An opening posted or updated (ignored when closed already or older than the version
        held): matched against the employees this instance holds; what the update made someone
        ineligible for is withdrawn."""
        self._check_open()
        if not await self._uow.openings.open(opening, version_at):
            return
        self._staging.put_opening(opening)
        now = self._clock()
        today = now.date()
        candidates = self._index.candidates_for_opening(opening, today)
        assessed = [(assess(e, opening, self._index.policy, today), opening) for e in candidates]
        active_ids = await self._uow.opportunities.active_employees_for(opening.opening_id)
        # Before any opportunity row: employees after openings, in id order, as every writer does.
        await self._uow.employees.lock_for_surfacing(
            [a.employee_id for a, _ in assessed if a.verdict is Verdict.SURFACE] + active_ids
        )
        held = self._index.employees
        active = [(held[e], opening) for e in active_ids if e in held]
        await self._notices.withdraw_ineligible(self._uow, active, now)
        await self._notices.surface(self._uow, assessed, now)

    async def close_opening(self, opening_id: str) -> None:
        """Closed for good: everything surfaced for it withdrawn, out of the index on commit."""
        self._check_open()
        now = self._clock()
        await self._uow.openings.close(opening_id, now)
        reason = WithdrawalReason.OPENING_CLOSED
        withdrawn = await self._uow.opportunities.withdraw_opening(opening_id, reason, now)
        await self._notices.publish_withdrawals(self._uow, withdrawn, reason, now)
        self._staging.remove_opening(opening_id)

    def _check_open(self) -> None:
        if not self._open:
            raise RuntimeError("a MatchingChange is used inside its 'async with' block only")
