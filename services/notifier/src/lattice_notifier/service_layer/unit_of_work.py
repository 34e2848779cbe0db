"""What the use cases need from storage: one unit of work over the read model, the opportunities
and the outbox, in one transaction.

PostgreSQL implements it in ``adapters/repository.py``; the unit tests use in-memory fakes.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from lattice_platform.contracts import events as ev
from lattice_platform.uow import UnitOfWork

from lattice_notifier.domain.index import SharedValues
from lattice_notifier.domain.matching import Assessment
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.service_layer.index_change import Transaction


@dataclass(frozen=True)
class NewSurfacing:
    opportunity_id: str
    assessment: Assessment
    opening: Opening
    explanation: ev.Explanation  # as stored, and as the surfaced event carries it
    earlier_today: int  # the employee's surfacings of the day before this batch's


@dataclass(frozen=True)
class Recorded:
    """What :meth:`Opportunities.record` stored: the new surfacings, and the near misses never
    reported before."""

    surfaced: list[NewSurfacing]
    near_misses: list[Assessment]


@dataclass(frozen=True)
class Withdrawal:
    opportunity_id: str
    employee_id: str
    opening_id: str


@dataclass(frozen=True)
class HeldBack:
    opportunity_id: str
    employee_id: str
    opening_id: str
    day: date


class Employees(Protocol):
    async def get(self, employee_id: str) -> Employee | None: ...

    async def get_all(self, employee_ids: Collection[str]) -> dict[str, Employee]:
        """Those of ``employee_ids`` the read model knows."""
        ...

    def stream(
        self, partitions: Sequence[int], values: SharedValues, batch: int = 10_000
    ) -> AsyncGenerator[list[Employee]]:
        """The employees of ``partitions``, ``batch`` at a time, made with ``values`` (an
        index's, which then holds them as they are): a load or a takeover reads every employee
        of its partitions, and never holds all their rows at once."""
        ...

    async def lock_for_surfacing(self, employee_ids: Iterable[str]) -> None:
        """Key-share lock these employees, in id order (after any opening: see
        :meth:`Openings.lock_for_surfacing`)."""
        ...

    async def save(self, employee: Employee) -> None:
        """The whole employee: record, goal and every skill."""
        ...

    async def save_all(self, employees: Sequence[Employee]) -> None:
        """Each of ``employees`` (at most once each) whole, with a few statements, in id order."""
        ...

    async def save_skills(self, changes: Sequence[tuple[Employee, str]]) -> None:
        """Skills of employees who may not be known otherwise yet: at most one change per
        employee and skill, each with the employee's latest state."""
        ...


class Openings(Protocol):
    async def lock_for_surfacing(self, opening_ids: Iterable[str]) -> None:
        """Key-share lock these openings in id order. Openings are locked before employees, each
        in id order, by every writer."""
        ...

    async def open(self, opening: Opening, version_at: datetime) -> bool:
        """Record an opening as open; False when it is closed already or this version is older."""
        ...

    async def open_all(self, versions: Sequence[tuple[Opening, datetime]]) -> set[str]:
        """:meth:`open` for each of ``versions`` (at most one per opening), in id order; the ids
        of those recorded."""
        ...

    async def close(self, opening_id: str, at: datetime) -> None:
        """Closing is final: a late 'posted' or 'updated' never reopens it."""
        ...

    async def all_open(self) -> list[Opening]: ...


class Opportunities(Protocol):
    async def insert_new(
        self, surfacings: Sequence[tuple[Assessment, Opening]], day: date, at: datetime
    ) -> list[NewSurfacing]:
        """Those of ``surfacings`` whose pair has no active surfacing, whose opening is not closed
        and whose employee has not left or opted out, recorded and counted towards the employee's
        surfacings of ``day``. A pair dismissed under the opening's current material terms
        (``material_terms``) is left out; a pair dismissed under other terms starts anew (it is
        no longer dismissed) and is surfaced as any other (docs/matching.md, Dismissed pairs)."""
        ...

    async def record(
        self,
        surfacings: Sequence[tuple[Assessment, Opening]],
        near_misses: Sequence[Assessment],
        day: date,
        at: datetime,
        *,
        skills: Sequence[tuple[Employee, str]] = (),
    ) -> Recorded:
        """:meth:`insert_new` and :meth:`new_near_misses` at once: what matching found in one
        round trip, with the ``skills`` gained that it follows from saved in it too
        (:meth:`Employees.save_skills`)."""
        ...

    async def hold_for_digest(self, opportunity_ids: Sequence[str]) -> None: ...

    async def active_openings_of_all(self, employee_ids: Collection[str]) -> dict[str, list[str]]:
        """The openings with an active surfacing to each of ``employee_ids`` (those with any)."""
        ...

    async def active_employees_for_all(self, opening_ids: Collection[str]) -> dict[str, list[str]]:
        """The employees with an active surfacing of each of ``opening_ids`` (those with
        any)."""
        ...

    async def withdraw_opening(
        self, opening_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]: ...

    async def withdraw_employee(
        self, employee_id: str, reason: str, at: datetime
    ) -> list[Withdrawal]: ...

    async def withdraw_pairs(
        self, pairs: Sequence[tuple[str, str]], reason: str, at: datetime
    ) -> list[Withdrawal]: ...

    async def take_due_digests(self, before: date, at: datetime) -> list[HeldBack]:
        """Claim every held-back, still active surfacing of days before ``before``."""
        ...

    async def new_near_misses(
        self, assessments: Sequence[Assessment], at: datetime
    ) -> list[Assessment]:
        """Those of ``assessments`` never reported before (once per pair), now recorded."""
        ...


class Dismissals(Protocol):
    async def forget_words_of(self, employee_id: str) -> None:
        """The employee was erased: the notes they wrote and the reasons they gave go."""
        ...


class NotifierUnitOfWork(UnitOfWork, Transaction, Protocol):
    @property
    def employees(self) -> Employees: ...

    @property
    def openings(self) -> Openings: ...

    @property
    def opportunities(self) -> Opportunities: ...

    @property
    def actions(self) -> Dismissals: ...
