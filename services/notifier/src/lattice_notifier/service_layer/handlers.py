"""Use cases: each trigger decides the new state of the read model and hands it to a
:class:`MatchingChange`, which saves it, re-matches what it can change, and publishes surfacings,
withdrawals and near misses in the same transaction (outbox)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, aclosing
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from lattice_platform.clock import Clock, utc_now

from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import CareerGoal, Employee, HeldSkill, Opening, Profile
from lattice_notifier.service_layer.matching_change import (
    EmployeeRound,
    MatchingChange,
    OpeningRound,
)
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


@dataclass(frozen=True)
class RecordChanged:
    """One ``EmployeeUpserted``. ``erased``: HR erased the person, so the notes they wrote go
    too, whatever the order of the records (the state of each pair stays: the dismissal rules
    read it)."""

    employee_id: str
    profile: Profile
    skills: Mapping[str, HeldSkill]
    erased: bool = False


@dataclass(frozen=True)
class GoalSet:
    employee_id: str
    goal: CareerGoal


@dataclass(frozen=True)
class Left:
    """Withdraw everything surfaced to a leaver. The record's time is left as it is, whatever
    ``left_on`` says: any newer record (a rehire, a rescinded termination, even one before a
    future leaving date) applies at once, as it does in the profile."""

    employee_id: str
    left_on: date


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


EmployeeChange = RecordChanged | GoalSet | Left | SkillGained


async def employee_changes(
    uow: NotifierUnitOfWork, m: Matching, changes: Sequence[EmployeeChange]
) -> None:
    """A batch of one partition's employee events, in offset order, handled in rounds: round
    *r* holds the *r*-th change of each employee, and each round is handled with a statement per
    kind (:meth:`MatchingChange.change_employees`). An employee's changes do not reach anyone
    else's, so each has the effect, and publishes what, it would have alone; consecutive skills
    of one employee are one change, matched once, as :func:`skills_acquired` does."""
    async with m.change(uow) as change:
        for round_ in _rounds(changes, lambda c: c.employee_id, _skills_together):
            current = await change.employees({c.employee_id for _, (c, *_) in round_})
            todo = EmployeeRound()
            for position, (first, *more) in round_:
                employee = current[first.employee_id]
                if isinstance(first, SkillGained):
                    gained = [first, *(g for g in more if isinstance(g, SkillGained))]
                    for g in gained:
                        employee = g.applied_to(employee)
                    todo.gained.append((position, employee, frozenset(g.skill_id for g in gained)))
                elif isinstance(first, Left):
                    todo.left.append((position, employee.as_left()))
                elif isinstance(first, GoalSet):
                    if not _older_goal(employee, first.goal):
                        todo.saved.append((position, employee.with_goal(first.goal)))
                else:
                    if first.erased:
                        await uow.actions.forget_words_of(first.employee_id)
                    if not _older_record(employee, first.profile):
                        todo.saved.append(
                            (position, employee.with_profile(first.profile, first.skills))
                        )
            await change.change_employees(todo)


def _older_record(current: Employee, profile: Profile) -> bool:
    """An older change never overwrites a newer one."""
    return current.profile is not None and current.profile.changed_at >= profile.changed_at


def _older_goal(current: Employee, goal: CareerGoal) -> bool:
    return bool(current.goal.set_at and goal.set_at and current.goal.set_at >= goal.set_at)


def _skills_together(earlier: EmployeeChange, later: EmployeeChange) -> bool:
    return isinstance(earlier, SkillGained) and isinstance(later, SkillGained)


async def employee_record_changed(
    uow: NotifierUnitOfWork,
    m: Matching,
    employee_id: str,
    profile: Profile,
    skills: dict[str, HeldSkill],
    *,
    erased: bool = False,
) -> None:
    await employee_changes(uow, m, [RecordChanged(employee_id, profile, skills, erased)])


async def skills_acquired(
    uow: NotifierUnitOfWork, m: Matching, gained: Sequence[SkillGained]
) -> None:
    """Skills gained, in event order: each employee ends with every skill, is matched once
    against the openings that mention any of them, and the batch is written with a few
    statements whatever its size."""
    async with m.change(uow) as change:
        current = await change.employees({g.employee_id for g in gained})
        changed: dict[str, tuple[Employee, set[str]]] = {}
        for g in gained:
            employee, skills = changed.get(g.employee_id, (current[g.employee_id], set()))
            changed[g.employee_id] = (g.applied_to(employee), skills | {g.skill_id})
        await change.save_skills(list(changed.values()))


async def career_goal_set(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, goal: CareerGoal
) -> None:
    await employee_changes(uow, m, [GoalSet(employee_id, goal)])


async def employee_left(
    uow: NotifierUnitOfWork, m: Matching, employee_id: str, left_on: date
) -> None:
    await employee_changes(uow, m, [Left(employee_id, left_on)])


# --------------------------------------------------------------------------- opening triggers


@dataclass(frozen=True)
class OpeningPublished:
    """Posted or updated, at ``version_at``."""

    opening: Opening
    version_at: datetime

    @property
    def opening_id(self) -> str:
        return self.opening.opening_id


@dataclass(frozen=True)
class OpeningClosed:
    opening_id: str


OpeningChange = OpeningPublished | OpeningClosed


async def opening_changes(
    uow: NotifierUnitOfWork, m: Matching, changes: Sequence[OpeningChange]
) -> None:
    """A batch of opening events, in offset order, handled in rounds as
    :func:`employee_changes` does: round *r* holds the *r*-th change of each opening. Openings
    reach one another only through each employee's daily cap, which the batch applies in offset
    order (:class:`Announcements`)."""
    async with m.change(uow) as change:
        for round_ in _rounds(changes, lambda c: c.opening_id, lambda _, __: False):
            todo = OpeningRound()
            for position, (c, *_) in round_:
                if isinstance(c, OpeningPublished):
                    todo.published.append((position, c.opening, c.version_at))
                else:
                    todo.closed.append((position, c.opening_id))
            await change.change_openings(todo)


async def opening_published(
    uow: NotifierUnitOfWork, m: Matching, opening: Opening, version_at: datetime
) -> None:
    """Posted or updated: match it against the employees this instance holds; withdraw what the
    update made ineligible."""
    await opening_changes(uow, m, [OpeningPublished(opening, version_at)])


async def opening_closed(uow: NotifierUnitOfWork, m: Matching, opening_id: str) -> None:
    await opening_changes(uow, m, [OpeningClosed(opening_id)])


# --------------------------------------------------------------------------- rounds

C = TypeVar("C")


def _rounds(
    changes: Sequence[C], key: Callable[[C], str], together: Callable[[C, C], bool]
) -> list[list[tuple[int, list[C]]]]:
    """``changes`` (in offset order) cut into rounds: round *r* holds the *r*-th entry of each
    key, with the position of its first change. An entry is one change, or consecutive changes
    of one key that go ``together``."""
    entries: dict[str, list[tuple[int, list[C]]]] = {}
    for position, c in enumerate(changes):
        mine = entries.setdefault(key(c), [])
        if mine and together(mine[-1][1][-1], c):
            mine[-1][1].append(c)
        else:
            mine.append((position, [c]))
    most = max((len(e) for e in entries.values()), default=0)
    return [[e[r] for e in entries.values() if r < len(e)] for r in range(most)]


# --------------------------------------------------------------------------- ownership


async def load_index(uow: NotifierUnitOfWork, m: Matching, partitions: Sequence[int]) -> None:
    """Fill the index from the read model: every open opening, then the employees of
    ``partitions``, a batch at a time, each made once, with the index's shared values."""
    for opening in await uow.openings.all_open():
        m.index.put_opening(opening)
    async with aclosing(uow.employees.stream(partitions, m.index.values)) as batches:
        async for employees in batches:
            for employee in employees:
                m.index.put_employee(employee, shared=True)


TAKEOVER_BATCH = 2_000
"""Employees a takeover catches up in one transaction: a close, departure or opt-out of one of
the rows it locks waits for it (bench/README.md, *A takeover's transactions*)."""


async def take_partitions(
    reader: NotifierUnitOfWork,
    each_batch: Callable[[], AbstractAsyncContextManager[NotifierUnitOfWork]],
    m: Matching,
    partitions: Sequence[int],
) -> int:
    """Hold the employees of newly assigned partitions and match them against every open opening,
    in case an opening went by while no instance held them (once per pair still holds): read
    through ``reader`` as a restart reads them (one snapshot), and each batch caught up in a
    transaction of its own (``each_batch``), so that the rows the catch-up locks stay locked for
    one batch (about a second), not for the whole takeover. How many were taken."""
    taken = 0
    read = reader.employees.stream(partitions, m.index.values, TAKEOVER_BATCH)
    async with aclosing(read) as batches:
        async for employees in batches:
            async with each_batch() as uow, m.change(uow) as change:
                await change.hold_employees(employees)
            taken += len(employees)
    return taken


# --------------------------------------------------------------------------- digests


async def publish_due_digests(uow: NotifierUnitOfWork, m: Matching) -> int:
    """One digest per employee and past day, of the surfacings the daily cap held back."""
    return await m.notices.publish_due_digests(uow, m.clock())
