"""Use cases: each trigger updates the read model, re-matches what it can change, and publishes
surfacings, withdrawals and near misses in the same transaction (outbox)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import EmployeeStatus, Event
from lattice_platform.contracts.topics import Topic

from lattice_notifier.adapters import wire
from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.adapters.repository import NewSurfacing, NotifierUnitOfWork, Withdrawal
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Assessment, Verdict, assess, ineligibility
from lattice_notifier.domain.model import CareerGoal, Employee, HeldSkill, Opening, Profile
from lattice_notifier.domain.policy import WithdrawalReason, split_by_daily_cap, withdrawal_reason
from lattice_notifier.service_layer.dismissals import not_dismissed
from lattice_notifier.service_layer.index_change import IndexChange

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Matching:
    """What every use case shares: the in-memory index, the policy and the clock."""

    index: MatchIndex
    partitions: int
    daily_cap: int = 5
    clock: Clock = utc_now

    def new_employee(self, employee_id: str) -> Employee:
        return Employee(employee_id, partition_of(employee_id, self.partitions))

    async def current(self, uow: NotifierUnitOfWork, employee_id: str) -> Employee:
        """The index holds the committed state of the employees this consumer handles; while a
        change of the employee is staged (an earlier event of the same batch, not yet committed)
        the read model decides, as it sees that change. Call within :meth:`change`'s block, which
        first drops what rolled-back transactions had staged."""
        held = self.index.employees.get(employee_id)
        if held is not None and not self.index.staged_employee(employee_id):
            return held
        return await uow.employees.get(employee_id) or self.new_employee(employee_id)

    def change(self, uow: NotifierUnitOfWork) -> IndexChange:
        """What a use case changes in the index, staged for its transaction (see
        :class:`IndexChange`)."""
        return IndexChange(self.index, uow)


# --------------------------------------------------------------------------- employee triggers


async def employee_record_changed(
    uow: NotifierUnitOfWork,
    m: Matching,
    employee_id: str,
    profile: Profile,
    skills: dict[str, HeldSkill],
) -> None:
    async with m.change(uow) as change:
        current = await m.current(uow, employee_id)
        if current.profile is not None and current.profile.changed_at >= profile.changed_at:
            return  # an older change never overwrites a newer one
        employee = current.with_profile(profile, skills)
        change.put_employee(employee)
        await _save_and_rematch(uow, m, employee)


@dataclass(frozen=True)
class SkillGained:
    """One ``SkillAcquired``, as the use case needs it."""

    employee_id: str
    skill_id: str
    level: int
    on: date
    newly_acquired: bool = True  # false: a record catching up, not a new skill to apply
    learned: bool = True  # false: declared, with the last use the profile recorded
    last_used_on: date | None = None

    def applied_to(self, employee: Employee) -> Employee:
        if self.learned:
            return employee.with_skill(
                self.skill_id, self.level, self.on, newly_acquired=self.newly_acquired
            )
        return employee.with_declared_skill(
            self.skill_id,
            self.level,
            self.on,
            self.last_used_on,
            newly_acquired=self.newly_acquired,
        )


async def skills_acquired(
    uow: NotifierUnitOfWork, m: Matching, gained: Sequence[SkillGained]
) -> None:
    """Skills gained, in event order: each employee ends with every skill, is matched once
    against the openings that mention any of them, and the batch is written with a few
    statements whatever its size."""
    async with m.change(uow) as change:
        changed: dict[str, tuple[Employee, set[str]]] = {}
        for g in gained:
            if g.employee_id in changed:
                employee, skills = changed[g.employee_id]
            else:
                employee, skills = await m.current(uow, g.employee_id), set()
            employee = g.applied_to(employee)
            change.put_employee(employee)
            changed[g.employee_id] = (employee, skills | {g.skill_id})
        await uow.employees.save_skills(
            [(employee, skill_id) for employee, skills in changed.values() for skill_id in skills]
        )
        now = m.clock()
        today = now.date()
        assessed: list[tuple[Assessment, Opening]] = []
        for employee, skills in changed.values():
            openings = {
                o.opening_id: o
                for skill_id in skills
                for o in m.index.candidates_for_employee(employee, today, skill_id)
            }
            assessed.extend(
                (assess(employee, o, m.index.policy, today), o) for o in openings.values()
            )
        await _surface(uow, m, assessed, now)


async def career_goal_set(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, goal: CareerGoal
) -> None:
    async with m.change(uow) as change:
        current = await m.current(uow, employee_id)
        if current.goal.set_at and goal.set_at and current.goal.set_at >= goal.set_at:
            return
        employee = current.with_goal(goal)
        change.put_employee(employee)
        await _save_and_rematch(uow, m, employee)


async def employee_left(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, left_on: date
) -> None:
    """Withdraw everything surfaced to a leaver. The record's time is left as it is, whatever
    ``left_on`` says: any newer record (a rehire, a rescinded termination, even one before a
    future leaving date) applies at once, as it does in the profile."""
    async with m.change(uow) as change:
        current = await m.current(uow, employee_id)
        if current.profile is not None:
            left = replace(current, profile=replace(current.profile, status=EmployeeStatus.LEFT))
            change.put_employee(left)
            await uow.employees.save(left)
        withdrawn = await uow.opportunities.withdraw_employee(
            employee_id, WithdrawalReason.EMPLOYEE_LEFT, m.clock()
        )
        await _publish_withdrawals(uow, withdrawn, WithdrawalReason.EMPLOYEE_LEFT, m.clock())
        change.remove_employee(employee_id)


async def _save_and_rematch(uow: NotifierUnitOfWork, m: Matching, employee: Employee) -> None:
    """Write a changed employee and match it again. The openings it may be matched with are
    locked before the employee is written: openings before employees is the lock order of
    every writer (an opening's handler holds its opening when it locks employees)."""
    openings = m.index.candidates_for_employee(employee, m.clock().date(), None)
    await uow.openings.lock_for_surfacing(o.opening_id for o in openings)
    await uow.employees.save(employee)
    await rematch_employee(uow, m, employee, changed_skill=None, openings=openings)


async def rematch_employee(
    uow: NotifierUnitOfWork,
    m: Matching,
    employee: Employee,
    changed_skill: str | None,
    openings: Sequence[Opening] | None = None,
) -> None:
    """Match one employee against the open openings the change can affect (``openings`` when
    already found). A change of record or goal (``changed_skill`` None) may also end
    eligibility for what was surfaced: withdrawn."""
    now = m.clock()
    today = now.date()
    if openings is None:
        openings = m.index.candidates_for_employee(employee, today, changed_skill)
    assessed = [(assess(employee, o, m.index.policy, today), o) for o in openings]
    if changed_skill is None:
        await _withdraw_ineligible(uow, await _active_pairs_of(uow, m, employee), now)
    await _surface(uow, m, assessed, now)


async def _active_pairs_of(
    uow: NotifierUnitOfWork, m: Matching, employee: Employee
) -> list[tuple[Employee, Opening]]:
    pairs = []
    for opening_id in await uow.opportunities.active_openings_of(employee.employee_id):
        opening = m.index.openings.get(opening_id)
        if opening is not None:
            pairs.append((employee, opening))
    return pairs


# --------------------------------------------------------------------------- opening triggers


async def opening_published(
    uow: NotifierUnitOfWork, m: Matching, details: ev.OpeningDetails, version_at: datetime
) -> None:
    """Posted or updated: match it against the employees this instance holds; withdraw what the
    update made ineligible."""
    async with m.change(uow) as change:
        if not await uow.openings.open(details, version_at):
            return
        opening = wire.opening_of(details)
        change.put_opening(opening)
        now = m.clock()
        today = now.date()
        candidates = m.index.candidates_for_opening(opening, today)
        assessed = [(assess(e, opening, m.index.policy, today), opening) for e in candidates]
        active_ids = await uow.opportunities.active_employees_for(opening.opening_id)
        # Before any opportunity row: employees after openings, in id order, as every writer does.
        await uow.employees.lock_for_surfacing(
            [a.employee_id for a, _ in assessed if a.verdict is Verdict.SURFACE] + active_ids
        )
        active = [(m.index.employees[e], opening) for e in active_ids if e in m.index.employees]
        await _withdraw_ineligible(uow, active, now)
        await _surface(uow, m, assessed, now)


async def opening_closed(uow: NotifierUnitOfWork, m: Matching, opening_id: str) -> None:
    async with m.change(uow) as change:
        now = m.clock()
        await uow.openings.close(opening_id, now)
        withdrawn = await uow.opportunities.withdraw_opening(
            opening_id, WithdrawalReason.OPENING_CLOSED, now
        )
        await _publish_withdrawals(uow, withdrawn, WithdrawalReason.OPENING_CLOSED, now)
        change.remove_opening(opening_id)


# --------------------------------------------------------------------------- ownership


async def load_index(uow: NotifierUnitOfWork, m: Matching, partitions: Sequence[int]) -> None:
    """Fill the index from the read model: every open opening, the employees of ``partitions``."""
    for opening in await uow.openings.all_open():
        m.index.put_opening(opening)
    for employee in await uow.employees.in_partitions(partitions):
        m.index.put_employee(employee)


async def take_partitions(
    uow: NotifierUnitOfWork, m: Matching, partitions: Sequence[int]
) -> list[Employee]:
    """Hold the employees of newly assigned partitions and match them against every open opening,
    in case an opening went by while no instance held them (once per pair still holds)."""
    async with m.change(uow):  # committed rows: indexed at once; only staging is settled
        employees = await uow.employees.in_partitions(partitions)
        for employee in employees:
            m.index.put_employee(employee)
        for employee in employees:
            await rematch_employee(uow, m, employee, changed_skill=None)
    return employees


# --------------------------------------------------------------------------- digests


async def publish_due_digests(uow: NotifierUnitOfWork, m: Matching) -> int:
    """One digest per employee and past day, of the surfacings the daily cap held back."""
    now = m.clock()
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


# --------------------------------------------------------------------------- shared steps


async def _withdraw_ineligible(
    uow: NotifierUnitOfWork,
    active: Sequence[tuple[Employee, Opening]],
    now: datetime,
) -> None:
    by_reason: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for employee, opening in active:
        blocked = ineligibility(employee, opening, now.date())
        if blocked is not None:
            by_reason[withdrawal_reason(blocked)].append((employee.employee_id, opening.opening_id))
    for reason, pairs in by_reason.items():
        withdrawn = await uow.opportunities.withdraw_pairs(pairs, reason, now)
        await _publish_withdrawals(uow, withdrawn, reason, now)


async def _surface(
    uow: NotifierUnitOfWork,
    m: Matching,
    assessed: Sequence[tuple[Assessment, Opening]],
    now: datetime,
) -> None:
    matches = await not_dismissed(
        uow, [(a, o) for a, o in assessed if a.verdict is Verdict.SURFACE]
    )
    new = await uow.opportunities.insert_new(matches, now.date(), now)
    per_employee: dict[str, list[NewSurfacing]] = defaultdict(list)
    for surfacing in new:
        per_employee[surfacing.assessment.employee_id].append(surfacing)
    held_back: list[str] = []
    published: list[tuple[Topic, Event]] = []
    for surfacings in per_employee.values():
        by_opening = {s.opening.opening_id: s for s in surfacings}
        notify, hold = split_by_daily_cap(
            [s.assessment for s in surfacings], surfacings[0].earlier_today, m.daily_cap
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
    near = [a for a, _ in assessed if a.verdict is Verdict.NEAR_MISS]
    for a in await uow.opportunities.new_near_misses(near, now):
        published.append((t.OPPORTUNITIES, wire.near_miss(a, now)))
    await uow.publish_all(published)


async def _publish_withdrawals(
    uow: NotifierUnitOfWork, withdrawn: Sequence[Withdrawal], reason: str, now: datetime
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
