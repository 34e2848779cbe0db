"""An in-memory unit of work for unit tests of the notifier's use cases: the protocol PostgreSQL
meets (``service_layer/unit_of_work.py``), with the same rules its SQL enforces (once per active
pair, nothing to a closed opening or a leaver, the daily count, claims of digests);
test_notifier_unit_of_work.py runs the same cases on both."""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Collection,
    Iterable,
    Sequence,
)
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime

from lattice_devstack.testing.fakes import RecordingUnitOfWork
from lattice_notifier.adapters.wire import explanation_of
from lattice_notifier.domain.actions import material_terms
from lattice_notifier.domain.index import SharedValues
from lattice_notifier.domain.matching import Assessment
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.service_layer.unit_of_work import (
    HeldBack,
    NewSurfacing,
    Recorded,
    Withdrawal,
)
from lattice_platform.contracts.base import EmployeeStatus


class FakeEmployees:
    def __init__(self, locks: list[tuple[str, str]]) -> None:
        self.rows: dict[str, Employee] = {}
        self._locks = locks

    async def get(self, employee_id: str) -> Employee | None:
        return self.rows.get(employee_id)

    async def get_all(self, employee_ids: Collection[str]) -> dict[str, Employee]:
        return {i: self.rows[i] for i in employee_ids if i in self.rows}

    async def stream(
        self, partitions: Sequence[int], values: SharedValues, batch: int = 10_000
    ) -> AsyncGenerator[list[Employee]]:
        read = [e for e in self.rows.values() if e.partition in partitions]
        for start in range(0, len(read), batch):
            yield [values.employee(e, None) for e in read[start : start + batch]]

    async def lock_for_surfacing(self, employee_ids: Iterable[str]) -> None:
        self._locks.extend(("employee", i) for i in sorted(set(employee_ids)))

    async def save(self, employee: Employee) -> None:
        self._locks.append(("employee", employee.employee_id))
        self.rows[employee.employee_id] = employee

    async def save_all(self, employees: Sequence[Employee]) -> None:
        for employee in sorted(employees, key=lambda e: e.employee_id):
            await self.save(employee)

    async def save_skills(self, changes: Sequence[tuple[Employee, str]]) -> None:
        for employee, skill_id in changes:
            stored = self.rows.get(employee.employee_id) or Employee(
                employee.employee_id, employee.partition
            )
            skills = {**stored.skills, skill_id: employee.skills[skill_id]}
            self.rows[employee.employee_id] = replace(stored, skills=skills)


@dataclass
class StoredOpening:
    opening: Opening | None
    open: bool
    version_at: datetime


class FakeOpenings:
    def __init__(self, locks: list[tuple[str, str]]) -> None:
        self.rows: dict[str, StoredOpening] = {}
        self._locks = locks

    async def lock_for_surfacing(self, opening_ids: Iterable[str]) -> None:
        self._locks.extend(("opening", i) for i in sorted(set(opening_ids)))

    async def open(self, opening: Opening, version_at: datetime) -> bool:
        stored = self.rows.get(opening.opening_id)
        if stored is not None and (not stored.open or stored.version_at > version_at):
            return False
        self._locks.append(("opening", opening.opening_id))
        self.rows[opening.opening_id] = StoredOpening(opening, open=True, version_at=version_at)
        return True

    async def open_all(self, versions: Sequence[tuple[Opening, datetime]]) -> set[str]:
        return {
            opening.opening_id
            for opening, at in sorted(versions, key=lambda v: v[0].opening_id)
            if await self.open(opening, at)
        }

    async def close(self, opening_id: str, at: datetime) -> None:
        stored = self.rows.get(opening_id)
        version_at = at if stored is None else max(stored.version_at, at)
        opening = stored.opening if stored else None
        self._locks.append(("opening", opening_id))
        self.rows[opening_id] = StoredOpening(opening, open=False, version_at=version_at)

    async def all_open(self) -> list[Opening]:
        return [s.opening for s in self.rows.values() if s.open and s.opening]

    def closed(self, opening_id: str) -> bool:
        stored = self.rows.get(opening_id)
        return stored is not None and not stored.open


@dataclass
class Opportunity:
    opportunity_id: str
    employee_id: str
    opening_id: str
    day: date
    rank: float
    active: bool = True
    delivery: str = "notified"
    withdraw_reason: str | None = None
    digested: bool = False


class FakeOpportunities:
    def __init__(
        self, employees: FakeEmployees, openings: FakeOpenings, dismissals: FakeDismissals
    ) -> None:
        self.rows: list[Opportunity] = []
        self.surfaced_on: dict[tuple[str, date], int] = {}
        self.near_misses: set[tuple[str, str]] = set()
        self._employees = employees
        self._openings = openings
        self._dismissals = dismissals

    async def insert_new(
        self, surfacings: Sequence[tuple[Assessment, Opening]], day: date, at: datetime
    ) -> list[NewSurfacing]:
        inserted: list[tuple[Opportunity, Assessment, Opening]] = []
        dismissed = dict(self._dismissals.rows)  # as the statement reads them, before it forgets
        for a, o in surfacings:
            pair = (a.employee_id, o.opening_id)
            if pair in dismissed:
                if dismissed[pair] == material_terms(o):
                    continue
                self._dismissals.rows.pop(pair, None)  # changed materially: starts anew
            if self._openings.closed(o.opening_id) or self._gone(a.employee_id):
                continue
            if self._active(a.employee_id, o.opening_id) is not None:
                continue
            seq = 1 + sum(
                1
                for r in self.rows
                if (r.employee_id, r.opening_id) == (a.employee_id, o.opening_id)
            )
            row = Opportunity(
                f"{a.employee_id}:{o.opening_id}:{seq}", a.employee_id, o.opening_id, day, a.rank
            )
            self.rows.append(row)
            inserted.append((row, a, o))
        earlier = {
            e: self.surfaced_on.get((e, day), 0) for e in {r.employee_id for r, _, _ in inserted}
        }
        for row, _, _ in inserted:
            self.surfaced_on[(row.employee_id, day)] = (
                self.surfaced_on.get((row.employee_id, day), 0) + 1
            )
        return [
            NewSurfacing(row.opportunity_id, a, o, explanation_of(a), earlier[row.employee_id])
            for row, a, o in inserted
        ]

    async def hold_for_digest(self, opportunity_ids: Sequence[str]) -> None:
        for row in self.rows:
            if row.opportunity_id in opportunity_ids:
                row.delivery = "digest"

    async def active_openings_of_all(self, employee_ids: Collection[str]) -> dict[str, list[str]]:
        found = {
            i: [r.opening_id for r in self.rows if r.active and r.employee_id == i]
            for i in employee_ids
        }
        return {i: ids for i, ids in found.items() if ids}

    async def active_employees_for_all(self, opening_ids: Collection[str]) -> dict[str, list[str]]:
        found = {
            i: [r.employee_id for r in self.rows if r.active and r.opening_id == i]
            for i in opening_ids
        }
        return {i: ids for i, ids in found.items() if ids}

    async def withdraw_opening(
        self, opening_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]:
        return self._withdraw(lambda r: r.opening_id == opening_id, reason)

    async def withdraw_employee(
        self, employee_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]:
        return self._withdraw(lambda r: r.employee_id == employee_id, reason)

    async def withdraw_pairs(
        self, pairs: Sequence[tuple[str, str]], reason: str, at: datetime
    ) -> list[Withdrawal]:
        wanted = set(pairs)
        return self._withdraw(lambda r: (r.employee_id, r.opening_id) in wanted, reason)

    async def take_due_digests(self, before: date, at: datetime) -> list[HeldBack]:
        due = [
            r
            for r in self.rows
            if r.delivery == "digest" and not r.digested and r.active and r.day < before
        ]
        for row in due:
            row.digested = True
        return [HeldBack(r.opportunity_id, r.employee_id, r.opening_id, r.day) for r in due]

    async def record(
        self,
        surfacings: Sequence[tuple[Assessment, Opening]],
        near_misses: Sequence[Assessment],
        day: date,
        at: datetime,
        *,
        skills: Sequence[tuple[Employee, str]] = (),
    ) -> Recorded:
        await self._employees.save_skills(skills)
        return Recorded(
            await self.insert_new(surfacings, day, at), await self.new_near_misses(near_misses, at)
        )

    async def new_near_misses(
        self, assessments: Sequence[Assessment], at: datetime
    ) -> list[Assessment]:
        new = []
        for a in assessments:
            if (a.employee_id, a.opening_id) not in self.near_misses:
                self.near_misses.add((a.employee_id, a.opening_id))
                new.append(a)
        return new

    def active(self, employee_id: str | None = None) -> list[Opportunity]:
        return [r for r in self.rows if r.active and employee_id in (None, r.employee_id)]

    def _active(self, employee_id: str, opening_id: str) -> Opportunity | None:
        return next(
            (r for r in self.active(employee_id) if r.opening_id == opening_id),
            None,
        )

    def _gone(self, employee_id: str) -> bool:
        stored = self._employees.rows.get(employee_id)
        profile = stored.profile if stored else None
        return profile is not None and (
            profile.status is EmployeeStatus.LEFT or not profile.discoverable
        )

    def _withdraw(self, which: Callable[[Opportunity], bool], reason: str) -> list[Withdrawal]:
        withdrawn = []
        for row in self.rows:
            if row.active and which(row):
                row.active = False
                row.withdraw_reason = reason
                withdrawn.append(Withdrawal(row.opportunity_id, row.employee_id, row.opening_id))
        return withdrawn


class FakeDismissals:
    """Dismissed pairs with the opening's material terms at dismissal."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], str] = {}
        self.forgotten: list[str] = []  # employees whose words were forgotten

    async def forget_words_of(self, employee_id: str) -> None:
        self.forgotten.append(employee_id)


class FakeNotifierUnitOfWork(RecordingUnitOfWork):
    """One transaction after another: :meth:`commit` runs what waits for the commit (the index's
    side); :meth:`roll_back` restores the rows and what was published, and marks the
    transaction aborted, as PostgreSQL would."""

    def __init__(self) -> None:
        super().__init__()
        self.locks: list[tuple[str, str]] = []  # ("employee" or "opening", id), in lock order
        self.employees = FakeEmployees(self.locks)
        self.openings = FakeOpenings(self.locks)
        self.actions = FakeDismissals()
        self.opportunities = FakeOpportunities(self.employees, self.openings, self.actions)
        self._transaction = 1
        self._aborted: set[str] = set()
        self._callbacks: list[Callable[[], None]] = []
        self._begin()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    async def transaction_id(self) -> str:
        return str(self._transaction)

    async def aborted(self, transaction_ids: Collection[str]) -> set[str]:
        return set(transaction_ids) & self._aborted

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[FakeNotifierUnitOfWork]:
        """The block as a transaction of its own: committed when it ends, rolled back if it
        raises."""
        try:
            yield self
        except BaseException:
            self.roll_back()
            raise
        self.commit()

    def commit(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()
        self._begin()

    def roll_back(self) -> None:
        (
            self.employees.rows,
            self.openings.rows,
            self.opportunities.rows,
            self.opportunities.surfaced_on,
            self.opportunities.near_misses,
            self.actions.rows,
            published,
        ) = self._before
        self.published[:] = published
        self._aborted.add(str(self._transaction))
        self._callbacks = []
        self._begin()

    def _begin(self) -> None:
        self._transaction += 1
        self.locks.clear()
        # The rows this fake changes in place are copied; the domain objects and events in them
        # are immutable (frozen), and shared.
        self._before = (
            dict(self.employees.rows),
            {i: replace(stored) for i, stored in self.openings.rows.items()},
            [replace(row) for row in self.opportunities.rows],
            dict(self.opportunities.surfaced_on),
            set(self.opportunities.near_misses),
            dict(self.actions.rows),
            list(self.published),
        )
