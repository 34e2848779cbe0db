"""Use cases: each trigger decides the new state of the read model and hands it to a
:class:`MatchingChange`, which saves it, re-matches what it can change, and publishes surfacings,
withdrawals and near misses in the same transaction (outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime

from lattice_platform.clock import Clock, utc_now

from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import CareerGoal, Employee, HeldSkill, Opening, Profile
from lattice_notifier.service_layer.matching_change import MatchingChange
from lattice_notifier.service_layer.notices import Notices
from lattice_notifier.service_layer.unit_of_work import NotifierUnitOfWork


@dataclass
class Matching:
    """The matching engine every use case shares: the index of the employees (of ``partitions``
    partitions, those this instance holds) and openings, the notification policy and the clock.
    A use case changes any of it only through :meth:`change`."""

    index: MatchIndex
    partitions: int
    daily_cap: int = 5
    clock: Clock = utc_now

    @property
    def notices(self) -> Notices:
        return Notices(self.daily_cap)

    def change(self, uow: NotifierUnitOfWork) -> AbstractAsyncContextManager[MatchingChange]:
        """This use case's change, in ``uow``'s transaction (see :class:`MatchingChange`)."""
        return MatchingChange.begin(
            uow, self.index, notices=self.notices, clock=self.clock, partitions=self.partitions
        )


# --------------------------------------------------------------------------- employee triggers


async def employee_record_changed(
    uow: NotifierUnitOfWork,
    m: Matching,
    employee_id: str,
    profile: Profile,
    skills: dict[str, HeldSkill],
    *,
    erased: bool = False,
) -> None:
    """``erased``: HR erased the person, so the notes they wrote go too, whatever the order of
    the records (the state of each pair stays: the dismissal rules read it)."""
    async with m.change(uow) as change:
        if erased:
            await uow.actions.forget_words_of(employee_id)
        current = await change.employee(employee_id)
        if current.profile is not None and current.profile.changed_at >= profile.changed_at:
            return  # an older change never overwrites a newer one
        await change.save_employee(current.with_profile(profile, skills))


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
                employee, skills = await change.employee(g.employee_id), set()
            changed[g.employee_id] = (g.applied_to(employee), skills | {g.skill_id})
        await change.save_skills(list(changed.values()))


async def career_goal_set(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, goal: CareerGoal
) -> None:
    async with m.change(uow) as change:
        current = await change.employee(employee_id)
        if current.goal.set_at and goal.set_at and current.goal.set_at >= goal.set_at:
            return
        await change.save_employee(current.with_goal(goal))


async def employee_left(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, left_on: date
) -> None:
    """Withdraw everything surfaced to a leaver. The record's time is left as it is, whatever
    ``left_on`` says: any newer record (a rehire, a rescinded termination, even one before a
    future leaving date) applies at once, as it does in the profile."""
    async with m.change(uow) as change:
        current = await change.employee(employee_id)
        await change.remove_employee(current.as_left())


# --------------------------------------------------------------------------- opening triggers


async def opening_published(
    uow: NotifierUnitOfWork, m: Matching, opening: Opening, version_at: datetime
) -> None:
    """Posted or updated: match it against the employees this instance holds; withdraw what the
    update made ineligible."""
    async with m.change(uow) as change:
        await change.save_opening(opening, version_at)


async def opening_closed(uow: NotifierUnitOfWork, m: Matching, opening_id: str) -> None:
    async with m.change(uow) as change:
        await change.close_opening(opening_id)


# --------------------------------------------------------------------------- ownership


async def load_index(uow: NotifierUnitOfWork, m: Matching, partitions: Sequence[int]) -> None:
    """Fill the index from the read model: every open opening, the employees of ``partitions``,
    a partition at a time (at 1M employees, the rows of all of them at once took gigabytes)."""
    for opening in await uow.openings.all_open():
        m.index.put_opening(opening)
    for partition in partitions:
        for employee in await uow.employees.in_partitions([partition]):
            m.index.put_employee(employee)


async def take_partitions(
    uow: NotifierUnitOfWork, m: Matching, partitions: Sequence[int]
) -> list[Employee]:
    """Hold the employees of newly assigned partitions and match them against every open opening,
    in case an opening went by while no instance held them (once per pair still holds)."""
    async with m.change(uow) as change:
        employees = await uow.employees.in_partitions(partitions)
        await change.hold_employees(employees)
    return employees


# --------------------------------------------------------------------------- digests


async def publish_due_digests(uow: NotifierUnitOfWork, m: Matching) -> int:
    """One digest per employee and past day, of the surfacings the daily cap held back."""
    return await m.notices.publish_due_digests(uow, m.clock())
