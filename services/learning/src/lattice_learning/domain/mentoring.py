"""Mentor pairing: who may mentor an employee aiming for a role.

A mentor holds the target role itself or a role the target leads to (the next step on the path,
so they have been where the mentee is going), has opted in, is active, is not the mentee, is
neither in the mentee's manager chain nor among the people who report to the mentee (directly or
not), and has a free slot (open pairings below capacity). Holders of the target role itself come
first, then the least-loaded mentors, then by id, so suggestions are stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from lattice_learning.domain.model import IllegalTransitionError


@dataclass(frozen=True)
class Person:
    employee_id: str
    role_id: str | None
    manager_id: str | None
    active: bool
    mentor_opt_in: bool

    @property
    def could_mentor(self) -> bool:
        return self.mentor_opt_in and self.active and self.role_id is not None


@dataclass(frozen=True)
class Role:
    role_id: str
    next_role_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class CareerGoal:
    """The roles an employee aims for, as of ``set_at`` (a later goal replaces it)."""

    target_role_ids: tuple[str, ...]
    set_at: datetime


class OrgChart:
    """The reporting lines, from each person's manager id."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._manager = {p.employee_id: p.manager_id for p in people}
        self._reports: dict[str, set[str]] = {}
        for employee_id, manager_id in self._manager.items():
            if manager_id is not None:
                self._reports.setdefault(manager_id, set()).add(employee_id)

    def managers_of(self, employee_id: str) -> set[str]:
        chain: set[str] = set()
        manager = self._manager.get(employee_id)
        while manager is not None and manager not in chain and manager != employee_id:
            chain.add(manager)
            manager = self._manager.get(manager)
        return chain

    def reports_of(self, employee_id: str) -> set[str]:
        found: set[str] = set()
        frontier = [employee_id]
        while frontier:
            for report in self._reports.get(frontier.pop(), ()):
                if report not in found and report != employee_id:
                    found.add(report)
                    frontier.append(report)
        return found

    def reporting_line(self, employee_id: str) -> set[str]:
        return self.managers_of(employee_id) | self.reports_of(employee_id)


def choose_mentors(
    mentee_id: str,
    target: Role,
    people: Iterable[Person],
    open_pairings: Mapping[str, int],
    *,
    capacity: int,
    limit: int,
    excluded: Set[str] = frozenset(),
) -> list[str]:
    """Up to ``limit`` mentor ids for ``mentee_id`` aiming at ``target``. ``open_pairings`` counts
    each mentor's suggested or accepted mentees; ``excluded`` are mentors already paired with
    this mentee."""
    everyone = list(people)
    line = OrgChart(everyone).reporting_line(mentee_id)
    eligible_roles = {target.role_id: 0} | {
        r: 1 for r in target.next_role_ids if r != target.role_id
    }
    ranked = []
    for person in everyone:
        rank = eligible_roles.get(person.role_id or "")
        load = open_pairings.get(person.employee_id, 0)
        if (
            rank is None
            or not person.could_mentor
            or person.employee_id == mentee_id
            or person.employee_id in line
            or person.employee_id in excluded
            or load >= capacity
        ):
            continue
        ranked.append((rank, load, person.employee_id))
    return [employee_id for *_, employee_id in sorted(ranked)[:limit]]


class PairingStatus(StrEnum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ENDED = "ended"


OPEN_PAIRINGS = (PairingStatus.SUGGESTED, PairingStatus.ACCEPTED)
"""Pairings that take one of the mentor's slots."""


@dataclass(frozen=True)
class MentorPairing:
    pairing_id: str
    mentee_id: str
    mentor_id: str
    target_role_id: str
    status: PairingStatus
    suggested_at: datetime

    def accept(self) -> MentorPairing:
        return self._move(PairingStatus.SUGGESTED, PairingStatus.ACCEPTED)

    def decline(self) -> MentorPairing:
        return self._move(PairingStatus.SUGGESTED, PairingStatus.DECLINED)

    def end(self) -> MentorPairing:
        return self._move(PairingStatus.ACCEPTED, PairingStatus.ENDED)

    def close(self) -> MentorPairing:
        """Either side left the company: whatever stage the pairing was at, it is over."""
        if self.status not in OPEN_PAIRINGS:
            raise IllegalTransitionError(f"a {self.status} pairing is already over")
        return replace(self, status=PairingStatus.ENDED)

    def _move(self, source: PairingStatus, target: PairingStatus) -> MentorPairing:
        if self.status is not source:
            raise IllegalTransitionError(f"cannot make a {self.status} pairing {target}")
        return replace(self, status=target)
